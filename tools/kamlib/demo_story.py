"""The demo's story told in Chinese: run inside `odoo-bin shell` by `kam.py demo --lang zh_CN`.

The demo becomes a Chinese company's database from end to end:

- our company is a Chinese equipment maker in Suzhou that keeps its books in
  yuan (see ``_count_in_yuan`` for why the figures stay and only the currency
  changes);
- names of companies, people and deals are not translatable fields in Odoo:
  a Chinese sales team simply writes them in Chinese. So the demo records
  take their Chinese text from demo_story_zh_CN.json (by XML id), and
  translatable fields (product names) get it as their zh_CN translation;
- the customers and their people read Chinese;
- what the demo generated while it was installed in English (revisits,
  meetings, activities, chatter notes, contract review values and comments,
  invoice lines) is told again: with the JSON's words for the demo's own
  texts, with the zh_CN terms of the add-on and of Odoo for what their code
  wrote, and with amounts, dates and durations written as a Chinese reader
  reads them;
- account health keeps figures, not text: its factors and next actions are
  written when read, in the reader's language, and need no telling. Only
  the "Account at risk" alerts, messages written once for their salesperson,
  are written again for the salespeople who now read Chinese.

The words are the handbooks' (the add-on's zh_CN.po follows them).
"""

import json
import re
from datetime import datetime

from lxml import etree, html
from markupsafe import Markup

MODULE = "key_account_management"
LATIN = re.compile(r"[A-Za-z]{3,}")
# the placeholders of a translatable term: named, positional, an escaped %
TOKEN = re.compile(r"%\((\w+)\)s|%s|%%")
# a term with other conversions (%d, %(x)+d...) is not matched against text
OTHER_CONVERSION = re.compile(r"%(?:\(\w+\))?[^s%(]")

# Reference data that names a currency for what it is (a country's money, a
# currency's rates), not the money our company counts in: it keeps its
# currency when the books change to yuan.
CURRENCY_OF_ITS_OWN = {"res.country", "res.currency", "res.currency.rate"}

# The chatter's lists of values (the contract review's items), which the
# add-on writes as markup, not as a translatable term.
LIST_FORMATS = (
    ("%s: %s (%s)", "%s：%s（%s）"),
    ("%s: %s", "%s：%s"),
)

# Odoo's note on a contact given portal access: its term and the contact's
# e-mail address, joined by a format that is no term of its own (mail's
# res.users._get_portal_access_update_body)
ADDRESSED_FORMAT = (
    re.compile(r"^(?P<_0>.+?) \((?P<_1>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\)$", re.DOTALL),
    True,
    "%s（%s）",
)

# Odoo's chatter templates whose rendered text (activities assigned and done)
# is told again term by term.
CHATTER_TEMPLATES = ("mail.message_activity_done", "mail.message_activity_assigned")

# Fields that hold identifiers, not text anyone reads as a sentence.
IDENTIFIERS = {
    "access_token",
    "email",
    "email_domain_criterion",
    "email_formatted",
    "email_from",
    "email_layout_xmlid",
    "email_normalized",
    "login",
    "message_id",
    "model",
    "res_model",
    "reply_to",
    "sequence_prefix",
    "signup_type",
    "value_key",
    "approved_key",
}


def speak_chinese(env):
    """Simplified Chinese with every installed module's terms; the users work
    in it, in Shanghai time."""
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"].search([("state", "=", "installed")])._update_translations("zh_CN")
    users = env["res.users"].with_context(active_test=False).search([("share", "=", False)])
    users.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})


# -- the company ------------------------------------------------------------


def _count_in_yuan(env):
    """Our company keeps its books in yuan; return the currency it counted in.

    Odoo 18 refuses to change a company's currency once journal items exist
    (account's res.company.write), and the demo posts its invoices and
    payments as it is installed, in the currency the company had then (USD).
    Converting at an exchange rate would change every amount, every stored
    figure and the thresholds they are measured against (tiers from 1,000,000
    and 200,000 of 12-month revenue), and round figures would become odd ones.
    The demo's amounts are round figures of the size of a Chinese equipment
    maker's deals: they are kept and counted in yuan, as if the company had
    been set up in yuan before its first entry. Every stored reference to the
    old currency on the company and its documents (orders, invoices, journal
    items, payments, reconciliations, statements) is set to CNY at once, in
    SQL, so that no figure moves and every tier and class stays as the story
    has it.
    """
    company = env.ref("base.main_company")
    old, yuan = company.currency_id, env.ref("base.CNY")
    if old == yuan:
        return old
    yuan.active = True
    env.flush_all()
    done = set()
    for name in sorted(env.registry):
        model = env[name]
        if model._abstract or not model._auto or name in CURRENCY_OF_ITS_OWN:
            continue
        for field in model._fields.values():
            if not (
                field.type == "many2one"
                and field.comodel_name == "res.currency"
                and field.store
                and field.column_type
            ):
                continue
            column = (model._table, field.name)
            if column in done:
                continue
            done.add(column)
            env.cr.execute(
                f'UPDATE "{model._table}" SET "{field.name}" = %s WHERE "{field.name}" = %s',
                [yuan.id, old.id],
            )
    env.invalidate_all()
    return old


