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
        unused = YEAR_END_UNUSED if sub.period.is_year_end else {}
        for part in sub.parts or (sub,):
            division_id, reporter, file, sha256 = part.division_id, part.reporter.name, part.file, part.sha256
            for spec, columns in traced:
                sheet = spec.name
                shown = [(c, h) for c, h in columns if c.key not in unused.get(sheet, ())]
                for item, answer in getattr(part.answers, FIELD_OF[spec.answer]).items():
                    for column, header in shown:  # the loop runs per value of thousands of files: hoisted above
                        value = getattr(answer, column.key, None)
                        if value is not None:
                            cell = answer.cell(column.key)
                            add(SourceRow(sheet, item, division_id, reporter, header, value, file, cell, sha256))
    return rows
