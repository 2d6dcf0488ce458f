#!/usr/bin/env python3
"""Write the key-account managers' dashboard (an Odoo spreadsheet dashboard).

    python3 tools/build_dashboard.py

The dashboard is data: ``key_account_management/data/files/
key_account_dashboard.json``, in the format of Odoo 18's spreadsheet
dashboards (the one Sales ships). This script is its source: change the
tiles, charts or tables here and run it again. Every chart reads live data
with the viewer's access rights, and a click on a bar or slice opens its
records.
"""

import json
import pathlib

OUT = (
    pathlib.Path(__file__).resolve().parent.parent
    / "key_account_management/data/files/key_account_dashboard.json"
)

KEY_DEALS = [["is_key_account", "=", True], ["type", "=", "opportunity"]]
OPEN_KEY_DEALS = [*KEY_DEALS, ["probability", "<", 100]]
# lost deals stay in the funnel: they reached their stage and went no further
FUNNEL_DEALS = [*KEY_DEALS, ["active", "in", [True, False]]]
OUTSTANDING = [["amount_residual", "!=", 0]]
PLANS_IN_FORCE = [["state", "=", "agreed"]]

PERIOD_FILTER = "6f1b7a2e-4c1d-4a8e-9a51-3c7e0b9d1a01"
TEAM_FILTER = "0d9c3b52-8e47-4f1a-b6a3-5e2f7c1d9b02"
# the models shown have the sales team under this name (a pivot of one
# that has none says so: "team": None)
TEAM_FIELD = "team_id"

# pivots feeding the tiles and the funnel table
PIVOTS = {
    "1": {
        "name": "Open key-account deals",
        "model": "crm.lead",
        "domain": OPEN_KEY_DEALS,
        "measures": ["expected_revenue", "prorated_revenue", "__count"],
        "rows": [],
    },
    "2": {
        "name": "Receivables of key accounts",
        "model": "key.account.receivable",
        "domain": OUTSTANDING,
        "measures": ["amount_residual", "amount_overdue", "amount_over_90"],
        "rows": [],
    },
    "3": {
        "name": "Key accounts",
        "model": "res.partner",
        "domain": [["is_key_account", "=", True]],
        "measures": ["__count"],
        "rows": [],
    },
    "4": {
        "name": "Stalled key-account deals",
        "model": "crm.lead",
        "domain": [*OPEN_KEY_DEALS, ["kam_stalled", "=", True]],
        "measures": ["__count"],
        "rows": [],
    },
    "6": {
        "name": "Key accounts at risk",
        "model": "res.partner",
        "domain": [["is_key_account", "=", True], ["kam_health_state", "=", "at_risk"]],
        "measures": ["__count"],
        "rows": [],
    },
    # one row per stage, from the stage history (key.account.stage.funnel):
    # every stage is there, with or without deals, in the pipeline's order
    "7": {
        "name": "Healthy key accounts",
        "model": "res.partner",
        "domain": [["is_key_account", "=", True], ["kam_health_state", "=", "healthy"]],
        "measures": ["__count"],
        "rows": [],
    },
    "8": {
        "name": "Key accounts to watch",
        "model": "res.partner",
        "domain": [["is_key_account", "=", True], ["kam_health_state", "=", "watch"]],
        "measures": ["__count"],
        "rows": [],
    },
    "9": {
        "name": "Account plans in force",
        "model": "key.account.plan",
        "domain": PLANS_IN_FORCE,
        "measures": ["__count", "completeness"],
        "rows": [],
    },
    "10": {
        "name": "Account plans with objectives off track",
        "model": "key.account.plan",
        "domain": [*PLANS_IN_FORCE, ["objective_off_track_count", ">", 0]],
        "measures": ["__count"],
        "rows": [],
    },
    # what the cockpit page showed beside these, now tiles of their own
    "11": {
        "name": "Grade A key-account deals",
        "model": "crm.lead",
        "domain": [*OPEN_KEY_DEALS, ["kam_grade", "=", "A"]],
        "measures": ["__count"],
        "rows": [],
    },
    "12": {
        "name": "Overdue revisits",
        "model": "key.account.revisit",
        "domain": [["is_overdue", "=", True]],
        "measures": ["__count"],
        "rows": [],
        "team": None,
    },
    "13": {
        "name": "Key accounts not contacted within their cadence",
        "model": "res.partner",
        "domain": [["is_key_account", "=", True], ["kam_contact_overdue_days", ">", 0]],
        "measures": ["__count"],
        "rows": [],
    },
    "14": {
        "name": "Retention money outstanding",
        "model": "key.account.receivable",
        "domain": [*OUTSTANDING, ["is_retention", "=", True]],
        "measures": ["amount_retention"],
        "rows": [],
    },
    "15": {
        "name": "Contacts in the period",
        "model": "key.account.visit",
        "domain": [],
        "measures": ["__count"],
        "rows": [],
        "period": "visit_datetime",
    },
    "16": {
        "name": "Visits awaiting their follow-up",
        "model": "key.account.visit",
        "domain": [["follow_up_open", "=", True]],
        "measures": ["__count"],
        "rows": [],
    },
    "5": {
        "name": "Key-account funnel",
        "model": "key.account.stage.funnel",
        "domain": [],
        "measures": ["deal_count", "reached_count", "converted_count"],
        "rows": ["stage_id"],
    },
}

