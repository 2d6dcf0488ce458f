#!/usr/bin/env python3
"""Demo, test and benchmark-data commands for key_account_management.

    python3 tools/kam.py demo [--lang zh_CN]   serve a demo database on :8069
    python3 tools/kam.py test                  lint + every test, Odoo's crm/sale_crm suites
    python3 tools/kam.py bench-data --opportunities 5000 ...   synthetic data set

Runs with the system Python 3.11 alone: it creates (or reuses) the virtual
environment ``.venv`` with the pinned requirements, then re-runs itself there.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from kamlib import bootstrap


def main():
    bootstrap.ensure_venv(sys.argv[1:])
    from kamlib import cli  # needs the virtual environment's packages

    return cli.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
