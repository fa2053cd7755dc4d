"""Traceability: every value a submission gave, with the file, sheet, cell and SHA-256 it came from.

The report's Källor sheet lists these rows, so each key-figure outcome, economy
figure and measure in the report can be traced to the cell a controller filled.
A division combined from its units lists each unit's file.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reporting.intake.submission import Submission
from reporting.template.answers import FIELD_OF
from reporting.template.spec import DATA_SHEETS, Kind

TRACED = (Kind.FIGURE, Kind.NUMBER, Kind.MKR, Kind.TKR, Kind.CHOICE)


@dataclass(frozen=True, slots=True)
class SourceRow:
    sheet: str  # the template sheet (and the report sheet showing the value)
    item: str  # row id: key figure, account group, measure, investment, uppdrag
    division_id: str
    reporter: str  # display name: division, or "division / unit"
    metric: str  # the column's header
    value: Decimal | str
    file: str
    cell: str
    sha256: str


def source_rows(subs: list[Submission]) -> list[SourceRow]:
    """One row per filled input value of the consolidated submissions (units' files for combined divisions)."""
    rows: list[SourceRow] = []
    for sub in subs:
        for part in sub.parts or (sub,):
            for spec in DATA_SHEETS:
                answers = getattr(part.answers, FIELD_OF[spec.answer])
                for item, answer in answers.items():
                    for column in spec.columns:
                        value = getattr(answer, column.key, None) if column.input and column.kind in TRACED else None
                        if value is None:
                            continue
                        rows.append(
                            SourceRow(
                                spec.name,
                                item,
                                part.division_id,
                                part.reporter.name,
                                column.header,
                                value,
                                part.file,
                                answer.cell(column.key),
                                part.sha256,
                            )
                        )
    return rows
