"""Write the period's summary workbook for the nämnd and one feedback workbook per division.

Everything that came from a submission is written as text or as a number, never
as a formula. Pages print landscape, fit to width, with repeated headers and a
header/footer naming nämnd, period, dnr and page numbers.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from reporting.consolidate.amounts import sum_known
from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.labels import NOT_SUBMITTED, STATUS_ORDER, TOTAL
from reporting.findings import Severity
from reporting.history.store import NAMND
from reporting.history.trends import HistoryView, previous_forecast, series, trend
from reporting.output.findings_sheet import write_findings
from reporting.output.libreoffice import convert
from reporting.plan.targets import Status
from reporting.swedish import format_number
from reporting.template.spec import NETTO_ID
from reporting.xlsx.write import (
    Formats,
    new_workbook,
    print_setup,
    row_height,
    write_table,
    write_value,
)

SHEETS = [
    "Sammanfattning",
    "Nyckeltal",
    "Tidsserier",
    "Uppdrag",
    "Ekonomi",
    "Åtgärdsplan",
    "Investeringar",
    "Inlämningar",
    "Avvikelser",
]
MAX_PERIODS_SHOWN = 9


def report_path(result: Consolidation, outbox: Path) -> Path:
    return outbox / f"{result.period.key} {result.period.report_title} {result.plan.board}.xlsx"


def write_report(
    result: Consolidation, outbox: str | Path, pdf: bool = False, history: HistoryView | None = None
) -> list[Path]:
    """Write the summary workbook (and its PDF when asked); return the written paths.

    With ``history`` (see ``reporting.history``) a Tidsserier sheet shows each key
    figure over the stored periods, its trend, the previous forecast and riket.
    """
    outbox = Path(outbox)
    outbox.mkdir(parents=True, exist_ok=True)
    path = report_path(result, outbox)
    wb = new_workbook(str(path))
    fmt = Formats(wb)
    writer = _Writer(wb, fmt, result)
    writer.summary()
    writer.key_figures()
    if history is not None:
        writer.time_series(history)
    writer.assignments()
    writer.economy()
    writer.measures()
    writer.investments()
    writer.submissions()
    writer.deviations()
    wb.close()
    written = [path]
    if pdf:
        convert(path, "pdf", outbox)
        written.append(path.with_suffix(".pdf"))
    return written


class _Writer:
    def __init__(self, wb: Any, fmt: Formats, result: Consolidation) -> None:
        self.wb, self.fmt, self.r = wb, fmt, result
        plan = result.plan
        self.left = f"{plan.board} · {plan.region}"
        self.right = f"{result.period.report_title} · {result.period.label} · Dnr {plan.dnr}"

    def sheet(self, name: str, title: str, header_row: int | None) -> Any:
        ws = self.wb.add_worksheet(name)
        ws.write_string(0, 0, title, self.fmt.title)
        ws.write_string(
            1,
            0,
            f"{self.r.plan.board}, {self.r.plan.region} · {self.r.period.label} · Dnr {self.r.plan.dnr}",
            self.fmt.subtitle,
        )
        print_setup(ws, header_row, self.left, self.right, f"{self.r.period.report_title} {self.r.period.key} · {name}")
        if header_row is not None:
            ws.freeze_panes(header_row + 1, 0)
        return ws

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
        rows = [
            [row["name"], *[row[s.value] for s in STATUS_ORDER], row["Antal"]] for _, row in r.goal_areas.iterrows()
        ]
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
                o["division"],
                o["budget"],
                o["periodised"],
                o["actual"],
                o["deviation"],
                o["forecast"],
                o["forecast_deviation"],
                "Inkommen" if o["submitted"] else NOT_SUBMITTED,
            ]
            for _, o in r.economy_overview.iterrows()
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
        totals = r.key_figures[r.key_figures["is_total"]] if not r.key_figures.empty else r.key_figures
        for status in (Status.NOT_MET, Status.PARTLY):
            names = [f"{row['id']} {row['name']}" for _, row in totals.iterrows() if row["status"] == status.value]
            if names:
                out.append(f"{status.value} ({len(names)}): " + "; ".join(names[:6]) + (" …" if len(names) > 6 else ""))
        total = r.economy_overview.iloc[-1]
        if isinstance(total["forecast_deviation"], Decimal):
            word = "överskott" if total["forecast_deviation"] >= 0 else "underskott"
            scope = "" if total["submitted"] else " (för inkomna divisioner)"
            out.append(
                f"Helårsprognosen{scope} visar {word} {format_number(abs(total['forecast_deviation']))} mkr "
                "mot budgetramen."
            )
        out += [f.message for f in r.checks if f.rule == "forecast-deficit"]
        measures = r.measures
        if not measures.empty:
            planned = sum(measures["planned"], Decimal(0))
            forecast = sum(measures["forecast"], Decimal(0))
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

    # ---------------------------------------------------------------- detail sheets
    def key_figures(self) -> None:
        fmt = self.fmt
        ws = self.sheet("Nyckeltal", "Nyckeltal per division och för nämnden", 3)
        headers = [
            "Id",
            "Nyckeltal",
            "Målområde",
            "Division",
            "Målvärde",
            "Utfall",
            "Samma period fg år",
            "Helårsprognos",
            "Status",
            "Prognos helår",
            "Analys / sammanvägning",
            "Åtgärder",
        ]
        widths = [6, 40, 22, 22, 20, 10, 11, 11, 18, 18, 44, 36]
        ws.set_row(3, row_height(headers, widths))
        for col, (header, width) in enumerate(zip(headers, widths)):
            ws.write_string(3, col, header, fmt.header)
            ws.set_column(col, col, width)
        for row, (_, kf) in enumerate(self.r.key_figures.iterrows(), start=4):
            bold = kf["is_total"]
            base = fmt.bold if bold else fmt.text
            values = [kf["id"], kf["name"], kf["goal_area_name"], kf["division"], kf["target"]]
            for col, value in enumerate(values):
                write_value(ws, row, col, value, base)
            for col, key in ((5, "outcome"), (6, "last_year"), (7, "forecast")):
                write_value(ws, row, col, kf[key], fmt.number)
            label = kf["status_label"]
            word = NOT_SUBMITTED if label == NOT_SUBMITTED else kf["status"]
            ws.write_string(row, 8, label, fmt.status(word))
            forecast_status = Status(kf["forecast_status"])
            ws.write_string(
                row,
                9,
                forecast_status.label if label != NOT_SUBMITTED else NOT_SUBMITTED,
                fmt.status(forecast_status.value if label != NOT_SUBMITTED else NOT_SUBMITTED),
            )
            write_value(ws, row, 10, kf["analysis"], fmt.text)
            write_value(ws, row, 11, kf["actions"], fmt.text)
            ws.set_row(row, row_height([*values, "", "", "", "", "", kf["analysis"], kf["actions"]], widths))
        legend = 5 + len(self.r.key_figures)
        ws.write_string(legend, 0, "Teckenförklaring:", fmt.bold)
        for col, status in enumerate(STATUS_ORDER, start=1):
            ws.write_string(legend, col, status.label, fmt.status(status.value))
        ws.autofilter(3, 0, 3 + len(self.r.key_figures), len(headers) - 1)

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
        ]
        widths = [6, 40, 20, *[10] * len(periods), 13, 12, 12, 11, 12]
        for col, (header, width) in enumerate(zip(headers, widths)):
            ws.write_string(3, col, header, fmt.header)
            ws.set_column(col, col, width)
        charts = []
        for row, kf in enumerate(r.plan.key_figures, start=4):
            points = dict(series(history.figures, kf.id))
            for col, value in enumerate([kf.id, kf.name, kf.target_text]):
                ws.write_string(row, col, value, fmt.text)
            for col, period in enumerate(periods, start=3):
                write_value(ws, row, col, points.get(period), fmt.number)
            base = 3 + len(periods)
            ws.write_string(row, base, trend(series(history.figures, kf.id), kf.target, r.period), fmt.text)
            before = previous_forecast(history.figures, kf.id, r.period)
            now = dict(series(history.figures, kf.id, metric="forecast")).get(r.period)
            write_value(ws, row, base + 1, before, fmt.number)
            write_value(ws, row, base + 2, now, fmt.number)
            write_value(ws, row, base + 3, now - before if before is not None and now is not None else None, fmt.number)
            write_value(ws, row, base + 4, history.kolada.get(kf.id), fmt.number)
            ws.set_row(row, row_height([kf.id, kf.name], widths))
            if sum(1 for p in periods if p in points) >= 3:
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
        for _, o in r.economy_overview.iterrows():
            key = o["division_id"] or NAMND
            before = previous_forecast(history.figures, NETTO_ID, r.period, key, "ekonomi")
            now = o["forecast"] if o["submitted"] or o["division_id"] else None
            rows.append(
                [
                    o["division"],
                    o["budget"],
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

    def assignments(self) -> None:
        fmt = self.fmt
        ws = self.sheet("Uppdrag", "Uppdrag – status per division", 3)
        df = self.r.assignments
        rows = [
            [a["id"], a["text"], a["decided_by"], a["division"], a["status"], a["comment"]] for _, a in df.iterrows()
        ]
        write_table(
            ws,
            3,
            ["Id", "Uppdrag", "Beslutad av", "Division", "Status", "Kommentar"],
            rows,
            [fmt.text] * 6,
            fmt.header,
            [6, 60, 22, 24, 22, 50],
        )

    def economy(self) -> None:
        fmt = self.fmt
        ws = self.sheet("Ekonomi", "Ekonomi per division och kontogrupp (mkr)", 3)
        headers = [
            "Division",
            "Kontogrupp",
            "Budget helår",
            "Periodiserad budget",
            "Utfall ack.",
            "Avvikelse (mkr)",
            "Avvikelse (%)",
            "Helårsprognos",
            "Prognos mot budget",
            "Kommentar",
        ]
        rows = []
        for _, e in self.r.economy.iterrows():
            rows.append(
                [
                    e["division"],
                    e["group"],
                    e["budget"],
                    e["periodised"],
                    e["actual"],
                    e["deviation"],
                    e["deviation_pct"],
                    e["forecast"],
                    e["forecast_deviation"],
                    e["comment"] if e["submitted"] else NOT_SUBMITTED,
                ]
            )
        end = write_table(
            ws,
            3,
            headers,
            rows,
            [fmt.text, fmt.text] + [fmt.mkr] * 4 + [fmt.pct, fmt.mkr, fmt.mkr, fmt.text],
            fmt.header,
            [26, 20, 12, 12, 12, 12, 10, 12, 12, 44],
        )
        totals = self.group_totals()
        ws.write_string(end + 1, 0, f"{TOTAL} per kontogrupp", fmt.bold)
        write_table(
            ws,
            end + 2,
            ["Kontogrupp", "Budget helår", "Periodiserad budget", "Utfall ack.", "Helårsprognos"],
            totals,
            [fmt.bold] + [fmt.mkr_bold] * 4,
            fmt.header,
        )

    def group_totals(self) -> list[list[Any]]:
        """Nämnd totals per account group: the exact sum of the division rows."""
        out = []
        economy = self.r.economy
        for _, group in economy.groupby("group_id", sort=False):
            row: list[Any] = [group["group"].iloc[0]]
            for key in ("budget", "periodised", "actual", "forecast"):
                row.append(sum_known(group[key]))
            out.append(row)
        return out

    def measures(self) -> None:
        fmt = self.fmt
        ws = self.sheet("Åtgärdsplan", "Åtgärdsplan för ekonomi i balans (mkr)", 3)
        df = self.r.measures
        rows = [
            [
                m["id"],
                m["name"],
                m["goal"],
                m["planned"],
                m["achieved"],
                m["forecast"],
                m["forecast_deviation"],
                m["missing"],
                m["comment"],
            ]
            for _, m in df.iterrows()
        ]
        end = write_table(
            ws,
            3,
            [
                "Id",
                "Åtgärd",
                "Mål",
                "Planerad effekt",
                "Uppnådd hittills",
                "Prognos helår",
                "Prognos mot plan",
                "Ej rapporterat av",
                "Kommentarer",
            ],
            rows,
            [fmt.text] * 3 + [fmt.mkr] * 4 + [fmt.text] * 2,
            fmt.header,
            [6, 40, 12, 12, 12, 12, 12, 26, 50],
        )
        if not df.empty:
            total = [sum(df[k], Decimal(0)) for k in ("planned", "achieved", "forecast", "forecast_deviation")]
            ws.write_string(end, 1, "Summa", fmt.bold)
            for col, value in enumerate(total, start=3):
                write_value(ws, end, col, value, fmt.mkr_bold)
            required = self.r.plan.savings_required.get(self.r.period.year)
            if required is not None:
                ws.write_string(end + 1, 1, "Besparingskrav enligt plan", fmt.bold)
                write_value(ws, end + 1, 3, required, fmt.mkr_bold)
                ws.write_string(end + 2, 1, "Prognos mot besparingskrav", fmt.bold)
                write_value(ws, end + 2, 5, total[2] - required, fmt.mkr_bold)

    def investments(self) -> None:
        fmt = self.fmt
        ws = self.sheet("Investeringar", "Investeringar (tkr)", 3)
        df = self.r.investments
        rows = [
            [
                i["id"],
                i["division"],
                i["unit"],
                i["object"],
                i["kind"],
                i["amount"],
                i["status"],
                i["spent"],
                i["comment"],
            ]
            for _, i in df.iterrows()
        ]
        end = write_table(
            ws,
            3,
            ["Id", "Division", "Enhet", "Objekt", "Typ", "Budget (tkr)", "Status", "Upparbetat (tkr)", "Kommentar"],
            rows,
            [fmt.text] * 5 + [fmt.tkr, fmt.text, fmt.tkr, fmt.text],
            fmt.header,
            [6, 22, 26, 32, 24, 12, 14, 14, 40],
        )
        if not df.empty:
            ws.write_string(end, 0, "Summa", fmt.bold)
            write_value(ws, end, 5, int(sum(df["amount"])), fmt.tkr_bold)
            write_value(ws, end, 7, sum((s for s in df["spent"] if isinstance(s, Decimal)), Decimal(0)), fmt.tkr_bold)

    def submissions(self) -> None:
        fmt = self.fmt
        ws = self.sheet("Inlämningar", "Inlämningar och intagslogg", 3)
        df = self.r.submissions
        rows = [
            [
                s["division"],
                s["status"],
                s["file"],
                s["received"],
                s["deadline"],
                s["template_version"],
                s["errors"],
                s["warnings"],
                s["sha256"],
            ]
            for _, s in df.iterrows()
        ]
        end = write_table(
            ws,
            3,
            ["Division", "Status", "Fil", "Mottagen", "Sista dag", "Mallversion", "Fel", "Varningar", "SHA-256"],
            rows,
            [fmt.text] * 6 + [fmt.tkr, fmt.tkr, fmt.text],
            fmt.header,
            [26, 18, 36, 20, 12, 10, 8, 10, 66],
        )
        ws.write_string(end + 1, 0, "Intagslogg för denna körning", fmt.bold)
        log = [[e.time, e.file, e.division, e.period, e.result, e.reason, e.sha256] for e in self.r.intake.log]
        write_table(
            ws,
            end + 2,
            ["Tid", "Fil", "Division", "Period", "Resultat", "Orsak", "SHA-256"],
            log,
            [fmt.text] * 7,
            fmt.header,
        )

    def deviations(self) -> None:
        fmt = self.fmt
        ws = self.sheet("Avvikelser", "Avvikelser: alla fynd i underlagen och kontrollerna", 3)
        write_findings(ws, fmt, self.r.findings, 3)
