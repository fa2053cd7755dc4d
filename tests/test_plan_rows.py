"""real_rows on openpyxl's streamed sheets (rows cut and padded to max_col, empty and blank rows left out, the
rows openpyxl's iter_rows gives) and
parse_number's fast path for plain ints and floats (the same Decimal or error as parse_cell_number)."""

from __future__ import annotations

import functools
import io
import zipfile

import pytest
import xlsxwriter
from openpyxl import Workbook, load_workbook

from reporting.plan import sheet_reader
from reporting.plan.sheet_reader import parse_number, real_rows
from reporting.swedish import parse_cell_number
from sheet_xml import NS, random_sheet, workbook_parts


def _sheet(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B1"] = "Planår", 2025
    ws["A3"] = "Kontakt ekonomienheten"  # no value in B
    ws["B4"] = "   "  # blank text only
    ws["Z5"] = "x"  # beyond max_col only
    ws["A9000"], ws["B9000"], ws["C9000"] = "Sist", 7, "utanför"
    wb.save(tmp_path / "s.xlsx")
    return load_workbook(tmp_path / "s.xlsx", read_only=True, data_only=True).active


def test_rows_are_cut_and_padded_to_max_col(tmp_path):
    rows = list(real_rows(_sheet(tmp_path), max_col=2))
    assert rows == [(1, ("Planår", 2025)), (3, ("Kontakt ekonomienheten", None)), (9000, ("Sist", 7))]


def test_without_max_col_rows_keep_their_width(tmp_path):
    rows = dict(real_rows(_sheet(tmp_path)))
    assert sorted(rows) == [1, 3, 5, 9000]
    assert rows[5] == (None,) * 25 + ("x",) and rows[9000] == ("Sist", 7, "utanför")


EDGES = [0, -5, 10**18 - 1, 10**18, 10**28 - 1, 10**100 - 1, 10**100, -3158.3, 0.1, 1e99, 1e100, -1e300]
EDGES += [float("nan"), float("inf"), 5e-324, -0.0, True, "12,5", "1e100", None]


@pytest.mark.parametrize("value", EDGES, ids=repr)
def test_parse_number_reads_ints_and_floats_as_parse_cell_number_does(value):
    def outcome(parse):
        try:
            number = parse(value)
        except ValueError as exc:
            return type(exc).__name__, str(exc)
        return "ok", str(number)

    assert outcome(parse_number) == outcome(lambda v: parse_cell_number(v)[0])


def test_parse_number_keeps_the_typed_digits():
    assert str(parse_number(-3158.3)) == "-3158.3" and str(parse_number(2025)) == "2025"
    with pytest.raises(ValueError, match="too large"):
        parse_number(10**100 - 1)  # Decimal's 28 digits round it up to MAX_MAGNITUDE


@functools.cache
def _base() -> bytes:
    """A one-sheet workbook with shared strings, written once for every _with_sheet (the same package each time)."""
    base = io.BytesIO()
    book = xlsxwriter.Workbook(base, {"in_memory": True})
    book.add_worksheet("S").write_string(0, 0, "x")  # so that the package has shared strings
    book.close()
    return base.getvalue()


def _with_sheet(tmp_path, sheet: bytes, name: str):
    """The streamed sheet of a workbook whose only sheet and strings are the scanner tests' XML."""
    parts = workbook_parts(sheet)
    target = tmp_path / f"{name}.xlsx"
    with zipfile.ZipFile(io.BytesIO(_base())) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            keep = item.filename not in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml")
            new.writestr(item, old.read(item) if keep else parts[item.filename])
    return load_workbook(target, read_only=True, data_only=True).active


MESSY = (  # rows out of order, a row number twice, rows without a number, gaps
    f'<worksheet xmlns="{NS}"><sheetData>'
    '<row r="2"><c r="A2"><v>2</v></c></row><row r="7"><c r="A7"><v>7</v></c></row>'
    '<row r="5"><c r="B5"><v>5</v></c></row><row r="7"><c r="C7"><v>77</v></c></row>'
    '<row><c r="A8"><v>8</v></c></row><row r="1048576"><c r="Z1048576" t="s"><v>1</v></c></row>'
    "</sheetData></worksheet>"
).encode()


@pytest.mark.filterwarnings("ignore:Unknown extension is not supported")
@pytest.mark.parametrize("seed", [*range(40), "messy"])
def test_stored_rows_are_the_rows_iter_rows_gives_without_its_empty_ones(tmp_path, monkeypatch, seed):
    ws = _with_sheet(tmp_path, MESSY if seed == "messy" else random_sheet(int(seed)), str(seed))
    parsed = list(real_rows(ws)), list(real_rows(ws, max_col=3))
    monkeypatch.setattr(sheet_reader, "_parsed_rows", lambda ws: None)  # openpyxl's iter_rows, every row
    assert parsed == (list(real_rows(ws)), list(real_rows(ws, max_col=3)))
    if seed == "messy":
        assert [n for n, _ in parsed[0]] == [2, 7, 8, 1048576]
