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
from reporting.template.spec import DATA_SHEETS, Kind, header_of

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


def source_rows(subs: list[Submission], unit: str = "mkr") -> list[SourceRow]:
    """One row per filled input value of the consolidated submissions (units' files for combined divisions);
    each metric named by its header in the plan's amount ``unit``, as the template shows it."""
    traced = [
        (spec, [(c, header_of(c, unit)) for c in spec.columns if c.input and c.kind in TRACED]) for spec in DATA_SHEETS
    ]
    rows: list[SourceRow] = []
    add = rows.append
    for sub in subs:
        for part in sub.parts or (sub,):
            division_id, reporter, file, sha256 = part.division_id, part.reporter.name, part.file, part.sha256
            for spec, columns in traced:
                sheet = spec.name
                for item, answer in getattr(part.answers, FIELD_OF[spec.answer]).items():
                    for column, header in columns:  # the loop runs per value of thousands of files: hoisted above
                        value = getattr(answer, column.key, None)
                        if value is not None:
                            cell = answer.cell(column.key)
                            add(SourceRow(sheet, item, division_id, reporter, header, value, file, cell, sha256))
    return rows
