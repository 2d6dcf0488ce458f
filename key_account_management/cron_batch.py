"""One batch of a daily job per cron run, in a transaction of its own."""

from odoo.service.model import retrying


def run_cron_batch(env, batch):
    """Run ``batch`` (writes one batch and reports the job's progress through
    ``ir.cron._notify_progress``) and commit it. A rep who writes one of the
    batch's records meanwhile makes PostgreSQL refuse the batch's update (a
    serialization failure): Odoo's own retry, the one the reps' requests go
    through, rolls the batch back and runs it again in a fresh transaction,
    instead of failing the job until the next day."""
    retrying(batch, env)
