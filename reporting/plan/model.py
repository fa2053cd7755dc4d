"""The typed plan: what each division must report, the targets, budget frames and measures.

The economy office keeps the plan in an Excel workbook (``plan.xlsx``);
``reporting.plan.read`` reads it into these types and ``reporting.plan.write``
writes it back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from reporting.plan import goal_tree
from reporting.plan.central import BOARD, is_central  # BOARD: a Division cell naming the nämnd itself
from reporting.plan.frequency import frequency_due
from reporting.plan.groups import ACCOUNT_GROUPS, INCOME_GROUPS, AccountGroup, default_account_groups
from reporting.plan.index import PlanIndex, indexed_lists  # at module level: Plan looks its lists up per value
from reporting.plan.periods import Period
from reporting.plan.plan_periods import PeriodDef, PlanPeriods
from reporting.plan.targets import Direction, Target
from reporting.swedish import AMOUNT_UNITS

__all__ = ["ACCOUNT_GROUPS", "INCOME_GROUPS", "AccountGroup", "default_account_groups"]

# Internkontroll: the plan's frequency word -> the period kinds a control point is followed up in
CONTROL_FREQUENCIES: dict[str, tuple[str, ...]] = {
    "tertialvis": ("T1", "delar", "helar"),
    "kvartalsvis": ("T1", "delar", "helar"),  # each tertial, delår and helår report covers a quarter's end
    "delår": ("delar", "helar"),
    "helår": ("helar",),
    "årligen": ("helar",),
}


class Aggregation(StrEnum):
    """How a key figure's reporters' values are combined (Aggregering): summed, a mean, weighted by Nämnare, or not."""

    SUM = "sum"
    MEAN = "mean"
    WEIGHTED = "weighted"
    NONE = "none"


AGGREGATIONS = {  # Aggregering: the plan's word (lower case) -> the rule, in the order the plan's list offers them
    "summa": Aggregation.SUM,
    "medel": Aggregation.MEAN,
    "viktat": Aggregation.WEIGHTED,
    "ej": Aggregation.NONE,
}
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
    """A node of the plan's goal tree (målområde, strategi, insatsområde, mål …); top level when no parent."""

    id: str
    name: str
    parent: str = ""  # the parent node's id
    level: str = ""  # the plan's word for the level; "" is shown as "Målområde"
    number: str = ""  # the plan's own numbering ("1.2"), shown before the name


class _YearTargets:
    """A målvärde with optional targets per year and a target year: shared by key figures and financial goals."""

    target: Target
    targets: dict[int, Target]

    def target_for(self, year: int) -> Target:
        """The year's target ("Mål 2026") when the plan gives one, else the målvärde."""
        return self.targets.get(year, self.target)

    def before_target_year(self, year: int) -> bool:
        """A year before the målvärde's target year ("senast 2027") without a target of its own."""
        due = self.target.target_year
        return due is not None and year < due and year not in self.targets


