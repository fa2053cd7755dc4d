"""A template sheet as plain data, cell by cell, for the golden tests (tests/golden/*.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

VOLATILE_META = {"template_id", "created"}  # a fresh uuid and the time of writing


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
                "range": str(dv.sqref),
                "type": dv.type,
                "operator": dv.operator,
                "formula1": dv.formula1,
                "formula2": dv.formula2,
                "prompt": dv.prompt,
                "error": dv.error,
            }
            for dv in ws.data_validations.dataValidation
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
