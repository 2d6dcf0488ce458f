"""What the code and the documentation claim of the handbooks and of the add-on."""

import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
MODULE = PROJECT / "key_account_management"
SOURCES = (".py", ".xml", ".js", ".md", ".html", ".csv")
# 000 grades deals by expected closing time and likelihood, without numbers:
# the months and percentages of the grade rules are the add-on's defaults
HANDBOOK_GRADES = re.compile(r"handbooks?'s?\s+(?:default\s+)?grades?\b", re.IGNORECASE)
# the buying roles the README lists
BUYING_ROLES = ("economic", "technical", "user", "actual buyer", "coach", "procurement")


def _sources():
    yield PROJECT / "README.md"
    for path in sorted(MODULE.rglob("*")):
        if path.suffix in SOURCES and "static/lib" not in path.as_posix():
            yield path


def test_no_grade_numbers_are_the_handbooks():
    claims = [
        f"{path.relative_to(PROJECT)}:{number}"
        for path in _sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HANDBOOK_GRADES.search(line)
    ]
    assert claims == [], "the grade thresholds are the add-on's defaults, not the handbook's"


@pytest.mark.parametrize(
    "path", ["readme/DESCRIPTION.md", "static/description/index.html"], ids=lambda p: p
)
def test_the_description_says_what_the_readme_says(path):
    text = " ".join((MODULE / path).read_text(encoding="utf-8").split())
    assert "invoiced volume" not in text
    for tier_input in ("last twelve months' revenue", "annual purchase volume", "importance"):
        assert tier_input in text, f"{path}: the tiers come from {tier_input} too"
    assert "six buying roles" not in text
    for role in BUYING_ROLES:
        assert role in text, f"{path}: the buying role {role!r} is missing"
