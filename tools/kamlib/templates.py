"""Cached template databases, rebuilt when the module (or Odoo) changes.

- base template: Odoo with the module's dependencies and their demo data;
- module template: a clone of it with key_account_management installed and
  the web assets pre-built (tours need them; building takes ~50 s).
Databases are named after a hash of what they are built from, so a stale
template is never reused; a build happens under a temporary name and is
renamed when complete, so an interrupted build is never mistaken for a cache.
"""

import hashlib
import time

from .bootstrap import PROJECT, REQUIREMENTS, HarnessError
from .odoo_runner import DATA_DIR, DEPENDENCIES, MODULE, odoo_path, run, shell

PREFIX = "kam_tpl_"


def _digest(*paths, extra=""):
    digest = hashlib.sha256(extra.encode())
    for root in paths:
        files = (
            [root]
            if root.is_file()
            else sorted(
                p
                for p in root.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            )
        )
        for path in files:
            digest.update(str(path.name if root.is_file() else path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def base_hash():
    release = odoo_path() / "odoo" / "release.py"
    return _digest(REQUIREMENTS, release, extra=DEPENDENCIES)


def module_hash():
    return _digest(PROJECT / MODULE, extra=base_hash())


def base_template_name():
    return f"{PREFIX}base_{base_hash()}"


def module_template_name():
    return f"{PREFIX}mod_{module_hash()}"


def _log(message):
    print(f"kam: {message}", flush=True)


def _build(server, config, name, steps):
    building = f"{name}_building"
    server.drop_database(building, DATA_DIR)
    started = time.monotonic()
    steps(building)
    server.rename_database(building, name, DATA_DIR)
    _log(f"template {name} built in {time.monotonic() - started:.0f} s")


def _drop_stale(server, keep):
    for name in server.list_databases():
        if name.startswith(PREFIX) and name not in keep:
            server.drop_database(name, DATA_DIR)


def ensure_base_template(server, config):
    name = base_template_name()
    if server.database_exists(name):
        return name

    def steps(building):
        _log(f"building the base template {name} ({DEPENDENCIES}, with demo data)…")
        server.create_database(building)
        run(
            config,
            "-d",
            building,
            "-i",
            DEPENDENCIES,
            "--stop-after-init",
            "--no-http",
            log_name="template-base",
        )

    _build(server, config, name, steps)
    return name


def ensure_module_template(server, config):
    base = ensure_base_template(server, config)
    name = module_template_name()
    if not server.database_exists(name):

        def steps(building):
            _log(f"building the module template {name} ({MODULE}, assets)…")
            server.create_database(building, template=base, data_dir=DATA_DIR)
            _, log_file = run(
                config,
                "-d",
                building,
                "-i",
                MODULE,
                "--stop-after-init",
                "--no-http",
                log_name="template-module",
            )
            # Odoo installs a module whose demo data fails without it, and says
            # so only in a warning: a template without the demo story is broken
            if "demo data failed to install" in log_file.read_text():
                raise HarnessError(f"the demo data of {MODULE} failed to install; see {log_file}")
            shell(
                config,
                building,
                "env['ir.qweb']._pregenerate_assets_bundles()",
                log_name="template-assets",
            )

        _build(server, config, name, steps)
    _drop_stale(server, keep={base, name})
    return name


def clone(server, template, name):
    """A fresh copy of a template (database and filestore)."""
    server.drop_database(name, DATA_DIR)
    server.create_database(name, template=template, data_dir=DATA_DIR)
    return name
