"""The template sheets' quicker writing gives xlsxwriter's very bytes, and what it remembers per process (formulas,
format prototypes) never carries into a template of another plan, period or division."""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from econ_plans import seed002_plan
from helpers import rows_of, value_at
from reporting.demo.plan import demo_plan
from reporting.demo.submissions import demo_fill
from reporting.demo.units import unit_plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.template import write as template_write
from reporting.template.shared import ReusableSheet, SharedSheets
from reporting.template.write import build_template

CREATED = datetime(2025, 5, 2, 8, 30)
T1, HELAR = Period(2025, "T1"), Period(2025, "helar")


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"}


@pytest.fixture
def fixed_id(monkeypatch):
    monkeypatch.setattr(template_write.uuid, "uuid4", lambda: uuid.UUID(int=7))


@pytest.mark.parametrize(
    ("plan", "period", "filled"),
    [(demo_plan(), T1, True), (demo_plan(), HELAR, False), (seed002_plan(), T1, True)],
    ids=["mkr-T1-filled", "mkr-helar-blank", "tkr-T1-filled"],
)
def test_cells_written_directly_are_xlsxwriters_byte_for_byte(tmp_path, monkeypatch, fixed_id, plan, period, filled):
    divisions = [d.id for d in plan.divisions]
    fills = {d: demo_fill(plan, d, period) if filled else None for d in divisions}
    fills[divisions[0]] = {"Nyckeltal": {}, "Ekonomi": {}} | (fills[divisions[0]] or {})
    quick = [build_template(plan, d, period, tmp_path / "quick" / f"{d}.xlsx", fills[d], CREATED) for d in divisions]
    monkeypatch.setattr(ReusableSheet, "_write_cell", Worksheet._write_cell)
    monkeypatch.setattr(ReusableSheet, "_prepare_formula", Worksheet._prepare_formula)
    for d, written in zip(divisions, quick, strict=True):
        plain = build_template(plan, d, period, tmp_path / "plain" / f"{d}.xlsx", fills[d], CREATED)
        assert _members(written) == _members(plain)
    sheet = _members(quick[0])["xl/worksheets/sheet4.xml"]  # Ekonomi: formulas with their cached values
    assert b"<f>SUM(" in sheet and b't="s"' in sheet and b"<v>" in sheet


def test_unit_templates_with_reused_sheets_are_xlsxwriters_byte_for_byte(tmp_path, monkeypatch, fixed_id):
    plan = unit_plan(6)
    units = [(u.division, u.id) for u in plan.units]
    shared = SharedSheets()
    quick = [build_template(plan, d, T1, tmp_path / "quick" / f"{u}.xlsx", None, CREATED, u, shared) for d, u in units]
    monkeypatch.setattr(ReusableSheet, "_write_cell", Worksheet._write_cell)
    monkeypatch.setattr(ReusableSheet, "_prepare_formula", Worksheet._prepare_formula)
    for (d, u), written in zip(units, quick, strict=True):
        plain = build_template(plan, d, T1, tmp_path / "plain" / f"{u}.xlsx", None, CREATED, u)
        assert _members(written) == _members(plain)


def _economy(path: Path) -> dict[str, dict[str, object]]:
    """The Ekonomi sheet's Netto row: column header -> (value or formula, number format)."""
    ws = load_workbook(path)["Ekonomi"]
    headers = [c.value for c in ws[4]]
    netto = next(row for row in ws.iter_rows(min_row=5) if row[0].value == "NETTO")
    budget = next(row for row in ws.iter_rows(min_row=5) if row[0].value not in (None, "NETTO"))
    return {
        "netto": {h: (c.value, c.number_format) for h, c in zip(headers, netto, strict=True)},
        "first": {h: (c.value, c.number_format) for h, c in zip(headers, budget, strict=True)},
        "rows": {"count": ws.max_row},
    }


def test_a_template_of_another_plan_or_period_gets_its_own_formulas_and_formats(tmp_path):
    mkr, tkr = demo_plan(), seed002_plan()
    first = _economy(build_template(mkr, "MED", T1, tmp_path / "mkr.xlsx"))
    other = _economy(build_template(tkr, "MED", T1, tmp_path / "tkr.xlsx"))
    again = _economy(build_template(mkr, "MED", T1, tmp_path / "mkr-again.xlsx"))
    assert again == first
    budget_mkr, budget_tkr = "Budget helår (mkr)", "Budget helår (tkr)"
    assert first["netto"][budget_mkr][1] == '#,##0.0;[Red]-#,##0.0;"–"'
    assert other["netto"][budget_tkr][1] == '#,##0;[Red]-#,##0;"–"'
    assert other["first"][budget_tkr] == (21893, '#,##0;[Red]-#,##0;"–"')  # seed 002's MED, Externa intäkter
    assert first["first"][budget_mkr][1] == '#,##0.0;[Red]-#,##0.0;"–"'
    # Netto sums the group rows one by one, following each plan's own groups (seed 002's Delsumma rows left out)
    assert (first["rows"], other["rows"]) == ({"count": 10}, {"count": 15})
    assert first["netto"][budget_mkr][0] == "=SUM(C5,C6,C7,C8,C9)"
    assert other["netto"][budget_tkr][0] == "=SUM(C5,C6,C8,C9,C10,C11,C12,C13)"
    assert other["netto"]["Avvikelse mot periodiserad budget (tkr)"][0] == "=E15-D15"


