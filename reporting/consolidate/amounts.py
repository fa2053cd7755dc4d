"""Exact amounts: sums over known Decimals and half-up rounding, never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# isinstance(value, Decimal) without a Python-level call per value: sums run per row over thousands of units
_is_amount = Decimal.__instancecheck__


def sum_known(values: Any) -> Decimal | None:
    """The exact sum of the amounts that are known; None when none is."""
    known = list(filter(_is_amount, values))
    return sum(known, Decimal(0)) if known else None


def sum_all(values: Any) -> Decimal | None:
    """The exact sum when every part is known; None otherwise (or when there are no parts).

    A total over named parts never quietly sums fewer of them: an unknown part makes the total unknown.
    """
    parts = list(values)
    if not parts or not all(map(_is_amount, parts)):
        return None
    return sum(parts, Decimal(0))


# ------------------------------------------------------------- key figures
def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
