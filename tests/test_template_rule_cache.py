"""A template written with its validation rules taken and written once is byte for byte xlsxwriter's own."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime

import pytest

from reporting.demo.plan import demo_plan
from reporting.plan.periods import Period
from reporting.template import rule_cache
from reporting.template import write as template_write
from reporting.template.write import build_template

CREATED = datetime(2025, 1, 2, 3, 4, 5)
UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
STAMPS = re.compile(rb"<dcterms:(created|modified)([^>]*)>[^<]*</dcterms:\1>")  # the time of writing, to the second


def _members(path):
    with zipfile.ZipFile(path) as archive:  # the template id is a fresh uuid in every file
        return {
            name: STAMPS.sub(rb"<dcterms:\1\2>", UUID.sub(b"<uuid>", archive.read(name))) for name in archive.namelist()
        }


def _plain(ws, row, col, rule, taken):
    ws.data_validation(row, col, row, col, rule)


@pytest.mark.parametrize("period", ["T1", "helar"])
def test_cached_rules_write_the_same_file_as_xlsxwriter(tmp_path, monkeypatch, period):
    plan = demo_plan()
    cached = build_template(plan, "MED", Period(2025, period), tmp_path / "cached.xlsx", created=CREATED)
    monkeypatch.setattr(template_write, "add_validation", _plain)
    plain = build_template(plan, "MED", Period(2025, period), tmp_path / "plain.xlsx", created=CREATED)
    assert _members(cached) == _members(plain)
    sheet = _members(cached)["xl/worksheets/sheet2.xml"]  # Nyckeltal: one rule per key figure row
    assert sheet.count(b"<dataValidation ") > 10


def test_a_rule_is_taken_once_and_stored_for_each_cell(tmp_path):
    from xlsxwriter import Workbook

    wb = Workbook(str(tmp_path / "x.xlsx"), {"in_memory": True})
    ws = wb.add_worksheet("S", worksheet_class=rule_cache.RuleXml)
    rule = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 5, "input_title": "Tal"}
    taken: dict = {}
    for row in range(3):
        rule_cache.add_validation(ws, row, 1, dict(rule), taken)
    assert [v["cells"] for v in ws.validations] == [[[0, 1, 0, 1]], [[1, 1, 1, 1]], [[2, 1, 2, 1]]]
    assert len(taken) == 1 and ws.validations[1]["validate"] == "decimal"
    wb.close()
    sheet = zipfile.ZipFile(tmp_path / "x.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert re.findall(r'sqref="(\w+)"', sheet) == ["B1", "B2", "B3"]
    assert sheet.count('promptTitle="Tal"') == 3 and sheet.count("<formula2>5</formula2>") == 3