def _make_company_chinese(env, values):
    """Our company: a Chinese equipment maker; its address in Chinese."""
    company = env.ref("base.main_company")
    values = dict(values)
    for name in ("state_id", "country_id"):
        if values.get(name):
            values[name] = env.ref(values[name]).id
    old_name = company.name
    company.write(values)
    company.partner_id.lang = "zh_CN"
    return {old_name: company.name}


# -- the demo's own records --------------------------------------------------


def _write_story(env, story):
    """Write the Chinese values; return what each English text became."""
    zh = env(context=dict(env.context, lang="zh_CN"))
    english_to_chinese = {}
    for xmlid, values in story.items():
        record = env.ref(f"{MODULE}.{xmlid}", raise_if_not_found=False)
        if not record:
            continue
        values = {name: value for name, value in values.items() if name in record._fields}
        for name, value in values.items():
            old = record[name]
            if isinstance(old, str) and old and "<" not in old:
                english_to_chinese[old] = value
        translatable = {name: v for name, v in values.items() if record._fields[name].translate}
        record.write({name: v for name, v in values.items() if name not in translatable})
        if translatable:
            record.with_env(zh).write(translatable)
    return english_to_chinese


def _demo_partners(env):
    partners = env["res.partner"].browse(
        env["ir.model.data"]
        .search(
            [("module", "=", MODULE), ("model", "=", "res.partner"), ("name", "=like", "%_demo")]
        )
        .mapped("res_id")
    )
    return partners | partners.child_ids


def story_records(env):
    """Every record of the story, by model: the add-on's demo records and
    what they generated, with their activities, chatter and tracking."""
    data = env["ir.model.data"].search([("module", "=", MODULE), ("name", "=like", "%_demo")])
    ids = {}
    for row in data:
        ids.setdefault(row.model, set()).add(row.res_id)
    for name in env.registry:
        model = env[name]
        if name.startswith("key.account.") and not model._abstract and not model._transient:
            ids.setdefault(name, set()).update(model.with_context(active_test=False).search([]).ids)
    partners = _demo_partners(env)
    ids.setdefault("res.partner", set()).update(partners.ids)
    leads = env["crm.lead"].with_context(active_test=False).browse(list(ids.get("crm.lead", ())))
    # and the deals the story opened itself (a replacement from the installed base)
    leads |= leads.search([("partner_id", "in", partners.ids)])
    ids.setdefault("crm.lead", set()).update(leads.ids)
    orders = env["sale.order"].search([("partner_id", "in", partners.ids)])
    moves = env["account.move"].search([("partner_id", "in", partners.ids)])
    payments = env["account.payment"].search([("partner_id", "in", partners.ids)])
    events = env["calendar.event"].search(
        ["|", ("opportunity_id", "in", leads.ids), ("partner_ids", "in", partners.ids)]
    )
    for name, found in ids.items():
        # the meetings of the story's records (a revisit's, a visit's)
        events |= events.search([("res_model", "=", name), ("res_id", "in", list(found))])
    products = env["product.product"].browse(list(ids.get("product.product", ())))
    for records in (
        orders,
        orders.order_line,
        moves,
        moves.line_ids,
        payments,
        events,
        products.product_tmpl_id,
    ):
        ids.setdefault(records._name, set()).update(records.ids)
    records = {
        name: env[name].with_context(active_test=False).browse(sorted(found)).exists()
        for name, found in ids.items()
    }
    activities = env["mail.activity"].with_context(active_test=False)
    messages = env["mail.message"]
    for name, found in records.items():
        activities |= activities.search([("res_model", "=", name), ("res_id", "in", found.ids)])
        messages |= messages.search([("model", "=", name), ("res_id", "in", found.ids)])
    records["mail.activity"] = activities
    records["mail.message"] = messages
    records["mail.tracking.value"] = messages.sudo().tracking_value_ids
    return records


