"""Cost of the buying-centre figures on the key-account pipeline's kanban.

Reads the kanban view's fields of every key-account opportunity, as the
pipeline does (``web_search_read`` with the view's specification), once with
the buying-centre fields and once without, alternating, on the same database
and in the same process. Run it on a ``bench-data`` database::

    python3 tools/kam.py bench-data --opportunities 5000 --buying-roles 6
    python3 tools/kam.py bench-buying-centre

The ratio (with / without, medians) is the figure to watch: target <= 1.10.
"""

import statistics
import time

from lxml import etree

PIPELINE_DOMAIN = [("type", "=", "opportunity"), ("is_key_account", "=", True)]
BUYING_CENTRE_PREFIX = "buying_centre_"


def kanban_specification(env):
    """The fields the pipeline's kanban reads, as a web_search_read specification."""
    Lead = env["crm.lead"]
    arch = Lead.get_views([(False, "kanban")])["views"]["kanban"]["arch"]
    spec = {}
    for node in etree.fromstring(arch).iter("field"):
        name = node.get("name")
        field = Lead._fields.get(name)
        if field is None or name in spec:
            continue
        if field.type in ("many2one", "one2many", "many2many"):
            related = {"display_name": {}}
            if "color" in env[field.comodel_name]._fields:
                related["color"] = {}
            spec[name] = {"fields": related}
        else:
            spec[name] = {}
    return spec


def _time_read(env, spec):
    env.invalidate_all()
    started = time.perf_counter()
    records = env["crm.lead"].web_search_read(PIPELINE_DOMAIN, spec)
    return time.perf_counter() - started, records["length"]


def run(env, rounds=7, user_xmlid="base.user_admin"):
    """Alternate both reads ``rounds`` times; return a one-paragraph report."""
    env = env(user=env.ref(user_xmlid).id)
    with_spec = kanban_specification(env)
    without_spec = {
        name: value
        for name, value in with_spec.items()
        if not name.startswith(BUYING_CENTRE_PREFIX)
    }
    extra = sorted(set(with_spec) - set(without_spec))
    if not extra:
        raise RuntimeError("the kanban view shows no buying-centre field")
    lines = env["key.account.buying.role"].sudo().search_count([("lead_id", "!=", False)])
    # one warm-up read each, then alternate
    _time_read(env, with_spec)
    _time_read(env, without_spec)
    timings = {"with": [], "without": []}
    count = 0
    for _round in range(rounds):
        for label, spec in (("without", without_spec), ("with", with_spec)):
            elapsed, count = _time_read(env, spec)
            timings[label].append(elapsed)
    with_median = statistics.median(timings["with"])
    without_median = statistics.median(timings["without"])
    ratio = with_median / without_median
    return (
        f"kam: {count} key-account opportunities, {lines} buying-centre members; "
        f"kanban read of {len(with_spec)} fields ({', '.join(extra)} included): "
        f"median {with_median * 1000:.0f} ms with, {without_median * 1000:.0f} ms without "
        f"the buying-centre fields over {rounds} rounds; ratio {ratio:.3f} (target <= 1.10)"
    )
