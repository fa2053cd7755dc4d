"""The report's Tidsserier sheet: each key figure over the stored periods, trend, forecasts and riket."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from reporting.history.previous import netto_comparison, periods_note
from reporting.history.targets import name_notes, no_longer_planned, removed_note, target_notes, unit_notes
from reporting.history.trends import (
    HistoryView,
    answers,
    comparable,
    partial_points,
    previous_point,
    same_name,
    same_unit,
    series,
    stored_names,
    stored_units,
    summed_over_period,
    trend,
)
from reporting.history.words import Metric
from reporting.output.figure_units import named_with_unit
from reporting.output.outlook import outlook
from reporting.output.sheet_writer import SheetWriter
from reporting.plan.model import KeyFigure
from reporting.plan.periods import Period
from reporting.plan.targets import Direction
from reporting.swedish import format_key_figure
from reporting.xlsx.write import DEFAULT_ROW, row_height, write_table, write_value

MAX_PERIODS_SHOWN = 6  # two years of periods: with them the sheet is 124 characters wide and prints at ≥ 80 %
CHART_ROWS = 12  # a line chart of 220 px and a gap
CHART_ROWS_PER_PAGE = 2  # a page holds two rows of charts whole (a page break before each pair)
AXIS_FONT = {"size": 10}
CHART_GAP = 3  # px below the break: a chart touching a page break prints (clipped) on both pages
CHART_PAGE_CHARS = 124  # the page width (in column characters) two charts side by side need


class TimeSeriesWriter(SheetWriter):
    def time_series(self, history: HistoryView) -> None:
        """Each key figure (nämnd level) over the stored periods, trend, forecasts and riket."""
        fmt, r = self.fmt, self.r
        periods = [p for p in history.periods() if p.sort_key <= r.period.sort_key][-MAX_PERIODS_SHOWN:]
        widths = [5, 14, 10, *[7] * len(periods), 10, 10, 9, 10, 8, 6]  # ≤ 124 characters: printed at ≥ 80 %
        title = "Tidsserier, trend och prognos jämfört med föregående prognos"
        # printed at the scale of the widest table (six periods), so two charts side by side fit the page too
        ws = self.sheet("Tidsserier", title, 3, [max(sum(widths), CHART_PAGE_CHARS)])
        headers = [
            "Id",
            "Nyckeltal",
            "Målvärde",
            *[p.short_label for p in periods],
            "Trend",
            "Föregående prognos",
            outlook(self.r.period).now,
            "Förändring",
            "Riket (Kolada)",
            "Riket, år",
        ]
        for col, (header, width) in enumerate(zip(headers, widths)):
            ws.write_string(3, col, header, fmt.header)
            ws.set_column(col, col, width)
        ws.set_row(3, row_height(headers, widths))  # explicit heights above the charts (see SheetWriter.sheet)
        charts, partly = [], PartlyNote()
        sources: list[tuple[str, Period]] = []  # each previous forecast shown and the period it is from
        for row, kf in enumerate(r.plan.key_figures, start=4):
            done = kf.target.direction is Direction.DONE  # "Ja" / "Nej" per period, no trend, no change
            whole = dict(answers(history.index, kf.id) if done else series(history.index, kf.id))
            points = partly.shown(kf.id, whole, partial_points(history.index, kf.id), periods)
            target = kf.target_for(r.period.year).text  # as the period's report shows it; earlier ones: a note
            units = stored_units(history.index, kf.id)  # each period's value as stored, in its own unit
            name = named_with_unit(kf.name, kf.unit, target)  # "(mkr)" where the målvärde does not say it
            for col, value in enumerate([kf.id, name, target]):
                ws.write_string(row, col, value, fmt.text)
            for col, period in enumerate(periods, start=3):
                shown_in = units.get(period) or kf.unit
                write_value(ws, row, col, points.get(period), fmt.figure(points.get(period), shown_in))
            base = 3 + len(periods)
            direction = _trend(history, kf, r.period)
            ws.write_string(row, base, direction, fmt.text)
            # never across a unit or a name change (an id reused for another measure)
            earlier = previous_point(history.index, kf.id, r.period, unit="" if done else kf.unit, name=kf.name)
            before: Decimal | str | None = None if earlier is None else earlier[1]
            now: Decimal | str | None
            if done:
                now = dict(answers(history.index, kf.id, metric=Metric.FORECAST)).get(r.period)
            else:
                before = before if isinstance(before, Decimal) else None
                now = dict(series(history.index, kf.id, metric=Metric.FORECAST)).get(r.period)
            current = partial_points(history.index, kf.id, metric=Metric.FORECAST).get(r.period)
            if current is not None and now is None:  # over some reporters only: shown, set against nothing
                before, now = None, current[0]
            if earlier is not None and before is not None:
                sources.append((kf.id, earlier[0]))
            write_value(ws, row, base + 1, before, fmt.figure(before, kf.unit))
            write_value(ws, row, base + 2, now, fmt.figure(now, kf.unit))
            change = now - before if isinstance(now, Decimal) and isinstance(before, Decimal) else None
            write_value(ws, row, base + 3, change, fmt.figure(change, kf.unit))
            riket = history.kolada.get(kf.id)
            write_value(ws, row, base + 4, riket, fmt.figure(riket, kf.unit))
            riket_year = history.kolada_year.get(kf.id)  # the value may be the year before's
            ws.write_string(row, base + 5, "" if riket_year is None else str(riket_year), fmt.text)
            ws.set_row(row, row_height([kf.id, name, target, *[""] * len(periods), direction], widths))
            charted = _charted(periods, history, kf)  # a line only over the periods in today's unit and name
            if not done and sum(1 for p in charted if p in points) >= 3:
                charts.append((row, kf, charted))
        # the notes (partly reported values, målvärden changed, key figures removed, trends over the same span) in
        # lines within the table's width (no merged cells: a11y), each over the empty cells to its right: one line
        # past the print area printed a page of its own
        gone_by = [p for p in history.periods() if p.year == r.period.year and p.sort_key < r.period.sort_key]
        from_period = periods_note("Föregående prognos", sources, gone_by[-1] if gone_by else None)
        notes = [partly.text(), from_period, *self._plan_notes(history, periods)]
        lines = [line for note in notes for line in textwrap.wrap(note, int(sum(widths[1:]) * 1.1))]
        row = 6 + len(r.plan.key_figures) + max(len(lines) - 1, 0)
        for blank in range(4 + len(r.plan.key_figures), row + 1):
            ws.set_row(blank, DEFAULT_ROW)
        for offset, line in enumerate(lines):
            ws.write_string(4 + len(r.plan.key_figures) + offset, 1, line, fmt.subtitle)
        row = self._economy_forecasts(ws, history, row, widths)
        ws.set_row(row - 1, DEFAULT_ROW)
        ws.set_row(row, DEFAULT_ROW)
        breaks = []
        for index, (data_row, kf, charted) in enumerate(charts):
            at = row + 1 + (index // 2) * CHART_ROWS
            if index % (2 * CHART_ROWS_PER_PAGE) == 0:
                breaks.append(at)  # charts start a page and never straddle a page break
            chart = self.wb.add_chart({"type": "line"})
            first = 3 + len(periods) - len(charted)
            chart.add_series(
                {
                    "name": f"{kf.id} utfall",
                    "categories": ["Tidsserier", 3, first, 3, 2 + len(periods)],
                    "values": ["Tidsserier", data_row, first, data_row, 2 + len(periods)],
                    "marker": {"type": "circle"},
                }
            )
            chart.set_title({"name": f"{kf.id} {kf.name[:50]}", "name_font": {"size": 10}})
            chart.set_x_axis({"num_font": AXIS_FONT})
            chart.set_y_axis({"num_font": AXIS_FONT})
            chart.set_legend({"none": True})
            chart.set_size({"width": 400, "height": 220})  # two side by side fit the page in any spreadsheet
            values = {p: v for p, v in partly.values[kf.id].items() if isinstance(v, Decimal)}  # as the table
            shown = "; ".join(
                f"{p.short_label} {format_key_figure(values[p], kf.unit)}" for p in charted if p in values
            )
            description = f"Linjediagram: {kf.id} {kf.name}, utfall för nämnden per period: {shown}."
            ws.insert_chart(
                at, 0, chart, {"x_offset": (index % 2) * 415, "y_offset": CHART_GAP, "description": description}
            )
        for chart_row in range(row + 1, row + 1 + CHART_ROWS * ((len(charts) + 1) // 2)):
            ws.set_row(chart_row, DEFAULT_ROW)  # explicit: every spreadsheet then agrees where a chart ends
        if breaks:
            ws.set_h_pagebreaks(breaks)

    def _plan_notes(self, history: HistoryView, periods: Sequence[Period]) -> list[str]:
        """What the table's rows do not say: earlier periods stored under another nämnd id, a målvärde changed between the periods shown, key figures stored for
        the year that the plan no longer has, and trends of summed key figures set against the year before."""
        r = self.r
        summed = [
            kf.id
            for kf in r.plan.key_figures
            if summed_over_period(kf) and _spans_differ(history, kf, periods, r.period)
        ]
        span = (
            f"Trenden för {_listed(summed)}, som summeras, jämförs med samma period året innan, inte med perioden "
            "före (som kan omfatta ett annat antal månader)."
            if summed
            else ""
        )
        removed = no_longer_planned(history.index, (kf.id for kf in r.plan.key_figures), r.period)
        return [
            *history.board_notes,
            *target_notes(history.index, r.plan.key_figures, r.period, periods),
            *unit_notes(history.index, r.plan.key_figures, r.period, periods),
            *name_notes(history.index, r.plan.key_figures, r.period, periods),
            removed_note(removed, history.index, r.plan.key_figures),
            span,
        ]

    def _economy_forecasts(self, ws: Any, history: HistoryView, row: int, widths: Sequence[float]) -> int:
        """Each division's netto forecast now and its latest earlier of the year; the nämnd total's is their sum.

        The notes below say which rows' earlier forecast is from another period than the rest's, which
        frames moved since (the change is then against the frames) and which divisions are new.
        """
        fmt, r = self.fmt, self.r
        words = outlook(r.period)  # the årsrapport: the year's utfall against the last forecast
        heading = f"Ekonomi: {words.word} netto jämfört med föregående prognos ({self.unit})"
        ws.write_string(row, 1, heading, fmt.bold)
        found = netto_comparison(
            history.index, r.economy_overview, r.period, r.plan.amount_unit, r.plan.amount_decimals
        )
        headers, rows = found.table(r.economy_overview, words.now)
        shown = widths[1 : 1 + len(headers)]
        end = write_table(  # from column B: the Id column is too narrow for a division's name
            ws, row + 1, headers, rows, [fmt.text] + [fmt.mkr] * (len(headers) - 1), fmt.header, shown, first_col=1
        )
        # each note in lines within the table's width, each over the empty cells to its right (see the partly note)
        lines = [line for note in found.notes for line in textwrap.wrap(note, int(sum(widths[1:]) * 1.1))]
        for offset, line in enumerate(lines):
            ws.write_string(end + offset, 1, line, fmt.subtitle)
            ws.set_row(end + offset, DEFAULT_ROW)
        return end + len(lines) + 1 if lines else end + 1


def _trend(history: HistoryView, kf: KeyFigure, period: Period) -> str:
    """The trend mark; a key figure summed over the period against the same period the year before (see ``trend``).
    Only values stored in the plan's unit and under its name of today count: a count and a rate have no trend
    between them, nor an id reused for another measure."""
    points = comparable(history.index, kf, series(history.index, kf.id))  # in today's unit, under today's name
    riket = _riket_by_year(history, kf, period)
    if not summed_over_period(kf):
        return trend(points, kf.target, period, riket=riket)
    last_year = dict(series(history.index, kf.id, metric=Metric.LAST_YEAR)).get(period)
    return trend(points, kf.target, period, same_span=True, last_year=last_year, riket=riket)


def _riket_by_year(history: HistoryView, kf: KeyFigure, period: Period) -> dict[int, Decimal | None]:
    """ "I nivå med riket": riket's latest stored value (as the status uses it) for each year from the one it is of
    to the period's, so that a point of last year (T1 against Helår, a figure summed over the period) finds it."""
    value, year = history.kolada.get(kf.id), history.kolada_year.get(kf.id, period.year)
    return dict.fromkeys(range(min(year, period.year - 1), period.year + 1), value)


