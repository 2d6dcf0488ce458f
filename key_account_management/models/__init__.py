from . import crm_team
from . import crm_lead
from . import res_partner
