"""Målvärde: parse the Swedish target text of the plan and judge an outcome against it.

The plan writes targets for people ("Minst 88 %", "Lägre än 1,75 utlok/100 vpl",
"2 800 tim i snitt/mån (R12)", "Genomfört ja/nej", "Lägre än 2020"). We keep the
text exactly as written and derive a typed ``Target`` from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from reporting.errors import TargetParseError
from reporting.swedish import NUMBER_PATTERN, parse_decimal


class Direction(str, Enum):
    """How an outcome is compared with the target value."""

    AT_LEAST = "minst"
    AT_MOST = "högst"
    BELOW = "lägre än"
    ABOVE = "högre än"
    EXACTLY = "exakt"
    DONE = "genomfört ja/nej"
    BASELINE_BELOW = "lägre än basår"
    BASELINE_ABOVE = "högre än basår"
    FOLLOW = "följs"


class Status(str, Enum):
    """Måluppfyllelse, always shown with a word and a symbol, never colour alone."""

    MET = "Uppfyllt"
    PARTLY = "Delvis uppfyllt"
    NOT_MET = "Ej uppfyllt"
    NO_DATA = "Underlag saknas"
    FOLLOW = "Följs (inget mål)"

    @property
    def symbol(self) -> str:
        return {
            "Uppfyllt": "✔",
            "Delvis uppfyllt": "◐",
            "Ej uppfyllt": "✘",
            "Underlag saknas": "?",
            "Följs (inget mål)": "–",
        }[self.value]

    @property
    def label(self) -> str:
        return f"{self.symbol} {self.value}"


@dataclass(frozen=True)
class Target:
    """A parsed målvärde. ``value`` is in the unit shown (percent as percentage points)."""

    text: str
    direction: Direction
    value: Decimal | None = None
    unit: str = ""
    rolling: str | None = None  # e.g. "R12": rolling twelve months
    baseline_year: int | None = None
    implicit: bool = False  # a bare number: direction assumed, the plan may override

    @property
    def is_percent(self) -> bool:
        return self.unit.startswith("%")


_PREFIXES: list[tuple[tuple[str, ...], Direction]] = [
    (("minst", "lägst", "inte lägre än", "åtminstone"), Direction.AT_LEAST),
    (("högst", "max", "maximalt", "inte högre än", "som mest"), Direction.AT_MOST),
    (("lägre än", "kortare än", "mindre än", "färre än", "under", "understiga"), Direction.BELOW),
    (("högre än", "längre än", "mer än", "fler än", "över", "överstiga"), Direction.ABOVE),
    (("exakt", "lika med"), Direction.EXACTLY),
]
_FOLLOW_PREFIXES = ("mäts mot", "följs", "bevakas", "följa", "inget målvärde", "uppföljning")
_DONE_RE = re.compile(r"^(genomfört|genomförd|klart|ja)\s*(ja\s*/\s*nej)?$", re.IGNORECASE)
_VALUE_RE = re.compile(rf"^(?P<num>{NUMBER_PATTERN})\s*(?P<rest>.*)$")
_ROLLING_RE = re.compile(r"\(\s*(R\s*\d+)\s*\)", re.IGNORECASE)
_YEAR_RE = re.compile(r"^(19|20)\d\d$")


def parse_target(text: str) -> Target:
    """Parse a målvärde text; raise TargetParseError with a Swedish/English reason."""
    if text is None or not str(text).strip():
        raise TargetParseError("målvärde is empty")
    original = str(text)
    clean = " ".join(original.replace("\u00a0", " ").split())
    lower = clean.lower()
    if lower.startswith(_FOLLOW_PREFIXES):
        return Target(original, Direction.FOLLOW)
    if _DONE_RE.match(clean):
        return Target(original, Direction.DONE)
    direction, implicit, rest = Direction.AT_LEAST, True, clean
    for words, found in _PREFIXES:
        word = next((w for w in words if lower.startswith(w + " ")), None)
        if word:
            direction, implicit, rest = found, False, clean[len(word) :].strip()
            break
    rolling = None
    roll = _ROLLING_RE.search(rest)
    if roll:
        rolling = roll.group(1).replace(" ", "").upper()
        rest = (rest[: roll.start()] + rest[roll.end() :]).strip()
    match = _VALUE_RE.match(rest)
    if not match:
        consumed = clean[: len(clean) - len(rest)].strip()
        reason = f'no number after "{consumed}"' if consumed else 'expected a number, e.g. "Minst 88 %"'
        raise TargetParseError(f'cannot read målvärde "{original}": {reason}')
    number_text, unit = match.group("num"), match.group("rest").strip()
    try:
        value = parse_decimal(number_text)
    except ValueError as exc:
        raise TargetParseError(f'cannot read målvärde "{original}": {exc}') from exc
    if unit and not _valid_unit(unit):
        raise TargetParseError(f'cannot read målvärde "{original}": unexpected text "{unit}" after the number')
    if (
        not implicit
        and not unit
        and _YEAR_RE.match(number_text.strip())
        and direction in (Direction.BELOW, Direction.ABOVE)
    ):
        baseline = Direction.BASELINE_BELOW if direction is Direction.BELOW else Direction.BASELINE_ABOVE
        return Target(original, baseline, baseline_year=int(number_text))
    return Target(original, direction, value, unit, rolling, implicit=implicit)


def _valid_unit(unit: str) -> bool:
    """A unit is short text such as "%", "minuter", "utlok/100 vpl", "tim i snitt/mån"."""
    without_per = re.sub(r"/\s*\d+", "/", unit)
    return (
        len(unit) <= 40
        and unit.count("%") <= 1
        and not re.search(r"[=+@<>]", unit)
        and not re.search(r"\d", without_per)
    )


def with_direction(target: Target, override: str | None) -> Target:
    """Apply the plan's optional "Riktning" column to a bare-number target."""
    if not override or not override.strip():
        return target
    key = override.strip().lower()
    mapping = {
        "minst": Direction.AT_LEAST,
        "högre är bättre": Direction.AT_LEAST,
        "högst": Direction.AT_MOST,
        "lägre är bättre": Direction.AT_MOST,
        "exakt": Direction.EXACTLY,
    }
    if key not in mapping:
        raise TargetParseError(f'unknown riktning "{override}" (use Minst, Högst or Exakt)')
    if target.value is None:
        raise TargetParseError(f'riktning "{override}" needs a numeric målvärde')
    return Target(target.text, mapping[key], target.value, target.unit, target.rolling)


