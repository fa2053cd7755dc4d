"""Write a plan.xlsx from sheet → rows, independent of which Plan fields exist yet.

The seeds' plans use sheets and columns of the issue-12 plan format (Kontogrupper,
Satsningar, Frekvens, the goal tree's Överordnad/Nivå/Nummer, "Nämnd" rows). The typed
Plan and ``plan.write`` learn them as the features land; until then the demo writes the
workbook straight from rows keyed by column key. Existing sheets and headers are taken
from ``reporting.plan.sheets`` (the plan contract); the new ones are spelled here as
/work/briefs/plan-format.md gives them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from reporting.plan.sheets import (
    EFFECT_HEADER,
    FRAMES_SHEET,
    GOAL_HEADER,
    GROUP_COLUMNS,
    GROUPS_SHEET,
    PLANNED_RESULT_LABEL,
    SAVINGS_LABEL,
    SETTINGS,
    SETTINGS_SHEET,
    SHEETS,
    UNIT_LABEL,
    frame_columns,
)
from reporting.xlsx.write import Formats, atomic_workbook, write_value

Row = Mapping[str, Any]  # column key -> value
# New columns of the issue-12 format, by column key (headers as in plan-format.md)
NEW_COLUMNS: dict[str, str] = {
    "parent": "Överordnad",
    "level": "Nivå",
    "number": "Nummer",
    "frequency": "Frekvens",
    "kind": "Typ",
    "external": "Extern/intern",
    "accounts": "Konton",
    "subtotal": "Delsumma",
    "start": "Start",
    "end": "Slut",
}
RESULT_LABEL = PLANNED_RESULT_LABEL


def sheet_with(*keys: str) -> str:
    """The plan sheet whose columns include ``keys``: template-named sheets are spelled in plan.sheets only."""
    return next(name for name, columns in SHEETS.items() if set(keys) <= {key for _, key in columns})


KEY_FIGURES = sheet_with("aggregation")
ASSIGNMENTS = sheet_with("text", "goal_area")
MEASURES = sheet_with("consequence")
INVESTMENTS = sheet_with("object", "amount")


def header(sheet: str, key: str) -> str:
    """A column's header: the plan contract's for an existing column, else the issue-12 format's."""
    known = {k: h for h, k in (frame_columns() if sheet == FRAMES_SHEET else SHEETS.get(sheet, []))}
    if key in known:
        return known[key]
    if sheet == GROUPS_SHEET:
        return {k: h for h, k in GROUP_COLUMNS}.get(key, NEW_COLUMNS.get(key, key))
    return NEW_COLUMNS.get(key, key)


def amount_header(name: str, unit: str) -> str:
    """A frame column: "<Kontogrupp> (<unit>)", "Netto (tkr)"."""
    return f"{name} ({unit})"


def effect_header(year: int, unit: str) -> str:
    return EFFECT_HEADER.format(year=year, unit=unit)


def goal_header(year: int) -> str:
    return GOAL_HEADER.format(year=year)


def settings_rows(
    values: Mapping[str, Any], unit: str, savings: Mapping[int, Any], results: Mapping[int, Any]
) -> list[tuple[str, Any]]:
    """The Nämnd sheet: the contract's labels by key, then Beloppsenhet, Besparingskrav and Planerat resultat."""
    rows = [(label, values.get(key)) for label, key in SETTINGS if key in values]
    rows.append((UNIT_LABEL, unit))
    rows += [(SAVINGS_LABEL.format(year=y, unit=unit), v) for y, v in sorted(savings.items())]
    rows += [(RESULT_LABEL.format(year=y, unit=unit), v) for y, v in sorted(results.items())]
    return rows


def write_plan_sheets(
    path: str | Path,
    settings: Sequence[tuple[str, Any]],
    sheets: Mapping[str, Sequence[Row]],
    columns: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """plan.xlsx with the Nämnd sheet and every sheet in ``sheets``; every contract sheet is present.

    A sheet's headers are the contract's columns (in the contract's order) followed by the
    columns its rows use that the contract does not know yet, in first-seen order, and
    ``columns[sheet]`` (columns a sheet needs even without rows).
    """
    path = Path(path)
    names = [*SHEETS, *(name for name in sheets if name not in SHEETS)]
    with atomic_workbook(path) as wb:
        fmt = Formats(wb)
        ws = wb.add_worksheet(SETTINGS_SHEET)
        for row, (label, value) in enumerate(settings):
            ws.write_string(row, 0, label, fmt.bold)
            write_value(ws, row, 1, value, fmt.text)
        for name in names:
            rows = sheets.get(name, [])
            keys = _keys(name, rows, (columns or {}).get(name, ()))
            ws = wb.add_worksheet(name)
            for col, key in enumerate(keys):
                ws.write_string(0, col, header(name, key), fmt.header)
            for r, values in enumerate(rows, start=1):
                for c, key in enumerate(keys):
                    value = values.get(key)
                    write_value(ws, r, c, value, fmt.date if isinstance(value, date) else fmt.text)
    return path


def _keys(sheet: str, rows: Sequence[Row], extra: Sequence[str]) -> list[str]:
    contract = [("", "division"), ("", "year")] if sheet == FRAMES_SHEET else SHEETS.get(sheet, [])
    keys = [key for _, key in contract]
    for row in [*rows, dict.fromkeys(extra)]:
        keys += [key for key in row if key not in keys]
    return keys
