import io
import json
import zipfile

from lxml import etree

from odoo import fields, http
from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common_receivable import KeyAccountReceivableCommon

REPORT_ACTIONS = [
    "key_account_management.crm_lead_action_key_analysis",
    "key_account_management.crm_lead_action_key_forecast",
    "key_account_management.res_partner_action_key_tiers",
    "key_account_management.key_account_revisit_action_overdue",
    "key_account_management.crm_lead_action_key_stalled",
    "key_account_management.key_account_receivable_action_by_rep",
    "key_account_management.key_account_visit_action_per_rep",
    "key_account_management.calendar_event_action_visit_missing",
]


def _open_action(env, xmlid):
    """Load every view of an action and read what each shows first, as the
    web client does; returns {view type: what it read}."""
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    Model = env[action["res_model"]]
    domain = action.get("domain") or []
    if isinstance(domain, str):
        domain = safe_eval(domain, {"uid": env.uid})
    views = Model.get_views([*action["views"], (False, "search")])
    read = {}
    for view_type, view in views["views"].items():
        arch = etree.fromstring(view["arch"])
        if view_type == "list":
            names = [node.get("name") for node in arch.iter("field")]
            read["list"] = Model.web_search_read(domain, dict.fromkeys(names, {}))
        elif view_type in ("pivot", "graph"):
            rows = [
                node.get("name") for node in arch.iter("field") if node.get("type") != "measure"
            ] or ["id"]
            measures = [
                f"{node.get('name')}:{Model._fields[node.get('name')].aggregator or 'sum'}"
                for node in arch.iter("field")
                if node.get("type") == "measure"
            ]
            read[view_type] = Model.read_group(domain, measures or ["__count"], rows[:1])
    return read


@tagged("post_install", "-at_install")
class TestReceivableViews(KeyAccountReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(1000, due_in=-40)
        cls._invoice(500, partner=cls.account2)

    def test_finance_opens_the_receivables(self):
        Receivable = self.env["key.account.receivable"].with_user(self.user_finance)
        views = Receivable.get_views(
            [(False, "list"), (False, "pivot"), (False, "graph"), (False, "search")]
        )
        self.assertEqual(set(views["views"]), {"list", "pivot", "graph", "search"})
        list_arch = etree.fromstring(views["views"]["list"]["arch"])
        self.assertEqual(list_arch.get("action"), "action_open_move")
        columns = [node.get("name") for node in list_arch.iter("field")]
        amounts = [name for name in columns if name.startswith("amount_")]
        groups = Receivable.web_read_group(
            [], [f"{name}:sum" for name in amounts], ["partner_id"], limit=80
        )["groups"]
        by_account = {group["partner_id"][0]: group for group in groups}
        self.assertEqual(by_account[self.account.id]["amount_overdue"], 1000)
        self.assertEqual(by_account[self.account.id]["amount_31_60"], 1000)
        self.assertEqual(by_account[self.account2.id]["amount_not_due"], 500)
        for xmlid in (
            "key_account_management.key_account_receivable_action",
            "key_account_management.key_account_receivable_action_by_rep",
        ):
            read = _open_action(self.env(user=self.user_finance), xmlid)
            accounts = {record["partner_id"] for record in read["list"]["records"]}
            self.assertLessEqual({self.account.id, self.account2.id}, accounts)

    def test_pages_of_groups_add_up_to_every_group(self):
        """The grouped list's pages, one group a page: the same groups, their
        amounts and their count as every group read at once, whatever the
        grouping and its order."""
        Receivable = self.env["key.account.receivable"].with_user(self.user_finance)
        amounts = ["amount_total:sum", "amount_residual:sum", "days_overdue:max"]
        for groupby, orderby in (
            ("partner_id", False),
            ("partner_id", "partner_id desc"),
            ("ageing", False),
            ("partner_id", "amount_residual desc"),
        ):
            every = Receivable.web_read_group([], amounts, [groupby], orderby=orderby)
            self.assertGreater(every["length"], 1)
            pages = [
                Receivable.web_read_group(
                    [], amounts, [groupby], limit=1, offset=offset, orderby=orderby
                )
                for offset in range(every["length"] + 1)
            ]
            self.assertEqual({page["length"] for page in pages[:-1]}, {every["length"]})
            # past the last group, as Odoo answers
            self.assertEqual(pages[-1], {"groups": [], "length": 0})
            paged = [group for page in pages for group in page["groups"]]
            keys = [(group[groupby], group[f"{groupby}_count"]) for group in paged]
            self.assertEqual(
                keys, [(group[groupby], group[f"{groupby}_count"]) for group in every["groups"]]
            )
            for one, other in zip(paged, every["groups"], strict=True):
                for name in ("amount_total", "amount_residual", "days_overdue"):
                    self.assertEqual(one[name], other[name])

    def test_finance_menu(self):
        menu = self.env.ref("key_account_management.key_account_receivable_menu_finance")
        visible = self.env["ir.ui.menu"].with_user(self.user_finance)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        self.assertNotIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.user_rep)._visible_menu_ids()
        )

    def test_manager_opens_the_reports(self):
        self.deal_rep.write({"expected_revenue": 100_000, "probability": 40})
        manager = self.env(user=self.user_manager)
        for xmlid in REPORT_ACTIONS:
            with self.subTest(action=xmlid):
                read = _open_action(manager, xmlid)
                self.assertTrue(read)
        forecast = _open_action(manager, "key_account_management.crm_lead_action_key_forecast")
        weighted = sum(group["prorated_revenue"] for group in forecast["pivot"])
        self.assertGreaterEqual(weighted, 40_000)
        menus = self.env["ir.ui.menu"].with_user(self.user_manager)._visible_menu_ids()
        for menu in (
            "crm_lead_menu_key_forecast",
            "crm_lead_menu_key_stalled",
            "key_account_revisit_menu_overdue",
            "key_account_receivable_menu_by_rep",
        ):
            self.assertIn(self.env.ref(f"key_account_management.{menu}").id, menus)
        rep_menus = self.env["ir.ui.menu"].with_user(self.user_rep)._visible_menu_ids()
        forecast_menu = self.env.ref("key_account_management.crm_lead_menu_key_forecast")
        reporting = self.env.ref("key_account_management.key_account_menu_reporting")
        self.assertEqual(forecast_menu.parent_id, reporting)
        self.assertNotIn(forecast_menu.parent_id.id, rep_menus, "the reports are for managers")
        self.assertIn(
            self.env.ref("key_account_management.key_account_receivable_menu").id, rep_menus
        )