# -- telling a generated text in Chinese ------------------------------------


def _literal(text):
    """A term's fixed text as a regex: a run of spaces in it matches any run
    of spaces, and at its ends none at all (markup or a trimmed line may cut
    the text there)."""
    parts = re.split(r"(\s+)", text)
    regex = ""
    for index, part in enumerate(parts):
        if not index % 2:
            regex += re.escape(part)
        elif (index == 1 and not parts[0]) or (index == len(parts) - 2 and not parts[-1]):
            regex += r"\s*"
        else:
            regex += r"\s+"
    return regex


def _pattern(msgid):
    """(regex matching what ``msgid`` formats to, positional?) or None."""
    if OTHER_CONVERSION.search(TOKEN.sub("", msgid)):
        return None
    regex, seen, position, last = "", set(), 0, 0
    for match in TOKEN.finditer(msgid):
        if match[0] == "%%":
            continue
        regex += _literal(msgid[last : match.start()].replace("%%", "%"))
        last = match.end()
        if match[1]:
            name = match[1]
            regex += f"(?P={name})" if name in seen else f"(?P<{name}>.*?)"
            seen.add(name)
        else:
            regex += f"(?P<_{position}>.*?)"
            position += 1
    if not (seen or position) or (seen and position):
        return None
    regex += _literal(msgid[last:].replace("%%", "%"))
    return re.compile(f"^{regex}$", re.DOTALL), bool(position)


