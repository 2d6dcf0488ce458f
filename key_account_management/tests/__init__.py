from . import test_key_account_flag
from . import test_key_account_access
from . import test_key_account_pipeline
from . import test_key_account_ui
from . import test_grading_deal
from . import test_grading_tier
from . import test_grading_access
from . import test_evaluation
