"""The demo's story told in Chinese: run inside `odoo-bin shell` by `kam.py demo --lang zh_CN`.

Names of companies, people and deals are not translatable fields in Odoo: a
Chinese sales team simply writes them in Chinese. So the demo records take
their Chinese text from demo_story_zh_CN.json (by XML id), translatable fields
(product names) get it as their zh_CN translation, and the text the demo
generated while it was installed in English (revisit names, meeting titles,
activity summaries) is told again with the module's own zh_CN terms.
"""

import json
import re

MODULE = "key_account_management"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _pattern(msgid):
    """A regular expression matching what ``msgid`` formats to, capturing its arguments."""
    regex, seen = "", set()
    for index, part in enumerate(PLACEHOLDER.split(msgid)):
        if not index % 2:
            regex += re.escape(part)
        elif part in seen:
            regex += f"(?P={part})"
        else:
            regex += f"(?P<{part}>.+?)"
            seen.add(part)
    return re.compile(f"^{regex}$", re.DOTALL)


# generated text to tell again: model, field
RETOLD = (
    ("key.account.revisit", "name"),
    ("calendar.event", "name"),
    ("mail.activity", "summary"),
    ("sale.order.line", "name"),
    ("account.move.line", "name"),
    ("key.account.revisit", "problems"),
    ("key.account.revisit", "actions"),
)


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


def _teller(known, terms):
    """A function telling a generated English text in Chinese."""
    # the most specific format first: the one with the most fixed text
    formats = [
        (_pattern(msgid), msgstr)
        for msgid, msgstr in sorted(
            terms.items(), key=lambda term: -len(PLACEHOLDER.sub("", term[0]))
        )
        if PLACEHOLDER.search(msgid) and msgstr
    ]
    numbered = re.compile(r"^(?P<label>.+?) (?P<number>\d+)$")

    def chinese(text):
        if not text:
            return text
        if text in known:
            return known[text]
        if text in terms:
            return terms[text]
        match = numbered.match(text)
        if match and match["label"] in terms:
            return f"{terms[match['label']]} {match['number']}"
        for pattern, msgstr in formats:
            match = pattern.match(text)
            if match:
                return msgstr % {key: chinese(value) for key, value in match.groupdict().items()}
        return text

    return chinese


def tell_story(env, story_path):
    from odoo.tools.translate import code_translations

    from odoo.addons.key_account_management.models.key_account_health_factor import (
        HEALTH_FACTORS,
    )

    story = json.loads(open(story_path, encoding="utf-8").read())
    generated = story.pop("_generated", {})
    known = {**generated, **_write_story(env, story)}
    chinese = _teller(known, code_translations.get_python_translations(MODULE, "zh_CN"))
    details = [("key.account.health.snapshot", f"{factor}_detail") for factor, _ in HEALTH_FACTORS]
    for model, field in (*RETOLD, *details):
        for record in env[model].search([(field, "!=", False)]):
            told = chinese(record[field])
            if told != record[field]:
                record[field] = told
    # today's health, measured again in Chinese: its factors and next actions
    accounts = env["res.partner"].search([("is_key_account", "=", True)])
    accounts.with_context(lang="zh_CN")._kam_refresh_health()
