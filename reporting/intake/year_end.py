"""The annual report's two identities: the forecast is the year's outcome, the periodised budget the year's budget.

Consolidation uses the utfall and the budget helår at year end whatever was typed beside them
(consolidate.economy, consolidate.keyfigures). A typed value that differs is most often one left
over from the November file; it is warned about at its cell, quoting both, so the controller sees
which number the report uses. A blank one is what the annual report expects: nothing to say.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from reporting.findings import Rule
from reporting.plan.model import KeyFigure, Plan
from reporting.plan.periods import Period
from reporting.plan.sheet_reader import amount_text
from reporting.swedish import format_typed
from reporting.template.answers import EconomyAnswer, Figure, KeyFigureAnswer, MeasureAnswer

Check = tuple[str, Rule, dict[str, Any]]  # (column key, rule, message fields)


def asked_economy(period: Period) -> tuple[str, ...]:
    """The economy columns a period requires: at year end only the utfall (the rest follows from it and the plan)."""
    return ("actual",) if period.is_year_end else ("periodised", "actual", "forecast")


def year_end_economy(plan: Plan, period: Period, budget: Decimal, a: EconomyAnswer, name: str) -> Iterator[Check]:
    """A typed forecast other than the utfall, a typed periodised budget other than the budget helår."""
    if not period.is_year_end:
        return
    actual = a.actual if isinstance(a.actual, Decimal) else (Decimal(0) if budget == 0 else None)
    if isinstance(a.forecast, Decimal) and isinstance(actual, Decimal) and a.forecast != actual:
        values = {"forecast": _amount(plan, a.forecast), "actual": _amount(plan, actual)}
        yield "forecast", Rule.YEAR_END_FORECAST, {"item": name, **values}
    if isinstance(a.periodised, Decimal) and a.periodised != budget:
        values = {"periodised": _amount(plan, a.periodised), "budget": _amount(plan, budget)}
        yield "periodised", Rule.YEAR_END_PERIODISED, {"item": name, **values}


def year_end_key_figure(period: Period, kf: KeyFigure, a: KeyFigureAnswer) -> Iterator[Check]:
    """A key figure's typed helårsprognos other than its outcome (a done-target's Ja/Nej/Delvis too)."""
    if not period.is_year_end or a.forecast is None or a.outcome is None or _same(a.forecast, a.outcome):
        return
    values = {"forecast": _figure(a.forecast), "actual": _figure(a.outcome)}
    yield "forecast", Rule.YEAR_END_FORECAST, {"item": f"nyckeltal {kf.id}", **values}


def asked_measure(period: Period) -> tuple[str, ...]:
    """A measure's effects a period requires: at year end only the achieved one (it is the year's effect)."""
    return ("achieved",) if period.is_year_end else ("achieved", "forecast")


def year_end_measure(plan: Plan, period: Period, measure_id: str, a: MeasureAnswer) -> Iterator[Check]:
    """A measure's typed effect forecast other than its achieved effect (the year's effect at year end)."""
    if not period.is_year_end or a.forecast is None or a.achieved is None or a.forecast == a.achieved:
        return
    values = {"forecast": _amount(plan, a.forecast), "achieved": _amount(plan, a.achieved)}
    yield "forecast", Rule.YEAR_END_EFFECT, {"id": measure_id, **values}  # an effect, never an "utfall"


def _same(a: Figure, b: Figure) -> bool:
    """Equal values: numbers by value (64 and 64,0), a done-target's answers by word."""
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    return str(a) == str(b)


def _amount(plan: Plan, value: Decimal) -> str:
    """An amount in the plan's unit, with the plan's decimals or the more it was typed with ("−1 452,54 mkr")."""
    return amount_text(value, plan.amount_unit)


def _figure(value: Figure) -> str:
    """A key figure's value as typed ("64,5"; a done-target's "Ja"); its unit stands beside it on the sheet."""
    return format_typed(value) if isinstance(value, Decimal) else str(value)
