"""The nämnd's planned result: a forecast judged against the frame plus the result the plan accepts.

A plan may accept a deficit for a year (seed 003: −570 mkr → −345 in 2025, −95 in 2026,
balance in 2027). A helårsprognos netto on or better than frame + planned result is then
"enligt plan", not a deficit; worse is a deficit against the plan, by the difference.
A plan without a planned result for the year is judged against its frame as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from reporting.plan.model import Plan
from reporting.swedish import format_number

if TYPE_CHECKING:  # economy judges its rows with this module
    from reporting.consolidate.economy import NettoRow

ON_PLAN = "enligt plan"


@dataclass(frozen=True)
class PlannedJudgement:
    """A netto row's forecast against its frame and the planned result (mkr; negative = deficit)."""

    year: int
    planned: Decimal  # the plan's planned result for the year
    budget: Decimal
    forecast: Decimal
    unit: str = "mkr"  # the plan's Beloppsenhet
    decimals: int = 1

    @property
    def against_frame(self) -> Decimal:
        return self.forecast - self.budget

    @property
    def against_plan(self) -> Decimal:
        """Forecast against frame + planned result: ≥ 0 is enligt plan."""
        return self.forecast - (self.budget + self.planned)

    @property
    def on_plan(self) -> bool:
        return self.against_plan >= 0

    @property
    def planned_text(self) -> str:
        """ "planerat resultat 2025 −345,0 mkr", named beside the frame."""
        return f"planerat resultat {self.year} {format_number(self.planned, self.decimals)} {self.unit}"

    @property
    def verdict(self) -> str:
        """ "enligt plan", or how far the forecast is worse than the plan."""
        if self.on_plan:
            return ON_PLAN
        return f"{format_number(abs(self.against_plan), self.decimals)} {self.unit} sämre än planerat resultat"


def judge_planned(plan: Plan, row: NettoRow, year: int) -> PlannedJudgement | None:
    """The judgement of a netto row when the plan states a planned result for the year, else None.

    The planned result is the nämnd's: it applies to the nämnd total, and to a division only when
    that division is the nämnd's only one (its frame is then the nämnd's frame, seed 003). With several
    divisions the plan does not split the accepted deficit, so each division is judged against its frame.
    """
    if year not in plan.planned_result or not row.submitted or row.frame_only:
        return None
    if not row.is_total and len(plan.divisions) != 1:
        return None
    if not isinstance(row.forecast, Decimal) or not isinstance(row.budget, Decimal):
        return None
    return PlannedJudgement(
        year, plan.planned_result[year], row.budget, row.forecast, plan.amount_unit, plan.amount_decimals
    )
