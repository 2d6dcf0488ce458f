"""Names and values several models share, named once."""

# XML ids of the groups that guard key-account data
USER_GROUP = "key_account_management.group_key_account_user"
MANAGER_GROUP = "key_account_management.group_key_account_manager"
FINANCE_GROUPS = ("account.group_account_invoice", "account.group_account_readonly")
# key-account users and finance; anyone else never sees the money figures
FIGURE_GROUPS = ",".join((USER_GROUP, *FINANCE_GROUPS))

# a deal's grades (客户分级): the grade rules say when A, B or C, else D
GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
