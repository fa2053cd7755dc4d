"""Cell values of a workbook for the tests, read by python-calamine (Rust) and given as openpyxl gives them.

openpyxl's read-only mode took 10-50 ms to read a sheet of a report, a template or a plan; calamine reads
one in 1-2 ms. What calamine gives differently is put back from the sheet's XML: the sheet's width (its stored
dimension, which counts styled empty cells), a formula cell's formula text (calamine gives its cached value),
a cell holding the empty string (calamine gives "" for an empty cell too), whole numbers stored as such (int,
where calamine gives a float), dates as datetime, and control characters as the ``_xHHHH_`` text openpyxl
leaves them in. A sheet this reader does not mimic (a shared or array formula, no stored dimension, a
dimension too large for calamine's dense block) is read by openpyxl's read-only mode, as before.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple
from python_calamine import CalamineWorkbook

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]+[0-9]+:)?([A-Z]+)([0-9]+)"')
_DENSE_MAX = 1 << 20  # calamine builds a sheet as one block from A1: a stray cell far out is left to openpyxl
_ANY_FORMULA = re.compile(rb"<f[ />]")
_FORMULA = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"[^>]*>(?:<v>[^<]*</v>)?<f>([^<]*)</f>')
_STRING_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"[^>]*? t="s"[^>]*><v>([0-9]+)</v>')
_EMPTY_STRING = re.compile(rb"<si><t(?: [^>]*)?(?:/>|></t>)</si>")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")  # what xlsxwriter writes as _xHHHH_ and openpyxl reads back so


class SheetValues(dict[str, list[tuple[Any, ...]]]):
    """Sheet name -> its rows of values, for the sheets read; ``names`` are all the workbook's sheets, in order."""

    names: list[str]


def sheet_values(path: Path, *sheets: str) -> SheetValues:
    """The rows of values of ``sheets`` (every sheet when none is named), in the workbook's sheet order.

    As openpyxl's ``iter_rows(values_only=True)`` in read-only mode gives them: rows padded to the sheet's
    stored width, None for an empty cell, a formula cell's "=…" text; empty rows at the end are left out.
    For values only: styles, merged cells and validations need openpyxl's full read. Trusts the sheet's
    stored dimension, as read-only mode does: for our own writers' files, not for hostile ones.
    """
    data = Path(path).read_bytes()
    with zipfile.ZipFile(BytesIO(data)) as archive:
        parts = _sheet_parts(archive)
        names = [n for n in parts if not sheets or n in sheets]
        missing = set(sheets) - set(names)
        assert not missing, f"no sheet {sorted(missing)} in {Path(path).name}: {list(parts)}"
        xml = {name: archive.read(parts[name]) for name in names}
        empty = _empty_strings(archive) if any(b' t="s"' in x for x in xml.values()) else set()
    book = CalamineWorkbook.from_filelike(BytesIO(data))
    values = SheetValues()
    for name in names:
        rows = _calamine_rows(book, name, xml[name], empty)
        values[name] = _trimmed(rows if rows is not None else _openpyxl_rows(data, name))
    values.names = list(parts)
    return values


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheet names, from its workbook part alone (no sheet is read)."""
    with zipfile.ZipFile(path) as archive:
        return list(_sheet_parts(archive))


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the package, in the workbook's order."""
    rels = {r.get("Id"): r.get("Target", "") for r in ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))}
    sheets = ET.fromstring(archive.read("xl/workbook.xml")).iter(f"{_MAIN}sheet")
    return {str(s.get("name")): _part(rels[s.get(_RID)]) for s in sheets}


def _part(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _empty_strings(archive: zipfile.ZipFile) -> set[bytes]:
    """The shared-string indexes (as stored in a cell) of the empty string: openpyxl gives "" there, not None."""
    if "xl/sharedStrings.xml" not in archive.namelist():
        return set()
    items = re.findall(rb"<si>.*?</si>|<si/>", archive.read("xl/sharedStrings.xml"), re.S)
    return {str(i).encode() for i, item in enumerate(items) if item == b"<si/>" or _EMPTY_STRING.fullmatch(item)}


def _calamine_rows(book: CalamineWorkbook, name: str, xml: bytes, empty: set[bytes]) -> list[tuple[Any, ...]] | None:
    """The sheet's rows as openpyxl's read-only mode gives them, or None when this reader cannot tell them."""
    dimension = _DIMENSION.search(xml[:4096])
    formulas = _FORMULA.findall(xml)
    if dimension is None or len(_ANY_FORMULA.findall(xml)) != len(formulas):
        return None
    width, height = column_index_from_string(dimension.group(1).decode()), int(dimension.group(2))
    if width * height > _DENSE_MAX:
        return None
    read = book.get_sheet_by_name(name).to_python(skip_empty_area=False)[:height]  # within the dimension
    rows = [[_openpyxl_value(v) for v in row[:width]] for row in read]
    overlay = {ref: "=" + html.unescape(text.decode()) for ref, text in formulas}
    if empty:
        overlay.update({ref: "" for ref, index in _STRING_CELL.findall(xml) if index in empty})
    _put(rows, overlay)
    return [tuple(row) + (None,) * (width - len(row)) for row in rows]


def _put(rows: list[list[Any]], cells: dict[bytes, str]) -> None:
    """Set each cell (A1 reference: value), growing the rows where calamine had none (a formula without a
    cached value may be the last cell of its row or of the sheet)."""
    for ref, value in cells.items():
        row, column = coordinate_to_tuple(ref.decode())
        rows.extend([] for _ in range(row - len(rows)))
        rows[row - 1].extend([None] * (column - len(rows[row - 1])))
        rows[row - 1][column - 1] = value


def _openpyxl_value(value: Any) -> Any:
    """calamine's value as openpyxl gives it: "" is empty, 2025.0 is 2025, a date is a datetime."""
    if isinstance(value, str):
        return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value) if value else None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _openpyxl_rows(data: bytes, name: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(BytesIO(data), read_only=True)
    try:
        return list(wb[name].iter_rows(values_only=True))
    finally:
        wb.close()


def _trimmed(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows
