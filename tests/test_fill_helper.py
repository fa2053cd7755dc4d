"""The fill helper types values into a template the way Excel keeps a workbook when a person types: the package
patched (tests/fill_xml.py), every part but the edited sheets and the shared strings as the template has them.
Each value must read as the product reads a person's typing; what the patcher does not handle goes to openpyxl."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

import fill_xml
import helpers
from helpers import AsText, answer, complete_edits, fill, fill_resaved
from reporting.intake.read import read_file
from reporting.plan.periods import Period

T1 = Period(2025, "T1")
SHEET_PARTS = {"Nyckeltal": "xl/worksheets/sheet2.xml", "Uppdrag": "xl/worksheets/sheet3.xml"}
TYPED = {
    ("Nyckeltal", "N01", "outcome"): 4,  # index
    ("Nyckeltal", "N04", "outcome"): 88.5,  # percent
    ("Nyckeltal", "N05", "outcome"): "88,5 %",  # typed as text, as a person types it
    ("Nyckeltal", "N10", "outcome"): "=1+1",  # a formula, no value cached
    ("Nyckeltal", "N12", "outcome"): True,
    ("Nyckeltal", "N13", "outcome"): "#N/A",  # an error, as openpyxl types the text
    ("Nyckeltal", "N04", "analysis"): ' Kostnad < plan & "mål" > 0\r\nrad två ',
    ("Nyckeltal", "N05", "analysis"): AsText("=1+1"),
    ("Ekonomi", "IK", "actual"): Decimal("-12.25"),
    ("Uppdrag", "U01", "status"): "Pågår enligt plan",
    ("Uppdrag", "U02", "comment"): "",
    ("Nyckeltal", "N14", "outcome"): None,
}


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:  # docProps/core.xml holds the time of saving
        return {name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"}


@pytest.fixture
def resaved(monkeypatch) -> list[dict]:
    """The edits of each fill that went to openpyxl instead of the patcher."""
    calls: list[dict] = []
    original = helpers._resaved

    def spy(path, data, template, edits):
        calls.append(edits)
        return original(path, data, template, edits)

    monkeypatch.setattr(helpers, "_resaved", spy)
    return calls


@pytest.mark.parametrize("careful", [False, True], ids=["streaming", "careful"])
def test_each_value_type_lands_as_the_product_reads_it(make_template, plan, tmp_path, resaved, careful):
    helpers._SAVED.clear()
    filled = fill(make_template("MED"), TYPED, tmp_path / "typed.xlsx")
    result = read_file(filled, plan, T1, careful=careful)
    assert [answer(result.submission, *key) for key in TYPED] == [
        Decimal("4"),
        Decimal("88.5"),
        Decimal("88.5"),
        None,
        None,
        None,
        'Kostnad < plan & "mål" > 0\r\nrad två',  # escaped, the line break's \r kept, trimmed by the reader
        "=1+1",
        Decimal("-12.250"),
        "Pågår enligt plan",
        "",
        None,
    ]
    cells = sorted((f.rule.name, f.sheet, f.cell) for f in result.findings)
    expected = [("FORMULA_NO_CACHE", "E8"), ("NOT_A_NUMBER", "E10"), ("NOT_A_NUMBER", "E9")]  # =1+1, True, #N/A
    assert cells == [(rule, "Nyckeltal", ref) for rule, ref in expected]
    ws = load_workbook(filled)["Nyckeltal"]
    assert (ws["E9"].value, ws["E10"].value, ws["E8"].value, ws["I6"].value) == (
        True,
        "#N/A",
        "=1+1",
        ' Kostnad < plan & "mål" > 0\r\nrad två ',  # spaces kept (xml:space)
    )
    assert ws["E9"].data_type == "b" and ws["E10"].data_type == "e" and ws["I7"].data_type == "s"
    assert resaved == []


def test_text_is_appended_to_the_shared_strings_and_a_cell_is_emptied(make_template, plan, tmp_path, resaved):
    """Strings go to sharedStrings.xml as Excel keeps them (count: references, uniqueCount: entries); a filled
    file filled again (None empties a cell, a string already in the table is reused) reads as the last fill."""
    template = make_template("MED")
    edits = {("Uppdrag", "U01", "comment"): "Ny & unik", ("Uppdrag", "U02", "comment"): "Ny & unik"}
    first = fill(template, edits, tmp_path / "first.xlsx")
    edits = {("Uppdrag", "U01", "comment"): None, ("Uppdrag", "U03", "comment"): "Ny & unik"}
    again = fill(first, edits, tmp_path / "again.xlsx")
    for path, expected in ((first, ["Ny & unik", "Ny & unik", ""]), (again, ["", "Ny & unik", "Ny & unik"])):
        sub = read_file(path, plan, T1).submission
        assert [answer(sub, "Uppdrag", u, "comment") for u in ("U01", "U02", "U03")] == expected
        parts = _parts(path)
        table = parts["xl/sharedStrings.xml"].decode()
        references = sum(len(re.findall(r'<c [^>]*t="s"', p.decode())) for n, p in parts.items() if "sheets/" in n)
        assert re.search(r'count="(\d+)" uniqueCount="(\d+)"', table).groups() == (
            str(references),
            str(table.count("<si>")),
        )
        assert table.count("<si><t>Ny &amp; unik</t></si>") == 1
        assert "inlineStr" not in parts[SHEET_PARTS["Uppdrag"]].decode()
    u01 = load_workbook(again)["Uppdrag"]["E5"]
    assert u01.value is None and u01.protection.locked is False  # emptied, its input style kept
    assert resaved == []


def _book(path) -> dict:
    """What openpyxl reads of a workbook beyond its cells: sheet order and states, protection, validations,
    defined names, merged cells, panes, widths, print titles."""
    wb = load_workbook(path)
    sheets = {
        ws.title: (
            ws.sheet_state,
            repr(ws.protection),
            [repr(dv) for dv in ws.data_validations.dataValidation],
            sorted(map(str, ws.merged_cells.ranges)),
            ws.freeze_panes,
            {k: (d.width, d.hidden) for k, d in ws.column_dimensions.items()},
            {k: d.height for k, d in ws.row_dimensions.items()},
            ws.print_title_rows,
        )
        for ws in wb.worksheets
    }
    return {"order": wb.sheetnames, "sheets": sheets, "names": sorted(map(repr, wb.defined_names.values()))}


def _cells(path) -> dict[tuple[str, str], tuple]:
    """Every cell openpyxl reads: its value and its style (format, font, fill, border, alignment, protection)."""
    wb = load_workbook(path)
    return {
        (ws.title, c.coordinate): (
            c.value,
            c.number_format,
            *map(repr, (c.font, c.fill, c.border, c.alignment, c.protection)),
        )
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
    }


def test_a_filled_file_differs_from_its_template_in_the_edited_cells_alone(make_template, plan, tmp_path, resaved):
    template = make_template("MED")
    edits = complete_edits(plan, "MED")
    filled = fill(template, edits, tmp_path / "filled.xlsx")
    before, after = _cells(template), _cells(filled)
    wb = load_workbook(template)  # read once: a read per edit cost 2 s
    edited = {(s, helpers._Sheet(wb[s], s).ref(r, k)): v for (s, r, k), v in edits.items()}
    assert set(after) == set(before)  # every input cell exists in the template: none added
    changed = {key for key in before if before[key] != after[key]}
    assert changed == set(edited)
    for key, value in edited.items():
        typed = pytest.approx(value, rel=1e-15) if isinstance(value, float) else value  # 16 digits, as openpyxl
        assert after[key][0] == typed, key
        assert after[key][1:] == before[key][1:], key  # the input style kept
    assert _book(filled) == _book(template)
    untouched = {n: p for n, p in _parts(template).items() if n not in SHEET_PARTS.values()}
    untouched = {n: p for n, p in untouched.items() if "sheet" not in n and "sharedStrings" not in n}
    assert {n: _parts(filled)[n] for n in untouched} == untouched  # styles, workbook, rels: byte for byte
    assert list(zipfile.ZipFile(filled).namelist()) == list(zipfile.ZipFile(template).namelist())
    # the economy sheet's formulas lose their cached results, which the edits made stale: read as recomputed
    economy = load_workbook(filled, data_only=True)["Ekonomi"]
    assert [economy[f"{c}10"].value for c in "CDEFGH"] == [None] * 6
    assert load_workbook(template, data_only=True)["Ekonomi"]["C10"].value == pytest.approx(-1117.4)
    assert read_file(filled, plan, T1).findings == []
    assert resaved == []


def _rewritten(template: Path, out: Path, part: str, change) -> Path:
    """A copy of ``template`` with one part's XML changed by ``change``."""
    with zipfile.ZipFile(template) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for name in z.namelist():
            data = z.read(name)
            copy.writestr(name, change(data.decode()).encode() if name == part else data)
    return out


