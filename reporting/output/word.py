"""The Word draft of the period report, for the nämnd secretary to edit into the meeting papers.

Cover (nämnd, period, diarienummer), a table of contents (filled in: word_contents), a section per
goal with the status table (colour *and* symbol and word, never colour alone) and each division's
analysis under its key figure (goals and key figures are headings, their levels following the plan's
goal tree), then uppdrag (status symbol and word as the workbook's), economy per division and account
group with the nämnd total (word_economy), åtgärdsplan, investeringar and the internkontroll follow-up
(in the legend of the key figures). Styles come from a Word template the office may replace with
its own (``template``): only the built-in style names are used (Title, Heading 1–9, Table Grid,
List Bullet, toc 1–9); Heading 1–2, Table Grid and List Bullet are required, the others are added
when the template lacks them.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document

from reporting.atomic import atomic_path
from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.keyfigures import GoalAreaRow, KeyFigureRow
from reporting.consolidate.labels import NOT_SUBMITTED, REJECTED, STATUS_ORDER
from reporting.history.targets import name_notes, target_notes, unit_notes, year_periods
from reporting.history.trends import HistoryView
from reporting.output.absent import leaves_out
from reporting.output.figure_units import named_with_unit
from reporting.output.goal_sheets import ASSIGNMENT_LOOK, assignment_label
from reporting.output.initiatives import frame_sentence, initiative_rows
from reporting.output.internal_control import legend_text, meaning
from reporting.output.notices import absent_notes, notice, riket_notes
from reporting.output.outlook import outlook
from reporting.output.sources import report_file
from reporting.output.word_contents import CONTENTS, contents_field, fill_contents
from reporting.output.word_document import base_style, end_mark, page_numbers, properties
from reporting.output.word_economy import economy, measures, money, previous_forecasts
from reporting.output.word_investments import investments
from reporting.output.word_table import HEADING_MAX, heading, paragraph, share_style_ids, without_columns
from reporting.output.word_table import WORD_LINES_MAX as WORD_LINES_MAX  # the draft's limits, named here too
from reporting.output.word_table import append_text as _append_text
from reporting.output.word_table import table as _table
from reporting.output.word_table import text as _text  # noqa: F401  (the cells' text, as the tests compare it)
from reporting.output.word_template import as_document, without_body
from reporting.plan import goal_tree
from reporting.swedish import format_key_figure

LEGEND = "Teckenförklaring: " + "   ".join(s.label for s in STATUS_ORDER) + f"   {NOT_SUBMITTED}"
GOAL_LEVEL = 2  # a top goal's heading level (under Måluppfyllelse's Heading 1)
ASSIGNMENT_LEGEND = "Teckenförklaring: " + "   ".join(map(assignment_label, ASSIGNMENT_LOOK)) + f"   {NOT_SUBMITTED}"


def word_path(result: Consolidation, outbox: Path) -> Path:
    return report_file(outbox, result.period, result.plan, ".docx")


def write_word(
    result: Consolidation, outbox: str | Path, template: str | Path | None = None, history: HistoryView | None = None
) -> Path:
    """Write the .docx draft beside the report workbook; ``template`` is the office's own .docx/.dotx.

    With ``history`` the economy section also sets each netto forecast against the previous one, as the
    workbook's Tidsserier sheet does (the same figures and note).
    """
    path = word_path(result, Path(outbox))
    doc = new_document(template)
    base_style(doc, own=bool(template))
    if not template:  # the office's template has its own footer
        page_numbers(doc)
    _cover(doc, result)
    _notice(doc, notice(result, history, office=False))
    levels = heading_levels(result)
    contents = _contents(doc, levels)
    _key_figures(doc, result, history)
    _financial_goals(doc, result)
    if not leaves_out(result.plan, result.period, "Uppdrag"):  # a month's draft has no section it does not follow
        _assignments(doc, result)
    economy(doc, result)
    if history is not None:
        previous_forecasts(doc, result, history)
    measures(doc, result)
    _initiatives(doc, result)
    if not leaves_out(result.plan, result.period, "Investeringar"):
        investments(doc, result)
    if not leaves_out(result.plan, result.period, "Internkontroll"):
        _internal_control(doc, result)
    fill_contents(doc, contents, levels)  # every heading written: the contents show them without an update
    end_mark(doc)  # no blank last page under a table that ends at the foot of a page
    with atomic_path(path) as temp:
        doc.save(str(temp))
    return path


_BLANK: list[Any] = []  # python-docx's default template, parsed once per process and never edited itself
_BLANK_STYLE_IDS: dict[str, str | None] = {}  # style name -> id in it (and so in each copy of it)


def new_document(template: str | Path | None = None) -> Any:
    """The office's ``template``, or a copy of python-docx's default template parsed once per process.

    Parsing the default template each time was a sixth of a draft's time; a deep copy of the
    parsed document costs a third of that and shares no element with it or with another draft.
    The copies have the default template's styles, so they share the style ids found in them.
    """
    if template:
        own = Document(as_document(template))
        without_body(own)
        return own
    if not _BLANK:
        _BLANK.append(Document())
    doc = copy.deepcopy(_BLANK[0])
    share_style_ids(doc, _BLANK_STYLE_IDS)
    return doc


def _cover(doc: Any, r: Consolidation) -> None:
    title = r.plan.period_heading(r.period)
    properties(doc, f"{title} – {r.plan.board}", r.period.label)
    paragraph(doc, title, "Title")
    doc.add_paragraph(r.plan.board)
    doc.add_paragraph(f"{r.plan.region} · {r.period.label}")
    if r.plan.dnr:
        doc.add_paragraph(f"Diarienummer {r.plan.dnr}")
    doc.add_paragraph(f"Utkast {date.today().isoformat()} – redigera fritt inför nämndens sammanträde.")
    for note in absent_notes(r, "fliken Avvikelser i rapportens arbetsbok"):
        doc.add_paragraph(note)


def _notice(doc: Any, notes: list[str]) -> None:
    """What the nämnd must notice first, as the Sammanfattning says it (without the office's commands)."""
    if notes:
        paragraph(doc, "Att notera", "Heading 1")
    for note in notes:
        _append_text(paragraph(doc, "", "List Bullet")._p, note)


def _contents(doc: Any, levels: int) -> Any:
    """The table of contents' heading and its field down to heading ``levels`` (the key figures'), to be filled
    in (word_contents.fill_contents) once every heading is written."""
    paragraph(doc, CONTENTS, "Heading 1")
    return contents_field(doc, levels)


def _key_figures(doc: Any, r: Consolidation, history: HistoryView | None = None) -> None:
    paragraph(doc, "Måluppfyllelse", "Heading 1")
    doc.add_paragraph(LEGEND)
    for note in riket_notes(r, office=False):  # why an utfall stands as Underlag saknas, as the summary says it
        doc.add_paragraph(note)
    if history is not None:  # a målvärde revised during the year: the earlier reports judged against another
        shown = year_periods(history.index, r.period)
        for note in target_notes(history.index, r.plan.key_figures, r.period, shown):
            doc.add_paragraph(note)
        for note in unit_notes(history.index, r.plan.key_figures, r.period, shown):  # a count become a rate
            doc.add_paragraph(note)
        for note in name_notes(history.index, r.plan.key_figures, r.period, shown):  # an id reused
            doc.add_paragraph(note)
    tree = goal_tree.is_tree(r.plan.goal_areas)
    if tree:
        _goal_tree(doc, r)
    for area in headed_areas(r):  # each goal a heading a level under its parent's; its key figures one under it
        level = GOAL_LEVEL + area.depth
        heading(doc, area.label.strip() if tree else area.name, level)
        rows = [k for k in r.key_figures if k.goal_area == area.goal_area and not k.is_unit]
        if not rows:
            continue  # a goal whose key figures hang on the goals under it
        totals = [k for k in rows if k.is_total]
        _status_table(doc, r, totals)
        for total in totals:  # whom a nämnd value leaves out, or why a column is empty: as Nyckeltal's note says
            if "exkl." in total.analysis or "saknas" in total.analysis:
                doc.add_paragraph(f"{total.id}: {total.analysis}")
        for total in totals:
            analyses = [k for k in rows if not k.is_total and k.id == total.id and (k.analysis or k.actions)]
            if not analyses:
                continue
            heading(doc, f"{total.id} {total.name}", level + 1)  # in the navigation pane and the contents
            for k in analyses:
                apart = "\n" if "\n" in k.analysis else " "  # a summary of units' texts: Åtgärder on a line of its own
                text = k.analysis + (f"{apart}Åtgärder: {k.actions}" if k.actions else "")
                _append_text(paragraph(doc, "", "List Bullet")._p, f"{k.division}: {text}")


def headed_areas(r: Consolidation) -> list[GoalAreaRow]:
    """The goals that get a heading: those with key figures, and in a goal tree every goal above one of them
    (the headings' levels then follow the tree without a gap)."""
    with_rows = {k.goal_area for k in r.key_figures if not k.is_unit}
    if not goal_tree.is_tree(r.plan.goal_areas):
        return [a for a in r.goal_areas if a.goal_area in with_rows]
    return [a for a in r.goal_areas if goal_tree.subtree(r.plan.goal_areas, a.goal_area) & with_rows]


def heading_levels(r: Consolidation) -> int:
    """The deepest heading level of the draft: a key figure's under the deepest goal with a heading."""
    return min(GOAL_LEVEL + 1 + max((a.depth for a in headed_areas(r)), default=0), HEADING_MAX)


def _status_table(doc: Any, r: Consolidation, totals: list[KeyFigureRow]) -> None:
    """The nämnd's key figures of a goal: målvärde, utfall, forecast and status; in the årsrapport the forecast is
    the year's utfall (consolidate.keyfigures), one column "Utfall helår"."""
    headers = ["Id", "Nyckeltal", "Målvärde", "Utfall", outlook(r.period).column, "Status"]
    values = [
        [
            k.id,
            named_with_unit(k.name, k.unit, k.target),  # as the workbook's Nyckeltal: "(mkr)" the målvärde lacks
            k.target,
            _figure(k.outcome, k.unit),
            _figure(k.forecast, k.unit),
            k.status_label,
        ]
        for k in totals
    ]
    year_end = r.period.is_year_end
    headers, values, widths = without_columns(headers, values, [1.5, 9, 4, 2.5, 2.5, 4.5], (3,) if year_end else (), 1)
    _table(doc, headers, values, widths, status_col=len(headers) - 1)


def _financial_goals(doc: Any, r: Consolidation) -> None:
    """The financial goals at nämnd level, judged like key figures (values from Centrala värden)."""
    if not r.financial_goals:
        return
    paragraph(doc, "Finansiella mål", "Heading 1")
    _table(
        doc,
        ["Id", "Finansiellt mål", "Målvärde", "Utfall", "Status", "Kommentar"],
        [[g.id, g.name, g.target, _figure(g.outcome, g.unit), g.status_label, g.comment] for g in r.financial_goals],
        [1.5, 8, 4, 2.5, 4, 5],
        status_col=4,
    )


def _goal_tree(doc: Any, r: Consolidation) -> None:
    """The goal tree indented, each node with its level, its status rolled up from the nodes below it."""
    _table(
        doc,
        ["Nivå", "Mål", "Status", "Antal nyckeltal"],
        [[a.level, "    " * a.depth + f"{a.number} {a.name}".strip(), a.status_label, a.total] for a in r.goal_areas],
        [3.5, 13, 5, 3.5],
        status_col=2,
    )


def _assignments(doc: Any, r: Consolidation) -> None:
    """Each uppdrag per division, its status with the workbook's symbol and word ("→ Pågår enligt plan") on the
    colour of the key figures' status it resembles, and the symbols explained (the word carries the meaning)."""
    paragraph(doc, "Uppdrag", "Heading 1")
    if r.assignments:  # as the workbook's legend: Avvisad only when a row says it
        rejected = any(a.status == REJECTED for a in r.assignments)
        doc.add_paragraph(ASSIGNMENT_LEGEND + (f"   {REJECTED}" if rejected else ""))
    _table(
        doc,
        ["Id", "Uppdrag", "Division", "Status", "Kommentar"],
        [
            [a.id, a.text, a.division, assignment_label(a.status) + (f" ({a.units})" if a.units else ""), a.comment]
            for a in r.assignments
        ],
        [1.2, 10, 4, 3.5, 6.3],
        status_col=3,
        looks=[ASSIGNMENT_LOOK.get(a.status, ("", a.status))[1] for a in r.assignments],
        empty="Inga uppdrag följs upp denna period.",
    )


def _figure(value: Any, unit: str = "") -> Any:
    """A key figure's (or financial goal's) value as the workbook's cell shows it ("66,4", never "66,40")."""
    return format_key_figure(value, unit) if isinstance(value, Decimal) else value


def _initiatives(doc: Any, r: Consolidation) -> None:
    """Satsningar as the plan lists them, with their Summa per year; only for a plan that has them."""
    if not r.plan.initiatives:
        return
    paragraph(doc, f"Satsningar ({r.plan.amount_unit})", "Heading 1")
    headers, rows = initiative_rows(r.plan)
    m = money(r)
    rows = [[m(v) if isinstance(v, Decimal) else v for v in row] for row in rows]
    years = len(headers) - 3
    _table(doc, headers, rows, [1.2, 9, 4, *[10.8 / max(years, 1)] * years])
    doc.add_paragraph(f"{frame_sentence(r.plan)} och räknas inte in i åtgärdsplanen.")


def _internal_control(doc: Any, r: Consolidation) -> None:
    """The internkontrollplan's follow-up: a row per control point and division, status as in the report sheet."""
    paragraph(doc, "Internkontroll", "Heading 1")
    if not r.internal_control:  # no legend for a table that is not there
        doc.add_paragraph("Inga kontrollmoment följs upp denna period.")
        return
    doc.add_paragraph(legend_text(r.internal_control))
    doc.add_paragraph(meaning(r.internal_control))
    _table(
        doc,
        ["Id", "Kontrollmoment", "Division", "Status", "Resultat", "Avvikelse", "Åtgärd"],
        [[c.id, c.text, c.division, c.status_label, c.result, c.deviation, c.action] for c in r.internal_control],
        [1.2, 6.5, 3.5, 3.2, 5, 1.8, 4],
        status_col=3,
    )
