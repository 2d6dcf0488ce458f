from datetime import timedelta

from odoo import Command

from .common_health import KeyAccountHealthCommon

# one objective of each measure the add-on computes, with a target
ALL_MEASURES = (
    "revenue",
    "units",
    "wallet_share",
    "deals_won",
    "deals_stage",
    "collected",
    "collection_days",
    "retention_collected",
    "overdue",
    "contacts",
    "key_people",
    "revisits",
    "satisfaction",
    "health",
    "manual",
)


class KeyAccountPlanCommon(KeyAccountHealthCommon):
    """Account plans of the two key accounts (one per rep), and a period of
    61 days around today for the measures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.start = cls.today - timedelta(days=30)
        cls.end = cls.today + timedelta(days=30)

    @classmethod
    def _account_plan(cls, account=None, measures=(), start=None, end=None, **values):
        return cls.env["key.account.plan"].create(
            {
                "partner_id": (account or cls.account).id,
                "date_start": start or cls.start,
                "date_end": end or cls.end,
                "objective_ids": [
                    Command.create(
                        {
                            "name": measure,
                            "measure": measure,
                            "target": 10,
                            "stage_id": measure == "deals_stage" and cls.stages["bid"].id,
                        }
                    )
                    for measure in measures
                ],
                **values,
            }
        )

    @staticmethod
    def _objective(plan, measure):
        return plan.objective_ids.filtered(lambda objective: objective.measure == measure)

    def _measured(self, plan, measure):
        plan._kam_update_values(self.today)
        return self._objective(plan, measure).current_value
