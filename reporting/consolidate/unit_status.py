"""How a division's units stand on a row: which unit texts come first in its summary."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from reporting.consolidate.amounts import sum_all
from reporting.intake.submission import Submission
from reporting.plan.judge import judge
from reporting.plan.model import KeyFigure, Plan
from reporting.plan.targets import Status
from reporting.template.answers import AssignmentAnswer, EconomyAnswer, InternalControlAnswer, KeyFigureAnswer
from reporting.template.spec import ASSIGNMENT_WORST_FIRST, CONTROL_DEVIATION, CONTROL_DONE, NETTO_ID

WORST = Status.NOT_MET.rank  # a key figure's rank 0 is a miss: the summary shows its texts first


def key_figure_rank(plan: Plan, kf: KeyFigure, year: int, answer: KeyFigureAnswer) -> int:
    """0 for a unit that misses the målvärde, 1 partly, 2 without data, 3 met (judged only when it wrote a text)."""
    if not (answer.analysis or answer.actions):
        return 0
    return WORST - judge(kf, year, answer.outcome, answer.last_year, plan.tolerance_pct).rank


def assignment_rank(answer: AssignmentAnswer) -> int:
    """The unit's status in ASSIGNMENT_WORST_FIRST order ("Pågår med avvikelse" 0); no status last."""
    status = answer.status
    return ASSIGNMENT_WORST_FIRST.index(status) if status in ASSIGNMENT_WORST_FIRST else len(ASSIGNMENT_WORST_FIRST)


def control_rank(answer: InternalControlAnswer) -> int:
    """0 with an avvikelse, then not done (Nej), partly done (Delvis), done, unanswered."""
    if answer.deviation == CONTROL_DEVIATION[0]:
        return 0
    order = [CONTROL_DONE[1], CONTROL_DONE[2], CONTROL_DONE[0]]  # Nej, Delvis, Ja
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