# health states in health colours, as on the kanban badges and in lists
HEALTH_BACKGROUND = {"healthy": "#D1FADF", "watch": "#FEF0C7", "at_risk": "#FEE4E2"}
TILE_BACKGROUND = "#EFF6FF"

# (title, data cell of the value, background), four a row
TILES = [
    ("Open Pipeline", "Data!C2", TILE_BACKGROUND),
    ("Weighted Pipeline", "Data!C3", TILE_BACKGROUND),
    ("Open Deals", "Data!C4", TILE_BACKGROUND),
    ("Stalled Deals", "Data!C5", TILE_BACKGROUND),
    ("Key Accounts", "Data!C8", TILE_BACKGROUND),
    # the accounts by health state: tiles, since a spreadsheet pie colours
    # its slices in its own order, whatever they stand for
    ("Healthy Accounts", "Data!C10", HEALTH_BACKGROUND["healthy"]),
    ("Accounts to Watch", "Data!C11", HEALTH_BACKGROUND["watch"]),
    ("Accounts at Risk", "Data!C9", HEALTH_BACKGROUND["at_risk"]),
    ("Outstanding", "Data!C6", TILE_BACKGROUND),
    ("Overdue", "Data!C7", TILE_BACKGROUND),
    ("Plans in Force", "Data!C12", TILE_BACKGROUND),
    ("Plans Off Track", "Data!C13", HEALTH_BACKGROUND["at_risk"]),
    ("Plan Completeness", "Data!C14", TILE_BACKGROUND),
    ("Grade A Deals", "Data!C15", TILE_BACKGROUND),
    ("Overdue Revisits", "Data!C16", HEALTH_BACKGROUND["at_risk"]),
    ("Not Contacted", "Data!C17", HEALTH_BACKGROUND["watch"]),
    ("Overdue over 90 Days", "Data!C18", HEALTH_BACKGROUND["at_risk"]),
    ("Retention Held", "Data!C19", TILE_BACKGROUND),
    ("Contacts in the Period", "Data!C20", TILE_BACKGROUND),
    ("Follow-ups Due", "Data!C21", HEALTH_BACKGROUND["watch"]),
]
# every tile opens the records behind it, as the charts do: the menu of
# their list (a spreadsheet links a figure to a menu, not to a domain)
MENU = "key_account_management.{}".format
TILE_MENUS = dict(
    enumerate(
        [
            MENU("crm_lead_menu_key_pipeline"),
            MENU("crm_lead_menu_key_forecast"),
            MENU("crm_lead_menu_key_pipeline"),
            MENU("crm_lead_menu_key_stalled"),
            MENU("res_partner_menu_key_accounts"),
            MENU("res_partner_menu_key_tiers"),
            MENU("res_partner_menu_key_at_risk"),
            MENU("res_partner_menu_key_at_risk"),
            MENU("key_account_receivable_menu"),
            MENU("key_account_receivable_menu"),
            MENU("key_account_plan_menu"),
            MENU("key_account_plan_menu"),
            MENU("key_account_plan_menu"),
            MENU("crm_lead_menu_key_analysis"),
            MENU("key_account_revisit_menu_overdue"),
            MENU("res_partner_menu_key_at_risk"),
            MENU("key_account_receivable_menu_by_rep"),
            MENU("key_account_receivable_menu_retention_kam"),
            MENU("key_account_visit_menu_per_rep"),
            MENU("key_account_visit_menu"),
        ]
    )
)

