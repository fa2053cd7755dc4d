"""The cell-edit helper (tests/edit_xml.py) changes a plan as an openpyxl read and save does, by patching the package:
what ``change`` reads is what openpyxl reads, what it writes reads back as openpyxl's save, and the product's plan
check finds the same; what the stand-in does not do goes to openpyxl."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import helpers
from edit_xml import edit_cells
from reporting.plan.read import check_plan
from sheet_reads import sheet_values

SHEETS = {"Nämnd": "xl/worksheets/sheet2.xml", "Nyckeltal": "xl/worksheets/sheet6.xml"}


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _both(source: Path, tmp_path: Path, change: Any) -> tuple[Path, Path]:
    """``change`` made by edit_cells and by an openpyxl read and save (helpers.edit_workbook)."""
    return edit_cells(source, change, tmp_path / "patched.xlsx"), helpers.edit_workbook(
        source, change, tmp_path / "openpyxl.xlsx"
    )


def _values(path: Path, *sheets: str) -> dict[str, list[tuple[Any, ...]]]:
    """The sheets' values, "" as None: xlsxwriter keeps an empty text cell that an openpyxl save drops."""
    found = sheet_values(path, *sheets)
    return {name: [tuple(None if v == "" else v for v in row) for row in rows] for name, rows in found.items()}


def _findings(path: Path) -> list[tuple[Any, ...]]:
    return [(f.rule, f.severity, f.sheet, f.cell, f.message) for f in check_plan(path)[1]]


def test_what_change_reads_is_what_openpyxl_reads(demo_plan_xlsx, tmp_path):
    seen: dict[str, list[Any]] = {}

    def look(wb: Any) -> None:
        ws = wb["Nämnd"]
        key = "openpyxl" if "openpyxl" in type(wb).__module__ else "patched"
        seen[key] = [
            [(c.value, c.row, c.column, c.column_letter) for c in ws["A"]],
            [(c.value, c.coordinate) for c in wb["Nyckeltal"][1]],
            [ws["B4"].value, ws["B5"].value, ws["B9"].value, ws.max_row, ws.max_column],
        ]

    _both(demo_plan_xlsx, tmp_path, look)
    assert repr(seen["patched"]) == repr(seen["openpyxl"])  # with the types that == does not tell apart (1, 1.0)
    assert repr(seen["patched"][2]) == "[2025, 5, None, 12, 2]"  # ints, an empty styled cell, the sheet's extent
    assert seen["patched"][1][0] == ("Id", "A1")


def test_edits_read_back_and_check_as_openpyxls_and_only_the_edited_parts_change(demo_plan_xlsx, tmp_path):
    def change(wb: Any) -> None:
        ws = wb["Nämnd"]
        ws["B5"] = 5.5  # a decimal over a whole number
        ws["B6"] = "två"  # text where a number is due
        ws["B7"] = None  # emptied
        ws.cell(ws.max_row + 2, 1, "Extra")  # a row the sheet lacks
        ws["C1"] = "=1+1"  # a formula in a column the sheet lacks
        kf = wb["Nyckeltal"]
        kf.cell(3, kf.max_column + 1, -3)

    patched, resaved = _both(demo_plan_xlsx, tmp_path, change)
    assert _values(patched) == _values(resaved)
    assert _values(patched, "Nämnd")["Nämnd"][13] == ("Extra", None, None)
    assert _findings(patched) == _findings(resaved) != []
    before, after = _parts(demo_plan_xlsx), _parts(patched)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {*SHEETS.values(), "xl/sharedStrings.xml"} and after.keys() == before.keys()


@pytest.mark.parametrize(
    "change",
    [
        lambda wb: wb["Perioder"].__setitem__("C2", date(2025, 5, 20)),  # a date written
        lambda wb: wb["Nämnd"].__setitem__("B2", wb["Perioder"]["C2"].value),  # a date read
        lambda wb: wb.remove(wb["Uppdrag"]),  # a call the stand-in does not have
    ],
    ids=["date-written", "date-read", "sheet-removed"],
)
def test_what_the_stand_in_does_not_do_goes_to_openpyxl(demo_plan_xlsx, tmp_path, change):
    patched, resaved = _both(demo_plan_xlsx, tmp_path, change)
    assert _values(patched) == _values(resaved)
    assert _findings(patched) == _findings(resaved)
    after = _parts(patched)
    assert after["xl/styles.xml"] != _parts(demo_plan_xlsx)["xl/styles.xml"]  # openpyxl wrote its own
