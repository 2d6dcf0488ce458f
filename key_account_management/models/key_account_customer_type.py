"""The customer types of 003 (客户类别): a customer's nature, which decides
what it cares about when it buys (see key.account.focus.point)."""

CUSTOMER_TYPES = [
    ("government", "Government"),
    ("group", "Group Company"),
    ("large", "Large Enterprise"),
    ("medium", "Medium Enterprise"),
    ("small", "Small Enterprise"),
    ("individual", "Individual"),
]
# who operates an account of each tier (003 客户分类管理)
OPERATOR_KINDS = [
    ("project_manager", "Project Manager"),
    ("regional_manager", "Regional Manager"),
    ("dealer", "Dealer"),
]
TIER_OPERATOR = {"strategic": "project_manager", "key": "regional_manager", "general": "dealer"}