DATA_ROWS = [
    # label, raw value formula (column B); column C shows it
    ("Open pipeline", '=PIVOT.VALUE(1,"expected_revenue")'),
    ("Weighted pipeline", '=PIVOT.VALUE(1,"prorated_revenue")'),
    ("Open deals", '=PIVOT.VALUE(1,"__count")'),
    ("Stalled deals", '=PIVOT.VALUE(4,"__count")'),
    ("Receivables outstanding", '=PIVOT.VALUE(2,"amount_residual")'),
    ("Overdue", '=PIVOT.VALUE(2,"amount_overdue")'),
    ("Key accounts", '=PIVOT.VALUE(3,"__count")'),
    ("Accounts at risk", '=PIVOT.VALUE(6,"__count")'),
    ("Healthy accounts", '=PIVOT.VALUE(7,"__count")'),
    ("Accounts to watch", '=PIVOT.VALUE(8,"__count")'),
    ("Account plans in force", '=PIVOT.VALUE(9,"__count")'),
    ("Plans off track", '=PIVOT.VALUE(10,"__count")'),
    # an average: shown as a percentage, not as a large number
    ("Plan completeness", '=PIVOT.VALUE(9,"completeness")', '=ROUND(B{row},0)&" %"'),
    ("Grade A deals", '=PIVOT.VALUE(11,"__count")'),
    ("Overdue revisits", '=PIVOT.VALUE(12,"__count")'),
    ("Not contacted within cadence", '=PIVOT.VALUE(13,"__count")'),
    ("Overdue over 90 days", '=PIVOT.VALUE(2,"amount_over_90")'),
    ("Retention outstanding", '=PIVOT.VALUE(14,"amount_retention")'),
    ("Contacts in the period", '=PIVOT.VALUE(15,"__count")'),
    ("Follow-ups due", '=PIVOT.VALUE(16,"__count")'),
]

# (title, type, model, domain, group_by, measure, extra)
CHARTS = [
    (
        "Deals by Stage",
        "odoo_bar",
        "crm.lead",
        FUNNEL_DEALS,
        ["stage_id"],
        "__count",
        {},
    ),
    (
        "Weighted Forecast by Month",
        "odoo_bar",
        "crm.lead",
        OPEN_KEY_DEALS,
        ["date_deadline:month"],
        "prorated_revenue",
        {},
    ),
    (
        "Receivables by Age",
        "odoo_bar",
        "key.account.receivable",
        OUTSTANDING,
        ["ageing"],
        "amount_residual",
        {},
    ),
    (
        "Key Accounts by Tier",
        "odoo_pie",
        "res.partner",
        [["is_key_account", "=", True]],
        ["kam_tier"],
        "__count",
        {},
    ),
    (
        "Plan Objectives by Status",
        "odoo_bar",
        "key.account.plan.objective",
        [["plan_state", "=", "agreed"], ["status", "!=", False]],
        ["status"],
        "__count",
        {},
    ),
    (
        "Contacts per Rep per Week",
        "odoo_bar",
        "key.account.visit",
        [],
        ["visit_datetime:week", "user_id"],
        "__count",
        {"stacked": True, "period_filter": "visit_datetime"},
    ),
]


