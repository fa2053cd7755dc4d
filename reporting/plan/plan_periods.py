"""The plan's periods: which it lists (Perioder), their titles, deadlines, and the years it covers.

A mixin of ``Plan`` (``reporting.plan.model``): the methods read the plan's ``periods``, ``year``
and ``budget_frames`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from reporting.errors import InputError
from reporting.plan.central import BOARD
from reporting.plan.periods import MONTH_NAMES, Period

if TYPE_CHECKING:
    from reporting.plan.model import BudgetFrame


@dataclass(frozen=True)
class PeriodDef:
    kind: str  # T1 | delar | helar
    label: str
    deadline: date | None


class PlanPeriods:
    """The period methods of ``Plan``."""

    if TYPE_CHECKING:  # the Plan dataclass's fields these methods read
        periods: list[PeriodDef]
        year: int
        budget_frames: list[BudgetFrame]

    def period_def(self, kind: str) -> PeriodDef | None:
        return next((p for p in self.periods if p.kind == kind), None)

    def period_title(self, period: Period) -> str:
        """The report's title: the Perioder sheet's Benämning when it names another report ("Ekonomisk
        rapport"); one that starts with the default title ("Tertialrapport per april") keeps the default."""
        own = self.period_def(period.kind)
        label = own.label.strip() if own else ""
        return label if label and not label.lower().startswith(period.report_title.lower()) else period.report_title

    def period_heading(self, period: Period) -> str:
        """The title with the year ("Tertialrapport 2025"); a Benämning that names its year keeps it once. A
        month's names its month ("Månadsrapport per mars 2021"): one month's report is told from the next's."""
        title = self.period_title(period)
        month = MONTH_NAMES[period.months - 1] if period.is_month else ""
        if month and month not in title.lower():
            title = f"{title} per {month}"
        return title if str(period.year) in title else f"{title} {period.year}"

    def deadline(self, period: Period) -> date | None:
        """The period's last day to hand in: the Perioder sheet's date (given for the plan's year), moved to the
        period's year, so a later year of a plan for several years is not told last year's date."""
        own = self.period_def(period.kind)
        if own is None or own.deadline is None:
            return None
        day, year = own.deadline, own.deadline.year + period.year - self.year
        return (
            day.replace(year=year, day=min(day.day, 28)) if (day.month, day.day) == (2, 29) else day.replace(year=year)
        )

    def years(self) -> list[int]:
        """The years the plan gives the divisions budget frames for, and its own year. A nämnd-level frame alone
        (last year's, for comparison) does not make a year one the divisions can report."""
        return sorted({f.year for f in self.budget_frames if f.division != BOARD} | {self.year})

    def require_period(self, period: Period) -> None:
        """Refuse a period of a year the plan has no frames for, or that the Perioder sheet does not list (a plan
        listing none accepts every kind)."""
        if period.year not in self.years():
            years = "–".join(dict.fromkeys(str(y) for y in (self.years()[0], self.years()[-1])))
            raise InputError(
                f"perioden {period.key} ligger utanför planen, som har divisionernas budgetramar för {years}. "
                "Välj en period inom planens år, eller lägg in ramarna för året i planen."
            )
        if self.periods and self.period_def(period.kind) is None:
            listed = ", ".join(f"{period.year}-{p.kind}" + (f" ({p.label})" if p.label else "") for p in self.periods)
            raise InputError(
                f"perioden {period.key} finns inte i planens flik Perioder. Planen har: {listed}. "
                "Välj en av dem, eller lägg till perioden på fliken Perioder."
            )
