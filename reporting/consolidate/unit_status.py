"""How a division's units stand on a row: which unit texts come first in its summary, and how many units gave
the division's status.

A division's uppdrag status from its units is the weakest unit's (one unit "Pågår med avvikelse" makes the
division's so), and a control point is "Delvis" unless every unit answered alike: the judgement stays, and
the cell says how many units it stands for ("Pågår med avvikelse (24 av 99 enheter)"), so a hundred cells
reading the weakest status are not taken for a hundred divisions in trouble.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING

from reporting.consolidate.amounts import sum_all
from reporting.intake.submission import Submission
from reporting.plan.judge import judge
from reporting.plan.model import KeyFigure, Plan
from reporting.plan.targets import Status
from reporting.template.answers import AssignmentAnswer, EconomyAnswer, InternalControlAnswer, KeyFigureAnswer
from reporting.template.spec import (
    ASSIGNMENT_WORST_FIRST,
    CONTROL_DEVIATING,
    CONTROL_DONE,
    CONTROL_DONE_YES,
    CONTROL_NOT_DONE,
    CONTROL_PARTLY,
    NETTO_ID,
)
from reporting.text import plural

if TYPE_CHECKING:  # tables imports the rollup, which imports this module
    from reporting.consolidate.tables import AssignmentRow, InternalControlRow

WORST = Status.NOT_MET.rank  # a key figure's rank 0 is a miss: the summary shows its texts first


def key_figure_rank(plan: Plan, kf: KeyFigure, year: int, answer: KeyFigureAnswer) -> int:
    """0 for a unit that misses the målvärde, 1 partly, 2 without data, 3 met (judged only when it wrote a text)."""
    if not (answer.analysis or answer.actions):
        return 0
    return WORST - judge(kf, year, answer.outcome, answer.last_year, plan.tolerance_pct).rank


def key_figure_ranks(plan: Plan, kf: KeyFigure, year: int, answers: list[KeyFigureAnswer]) -> list[int]:
    """``key_figure_rank`` of each unit's answer, judged once per distinct outcome (and last year, when the målvärde
    is set against last year's: judge uses it only then): a division's thousands of units give far fewer distinct
    values, and the judgement depends on nothing else."""
    against_last_year = kf.target_for(year).baseline_year == year - 1  # as judge takes its baseline
    judged: dict[object, int] = {}
    ranks = []
    for answer in answers:
        if not (answer.analysis or answer.actions):
            ranks.append(0)
            continue
        values = (answer.outcome, answer.last_year) if against_last_year else answer.outcome  # finite: hashable
        rank = judged.get(values)
        if rank is None:
            rank = judged[values] = key_figure_rank(plan, kf, year, answer)
        ranks.append(rank)
    return ranks


_ASSIGNMENT_RANK = {status: rank for rank, status in reversed(list(enumerate(ASSIGNMENT_WORST_FIRST)))}
_NO_STATUS = len(ASSIGNMENT_WORST_FIRST)
_status_of = attrgetter("status")


def assignment_ranks(answers: list[AssignmentAnswer]) -> list[int]:
    """Each unit's status in ASSIGNMENT_WORST_FIRST order ("Pågår med avvikelse" 0), no status last; looked up
    without a Python-level call per unit."""
    return list(map(_ASSIGNMENT_RANK.get, map(_status_of, answers), repeat(_NO_STATUS)))


def control_rank(answer: InternalControlAnswer) -> int:
    """0 with an avvikelse, then not done (Nej), partly done (Delvis), done, unanswered."""
    if answer.deviation == CONTROL_DEVIATING:
        return 0
    order = [CONTROL_NOT_DONE, CONTROL_PARTLY, CONTROL_DONE_YES]
    return 1 + (order.index(answer.done) if answer.done in order else len(order))


EconomyRank = Callable[[str, list[EconomyAnswer]], list[int]]


def economy_ranks(plan: Plan, division_id: str, year: int, subs: list[Submission]) -> EconomyRank:
    """Each unit's rank on an account group (or netto): 0 when its forecast (at year end its utfall) falls short of
    its own frame by more than the plan's threshold, 1 when it passes it by more, 2 within it, 3 unknown."""
    frames = [plan.frame(division_id, year, s.unit_id) for s in subs]
    key = "actual" if subs and subs[0].period.is_year_end else "forecast"
    groups = [g.id for g in plan.account_groups]

    def ranks(group_id: str, rows: list[EconomyAnswer]) -> list[int]:
        out = []
        for sub, frame, row in zip(subs, frames, rows):
            if not row.comment or frame is None:
                out.append(3)
                continue
            if group_id == NETTO_ID:
                budget = frame.netto
                value = sum_all(getattr(sub.answers.account(g), key) for g in groups)
            else:
                budget, value = frame.amounts.get(group_id, Decimal(0)), getattr(row, key)
            out.append(_economy_rank(plan, budget, value))
        return out

    return ranks


