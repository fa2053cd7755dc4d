"""Write the period's summary workbook for the nämnd and one feedback workbook per division.

Everything that came from a submission is written as text or as a number, never
as a formula. Pages print landscape, fit to width, with repeated headers and a
header/footer naming nämnd, period, dnr and page numbers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.economy import board_amounts, board_rows, group_frames, group_totals
from reporting.consolidate.investments import investment_rams, investment_total
from reporting.consolidate.labels import TOTAL
from reporting.consolidate.tables import measure_total, not_computed_note
from reporting.history import reframe
from reporting.history.export import write_table_csv
from reporting.history.groups_since import groups_note_for
from reporting.history.previous import EarlierEconomy, earlier_economy, periods_note
from reporting.history.trends import HistoryView
from reporting.output.absent import why_empty
from reporting.output.economy_words import economy_label, sign_note
from reporting.output.financial_goals import SHEET as FINANCIAL_GOALS
from reporting.output.financial_goals import write_financial_goals_sheet
from reporting.output.goal_sheets import GoalSheetsWriter
from reporting.output.initiatives import SHEET as INITIATIVES
from reporting.output.initiatives import write_initiatives
from reporting.output.internal_control import SHEET as INTERNAL_CONTROL
from reporting.output.internal_control import write_internal_control_sheet
from reporting.output.outlook import outlook
from reporting.output.pdf import remove_earlier_pdfs
from reporting.output.provenance_sheets import ProvenanceSheetsWriter
from reporting.output.sheet_writer import report_title
from reporting.output.sources import (
    SOURCE_HEADERS,
    report_file,
    source_cells,
    sources_csv,
)
from reporting.output.summary import SummaryWriter
from reporting.output.timeseries import TimeSeriesWriter
from reporting.plan.model import NOT_COMPUTED
from reporting.xlsx.write import (
    MINUS,
    Formats,
    atomic_workbook,
    row_height,
    write_table,
    write_value,
)

# The sheets for the nämnd: its meeting papers (the PDF of `consolidate --pdf`) print these. The workbook's other
# sheets are the economy office's own working sheets, kept in the workbook only: Intagslogg (every inbox file of
# the run), Avvikelser (every finding, linked to the divisions' files) and Källor (every value's file, cell, hash).
BOARD_SHEETS = frozenset(
    {"Sammanfattning", "Nyckeltal", FINANCIAL_GOALS, "Tidsserier", "Uppdrag", "Ekonomi", "Åtgärdsplan", INITIATIVES}
    | {"Investeringar", INTERNAL_CONTROL, "Inlämningar"}  # Inlämningar: who reported, when, against which deadline
)


def for_the_board(sheets: Sequence[str]) -> list[str]:
    """The sheets of the report workbook (its sheets' names, in order) that the nämnd's PDF prints, in that order."""
    return [name for name in sheets if name in BOARD_SHEETS]


def report_path(result: Consolidation, outbox: Path) -> Path:
    return report_file(outbox, result.period, result.plan, ".xlsx")


def write_report(result: Consolidation, outbox: str | Path, history: HistoryView | None = None) -> list[Path]:
    """Write the summary workbook (and its sources' CSV when they are many); return the written paths.

    An earlier run's PDF beside the workbook is removed: the PDF is made after the Word draft
    (``reporting.output.pdf``), so that a failing LibreOffice never leaves two runs' outputs side by side.

    With ``history`` (see ``reporting.history``) a Tidsserier sheet shows each key
    figure over the stored periods, its trend, the previous forecast and riket.
    """
    outbox = Path(outbox)
    outbox.mkdir(parents=True, exist_ok=True)
    path = report_path(result, outbox)
    csv_path, in_csv = sources_csv(path, len(result.sources))
    written = [path]
    if in_csv:  # before the workbook that names it
        written.append(write_table_csv(csv_path, SOURCE_HEADERS, source_cells(result.sources)))
    # a crash or a full disk leaves the previous report, never half of one; a report of a region's thousands of
    # units (its sources in the CSV) is assembled through temporary files, a smaller one in memory (faster)
    with atomic_workbook(path, in_memory=not in_csv) as wb:
        wb.set_properties(
            {
                "title": report_title(result),  # the PDF's document title, shown by readers instead of the file name
                "subject": f"{result.plan.period_title(result.period)} · {result.period.label}",  # the title's word
                "author": result.plan.board,
                "company": result.plan.region,
                "keywords": result.plan.dnr_label,
            }
        )
        writer = _Writer(wb, Formats(wb, minus=MINUS), result)
        writer.summary(history)
        writer.key_figures()
        write_financial_goals_sheet(writer)
        if history is not None:
            writer.time_series(history)
        writer.assignments()
        writer.economy(earlier_economy(history, result))
        writer.measures()
        write_initiatives(writer)  # Satsningar, when the plan has them: their own list, never netted into measures
        writer.investments()
        write_internal_control_sheet(writer)
        writer.submissions()
        writer.deviations()
        writer.sources(csv_path.name if in_csv else None)
    if not in_csv:
        csv_path.unlink(missing_ok=True)  # an earlier run's, with more values than this one
    remove_earlier_pdfs([path])  # it would show other numbers than this workbook beside it, in the meeting papers
    return written


ECONOMY_WIDTHS = [18, 14, 9, 10, 9, 9, 8, 12, 9, 26]  # 124 characters: printed at ≥ 80 %
EARLIER_WIDTHS = [*ECONOMY_WIDTHS[:9], 10, 10, 10]  # with Föregående prognos and Förändring: 128 characters, 80 %
NO_EARLIER = "ingen tidigare prognos"
NEW_GROUP = "ny kontogrupp"


class _Writer(SummaryWriter, TimeSeriesWriter, GoalSheetsWriter, ProvenanceSheetsWriter):
    """The detail sheets; the summary, time series, Nyckeltal and Uppdrag come from their own writers."""

    # ---------------------------------------------------------------- detail sheets
    def economy(self, earlier: EarlierEconomy | None = None) -> None:
        """Division × account group; with an earlier prognos of the year (always in a month) also the
        forecast made then and the change since ("ingen tidigare prognos" when there is none), and notes
        naming the divisions whose earlier prognos is from another period than the rest's, the rows whose
        budget moved since (their change is then against the budgets) and the divisions new since then."""
        fmt, earlier = self.fmt, earlier or EarlierEconomy()
        compare = bool(earlier.forecasts) or self.r.period.is_month
        widths = EARLIER_WIDTHS if compare else ECONOMY_WIDTHS
        words = outlook(self.r.period)
        ws = self.sheet("Ekonomi", f"Ekonomi per division och kontogrupp ({self.unit})", 3, widths)
        rows, sources, moves = [], [], []
        new_groups: dict[str, list[str]] = {}  # group -> divisions: new since the previous forecast
        for e in self.r.economy:
            point = None if e.left_out else earlier.forecasts.get((e.division_id, e.group_id))  # part of a division: no
            before, frame = (
                (None, None) if point is None else (point[1], earlier.frames.get((e.division_id, e.group_id)))
            )
            if (e.division_id, e.group_id) in earlier.new and isinstance(e.forecast, Decimal):
                # no row of the group stored then (split out, or a new id): its whole deviation is its change
                before = frame = Decimal(0)
                new_groups.setdefault(e.group, []).append(e.division)
            if point is not None:
                sources.append((e.division, point[0]))
                if e.budget is not None and frame is not None and reframe.moved(e.budget, frame):
                    moves.append(reframe.Moved(e.group, frame, e.budget, point[0], e.division))
            now = e.forecast if isinstance(e.forecast, Decimal) else None
            change = reframe.change(now, e.budget, before, frame)
            rows.append(
                [
                    e.division,
                    e.group,
                    e.budget,
                    e.periodised,
                    e.actual,
                    e.deviation,
                    e.deviation_pct,
                    e.forecast,
                    e.forecast_deviation,
                    *(
                        [NO_EARLIER if before is None else NEW_GROUP if point is None else before, change]
                        if compare
                        else []
                    ),
                    e.comment if e.submitted else self.r.not_in(e.division_id),  # as the Word draft's
                ]
            )
        for o in board_rows(self.r.plan, self.r.economy, self.r.period.year, self.r.period.is_year_end):
            money = [o.budget, o.periodised, o.actual, o.deviation, o.deviation_pct, o.forecast, o.forecast_deviation]
            label = economy_label(o.division, self.r.plan, self.r.period)
            rows.append([label, o.group, *money, *([None, None] if compare else []), o.comment])  # in the totals
        against = "Förändring mot budget" if moves else "Förändring"
        headers = ["Division", "Kontogrupp", "Budget helår", "Periodiserad budget", "Utfall ack."]
        headers += [f"Avvikelse ({self.unit})", "Avvikelse (%)", words.column, words.against_budget]
        headers += [*(["Föregående prognos", against] if compare else []), "Kommentar"]
        money = [fmt.text, fmt.text] + [fmt.mkr] * 4 + [fmt.pct, fmt.mkr, fmt.mkr]
        end = write_table(ws, 3, headers, rows, money + [fmt.mkr] * (2 * compare) + [fmt.text], fmt.header, widths)
        decimals = self.r.plan.amount_decimals
        budgets = reframe.frames_note(moves, self.unit, decimals, against, "budget", "Budget helår")
        groups_note = groups_note_for(self.r.plan, new_groups, earlier.gone)
        earlier_notes = (periods_note("Föregående prognos", sources), budgets, groups_note, earlier.new_note)
        notes = (sign_note(self.r.period), *earlier_notes)  # how to read the signs first, under the table
        lines = [line for note in notes for line in textwrap.wrap(note, int(sum(widths) * 1.1))]  # printed on its page
        for offset, line in enumerate(lines, start=1):
            ws.write_string(end + offset, 0, line, fmt.subtitle)  # one line, over the empty cells to its right
        end += len(lines) + 1 if lines else 0
        groups = group_totals(self.r.economy, board_amounts(self.r.plan, self.r.period.year), self.r.period.is_year_end)
        totals = [[t.group, t.budget, t.periodised, t.actual, t.forecast] for t in groups]
        total = economy_label(groups[0].division if groups else TOTAL, self.r.plan, self.r.period)
        ws.write_string(end + 1, 0, f"{total} per kontogrupp", fmt.bold)
        end = write_table(
            ws,
            end + 2,
            ["Kontogrupp", "Budget helår", "Periodiserad budget", "Utfall ack.", words.column],
            totals,
            [fmt.bold] + [fmt.mkr_bold] * 4,
            fmt.header,
            ECONOMY_WIDTHS[:5],
        )
        frames = group_frames(
            self.r.economy, board_amounts(self.r.plan, self.r.period.year)
        )  # divisions missing: the whole nämnd's frame, budget only
        if frames:
            ws.write_string(end + 1, 0, f"{frames[0].division} per kontogrupp", fmt.bold)
            write_table(
                ws,
                end + 2,
                ["Kontogrupp", "Budget helår"],
                [[f.group, f.budget] for f in frames],
                [fmt.bold, fmt.mkr_bold],
                fmt.header,
                ECONOMY_WIDTHS[:2],
            )

    def measures(self) -> None:
        fmt = self.fmt
        df = self.r.measures
        terms = any(m.term for m in df)  # "Typ och period" only when the plan gives a type or period
        widths = [5, 18, 12, 9, 9, 9, 9, 9, 14, 26] if terms else [5, 28, 9, 9, 9, 9, 9, 16, 30]  # 124 characters
        ws = self.sheet("Åtgärdsplan", "Åtgärdsplan för ekonomi i balans (mkr)", 3, widths)
        rows = [
            [
                m.id,
                m.name,
                *([m.term] if terms else []),
                m.goal,
                NOT_COMPUTED if m.planned is None else m.planned,  # "ej beräknad" is not 0
                m.achieved,
                m.forecast,
                m.forecast_deviation,
                m.missing,
                m.comment,
            ]
            for m in df
        ]
        headers = ["Id", "Åtgärd", *(["Typ och period"] if terms else []), "Mål", "Planerad effekt"]
        words = outlook(self.r.period)
        headers += [words.achieved, words.effect, f"{words.effect_against} plan", "Ej rapporterat av", "Kommentarer"]
        texts = 4 if terms else 3
        end = write_table(ws, 3, headers, rows, [fmt.text] * texts + [fmt.mkr] * 4 + [fmt.text] * 2, fmt.header, widths)
        if df:
            self._measure_totals(ws, end, widths, texts)
        else:  # nothing to list: why, in one sentence, as the other sections say it
            why = "Inga åtgärder i åtgärdsplanen denna period." if self.r.plan.measures else "Planen har inga åtgärder."
            ws.write_string(end, 0, why, fmt.wrap)

    def _measure_totals(self, ws: Any, row: int, widths: Sequence[float], first: int = 3) -> None:
        """Summa over the fully reported measures; the whole plan's effect and the besparingskrav below it."""
        fmt, total = self.fmt, measure_total(self.r.measures)
        values = (total.planned, total.achieved, total.forecast, total.forecast_deviation)
        ws.write_string(row, 1, total.label, fmt.bold)
        for col, value in enumerate(values, start=first):
            write_value(ws, row, col, value, fmt.mkr_bold)
        ws.set_row(row, row_height(["", total.label], widths))
        if total.left_out:
            row += 1
            label = "Planerad effekt, alla åtgärder" + not_computed_note(total.not_computed_all)
            ws.write_string(row, 1, label, fmt.bold)
            write_value(ws, row, first, total.planned_all, fmt.mkr_bold)
        required = self.r.plan.savings_required.get(self.r.period.year)
        if required is not None:
            ws.write_string(row + 1, 1, "Besparingskrav enligt plan", fmt.bold)
            write_value(ws, row + 1, first, required, fmt.mkr_bold)
            if total.complete:  # every measure from every unit, or no comparison with the whole requirement
                ws.write_string(row + 2, 1, f"{outlook(self.r.period).effect_against} besparingskrav", fmt.bold)
                write_value(ws, row + 2, first + 2, total.forecast - required, fmt.mkr_bold)

    def investments(self) -> None:
        fmt = self.fmt
        widths = [5, 14, 15, 20, 14, 9, 11, 10, 26]  # 124 characters: printed at ≥ 80 %
        ws = self.sheet("Investeringar", "Investeringar (tkr)", 3, widths)
        df = self.r.investments
        rows = [
            [
                i.id,
                i.division,
                i.unit,
                i.object,
                i.kind,
                i.amount,
                i.status,
                i.spent,
                i.comment,
            ]
            for i in df
        ]
        end = write_table(
            ws,
            3,
            ["Id", "Division", "Enhet", "Objekt", "Typ", "Budget (tkr)", "Status", "Upparbetat (tkr)", "Kommentar"],
            rows,
            [fmt.text] * 5 + [fmt.tkr, fmt.text, fmt.tkr_as_typed, fmt.text],
            fmt.header,
            widths,
        )
        if df:  # a region's hundreds of objects: filter by division, unit, type or status
            ws.autofilter(3, 0, 3 + len(df), len(widths) - 1)
        if not df:  # nothing to list: why, in one sentence
            why = why_empty(self.r.plan, self.r.period, "Investeringar")
            ws.write_string(end, 0, why or "Inga investeringsobjekt följs upp denna period.", fmt.wrap)
            end += 1
        if df:
            total = investment_total(df)  # over the divisions that reported; the whole budget on a row of its own
            ws.write_string(end, 1, total.label, fmt.bold)  # column A is too narrow for the label
            write_value(ws, end, 5, total.amount, fmt.tkr_bold)
            write_value(ws, end, 7, total.spent, fmt.tkr_bold)
            ws.set_row(end, row_height(["", total.label], widths))
            if total.left_out:
                ws.write_string(end + 1, 1, "Budget, alla investeringar", fmt.bold)
                write_value(ws, end + 1, 5, total.amount_all, fmt.tkr_bold)
                ws.set_row(end + 1, row_height(["", "Budget, alla investeringar"], widths))
            end += 2
        rams = investment_rams(self.r.plan)
        if rams:  # the nämnd's ram per Typ beside the sum of the plan's objects of that Typ
            ws.write_string(end + 1, 1, "Nämndens investeringsram (tkr)", fmt.bold)
            write_table(
                ws,
                end + 2,
                ["Typ", "Ram", "Objekt i planen", "Ram mot objekt"],
                [[r.kind, r.ram, r.objects, r.ram - r.objects] for r in rams],
                [fmt.text] + [fmt.tkr] * 3,
                fmt.header,
                widths[1:5],
                first_col=1,
            )
