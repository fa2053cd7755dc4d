"""Golden tests: each generated template sheet, cell by cell, against a reference (tests/golden/*.json).

The references were written once from the template writer before the sheet
contract existed, so these tests prove the contract-driven writer writes the
same workbook: values, locked cells, number formats, fills, validations,
column widths, protection. Regenerate only on purpose (see golden_dump.py).
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from golden_dump import dump_workbook
from reporting.plan.periods import Period
from reporting.template.write import build_template

GOLDEN = Path(__file__).parent / "golden"
FILL = {
    "Nyckeltal": {"N01": {"outcome": Decimal("4.2"), "analysis": "Bra"}},
    "Ekonomi": {"EK": {"actual": Decimal("-300.5")}},
    "Internkontroll": {"K02": {"done": "Delvis", "result": "Två av tre enheter", "deviation": "Ja"}},
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory, plan):
    path = tmp_path_factory.mktemp("golden") / "t.xlsx"
    build_template(plan, "MED", Period(2025, "T1"), path, FILL, created=datetime(2025, 1, 2, 3, 4, 5))
    return dump_workbook(path)


def test_workbook_sheets_and_names(generated):
    expected = json.loads((GOLDEN / "workbook.json").read_text(encoding="utf-8"))
    assert generated["sheets"] == expected["sheets"]
    assert generated["names"] == expected["names"]


@pytest.mark.parametrize(
    "sheet",
    ["Instruktion", "Nyckeltal", "Uppdrag", "Ekonomi", "Åtgärdsplan", "Investeringar", "Internkontroll", "_meta"],
)
def test_sheet_matches_reference(generated, sheet):
    expected = json.loads((GOLDEN / f"{sheet}.json").read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(generated[sheet], ensure_ascii=False, sort_keys=True))
    for part in ("protected", "hidden", "freeze", "widths", "validations"):
        assert actual[part] == expected[part], (sheet, part)
    assert actual["cells"].keys() == expected["cells"].keys(), sheet
    for ref, cell in expected["cells"].items():
        assert actual["cells"][ref] == cell, (sheet, ref)
