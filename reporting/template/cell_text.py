"""A filled cell's value as text: for reading ids and words, comparing locked cells, and quoting it in a finding.

What a finding quotes is what the controller sees in Swedish Excel: a boolean is SANT/FALSKT
(not Python's True), a number has a decimal comma and a real minus sign.
"""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal
from typing import Any

from reporting.swedish import format_typed, to_mkr

TRUTH = {True: "SANT", False: "FALSKT"}  # Swedish Excel's words for a boolean cell


def text(value: Any) -> str:
    """The cell's value as the text it reads as (stripped); "" for an empty cell."""
    if type(value) is str:  # the usual case first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return TRUTH[value]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    return str(value).strip()


def shown(value: Any) -> str:
    """A value as a finding quotes it: Swedish numbers ("−0,698"), SANT/FALSKT, other values as text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        value = Decimal(str(value))  # a number cell as read: 1.5 is "1,5", -2 is "−2"
    if isinstance(value, Decimal) and value.is_finite():
        return format_typed(value)
    return text(value)


def short(value: Any) -> str:
    """``shown``, cut to 40 characters."""
    quoted = shown(value)
    return quoted if len(quoted) <= 40 else quoted[:37] + "..."


def differs(got: Any, want: Any) -> bool:
    """A locked cell's value is not the plan's: money compared in mkr, everything else as text."""
    if isinstance(want, Decimal):
        return not isinstance(got, Decimal) or to_mkr(got) != to_mkr(want)
    return text(got) != text(want)


def is_percent_format(number_format: str) -> bool:
    """True for a real percent format (0.0%), not one that shows a literal "%" in quotes."""
    outside_quotes = "".join(part for i, part in enumerate(number_format.split('"')) if i % 2 == 0)
    return "%" in outside_quotes
