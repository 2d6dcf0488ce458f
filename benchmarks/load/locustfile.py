"""Reps at work on the pipeline, for locust (run by ``tools/kam.py load-test``).

Each simulated rep logs in with their own account, then repeats what a rep
does through the web client's JSON-RPC calls: open their pipeline (the
kanban's grouped read, a page of cards per column, the progress bars), open
a deal's form, edit it, log a contact, and try to move the deal to the next
stage. ``KAM_LOAD_PIPELINE`` chooses the pipeline:

- ``key``: the key-account team's deals; the edit is an attitude on a
  buying-centre line, the contact a development record, and the move meets
  the stage gate (the synthetic deals have not reached their key node, so
  the gate's refusal is the expected answer and counts as a success);
- ``standard``: the standard team's deals of the same reps; the edit is the
  deal's priority, the contact a logged note, the move goes through.

``KAM_LOAD_CONFIG`` names the JSON file the command writes: database,
logins, team and stage ids. ``KAM_LOAD_HOSTS`` lists the Odoo servers the
reps are spread over, one after the other (``--replica``: two nodes);
``KAM_LOAD_ACCOUNT`` set, each rep also opens the deal's account (its Health
tab) and the deal's relationship map after the deal.
"""

import json
import os
import random
import xml.etree.ElementTree as ElementTree
from itertools import count
from pathlib import Path

from locust import HttpUser, between, task

CONFIG = json.loads(Path(os.environ["KAM_LOAD_CONFIG"]).read_text())
PIPELINE = os.environ.get("KAM_LOAD_PIPELINE", "key")
HOSTS = list(filter(None, os.environ.get("KAM_LOAD_HOSTS", "").split(",")))
ACCOUNT_READS = bool(os.environ.get("KAM_LOAD_ACCOUNT"))
COLUMN_LIMIT = 40
RELATIONAL = ("many2one", "one2many", "many2many")
_logins = count()


def _specification(arch, fields, top_level_only):
    """A web specification of the fields of ``arch`` (outside sub-views when
    ``top_level_only``), as the web client builds it."""
    spec = {}
    root = ElementTree.fromstring(arch)
    nested = set()
    for field_node in root.iter("field"):
        for descendant in field_node.iter():
            if descendant is not field_node:
                nested.add(descendant)
    for node in root.iter("field"):
        if top_level_only and node in nested:
            continue
        name = node.get("name")
        description = fields.get(name)
        if not description or name in spec:
            continue
        if description["type"] in RELATIONAL:
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


