from odoo.tests import HttpCase

from odoo.addons.mail.tests.common import mail_new_test_user

PHONE_SIZE = "375x667"


class KeyAccountTourCommon(HttpCase):
    """A rep who runs the tour, and a key account of theirs.

    Each tour class names its own rep (``rep_login``), so that tours of
    several classes never share a user."""

    rep_login = None
    rep_name = "Tour Rep"
    account_name = "Tour Power Plant"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = mail_new_test_user(
            cls.env,
            login=cls.rep_login,
            name=cls.rep_name,
            groups="base.group_user,key_account_management.group_key_account_user",
        )
        cls.account = cls.env["res.partner"].create(
            {"name": cls.account_name, "is_company": True, "is_key_account": True}
        )

    @classmethod
    def _deal(cls, name):
        """A key-account deal of the rep's, for the account."""
        return cls.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "partner_id": cls.account.id,
                "team_id": cls.env.ref("key_account_management.crm_team_key_accounts").id,
                "user_id": cls.rep.id,
            }
        )

    def _start_tour(self, url, tour, phone=False):
        """Run ``tour`` as the rep, at desktop or at phone size."""
        if phone:
            self.browser_size = PHONE_SIZE
            self.touch_enabled = True
        self.start_tour(url, tour, login=self.rep_login)
