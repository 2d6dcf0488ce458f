from datetime import datetime

from .common import KeyAccountCommon


class KeyAccountVisitCommon(KeyAccountCommon):
    """The key account's people, a buying centre, and a helper to log contacts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "UTC"
        cls.user_rep.tz = "UTC"
        cls.person_gm = cls.env["res.partner"].create(
            {"name": "Test General Manager", "parent_id": cls.account.id}
        )
        cls.other_account = cls.env["res.partner"].create(
            {"name": "Other Works", "is_company": True, "is_key_account": True}
        )
        cls.other_person = cls.env["res.partner"].create(
            {"name": "Other Engineer", "parent_id": cls.other_account.id}
        )
        cls.follow_up_type = cls.env.ref(
            "key_account_management.mail_activity_type_visit_follow_up"
        )

    @classmethod
    def _visit(cls, when="2026-03-02 02:00:00", user=None, **values):
        return (
            cls.env["key.account.visit"]
            .with_user(user or cls.user_rep)
            .create(
                {
                    "account_id": cls.account.id,
                    "visit_datetime": datetime.fromisoformat(when),
                    "method": "visit",
                    "progress": "contact",
                    "customer_attitude": "neutral",
                    **values,
                }
            )
        )

    def _follow_ups(self, account=None):
        visits = self.env["key.account.visit"].search(
            [("account_id", "=", (account or self.account).id)]
        )
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "key.account.visit"),
                ("res_id", "in", visits.ids),
                ("activity_type_id", "=", self.follow_up_type.id),
            ]
        )