@tagged("post_install", "-at_install")
class TestReceivableExport(HttpCase, KeyAccountReceivableCommon):
    """The lists export to XLSX with Odoo's standard export."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's export needs its own group, which new users get by default
        export = cls.env.ref("base.group_allow_export")
        (cls.user_finance | cls.user_manager).groups_id = [(4, export.id)]

    def _export(self, login, model, fields, domain=(), groupby=()):
        self.authenticate(login, login)
        Model = self.env[model]
        response = self.url_open(
            "/web/export/xlsx",
            data={
                "data": json.dumps(
                    {
                        "model": model,
                        "fields": [
                            {
                                "name": name,
                                "label": Model._fields[name].string,
                                "type": Model._fields[name].type,
                            }
                            for name in fields
                        ],
                        "ids": False,
                        "domain": list(domain),
                        "groupby": list(groupby),
                        "import_compat": False,
                        "context": {"lang": "en_US"},
                    }
                ),
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            return book.read("xl/sharedStrings.xml").decode(), book.read(
                "xl/worksheets/sheet1.xml"
            ).decode()

    def test_finance_exports_receivables_by_account(self):
        self._invoice(1234, due_in=-40)
        self._invoice(4321, partner=self.account2)
        strings, sheet = self._export(
            "kam_test_finance",
            "key.account.receivable",
            ["partner_id", "name", "date_maturity", "ageing", "amount_total", "amount_overdue"],
            groupby=["partner_id"],
        )
        for text in ("Key Account", "Overdue", self.account.name, self.account2.name):
            self.assertIn(text, strings)
        self.assertIn("31-60 Days", strings)
        self.assertIn("<v>1234</v>", sheet)
        self.assertIn("<v>4321</v>", sheet)

    def test_manager_exports_the_deals_list(self):
        self.deal_rep.write({"expected_revenue": 80_000, "probability": 25})
        strings, sheet = self._export(
            "kam_test_manager",
            "crm.lead",
            ["name", "user_id", "kam_grade", "expected_revenue", "prorated_revenue"],
            domain=[("is_key_account", "=", True), ("type", "=", "opportunity")],
        )
        self.assertIn(self.deal_rep.name, strings)
        self.assertIn("Rep One", strings)
        self.assertIn("<v>20000</v>", sheet)


@tagged("post_install", "-at_install")
class TestReceivableUi(HttpCase, KeyAccountReceivableCommon):
    def test_finance_tour_desktop(self):
        account = self.env["res.partner"].create(
            {"name": "Tour Receivable Account", "is_company": True, "is_key_account": True}
        )
        self._invoice(1000, partner=account, due_in=-40)
        self._invoice(500, partner=account, due_in=20)
        self.start_tour("/odoo", "key_account_receivable_tour", login="kam_test_finance")


@tagged("post_install", "-at_install")
class TestDashboardFigures(KeyAccountReceivableCommon):
    """The dashboard's tiles are pivots: each figure is a grouped read of its
    model with the manager's rights, as the spreadsheet makes it."""

    def _figures(self):
        dashboard = self.env.ref("key_account_management.spreadsheet_dashboard_key_accounts")
        figures = {}
        for pivot in json.loads(dashboard.spreadsheet_data)["pivots"].values():
            if pivot["rows"]:
                continue
            Model = self.env[pivot["model"]].with_user(self.user_manager)
            measures = [measure["fieldName"] for measure in pivot["measures"]]
            aggregates = [
                measure
                if measure == "__count"
                else f"{measure}:{Model._fields[measure].aggregator}"
                for measure in measures
            ]
            [values] = Model._read_group(pivot["domain"], [], aggregates)
            for measure, value in zip(measures, values, strict=True):
                figures[pivot["name"], measure] = value or 0
        return figures

    def test_figures_follow_the_business(self):
        before = self._figures()
        self.deal_rep.write({"expected_revenue": 200_000, "probability": 75})
        self.deal_rep2.write({"expected_revenue": 100_000, "probability": 20})
        self.deal_rep2.date_last_stage_update = "2020-01-01 00:00:00"
        self._invoice(1000, due_in=-100)
        self._invoice(400, partner=self.account2, due_in=-10)
        self._invoice(700, due_in=10)
        now = fields.Datetime.now()
        self.env["key.account.visit"].with_user(self.user_rep).create(
            {"account_id": self.account.id, "visit_datetime": now, "method": "visit"}
        )
        after = self._figures()
        changed = {key: after[key] - before[key] for key in after if after[key] != before[key]}
        self.assertEqual(
            changed,
            {
                ("Open key-account deals", "expected_revenue"): 300_000,
                ("Open key-account deals", "prorated_revenue"): 170_000,
                ("Stalled key-account deals", "__count"): 1,
                ("Receivables of key accounts", "amount_residual"): 2100,
                ("Receivables of key accounts", "amount_overdue"): 1400,
                ("Receivables of key accounts", "amount_over_90"): 1000,
                ("Contacts in the period", "__count"): 1,
                ("Visits awaiting their follow-up", "__count"): 1,
            },
        )

    def test_every_tile_opens_its_records(self):
        dashboard = self.env.ref("key_account_management.spreadsheet_dashboard_key_accounts")
        data = json.loads(dashboard.spreadsheet_data)
        tiles = [
            figure["id"]
            for sheet in data["sheets"]
            for figure in sheet["figures"]
            if figure["data"]["type"] == "scorecard"
        ]
        links = data["chartOdooMenusReferences"]
        self.assertEqual(set(links), set(tiles))
        visible = self.env["ir.ui.menu"].with_user(self.user_manager)._visible_menu_ids()
        for tile, xmlid in links.items():
            with self.subTest(tile=tile):
                menu = self.env.ref(xmlid)
                self.assertTrue(menu.action, "a tile's menu opens a list")
                self.assertIn(menu.id, visible, "the manager sees it")