def lower_is_better(target: Target) -> bool:
    """True when a smaller outcome is the better one (used for trend marks)."""
    return target.direction in (Direction.AT_MOST, Direction.BELOW, Direction.BASELINE_BELOW)


YES = {"ja", "genomfört", "genomförd", "klart", "yes", "1"}
NO = {"nej", "ej genomfört", "no", "0"}
PARTLY = {"delvis", "delvis genomfört", "pågår"}


def evaluate(
    target: Target, outcome: Decimal | str | None, tolerance_pct: Decimal = Decimal(5), baseline: Decimal | None = None
) -> Status:
    """Judge an outcome. ``tolerance_pct`` is how close (relative to the target) counts as "delvis"."""
    if target.direction is Direction.FOLLOW:
        return Status.FOLLOW
    if outcome is None or outcome == "":
        return Status.NO_DATA
    if target.direction is Direction.DONE:
        answer = str(outcome).strip().lower()
        if answer in YES:
            return Status.MET
        if answer in PARTLY:
            return Status.PARTLY
        return Status.NOT_MET if answer in NO else Status.NO_DATA
    if not isinstance(outcome, Decimal):
        return Status.NO_DATA
    if target.direction in (Direction.BASELINE_BELOW, Direction.BASELINE_ABOVE):
        if baseline is None:
            return Status.NO_DATA
        direction = Direction.BELOW if target.direction is Direction.BASELINE_BELOW else Direction.ABOVE
        return _compare(direction, outcome, baseline, tolerance_pct)
    assert target.value is not None
    return _compare(target.direction, outcome, target.value, tolerance_pct)


def _compare(direction: Direction, outcome: Decimal, goal: Decimal, tolerance_pct: Decimal) -> Status:
    margin = abs(goal) * tolerance_pct / Decimal(100)
    if direction is Direction.AT_LEAST:
        met, gap = outcome >= goal, goal - outcome
    elif direction is Direction.AT_MOST:
        met, gap = outcome <= goal, outcome - goal
    elif direction is Direction.BELOW:
        met, gap = outcome < goal, outcome - goal
    elif direction is Direction.ABOVE:
        met, gap = outcome > goal, goal - outcome
    else:  # EXACTLY
        met, gap = outcome == goal, abs(outcome - goal)
    if met:
        return Status.MET
    return Status.PARTLY if gap <= margin else Status.NOT_MET
