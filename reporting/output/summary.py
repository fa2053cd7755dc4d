"""The report's Sammanfattning sheet: måluppfyllelse, economy per division, charts, and what the nämnd must notice."""

from __future__ import annotations

import textwrap
from typing import Any

from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.economy import NettoRow
from reporting.consolidate.labels import BOARD_LEVEL, NOT_DUE, NOT_SUBMITTED, REJECTED, STATUS_ORDER
from reporting.history.trends import HistoryView
from reporting.output.economy_words import economy_label, sign_note
from reporting.output.notices import notice
from reporting.output.outlook import outlook
from reporting.output.sheet_writer import SheetWriter
from reporting.plan.goal_tree import goal_word
from reporting.swedish import format_number
from reporting.xlsx.write import DEFAULT_ROW, PRINTABLE_HEIGHT, print_scale, row_height, write_table

SUMMARY_WIDTHS = [40, *[12] * 7]  # the notes wrap in column A; tables use A–H; 124 characters print at ≥ 80 %
GOAL_COLOURS = {
    "Uppfyllt": ("#70AD47", "#000000"),
    "Delvis uppfyllt": ("#FFC000", "#000000"),
    "Ej uppfyllt": ("#C00000", "#FFFFFF"),
    "Underlag saknas": ("#A6A6A6", "#000000"),
    "Följs (inget mål)": ("#5B9BD5", "#000000"),
}
ECONOMY_COLOURS = ((1, "#1F4E78", "#FFFFFF"), (5, "#ED7D31", "#000000"))  # column in the table, fill, font
CHART_ROWS = 15  # a chart of 300 px covers 15 default rows
AXIS_FONT = {"size": 10}
CHART_GAP = 3  # px below the row a chart stands on: a chart touching a page break prints on both pages


def _table_height(rows: list[list[Any]]) -> float:
    """Points a table on Sammanfattning takes: each row as high as its wrapped text."""
    return sum(row_height(values, SUMMARY_WIDTHS) for values in rows)


def _state(r: Consolidation, row: NettoRow, units_in: dict[str, int]) -> str:
    """The Status cell of an economy row: a division's submission ("Avvisad (3 fel)" when its file was rejected;
    "Delvis inkommen (20 av 50 enheter)" from some of its units, as Inlämningar counts them), or what a total
    covers. ``units_in``: ``unit_files_used``."""
    if row.frame_only:
        return "Planens ram"
    if row.board_level:
        return BOARD_LEVEL
    if row.is_total and not row.submitted:
        return "Delvis inkommen" if r.submitted else _none_in(r)
    if row.submitted and row.left_out:
        units = len(r.plan.units_of(row.division_id))
        return f"Delvis inkommen ({units_in.get(row.division_id, 0)} av {units} enheter)"
    return "Inkommen" if row.submitted else r.not_in(row.division_id)


def unit_files_used(r: Consolidation) -> dict[str, int]:
    """Division id -> how many of its units' files are consolidated, counted once for every row."""
    counts: dict[str, int] = {}
    for file in r.intake.used:
        if file.unit_id:
            counts[file.division_id] = counts.get(file.division_id, 0) + 1
    return counts


def _none_in(r: Consolidation) -> str:
    """The nämnd total's Status when no division's file was accepted: not in, rejected, or both."""
    if not r.rejected:
        return NOT_SUBMITTED
    return REJECTED if not r.never_in else f"{NOT_SUBMITTED} eller {REJECTED.lower()}"


