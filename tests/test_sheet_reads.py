"""sheet_values reads with calamine what openpyxl's read-only mode gave the tests: the same rows, values and
types, for the files the tests read (a report, feedback, templates, a plan, filled templates), without openpyxl."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from openpyxl import Workbook, load_workbook
from openpyxl.reader.excel import ExcelReader

from helpers import AsText, complete_edits, fill, rows_of, sheet_names, sheet_values, value_at
from reporting.plan.periods import Period


def _reference(path: Path) -> tuple[dict[str, list[tuple[Any, ...]]], list[str]]:
    """Every sheet's rows as the helper read them before calamine: openpyxl's read-only mode, trailing empty
    rows left out."""
    wb = load_workbook(path, read_only=True)
    try:
        values = {}
        for name in wb.sheetnames:
            rows = list(wb[name].iter_rows(values_only=True))
            while rows and all(v is None for v in rows[-1]):
                rows.pop()
            values[name] = rows
        return values, list(wb.sheetnames)
    finally:
        wb.close()


def _typed(rows: list[tuple[Any, ...]]) -> list[tuple[tuple[type, Any], ...]]:
    """Values with their types: 5 and 5.0, a date and a datetime are equal but not the same value read."""
    return [tuple((type(v), v) for v in row) for row in rows]


def _without_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("read with openpyxl")

    monkeypatch.setattr(ExcelReader, "read", refuse)


def _assert_read_alike(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    references = {path: _reference(path) for path in paths}
    _without_openpyxl(monkeypatch)
    for path, (expected, names) in references.items():
        values = sheet_values(path)
        assert values.names == names == sheet_names(path) == list(values), path.name
        for name in names:
            assert _typed(values[name]) == _typed(expected[name]), f"{path.name}: {name}"
            assert _typed(rows_of(path, name)) == _typed(expected[name]), f"{path.name}: {name}"


def test_the_demos_files_read_as_openpyxl_read_them(demo_cli, monkeypatch):
    """The report (dates, numbers, long texts), a division's feedback, a template (economy formulas with cached
    values, empty strings on Åtgärdsplan), the plan (dates on Perioder), central values and a filled template."""
    ws, _ = demo_cli
    paths = [
        *sorted((ws / "outbox").glob("*.xlsx")),
        sorted((ws / "outbox" / "återkoppling").glob("*.xlsx"))[0],
        ws / "templates_xlsx" / "2025-T1 Division Medicin.xlsx",
        ws / "plan.xlsx",
        ws / "Centrala värden.xlsx",
        ws / "inbox" / "2025-T1 Division Medicin.xlsx",
    ]
    _assert_read_alike(paths, monkeypatch)
    ekonomi = sheet_values(paths[2], "Ekonomi")["Ekonomi"]
    assert any(isinstance(v, str) and v.startswith("=SUM(") for row in ekonomi for v in row)  # formulas, as text
    assert any("" in row for row in sheet_values(paths[2], "Åtgärdsplan")["Åtgärdsplan"])  # a stored empty string
    assert any(isinstance(v, datetime) for row in rows_of(paths[3], "Perioder") for v in row)


def test_a_filled_template_reads_its_formulas_without_cached_values_and_a_typed_line_break(
    make_template, plan, monkeypatch
):
    """fill() drops the edited sheets' cached formula values (as openpyxl's save did): the formula text is read.
    A typed "\\r\\n" is stored as &#13; and a newline, not as _x000D_: openpyxl gives "\\r", and so must this."""
    template = make_template("MED", Period(2025, "T1"))
    edits = {**complete_edits(plan, "MED"), ("Nyckeltal", "N04", "analysis"): AsText("rad ett\r\nrad två")}
    filled = fill(template, edits, template.with_name("filled.xlsx"))
    _assert_read_alike([template, filled], monkeypatch)
    assert "rad ett\r\nrad två" in {v for row in rows_of(filled, "Nyckeltal") for v in row}


