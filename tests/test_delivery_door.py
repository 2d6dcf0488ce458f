"""With Inventory installed, our units are what was delivered: sale_stock
on a database with the module, an order confirmed and delivered in two
pickings with serial numbers, each delivery committed as a user would."""

import json

from conftest import problem_lines

SCENARIO = """
import json
from odoo import Command
account = env["res.partner"].create({"name": "Door Test Utility", "is_company": True})
account.is_key_account = True
category = env["product.category"].create(
    {"name": "Door Pumps", "kam_is_equipment": True, "kam_replacement_months": 96}
)
product = env["product.product"].create(
    {"name": "Door Pump", "type": "consu", "is_storable": True, "tracking": "serial",
     "categ_id": category.id, "list_price": 1000}
)
order = env["sale.order"].create({
    "partner_id": account.id,
    "order_line": [Command.create(
        {"product_id": product.id, "product_uom_qty": 3, "price_unit": 900, "tax_id": []}
    )],
})
order.action_confirm()
env.cr.commit()
Unit = env["key.account.installed.unit"]
report = {"after confirmation": Unit.search_count([("partner_id", "=", account.id)])}

def deliver(picking, serials):
    move = picking.move_ids
    move.move_line_ids.unlink()
    env["stock.move.line"].create([
        {"move_id": move.id, "picking_id": picking.id, "product_id": product.id,
         "lot_id": env["stock.lot"].create({"name": serial, "product_id": product.id}).id,
         "quantity": 1, "picked": True,
         "location_id": move.location_id.id, "location_dest_id": move.location_dest_id.id}
        for serial in serials
    ])
    move.picked = True
    picking._action_done()
    env.cr.commit()
    unit = Unit.search([("partner_id", "=", account.id)])
    return [unit.quantity, unit.lot_names, str(unit.purchase_date), unit.price_unit,
            unit.is_ours]

report["first delivery"] = deliver(order.picking_ids, ["SN-1", "SN-2"])
backorder = order.picking_ids.filtered(lambda picking: picking.state not in ("done", "cancel"))
report["backorders"] = len(backorder)
report["second delivery"] = deliver(backorder, ["SN-3"])
from odoo import fields
report["today"] = str(fields.Date.context_today(account))
print("REPORT " + json.dumps(report))
"""


def test_units_follow_the_deliveries(harness):
    database = harness.clone(harness.module_template, "kam_sys_delivery")
    code, log = harness.odoo(
        "-d",
        database,
        "-i",
        "sale_stock",
        "--stop-after-init",
        "--no-http",
        log_name="sys-delivery-install",
    )
    assert code == 0, log[-3000:]
    assert problem_lines(log) == []
    code, log = harness.odoo_shell(database, SCENARIO, log_name="sys-delivery")
    assert code == 0, log[-3000:]
    line = next(line for line in log.splitlines() if line.startswith("REPORT "))
    report = json.loads(line[len("REPORT ") :])
    today = report["today"]
    # confirmed but not delivered: nothing installed yet
    assert report["after confirmation"] == 0, report
    assert report["first delivery"] == [2, "SN-1, SN-2", today, 900.0, True], report
    assert report["backorders"] == 1, report
    assert report["second delivery"] == [3, "SN-1, SN-2, SN-3", today, 900.0, True], report
