from odoo import models

from ..models.base import DECIDED_WRITE
from ..trust import trusted


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        # Odoo copies every stored field that is not computed from the merged
        # partners, the tier and sales class included: they are the
        # add-on's, so it writes them, then measures them again for the
        # partner that remains.
        result = super()._update_values(src_partners, trusted(dst_partner, DECIDED_WRITE))
        dst_partner.filtered("is_key_account")._kam_compute_tiers()
        return result
