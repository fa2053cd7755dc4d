"""The report's sources (Källor): one row per reported value with its file, sheet, cell and SHA-256.

They go on the workbook's Källor sheet while they are few enough for a sheet people can
filter; a region with thousands of units reports hundreds of thousands of values, more than
a sheet holds (1 048 576 rows) and far more than a workbook can write quickly. Those go into a
CSV beside the workbook that opens right in a Swedish Excel, and the sheet names it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from reporting.consolidate.sources import SourceRow
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.xlsx.write import row_height

SHEET_LIMIT = 20_000  # values on the Källor sheet; more go into the CSV beside the workbook
CHECKSUM = "Kontrollsumma (SHA-256)"  # a file's SHA-256, as Källor's title calls it


def shown_time(stamp: str) -> str:
    """ "2026-12-07T18:53:00" as people write it: "2026-12-07 18:53:00" (the date alone as it is)."""
    return stamp.replace("T", " ", 1)


SOURCE_HEADERS = ["Id", "Division / enhet", "Uppgift", "Värde", "Fil", "Flik", "Cell", "SHA-256"]


VALUE_COLUMN = SOURCE_HEADERS.index("Värde")


def source_formats(fmt: Any, values: list[Any]) -> list[Any]:
    """The cell formats of a Källor row: the value as it was typed (all its decimals: 13,449 mkr, not "13,45"),
    the rest text."""
    return [fmt.text] * VALUE_COLUMN + [fmt.typed(values[VALUE_COLUMN])] + [fmt.text] * 4


def source_cells(sources: list[SourceRow]) -> Iterator[list[Any]]:
    """The Källor columns of each source row, in SOURCE_HEADERS order."""
    for s in sources:
        yield [s.item, s.reporter, s.metric, s.value, s.file, s.sheet, s.cell, s.sha256]


def source_row_height(values: list[Any], widths: Sequence[float]) -> float:
    """``row_height`` of a Källor row, each cell's height computed once per distinct text.

    A row is as tall as its tallest cell, so the row's height is the largest of its cells'
    heights; the file, sheet and SHA-256 repeat on every value of a file, and wrapping the
    SHA-256 word by word on each of 20 000 rows was a fifth of writing the report.
    """
    return max(_cell_height(value, width) for value, width in zip(values, widths))


@lru_cache(maxsize=4096)
def _cell_height(value: Any, width: float) -> float:
    return row_height([value], [width])


def report_file(outbox: Path, period: Period, plan: Plan, suffix: str) -> Path:
    """The period's report with ``suffix`` ("2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden.xlsx"): the
    workbook, the Word draft and their PDFs share the name, and a run's preflight names them before writing."""
    return outbox / f"{period.key} {period.report_title} {plan.board}{suffix}"


def sources_csv(report: Path, count: int) -> tuple[Path, bool]:
    """The CSV beside ``report``, and whether ``count`` values are too many for the sheet and go there.

    The report writer writes that CSV before the workbook, and removes one left by an earlier
    run with more values after it, so a finished run never leaves sources that disagree with
    the workbook beside them (and a killed run's rerun ends the same way).
    """
    return report.with_name(f"{report.stem} Källor.csv"), count > SHEET_LIMIT
