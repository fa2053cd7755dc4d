"""Numbers written the Swedish way: what every message, table and draft shows."""

from decimal import Decimal

import pytest

from reporting.swedish import format_exact, format_number, format_typed

D = Decimal


@pytest.mark.parametrize(
    "value,decimals,signed,text",
    [
        (D("-3158.25"), 1, False, "−3\u00a0158,3"),  # half up, real minus, no-break space
        (D("1234567"), 0, False, "1\u00a0234\u00a0567"),
        (D("0.05"), 1, True, "+0,1"),
        (D("0"), 1, True, "0,0"),
        (D("-0.04"), 1, False, "0,0"),  # rounds to zero: no sign
        (D("2.25"), 1, False, "2,3"),  # halves away from zero, as Excel shows them (not 2,2)
        (D("-2.25"), 1, False, "−2,3"),
        (D("100.00000000000000000000000000001"), 29, False, "100," + "0" * 28 + "1"),  # more digits than the context
    ],
)
def test_format_number(value, decimals, signed, text):
    assert format_number(value, decimals, signed) == text


def test_exact_keeps_every_decimal_and_typed_only_those_typed():
    assert format_exact(D("-427.500")) == "−427,500"
    assert format_typed(D("-427.500")) == "−427,5"  # read as mkr: to_mkr added the zeros
    assert format_typed(D("-5.00")) == "−5" and format_typed(D("69.800")) == "69,8"
    assert format_typed(D("1598")) == "1\u00a0598" and format_typed(D("1.598")) == "1,598"
