"""The report's provenance sheets: Inlämningar (who reported, when), Intagslogg (every inbox file of the run),
Avvikelser (every finding) and Källor (every value's file, sheet, cell and checksum).

Inlämningar is for the nämnd too; the other three are the economy office's (``report.BOARD_SHEETS``).
"""

from __future__ import annotations

from reporting.output.findings_sheet import FINDINGS_WIDTHS, write_findings
from reporting.output.sheet_writer import SheetWriter
from reporting.output.sources import (
    CHECKSUM,
    SOURCE_HEADERS,
    shown_time,
    source_cells,
    source_formats,
    source_row_height,
)
from reporting.plan.periods import parse_period
from reporting.xlsx.write import row_height, write_table, write_value


class ProvenanceSheetsWriter(SheetWriter):
    """Inlämningar, Intagslogg, Avvikelser and Källor."""

    def submissions(self) -> None:
        fmt = self.fmt
        # both tables share the columns: the wide ones (F, G) hold the log's reason and every SHA-256
        widths = [16, 12, 18, 11, 10, 16, 28, 4, 9]  # 124 characters: printed at ≥ 80 %
        ws = self.sheet("Inlämningar", "Inlämningar", 3, widths)
        df = self.r.submissions
        rows = [
            [
                s.division,
                s.status,
                s.file,
                shown_time(s.received),
                s.deadline,
                s.template_version,
                s.sha256,
                s.errors,
                s.warnings,
            ]
            for s in df
        ]
        end = write_table(
            ws,
            3,
            [
                "Division",
                "Status",
                "Fil",
                "Mottagen",
                "Sista dag",
                "Mallversion",
                CHECKSUM,
                "Fel i filen",
                "Varningar i filen",
            ],
            rows,
            [fmt.text] * 7 + [self.count, self.count],
            fmt.header,
            widths,
        )
        ws.write_string(  # the meeting papers' PDF has no Intagslogg: the sentence names the workbook
            end + 1,
            0,
            "Varje fil i inkorgen vid körningen står på fliken Intagslogg i arbetsboken." + self.other_periods(),
            fmt.subtitle,
        )
        self.intake_log()

    def other_periods(self) -> str:
        """ " 3 av dem gäller andra perioder (januari 2026, T1 2026) och räknas inte in här.": the inbox's files of
        another period, one sentence, not findings of the period's report."""
        files = [f for f in self.r.intake.files if f.for_another_period]
        if not files:
            return ""
        periods = sorted({parse_period(f.period) for f in files})
        which = ", ".join(p.in_text for p in periods)
        count = "1 av dem gäller en annan period" if len(files) == 1 else f"{len(files)} av dem gäller andra perioder"
        return f" {count} ({which}) och räknas inte in här."

    def intake_log(self) -> None:
        """The run's intake log on a sheet of its own: hundreds of unit files get their own header on every printed
        page and a filter (under Inlämningar's table its pages repeated that table's header)."""
        fmt, log = self.fmt, self.r.intake.log
        widths = [14, 10, 30, 17, 9, 6, 26, 12]  # 124 characters: printed at ≥ 80 %
        when = log[0].time.replace("T", " ") if log else ""
        ws = self.sheet("Intagslogg", f"Intagslogg för körningen {when}".strip(), 3, widths)
        rows = [
            [e.division, e.result, e.file, shown_time(e.received), e.period, e.template_version, e.reason, e.sha256]
            for e in log
        ]
        headers = ["Rapportör", "Resultat", "Fil", "Mottagen", "Period", "Mallversion", "Orsak", CHECKSUM]
        end = write_table(ws, 3, headers, rows, [fmt.text] * 8, fmt.header, widths)
        ws.autofilter(3, 0, max(end - 1, 4), len(headers) - 1)

    def deviations(self) -> None:
        fmt = self.fmt
        ws = self.sheet("Avvikelser", "Avvikelser: alla fynd i underlagen och kontrollerna", 3, FINDINGS_WIDTHS)
        write_findings(ws, fmt, self.r.findings, 3)

    def sources(self, csv_name: str | None) -> None:
        """Källor: every value the report shows, traced to its file, sheet, cell and SHA-256.

        With ``csv_name`` the values are too many for a usable sheet (and, for thousands of units,
        for a sheet at all): the sheet then names the CSV beside the workbook that holds them.
        """
        fmt = self.fmt
        widths = [6, 16, 22, 9, 20, 11, 6, 34]  # 124 characters: printed at ≥ 80 %
        ws = self.sheet("Källor", "Källor: varje inrapporterat värde med fil, flik, cell och kontrollsumma", 3, widths)
        count = len(self.r.sources)
        if csv_name is not None:
            ws.write_string(
                2, 0, f"{count} värden med sina källor finns i filen ”{csv_name}” bredvid arbetsboken.", fmt.subtitle
            )
            ws.print_area(0, 0, 2, 7)
            return
        rows = list(source_cells(self.r.sources))
        end = write_table(ws, 3, SOURCE_HEADERS, [], [], fmt.header) + len(rows)  # rows: each value's own format
        ws.set_row(3, row_height(SOURCE_HEADERS, widths))
        for offset, values in enumerate(rows, start=4):
            for col, (value, cell_format) in enumerate(zip(values, source_formats(fmt, values))):
                write_value(ws, offset, col, value, cell_format)
            ws.set_row(offset, source_row_height(values, widths))
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        ws.autofilter(3, 0, max(end - 1, 4), 7)
        # the meeting papers print the title and this line only: the sources are for the office, in the workbook
        ws.write_string(
            2,
            0,
            f"{count} värden med sina källor finns på den här fliken i arbetsboken; de skrivs inte ut.",
            fmt.subtitle,  # not wrapped: the line runs on over the empty cells beside it
        )
        ws.print_area(0, 0, 2, 7)
