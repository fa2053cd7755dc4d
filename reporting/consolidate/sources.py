"""Traceability: every value a submission gave, with the file, sheet, cell and SHA-256 it came from.

The report's Källor sheet lists these rows, so each key-figure outcome, economy
figure and measure in the report can be traced to the cell a controller filled.
A division combined from its units lists each unit's file, and each unit's texts (analyses, comments,
results and åtgärder) whole: the report shows a summary of them (consolidate.unit_texts), never every one.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from reporting.intake.submission import Submission
from reporting.template.answers import FIELD_OF, Answer
from reporting.template.spec import DATA_SHEETS, ECONOMY, KEY_FIGURES, MEASURES, Kind, header_of

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


def source_rows(subs: list[Submission], unit: str = "mkr") -> list[SourceRow]:
    """One row per filled input value of the consolidated submissions (units' files for combined divisions);
    each metric named by its header in the plan's amount ``unit``, as the template shows it."""
    traced = [
        (
            spec.name,
            FIELD_OF[spec.answer],
            [(c.key, header_of(c, unit)) for c in spec.columns if c.input and c.kind in TRACED],
        )
        for spec in DATA_SHEETS
    ]
    texts = [
        (spec.name, FIELD_OF[spec.answer], [(c.key, c.header) for c in spec.columns if c.input and c.kind is Kind.TEXT])
        for spec in DATA_SHEETS
    ]
    rows: list[SourceRow] = []
    for sub in subs:
        unused = YEAR_END_UNUSED if sub.period.is_year_end else {}
        sheets = [
            (sheet, name, [(k, h) for k, h in columns if k not in unused.get(sheet, ())])
            for sheet, name, columns in traced
        ]
        for part in sub.parts or (sub,):
            for sheet, name, shown in sheets:
                _add_sheet(rows, part, sheet, getattr(part.answers, name), shown)
            if sub.parts:  # a unit's texts: the division's cell sums them up, Källor keeps each one whole
                for sheet, name, shown in texts:
                    _add_sheet(rows, part, sheet, getattr(part.answers, name), shown, texts_only=True)
    return rows


def _add_sheet(
    rows: list[SourceRow],
    part: Submission,
    sheet: str,
    answers: Mapping[str, Answer],
    shown: list[tuple[str, str]],
    texts_only: bool = False,
) -> None:
    """The rows of one sheet of one file; runs per sheet of thousands of files, so everything that is the same for
    all its values (the file's fields, each column's letter) is looked up once, not per value. ``texts_only``: the
    columns are texts, and an empty one ("" as read) is no value."""
    division_id, reporter, file, sha256 = part.division_id, part.reporter.name, part.file, part.sha256
    add = rows.append
    letters_of: Mapping[str, str] | None = None  # the sheet read's column letters, shared by all its answers
    letters: list[tuple[str, str, str]] = []
    for item, answer in answers.items():
        if answer.columns is not letters_of:
            letters_of = answer.columns
            letters = [(key, header, letters_of.get(key) or "") for key, header in shown]
        row = answer.row
        for key, header, letter in letters:
            value = getattr(answer, key, None)
            if value is not None and (value or not texts_only):  # the cell as Answer.cell gives it: "" if not read
                cell = f"{letter}{row}" if letter else ""
                add(SourceRow(sheet, item, division_id, reporter, header, value, file, cell, sha256))
