"""Exact amounts: sums over known Decimals and half-up rounding, never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def sum_known(values: Any) -> Decimal | None:
    """The exact sum of the amounts that are known; None when none is."""
    known = [v for v in values if isinstance(v, Decimal)]
    return sum(known, Decimal(0)) if known else None


# ------------------------------------------------------------- key figures
def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
