"""The report's Sammanfattning sheet: måluppfyllelse, economy per division, charts, and what the nämnd must notice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.economy import NettoRow, is_subtotal, left_out_names
from reporting.consolidate.labels import BOARD_LEVEL, NOT_DUE, NOT_SUBMITTED, REJECTED, STATUS_ORDER
from reporting.consolidate.planned import judge_planned
from reporting.consolidate.tables import measure_total, not_computed_note
from reporting.findings import Rule, Severity
from reporting.history.previous import netto_comparison
from reporting.history.trends import HistoryView
from reporting.output.outlook import outlook
from reporting.output.sheet_writer import SheetWriter
from reporting.plan.goal_tree import goal_word
from reporting.plan.targets import Status
from reporting.swedish import format_number
from reporting.template.spec import NETTO_ID
from reporting.text import and_joined
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


def measure_note(r: Consolidation) -> str:
    """The åtgärdsplan's forecast against the planned effect of the same measures; when units of the divisions
    that gave them have not reported, the forecast of the units that have, beside the whole planned effect, never
    set against it (the plan gives no unit's share)."""
    total = measure_total(r.measures)
    required = r.plan.savings_required.get(r.period.year)
    d, unit = r.plan.amount_decimals, r.plan.amount_unit
    scope = f" (exkl. {', '.join(total.left_out)}, som inte alla divisioner har rapporterat)" if total.left_out else ""
    effect = f"{outlook(r.period).effect.lower()} {format_number(total.forecast, d)} {unit}"
    planned = f"{format_number(total.planned, d)} {unit}{not_computed_note(total.not_computed)}"
    text = f"Åtgärdsplanen{scope}: {effect} mot planerad effekt {planned}"
    if total.units_out:
        text = (
            f"Åtgärdsplanen{scope}: {effect} från de enheter som har rapporterat (exkl. {', '.join(total.units_out)})"
            f"; planerad effekt {planned} gäller alla enheter och ställs mot prognosen först när alla har rapporterat"
        )
    if total.left_out:
        text += (
            f"; planerad effekt för alla åtgärder {format_number(total.planned_all, d)} {unit}"
            f"{not_computed_note(total.not_computed_all)}"
        )
    return text + (f" (besparingskrav {format_number(required, d)} {unit})." if required is not None else ".")


def unit_off_note(r: Consolidation) -> list[str]:
    """Amounts about 1 000 times their budget (tkr typed in an mkr plan, or the reverse) are used as typed, a
    warning and never a guess: the nämnd is told whose they are, since its totals count them."""
    whose = list(dict.fromkeys(f.division for f in r.findings if f.rule is Rule.AMOUNT_UNIT_OFF))
    if not whose:
        return []
    return [
        f"Belopp som ser ut att vara i fel enhet (omkring 1 000 gånger budgeten) från {', '.join(whose)}: "
        "summorna räknar med dem som de är skrivna. Se fliken Avvikelser."
    ]


def forecast_note(r: Consolidation) -> str:
    """The nämnd's helårsprognos (at year end the year's result) against the frame, and against the planned
    result when the plan states one; or why it cannot be summed (``unsummed_note``)."""
    total = r.economy_total
    if not isinstance(total.forecast_deviation, Decimal):
        return unsummed_note(r)
    word = "överskott" if total.forecast_deviation >= 0 else "underskott"
    scope = "" if total.submitted else f" (exkl. {_left_out(r)})"
    d, unit = r.plan.amount_decimals, r.plan.amount_unit
    text = (
        f"{outlook(r.period).subject}{scope} visar {word} {format_number(abs(total.forecast_deviation), d)} {unit} "
        "mot budgetramen"
    )
    judged = judge_planned(r.plan, total, r.period.year)
    planned = r.plan.planned_result.get(r.period.year)
    if judged is None and planned is not None and not total.submitted:
        # the accepted deficit is the whole nämnd's: a total that leaves divisions out cannot be set against it
        return (
            f"{text}; planerat resultat {r.period.year} är {format_number(planned, d)} {unit} "
            "och kan bedömas först när alla divisioner har kommit in."
        )
    if judged is None:
        return text + "."
    return f"{text} {format_number(judged.budget, d)} {unit} och {judged.planned_text}: {judged.verdict}."


def unsummed_note(r: Consolidation) -> str:
    """ "Helårsprognosen för nämnden kan inte summeras: helårsprognos saknas för Division Medicin (Personalkostnader).
    Se fliken Avvikelser." A division's amount left empty (in its file or a unit's) is unknown, never 0: the total
    is then empty, and the nämnd is told whose amount it waits for ("" when nothing reported is missing)."""
    words = outlook(r.period)
    lacking: dict[str, list[str]] = {}
    for e in r.economy:
        if e.submitted and e.group_id != NETTO_ID and e.forecast is None and not is_subtotal(r.plan, e.group_id):
            lacking.setdefault(e.division, []).append(e.group)
    if not lacking:
        return ""
    whose = and_joined([f"{division} ({', '.join(groups)})" for division, groups in lacking.items()])
    return f"{words.subject} för nämnden kan inte summeras: {words.word} saknas för {whose}. Se fliken Avvikelser."


def change_note(r: Consolidation, history: HistoryView | None) -> str:
    """The nämnd total's helårsprognos against the previous forecast of the year, in one line: the first thing a
    month's papers are read for ("" without history, or when the total has no previous forecast)."""
    if history is None:
        return ""
    found = netto_comparison(history.index, r.economy_overview, r.period, r.plan.amount_unit, r.plan.amount_decimals)
    change = next((p.change for o, p in zip(r.economy_overview, found.rows) if o.is_total), None)
    if change is None:
        return ""
    subject = outlook(r.period).subject
    if found.reframed:  # a frame moved since: the change is the deviation's against the frames, then and now
        subject = f"Avvikelsen mot budgetramen i {subject[:1].lower()}{subject[1:]}"
    if change == 0:
        return f"{subject} är oförändrad sedan föregående prognos; se fliken Tidsserier."
    how = "förbättrats" if change > 0 else "försämrats"  # netto: a smaller deficit is better
    return (
        f"{subject} har {how} med {format_number(abs(change), r.plan.amount_decimals)} {r.plan.amount_unit} sedan "
        "föregående prognos; se fliken Tidsserier."
    )


def _left_out(r: Consolidation) -> str:
    """ "Division Medicin, som inte har kommit in, och Division Kirurgi, som avvisades": whom a total leaves out
    (divisions not in, units of divisions in part), a rejected division or unit said as such."""
    rejected = {r.plan.division(d).name for d in r.rejected}
    rejected_units = {o.named_out for o in r.economy_overview if o.named_out != o.left_out}  # "avvisad: Enhet …"
    names = left_out_names(r.economy_overview)
    parts = [
        f"{', '.join(group)}, {why}"
        for group, why in (
            ([n for n in names if n not in rejected and n not in rejected_units], "som inte har kommit in"),
            ([n for n in names if n in rejected], "som avvisades"),
            ([n for n in names if n in rejected_units], "som saknas eller avvisades"),
        )
        if group
    ]
    return " och ".join(parts)


def absent_notes(r: Consolidation, where: str = "fliken Avvikelser") -> list[str]:
    """ "Ej inkommen: …" and "Avvisad: Division Kirurgi (3 fel; …)": divisions not consolidated, a rejected
    one never said as not submitted; ``where`` tells where its errors are listed."""
    out = []
    if r.never_in:
        out.append("Ej inkommen: " + ", ".join(r.plan.division(d).name for d in r.never_in) + ".")
    if r.rejected:
        word = "Avvisad" if len(r.rejected) == 1 else "Avvisade"
        names = ", ".join(f"{r.plan.division(d).name} ({r.rejected_errors(d)} fel)" for d in r.rejected)
        out.append(f"{word}: {names}; felen står på {where} och i divisionens återkoppling.")
    return out


def riket_notes(r: Consolidation) -> list[str]:
    """Key figures with an utfall that stand as "Underlag saknas" because their riket-relative målvärde has no
    stored riket value: which ones, why, and the command that stores it (the report never calls the network)."""
    plan = {kf.id: kf for kf in r.plan.key_figures}
    unjudged = {  # any row with an utfall: a key figure not aggregated (ej) has none at the nämnd's
        k.id for k in r.key_figures if k.status == Status.NO_DATA.value and isinstance(k.outcome, Decimal)
    }
    waiting = [kf for kf in plan.values() if kf.id in unjudged and kf.target_for(r.period.year).benchmark]
    notes = []
    stored = [kf for kf in waiting if kf.kolada_id]
    if stored:
        ids = " ".join(f"--kpi {kpi}" for kpi in dict.fromkeys(kf.kolada_id for kf in stored))
        notes.append(
            f"Riket saknas för {', '.join(kf.id for kf in stored)}: målvärdet jämförs med riket, men inget "
            f"Kolada-värde är lagrat, så utfallet kan inte bedömas. Hämta det med 'reporting history kolada-fetch "
            f"{ids} --year {r.period.year}' (eller läs in en sparad fil med 'reporting history kolada') och "
            "sammanställ igen."
        )
    unnamed = [kf.id for kf in waiting if not kf.kolada_id]
    if unnamed:
        notes.append(
            f"Riket saknas för {', '.join(unnamed)}: målvärdet jämförs med riket, men nyckeltalet har inget "
            "Kolada-id i planen, så utfallet kan inte bedömas. Ange Kolada-id på planens flik Nyckeltal och hämta "
            "riket med 'reporting history kolada-fetch'."
        )
    return notes


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
        row = write_table(ws, goal_header, headers, goals, [fmt.text] + [fmt.tkr] * 6, fmt.header, SUMMARY_WIDTHS)
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
                o.division,
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
        used += 2 * DEFAULT_ROW + _table_height([headers, *rows])
        if used > 0.9 * PRINTABLE_HEIGHT / print_scale(SUMMARY_WIDTHS):
            breaks.append(row)  # the economy table does not fit under the notes: it starts page 2, whole
        ws.write_string(row, 0, f"Ekonomi per division ({self.unit})", fmt.bold)
        row = write_table(
            ws, economy_header, headers, rows, [fmt.text] + [fmt.mkr] * 6 + [fmt.text], fmt.header, SUMMARY_WIDTHS
        )
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
        """The few things the nämnd must notice, in plain Swedish."""
        r, out = self.r, []
        out += absent_notes(r)
        totals = [k for k in r.key_figures if k.is_total]
        for status in (Status.NOT_MET, Status.PARTLY):
            names = [f"{row.id} {row.name}" for row in totals if row.status == status.value]
            names += [
                f"{g.id} {g.name}" for g in r.financial_goals if g.outcome is not None and g.status == status.value
            ]
            if names:  # a name ending in "." (a key figure written as a sentence) would read ".;"
                shown = "; ".join(name.rstrip(". ") for name in names[:6]) + (" …" if len(names) > 6 else ".")
                out.append(f"{status.value} ({len(names)}): {shown}")
        out += riket_notes(r)
        forecast = forecast_note(r)
        if forecast:
            out.append(forecast)
        if change := change_note(r, history):
            out.append(change)
        out += unit_off_note(r)
        out += [f.message for f in r.checks if f.rule in (Rule.FORECAST_DEFICIT, Rule.RESULT_DEFICIT)]
        out += [f.message for f in r.checks if f.rule is Rule.CENTRAL_MISSING]  # the office's own file forgotten
        if r.measures:
            out.append(measure_note(r))
        errors = sum(1 for f in r.findings if f.severity is Severity.ERROR)
        if errors:
            out.append(f"{errors} fel i inlämnade underlag; se fliken Avvikelser.")
        return out

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
