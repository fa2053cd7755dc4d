"""Rollup from units to their division, each key figure by its aggregation rule."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from decimal import Decimal
from typing import TypeVar

from reporting.consolidate.amounts import sum_all
from reporting.consolidate.labels import named_units, units_in
from reporting.consolidate.totals import total_of
from reporting.consolidate.unit_rows import by_row
from reporting.consolidate.unit_status import (
    EconomyRank,
    assignment_ranks,
    control_rank,
    economy_ranks,
    key_figure_ranks,
)
from reporting.consolidate.unit_texts import summed_up
from reporting.intake.submission import Submission, own_file_wins
from reporting.plan.model import BudgetFrame, Plan, Unit
from reporting.plan.reporter import Reporter
from reporting.template.answers import (
    Answer,
    Answers,
    AssignmentAnswer,
    EconomyAnswer,
    InternalControlAnswer,
    InvestmentAnswer,
    KeyFigureAnswer,
    MeasureAnswer,
)
from reporting.template.spec import (
    ASSIGNMENT_WORST_FIRST,
    CONTROL_DEVIATING,
    CONTROL_NOT_DEVIATING,
    CONTROL_PARTLY,
    NETTO_ID,
)

A = TypeVar("A", bound=Answer)
# a row a unit left unanswered reads as these (frozen: shared, never part of a combined answer)
EMPTY_KEY_FIGURE = KeyFigureAnswer()
EMPTY_ASSIGNMENT = AssignmentAnswer()
EMPTY_ECONOMY = EconomyAnswer()
EMPTY_MEASURE = MeasureAnswer()
EMPTY_CONTROL = InternalControlAnswer()


def rollup(plan: Plan, submissions: list[Submission]) -> tuple[dict[str, Submission], dict[str, list[Submission]]]:
    """Division submissions, with units' submissions combined into their division's.

    A division's own file wins over its units' files (``own_file_wins``). Returns (division id ->
    submission, division id -> the unit submissions it was combined from, for combined divisions only).
    """
    divisions: dict[str, Submission] = {}
    units: dict[str, list[Submission]] = {}
    for sub in own_file_wins(submissions)[0]:
        if sub.unit_id:
            units.setdefault(sub.division_id, []).append(sub)
        else:
            divisions[sub.division_id] = sub
    order = {u.id: index for index, u in enumerate(plan.units)}
    combined = {d: sorted(subs, key=lambda s: order[s.unit_id]) for d, subs in units.items()}
    for division_id, unit_subs in combined.items():
        divisions[division_id] = combine(plan, division_id, unit_subs)
    return divisions, combined


def _names(subs: list[Submission]) -> list[str]:
    """Each unit's name, as its comments are prefixed; taken once per division, not once per comment column."""
    return [s.reporter.own_name for s in subs]


def _summed_up(names: list[str], texts: list[str], ranks: list[int] | None = None) -> str:
    """The units' texts as one bounded summary (``unit_texts.summary``); ``ranks`` put deviations first."""
    if not any(texts):
        return ""
    return summed_up(names, texts, [0] * len(texts) if ranks is None else ranks)


def _control(names: list[str], rows: list[InternalControlAnswer]) -> InternalControlAnswer:
    """The units' answers on one control point together.

    Genomförd is Ja when every unit answered Ja, Nej when every one answered Nej, otherwise
    Delvis; an avvikelse in one unit is the division's; the texts are summed up, a unit's with an avvikelse first.
    """
    done = {r.done for r in rows if r.done}
    deviations = {r.deviation for r in rows if r.deviation}
    ranks = [control_rank(r) for r in rows]
    return InternalControlAnswer(
        done=(done.pop() if len(done) == 1 else CONTROL_PARTLY) if done else None,
        result=_summed_up(names, [r.result for r in rows], ranks),
        deviation=CONTROL_DEVIATING
        if CONTROL_DEVIATING in deviations
        else (CONTROL_NOT_DEVIATING if deviations else None),
        action=_summed_up(names, [r.action for r in rows], ranks),
    )


def combine(plan: Plan, division_id: str, subs: list[Submission]) -> Submission:
    """One division submission from its units', each key figure by its aggregation rule."""
    answers = [s.answers for s in subs]
    names = _names(subs)
    year = subs[0].period.year
    key_figures = {}
    kfs = plan.key_figures_for(division_id)
    asked = plan.units_of(division_id)
    for kf, rows in zip(kfs, by_row([a.key_figures for a in answers], [k.id for k in kfs], EMPTY_KEY_FIGURE)):
        combined = total_of(kf, rows, len(asked))[0]  # the units with an outcome; the report's note names the others
        ranks = key_figure_ranks(plan, kf, year, rows)
        key_figures[kf.id] = replace(
            combined,
            analysis=_summed_up(names, [r.analysis for r in rows], ranks),
            actions=_summed_up(names, [r.actions for r in rows], ranks),
        )
    by_frame = economy_ranks(plan, division_id, year, subs)
    budgets = _unit_budgets(plan, division_id, year, [s.unit_id for s in subs])
    return _with_answers(
        plan, division_id, subs, _combined_answers(plan, division_id, answers, names, key_figures, by_frame, budgets)
    )


