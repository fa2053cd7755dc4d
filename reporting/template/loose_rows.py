"""Rows without an id on a data sheet: a controller's own rows, whose values are not read.

A controller inserts a row under an account group to show a part of it ("varav hyrpersonal 1,2").
The reader finds the plan's rows by id, so such a row is never read. Templates sum Netto cell by
cell (``write.sum_of``), so the row is not in Netto either; but the Netto row of a template made
before that sums whole ranges ("=SUM(E5:E9)"), and a row inserted inside a range widens it: there
the row's number is counted in Netto. That is said at each such cell (``Rule.ROW_IN_NETTO``), and
the amounts are returned so that the netto check (``intake.economy_rules``) does not also blame the
Netto row for exactly them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reporting.findings import Rule, Severity
from reporting.swedish import format_typed, to_mkr
from reporting.template.cell_text import text
from reporting.template.spec import Column, Kind
from reporting.text import and_joined
from reporting.xlsx.readers import CellInfo

Find = Callable[..., None]  # _Reader.find: (rule, sheet, cell, severity, **fields)
Loose = tuple[int, list[CellInfo]]  # a row without an id: its number and its cells
_AREA = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")


def holds_values(row: list[CellInfo], columns: Sequence[tuple[Column, int, str]]) -> bool:
    """Whether a row has something in an input column that is not text (a number, or what was meant as one)."""
    return any(text(row[i - 1].value) for c, i, _ in columns if c.input and c.kind is not Kind.TEXT and len(row) >= i)


def summed_rows(formula: str | None, letter: str) -> list[tuple[int, int]]:
    """The (first, last) rows of each range of column ``letter`` that ``formula`` names ("=SUM(E5:E9)": [(5, 9)]).

    A cell named alone is none: a template names its account groups' cells one by one, and a row inserted
    between two of them is in no range."""
    spans = []
    for found in _AREA.finditer(formula or ""):
        first, first_row, last, last_row = found.groups()
        if last and first == last == letter:
            spans.append((min(int(first_row), int(last_row)), max(int(first_row), int(last_row))))
    return spans


def _number(cell: CellInfo) -> Decimal | None:
    """The number a spreadsheet's SUM counts in the cell: a number, not text, a truth value or a date."""
    value = cell.value
    if cell.is_text or isinstance(value, (bool, datetime, date)) or not isinstance(value, (int, float)):
        return None
    return to_mkr(Decimal(str(value)))


def report_loose_rows(
    find: Find,
    sheet: str,
    loose: list[Loose],
    columns: Sequence[tuple[Column, int, str]],
    id_column: str,
    netto: list[CellInfo] | None,
    unit: str,
) -> dict[str, Decimal]:
    """Warn on each row without an id that holds values; return, per column key, the amounts the Netto row
    (``netto``: its cells, on the Ekonomi sheet) counts of them.

    A number inside a range of the Netto formula gets ``ROW_IN_NETTO`` at its cell; a row with anything
    else in an input column gets one ``STRUCTURE_CHANGED`` warning with the others (its values are not read).
    """
    counted: dict[str, Decimal] = {}
    unread: list[int] = []
    spans = {
        column.key: summed_rows(netto[i - 1].formula if len(netto) >= i else None, letter)
        for column, i, letter in columns
        if netto is not None and column.kind is Kind.MKR
    }
    for number, row in loose:
        rest = False
        for column, i, letter in columns:
            if not column.input or column.kind is Kind.TEXT or len(row) < i or not text(row[i - 1].value):
                continue
            value = _number(row[i - 1])
            if value is None or not any(a <= number <= b for a, b in spans.get(column.key, ())):
                rest = True
                continue
            counted[column.key] = counted.get(column.key, Decimal(0)) + value
            find(Rule.ROW_IN_NETTO, sheet, f"{letter}{number}", Severity.WARNING, value=format_typed(value), unit=unit)
        if rest:
            unread.append(number)
    if unread:
        _unread(find, sheet, unread, id_column)
    return counted


def _unread(find: Find, sheet: str, rows: list[int], id_column: str) -> None:
    """One warning for the rows someone added (no id): their values are not read, and must not vanish unsaid."""
    numbers = and_joined([str(n) for n in rows[:10]]) + (" m.fl." if len(rows) > 10 else "")
    fields: dict[str, Any] = {
        "problem": f"{'Raderna' if len(rows) > 1 else 'Rad'} {numbers} saknar id, så värdena där läses inte",
        "fix": "Skriv värdena på mallens rader; en egen rad räknas inte",
    }
    find(Rule.STRUCTURE_CHANGED, sheet, f"{id_column}{rows[0]}", Severity.WARNING, **fields)