@dataclass(frozen=True)
class KeyFigure(_YearTargets):
    id: str
    name: str
    goal_area: str
    divisions: tuple[str, ...]
    unit: str
    target_text: str
    target: Target
    decided_by: str = ""
    aggregation: Aggregation = Aggregation.MEAN
    direction_override: str = ""
    kolada_id: str = ""
    targets: dict[int, Target] = field(default_factory=dict)  # year -> the "Mål ÅÅÅÅ" column's target
    frequency: str = ""  # "Frekvens", normalised (reporting.plan.frequency): "" = every period

    @property
    def is_central(self) -> bool:
        """Measured centrally (Frekvens "Centralt", or only the nämnd): never asked of a division."""
        return is_central(self)

    def due_in(self, period: Period, listed: tuple[str, ...] = ()) -> bool:
        """Whether divisions report the figure in ``period`` (a helår-only figure is not due at T1);
        ``listed``: the period kinds the plan's Perioder sheet lists (see frequency_due)."""
        return not self.is_central and frequency_due(self.frequency, period, listed)

    def judges_part(self, division_id: str, unit_id: str = "") -> bool:
        """Whether a reporter's value is judged against the målvärde: not a part of a sum (a unit's, or one of
        several divisions'), whose target is the total's ("4 enheter", "35 000 besök" for the whole nämnd)."""
        if self.aggregation != Aggregation.SUM or self.target.direction is Direction.DONE:  # a Ja/Nej is never summed
            return True
        return not unit_id and tuple(self.divisions) == (division_id,)

    @property
    def is_percent(self) -> bool:
        """A share in percent (by its unit or its target): entered and kept in percentage points."""
        return self.unit.startswith("%") or self.target.is_percent

    @property
    def is_share(self) -> bool:
        """A percent figure that is a share (0–100 %). A change in percent may be below 0: a negative målvärde
        (seed 002's Bruttokostnadsutveckling −0,7 %, tjänsteresor −10 %) or a name of a development says so —
        a word ending in "utveckling"/"förändring", not "Andel … utvecklingssamtal", whose 930 % is a typo."""
        values = [t.value for t in (self.target, *self.targets.values()) if t.value is not None]
        name = self.name.lower()
        change = not name.startswith("andel") and CHANGE_NAME.search(name) is not None
        return self.is_percent and not any(v < 0 for v in values) and not change


CHANGE_NAME = re.compile(r"(utveckling|förändring)(en)?\b")  # a key figure so named is a change in percent


@dataclass(frozen=True)
class Assignment:
    id: str
    text: str
    goal_area: str
    decided_by: str = ""
    divisions: tuple[str, ...] = ()


@dataclass(frozen=True)
class FinancialGoal(_YearTargets):
    id: str
    name: str
    decided_by: str
    target_text: str
    target: Target
    direction_override: str = ""
    targets: dict[int, Target] = field(default_factory=dict)  # year -> the "Mål ÅÅÅÅ" column's target


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
        """The sum of the groups; a frame given as netto only (a year without split, seed 000's 2024) its netto."""
        if not self.amounts:
            return self.netto_given
        return sum(self.amounts.values(), Decimal(0))


MEASURE_KINDS = {"engangs": "Engångs", "aterkommande": "Återkommande"}  # Measure.kind -> the plan's word
NOT_COMPUTED = "ej beräknad"  # an effect the plan states but has not computed (model: None, never 0)


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    description: str
    consequence: str
    effects: dict[int, Decimal | None]  # year -> planned effect in the plan's unit; None: "ej beräknad"
    goals: dict[int, str]  # year -> optional target such as "Mål 95 %"
    divisions: tuple[str, ...] = ()
    kind: str = ""  # "engangs" | "aterkommande" | "" (not stated)
    start: str = ""  # "ÅÅÅÅ-MM" or "ÅÅÅÅ"; "" when not stated
    end: str = ""

    def effect(self, year: int) -> Decimal | None:
        """The year's planned effect: 0 when the plan states none for the year, None when "ej beräknad"."""
        return self.effects.get(year, Decimal(0))

    @property
    def term(self) -> str:
        """ "Återkommande, 2025-01–2026-12": type and period as the template and report show them."""
        period = "–".join(dict.fromkeys(part for part in (self.start, self.end) if part))  # 2025–2025 is 2025
        if self.start and not self.end:
            period = f"från {self.start}"
        elif self.end and not self.start:
            period = f"till {self.end}"
        return ", ".join(part for part in (MEASURE_KINDS.get(self.kind, ""), period) if part)


@dataclass(frozen=True)
class Initiative:
    """A satsning: the nämnd's planned increase per year, as printed (negative = cost); never a negative saving."""

    id: str
    name: str
    divisions: tuple[str, ...]  # division ids, or ("Nämnd",) for the nämnd as a whole
    amounts: dict[int, Decimal]  # year -> amount in the plan's unit
    within_frame: bool = True  # "Inom ram": False for a satsning outside the nämnd's budget (seed 003's footnote *)