def _t(text):
    return f'=_t("{text}")'


def _pivot(pivot_id, spec):
    team = spec.get("team", TEAM_FIELD)
    matching = {TEAM_FILTER: {"chain": team, "type": "many2one"}} if team else {}
    if spec.get("period"):
        matching[PERIOD_FILTER] = {"chain": spec["period"], "type": "datetime", "offset": 0}
    return {
        "type": "ODOO",
        "id": pivot_id,
        "formulaId": pivot_id,
        "name": spec["name"],
        "model": spec["model"],
        "domain": spec["domain"],
        "context": {},
        "measures": [{"id": m, "fieldName": m} for m in spec["measures"]],
        "rows": [{"fieldName": f} for f in spec["rows"]],
        "columns": [],
        "sortedColumn": None,
        "fieldMatching": matching,
    }


def _chart(index, spec, x, y, width, height):
    title, chart_type, model, domain, group_by, measure, extra = spec
    data = {
        "type": chart_type,
        "title": {"text": title, "bold": True, "color": "#434343"},
        "background": "#FFFFFF",
        "legendPosition": "top" if len(group_by) > 1 or chart_type == "odoo_pie" else "none",
        "metaData": {
            "groupBy": group_by,
            "measure": measure,
            "order": None,
            "resModel": model,
        },
        "searchParams": {
            "comparison": None,
            "context": {},
            "domain": domain,
            "groupBy": group_by,
            "orderBy": [],
        },
        "cumulative": False,
        "fieldMatching": {TEAM_FILTER: {"chain": TEAM_FIELD, "type": "many2one"}},
    }
    if chart_type == "odoo_bar":
        data["stacked"] = extra.get("stacked", False)
        data["verticalAxisPosition"] = "left"
    if extra.get("period_filter"):
        data["fieldMatching"][PERIOD_FILTER] = {
            "chain": extra["period_filter"],
            "type": "datetime",
            "offset": 0,
        }
    return {
        "id": f"kam-chart-{index}",
        "x": x,
        "y": y,
        "width": width,
        "height": height,
        "tag": "chart",
        "data": data,
    }


def _scorecard(index, title, key_value, background, x, y):
    return {
        "id": f"kam-tile-{index}",
        "x": x,
        "y": y,
        "width": 180,
        "height": 100,
        "tag": "chart",
        "data": {
            "type": "scorecard",
            "title": {"text": title, "bold": True, "color": "#434343"},
            "background": background,
            "keyValue": key_value,
            "baselineMode": "text",
            "baselineColorUp": "#00A04A",
            "baselineColorDown": "#DC6965",
            "humanize": False,
        },
    }


