"""Where a division's economy figure comes from, for the budget warnings: its file and cell, or its units' files.

A division combined from its units' files has no file of its own: a warning about its sum
(forecast against the frame, an account group's deviation) names the units' files, the cell
the figure has in each of them (the same in every unit's template), and each unit's amount,
so a unit's controller sees what their file adds to the division's sum.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from reporting.consolidate.amounts import sum_all
from reporting.intake.submission import Submission
from reporting.plan.model import Plan
from reporting.swedish import format_number
from reporting.template.spec import ECONOMY

PARTS_SHOWN = 5  # units named with their amount in a warning; the rest are counted
Amount = Callable[[Submission], Decimal | None]  # a unit's amount, from its submission


def economy_source(
    sub: Submission | None, row_id: str, key: str, amount: Amount, unit: str, decimals: int, signed: bool = False
) -> dict[str, str]:
    """The warning's file, sheet and cell of the figure ``key`` on row ``row_id``; for a division from units also
    ``parts``, the message's note of each unit's ``amount`` (files one a line: a list, never a link)."""
    if sub is None:
        return {"sheet": ECONOMY.name}
    if not sub.parts:
        return {"file": sub.file, "sheet": ECONOMY.name, "cell": sub.answers.account(row_id).cell(key)}
    cells = list(dict.fromkeys(part.answers.account(row_id).cell(key) for part in sub.parts))
    return {
        "file": _shown([part.file for part in sub.parts]),
        "sheet": ECONOMY.name,
        "cell": cells[0] if len(cells) == 1 else "",  # templates of one plan: the same cell in every unit's file
        "parts": parts_note(sub, amount, unit, decimals, signed),
    }


def parts_note(sub: Submission, amount: Amount, unit: str, decimals: int, signed: bool) -> str:
    """ " (summan av enheterna: Medicinkliniken −695,3 mkr, Akutkliniken −565,4 mkr)"; only the units shown are
    summed and formatted (PARTS_SHOWN of a division's thousands), the rest counted."""
    shown = []
    for part in sub.parts[:PARTS_SHOWN]:
        value = amount(part)
        text = "saknas" if value is None else f"{format_number(value, decimals, signed=signed)} {unit}"
        shown.append(f"{part.reporter.own_name} {text}")
    return f" (summan av enheterna: {_shown(shown, ', ', len(sub.parts))})"


def _shown(items: list[str], separator: str = "\n", count: int | None = None) -> str:
    """The first PARTS_SHOWN items, then how many more (of ``count`` in all: ``items`` may be only those shown)."""
    more = (len(items) if count is None else count) - PARTS_SHOWN
    return separator.join(items[:PARTS_SHOWN]) + (f"{separator}… och {more} till" if more > 0 else "")


def netto_amount(plan: Plan, key: str) -> Amount:
    """A unit's netto ``key`` (its forecast, or at year end its utfall): the sum of its account groups, as the
    division's (the netto row of a file is a formula)."""
    return lambda part: sum_all(getattr(part.answers.account(g.id), key) for g in plan.account_groups)


def deviation_amount(group_id: str) -> Amount:
    """A unit's utfall against its periodised budget on one account group."""

    def deviation(part: Submission) -> Decimal | None:
        answer = part.answers.account(group_id)
        return None if answer.actual is None or answer.periodised is None else answer.actual - answer.periodised

    return deviation
