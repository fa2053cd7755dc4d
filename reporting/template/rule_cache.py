"""Data validations of a template: one validation per rule and sheet, listing every cell the rule covers.

A template's 150 input cells use about twenty rules. Written one validation per cell (as
``data_validation`` per cell does) the rules made up half of each sheet's XML, and every
reader of the file (Excel, LibreOffice, openpyxl, our intake) parsed each one again.
Excel itself keeps one validation for a selection: ``sqref="E5:E19 G5:G19"``. So a rule is
checked and converted by xlsxwriter once per workbook (``taken``), and each later cell with
the same rule joins the sheet's validation of that rule, a cell just below the previous one
growing its range. Which cells have which rule is exactly what per-cell calls give
(tests/test_template_rule_cache.py compares them).
"""

from __future__ import annotations

from typing import Any


def add_validation(ws: Any, row: int, col: int, rule: dict[str, Any], taken: dict[str, dict[str, Any]]) -> None:
    """The rule for one cell; ``taken`` (one per workbook) holds the options xlsxwriter made of each rule."""
    key = repr(rule)
    on_sheet: dict[str, dict[str, Any]] = ws.__dict__.setdefault("_rules_on_sheet", {})
    validation = on_sheet.get(key)
    if validation is not None:
        _add_cell(validation["cells"], row, col)
        return
    options = taken.get(key)
    if options is not None:
        ws.validations.append({**options, "cells": [[row, col, row, col]]})
    elif ws.data_validation(row, col, row, col, rule) == 0 and ws.validations[-1]["cells"] == [[row, col, row, col]]:
        taken[key] = ws.validations[-1]
    else:
        return  # refused by xlsxwriter (it warned): nothing to merge into
    on_sheet[key] = ws.validations[-1]


def _add_cell(cells: list[list[int]], row: int, col: int) -> None:
    """Add a cell to a validation's ranges: the range ending just above it in its column grows to include it."""
    last = cells[-1]
    if last[1] == last[3] == col and last[2] == row - 1:
        last[2] = row
    else:
        cells.append([row, col, row, col])