def test_the_cell_kinds_our_writers_store_read_as_openpyxl_read_them(tmp_path, monkeypatch):
    path = tmp_path / "kinds.xlsx"
    wb = xlsxwriter.Workbook(path)
    sheet = wb.add_worksheet("Blad")
    day, moment = wb.add_format({"num_format": "yyyy-mm-dd"}), wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    clock = wb.add_format({"num_format": "hh:mm"})
    cells = [
        "text",
        "",
        "bell\x07 cr\r lf\n tab\t",
        "_x0041_ literal",
        5,
        5.0,
        5.5,
        -0.25,
        10**16,
        True,
        False,
    ]
    for col, value in enumerate(cells):
        write = sheet.write_string if value == "" else sheet.write  # write("") would leave the cell blank
        write(0, col, value)
    sheet.write_datetime(1, 0, date(2025, 4, 30), day)
    sheet.write_datetime(1, 1, datetime(2025, 4, 30, 13, 45), moment)
    sheet.write_datetime(1, 2, time(13, 45), clock)
    sheet.write_formula(1, 3, '=A1&"x"', None, "textx")
    sheet.write_formula(1, 4, "=SUM(E1:G1)", None, 15.5)
    sheet.write_blank(5, 14, None, day)  # a styled empty cell: widens the sheet, adds no row
    wb.close()
    _assert_read_alike([path], monkeypatch)
    rows = sheet_values(path)["Blad"]
    assert len(rows) == 2 and len(rows[0]) == 15
    assert rows[0][:5] == ("text", "", "bell_x0007_ cr_x000D_ lf\n tab\t", "_x0041_ literal", 5)
    assert value_at(rows, "D2") == '=A1&"x"' and value_at(rows, "A2") == datetime(2025, 4, 30)


def test_a_sheet_with_an_array_formula_is_read_by_openpyxl_as_before(tmp_path):
    """calamine gives an array formula's cached value; openpyxl's read-only mode gave its ArrayFormula."""
    path = tmp_path / "array.xlsx"
    wb = xlsxwriter.Workbook(path)
    sheet = wb.add_worksheet("S")
    sheet.write_column(0, 1, [1, 2])
    sheet.write_array_formula("A1:A1", "{=SUM(B1:B2*2)}", None, 6)
    wb.close()
    (formula, one), (_, two) = sheet_values(path)["S"]
    assert (formula.ref, formula.text, one, two) == ("A1", "=SUM(B1:B2*2)", 1, 2)


def test_a_formula_saved_by_openpyxl_in_the_last_row_and_column_is_read(tmp_path, monkeypatch):
    """openpyxl saves a formula without a cached value: calamine has no cell there, the sheet ends before it."""
    path = tmp_path / "formula.xlsx"
    wb = Workbook()
    wb.active.title = "Blad"
    wb.active["A1"], wb.active["B1"], wb.active["C3"] = 1, "#N/A", "=A1*2"  # "#N/A" is stored as an error
    wb.save(path)
    _assert_read_alike([path], monkeypatch)
    assert sheet_values(path)["Blad"] == [(1, "#N/A", None), (None, None, None), (None, None, "=A1*2")]


def test_cells_outside_a_too_small_stored_dimension_are_left_out_as_read_only_mode_leaves_them(tmp_path, monkeypatch):
    path = tmp_path / "dimension.xlsx"
    wb = xlsxwriter.Workbook(path)
    sheet = wb.add_worksheet("Blad")
    sheet.write_string(0, 0, "a")
    sheet.write_string(2, 0, "")  # a stored empty string: not in calamine's values, put back from the XML
    sheet.write_formula(3, 1, "=1+1", None, 2)
    wb.close()
    _patch(path, {b'<dimension ref="A1:B4"/>': b'<dimension ref="A1"/>'})
    _assert_read_alike([path], monkeypatch)
    assert sheet_values(path)["Blad"] == [("a",)]


def test_an_indented_package_reads_as_openpyxl_read_it(tmp_path, monkeypatch):
    """Gnumeric indents its XML: "<si>\\n    <t></t>\\n  </si>" is the empty string, "<c …>\\n  <f>" a formula."""
    path = tmp_path / "indented.xlsx"
    wb = xlsxwriter.Workbook(path)
    sheet = wb.add_worksheet("Blad")
    sheet.write_string(0, 0, "a")
    sheet.write_string(0, 1, "")
    sheet.write_formula(0, 2, "=1+1", None, 2)
    wb.close()
    _patch(path, {b"<si>": b"<si>\n    ", b"</si>": b"\n  </si>", b"><v>": b">\n  <v>", b"><f>": b">\n  <f>"})
    _assert_read_alike([path], monkeypatch)
    assert sheet_values(path)["Blad"] == [("a", "", "=1+1")]


def _patch(path: Path, replacements: dict[bytes, bytes]) -> None:
    """Rewrite the package with each of its parts' texts replaced, as another program would have written it."""
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in parts.items():
            for old, new in replacements.items():
                data = data.replace(old, new)
            archive.writestr(info, data)