def _charted(periods: Sequence[Period], history: HistoryView, kf: KeyFigure) -> list[Period]:
    """The last periods shown whose values are in ``kf``'s unit and name of today (or unknown ones), up to one
    in another."""
    units, names = stored_units(history.index, kf.id), stored_names(history.index, kf.id)
    out: list[Period] = []
    for period in reversed(periods):
        if not same_unit(units.get(period, ""), kf.unit) or not same_name(names.get(period, ""), kf.name):
            break
        out.insert(0, period)
    return out


def _spans_differ(history: HistoryView, kf: KeyFigure, periods: Sequence[Period], now: Period) -> bool:
    """The row shows a value now and one of an earlier period of another length: read side by side, a summed
    key figure's would seem to grow or shrink (the note says what its trend is set against)."""
    values = dict(comparable(history.index, kf, series(history.index, kf.id)))
    return now in values and any(p in values and p.months != now.months for p in periods if p != now)


def _listed(ids: Sequence[str]) -> str:
    """ "N07", "N07 och N09", "N07, N09 och N12"."""
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} och {ids[-1]}"


class PartlyNote:
    """The values Tidsserier shows per key figure, and the note on those stored over some reporters only.

    A value over a division reported in part (history's ``left_out``) is no series point, so no trend or
    previous forecast is set against it; the table still shows it, as the Nyckeltal sheet does, and says so.
    """

    def __init__(self) -> None:
        self.values: dict[str, dict[Period, Decimal | str]] = {}
        self.left_out: dict[tuple[Period, str], list[str]] = {}

    def shown(
        self,
        item: str,
        whole: dict[Period, Decimal | str],
        parts: dict[Period, tuple[Decimal | str, str]],
        periods: Sequence[Period],
    ) -> dict[Period, Decimal | str]:
        values = dict(whole)
        for period in periods:
            if period not in whole and period in parts:
                values[period], left_out = parts[period]
                self.left_out.setdefault((period, left_out), []).append(item)
        self.values[item] = values
        return values

    def text(self) -> str:
        """ "Delvis rapporterade värden, …: N01, N04 (T1 2025, delår 2025) exkl. Hudmottagningen i Division Medicin."
        One clause per whom they leave out, each key figure and period once."""
        grouped: dict[str, tuple[dict[str, None], dict[str, None]]] = {}
        for (period, left_out), ids in self.left_out.items():
            items, periods = grouped.setdefault(left_out, ({}, {}))
            items.update(dict.fromkeys(ids))
            periods[period.in_text] = None
        said = [f"{', '.join(i)} ({', '.join(p)}) exkl. {left_out}" for left_out, (i, p) in grouped.items()]
        if not said:
            return ""
        return f"Delvis rapporterade värden, utan trend och jämförelse med föregående prognos: {'; '.join(said)}."
