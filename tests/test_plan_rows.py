"""real_rows on openpyxl's streamed sheets (rows cut and padded to max_col, empty and blank rows left out) and
parse_number's fast path for plain ints and floats (the same Decimal or error as parse_cell_number)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from reporting.plan.sheet_reader import parse_number, real_rows
from reporting.swedish import parse_cell_number


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
