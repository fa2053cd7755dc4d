"""Traceability: every value a submission gave, with the file, sheet, cell and SHA-256 it came from.

The report's Källor sheet lists these rows, so each key-figure outcome, economy
figure and measure in the report can be traced to the cell a controller filled.
A division combined from its units lists each unit's file, and each unit's texts (analyses, comments,
results and åtgärder) whole: the report shows a summary of them (consolidate.unit_texts), never every one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from operator import attrgetter
from typing import Any, NamedTuple

from reporting.intake.submission import Submission
from reporting.template.answers import FIELD_OF, Answer
from reporting.template.spec import DATA_SHEETS, ECONOMY, KEY_FIGURES, MEASURES, Column, Kind, header_of

TRACED = (Kind.FIGURE, Kind.NUMBER, Kind.MKR, Kind.TKR, Kind.CHOICE)
# What an årsrapport does not use, whatever was typed: the forecast is the utfall (a measure's effect the achieved
# one), the periodised budget the budget helår (intake.year_end warns where they differ); their report figures
# trace to the utfall's cell.
YEAR_END_UNUSED: dict[str, tuple[str, ...]] = {
    ECONOMY.name: ("forecast", "periodised"),
    KEY_FIGURES.name: ("forecast",),
    MEASURES.name: ("forecast",),
}


class SourceRow(NamedTuple):
    """One traced value. A named tuple, not a frozen dataclass: as immutable and hashable, with the same fields and
    repr, and built four times faster (a frozen dataclass sets each field through ``object.__setattr__``); a
    region's 800 000 values paid that per row."""

    sheet: str  # the template sheet (and the report sheet showing the value)
    item: str  # row id: key figure, account group, measure, investment, uppdrag
    division_id: str
    reporter: str  # display name: division, or "division / unit"
    metric: str  # the column's header
    value: Decimal | str
    file: str
    cell: str
    sha256: str


Columns = tuple[str, str, Callable[[Answer], tuple[Any, ...]], tuple[str, ...], tuple[str, ...]]
Cells = dict[tuple[str, ...], dict[int, tuple[str, ...]]]  # a sheet's column letters -> row -> its cells


def source_rows(subs: list[Submission], unit: str = "mkr") -> list[SourceRow]:
    """One row per filled input value of the consolidated submissions (units' files for combined divisions);
    each metric named by its header in the plan's amount ``unit``, as the template shows it."""
    traced = {
        year_end: _columns(unit, lambda c: c.kind in TRACED, YEAR_END_UNUSED if year_end else {})
        for year_end in (False, True)
    }
    texts = _columns(unit, lambda c: c.kind is Kind.TEXT, {})
    rows: list[SourceRow] = []
    cells: Cells = {}  # the same template's cells in every file: each "E12" made once, shared by all its rows
    for sub in subs:
        sheets = traced[sub.period.is_year_end]
        for part in sub.parts or (sub,):
            for columns in sheets:
                _add_sheet(rows, part, columns, cells)
            if sub.parts:  # a unit's texts: the division's cell sums them up, Källor keeps each one whole
                for columns in texts:
                    _add_sheet(rows, part, columns, cells, texts_only=True)
    return rows


def _columns(unit: str, wanted: Callable[[Column], bool], unused: Mapping[str, tuple[str, ...]]) -> list[Columns]:
    """Per data sheet: its name, its answers' field in ``Answers``, a getter of the wanted input columns' values
    (one call per answer, not one per value), their keys and their headers in the plan's amount ``unit``."""
    found = []
    for spec in DATA_SHEETS:
        shown = [c for c in spec.columns if c.input and wanted(c) and c.key not in unused.get(spec.name, ())]
        keys = tuple(c.key for c in shown)
        headers = tuple(header_of(c, unit) for c in shown)
        found.append((spec.name, FIELD_OF[spec.answer], _getter(keys), keys, headers))
    return found


def _getter(keys: tuple[str, ...]) -> Callable[[Answer], tuple[Any, ...]]:
    """The values of ``keys`` of an answer as one tuple, whatever their number (attrgetter of one key gives the bare
    value, of none fails)."""
    if len(keys) == 1:
        one = attrgetter(keys[0])
        return lambda answer: (one(answer),)
    return attrgetter(*keys) if keys else lambda answer: ()


def _add_sheet(
    rows: list[SourceRow], part: Submission, columns: Columns, cells: Cells, texts_only: bool = False
) -> None:
    """The rows of one sheet of one file; runs per sheet of thousands of files, so everything that is the same for
    all its values (the file's fields, each column's letter, a row's cells) is looked up once, not per value.
    ``texts_only``: the columns are texts, and an empty one ("" as read) is no value."""
    sheet, name, values_of, keys, headers = columns
    answers: Mapping[str, Answer] = getattr(part.answers, name)
    division_id, reporter, file, sha256 = part.division_id, part.reporter.name, part.file, part.sha256
    new, add = tuple.__new__, rows.append  # a named tuple built as a tuple: no Python-level __new__ per row
    letters_of: Mapping[str, str] | None = None  # the sheet read's column letters, shared by all its answers
    at_row: dict[int, tuple[str, ...]] = {}
    letters: tuple[str, ...] = ()
    for item, answer in answers.items():
        if answer.columns is not letters_of:
            letters_of = answer.columns
            letters = tuple(letters_of.get(key) or "" for key in keys)
            at_row = cells.setdefault(letters, {})
        row = answer.row
        row_cells = at_row.get(row)
        if row_cells is None:  # the cell as Answer.cell gives it: "" if not read
            row_cells = at_row[row] = tuple(f"{letter}{row}" if letter else "" for letter in letters)
        for header, value, cell in zip(headers, values_of(answer), row_cells):
            if value if texts_only else value is not None:
                add(new(SourceRow, (sheet, item, division_id, reporter, header, value, file, cell, sha256)))
