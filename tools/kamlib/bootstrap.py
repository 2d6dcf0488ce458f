"""Find Odoo and the virtual environment; standard library only."""

import hashlib
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
REQUIREMENTS = PROJECT / "requirements.txt"
STATE = PROJECT / ".kam"
ODOO_SOURCES = (
    "https://github.com/odoo/odoo/tree/18.0 (or the nightly builds at https://nightly.odoo.com/)"
)


class HarnessError(Exception):
    """A situation the user must fix; printed without a traceback."""


def fail(message):
    print(f"\nkam: {message}\n", file=sys.stderr)
    sys.exit(2)


def venv_dir():
    return Path(os.environ.get("KAM_VENV") or PROJECT / ".venv")


def venv_python():
    return venv_dir() / "bin" / "python"


def _odoo_version(tree):
    release = tree / "odoo" / "release.py"
    if not (tree / "odoo-bin").is_file() or not release.is_file():
        return None
    match = re.search(r"version_info\s*=\s*\((\d+),\s*(\d+)", release.read_text())
    return (int(match[1]), int(match[2])) if match else None


def find_odoo():
    """The Odoo 18.0 source tree: ODOO_PATH, an importable odoo, /opt/odoo."""
    candidates = []
    if os.environ.get("ODOO_PATH"):
        candidates.append(("ODOO_PATH", Path(os.environ["ODOO_PATH"])))
    else:
        spec = importlib.util.find_spec("odoo")
        if spec and spec.submodule_search_locations:
            tree = Path(list(spec.submodule_search_locations)[0]).parent
            candidates.append(("the importable odoo package", tree))
        candidates.append(("/opt/odoo", Path("/opt/odoo")))
    for origin, tree in candidates:
        version = _odoo_version(tree)
        if version == (18, 0):
            return tree.resolve()
        if version:
            fail(
                f"{origin} ({tree}) holds Odoo {version[0]}.{version[1]}; "
                f"this add-on needs Odoo 18.0. Point ODOO_PATH to an 18.0 tree."
            )
    looked = ", ".join(str(tree) for _origin, tree in candidates)
    fail(
        "no Odoo 18.0 source tree found (looked at: "
        f"{looked}).\n"
        "  Needed: a folder holding `odoo-bin` and the `odoo/` package of Odoo 18.0.\n"
        "  Put it at /opt/odoo or set ODOO_PATH=/path/to/odoo.\n"
        f"  Official sources: {ODOO_SOURCES}"
    )


def _requirements_stamp():
    digest = hashlib.sha256(REQUIREMENTS.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _build_venv():
    venv = venv_dir()
    stamp = venv / ".kam-requirements"
    if stamp.is_file() and stamp.read_text() == _requirements_stamp():
        return
    if sys.version_info[:2] != (3, 11):
        print(
            f"kam: warning: the pinned requirements are for Python 3.11, "
            f"this is {sys.version.split()[0]}",
            file=sys.stderr,
        )
    print(f"kam: preparing the virtual environment {venv} (pinned requirements)…", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [
                str(venv_python()),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                str(REQUIREMENTS),
            ],
            check=True,
        )
    except subprocess.CalledProcessError as error:
        fail(f"could not prepare the virtual environment ({error}); see pip's output above.")
    stamp.write_text(_requirements_stamp())


def ensure_venv(argv):
    """Find Odoo, build the venv if needed and re-run this command inside it."""
    odoo_tree = find_odoo()
    os.environ["ODOO_PATH"] = str(odoo_tree)
    if Path(sys.prefix).resolve() == venv_dir().resolve():
        return
    _build_venv()
    os.execv(str(venv_python()), [str(venv_python()), str(PROJECT / "tools" / "kam.py"), *argv])