def test_a_cell_the_sheet_lacks_is_inserted_in_its_row_in_column_order(make_template, plan, tmp_path, resaved):
    lacking = _rewritten(
        make_template("MED"),
        tmp_path / "lacking.xlsx",
        SHEET_PARTS["Nyckeltal"],
        lambda xml: xml.replace('<c r="E6" s="15"/>', "").replace('<c r="J6" s="14"/>', ""),
    )
    filled = fill(lacking, {("Nyckeltal", "N04", "outcome"): 70, ("Nyckeltal", "N04", "actions"): "Fler tider"})
    row = re.search(r'<row r="6".*?</row>', _parts(filled)[SHEET_PARTS["Nyckeltal"]].decode()).group(0)
    assert re.findall(r'<c r="([A-Z]+)6"', row) == list("ABCDEFGHIJ")
    assert '<c r="E6"><v>70</v></c>' in row  # a new cell: no style of its own, as openpyxl creates one
    sub = read_file(filled, plan, T1).submission
    assert (answer(sub, "Nyckeltal", "N04", "outcome"), answer(sub, "Nyckeltal", "N04", "actions")) == (
        Decimal("70"),
        "Fler tider",
    )
    assert resaved == []


def test_a_row_the_sheet_lacks_is_inserted_in_row_order_and_the_dimension_widened(make_template, tmp_path):
    """fill finds a row by its id, so its row exists; the patcher itself inserts a row where a cell needs one."""
    package = fill_xml.read_package(make_template("MED").read_bytes())
    strings = fill_xml.Strings(package)
    cells = {(3, 2): (5, False), (40, 12): ("sist", False), (6, 5): (1.5, False)}
    part = fill_xml.patched_sheet(package.sheet("Nyckeltal"), cells, strings)
    out = tmp_path / "rows.xlsx"
    out.write_bytes(
        fill_xml.write_package(package, {SHEET_PARTS["Nyckeltal"]: part, "xl/sharedStrings.xml": strings.xml()})
    )
    assert re.findall(r'<row r="(\d+)"', part.decode()) == ["1", "2", "3", *map(str, range(4, 12)), "40"]
    assert b'<dimension ref="A1:L40"/>' in part
    for ws in (load_workbook(out)["Nyckeltal"], load_workbook(out, read_only=True)["Nyckeltal"]):
        assert (ws["B3"].value, ws["L40"].value, ws["E6"].value) == (5, "sist", 1.5)


