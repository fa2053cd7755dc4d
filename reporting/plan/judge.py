"""A key figure's status in a period: one rule for the controller's own check (intake) and the report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reporting.plan.model import FinancialGoal, KeyFigure
from reporting.plan.targets import Status, evaluate


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