class Teller:
    """Tells an English text the demo or Odoo generated in Chinese.

    ``tell`` returns the Chinese text, the text itself when it has nothing
    to tell (no Latin word, or only what stays Latin in Chinese too), or
    None when it cannot tell it."""

    def __init__(self, env, known, old_currency):
        from odoo.tools.translate import code_translations

        self.env = env
        self.zh = env(context=dict(env.context, lang="zh_CN"))
        self.yuan = env.ref("base.CNY")
        self.old_symbol = old_currency.symbol
        self.en_date_format = env["res.lang"]._lang_get("en_US").date_format
        modules = env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        ours = {
            k: v for k, v in code_translations.get_python_translations(MODULE, "zh_CN").items() if v
        }
        odoo = {}
        for module in sorted(set(modules) - {MODULE}):
            for msgid, msgstr in code_translations.get_python_translations(module, "zh_CN").items():
                if msgstr:
                    odoo.setdefault(msgid, msgstr)
        records = self._record_terms()
        templates = self._template_terms()
        # the demo's own words first, then the add-on's, then Odoo's
        self.words = {**templates, **odoo, **records, **ours, **known}
        # the same words as they read in a trimmed line
        self.bare_words = {
            key.strip(): value.strip() for key, value in self.words.items() if key.strip() != key
        }
        self.formats = []
        for terms in (ours, odoo):
            formats = [
                (*compiled, msgstr)
                for msgid, msgstr in terms.items()
                if LATIN.search(TOKEN.sub("", msgid)) and (compiled := _pattern(msgid))
            ]
            # the most specific format first: the one with the most fixed text
            formats.sort(key=lambda f: -len(f[0].pattern))
            self.formats += formats
        self.formats += [(*_pattern(msgid), msgstr) for msgid, msgstr in LIST_FORMATS]
        self.formats.append(ADDRESSED_FORMAT)
        # what a sentence is made of: the demo's texts, names, document
        # kinds and the chatter templates' words
        pieces = {**templates, **records, **known}
        pieces = {k: v for k, v in pieces.items() if LATIN.search(k) and not LATIN.search(v)}
        self.pieces = pieces
        # a piece starting or ending with a letter is a whole word there
        self.piece = re.compile(
            "|".join(
                ("(?<![A-Za-z])" if key[0].isalpha() else "")
                + re.escape(key)
                + ("(?![A-Za-z])" if key[-1].isalpha() else "")
                for key in sorted(pieces, key=len, reverse=True)
            )
        )
        # what stays Latin in Chinese: e-mail addresses, document and tender
        # numbers (INV/2026/00005, HD-MNT-2026-07), Odoo's own system user
        root = env.ref("base.partner_root").name
        self.keep = re.compile(
            r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[A-Z]{2,}\d*(?:[-/][A-Z0-9]+)+\b"
            rf"|\b{re.escape(root)}\b"
        )
        self.cache = {}

    def _record_terms(self):
        """English and Chinese of Odoo's and the add-on's translatable names:
        document kinds, stages, teams, groups, activity types, selections..."""
        cr = self.env.cr
        terms = {}
        ours = (
            "SELECT res_id FROM ir_model_data "
            f"WHERE model = 'ir.model.fields' AND module = '{MODULE}'"
        )
        tables = (
            ("ir_model", "name", ""),
            ("res_groups", "name", ""),
            ("crm_stage", "name", ""),
            ("crm_team", "name", ""),
            ("mail_activity_type", "name", ""),
            ("mail_activity_type", "summary", ""),
            ("account_payment_term", "name", ""),
            ("account_payment_method", "name", ""),
            ("product_template", "name", ""),
            ("res_country", "name", ""),
            ("key_account_contract_review_item", "name", ""),
            ("key_account_scorecard", "name", ""),
            ("key_account_scorecard_criterion", "name", ""),
            ("key_account_revisit_template", "name", ""),
            # selection labels: the add-on's last, so that they win
            ("ir_model_fields_selection", "name", f"WHERE field_id NOT IN ({ours})"),
            ("ir_model_fields_selection", "name", f"WHERE field_id IN ({ours})"),
        )
        for table, column, where in tables:
            cr.execute(f"SELECT {column}->>'en_US', {column}->>'zh_CN' FROM {table} {where}")
            for english, chinese in cr.fetchall():
                if english and chinese and english != chinese:
                    terms[english] = chinese
        return terms

    def _template_terms(self):
        terms = {}
        for xmlid in CHATTER_TEMPLATES:
            view = self.env.ref(xmlid, raise_if_not_found=False)
            if not view:
                continue
            field = view._fields["arch_db"]
            english = view.with_context(lang="en_US").arch_db
            chinese = view.with_context(lang="zh_CN").arch_db
            for term, translations in field.get_translation_dictionary(
                english, {"zh_CN": chinese}
            ).items():
                if translations.get("zh_CN") and "<" not in term:
                    terms[term] = translations["zh_CN"]
        return terms

    def tell(self, text, depth=0):
        if not text:
            return text
        if not LATIN.search(text):
            stripped = text.strip()
            value = stripped and self._value(stripped)
            return text.replace(stripped, value, 1) if value else text
        if text not in self.cache:
            self.cache[text] = self._tell(text, depth)
        return self.cache[text]

    def _keeps(self, text):
        """Nothing Latin in the text but what stays Latin in Chinese too."""
        return not LATIN.search(self.keep.sub("", text))

    def _tell(self, text, depth):
        stripped = text.strip()
        if stripped != text:
            told = self.tell(stripped, depth)
            return None if told is None else text.replace(stripped, told, 1)
        told = self._word(text)
        if told is None and depth < 4:
            told = self._formatted(text, depth)
            if told is None:
                told = self._parts(text, depth)
        if told is None:
            # a sentence of known pieces: names, documents, template words
            told = self.piece.sub(lambda m: self.pieces[m[0]], text)
            if not self._keeps(told):
                return None
        return told

    def _word(self, text):
        """A known text, a value, or a known label with its number."""
        if text in self.words:
            return self.words[text]
        if text in self.bare_words:
            return self.bare_words[text]
        told = self._value(text)
        if told:
            return told
        numbered = re.match(r"^(?P<label>.+?) (?P<number>\d+)$", text)
        if numbered and numbered["label"] in self.words:
            return f"{self.words[numbered['label']]} {numbered['number']}"
        return None

    def _formatted(self, text, depth):
        """A term with its placeholders filled: each filling told in turn."""
        for pattern, positional, msgstr in self.formats:
            match = pattern.match(text)
            if not match:
                continue
            args = {}
            for key, value in match.groupdict().items():
                told = self.tell(value, depth + 1)
                if told is None and not self._keeps(value):
                    break
                args[key] = value if told is None else told
            else:
                if positional:
                    return msgstr % tuple(args[f"_{i}"] for i in range(len(args)))
                return msgstr % args
        return None

    def _parts(self, text, depth):
        """Lines, or two sentences, each told."""
        if "\n" in text:
            lines = [self.tell(line, depth) for line in text.split("\n")]
            if None not in lines:
                return "\n".join(lines)
        for match in re.finditer(r"(?<=[.)])\s+(?=\S)", text):
            first = self.tell(text[: match.start()], depth + 1)
            second = first is not None and self.tell(text[match.end() :], depth + 1)
            if first is not None and second is not None:
                return f"{first}{second}"
        return None

    def _value(self, text):
        """An amount, a date or a duration, written for a Chinese reader."""
        from odoo.tools import format_amount, format_date

        amount = re.match(
            rf"^(-?){re.escape(self.old_symbol)}\s?(-?[\d,]+(?:\.\d+)?)$", text.replace("\xa0", " ")
        )
        if amount:
            value = float(amount[2].replace(",", "")) * (-1 if amount[1] else 1)
            return format_amount(self.zh, value, self.yuan)
        try:
            day = datetime.strptime(text, self.en_date_format).date()
        except ValueError:
            day = None
        if day:
            return format_date(self.zh, day)
        duration = re.match(r"^(?:(\d+) hours?)?\s*(?:(\d+) minutes?)?$", text)
        if duration and (duration[1] or duration[2]):
            hours = int(duration[1] or 0) + int(duration[2] or 0) / 60
            return str(self.zh["ir.qweb.field.duration"].value_to_html(hours, {"unit": "hour"}))
        return None

    def tell_html(self, value):
        """The markup with each of its texts told; None when one cannot be."""
        root = html.fragment_fromstring(str(value), create_parent="div")
        changed = False
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute in ("text", "tail"):
                if element is root and attribute == "tail":
                    continue
                text = getattr(element, attribute)
                if not text or not text.strip():
                    continue
                told = self.tell(text)
                if told is None:
                    return None
                if told != text:
                    setattr(element, attribute, told)
                    changed = True
        if not changed:
            return value
        return Markup(
            (root.text or "")
            + "".join(etree.tostring(child, encoding="unicode", method="html") for child in root)
        )


