"""The Word draft's economy: netto per division, each division's account groups, the forecast history, the åtgärdsplan.

The outcome to date is read against the budget for the same months (the periodised budget, as the
workbook's Ekonomi sheet shows it). In the årsrapport the periodised budget is the budget helår, the
utfall ack. the year's utfall and the measures' achieved effect their effect for the year
(consolidate.economy, consolidate.tables): each of those pairs is one column there, not the same
numbers twice.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.economy import EconomyRow, board_amounts, board_rows, group_frames, group_totals
from reporting.consolidate.tables import measure_total, not_computed_note
from reporting.history.previous import netto_comparison
from reporting.history.trends import HistoryView
from reporting.output.economy_words import amount_text, economy_label, sign_note
from reporting.output.notices import forecast_note, unit_off_note, unsummed_note
from reporting.output.outlook import outlook
from reporting.output.word_table import paragraph, without_columns
from reporting.output.word_table import table as _table
from reporting.plan.model import NOT_COMPUTED


def money(r: Consolidation) -> Callable[[Decimal | None], str]:
    """An amount as the plan writes it: mkr with one decimal (−3 158,3), tkr whole (44 437), a zero "–" as the
    workbook's cell shows it (economy_words.amount_text)."""
    return lambda value: amount_text(value, r.plan.amount_decimals)


def economy(doc: Any, r: Consolidation) -> None:
    paragraph(doc, f"Ekonomi ({r.plan.amount_unit})", "Heading 1")
    m, words = money(r), outlook(r.period)
    # the deviation is the utfall's against the periodised budget, shown beside it (not beside the full year's)
    headers = ["Division", "Budgetram", "Periodiserad budget", "Utfall ack.", "Avvikelse", words.column]
    headers.append(words.against_frame)
    rows = [
        [
            economy_label(o.division, r.plan, r.period),
            *map(m, (o.budget, o.periodised, o.actual, o.deviation, o.forecast, o.forecast_deviation)),
        ]
        for o in r.economy_overview
    ]
    # at year end periodised = budget, utfall ack. = utfall helår and its deviation the result against the frame
    dropped = (2, 3, 4) if r.period.is_year_end else ()
    _table(doc, *without_columns(headers, rows, [6, 3, 3, 3, 3, 3, 3], dropped, wider=0))
    doc.add_paragraph(sign_note(r.period))  # as under the workbook's economy tables
    # with a planned result the forecast against it ("enligt plan" or how far worse); an empty total, whose amount
    # it waits for (forecast_note says that too)
    planned = r.plan.planned_result.get(r.period.year) is not None
    if note := (forecast_note(r) if planned else unsummed_note(r)):
        doc.add_paragraph(note)
    for line in unit_off_note(r):  # amounts in the wrong unit are in the table's sums: said beside it
        doc.add_paragraph(line)
    paragraph(doc, "Per division och kontogrupp", "Heading 2")
    _groups(doc, r)


def _groups(doc: Any, r: Consolidation) -> None:
    """Division × account group, the nämnd's own frame, the nämnd's totals per group and (divisions missing)
    its whole frame: every amount column as the workbook's Ekonomi sheet has it, the totals the rows' exact sums."""
    m, words = money(r), outlook(r.period)

    def amounts(e: EconomyRow) -> list[str]:
        return [m(e.budget), m(e.periodised), m(e.actual), m(e.forecast)]

    rows: list[list[Any]] = [
        [e.division, e.group, *amounts(e), e.comment if e.submitted else r.not_in(e.division_id)] for e in r.economy
    ]
    own = board_rows(r.plan, r.economy, r.period.year, r.period.is_year_end)  # in the totals: the rows add up
    rows += [[economy_label(o.division, r.plan, r.period), o.group, *amounts(o), o.comment] for o in own]
    board = board_amounts(r.plan, r.period.year)
    totals = group_totals(r.economy, board, r.period.is_year_end)
    rows += [[economy_label(t.division, r.plan, r.period), t.group, *amounts(t), ""] for t in totals]
    rows += [[f.division, f.group, *amounts(f), ""] for f in group_frames(r.economy, board)]  # budget only
    headers = ["Division", "Kontogrupp", "Budget helår", "Periodiserad budget", "Utfall ack.", words.column]
    dropped = (3, 4) if r.period.is_year_end else ()  # periodised = budget helår, utfall ack. = utfall helår
    _table(doc, *without_columns([*headers, "Kommentar"], rows, [4.5, 3.5, 2.8, 2.8, 2.8, 2.8, 5.8], dropped, 6))


