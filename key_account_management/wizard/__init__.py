from . import key_account_gate_override
from . import key_account_contract_review_decision
from . import base_partner_merge_automatic_wizard
