"""Shared helpers of the robust-reading tests (tests/test_robust_read_*.py).

Every crafted file in those tests is read by both readers (fast and careful); they
must agree and no exception may escape. Time bounds are generous: they catch work
that grows with a declared size (minutes), not a slow machine.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from helpers import complete_edits
from reporting.intake.checking import check_file
from reporting.plan.periods import Period
from reporting.template.spec import DATA_SHEETS

T1 = Period(2025, "T1")
EKONOMI = "xl/worksheets/sheet4.xml"
META = f"xl/worksheets/sheet{len(DATA_SHEETS) + 2}.xml"  # after Instruktion and the data sheets
WORKBOOK = "xl/workbook.xml"


def both(path: Path, plan: Any) -> tuple[Any, Any]:
    """The same file through the fast and the careful reader."""
    return check_file(path, plan, T1), check_file(path, plan, T1, careful=True)


def verdict(result: Any) -> tuple[bool, list[tuple[str, str, str, str]]]:
    return result.accepted, [(f.rule.value, f.severity.value, f.sheet, f.cell) for f in result.findings]


def as_fill(edits: dict[tuple[str, str, str], Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """helpers.complete_edits' {(sheet, id, key): value} as build_template's fill (real cached formula values)."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for (sheet, row_id, key), value in edits.items():
        out.setdefault(sheet, {}).setdefault(row_id, {})[key] = value
    return out


def member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def good_template(make_template: Any, plan: Any) -> Path:
    """A complete Medicin file written with real cached formula values (as Excel saves it)."""
    return make_template("MED", fill=as_fill(complete_edits(plan, "MED")), name="good.xlsx")