def previous_forecasts(doc: Any, r: Consolidation, history: HistoryView) -> None:
    """Netto forecast now against the previous one: the rows and columns of the workbook's Tidsserier table.

    The budget column keeps every row meaningful: a division that has not reported and the whole
    nämnd's frame (beside a total that leaves divisions out) have a frame but no forecast. A frame
    moved since the previous forecast adds the frame then, and the change is against the frames.
    """
    found = netto_comparison(history.index, r.economy_overview, r.period, r.plan.amount_unit, r.plan.amount_decimals)
    words = outlook(r.period)  # the årsrapport sets the year's utfall against the last forecast
    if all(p.before is None for p in found.rows):
        # a month's papers always follow the forecast, and a note (forecasts stored in a unit that cannot be
        # converted) says why the ones stored are not set against it: say why there is nothing to compare
        if r.period.is_month or found.note:
            paragraph(doc, f"{words.column} jämfört med föregående prognos", "Heading 2")
            doc.add_paragraph(found.note or f"Ingen tidigare prognos för {r.period.year} finns sparad att jämföra med.")
        return
    paragraph(doc, f"{words.column} jämfört med föregående prognos", "Heading 2")
    m = money(r)
    headers, rows = found.table(r.economy_overview, words.now)
    cells = [[v if isinstance(v, str) else m(v) for v in row] for row in rows]
    _table(doc, headers, cells, [7, 3, 3, 3, 3, 3][: len(headers)])
    if found.note:
        doc.add_paragraph(found.note)


def measures(doc: Any, r: Consolidation) -> None:
    paragraph(doc, f"Åtgärdsplan ({r.plan.amount_unit})", "Heading 1")
    m, words = money(r), outlook(r.period)
    rows: list[list[Any]] = [
        [
            a.id,
            f"{a.name} ({a.term})" if a.term else a.name,
            NOT_COMPUTED if a.planned is None else m(a.planned),
            *[m(v) if isinstance(v, Decimal) else v for v in (a.achieved, a.forecast, a.forecast_deviation)],
            a.missing,
        ]
        for a in r.measures
    ]
    if r.measures:
        t = measure_total(r.measures)  # the fully reported measures; the whole plan's effect beside them
        sums = [
            m(v) if isinstance(v, Decimal) else v for v in (t.planned, t.achieved, t.forecast, t.forecast_deviation)
        ]
        rows.append(["", t.label, *sums, ""])
        if t.left_out:
            label = "Planerad effekt, alla åtgärder" + not_computed_note(t.not_computed_all)
            rows.append(["", label, m(t.planned_all), None, None, None, ""])
        required = r.plan.savings_required.get(r.period.year)
        if required is not None:  # as the workbook's Åtgärdsplan: the requirement, and the forecast against it
            rows.append(["", "Besparingskrav enligt plan", m(required), None, None, None, ""])
            if t.complete and isinstance(t.forecast, Decimal):
                against = f"{words.effect_against} besparingskrav"
                rows.append(["", against, None, None, m(t.forecast - required), None, ""])
    headers = ["Id", "Åtgärd", "Planerad effekt", words.achieved, words.effect, f"{words.effect_against} plan"]
    dropped = (3,) if r.period.is_year_end else ()  # the year's achieved effect is its effect for the year
    _table(
        doc,
        *without_columns([*headers, "Ej rapporterat av"], rows, [1.2, 8, 2.8, 2.8, 2.8, 2.8, 4.6], dropped, 1),
        empty="Inga åtgärder i åtgärdsplanen denna period." if r.plan.measures else "Planen har inga åtgärder.",
    )
