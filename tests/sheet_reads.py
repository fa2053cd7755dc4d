"""Cell values of a workbook for the tests, read by python-calamine (Rust) and given as openpyxl gives them.

openpyxl's read-only mode took 10-50 ms to read a sheet of a report, a template or a plan; calamine reads
one in 1-2 ms. What calamine gives differently is put back from the sheet's XML: the sheet's width (its stored
dimension, which counts styled empty cells), a formula cell's formula text (calamine gives its cached value),
a cell holding the empty string (calamine gives "" for an empty cell too), whole numbers stored as such (int,
where calamine gives a float), dates as datetime, and control characters stored as ``_xHHHH_`` as that
text, which openpyxl leaves them in. A sheet this reader does not mimic (a shared or array formula, no stored dimension, a
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

_STRINGS = "xl/sharedStrings.xml"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]+[0-9]+:)?([A-Z]+)([0-9]+)"')
_DENSE_MAX = 1 << 20  # calamine builds a sheet as one block from A1: a stray cell far out is left to openpyxl
_ANY_FORMULA = re.compile(rb"<f[ />]")
_FORMULA = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"[^>]*>\s*(?:<v>[^<]*</v>\s*)?<f>([^<]*)</f>')
_STRING_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"[^>]*? t="s"[^>]*>\s*<v>([0-9]+)</v>')
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"[^>]*? t="e"[^>]*>\s*<v>([^<]*)</v>')
_EMPTY_STRING = re.compile(rb"<si/>|<si>\s*(?:<t(?:\s[^>]*)?(?:/>|></t>))?\s*</si>")
_ESCAPED = re.compile(rb"_x[0-9A-Fa-f]{4}_")  # a character written as _xHHHH_, which openpyxl leaves as it is
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")  # what xlsxwriter writes as _xHHHH_ (and &#13; as itself)


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
        strings = archive.read(_STRINGS) if _STRINGS in archive.namelist() else b""
    empty = _empty_strings(strings) if any(b' t="s"' in x for x in xml.values()) else set()
    book = CalamineWorkbook.from_filelike(BytesIO(data))
    values = SheetValues()
    for name in names:
        escaped = bool(_ESCAPED.search(strings) or _ESCAPED.search(xml[name]))
        rows = _calamine_rows(book, name, xml[name], empty, escaped)
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


def _empty_strings(strings: bytes) -> set[bytes]:
    """The shared-string indexes (as stored in a cell) of the empty string: openpyxl gives "" there, not None."""
    items = re.findall(rb"<si>.*?</si>|<si/>", strings, re.S)
    return {str(i).encode() for i, item in enumerate(items) if _EMPTY_STRING.fullmatch(item)}


def _calamine_rows(
    book: CalamineWorkbook, name: str, xml: bytes, empty: set[bytes], escaped: bool
) -> list[tuple[Any, ...]] | None:
    """The sheet's rows as openpyxl's read-only mode gives them, or None when this reader cannot tell them.
    ``escaped``: the strings hold _xHHHH_ escapes, so a control character calamine gives was written as one."""
    dimension = _DIMENSION.search(xml[:4096])
    formulas = _FORMULA.findall(xml)
    if dimension is None or len(_ANY_FORMULA.findall(xml)) != len(formulas):
        return None
    width, height = column_index_from_string(dimension.group(1).decode()), int(dimension.group(2))
    if width * height > _DENSE_MAX:
        return None
    read = book.get_sheet_by_name(name).to_python(skip_empty_area=False)[:height]  # within the dimension
    rows = [[_openpyxl_value(v, escaped) for v in row[:width]] for row in read]
    _put(rows, _as_stored(xml, formulas, empty), height, width)
    return [tuple(row) + (None,) * (width - len(row)) for row in rows]


def _as_stored(xml: bytes, formulas: list[tuple[bytes, bytes]], empty: set[bytes]) -> dict[bytes, str]:
    """The cells whose value openpyxl takes from the XML as it stands and calamine does not: a formula's text
    (calamine gives its cached value), an error's text and a stored empty string (calamine gives neither)."""
    cells = {}
    if empty:
        cells.update({ref: "" for ref, index in _STRING_CELL.findall(xml) if index in empty})
    if b' t="e"' in xml:
        cells.update({ref: html.unescape(text.decode()) for ref, text in _ERROR_CELL.findall(xml)})
    cells.update({ref: "=" + html.unescape(text.decode()) for ref, text in formulas})  # a formula's text first
    return cells


def _put(rows: list[list[Any]], cells: dict[bytes, str], height: int, width: int) -> None:
    """Set each cell (A1 reference: value), growing the rows where calamine had none (a formula without a
    cached value may be the last cell of its row or of the sheet)."""
    for ref, value in cells.items():
        row, column = coordinate_to_tuple(ref.decode())
        if row > height or column > width:
            continue  # outside the stored dimension, which read-only mode trusts
        rows.extend([] for _ in range(row - len(rows)))
        rows[row - 1].extend([None] * (column - len(rows[row - 1])))
        rows[row - 1][column - 1] = value


def _openpyxl_value(value: Any, escaped: bool) -> Any:
    """calamine's value as openpyxl gives it: "" is empty, 2025.0 is 2025, a date is a datetime, a carriage
    return stored as "_x000D_" is "_x000D_" (one stored as &#13; is itself)."""
    if isinstance(value, str):
        return (_CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value) if escaped else value) or None
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