@dataclass(frozen=True)
class Investment:
    id: str
    division: str
    unit: str
    object: str
    kind: str
    amount_tkr: int


@dataclass(frozen=True)
class ControlPoint:
    """A kontrollmoment of the nämnd's internkontrollplan, followed up by its divisions."""

    id: str
    text: str  # kontrollmoment
    risk: str
    frequency: str  # a key of CONTROL_FREQUENCIES: tertialvis | kvartalsvis | delår | helår | årligen
    responsible: str  # ansvarig (a role)
    divisions: tuple[str, ...] = ()

    def due_in(self, period_kind: str) -> bool:
        """Whether the control point is followed up in a period of this kind ("T1", "delar", "helar")."""
        return period_kind in CONTROL_FREQUENCIES.get(self.frequency, ())


@dataclass
class Plan(PlanPeriods):
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
    board_id: str = ""  # the Nämnd sheet's optional "Nämnd-id"; empty: derived from the name (see board_key)
    internal_control: list[ControlPoint] = field(default_factory=list)
    planned_result: dict[int, Decimal] = field(default_factory=dict)  # year -> accepted result; absent = balance
    initiatives: list[Initiative] = field(default_factory=list)  # Satsningar
    account_groups: list[AccountGroup] = field(default_factory=default_account_groups)
    amount_unit: str = "mkr"  # Beloppsenhet: every amount except investments (tkr) is in this unit

    @property
    def amount_decimals(self) -> int:
        """Decimals amounts are shown with: mkr 1 (−3 158,3), tkr 0 (44 437)."""
        return AMOUNT_UNITS.get(self.amount_unit, 1)

    @property
    def unit_factor(self) -> Decimal:
        """How many of the plan's units make one mkr (1 or 1 000): thresholds set in mkr are converted."""
        return Decimal(1000) if self.amount_unit == "tkr" else Decimal(1)

    def board_frame(self, year: int | None = None) -> BudgetFrame | None:
        """The nämnd's own frame for the year (Budgetramar's Division "Nämnd"), if any."""
        return self.frame(BOARD, year)

    @property
    def dnr_label(self) -> str:
        """ "Dnr HSN/1071/2020" for headers and footers; "" for a plan without a diarienummer."""
        return f"Dnr {self.dnr}" if self.dnr else ""

    @property
    def board_key(self) -> str:
        """The nämnd's id in a shared history: "Nämnd-id" when given, else the name as a slug."""
        return self.board_id or slug(self.board)

    def planned_result_for(self, year: int) -> Decimal:
        """The nämnd's planned result for the year (negative: an accepted deficit); 0 means balance."""
        return self.planned_result.get(year, Decimal(0))

    def deviation_threshold(self, amount: Decimal) -> Decimal:
        """How far an account group may deviate from ``amount`` before it must be explained (plan's unit)."""
        return max(self.deviation_mkr * self.unit_factor, abs(amount) * self.deviation_pct / Decimal(100))

    def division(self, division_id: str) -> Division:
        """The division with this id; KeyError when the plan has none."""
        return self._index().divisions[division_id]

    def goal_area_name(self, area_id: str) -> str:
        return next((a.name for a in self.goal_areas if a.id == area_id), area_id)

    def goal_path(self, area_id: str) -> list[GoalArea]:
        """The goal tree's nodes from the top down to ``area_id`` (see plan.goal_tree)."""
        return goal_tree.path(self.goal_areas, area_id)

    def goal_children(self, area_id: str = "") -> list[GoalArea]:
        """A node's children in plan order; ``""`` gives the top level."""
        return goal_tree.children(self.goal_areas, area_id)

    def goal_depth(self, area_id: str) -> int:
        """0 for a top-level node, 1 for its children …"""
        return goal_tree.depth(self.goal_areas, area_id)

    def key_figures_for(self, division_id: str) -> list[KeyFigure]:
        return list(self._index().key_figures.get(division_id, ()))

    def key_figures_due(self, division_id: str, period: Period) -> list[KeyFigure]:
        """The division's key figures followed up in ``period`` (Frekvens); never a centrally measured one."""
        listed = self.listed_kinds
        return [k for k in self.key_figures_for(division_id) if k.due_in(period, listed)]

    @property
    def listed_kinds(self) -> tuple[str, ...]:
        """The period kinds the Perioder sheet lists ("M03", "T1", …); empty: every kind exists."""
        return tuple(p.kind for p in self.periods)

    def assignments_for(self, division_id: str) -> list[Assignment]:
        return list(self._index().assignments.get(division_id, ()))

    def measures_for(self, division_id: str) -> list[Measure]:
        return list(self._index().measures.get(division_id, ()))

    def control_points_for(self, division_id: str, period_kind: str = "") -> list[ControlPoint]:
        """The division's control points; with ``period_kind`` only those followed up in such a period."""
        points = self._index().internal_control.get(division_id, ())
        return [p for p in points if not period_kind or p.due_in(period_kind)]

    def investments_for(self, division_id: str) -> list[Investment]:
        return list(self._index().investments.get(division_id, ()))

    def frame(self, division_id: str, year: int | None = None, unit_id: str = "") -> BudgetFrame | None:
        """The division's frame, or with ``unit_id`` the unit's own frame."""
        return self._index().frames.get((division_id, year or self.year, unit_id))

    def units_of(self, division_id: str) -> list[Unit]:
        return list(self._index().units_of.get(division_id, ()))

    def unit(self, unit_id: str) -> Unit:
        """The unit with this id; KeyError when the plan has none."""
        return self._index().units[unit_id]

    def investments_of(self, division_id: str, unit_id: str = "", former_name: str = "") -> list[Investment]:
        """The objects a template asks about: the division's, or a unit's (Investeringar: Enhet = its name or id;
        or ``former_name``, the unit's name in a template made before the plan renamed it, unless another unit of
        the division now has that name or id)."""
        if not unit_id:
            return self.investments_for(division_id)
        unit = self.unit(unit_id)
        by_unit = self._index().investments_by_unit.get(unit.division, {})
        keys = [unit.name, unit.id]
        if former_name and all(former_name not in (u.name, u.id) for u in self.units_of(unit.division)):
            keys.append(former_name)
        found = [pair for key in dict.fromkeys(keys) for pair in by_unit.get(key, ())]
        return [investment for _, investment in sorted(found, key=lambda pair: pair[0])]  # in plan order

    def _index(self) -> PlanIndex:
        """Lookup tables, built on first use and rebuilt when a list was replaced or grew.

        A Plan is built incrementally (by the reader, by reporting.demo) and not changed
        after that; the index notices reassigned lists and appended items, not items
        replaced in place. Kept in ``__dict__`` beside the fields, so ``asdict``,
        ``==`` and ``digest()`` never see it.
        """
        lists = indexed_lists(self)
        index: PlanIndex | None = self.__dict__.get("_lookup")
        if index is None or not index.built_from(lists):
            index = self.__dict__["_lookup"] = PlanIndex(self, lists)
        return index

    def digest(self) -> str:
        """A short hash of the plan's content: templates carry it to detect plan changes.

        Computed once per Plan object (a plan is not changed after loading): intake
        asks for it once per file and it costs milliseconds.
        """
        cached = self.__dict__.get("_digest")
        if cached is None:
            from reporting.plan.digest import content_digest, plain

            cached = self.__dict__["_digest"] = content_digest(plain(self))
        return cached


def slug(name: str, limit: int = 60) -> str:
    """ "Hälso- och sjukvårdsnämnden" -> "halso-och-sjukvardsnamnden"; "namnd" when nothing is left."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:limit].strip("-") or "namnd"