def _economy_rank(plan: Plan, budget: Decimal, value: Decimal | None) -> int:
    if value is None:
        return 3
    deviation, allowed = value - budget, plan.deviation_threshold(budget)
    return 0 if deviation < -allowed else (1 if deviation > allowed else 2)


def assignment_spread(
    sub: Submission | None, item_id: str, status: str, counts: Mapping[tuple[str, str | None], int] | None = None
) -> str:
    """ "24 av 99 enheter": how many of the units a division was combined from gave its status ("" for a division's
    own file). ``counts``: the division's ``status_counts``, when it is asked for many rows."""
    if sub is None or not sub.parts or not status:
        return ""
    given = (status_counts(sub) if counts is None else counts).get((item_id, status), 0)
    return f"{given} av {plural(len(sub.parts), 'enhet', 'enheter')}" if given else ""


def status_counts(sub: Submission) -> Counter[tuple[str, str | None]]:
    """How many of a division's units gave each (uppdrag, status), counted unit by unit in one pass: a count per
    row over thousands of units' files read each unit's memory once per row."""
    counts: Counter[tuple[str, str | None]] = Counter()
    for part in sub.parts:
        answers = part.answers.assignments
        counts.update(zip(answers, map(_status_of, answers.values())))
    return counts


def control_spread(sub: Submission | None, point_id: str) -> str:
    """ "Ja 60, Nej 29, Delvis 10; 99 enheter" (or "99 av 99 enheter" when all answered alike): the units' answers
    behind a division's Kontroll genomförd ("" for a division's own file)."""
    if sub is None or not sub.parts:
        return ""
    counts = Counter(part.answers.control(point_id).done or "" for part in sub.parts)
    units = plural(len(sub.parts), "enhet", "enheter")
    if len(counts) == 1:
        return f"{len(sub.parts)} av {units}" if "" not in counts else ""
    named = [f"{done} {counts[done]}" for done in CONTROL_DONE if counts[done]]
    named += [f"ej besvarat {counts['']}"] if counts[""] else []
    return f"{', '.join(named)}; {units}"


def with_assignment_spreads(rows: list[AssignmentRow], subs: Mapping[str, Submission]) -> list[AssignmentRow]:
    """``rows`` with each division's ``units`` from its units' statuses (a division's own file: unchanged)."""
    counts: dict[str, Counter[tuple[str, str | None]]] = {}  # per division from units, counted once for its rows
    out = []
    for row in rows:
        sub = subs.get(row.division_id)
        if sub is not None and sub.parts and row.division_id not in counts:
            counts[row.division_id] = status_counts(sub)
        spread = assignment_spread(sub, row.id, row.status, counts.get(row.division_id))
        out.append(replace(row, units=spread) if spread else row)
    return out


def with_control_spreads(rows: list[InternalControlRow], subs: Mapping[str, Submission]) -> list[InternalControlRow]:
    """``rows`` with each division's status label followed by its units' answers: "◐ Delvis uppfyllt (Ja 60, …)"."""
    return [
        replace(row, status_label=f"{row.status_label} ({spread})")
        if (spread := control_spread(subs.get(row.division_id), row.id))
        else row
        for row in rows
    ]
