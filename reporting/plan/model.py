"""The typed plan: what each division must report, the targets, budget frames and measures.

The economy office keeps the plan in an Excel workbook (``plan.xlsx``);
``reporting.plan.read`` reads it into these types and ``reporting.plan.write``
writes it back.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from reporting.plan.targets import Target

ACCOUNT_GROUPS: list[tuple[str, str]] = [
    # id, Swedish name; incomes positive, costs negative (as in the plan's tables)
    ("EI", "Externa intäkter"),
    ("II", "Interna intäkter"),
    ("EK", "Externa kostnader"),
    ("AV", "Avskrivningar"),
    ("IK", "Interna kostnader"),
]
INCOME_GROUPS = {"EI", "II"}
AGGREGATIONS = {"summa": "sum", "medel": "mean", "viktat": "weighted", "ej": "none"}
ALL = "Alla"


@dataclass(frozen=True)
class Division:
    id: str
    name: str
    contact: str = ""


@dataclass(frozen=True)
class Unit:
    """An enhet/område that reports on its own; its figures roll up to its division."""

    id: str
    name: str
    division: str


@dataclass(frozen=True)
class GoalArea:
    id: str
    name: str


@dataclass(frozen=True)
class KeyFigure:
    id: str
    name: str
    goal_area: str
    divisions: tuple[str, ...]
    unit: str
    target_text: str
    target: Target
    decided_by: str = ""
    aggregation: str = "mean"  # sum | mean | weighted | none
    direction_override: str = ""
    kolada_id: str = ""

    @property
    def is_percent(self) -> bool:
        """A share in percent (by its unit or its target): entered and kept in percentage points."""
        return self.unit.startswith("%") or self.target.is_percent


@dataclass(frozen=True)
class Assignment:
    id: str
    text: str
    goal_area: str
    decided_by: str = ""
    divisions: tuple[str, ...] = ()


@dataclass(frozen=True)
class FinancialGoal:
    id: str
    name: str
    decided_by: str
    target_text: str
    target: Target
    direction_override: str = ""


@dataclass(frozen=True)
class BudgetFrame:
    """A division's budget frame for one year, mkr; incomes positive, costs negative."""

    division: str
    year: int
    amounts: dict[str, Decimal]  # account group id -> mkr
    netto_given: Decimal
    unit: str = ""  # a unit's own frame; "" for the division's frame

    @property
    def netto(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    description: str
    consequence: str
    effects: dict[int, Decimal]  # year -> planned effect, mkr
    goals: dict[int, str]  # year -> optional target such as "Mål 95 %"
    divisions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Investment:
    id: str
    division: str
    unit: str
    object: str
    kind: str
    amount_tkr: int


@dataclass(frozen=True)
class PeriodDef:
    kind: str  # T1 | delar | helar
    label: str
    deadline: date | None


@dataclass
class Plan:
    board: str
    region: str
    dnr: str
    year: int
    tolerance_pct: Decimal = Decimal(5)
    deviation_pct: Decimal = Decimal(2)
    deviation_mkr: Decimal = Decimal(1)
    contact: str = ""
    savings_required: dict[int, Decimal] = field(default_factory=dict)
    divisions: list[Division] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    goal_areas: list[GoalArea] = field(default_factory=list)
    key_figures: list[KeyFigure] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    financial_goals: list[FinancialGoal] = field(default_factory=list)
    budget_frames: list[BudgetFrame] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    investments: list[Investment] = field(default_factory=list)
    periods: list[PeriodDef] = field(default_factory=list)

    def deviation_threshold(self, amount: Decimal) -> Decimal:
        """How far an account group may deviate from ``amount`` before it must be explained (mkr)."""
        return max(self.deviation_mkr, abs(amount) * self.deviation_pct / Decimal(100))

    def division(self, division_id: str) -> Division:
        return next(d for d in self.divisions if d.id == division_id)

    def goal_area_name(self, area_id: str) -> str:
        return next((a.name for a in self.goal_areas if a.id == area_id), area_id)

    def key_figures_for(self, division_id: str) -> list[KeyFigure]:
        return [k for k in self.key_figures if division_id in k.divisions]

    def assignments_for(self, division_id: str) -> list[Assignment]:
        return [a for a in self.assignments if division_id in a.divisions]

    def measures_for(self, division_id: str) -> list[Measure]:
        return [m for m in self.measures if division_id in m.divisions]

    def investments_for(self, division_id: str) -> list[Investment]:
        return [i for i in self.investments if i.division == division_id]

    def frame(self, division_id: str, year: int | None = None, unit_id: str = "") -> BudgetFrame | None:
        """The division's frame, or with ``unit_id`` the unit's own frame."""
        year = year or self.year
        return next(
            (b for b in self.budget_frames if b.division == division_id and b.year == year and b.unit == unit_id), None
        )

    def units_of(self, division_id: str) -> list[Unit]:
        return [u for u in self.units if u.division == division_id]

    def unit(self, unit_id: str) -> Unit:
        return next(u for u in self.units if u.id == unit_id)

    def investments_of(self, division_id: str, unit_id: str = "") -> list[Investment]:
        """The objects a template asks about: the division's, or a unit's (Investeringar: Enhet = its name or id)."""
        if not unit_id:
            return self.investments_for(division_id)
        unit = self.unit(unit_id)
        return [i for i in self.investments if i.division == unit.division and i.unit in (unit.name, unit.id)]

    def period_def(self, kind: str) -> PeriodDef | None:
        return next((p for p in self.periods if p.kind == kind), None)

    def digest(self) -> str:
        """A short hash of the plan's content: templates carry it to detect plan changes.

        Computed once per Plan object (a plan is not changed after loading): intake
        asks for it once per file and it costs milliseconds.
        """
        cached = self.__dict__.get("_digest")
        if cached is None:
            payload = json.dumps(asdict(self), default=_canonical, sort_keys=True, ensure_ascii=False)
            cached = self.__dict__["_digest"] = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
        return cached


def _canonical(value: Any) -> str:
    """Equal amounts hash alike: Decimal("20") and Decimal("20.0") (read back from Excel) are one value."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
