from . import test_key_account_flag
from . import test_key_account_access
from . import test_key_account_pipeline
from . import test_key_account_ui
from . import test_revisit_plan
from . import test_revisit_overdue
from . import test_revisit_access
