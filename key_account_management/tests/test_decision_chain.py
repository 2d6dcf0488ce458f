"""采购决策图: the purchase mode and the decision chain of a deal."""

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import KeyAccountCommon


@tagged("post_install", "-at_install")
class TestDecisionChain(KeyAccountCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        people = cls.env["res.partner"].create(
            [
                {"name": name, "parent_id": cls.account.id}
                for name in ("Plant Manager", "Chief Engineer", "General Manager")
            ]
        )
        cls.deal_rep.buying_role_ids = [
            Command.create({"partner_id": person.id, "role": role, "weight": weight})
            for person, role, weight in zip(
                people,
                ["user_buyer", "technical_buyer", "economic_buyer"],
                [20, 30, 50],
                strict=True,
            )
        ]
        cls.user_line, cls.technical, cls.economic = cls.deal_rep.buying_role_ids.sorted("weight")

    def _steps(self, *steps, deal=None, user=None):
        deal = (deal or self.deal_rep).with_user(user or self.user_rep)
        deal.kam_decision_step_ids = [
            Command.create({"sequence": number * 10, "step": step, "member_ids": members})
            for number, (step, members) in enumerate(steps)
        ]
        return deal.kam_decision_step_ids

    def test_chain_in_order_with_members(self):
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking starts after the creation's commit
        self.deal_rep.with_user(self.user_rep).kam_purchase_mode = "public_tender"
        steps = self._steps(
            ("propose", self.user_line.ids),
            ("evaluate", (self.technical | self.user_line).ids),
            ("approve", self.economic.ids),
            ("sign", self.economic.ids),
        )
        self.assertEqual(steps.mapped("step"), ["propose", "evaluate", "approve", "sign"])
        self.assertEqual(steps[1].member_ids, self.technical | self.user_line)
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written at commit
        self.assertTrue(
            self.deal_rep.message_ids.tracking_value_ids.filtered(
                lambda value: value.field_id.name == "kam_purchase_mode"
            ),
            "the purchase mode is tracked",
        )

    def test_chain_out_of_order_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot come after"):
            self._steps(("approve", self.economic.ids), ("evaluate", self.technical.ids))
        steps = self._steps(
            ("propose", []),
            ("evaluate", []),
            ("sign", []),
            deal=self.deal_rep2,
            user=self.user_manager,
        )
        with self.assertRaisesRegex(ValidationError, "cannot come after"):
            steps[2].sequence = 5

    def test_members_come_from_the_deals_buying_centre(self):
        other = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.account.id})
        self.deal_rep2.buying_role_ids = [Command.create({"partner_id": other.id, "role": "coach"})]
        with self.assertRaisesRegex(ValidationError, "not in the buying centre"):
            self._steps(("propose", self.deal_rep2.buying_role_ids.ids), user=self.user_manager)

    def test_rep_sees_only_their_deals_chain(self):
        steps = self._steps(("propose", self.user_line.ids))
        with self.assertRaises(AccessError):
            steps.with_user(self.user_rep2).read(["step"])
        self.assertEqual(steps.with_user(self.user_manager).step, "propose")
