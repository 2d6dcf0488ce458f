"""`kam.py i18n`: export the .pot with Odoo and bring zh_CN.po in line with it.

The .pot comes from Odoo's own `--i18n-export`. zh_CN.po keeps every
translation it has for a term still in the .pot, gains the new terms with an
empty translation (to be filled in), and loses the terms that are gone; the
test suite fails while any term lacks its Chinese.
"""

import polib

from . import postgres, templates
from .bootstrap import PROJECT
from .odoo_runner import MODULE, run, write_config

I18N = PROJECT / MODULE / "i18n"
POT = I18N / f"{MODULE}.pot"
LANGUAGES = ("zh_CN",)
DATABASE = "kam_i18n"


def merge(pot_path, po_path, lang):
    """msgmerge: keep known translations, add new terms, drop obsolete ones."""
    template = polib.pofile(str(pot_path))
    known = {}
    if po_path.exists():
        known = {(entry.msgctxt, entry.msgid): entry for entry in polib.pofile(str(po_path))}
    merged = polib.POFile(wrapwidth=78)
    merged.metadata = dict(template.metadata, Language=lang)
    merged.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    missing = 0
    for entry in template:
        old = known.get((entry.msgctxt, entry.msgid))
        entry.msgstr = old.msgstr if old else ""
        missing += not entry.msgstr
        merged.append(entry)
    merged.save(str(po_path))
    return len(merged), missing


def run_i18n(args):
    server = postgres.start(args.odoo_config)
    try:
        config = write_config("build", server)
        template = templates.ensure_module_template(server, config)
        templates.clone(server, template, DATABASE)
        run(
            config,
            "-d",
            DATABASE,
            f"--i18n-export={POT}",
            f"--modules={MODULE}",
            "--stop-after-init",
            "--no-http",
            log_name="i18n-export",
        )
        for lang in LANGUAGES:
            total, missing = merge(POT, I18N / f"{lang}.po", lang)
            print(f"kam: {lang}.po: {total} terms, {missing} without translation")
        server.drop_database(DATABASE)
        return 0
    finally:
        server.stop()
