"""The report's sources (Källor): one row per reported value with its file, sheet, cell and SHA-256.

They go on the workbook's Källor sheet while they are few enough for a sheet people can
filter; a region with thousands of units reports hundreds of thousands of values, more than
a sheet holds (1 048 576 rows) and far more than a workbook can write quickly. Those go into a
CSV beside the workbook that opens right in a Swedish Excel, and the sheet names it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reporting.consolidate.sources import SourceRow

SHEET_LIMIT = 20_000  # values on the Källor sheet; more go into the CSV beside the workbook
SOURCE_HEADERS = ["Id", "Division / enhet", "Uppgift", "Värde", "Fil", "Flik", "Cell", "SHA-256"]


def source_formats(fmt: Any) -> list[Any]:
    """The cell formats of the Källor columns: the value is a number, the rest text."""
    return [fmt.text] * 3 + [fmt.number] + [fmt.text] * 4


def source_cells(sources: list[SourceRow]) -> Iterator[list[Any]]:
    """The Källor columns of each source row, in SOURCE_HEADERS order."""
    for s in sources:
        yield [s.item, s.reporter, s.metric, s.value, s.file, s.sheet, s.cell, s.sha256]


def sources_csv(report: Path, count: int) -> tuple[Path, bool]:
    """The CSV beside ``report``, and whether ``count`` values are too many for the sheet and go there.

    The report writer writes that CSV before the workbook, and removes one left by an earlier
    run with more values after it, so a finished run never leaves sources that disagree with
    the workbook beside them (and a killed run's rerun ends the same way).
    """
    return report.with_name(f"{report.stem} Källor.csv"), count > SHEET_LIMIT
