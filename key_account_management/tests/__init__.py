from . import test_key_account_flag
from . import test_key_account_access
from . import test_key_account_pipeline
from . import test_key_account_ui
from . import test_buying_centre_rules
from . import test_buying_centre_figures
from . import test_buying_centre_account
from . import test_buying_centre_access
