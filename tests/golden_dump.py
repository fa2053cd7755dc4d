"""A template sheet as plain data, cell by cell, for the golden tests (tests/golden/*.json)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

VOLATILE_META = {"template_id", "created"}  # a fresh uuid and the time of writing
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def validation_cells(sqref: Any) -> list[str]:
    """Each cell of a validation's ranges: which rule a cell has, however the file groups its cells."""
    return [
        f"{get_column_letter(col)}{row}"
        for cell_range in sqref.ranges
        for row in range(cell_range.min_row, cell_range.max_row + 1)
        for col in range(cell_range.min_col, cell_range.max_col + 1)
    ]


def dump_sheet(ws: Any) -> dict[str, Any]:
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None and c.protection.locked:
                continue
            value = c.value
            if ws.title == "_meta" and c.column == 2 and ws.cell(c.row, 1).value in VOLATILE_META:
                value = "<volatile>"
            cells[c.coordinate] = {
                "value": value if isinstance(value, (str, int, float, bool)) or value is None else str(value),
                "locked": c.protection.locked,
                "format": c.number_format,
                "fill": c.fill.fgColor.rgb if c.fill and c.fill.fill_type else None,
                "bold": bool(c.font and c.font.b),
            }
    validations = sorted(
        [
            {
                "range": cell,
                "type": dv.type,
                "operator": dv.operator,
                "formula1": dv.formula1,
                "formula2": dv.formula2,
                "prompt": dv.prompt,
                "error": dv.error,
            }
            for dv in ws.data_validations.dataValidation
            for cell in validation_cells(dv.sqref)
        ],
        key=lambda d: d["range"],
    )
    widths = {k: round(v.width, 2) for k, v in sorted(ws.column_dimensions.items()) if v.width}
    return {
        "cells": cells,
        "validations": validations,
        "widths": widths,
        "protected": bool(ws.protection.sheet),
        "hidden": ws.sheet_state,
        "freeze": ws.freeze_panes,
    }


def dump_workbook(path: Path) -> dict[str, Any]:
    wb = load_workbook(path)
    out = {"sheets": wb.sheetnames, "names": sorted(wb.defined_names.keys())}
    for ws in wb.worksheets:
        out[ws.title] = dump_sheet(ws)
    return out


def same_parts(a: Path, b: Path) -> bool:
    """The files are the same apart from what a dump leaves out (the save time, _meta's template id and
    time of writing), so their dumps are equal without reading a cell: a batch writes such files.
    Use as ``same_parts(a, b) or dump_workbook(a) == dump_workbook(b)``; False says nothing."""
    return bool(_parts(a) == _parts(b))


def _parts(path: Path) -> dict[str, Any]:
    """Every part of the file as bytes, but the save time left out and the shared strings as a list with
    the _meta values of VOLATILE_META masked."""
    with zipfile.ZipFile(path) as z:
        parts: dict[str, Any] = {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
    if "xl/sharedStrings.xml" not in parts:
        return parts
    strings = ["".join(si.itertext()) for si in ElementTree.fromstring(parts["xl/sharedStrings.xml"])]
    for index in _volatile_strings(parts, strings):
        strings[index] = "<volatile>"
    parts["xl/sharedStrings.xml"] = strings
    return parts


def _volatile_strings(parts: dict[str, Any], strings: list[str]) -> list[int]:
    """The shared-string indices of _meta's B cells whose key (column A) is volatile."""
    book = ElementTree.fromstring(parts["xl/workbook.xml"])
    rid = next(
        (s.get(f"{{{_NS['r']}}}id") for s in book.iterfind("m:sheets/m:sheet", _NS) if s.get("name") == "_meta"), None
    )
    if rid is None:
        return []
    rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    target = next(r.get("Target") for r in rels.iterfind("p:Relationship", _NS) if r.get("Id") == rid)
    sheet = ElementTree.fromstring(parts["xl/" + str(target).removeprefix("/xl/")])
    found = []
    for row in sheet.iterfind("m:sheetData/m:row", _NS):
        cells = {c.get("r", "")[:1]: c for c in row.iterfind("m:c", _NS) if c.get("t") == "s"}
        key, value = cells.get("A"), cells.get("B")
        if key is not None and value is not None and strings[int(key.findtext("m:v", "0", _NS))] in VOLATILE_META:
            found.append(int(value.findtext("m:v", "0", _NS)))
    return found
