"""Users the benchmarks read and write as, made inside their transaction."""

from odoo import Command

MANAGER_GROUPS = ("base.group_user", "key_account_management.group_key_account_manager")


def bench_user(env, login, groups=MANAGER_GROUPS):
    """A user named ``login`` in ``groups`` (XML ids); a key-account manager by default."""
    return env["res.users"].create(
        {
            "name": login,
            "login": login,
            "groups_id": [Command.set([env.ref(group).id for group in groups])],
        }
    )
