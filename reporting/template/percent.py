"""A key figure's value as typed: percentage points for a percent figure, and a percent sign where none belongs."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from reporting.plan.model import KeyFigure
from reporting.template.cell_text import is_percent_format, shown

Warn = Callable[..., None]  # an OUT_OF_RANGE warning at the value's cell, given ``what`` and ``problem``


def figure_value(number: Decimal, had_percent: bool, number_format: str, kf: KeyFigure, warn: Warn) -> Decimal:
    """Percent key figures are kept in percentage points (88,5 means 88,5 %); a count typed "88,5 %" is 88,5,
    with a warning: the figure may be the wrong row's, and a percent never counts årsarbetare."""
    if not kf.is_percent:  # typed "4,24 %", or 4,24 in a cell formatted as percent (its value is 0,0424)
        typed = number if had_percent or not is_percent_format(number_format) else number * 100
        unit = f" i {kf.unit}" if kf.unit else ""
        warn(
            what=f"Värdet {shown(typed)} %",
            problem=f"har ett procenttecken, men {kf.id} mäts{unit}, inte i procent, och läses som {shown(typed)}. "
            "Kontrollera att det står på rätt nyckeltal och skriv talet utan % (och utan procentformat)",
        )
        return typed
    if had_percent:
        return number
    if is_percent_format(number_format):
        return number * 100 if abs(number) <= Decimal("1.5") else number
    # a share typed as a fraction (0,885 for "Minst 88 %"): of the two readings the one nearer the målvärde, so
    # 0,85 for a target of 2 % stays 0,85 % (it was read as 85 %) and 0,02 is 2 %
    goal = abs(kf.target.value or Decimal(0))
    if number != 0 and abs(number) <= 1 and abs(number) * 10 < goal:
        warn(
            what=f"Värdet {shown(number)}",
            problem=f"tolkas som {shown(number * 100)} %; ange andelar i procent, t.ex. 88,5",
        )
        return number * 100
    return number
