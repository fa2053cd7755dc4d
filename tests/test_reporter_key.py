"""A reporter's key ("MED", "MED/AKUT") is built and taken apart in one place (plan.reporter), as the intake log,
the archive's index, the withdrawals and the history spell it."""

from __future__ import annotations

import ast
from pathlib import Path

from reporting.plan.reporter import key_division, key_unit, reporter_key

PACKAGE = Path(__file__).resolve().parents[1] / "reporting"


def test_a_key_is_built_and_read_back():
    assert (reporter_key("MED"), reporter_key("MED", "AKUT")) == ("MED", "MED/AKUT")
    assert [(key_division(k), key_unit(k)) for k in ("MED", "MED/AKUT")] == [("MED", ""), ("MED", "AKUT")]


def test_no_module_spells_the_separator_of_a_key_itself():
    """An f-string "{division}/{unit}" or a split on "/" of a division outside plan/reporter.py is a second
    spelling of the key (archive paths and URLs are not keys: they are built with pathlib or not split)."""
    spelled = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "reporter.py" or "archive" in path.name:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.JoinedStr):
                parts = node.values
                for left, mid, right in zip(parts, parts[1:], parts[2:]):
                    if (
                        isinstance(left, ast.FormattedValue)
                        and isinstance(mid, ast.Constant)
                        and mid.value == "/"
                        and isinstance(right, ast.FormattedValue)
                    ):
                        spelled.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert spelled == []