class SummaryWriter(SheetWriter):
    # ---------------------------------------------------------------- Sammanfattning
    def summary(self, history: HistoryView | None = None) -> None:
        """What the nämnd must notice first (page 1), then the tables, then the charts on a page of their own."""
        r, fmt = self.r, self.fmt
        ws = self.sheet("Sammanfattning", self.title, None, SUMMARY_WIDTHS)
        for col, width in enumerate(SUMMARY_WIDTHS):
            ws.set_column(col, col, width)
        if not r.submitted:
            warning = "Inga godkända inlämningar har kommit in för perioden. Rapporten visar planen utan utfall."
            ws.write_string(2, 0, warning, fmt.status("Ej uppfyllt"))
            ws.set_row(2, row_height([warning], SUMMARY_WIDTHS))
        row = 3
        ws.write_string(row, 0, "Att notera för nämnden", fmt.bold)
        ws.set_row(row, DEFAULT_ROW)
        used: float = 20 + 4 * DEFAULT_ROW  # points on page 1: title, subtitle, warning, this heading
        for note in self.notes(history):  # one wrapped cell per note, never merged cells
            row += 1
            ws.write_string(row, 0, f"• {note}", fmt.wrap)
            ws.set_row(row, row_height([f"• {note}"], SUMMARY_WIDTHS[:1]))
            used += row_height([f"• {note}"], SUMMARY_WIDTHS[:1])
        row += 2
        self._pin(ws, row - 1, row + 1)
        word = goal_word(r.plan.goal_areas)
        ws.write_string(row, 0, f"Måluppfyllelse per {word.lower()} (antal nyckeltal)", fmt.bold)
        goal_header = row + 1
        headers = [word, *[s.value for s in STATUS_ORDER], "Antal nyckeltal"]
        goals = [[a.label, *[a.count(s) for s in STATUS_ORDER], a.total] for a in r.goal_areas]
        row = write_table(ws, goal_header, headers, goals, [fmt.text] + [self.count] * 6, fmt.header, SUMMARY_WIDTHS)
        used += 2 * DEFAULT_ROW + _table_height([headers, *goals])
        row += 1
        self._pin(ws, row - 1, row + 1)
        breaks = []
        economy_header = row + 1
        words = outlook(r.period)
        headers = [
            "Division",
            "Budgetram helår",
            "Periodiserad budget",
            "Utfall ack.",
            "Avvikelse",
            words.column,
            words.against_frame,
            "Status",
        ]
        units_in = unit_files_used(r)
        rows = [
            [
                economy_label(o.division, r.plan, r.period),
                o.budget,
                o.periodised,
                o.actual,
                o.deviation,
                o.forecast,
                o.forecast_deviation,
                _state(r, o, units_in),
            ]
            for o in r.economy_overview
        ]
        # how to read the signs, in lines within the table's width, each over the empty cells to its right
        lines = textwrap.wrap(sign_note(r.period), int(sum(SUMMARY_WIDTHS) * 1.1))
        used += (2 + len(lines)) * DEFAULT_ROW + _table_height([headers, *rows])
        if used > 0.9 * PRINTABLE_HEIGHT / print_scale(SUMMARY_WIDTHS):
            breaks.append(row)  # the economy table does not fit under the notes: it starts page 2, whole
        ws.write_string(row, 0, f"Ekonomi per division ({self.unit})", fmt.bold)
        row = write_table(
            ws, economy_header, headers, rows, [fmt.text] + [fmt.mkr] * 6 + [fmt.text], fmt.header, SUMMARY_WIDTHS
        )
        for line in lines:
            ws.write_string(row, 0, line, fmt.subtitle)
            ws.set_row(row, DEFAULT_ROW)
            row += 1
        # the charts start a page of their own, so neither is cut by a page break
        self._pin(ws, row, row + 1)
        row += 1
        breaks.append(row)
        if goals:
            self._colour_legend(ws, row, "Färger i diagrammet Måluppfyllelse:", list(GOAL_COLOURS.items()))
            self._goal_chart(ws, goal_header, len(goals), row + 1)
            self._pin(ws, row + 1, row + CHART_ROWS + 2)
            row += CHART_ROWS + 2
        self._colour_legend(
            ws,
            row,
            f"Färger i diagrammet {words.column}:",
            [(headers[col], (fill, font)) for col, fill, font in ECONOMY_COLOURS],
        )
        self._economy_chart(ws, economy_header, len(r.economy_divisions), row + 1)
        self._pin(ws, row + 1, row + CHART_ROWS + 2)
        ws.set_h_pagebreaks(breaks)

    @staticmethod
    def _pin(ws: Any, first: int, last: int) -> None:
        """Rows ``first``..``last``−1 (blank, headings, under a chart) at an explicit default height."""
        for row in range(first, last):
            ws.set_row(row, DEFAULT_ROW)

    def _colour_legend(self, ws: Any, row: int, label: str, entries: list[tuple[str, tuple[str, str]]]) -> None:
        """A row naming each colour of the chart below in words, the cell filled with that colour."""
        ws.write_string(row, 0, label, self.fmt.bold)
        for col, (word, (fill, font)) in enumerate(entries, start=1):
            ws.write_string(row, col, word, self.fmt.legend(fill, font))
        ws.set_row(row, row_height(["", *[word for word, _ in entries]], SUMMARY_WIDTHS))

    def notes(self, history: HistoryView | None = None) -> list[str]:
        """The few things the nämnd must notice, in plain Swedish (``notices.notice``); the office's to-dos are not
        here but in the run's output (``notices.office_notes``), as this sheet goes into the meeting papers."""
        return notice(self.r, history)

    def _goal_chart(self, ws: Any, header_row: int, count: int, at_row: int) -> None:
        chart = self.wb.add_chart({"type": "bar", "subtype": "stacked"})
        for col, status in enumerate(STATUS_ORDER, start=1):
            chart.add_series(
                {
                    "name": ["Sammanfattning", header_row, col],
                    "categories": ["Sammanfattning", header_row + 1, 0, header_row + count, 0],
                    "values": ["Sammanfattning", header_row + 1, col, header_row + count, col],
                    "fill": {"color": GOAL_COLOURS[status.value][0]},
                }
            )
        title = f"Måluppfyllelse per {goal_word(self.r.plan.goal_areas).lower()} (antal nyckeltal)"
        chart.set_title({"name": title, "name_font": {"size": 11}})
        chart.set_x_axis({"num_font": AXIS_FONT})
        chart.set_y_axis({"label_position": "low", "num_font": AXIS_FONT, "reverse": True})
        chart.set_legend({"position": "bottom", "font": AXIS_FONT})
        chart.set_size({"width": 760, "height": 300})
        parts = [
            f"{a.name}: " + ", ".join(f"{a.count(s)} {s.value.lower()}" for s in STATUS_ORDER if a.count(s))
            if a.total
            else f"{a.name}: {'inga nyckeltal denna period' if a.status == NOT_DUE else 'inga nyckeltal'}"
            for a in self.r.goal_areas
        ]
        description = f"Liggande stapeldiagram, {title.lower()}. " + ". ".join(parts) + "."
        ws.insert_chart(at_row, 0, chart, {"description": description, "y_offset": CHART_GAP})

    def _economy_chart(self, ws: Any, header_row: int, count: int, at_row: int) -> None:
        chart = self.wb.add_chart({"type": "column"})
        for col, fill, _ in ECONOMY_COLOURS:
            chart.add_series(
                {
                    "name": ["Sammanfattning", header_row, col],
                    "categories": ["Sammanfattning", header_row + 1, 0, header_row + count, 0],
                    "values": ["Sammanfattning", header_row + 1, col, header_row + count, col],
                    "fill": {"color": fill},
                }
            )
        words = outlook(self.r.period)
        title = f"{words.column} mot budgetram per division ({self.unit}, netto)"
        chart.set_title({"name": title, "name_font": {"size": 11}})
        chart.set_x_axis({"label_position": "low", "num_font": AXIS_FONT})
        chart.set_y_axis({"num_font": AXIS_FONT, "num_format": "#,##0"})
        chart.set_legend({"position": "bottom", "font": AXIS_FONT})
        chart.set_size({"width": 760, "height": 300})
        parts = [
            f"{o.division}: budgetram {format_number(o.budget, self.decimals)}, "
            + (
                f"{words.word} {format_number(o.forecast, self.decimals)}"
                if o.submitted
                else self.r.not_in(o.division_id).lower()
            )
            for o in self.r.economy_divisions
        ]
        description = f"Stapeldiagram, {title[0].lower()}{title[1:]}. " + "; ".join(parts) + "."
        ws.insert_chart(at_row, 0, chart, {"description": description, "y_offset": CHART_GAP})
