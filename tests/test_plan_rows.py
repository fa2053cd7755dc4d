"""real_rows on openpyxl's streamed sheets: rows cut and padded to max_col, empty and blank rows left out."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook

from reporting.plan.sheet_reader import real_rows


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
