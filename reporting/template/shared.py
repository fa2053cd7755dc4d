"""Sheets every unit of a division shares: written cell by cell once, then reused as XML.

Instruktion, Nyckeltal, Uppdrag, Åtgärdsplan and Internkontroll are the same in
every unit template of a division (their rows depend on the division and period
only) except for the title in A1 and the print header and footer, which name the
unit. Writing them is most of a template's cost, so the first unit's sheet is
written as usual and its XML kept as it is assembled into the file; a later
unit's sheet writes that XML with its own header and footer, after registering
the same shared strings (its own title first) in the same order. The XML refers
to shared-string and format indices, so a sheet is reused only when every index
comes out the same (checked each time); otherwise it is written cell by cell.
The result is the workbook the cell-by-cell writer makes
(tests/test_template_batch.py compares them).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from reporting.template.spec import ASSIGNMENTS, INTERNAL_CONTROL, KEY_FIGURES, MEASURES
from reporting.xlsx.write import QuickSheet

SHARED_SPECS = (KEY_FIGURES, ASSIGNMENTS, MEASURES, INTERNAL_CONTROL)  # rows by division and period only
_MARK = "\x00"  # where the header and footer go; XML text never holds NUL
_FORMULAS: dict[tuple[str, bool, bool], str] = {}  # see ReusableSheet._prepare_formula
MOST_FORMULAS = 10_000  # kept per process; when full the memo starts again


class ReusableSheet(QuickSheet):
    """A worksheet that writes kept XML around its own header and footer, or keeps the XML it writes; its cells
    and formulas are written as xlsxwriter writes them, with less work (see QuickSheet, _prepare_formula)."""

    kept: _Kept | None = None
    keeping: Callable[[str], None] | None = None  # given this sheet's XML, header and footer marked

    def _assemble_xml_file(self) -> None:
        if self.kept is not None:
            self.fh.write(self.kept.head)
            self._write_header_footer()
            self.fh.write(self.kept.tail)
            self._xml_close()
            return
        start = self.fh.tell() if isinstance(self.fh, io.StringIO) else None
        self._marks: list[int] = []
        super()._assemble_xml_file()
        if self.keeping is not None and start is not None and len(self._marks) == 2:
            text = self.fh.getvalue()
            first, last = self._marks
            self.keeping(text[start:first] + _MARK + text[last:])

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        """xlsxwriter's, remembered per process: it runs thirty regular-expression substitutions on every
        formula (a tenth of a unit template's time), and every template writes the same economy formulas."""
        key = (formula, expand_future_functions, self.use_future_functions)
        prepared = _FORMULAS.get(key)
        if prepared is None:
            if len(_FORMULAS) >= MOST_FORMULAS:
                _FORMULAS.clear()
            prepared = _FORMULAS[key] = super()._prepare_formula(formula, expand_future_functions)
        return prepared

    def _write_header_footer(self) -> None:
        marks = getattr(self, "_marks", None)
        if marks is not None and self.kept is None:
            marks.append(self.fh.tell())
        super()._write_header_footer()
        if marks is not None and self.kept is None:
            marks.append(self.fh.tell())


@dataclass(frozen=True)
class _Kept:
    """One sheet's XML, and what must hold for it to be right in another workbook."""

    content: object  # what the sheet shows besides its title (the plan rows), compared with ==
    strings: tuple[str, ...]  # the text of every string cell after the title, in the order written
    indices: tuple[int, ...]  # the shared-string index of every string cell, the title first
    formats: tuple[int, ...]  # the indices of the workbook's formats (see pin_formats)
    head: str  # the sheet's XML up to its header and footer
    tail: str  # … and after them


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

    def reuse(self, wb: Workbook, ws: ReusableSheet, key: tuple[str, str], content: object, title: str) -> bool:
        """Give ``ws`` the kept XML of sheet ``key`` when it fits ``wb`` exactly; False: write the cells."""
        kept = self._kept.get(key)
        if kept is None or kept.content != content or kept.formats != _pinned(wb):
            return False
        strings = (title, *kept.strings)
        if not _same_indices(wb, strings, kept.indices):
            return False
        for text in strings:  # exactly the registrations writing the cells would make
            wb.str_table._get_shared_string_index(text)
        ws.kept = kept
        return True

    def keep(self, wb: Workbook, ws: ReusableSheet, key: tuple[str, str], content: object) -> None:
        """Keep the sheet just written cell by cell (its title the first string, in A1) when its file is assembled."""
        if key in self._kept:
            return
        text_of = {index: text for text, index in wb.str_table.string_table.items()}
        indices = tuple(c.string for line in ws.table.values() for c in line.values() if type(c).__name__ == "String")
        first = ws.table.get(0, {}).get(0)
        if not indices or first is None or type(first).__name__ != "String" or first.string != indices[0]:
            return  # the title is not the first string written: nothing safe to keep
        strings = tuple(text_of[i] for i in indices[1:])

        def kept(xml: str) -> None:  # the formats as numbered when the sheet was assembled
            head, tail = xml.split(_MARK)
            self._kept.setdefault(key, _Kept(content, strings, indices, _pinned(wb), head, tail))

        ws.keeping = kept


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
