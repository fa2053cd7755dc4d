"""The report's Tidsserier sheet: each key figure over the stored periods, trend, forecasts and riket."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reporting.history.store import NAMND
from reporting.history.trends import HistoryView, answers, previous_answer, previous_forecast, series, trend
from reporting.output.sheet_writer import SheetWriter
from reporting.plan.targets import Direction
from reporting.template.spec import NETTO_ID
from reporting.xlsx.write import row_height, write_table, write_value

MAX_PERIODS_SHOWN = 9


class TimeSeriesWriter(SheetWriter):
    def time_series(self, history: HistoryView) -> None:
        """Each key figure (nämnd level) over the stored periods, trend, forecasts and riket."""
        fmt, r = self.fmt, self.r
        ws = self.sheet("Tidsserier", "Tidsserier, trend och prognos jämfört med föregående prognos", 3)
        periods = [p for p in history.periods() if p.sort_key <= r.period.sort_key][-MAX_PERIODS_SHOWN:]
        headers = [
            "Id",
            "Nyckeltal",
            "Målvärde",
            *[p.key for p in periods],
            "Trend",
            "Föregående prognos",
            "Aktuell prognos",
            "Förändring",
            "Riket (Kolada)",
            "Riket, år",
        ]
        widths = [6, 40, 20, *[10] * len(periods), 13, 12, 12, 11, 12, 9]
        for col, (header, width) in enumerate(zip(headers, widths)):
            ws.write_string(3, col, header, fmt.header)
            ws.set_column(col, col, width)
        charts = []
        for row, kf in enumerate(r.plan.key_figures, start=4):
            done = kf.target.direction is Direction.DONE  # "Ja" / "Nej" per period, no trend, no change
            points = dict(answers(history.figures, kf.id) if done else series(history.figures, kf.id))
            for col, value in enumerate([kf.id, kf.name, kf.target_text]):
                ws.write_string(row, col, value, fmt.text)
            for col, period in enumerate(periods, start=3):
                write_value(ws, row, col, points.get(period), fmt.number)
            base = 3 + len(periods)
            ws.write_string(row, base, trend(series(history.figures, kf.id), kf.target, r.period), fmt.text)
            before: Decimal | str | None
            now: Decimal | str | None
            if done:
                before = previous_answer(history.figures, kf.id, r.period)
                now = dict(answers(history.figures, kf.id, metric="forecast")).get(r.period)
            else:
                before = previous_forecast(history.figures, kf.id, r.period)
                now = dict(series(history.figures, kf.id, metric="forecast")).get(r.period)
            write_value(ws, row, base + 1, before, fmt.number)
            write_value(ws, row, base + 2, now, fmt.number)
            change = now - before if isinstance(now, Decimal) and isinstance(before, Decimal) else None
            write_value(ws, row, base + 3, change, fmt.number)
            write_value(ws, row, base + 4, history.kolada.get(kf.id), fmt.number)
            riket_year = history.kolada_year.get(kf.id)  # the value may be the year before's
            ws.write_string(row, base + 5, "" if riket_year is None else str(riket_year), fmt.text)
            ws.set_row(row, row_height([kf.id, kf.name], widths))
            if not done and sum(1 for p in periods if p in points) >= 3:
                charts.append((row, kf))
        row = 6 + len(r.plan.key_figures)
        row = self._economy_forecasts(ws, history, row)
        for index, (data_row, kf) in enumerate(charts):
            chart = self.wb.add_chart({"type": "line"})
            chart.add_series(
                {
                    "name": f"{kf.id} utfall",
                    "categories": ["Tidsserier", 3, 3, 3, 2 + len(periods)],
                    "values": ["Tidsserier", data_row, 3, data_row, 2 + len(periods)],
                    "marker": {"type": "circle"},
                }
            )
            chart.set_title({"name": f"{kf.id} {kf.name[:50]}", "name_font": {"size": 9}})
            chart.set_legend({"none": True})
            chart.set_size({"width": 480, "height": 220})
            ws.insert_chart(row + 1 + (index // 2) * 12, (index % 2) * 6, chart)

    def _economy_forecasts(self, ws: Any, history: HistoryView, row: int) -> int:
        """Each division's netto forecast now and at the previous period of the year."""
        fmt, r = self.fmt, self.r
        ws.write_string(row, 0, "Ekonomi: helårsprognos netto jämfört med föregående prognos (mkr)", fmt.bold)
        rows = []
        for o in r.economy_overview:
            key = o.division_id or NAMND
            before = previous_forecast(history.figures, NETTO_ID, r.period, key, "ekonomi")
            now = o.forecast if o.submitted or o.division_id else None
            rows.append(
                [
                    o.division,
                    o.budget,
                    before,
                    now,
                    now - before if isinstance(now, Decimal) and before is not None else None,
                ]
            )
        return (
            write_table(
                ws,
                row + 1,
                ["Division", "Budgetram", "Föregående prognos", "Aktuell prognos", "Förändring"],
                rows,
                [fmt.text] + [fmt.mkr] * 4,
                fmt.header,
            )
            + 1
        )
