"""The report's Sammanfattning sheet: måluppfyllelse, economy per division, charts, and what the nämnd must notice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reporting.consolidate.labels import NOT_SUBMITTED, STATUS_ORDER
from reporting.findings import Rule, Severity
from reporting.output.sheet_writer import SheetWriter
from reporting.plan.targets import Status
from reporting.swedish import format_number
from reporting.xlsx.write import write_table


class SummaryWriter(SheetWriter):
    # ---------------------------------------------------------------- Sammanfattning
    def summary(self) -> None:
        r, fmt = self.r, self.fmt
        ws = self.sheet("Sammanfattning", f"{r.period.report_title} {r.period.year} – {r.plan.board}", None)
        ws.set_column(0, 0, 44)
        ws.set_column(1, 8, 14)
        if not r.submitted:
            ws.write_string(
                2,
                0,
                "Inga godkända inlämningar har kommit in för perioden. Rapporten visar planen utan utfall.",
                fmt.status("Ej uppfyllt"),
            )
        headers = ["Målområde", *[s.value for s in STATUS_ORDER], "Antal nyckeltal"]
        rows = [[row.name, *[row.count(s) for s in STATUS_ORDER], row.total] for row in r.goal_areas]
        end = write_table(ws, 3, headers, rows, [fmt.text] + [fmt.tkr] * 6, fmt.header)
        self._goal_chart(ws, 3, len(rows), end + 1)
        row = end + 18
        ws.write_string(row, 0, "Ekonomi per division (mkr)", fmt.bold)
        headers = [
            "Division",
            "Budgetram helår",
            "Periodiserad budget",
            "Utfall ack.",
            "Avvikelse",
            "Helårsprognos",
            "Prognos mot ram",
            "Status",
        ]
        rows = [
            [
                o.division,
                o.budget,
                o.periodised,
                o.actual,
                o.deviation,
                o.forecast,
                o.forecast_deviation,
                "Inkommen" if o.submitted else NOT_SUBMITTED,
            ]
            for o in r.economy_overview
        ]
        first = row + 1
        end = write_table(ws, first, headers, rows, [fmt.text] + [fmt.mkr] * 6 + [fmt.text], fmt.header)
        self._economy_chart(ws, first, len(rows) - 1, end + 1)
        row = end + 18
        ws.write_string(row, 0, "Att notera för nämnden", fmt.bold)
        for offset, note in enumerate(self.notes(), start=1):
            ws.merge_range(row + offset, 0, row + offset, 7, f"• {note}", fmt.wrap)
            ws.set_row(row + offset, 14 * (1 + len(note) // 150))

    def notes(self) -> list[str]:
        """The few things the nämnd must notice, in plain Swedish."""
        r, out = self.r, []
        if r.missing:
            out.append("Ej inkommen: " + ", ".join(r.plan.division(d).name for d in r.missing) + ".")
        totals = [k for k in r.key_figures if k.is_total]
        for status in (Status.NOT_MET, Status.PARTLY):
            names = [f"{row.id} {row.name}" for row in totals if row.status == status.value]
            if names:
                out.append(f"{status.value} ({len(names)}): " + "; ".join(names[:6]) + (" …" if len(names) > 6 else ""))
        total = r.economy_overview[-1]
        if isinstance(total.forecast_deviation, Decimal):
            word = "överskott" if total.forecast_deviation >= 0 else "underskott"
            scope = "" if total.submitted else " (för inkomna divisioner)"
            out.append(
                f"Helårsprognosen{scope} visar {word} {format_number(abs(total.forecast_deviation))} mkr "
                "mot budgetramen."
            )
        out += [f.message for f in r.checks if f.rule is Rule.FORECAST_DEFICIT]
        measures = r.measures
        if measures:
            planned = sum((m.planned for m in measures), Decimal(0))
            forecast = sum((m.forecast for m in measures), Decimal(0))
            required = r.plan.savings_required.get(r.period.year)
            text = (
                f"Åtgärdsplanen: prognos {format_number(forecast)} mkr mot planerad effekt {format_number(planned)} mkr"
            )
            out.append(text + (f" (besparingskrav {format_number(required)} mkr)." if required is not None else "."))
        errors = sum(1 for f in r.findings if f.severity is Severity.ERROR)
        if errors:
            out.append(f"{errors} fel i inlämnade underlag; se fliken Avvikelser.")
        return out

    def _goal_chart(self, ws: Any, header_row: int, count: int, at_row: int) -> None:
        if count == 0:
            return
        chart = self.wb.add_chart({"type": "bar", "subtype": "stacked"})
        colours = {
            "Uppfyllt": "#70AD47",
            "Delvis uppfyllt": "#FFC000",
            "Ej uppfyllt": "#C00000",
            "Underlag saknas": "#A6A6A6",
            "Följs (inget mål)": "#5B9BD5",
        }
        for col, status in enumerate(STATUS_ORDER, start=1):
            chart.add_series(
                {
                    "name": ["Sammanfattning", header_row, col],
                    "categories": ["Sammanfattning", header_row + 1, 0, header_row + count, 0],
                    "values": ["Sammanfattning", header_row + 1, col, header_row + count, col],
                    "fill": {"color": colours[status.value]},
                }
            )
        chart.set_title({"name": "Måluppfyllelse per målområde (antal nyckeltal)"})
        chart.set_y_axis({"label_position": "low"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 760, "height": 300})
        ws.insert_chart(at_row, 0, chart)

    def _economy_chart(self, ws: Any, header_row: int, count: int, at_row: int) -> None:
        chart = self.wb.add_chart({"type": "column"})
        for col, colour in ((1, "#1F4E78"), (5, "#ED7D31")):
            chart.add_series(
                {
                    "name": ["Sammanfattning", header_row, col],
                    "categories": ["Sammanfattning", header_row + 1, 0, header_row + count, 0],
                    "values": ["Sammanfattning", header_row + 1, col, header_row + count, col],
                    "fill": {"color": colour},
                }
            )
        chart.set_title({"name": "Helårsprognos mot budgetram per division (mkr, netto)"})
        chart.set_x_axis({"label_position": "low"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 760, "height": 300})
        ws.insert_chart(at_row, 0, chart)
