from . import key_account_gate_override
from . import key_account_contract_review_decision
