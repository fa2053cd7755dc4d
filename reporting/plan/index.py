"""Dict lookups over a Plan's lists, so a region with thousands of units never scans them per item."""

from __future__ import annotations

from operator import attrgetter, is_
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from reporting.plan.central import is_central

if TYPE_CHECKING:  # the Plan builds its index on first use
    from reporting.plan.model import BudgetFrame, Division, Investment, Plan, Unit

INDEXED = (
    "divisions",
    "units",
    "key_figures",
    "assignments",
    "measures",
    "investments",
    "budget_frames",
    "internal_control",
)
indexed_lists = attrgetter(*INDEXED)  # plan -> the tuple of its indexed lists, asked on every lookup


class PlanIndex:
    """Dict lookups over a Plan's lists; first item wins for a repeated id, as the linear scans did."""

    def __init__(self, plan: Plan, lists: tuple[list[Any], ...]) -> None:
        self.lists = lists  # held: the very lists, compared by identity
        self.sizes = tuple(map(len, lists))
        self.divisions: dict[str, Division] = {}
        for division in plan.divisions:
            self.divisions.setdefault(division.id, division)
        self.units: dict[str, Unit] = {}
        self.units_of: dict[str, list[Unit]] = {}
        for unit in plan.units:
            self.units.setdefault(unit.id, unit)
            self.units_of.setdefault(unit.division, []).append(unit)
        self.key_figures = _by_division([k for k in plan.key_figures if not is_central(k)])  # never in a template
        self.assignments = _by_division(plan.assignments)
        self.measures = _by_division(plan.measures)
        self.internal_control = _by_division(plan.internal_control)
        self.investments: dict[str, list[Investment]] = {}
        # division -> Enhet cell (a unit's name or id) -> (position in the plan, object)
        self.investments_by_unit: dict[str, dict[str, list[tuple[int, Investment]]]] = {}
        for position, investment in enumerate(plan.investments):
            self.investments.setdefault(investment.division, []).append(investment)
            units = self.investments_by_unit.setdefault(investment.division, {})
            units.setdefault(investment.unit, []).append((position, investment))
        self.frames: dict[tuple[str, int, str], BudgetFrame] = {}
        for frame in plan.budget_frames:
            self.frames.setdefault((frame.division, frame.year, frame.unit), frame)

    def built_from(self, lists: tuple[list[Any], ...]) -> bool:
        """Built from these very lists at their present lengths (asked per lookup, a score of times per intake
        file: compared in C, with no tuple of ids built for it)."""
        return all(map(is_, lists, self.lists)) and self.sizes == tuple(map(len, lists))


class _ForDivisions(Protocol):
    @property
    def divisions(self) -> tuple[str, ...]: ...


_T = TypeVar("_T", bound=_ForDivisions)


def _by_division(items: list[_T]) -> dict[str, list[_T]]:
    out: dict[str, list[_T]] = {}
    for item in items:
        for division in dict.fromkeys(item.divisions):
            out.setdefault(division, []).append(item)
    return out
