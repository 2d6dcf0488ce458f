from odoo import models

from ..cron_batch import start_cycle


class IrCron(models.Model):
    _inherit = "ir.cron"

    @classmethod
    def _process_job(cls, db, cron_cr, job):
        # Odoo's limits hold for the whole polling cycle: let the daily
        # jobs' batches know when it started
        start_cycle(cron_cr)
        return super()._process_job(db, cron_cr, job)