def _dashboard_sheet():
    figures = []
    for index, (title, cell, background) in enumerate(TILES):
        column, row = index % 4, index // 4
        figures.append(
            _scorecard(index, title, cell, background, 10 + column * 195, 40 + row * 115)
        )
    chart_top = 40 + -(-len(TILES) // 4) * 115 + 10
    for index, spec in enumerate(CHARTS):
        column, row = index % 2, index // 2
        figures.append(_chart(index, spec, 10 + column * 400, chart_top + row * 330, 390, 320))
    funnel_top_row = 1 + (chart_top + -(-len(CHARTS) // 2) * 330) // 23 + 1
    cells = {"A1": {"content": _t("Key Accounts"), "style": 1}}
    header = funnel_top_row
    cells[f"A{header}"] = {"content": _t("Funnel and Conversion"), "style": 1}
    # Deals: standing in the stage now; Reached: in it or beyond, now or
    # before (stage history); Converted to next: of those, the share that
    # reached the next stage (after the last one: won)
    for column, label in zip(
        "ABCD", ("Stage", "Deals", "Reached", "Converted to next"), strict=True
    ):
        cells[f"{column}{header + 1}"] = {"content": _t(label), "style": 2}
    first, last = header + 2, header + 7
    for position, row in enumerate(range(first, last + 1), start=1):
        at = f'"#stage_id",{position}'
        cells[f"A{row}"] = {"content": f'=IFERROR(PIVOT.HEADER(5,{at}),"")'}
        cells[f"B{row}"] = {"content": f'=IFERROR(PIVOT.VALUE(5,"deal_count",{at}),"")'}
        cells[f"C{row}"] = {"content": f'=IFERROR(PIVOT.VALUE(5,"reached_count",{at}),"")'}
        # a percentage written out: a number format of the sheet showed the
        # share rounded to 0 or 1 in the dashboard
        cells[f"D{row}"] = {
            "content": f'=IF(OR(A{row}="",C{row}=0),"",'
            f'ROUND(100*PIVOT.VALUE(5,"converted_count",{at})/C{row},0)&" %")',
        }
    return {
        "id": "kam-dashboard",
        "name": "Dashboard",
        "colNumber": 8,
        "rowNumber": last + 5,
        "rows": {},
        "cols": {"0": {"size": 260}, "1": {"size": 100}, "2": {"size": 100}, "3": {"size": 160}},
        "merges": [],
        "cells": cells,
        "conditionalFormats": [],
        "figures": figures,
        "tables": [],
        "areGridLinesVisible": False,
        "isVisible": True,
        "headerGroups": {"ROW": [], "COL": []},
        "dataValidationRules": [],
        "comments": {},
    }


def _data_sheet():
    cells = {"A1": {"content": _t("KPI"), "style": 2}, "B1": {"content": _t("Value"), "style": 2}}
    for row, (label, formula, *shown) in enumerate(DATA_ROWS, start=2):
        cells[f"A{row}"] = {"content": _t(label)}
        cells[f"B{row}"] = {"content": formula}
        display = shown[0] if shown else "=FORMAT.LARGE.NUMBER(B{row})"
        cells[f"C{row}"] = {"content": display.format(row=row)}
    return {
        "id": "kam-data",
        "name": "Data",
        "colNumber": 4,
        "rowNumber": len(DATA_ROWS) + 2,
        "rows": {},
        "cols": {"0": {"size": 220}},
        "merges": [],
        "cells": cells,
        "conditionalFormats": [],
        "figures": [],
        "tables": [],
        "areGridLinesVisible": True,
        "isVisible": True,
        "headerGroups": {"ROW": [], "COL": []},
        "dataValidationRules": [],
        "comments": {},
    }


def build():
    return {
        "version": 21,
        "odooVersion": 12,
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {
            "locale": {
                "name": "English (US)",
                "code": "en_US",
                "thousandsSeparator": ",",
                "decimalSeparator": ".",
                "dateFormat": "mm/dd/yyyy",
                "timeFormat": "hh:mm:ss",
                "formulaArgSeparator": ",",
                "weekStart": 1,
            }
        },
        "sheets": [_dashboard_sheet(), _data_sheet()],
        "styles": {
            "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
            "2": {"bold": True, "fontSize": 11, "textColor": "#434343"},
        },
        "formats": {"1": "0%"},
        "borders": {},
        "pivots": {pivot_id: _pivot(pivot_id, spec) for pivot_id, spec in PIVOTS.items()},
        "pivotNextId": len(PIVOTS) + 1,
        "customTableStyles": {},
        "globalFilters": [
            {
                "id": TEAM_FILTER,
                "type": "relation",
                "label": "Sales Team",
                "modelName": "crm.team",
                "defaultValue": [],
                "defaultValueDisplayNames": [],
            },
            {
                "id": PERIOD_FILTER,
                "type": "date",
                "label": "Contacts in",
                "defaultValue": "last_three_months",
                "rangeType": "relative",
            },
        ],
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {
            f"kam-tile-{index}": menu for index, menu in TILE_MENUS.items()
        },
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