def test_a_unit_template_of_another_division_or_period_shows_its_own_budget(tmp_path):
    plan = unit_plan(4)
    shared = SharedSheets()
    written = {}
    for period in (T1, HELAR, T1):
        for unit in plan.units:
            path = tmp_path / f"{period.key}-{unit.id}.xlsx"
            build_template(plan, unit.division, period, path, unit_id=unit.id, shared=shared)
            rows = rows_of(path, "Ekonomi")
            budget = {row[0]: row[2] for row in rows[4:] if row[0]}
            title = value_at(rows, "A1")
            assert title == f"Ekonomi – {Reporter.of(plan, unit.division, unit.id).name} – {period.label}"
            frame = plan.frame(unit.division, period.year, unit.id)
            assert frame is not None
            groups = {gid: float(amount) for gid, amount in frame.amounts.items()}
            assert {k: v for k, v in budget.items() if k in groups} == pytest.approx(groups)
            written.setdefault(unit.id, []).append(budget)
    for budgets in written.values():  # each unit its own budget, the same in each period
        assert budgets[0] == budgets[1] == budgets[2]
    assert len({tuple(sorted(b[0].items())) for b in written.values()}) == len(written)


CELL_WRITES: dict[str, Callable[[Worksheet, int, Any], Any]] = {  # (sheet, row, format) -> one cell written
    "text": lambda ws, r, f: ws.write_string(r, 0, "Förskott & <ränta>", f),
    "number": lambda ws, r, f: ws.write_number(r, 0, 1 / 3, f),
    "minus zero": lambda ws, r, f: ws.write_number(r, 0, -0.0, f),
    "large": lambda ws, r, f: ws.write_number(r, 0, 12345678901234567890, f),
    "tiny": lambda ws, r, f: ws.write_number(r, 0, 1e-300, f),
    "blank": lambda ws, r, f: ws.write_blank(r, 0, None, f),
    "formula, number": lambda ws, r, f: ws.write_formula(r, 0, "=SUM(A1:A3)", f, 7.5),
    "formula, integer": lambda ws, r, f: ws.write_formula(r, 0, "=A1-B1", f, 12),
    "formula, escaped": lambda ws, r, f: ws.write_formula(r, 0, '=IF(A1<>0,"a&b",1)', f, 1),
    "formula, text": lambda ws, r, f: ws.write_formula(r, 0, "=A1", f, "ja"),
    "formula, true": lambda ws, r, f: ws.write_formula(r, 0, "=A1>0", f, True),
    "formula, error": lambda ws, r, f: ws.write_formula(r, 0, "=1/0", f, "#DIV/0!"),
    "formula, no value": lambda ws, r, f: ws.write_formula(r, 0, "=B2*2", f),
    "formula, future function": lambda ws, r, f: ws.write_formula(r, 0, "=STDEV.S(A1:A3)", f, 2),
    "boolean": lambda ws, r, f: ws.write_boolean(r, 0, False, f),
    "date": lambda ws, r, f: ws.write_datetime(r, 0, datetime(2025, 4, 30), f),
    "array formula": lambda ws, r, f: ws.write_array_formula(r, 0, r, 0, "{=SUM(B1:B3*C1:C3)}", f, 4),
    "rich string": lambda ws, r, f: ws.write_rich_string(r, 0, "a ", ws.bold, "b", *([f] if f else [])),
}


@pytest.mark.parametrize("options", [{"in_memory": True}, {"constant_memory": True}], ids=["in-memory", "constant"])
@pytest.mark.parametrize("name", sorted(CELL_WRITES))
def test_each_kind_of_cell_is_written_as_xlsxwriter_writes_it(name, options, tmp_path):
    """With a format, with one whose index is 0, and without: ReusableSheet's sheet XML is the plain one's."""
    ours, theirs = _sheet_xml(name, options, tmp_path)
    assert ours == theirs
    assert ours.count(b"<c r=") == (2 if name == "blank" else 3)  # a blank cell without a format is not written


def test_a_formula_prepared_for_future_functions_is_not_reused_without_them(tmp_path):
    """The per-process formula memo is keyed by the sheet's future-function setting too."""
    for future in (True, False, True):
        ours, theirs = _sheet_xml("formula, future function", {"use_future_functions": future}, tmp_path)
        assert ours == theirs and (b"_xlfn.STDEV.S" in ours) == future


def _sheet_xml(name: str, options: dict[str, Any], tmp_path: Path) -> tuple[bytes, bytes]:
    """The sheet XML of CELL_WRITES[name] written three times, by a ReusableSheet and by a plain Worksheet."""
    sheets = []
    for cls in (ReusableSheet, Worksheet):
        path = tmp_path / f"{cls.__name__}.xlsx"
        wb = Workbook(str(path), options)
        ws = wb.add_worksheet("S", worksheet_class=cls)
        ws.bold = wb.add_format({"bold": True})
        styled, default = wb.add_format({"italic": True, "num_format": "0.0"}), wb.add_format({})
        for row, style in enumerate((styled, default, None)):
            CELL_WRITES[name](ws, row, style)
        wb.close()
        with zipfile.ZipFile(path) as z:
            sheets.append(z.read("xl/worksheets/sheet1.xml"))
    return sheets[0], sheets[1]
