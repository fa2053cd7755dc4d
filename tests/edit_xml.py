"""Change a few cells of a workbook by patching its package (fill_xml), as Excel keeps a workbook when a person
types, instead of an openpyxl read and save (about 25 ms for the demo plan, most tests' whole cost).

``edit_cells(path, change, out)`` calls ``change(book)`` with a stand-in for openpyxl's workbook that has the part
of its API the plan tests use to set cells: ``wb[sheet]``, ``ws["B3"]``, ``ws["B3"] = v``, ``ws.cell(r, c, v)``,
``ws[1]`` (a row), ``ws["A"]`` (a column), ``cell.value``/``row``/``column``/``column_letter``,
``ws.max_row``/``max_column``. Values read as openpyxl reads them (text, int or float, bool, a formula's "=…");
a value written is typed as openpyxl types it (see fill_xml.cell). What the stand-in does not do (another call,
a date read or written, a package the patcher does not know) goes through openpyxl (helpers.edit_workbook).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple, get_column_letter

import fill_xml
import helpers

_NUMBER_FORMAT = re.compile(r'<numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELL_XFS = re.compile(r"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.S)
_XF = re.compile(r"<xf\b([^>]*?)/?>")


class Unsupported(fill_xml.Unsupported):
    """A call or a value the stand-in does not handle: the edit is made through openpyxl instead."""


class Cell:
    """One cell of a ``Sheet``: its value as openpyxl reads it; setting it records the edit."""

    def __init__(self, sheet: Sheet, row: int, column: int) -> None:
        self.parent, self.row, self.column = sheet, row, column
        self.column_letter = get_column_letter(column)
        self.coordinate = f"{self.column_letter}{row}"

    @property
    def value(self) -> Any:
        return self.parent.value_at(self.row, self.column)

    @value.setter
    def value(self, value: Any) -> None:
        self.parent.set(self.row, self.column, value)


class Sheet:
    """A worksheet of the package with the cells ``change`` set; as openpyxl, a cell looked at exists after."""

    def __init__(self, book: Book, title: str) -> None:
        self.book, self.title = book, title
        self.part = book.package.sheet(title)
        self.edits: dict[tuple[int, int], Any] = {}
        self.present = {(r, c) for r, row in self.part.rows.items() for c in row.cells}

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.present), default=1)

    @property
    def max_column(self) -> int:
        return max((c for _, c in self.present), default=1)

    def cell(self, row: int, column: int, value: Any = None) -> Cell:
        self.present.add((row, column))
        found = Cell(self, row, column)
        if value is not None:
            found.value = value
        return found

    def __getitem__(self, key: str | int) -> Any:
        text = str(key)
        if text.isdigit():  # a row, from column A to the last
            return tuple(self.cell(int(text), c) for c in range(1, self.max_column + 1))
        if text.isalpha():  # a column, from row 1 to the last
            column = column_index_from_string(text)
            return tuple(self.cell(r, column) for r in range(1, self.max_row + 1))
        if ":" in text:
            raise Unsupported(f"a range {text}")
        return self.cell(*coordinate_to_tuple(text))

    def __setitem__(self, key: str, value: Any) -> None:
        self[key].value = value

    def set(self, row: int, column: int, value: Any) -> None:
        self.present.add((row, column))
        self.edits[(row, column)] = value

    def value_at(self, row: int, column: int) -> Any:
        if (row, column) in self.edits:
            return self.edits[(row, column)]
        found = self.part.rows.get(row)
        cell = found.cells.get(column) if found else None
        return None if cell is None else self.book.typed(*cell)

    def __getattr__(self, name: str) -> Any:
        raise Unsupported(f"Worksheet.{name}")


class Book:
    """The stand-in for openpyxl's workbook: its sheets by name, the sheets ``change`` looked at kept."""

    def __init__(self, package: fill_xml.Package) -> None:
        self.package = package
        self.sheets: dict[str, Sheet] = {}
        self._dates: set[str] | None = None

    @property
    def sheetnames(self) -> list[str]:
        return list(self.package.sheet_parts)

    def __getitem__(self, name: str) -> Sheet:
        if name not in self.sheets:
            self.sheets[name] = Sheet(self, name)
        return self.sheets[name]

    def __getattr__(self, name: str) -> Any:
        raise Unsupported(f"Workbook.{name}")

    def typed(self, attrs: dict[str, str], content: str | None) -> Any:
        """A stored cell's value as openpyxl reads it; a date (a number in a date format) is not read here."""
        kind, value = attrs.get("t", "n"), _child(content, "v")
        formula = _child(content, "f")
        if formula is not None:
            return "=" + formula
        if kind == "s" and value is not None:
            return self.package.strings[int(value)]
        if kind == "inlineStr":
            return "".join(t.text or "" for t in ElementTree.fromstring(f"<c>{content}</c>").iter("t"))
        if kind in ("str", "e"):
            return value
        if kind == "b":
            return None if value is None else bool(int(value))
        if value is None or value == "":
            return None
        if attrs.get("s", "0") in self.date_styles():
            raise Unsupported("a date")
        return float(value) if any(ch in value for ch in ".eE") else int(value)

    def date_styles(self) -> set[str]:
        """The cell styles (``s``) whose number format is a date's or a time's."""
        if self._dates is None:
            styles = next((d for i, d in self.package.members if i.filename == "xl/styles.xml"), b"").decode()
            custom = dict(_NUMBER_FORMAT.findall(styles))
            xfs = _CELL_XFS.search(styles)
            ids = [re.search(r'numFmtId="(\d+)"', a) for a in _XF.findall(xfs.group(1) if xfs else "")]
            codes = [custom.get(m.group(1)) or BUILTIN_FORMATS.get(int(m.group(1))) if m else None for m in ids]
            self._dates = {str(n) for n, code in enumerate(codes) if code and is_date_format(code)}
        return self._dates


