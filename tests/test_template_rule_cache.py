"""A template's validation rules, one per rule and sheet: the same cells get the same rules as per-cell calls give."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime

import pytest

from golden_dump import dump_workbook
from reporting.demo.plan import demo_plan
from reporting.plan.periods import Period
from reporting.template import rule_cache
from reporting.template import write as template_write
from reporting.template.write import build_template

CREATED = datetime(2025, 1, 2, 3, 4, 5)
UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
STAMPS = re.compile(rb"<dcterms:(created|modified)([^>]*)>[^<]*</dcterms:\1>")  # the time of writing, to the second
VALIDATIONS = re.compile(rb"<dataValidations .*?</dataValidations>", re.S)


def _members(path):
    with zipfile.ZipFile(path) as archive:  # the template id is a fresh uuid in every file
        return {
            name: STAMPS.sub(rb"<dcterms:\1\2>", UUID.sub(b"<uuid>", archive.read(name))) for name in archive.namelist()
        }


def _plain(ws, row, col, rule, taken):
    ws.data_validation(row, col, row, col, rule)


@pytest.mark.parametrize("period", ["T1", "helar"])
def test_merged_rules_give_each_cell_the_rule_per_cell_calls_give(tmp_path, monkeypatch, period):
    plan = demo_plan()
    merged = build_template(plan, "MED", Period(2025, period), tmp_path / "merged.xlsx", created=CREATED)
    monkeypatch.setattr(template_write, "add_validation", _plain)
    plain = build_template(plan, "MED", Period(2025, period), tmp_path / "plain.xlsx", created=CREATED)
    merged_dump, plain_dump = dump_workbook(merged), dump_workbook(plain)
    assert merged_dump == plain_dump  # every cell: the same rule, prompt and error (golden_dump lists them per cell)
    assert sum(len(sheet["validations"]) for sheet in plain_dump.values() if isinstance(sheet, dict)) > 100
    ours, theirs = _members(merged), _members(plain)
    assert ours.keys() == theirs.keys()
    for name in ours:  # apart from the validations block, byte for byte xlsxwriter's own file
        assert VALIDATIONS.sub(b"", ours[name]) == VALIDATIONS.sub(b"", theirs[name]), name
    key_figures = "xl/worksheets/sheet2.xml"  # Nyckeltal: a rule per kind of figure, not per row
    assert theirs[key_figures].count(b"<dataValidation ") > 30
    assert 0 < ours[key_figures].count(b"<dataValidation ") <= 8


def test_a_rule_is_taken_once_per_workbook_and_written_once_per_sheet(tmp_path):
    from xlsxwriter import Workbook

    wb = Workbook(str(tmp_path / "x.xlsx"), {"in_memory": True})
    first, second = wb.add_worksheet("S"), wb.add_worksheet("T")
    rule = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 5, "input_title": "Tal"}
    other = {"validate": "list", "source": ["Ja", "Nej"]}
    taken: dict = {}
    for row, col in [(0, 1), (1, 1), (2, 1), (0, 3), (4, 1)]:
        rule_cache.add_validation(first, row, col, dict(rule), taken)
    rule_cache.add_validation(first, 1, 3, dict(other), taken)
    rule_cache.add_validation(second, 7, 0, dict(rule), taken)
    assert [v["cells"] for v in first.validations] == [[[0, 1, 2, 1], [0, 3, 0, 3], [4, 1, 4, 1]], [[1, 3, 1, 3]]]
    assert [v["cells"] for v in second.validations] == [[[7, 0, 7, 0]]]
    assert len(taken) == 2 and second.validations[0]["validate"] == "decimal"
    wb.close()
    with zipfile.ZipFile(tmp_path / "x.xlsx") as archive:
        sheets = [archive.read(f"xl/worksheets/sheet{n}.xml").decode() for n in (1, 2)]
    assert re.findall(r'sqref="([^"]+)"', sheets[0]) == ["B1:B3 D1 B5", "D2"]
    assert re.findall(r'sqref="([^"]+)"', sheets[1]) == ["A8"]
    assert sheets[0].count('promptTitle="Tal"') == 1 and sheets[1].count("<formula2>5</formula2>") == 1
