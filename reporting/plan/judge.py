"""A key figure's status in a period: one rule for the controller's own check (intake) and the report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reporting.plan.model import FinancialGoal, KeyFigure
from reporting.plan.targets import Direction, Status, evaluate


def judge(
    kf: KeyFigure | FinancialGoal,
    year: int,
    value: Any,
    last_year: Any,
    tolerance_pct: Decimal,
    riket: Decimal | None = None,
) -> Status:
    """The status against the year's target; before a target year without a path, a miss is "Delvis".

    One rule for key figures and financial goals (both may have "Mål ÅÅÅÅ" and a target year).

    ``riket`` is the stored Kolada value a riket-relative target needs ("Underlag saknas" without it).
    """
    target = kf.target_for(year)
    baseline = last_year if target.baseline_year == year - 1 else None
    status = evaluate(target, value, tolerance_pct, baseline, riket)
    if status is Status.NOT_MET and kf.before_target_year(year):
        return Status.PARTLY  # on the way: the plan judges it in its target year
    return status


# The status a sum's floor decides: what the parts in already show, whatever the parts not in add to it
_FLOOR_DECIDES = {
    Direction.AT_LEAST: Status.MET,
    Direction.ABOVE: Status.MET,
    Direction.AT_MOST: Status.NOT_MET,
    Direction.BELOW: Status.NOT_MET,
}


def judge_part_of_sum(kf: KeyFigure, year: int, value: Any, status: Status) -> Status:
    """The status of a summed value that leaves parts out (a division or unit not in): "Underlag saknas" unless the
    parts in decide it. Not negative (summed counts), the value is a floor of the whole: it shows a "Minst" target
    met and a "Högst" one missed, never a "Högst" one met (a tester's 32 of "Högst 40" read ✔ without a unit)."""
    direction = kf.target_for(year).direction
    if direction is Direction.FOLLOW or status is Status.NO_DATA:
        return status
    if isinstance(value, Decimal) and value >= 0 and _FLOOR_DECIDES.get(direction) is status:
        return status
    return Status.NO_DATA
