from . import key_account_gate_override