def test_what_the_patcher_does_not_handle_goes_to_openpyxl(make_template, plan, tmp_path, resaved):
    """A date (openpyxl adds a date format to the styles), a value of another type and a package unlike
    xlsxwriter's (attributes in single quotes; openpyxl's own, without shared strings) are saved through openpyxl."""
    import numpy

    template = make_template("MED")
    dated = fill(template, {("Nyckeltal", "N01", "outcome"): datetime(2025, 3, 1)}, tmp_path / "dated.xlsx")
    cell = load_workbook(dated)["Nyckeltal"]["E5"]
    assert cell.is_date and cell.value == datetime(2025, 3, 1)
    assert [f.rule.name for f in read_file(dated, plan, T1).findings] == ["NOT_A_NUMBER"]
    odd = fill(template, {("Nyckeltal", "N01", "outcome"): numpy.int64(3)}, tmp_path / "odd.xlsx")
    assert load_workbook(odd)["Nyckeltal"]["E5"].value == 3
    quoted = _rewritten(
        template, tmp_path / "quoted.xlsx", SHEET_PARTS["Nyckeltal"], lambda x: x.replace('r="5"', "r='5'")
    )
    assert load_workbook(fill(quoted, {("Nyckeltal", "N01", "outcome"): 4}))["Nyckeltal"]["E5"].value == 4
    by_openpyxl = fill_resaved(template, {("Nyckeltal", "N01", "outcome"): 4}, tmp_path / "openpyxl.xlsx")
    assert "xl/sharedStrings.xml" not in _parts(by_openpyxl)
    filled = fill(by_openpyxl, {("Nyckeltal", "N04", "outcome"): 70})
    assert answer(read_file(filled, plan, T1).submission, "Nyckeltal", "N04", "outcome") == Decimal("70")
    assert len(resaved) == 5
    assert [type(next(iter(e.values()))) for e in resaved] == [datetime, numpy.int64, int, int, int]