class Rep(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        logins = CONFIG["logins"]
        index = next(_logins)
        self.login = logins[index % len(logins)]
        if HOSTS:
            self.client.base_url = HOSTS[index % len(HOSTS)]
        response = self.client.post(
            "/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {"db": CONFIG["database"], "login": self.login, "password": self.login},
            },
            name="log in",
        )
        info = response.json()["result"]
        self.uid = info["uid"]
        self.user_context = info["user_context"]
        pipeline = CONFIG["pipelines"][PIPELINE]
        self.team_id = pipeline["team_id"]
        self.next_stage = {int(key): value for key, value in pipeline["next_stage"].items()}
        self.domain = [
            ["type", "=", "opportunity"],
            ["team_id", "=", self.team_id],
            ["user_id", "=", self.uid],
        ]
        views = self.call(
            "crm.lead", "get_views", [], {"views": [[False, "kanban"], [False, "form"]]}, "views"
        )
        fields = views["models"]["crm.lead"]["fields"]
        kanban = views["views"]["kanban"]["arch"]
        self.kanban_spec = _specification(kanban, fields, top_level_only=False)
        self.form_spec = _specification(views["views"]["form"]["arch"], fields, True)
        self.aggregates = [
            f"{name}:{fields[name]['aggregator']}"
            for name in self.kanban_spec
            if fields[name].get("aggregator") and name != "stage_id"
        ]
        if ACCOUNT_READS:
            views = self.call("res.partner", "get_views", [], {"views": [[False, "form"]]}, "views")
            self.account_spec = _specification(
                views["views"]["form"]["arch"], views["models"]["res.partner"]["fields"], True
            )
        bar = ElementTree.fromstring(kanban).find(".//progressbar")
        self.progress_bar = {
            "field": bar.get("field"),
            "colors": json.loads(bar.get("colors")),
            "sum_field": bar.get("sum_field"),
        }

    # JSON-RPC -------------------------------------------------------------
    def call(self, model, method, args, kwargs, name, expected=()):
        kwargs = {**kwargs, "context": {**self.user_context, **kwargs.get("context", {})}}
        with self.client.post(
            f"/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
            },
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            answer = response.json()
            if "error" in answer:
                error = answer["error"]["data"]
                if error["name"] in expected:
                    response.request_meta["name"] = f"{name} (refused, as expected)"
                    response.success()
                    return None
                response.failure(f"{error['name']}: {error['message'][:300]}")
                return None
            return answer["result"]

    # what a rep does ------------------------------------------------------
    def open_pipeline(self):
        context = {"default_team_id": self.team_id, "default_type": "opportunity"}
        groups = self.call(
            "crm.lead",
            "web_read_group",
            [],
            {
                "domain": self.domain,
                "fields": self.aggregates,
                "groupby": ["stage_id"],
                "lazy": True,
                "context": context,
            },
            "pipeline: grouped read",
        )
        cards = []
        for group in (groups or {}).get("groups", [])[:10]:
            if group.get("__fold") or not group["stage_id_count"]:
                continue
            page = self.call(
                "crm.lead",
                "web_search_read",
                [],
                {
                    "domain": group["__domain"],
                    "specification": self.kanban_spec,
                    "limit": COLUMN_LIMIT,
                    "context": context,
                },
                "pipeline: column",
            )
            cards += (page or {}).get("records", [])
        self.call(
            "crm.lead",
            "read_progress_bar",
            [],
            {"domain": self.domain, "group_by": "stage_id", "progress_bar": self.progress_bar},
            "pipeline: progress bars",
        )
        return cards

    @task
    def work_a_deal(self):
        cards = self.open_pipeline()
        movable = [card for card in cards if card["stage_id"]["id"] in self.next_stage]
        if not movable:
            return
        deal = random.choice(movable)
        self.call(
            "crm.lead", "web_read", [[deal["id"]]], {"specification": self.form_spec}, "open deal"
        )
        if ACCOUNT_READS:
            self.call(
                "res.partner",
                "web_read",
                [[deal["partner_id"]["id"]]],
                {"specification": self.account_spec},
                "open account (Health tab)",
            )
            self.call(
                "crm.lead", "kam_relationship_map_data", [[deal["id"]]], {}, "relationship map"
            )
        if PIPELINE == "key":
            self.edit_buying_centre(deal)
            self.log_development_record(deal)
        else:
            self.call(
                "crm.lead",
                "web_save",
                [[deal["id"]], {"priority": random.choice("0123")}],
                {"specification": {"priority": {}}},
                "edit deal",
            )
            self.call(
                "crm.lead",
                "message_post",
                [[deal["id"]]],
                {"body": "Called the customer", "subtype_xmlid": "mail.mt_note"},
                "log contact",
            )
        self.call(
            "crm.lead",
            "web_save",
            [[deal["id"]], {"stage_id": self.next_stage[deal["stage_id"]["id"]]}],
            {"specification": {"stage_id": {"fields": {"display_name": {}}}}},
            "move to next stage",
            expected=("odoo.exceptions.UserError",) if PIPELINE == "key" else (),
        )

    def edit_buying_centre(self, deal):
        lines = self.call(
            "key.account.buying.role",
            "web_search_read",
            [],
            {
                "domain": [["lead_id", "=", deal["id"]]],
                "specification": {"role": {}, "attitude": {}, "weight": {}},
                "limit": 6,
            },
            "buying centre: lines",
        )
        if not lines or not lines["records"]:
            return
        line = random.choice(lines["records"])
        self.call(
            "key.account.buying.role",
            "web_save",
            [[line["id"]], {"attitude": random.choice(["supporter", "neutral", "opponent"])}],
            {"specification": {"attitude": {}}},
            "edit deal",
        )

    def log_development_record(self, deal):
        self.call(
            "key.account.visit",
            "web_save",
            [
                [],
                {
                    "account_id": deal["partner_id"]["id"],
                    "lead_id": deal["id"],
                    "method": "phone",
                    "talking_points": "Called the customer",
                },
            ],
            {"specification": {"display_name": {}}},
            "log contact",
        )
