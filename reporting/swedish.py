"""Reading and writing numbers the way Swedish users type and expect them.

Decimal comma, thousands separated by space or (narrow) no-break space,
Unicode minus and en dash, percent signs. Money is always ``Decimal``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, getcontext, localcontext

MINUS_SIGNS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash
SPACES = " \u00a0\u202f\u2009"
_SPACE_RE = re.compile(f"[{SPACES}]")
NUMBER_PATTERN = (
    rf"[{MINUS_SIGNS}+]?\s*"  # sign
    rf"(?:\d{{1,3}}(?:[{SPACES}]\d{{3}})+|\d+)"  # integer part, maybe grouped
    r"(?:[.,]\d+)?"  # decimals
)
_NUMBER_RE = re.compile(rf"^{NUMBER_PATTERN}$")
MKR_QUANTUM = Decimal("0.001")  # 1 tkr: the finest money amount we keep
MAX_TEXT_LENGTH = 60  # "−1 234 567 890,123 %" is 20; longer text is no number anyone typed
MAX_MAGNITUDE = Decimal("1e100")  # beyond any column's bound (template.read); keeps exponents sane
# a float's shortest repr is below MAX_MAGNITUDE exactly when the float is below this float (repr is monotonic)
FLOAT_MAGNITUDE = float(MAX_MAGNITUDE)


class NumberTooLarge(ValueError):
    """A finite number so large that no figure can mean it (the caller may report it as out of range)."""


def _finite(number: Decimal, shown: object) -> Decimal:
    """``number`` unless it is NaN, infinite or absurdly large (a huge exponent); else ValueError."""
    if not number.is_finite():
        raise ValueError(f"not a finite number: {shown!r}")
    if abs(number) >= MAX_MAGNITUDE:
        raise NumberTooLarge(f"too large: {shown!r}")
    return number


def parse_decimal(text: str) -> Decimal:
    """Read "1 234,5", "−3,2" or "4.01" as a Decimal; raise ValueError otherwise."""
    cleaned = text.strip()
    if len(cleaned) > MAX_TEXT_LENGTH or not _NUMBER_RE.match(cleaned):
        raise ValueError(f"not a number: {text!r}")
    cleaned = _SPACE_RE.sub("", cleaned)
    for minus in MINUS_SIGNS:
        cleaned = cleaned.replace(minus, "-")
    cleaned = cleaned.replace(",", ".").replace("+", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regex prevents it
        raise ValueError(f"not a number: {text!r}") from exc
    return _finite(number, text)


def parse_cell_number(value: object) -> tuple[Decimal, bool]:
    """Turn a cell value (number or typed text) into (Decimal, had_percent_sign).

    Floats become Decimal as Excel shows them: their shortest repr cut to Excel's 15
    significant digits (0.1 stays 0.1, never 0.1000000000000000055; a formula's
    65.10000000000001 is 65.1). NaN, infinities
    (``Decimal('NaN')``, ``'sNaN'``, ``'Infinity'``) and numbers of ``MAX_MAGNITUDE``
    or more raise ValueError (``NumberTooLarge`` for the last): nothing non-finite
    or with a huge exponent gets past here to be rounded or summed later.
    """
    if type(value) is float and value - value == 0 and -FLOAT_MAGNITUDE < value < FLOAT_MAGNITUDE:
        return _shown(value), False  # the usual cell: a finite float (inf - inf and NaN are NaN), not huge
    if isinstance(value, bool):
        raise ValueError("a yes/no value is not a number")
    if isinstance(value, int):
        return _finite(Decimal(value), value), False
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        return _finite(_shown(value), value), False
    if isinstance(value, Decimal):
        return _finite(value, value), False
    if isinstance(value, str):
        text = value.strip()
        percent = text.endswith("%")
        if percent:
            text = text[:-1].rstrip()
        return parse_decimal(text), percent
    raise ValueError(f"not a number: {value!r}")


EXCEL_DIGITS = 15  # the significant digits Excel keeps and shows of a number


def _shown(value: float) -> Decimal:
    """A number cell as Excel shows it: the float's shortest repr, cut to Excel's 15 significant digits, so that
    a formula's binary noise is not read as typed decimals (=62*1,05 is 65,1, not 65,10000000000001)."""
    text = repr(value)
    if len(text) > EXCEL_DIGITS + 1:  # a sign, a point or an exponent aside, more digits may be there
        text = format(value, f".{EXCEL_DIGITS}g")
    return Decimal(text)