def test_a_repeated_fill_is_a_copy_and_a_value_of_another_type_another_fill(make_template, tmp_path):
    template = make_template("MED", T1)
    helpers._SAVED.clear()
    first = fill(template, {("Nyckeltal", "N01", "outcome"): 1}, tmp_path / "first.xlsx")
    again = fill(template, {("Nyckeltal", "N01", "outcome"): 1}, tmp_path / "again.xlsx")
    assert again.read_bytes() == first.read_bytes() and len(helpers._SAVED) == 1
    as_text = fill(template, {("Nyckeltal", "N01", "outcome"): AsText("1")}, tmp_path / "text.xlsx")
    assert len(helpers._SAVED) == 2
    ws = load_workbook(as_text)["Nyckeltal"]
    assert (ws["E5"].value, ws["E5"].data_type, load_workbook(first)["Nyckeltal"]["E5"].value) == ("1", "s", 1)


def test_an_edit_from_the_kept_read_is_the_edit_of_a_fresh_read(demo_plan_xlsx, tmp_path):
    from openpyxl import load_workbook

    def change(wb):
        wb["Nyckeltal"]["F7"] = "Minst ,88"
        wb["Budgetramar"]["H3"] = datetime(2025, 3, 1)  # a date adds a style

    wb = load_workbook(demo_plan_xlsx)
    change(wb)
    wb.save(tmp_path / "fresh.xlsx")
    helpers._READ.clear()
    helpers._SEEN.clear()
    edited = [helpers.edit_workbook(demo_plan_xlsx, change, tmp_path / f"{n}.xlsx") for n in range(3)]
    assert len(helpers._READ) == 1  # kept from the second read on, the third is unpickled
    assert _parts(edited[0]) == _parts(edited[1]) == _parts(edited[2]) == _parts(tmp_path / "fresh.xlsx")
    assert _parts(edited[0]) != _parts(demo_plan_xlsx)


def test_a_template_of_an_equal_plan_is_a_copy_and_another_plan_builds_its_own(tmp_path):
    from dataclasses import replace

    from reporting.demo.plan import demo_plan

    helpers._BUILT.clear()
    first = helpers.template_copy(demo_plan(), "MED", T1, tmp_path / "a" / "first.xlsx")
    again = helpers.template_copy(demo_plan(), "MED", T1, tmp_path / "b" / "again.xlsx")
    assert again.read_bytes() == first.read_bytes() and len(helpers._BUILT) == 1
    other = helpers.template_copy(replace(demo_plan(), board="Annan nämnd"), "MED", T1, tmp_path / "other.xlsx")
    nv = helpers.template_copy(demo_plan(), "NV", T1, tmp_path / "nv.xlsx")
    assert len(helpers._BUILT) == 3
    assert (
        b"Annan n" in _parts(other)["xl/sharedStrings.xml"] and b"Annan n" not in _parts(first)["xl/sharedStrings.xml"]
    )
    assert _parts(nv) != _parts(first)


def test_sheet_values_are_the_values_of_a_full_read(seed002_run):
    """The read-only helper gives, sheet by sheet, what iter_rows(values_only=True) of a full read gives, for a
    template and the report it was consolidated into (formats and tkr amounts of seed 002)."""
    from econ_plans import report_path, workbook
    from helpers import sheet_values

    folder, _ = seed002_run
    for path in (folder / "mall-HSD.xlsx", report_path(folder)):
        full, values = workbook(path), sheet_values(path)
        assert list(values) == values.names == full.sheetnames
        for ws in full:
            assert values[ws.title] == list(ws.iter_rows(values_only=True)), ws.title
        numbers = [v for rows in values.values() for row in rows for v in row if type(v) in (int, float)]
        assert len(numbers) >= 10, path.name  # amounts, not only text
    assert list(sheet_values(report_path(folder), "Ekonomi", "Sammanfattning")) == ["Sammanfattning", "Ekonomi"]


def test_locate_in_a_file_finds_every_cell_locate_finds(make_template, plan, tmp_path):
    """locate_in looks (sheet, row id, column key) up in the package as fill reads it: the cell locate finds."""
    template = make_template("MED", T1)
    filled = fill(template, complete_edits(plan, "MED"), tmp_path / "filled.xlsx")
    wb = load_workbook(filled)
    asked = list(complete_edits(plan, "MED"))
    assert len(asked) > 50
    found = [helpers.locate_in(filled, *at) for at in asked]
    assert found == [helpers.locate(wb[sheet], row_id, key, sheet) for sheet, row_id, key in asked]
    assert helpers.locate_in(filled, "Nyckeltal", "N01", "outcome") == "E5"
    with pytest.raises(KeyError):
        helpers.locate_in(filled, "Nyckeltal", "N99", "outcome")