# -- generated texts told again ----------------------------------------------


def _retell_health_alerts(env, known):
    """An "Account at risk" alert, its activity and its chatter note: a
    message written once, in its salesperson's language (English when the
    demo was installed), written again in the language they read now."""
    from odoo.addons.key_account_management.models.res_partner_health import ALERT_TYPE

    alert_type = env.ref(ALERT_TYPE)
    activities = env["mail.activity"].search(
        [("res_model", "=", "res.partner"), ("activity_type_id", "=", alert_type.id)]
    )
    for activity in activities:
        account = env["res.partner"].browse(activity.res_id)
        summary, note = account.with_context(lang=activity.user_id.lang)._kam_health_alert_text()
        english = activity.summary
        for message in env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", account.id)]
        ):
            if str(message.body).startswith(f"<p>{Markup.escape(english)}</p>"):
                message.body = Markup("<p>%s</p><p>%s</p>") % (summary, note)
        known[english] = summary
        activity.write({"summary": summary, "note": Markup("<p>%s</p>") % note})


def _text_fields(records):
    for name, field in records._fields.items():
        if (
            field.type in ("char", "text", "html")
            and field.store
            and not field.translate
            and name not in IDENTIFIERS
            and not (field.compute and field.readonly)
        ):
            yield name, field


def _retell(records, teller):
    """Every text of the records told in Chinese, where it can be."""
    for name, field in _text_fields(records):
        for record in records:
            value = record[name]
            if not value or not LATIN.search(str(value)):
                continue
            told = teller.tell_html(value) if field.type == "html" else teller.tell(value)
            if told is not None and told != value:
                record[name] = told


def _keep_review_decisions(env):
    """The contract review items approved before the story, and what they
    should stay: the value approved is the value, now in Chinese and yuan."""
    lines = env["key.account.contract.review.line"].sudo().search([("state", "=", "approved")])
    approved = lines.filtered(lambda line: line.value_key == line.approved_key)

    def restore():
        field = lines._fields["value_key"]
        env.add_to_compute(field, lines.search([]))
        env.flush_all()
        for line in approved:
            line.write({"approved_key": line.value_key, "state": "approved"})

    return restore


def tell_story(env, story_path):
    # the story is told, not lived: no chatter of its own
    env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
    story = json.loads(open(story_path, encoding="utf-8").read())
    company = story.pop("_company", {})
    generated = story.pop("_generated", {})
    restore_decisions = _keep_review_decisions(env)
    old_currency = _count_in_yuan(env)
    known = _make_company_chinese(env, company)
    known.update(generated)
    known.update(_write_story(env, story))
    _demo_partners(env).write({"lang": "zh_CN"})
    _retell_health_alerts(env, known)
    teller = Teller(env, known, old_currency)
    records = story_records(env)
    # the records first: the chatter and activities name them
    for name in sorted(records, key=lambda n: n.startswith("mail.")):
        _retell(records[name].sudo(), teller)
    records["mail.activity"].sudo()._compute_res_name()
    restore_decisions()
    env.flush_all()