def to_mkr(value: Decimal) -> Decimal:
    """Round a money amount in mkr to whole tkr, so sums of cached float values stay exact; halves away from
    zero, as Excel's ROUND and every other rounding of ours (93,5005 is 93,501)."""
    return value.quantize(MKR_QUANTUM, rounding=ROUND_HALF_UP)


def format_number(value: Decimal | int | None, decimals: int = 1, signed: bool = False) -> str:
    """Format as Swedish text: "−3 158,3" (no-break space grouping, comma decimals); ``signed`` adds "+".

    Halves round away from zero, as Excel shows a number in the report's cells: the Word draft and the
    messages then say what the workbook says (0,05 is "0,1" in both, not "0,0")."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(value)
    digits = number.adjusted() + decimals + 2
    if digits <= getcontext().prec:
        number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    else:  # more digits than the context holds ("100,00000000000000000000000000001" typed): room for every one
        with localcontext() as context:
            context.prec = digits
            number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "−" if number < 0 else ("+" if signed and number > 0 else "")
    whole, _, frac = f"{number.copy_abs():f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = "\u00a0".join(groups)
    return sign + text + ("," + frac if frac else "")


def typed_decimals(value: Decimal) -> int:
    """The decimals a value read from a cell really has: reading adds trailing zeros (``to_mkr`` makes −427,5 mkr
    −427,500; −5 % in a percent cell is −0,05 × 100 = −5,00)."""
    return len(f"{value:f}".partition(".")[2].rstrip("0"))


def format_typed(value: Decimal) -> str:
    """Swedish text with the decimals a value read from a cell really has ("−5", "100,5", "−427,5")."""
    return format_number(value, typed_decimals(value))


def format_key_figure(value: Decimal | int, unit: str = "") -> str:
    """A key figure's value as every output shows it: one or two decimals, as the workbooks' number format
    ``KEY_FIGURE_FORMAT`` ("#,##0.0#") shows the cell ("66,4", "1,81", "77,0"), never "66,40" in one and "66,4"
    in another; a whole count without decimals, as ``WHOLE_FORMAT`` shows it ("36 524" antal, see
    ``shows_whole``); an amount in tkr whole and in mkr with one decimal (``figure_decimals``), as the plan's
    amounts read. Halves round away from zero, as there."""
    places = figure_decimals(value, unit)
    if places is not None:
        return format_number(value, places)
    text = format_number(value, 2)
    return text[:-1] if text.endswith("0") else text


def figure_decimals(value: Decimal | int, unit: str) -> int | None:
    """The fixed decimals a key figure's (or financial goal's) value shows, text and cell alike: an amount as the
    plan's amounts (``AMOUNT_UNITS``: tkr whole, mkr one), a whole count none; None: one or two."""
    money = AMOUNT_UNITS.get(unit.strip().lower())
    if money is not None:
        return money
    return 0 if shows_whole(value, unit) else None


AMOUNT_UNITS = {"mkr": 1, "tkr": 0}  # Beloppsenhet -> decimals every amount in it is shown with
COUNT_UNITS = frozenset({"antal", "st", "st.", "stycken"})  # a key figure in these counts things


def shows_whole(value: Decimal | int, unit: str) -> bool:
    """Whether a key figure's value is shown without decimals: a count whole in the two decimals shown ("36 524"
    vårdtillfällen, not "36 524,0"; Excel's 54,00000000000001 from a formula is 54); a count's mean over units
    (1 100,5 listade per läkare) keeps its decimals."""
    return unit.strip().lower() in COUNT_UNITS and format_number(value, 2).endswith(",00")


def format_exact(value: Decimal) -> str:
    """Swedish text with every decimal the amount has ("−95,157", "450,0")."""
    exponent = value.as_tuple().exponent
    return format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)
