"""The Ekonomi sheet's arithmetic, declared once.

The template writes it as formulas (Netto and each Delsumma summing their account groups, the two
deviations as differences), and the consolidation, the intake's netto check and the history compute the
same values from the typed parts: each of them takes the columns from here, so that a change to a sign
or to what is summed cannot reach the template without reaching the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reporting.plan.model import Plan

SUMMED = ("budget", "periodised", "actual", "forecast")  # what Netto and a Delsumma sum, group by group
DIFFERENCES = {  # a deviation column -> (minuend, subtrahend): utfall − periodiserad budget, prognos − budget
    "deviation": ("actual", "periodised"),
    "forecast_deviation": ("forecast", "budget"),
}


def difference(values: Mapping[str, Decimal | None], key: str) -> Decimal | None:
    """The deviation column ``key`` of a row's ``values``; None when either part is unknown."""
    minuend, subtrahend = (values.get(k) for k in DIFFERENCES[key])
    return minuend - subtrahend if isinstance(minuend, Decimal) and isinstance(subtrahend, Decimal) else None


def without_budget(plan: Plan, division_id: str, year: int, unit_id: str) -> bool:
    """A unit of a division whose frame is not split per unit (unit frames are optional): it has no budget of its
    own, so neither a prognos mot budget nor a deviation to explain; the division's frame is judged at division
    level. A unit left out of a split frame has a budget of 0 (the others' frames make up the division's)."""
    return bool(unit_id) and not any(plan.frame(division_id, year, u.id) for u in plan.units_of(division_id))
