"""Rollup from units to their division, each key figure by its aggregation rule."""

from __future__ import annotations

from dataclasses import replace

from reporting.consolidate.amounts import sum_known
from reporting.consolidate.keyfigures import total_of
from reporting.intake.submission import Submission, own_file_wins
from reporting.plan.model import Plan, Unit
from reporting.plan.reporter import Reporter
from reporting.template.answers import (
    Answers,
    AssignmentAnswer,
    EconomyAnswer,
    InternalControlAnswer,
    InvestmentAnswer,
    MeasureAnswer,
)
from reporting.template.spec import ASSIGNMENT_WORST_FIRST, CONTROL_DEVIATION, CONTROL_DONE, NETTO_ID


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


def _joined(subs: list[Submission], texts: list[str]) -> str:
    """Each unit's comment, prefixed with the unit's name."""
    return "\n".join(
        f"{s.reporter.unit.name if s.reporter.unit else s.reporter.name}: {t}" for s, t in zip(subs, texts) if t
    )


def _control(subs: list[Submission], rows: list[InternalControlAnswer]) -> InternalControlAnswer:
    """The units' answers on one control point together.

    Genomförd is Ja when every unit answered Ja, Nej when every one answered Nej, otherwise
    Delvis; an avvikelse in one unit is the division's; texts keep each unit's name.
    """
    done = {r.done for r in rows if r.done}
    deviations = {r.deviation for r in rows if r.deviation}
    deviation_yes, deviation_no = CONTROL_DEVIATION
    partly = CONTROL_DONE[2]  # "Delvis"
    return InternalControlAnswer(
        done=(done.pop() if len(done) == 1 else partly) if done else None,
        result=_joined(subs, [r.result for r in rows]),
        deviation=deviation_yes if deviation_yes in deviations else (deviation_no if deviations else None),
        action=_joined(subs, [r.action for r in rows]),
    )


def combine(plan: Plan, division_id: str, subs: list[Submission]) -> Submission:
    """One division submission from its units', each key figure by its aggregation rule."""
    answers = [s.answers for s in subs]
    key_figures = {}
    for kf in plan.key_figures_for(division_id):
        rows = [a.key_figure(kf.id) for a in answers]
        combined = total_of(kf, rows)[0]  # the units with an outcome; the report's note names the others
        key_figures[kf.id] = replace(
            combined,
            analysis=_joined(subs, [r.analysis for r in rows]),
            actions=_joined(subs, [r.actions for r in rows]),
        )
    assignments = {}
    for item in plan.assignments_for(division_id):
        rows_a = [a.assignment(item.id) for a in answers]
        statuses = [r.status for r in rows_a if r.status]
        assignments[item.id] = AssignmentAnswer(
            status=min(statuses, key=ASSIGNMENT_WORST_FIRST.index) if statuses else None,
            comment=_joined(subs, [r.comment for r in rows_a]),
        )
    economy = {}
    for gid in [g.id for g in plan.account_groups] + [NETTO_ID]:
        rows_e = [a.account(gid) for a in answers]
        economy[gid] = EconomyAnswer(
            periodised=sum_known(r.periodised for r in rows_e),
            actual=sum_known(r.actual for r in rows_e),
            forecast=sum_known(r.forecast for r in rows_e),
            comment=_joined(subs, [r.comment for r in rows_e]),
        )
    measures = {}
    for measure in plan.measures_for(division_id):
        rows_m = [a.measure(measure.id) for a in answers]
        measures[measure.id] = MeasureAnswer(
            achieved=sum_known(r.achieved for r in rows_m),
            forecast=sum_known(r.forecast for r in rows_m),
            comment=_joined(subs, [r.comment for r in rows_m]),
        )
    investments: dict[str, InvestmentAnswer] = {}
    for a in answers:
        investments.update(a.investments)
    internal_control = {
        point.id: _control(subs, [a.control(point.id) for a in answers])
        for point in plan.internal_control
        if division_id in point.divisions
    }
    first = subs[0]
    return replace(
        first,
        reporter=Reporter(plan.division(division_id)),
        file=f"{len(subs)} enheter",
        sha256="",
        answers=Answers(key_figures, assignments, economy, measures, investments, internal_control),
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