def _combined_answers(
    plan: Plan,
    division_id: str,
    answers: list[Answers],
    names: list[str],
    key_figures: dict[str, KeyFigureAnswer],
    economy_rank: EconomyRank,
    budgets: dict[str, list[Decimal]],
) -> Answers:
    """Every row but the key figures' from the units' answers: statuses, sums and the units' comments summed up."""
    assignments = {}
    items = plan.assignments_for(division_id)
    for item, rows_a in zip(items, by_row([a.assignments for a in answers], [i.id for i in items], EMPTY_ASSIGNMENT)):
        statuses = [status for status in dict.fromkeys(r.status for r in rows_a) if status]  # each once
        assignments[item.id] = AssignmentAnswer(
            status=min(statuses, key=ASSIGNMENT_WORST_FIRST.index) if statuses else None,
            comment=_summed_up(names, [r.comment for r in rows_a], assignment_ranks(rows_a)),
        )
    economy = {}
    groups = [g.id for g in plan.account_groups] + [NETTO_ID]
    for gid, rows_e in zip(groups, by_row([a.economy for a in answers], groups, EMPTY_ECONOMY)):
        economy[gid] = EconomyAnswer(
            periodised=_sum_of_units([r.periodised for r in rows_e], budgets[gid]),
            actual=_sum_of_units([r.actual for r in rows_e], budgets[gid]),
            forecast=_sum_of_units([r.forecast for r in rows_e], budgets[gid]),
            comment=_summed_up(names, [r.comment for r in rows_e], economy_rank(gid, rows_e)),
        )
    measures = {}
    planned = plan.measures_for(division_id)
    for measure, rows_m in zip(planned, by_row([a.measures for a in answers], [m.id for m in planned], EMPTY_MEASURE)):
        # an effect left empty is unknown ("skriv 0 om ingen"), as in a division's own file
        measures[measure.id] = MeasureAnswer(
            achieved=sum_all(r.achieved for r in rows_m),
            forecast=sum_all(r.forecast for r in rows_m),
            comment=_summed_up(names, [r.comment for r in rows_m]),  # no unit has a target of its own
        )
    investments: dict[str, InvestmentAnswer] = {}
    for a in answers:
        investments.update(a.investments)
    points = [point.id for point in plan.internal_control if division_id in point.divisions]
    internal_control = {
        point_id: _control(names, rows_c)
        for point_id, rows_c in zip(points, by_row([a.internal_control for a in answers], points, EMPTY_CONTROL))
    }
    return Answers(key_figures, assignments, economy, measures, investments, internal_control)


def _unit_budgets(plan: Plan, division_id: str, year: int, units: list[str]) -> dict[str, list[Decimal]]:
    """Each group's (and netto's) frame of each unit, in the units' order: 0 for a unit without a frame."""
    frames = [plan.frame(division_id, year, unit_id) for unit_id in units]
    groups = [g.id for g in plan.account_groups] + [NETTO_ID]
    return {
        gid: [
            Decimal(0) if f is None else (f.netto if gid == NETTO_ID else f.amounts.get(gid, Decimal(0)))
            for f in frames
        ]
        for gid in groups
    }


def _sum_of_units(values: list[Decimal | None], budgets: list[Decimal]) -> Decimal | None:
    """The division's amount from its units', as from its own file (``economy.economy_table``): an amount a unit
    left empty is 0 where its frame is 0, and unknown otherwise, which makes the division's amount unknown (never a
    sum that quietly counts it as 0)."""
    return sum_all(Decimal(0) if v is None and b == 0 else v for v, b in zip(values, budgets, strict=True))


def _with_answers(plan: Plan, division_id: str, subs: list[Submission], answers: Answers) -> Submission:
    """The division's submission made of its units' files: theirs but for whom, which file and the answers."""
    first = subs[0]
    return replace(
        first,
        reporter=Reporter(plan.division(division_id)),
        file=f"{len(subs)} enheter",
        sha256="",
        answers=answers,
        template_id="",
        plan_hash="",
        created="",
        missing_sheets=(),
        received=max(s.received for s in subs),
        parts=tuple(subs),
    )


def units_left_out(plan: Plan, division_id: str, sub: Submission | None) -> list[Unit]:
    """The units of a division combined from some of its units' files that did not report (none for a division's
    own file): its rows cover the others, and say so."""
    if sub is None or not sub.parts:
        return []
    reported = {part.unit_id for part in sub.parts}
    return [u for u in plan.units_of(division_id) if u.id not in reported]


def frame_and_name(
    plan: Plan, division_id: str, name: str, sub: Submission | None, year: int, rejected: Collection[str] = ()
) -> tuple[BudgetFrame | None, str, str, str]:
    """The frame a division's row is judged against, and the row's name.

    A division combined from its units while some units have not reported covers those that
    did: its frame is then the sum of their own frames (when the plan gives unit frames), and
    its name says which units it leaves out, so the row never sets fewer units' utfall
    against the whole division's frame without saying so; a unit whose file was rejected (its reporter key in
    ``rejected``) is named so: "Division Medicin (exkl. Enhet 0005, vars fil avvisades)". The third value, whom the row leaves
    out, names the units alone ("Enhet 0005 i Division Medicin"), as history has always stored it; the fourth says it
    as the report does ("Enhet 0009 i Division Medicin, som inte har kommit in, och Enhet 0005 i Division Medicin, vars
    fil avvisades"), for the nämnd total's name.
    """
    frame = plan.frame(division_id, year)
    missing = units_left_out(plan, division_id, sub)
    if sub is None or not missing:
        return frame, name, "", ""
    unit_frames = [plan.frame(division_id, year, part.unit_id) for part in sub.parts]
    if all(unit_frames):
        amounts = {
            g.id: sum((f.amounts.get(g.id, Decimal(0)) for f in unit_frames if f), Decimal(0))
            for g in plan.account_groups
        }
        frame = BudgetFrame(division_id, year, amounts, sum(amounts.values(), Decimal(0)))
    named = named_units(missing, division_id, rejected)
    in_division = named_units(missing, division_id, rejected, division=name)
    return frame, f"{name} (exkl. {named})", units_in(missing, name), in_division
