"""The base of the period report's sheet writers: workbook, formats, title rows and page set-up."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from reporting.consolidate.consolidation import Consolidation
from reporting.xlsx.write import DEFAULT_ROW, Formats, QuickSheet, fixed_print_scale, print_setup

TITLE_ROW = 20.0  # points: the 14 pt title


def report_title(result: Consolidation) -> str:
    """The report's title: Sammanfattning's A1, the workbook's and the PDF's document title."""
    return f"{result.plan.period_heading(result.period)} – {result.plan.board}"


class SheetWriter:
    """What every report sheet shares: the workbook, its formats, the consolidation, the page set-up."""

    def __init__(self, wb: Any, fmt: Formats, result: Consolidation) -> None:
        self.wb, self.fmt, self.r = wb, fmt.for_unit(result.plan.amount_unit), result
        self.unit = result.plan.amount_unit  # money columns and "(mkr)" in titles follow the plan's unit
        self.decimals = result.plan.amount_decimals
        self.title = report_title(result)
        plan = result.plan
        self.right = f"{plan.board} · {result.period.label}"
        self.footer = " · ".join(filter(None, [plan.period_heading(result.period), plan.dnr_label]))  # as A1 says it

    @property
    def count(self) -> Any:
        """A count's format: whole, a zero "0" (the money formats' "–" is a zero amount only, and "–" is also the
        status Följs (inget mål)'s symbol)."""
        return self.fmt.typed(Decimal(1))

    def sheet(self, name: str, title: str, header_row: int | None, widths: Sequence[float] = ()) -> Any:
        """A sheet whose A1 holds its title (also the printed page header), with the report's page set-up.

        With ``widths`` (the sheet's columns) it prints at the fixed scale that fits them on the page width.
        """
        ws = self.wb.add_worksheet(name, worksheet_class=QuickSheet)
        title = title.replace("(mkr", f"({self.unit}")
        # every row above a chart gets an explicit height: a spreadsheet that grows rows on opening
        # (LibreOffice) would otherwise move the rows under a chart anchored in place
        ws.set_row(0, TITLE_ROW)
        ws.set_row(1, DEFAULT_ROW)
        ws.set_row(2, DEFAULT_ROW)
        ws.write_string(0, 0, title, self.fmt.title)
        ws.write_string(
            1,
            0,
            " · ".join(
                filter(None, [f"{self.r.plan.board}, {self.r.plan.region}", self.r.period.label, self.r.plan.dnr_label])
            ),
            self.fmt.subtitle,
        )
        print_setup(ws, header_row, title, self.right, f"{self.footer} · {name}", font_size=10)
        if header_row is not None:
            ws.freeze_panes(header_row + 1, 0)
        if widths:
            fixed_print_scale(ws, widths)
        return ws
