from . import key_account_buying_role
from . import key_account_buying_centre_mixin
from . import crm_team
from . import crm_lead
from . import res_partner