def _child(content: str | None, tag: str) -> str | None:
    """The text of the cell's ``<v>`` or ``<f>`` (XML references resolved), None without one."""
    if not content or f"<{tag}" not in content:
        return None
    node = ElementTree.fromstring(f"<c>{content}</c>").find(tag)
    return None if node is None else node.text or ""


def edit_cells(path: Path, change: Callable[[Any], None], out: Path | None = None) -> Path:
    """``edit_workbook(path, change, out)`` for a change that sets cells: the package patched, not re-saved."""
    data = Path(path).read_bytes()
    try:
        package = helpers._package(data, hashlib.sha256(data).hexdigest())
        book = Book(package)
        change(book)
    except fill_xml.Unsupported:  # before any edit was written: ``change`` is made again on openpyxl's workbook
        return helpers.edit_workbook(path, change, out)
    target = Path(out or path)
    try:
        target.write_bytes(_patched(book))
    except fill_xml.Unsupported:  # a value the patcher does not type: the same edits through openpyxl
        return helpers.edit_workbook(path, lambda wb: _replay(book, wb), out)
    return target


def _patched(book: Book) -> bytes:
    package = book.package
    strings = fill_xml.Strings(package)
    edited = {name: sheet.edits for name, sheet in book.sheets.items() if sheet.edits}
    if edited:
        for name in package.linked:
            edited.setdefault(name, {})  # its formulas' cached values may depend on the edits: dropped as well
    parts = {
        package.sheet_parts[name]: fill_xml.patched_sheet(
            package.sheet(name), {at: (value, False) for at, value in edits.items()}, strings
        )
        for name, edits in edited.items()
    }
    if strings.added or strings.references:
        parts[package.strings_part] = strings.xml()
    return fill_xml.write_package(package, parts)


def _replay(book: Book, wb: Any) -> None:
    for name, sheet in book.sheets.items():
        for (row, column), value in sheet.edits.items():
            wb[name].cell(row, column).value = value
