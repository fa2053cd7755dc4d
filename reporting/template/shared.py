"""Data sheets every unit of a division shares: written cell by cell once, then reused as XML.

Nyckeltal, Uppdrag, Åtgärdsplan and Internkontroll hold the same cells and
validations in every unit template of a division (their rows depend on the
division and period only); the title in A1 and the print header and footer name
the unit. Writing those cells and validations is most of a template's cost, so
the first unit's sheet is written as usual and its ``<sheetData>`` and
``<dataValidations>`` XML kept; a later unit's sheet writes that XML after
registering the same shared strings in the same order. Everything else about the
sheet (widths, panes, print setup with the unit's header, protection) is set on
it as usual. The XML refers to shared-string and format indices, so a sheet is
reused only when every index comes out the same (checked each time); otherwise
it is written cell by cell. The result is the workbook the cell-by-cell writer
makes (tests/test_template_batch.py compares them).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reporting.template.spec import ASSIGNMENTS, INTERNAL_CONTROL, KEY_FIGURES, MEASURES, Row, SheetSpec

SHARED_SPECS = (KEY_FIGURES, ASSIGNMENTS, MEASURES, INTERNAL_CONTROL)  # rows by division and period only


class ReusableSheet(Worksheet):
    """A worksheet that writes kept cell and validation XML instead of its own (then empty) cell table."""

    kept: _Kept | None = None

    def _write_sheet_data(self) -> None:
        if self.kept is None:
            super()._write_sheet_data()
        else:
            self.fh.write(self.kept.sheet_data)

    def _write_data_validations(self) -> None:
        if self.kept is None:
            super()._write_data_validations()
        else:
            self.fh.write(self.kept.validations)


@dataclass(frozen=True)
class _Kept:
    """One written sheet, as reusable XML, and what must hold for the XML to be right in another workbook."""

    rows: list[Row]  # the plan rows it shows
    strings: tuple[str, ...]  # the text of every string cell after the title, in the order written
    indices: tuple[int, ...]  # the shared-string index of every string cell, the title first
    formats: tuple[int, ...]  # the indices of the workbook's formats (see pin_formats)
    dims: tuple[int, int, int, int]  # first row, last row, first column, last column
    sheet_data: str
    validations: str


def pin_formats(formats: object) -> None:
    """Give every format of a ``Formats`` its index now, in the order created, so indices do not depend on use.

    xlsxwriter numbers a format when a cell first uses it while the file is assembled;
    a reused sheet uses none, so without pinning the formats of later sheets would
    get other numbers than in the workbook the XML came from.
    """
    for value in vars(formats).values():
        if isinstance(value, Format):
            value._get_xf_index()


class SharedSheets:
    """The reusable sheets of one run (one plan and period), by sheet and division; one per process."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str], _Kept] = {}

    def reuse(
        self, wb: Workbook, ws: ReusableSheet, spec: SheetSpec, division_id: str, rows: list[Row], title: str
    ) -> bool:
        """Give ``ws`` the kept XML of this sheet when it fits ``wb`` exactly; False: write the cells."""
        kept = self._kept.get((spec.name, division_id))
        if kept is None or kept.rows != rows or kept.formats != _pinned(wb):
            return False
        strings = (title, *kept.strings)
        if not _same_indices(wb, strings, kept.indices):
            return False
        for text in strings:  # exactly the registrations writing the cells would make
            wb.str_table._get_shared_string_index(text)
        ws.dim_rowmin, ws.dim_rowmax, ws.dim_colmin, ws.dim_colmax = kept.dims
        ws.kept = kept
        return True

    def keep(self, wb: Workbook, ws: ReusableSheet, spec: SheetSpec, division_id: str, rows: list[Row]) -> None:
        """Keep the sheet just written cell by cell (title in A1) for the division's other units."""
        if spec not in SHARED_SPECS or (spec.name, division_id) in self._kept or ws.dim_rowmin is None:
            return
        text_of = {index: text for text, index in wb.str_table.string_table.items()}
        indices = tuple(c.string for line in ws.table.values() for c in line.values() if type(c).__name__ == "String")
        first = ws.table.get(0, {}).get(0)
        if not indices or first is None or type(first).__name__ != "String" or first.string != indices[0]:
            return  # the title is not the first string written: nothing safe to keep
        ws.fh = io.StringIO()
        try:
            ws._write_sheet_data()
            sheet_data = ws.fh.getvalue()
            ws.fh = io.StringIO()
            ws._write_data_validations()
            validations = ws.fh.getvalue()
        finally:
            ws.fh = None
        kept = _Kept(
            list(rows),
            tuple(text_of[i] for i in indices[1:]),
            indices,
            _pinned(wb),
            (ws.dim_rowmin, ws.dim_rowmax, ws.dim_colmin, ws.dim_colmax),
            sheet_data,
            validations,
        )
        self._kept[(spec.name, division_id)] = kept
        ws.kept = kept  # this workbook writes the same XML it just rendered


def _pinned(wb: Workbook) -> tuple[int, ...]:
    """The indices of the workbook's formats numbered so far, in the order created."""
    return tuple(f.xf_index for f in wb.formats if f.xf_index is not None)


def _same_indices(wb: Workbook, strings: tuple[str, ...], indices: tuple[int, ...]) -> bool:
    """Whether registering ``strings`` in ``wb`` now gives each the shared-string index in ``indices``."""
    table: dict[str, int] = wb.str_table.string_table
    new: dict[str, int] = {}
    following = wb.str_table.unique_count
    for text, wanted in zip(strings, indices, strict=True):
        index = table.get(text, new.get(text))
        if index is None:
            index = new[text] = following
            following += 1
        if index != wanted:
            return False
    return True
