"""Målvärde: parse the Swedish target text of the plan and judge an outcome against it.

The plan writes targets for people ("Minst 88 %", "Lägre än 1,75 utlok/100 vpl",
"2 800 tim i snitt/mån (R12)", "Genomfört ja/nej", "Lägre än 2020"). We keep the
text exactly as written and derive a typed ``Target`` from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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

    @property
    def rank(self) -> int:
        """How bad the status is: higher is worse (Ej uppfyllt 4 … Följs 0). ``worst`` picks the highest."""
        return _RANK[self.value]

    @classmethod
    def display_order(cls) -> list[Status]:
        """The order statuses are shown in tables and reports: Uppfyllt first, Följs last."""
        return [cls.MET, cls.PARTLY, cls.NOT_MET, cls.NO_DATA, cls.FOLLOW]


_RANK = {
    Status.NOT_MET.value: 4,
    Status.PARTLY.value: 3,
    Status.NO_DATA.value: 2,
    Status.MET.value: 1,
    Status.FOLLOW.value: 0,
}


def worst(statuses: Iterable[Status]) -> Status:
    """The worst of several statuses (a total's status from its parts); Följs when there are none."""
    return max(statuses, key=lambda s: s.rank, default=Status.FOLLOW)


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
_EXAMPLE = 'Skriv t.ex. "Minst 88 %".'


def parse_target(text: str) -> Target:
    """Parse a målvärde text; raise TargetParseError with a Swedish reason and what to write instead."""
    if text is None or not str(text).strip():
        raise TargetParseError(f"Målvärdet saknas. {_EXAMPLE}")
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
        reason = f'inget tal efter "{consumed}"' if consumed else "inget tal"
        raise TargetParseError(f'Kan inte läsa målvärdet "{original}": {reason}. {_EXAMPLE}')
    number_text, unit = match.group("num"), match.group("rest").strip()
    try:
        value = parse_decimal(number_text)
    except ValueError as exc:
        raise TargetParseError(
            f'Kan inte läsa målvärdet "{original}": "{number_text}" är inget tal. {_EXAMPLE}'
        ) from exc
    if unit and not _valid_unit(unit):
        fix = (
            'Skriv tal med mellanslag mellan tusental och decimalkomma, t.ex. "Minst 1 234,5".'
            if unit[0] in ",.0123456789"
            else 'Skriv bara en enhet efter talet, t.ex. "Minst 88 %" eller "Lägre än 1,75 utlok/100 vpl".'
        )
        raise TargetParseError(f'Kan inte läsa målvärdet "{original}": oväntad text "{unit}" efter talet. {fix}')
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


class DirectionConflict(TargetParseError):
    """The plan's Riktning says the opposite of the målvärde's own word ("Minst 88 %" with Riktning "Högst")."""


# The Riktning column's words; the dropdown offers the first three.
RIKTNING: dict[str, Direction] = {
    "minst": Direction.AT_LEAST,
    "högst": Direction.AT_MOST,
    "exakt": Direction.EXACTLY,
    "högre är bättre": Direction.AT_LEAST,
    "lägre är bättre": Direction.AT_MOST,
}
# Directions that mean the same thing for a Riktning: "Lägre än 5" agrees with "Högst".
_SENSE = {
    Direction.AT_LEAST: "higher",
    Direction.ABOVE: "higher",
    Direction.AT_MOST: "lower",
    Direction.BELOW: "lower",
    Direction.EXACTLY: "exact",
}
_SENSE_WORD = {
    "higher": "ett högre utfall är bättre",
    "lower": "ett lägre utfall är bättre",
    "exact": "utfallet ska vara lika med målvärdet",
}


def with_direction(target: Target, override: str | None) -> Target:
    """Apply the plan's optional "Riktning" column.

    On a bare number ("-22,4 %") the Riktning sets the direction. On a målvärde with its
    own word ("Minst 88 %") a Riktning that agrees ("Minst"; "Högre är bättre") changes
    nothing, and one that contradicts it ("Högst") raises DirectionConflict: the plan
    must say one thing. Raises TargetParseError for an unknown word or a målvärde
    without a number.
    """
    if not override or not override.strip():
        return target
    key = " ".join(override.split()).lower()
    if key not in RIKTNING:
        raise TargetParseError(
            f'Okänd riktning "{override.strip()}". Välj Minst, Högst eller Exakt, eller lämna cellen tom.'
        )
    if target.value is None:
        raise TargetParseError(
            f'Riktningen "{override.strip()}" kan bara anges för ett målvärde som är ett tal, '
            f'inte för "{target.text}". Lämna Riktning tom.'
        )
    wanted = RIKTNING[key]
    if target.implicit:
        return Target(target.text, wanted, target.value, target.unit, target.rolling)
    if _SENSE[wanted] != _SENSE[target.direction]:
        raise DirectionConflict(
            f'Riktningen "{override.strip()}" motsäger målvärdet "{target.text}", '
            f'som säger "{target.direction.value}" ({_SENSE_WORD[_SENSE[target.direction]]}). '
            "Lämna Riktning tom (målvärdets ord gäller) eller skriv om målvärdet; "
            'Riktning behövs bara när målvärdet är ett tal utan ord, t.ex. "-22,4 %".'
        )
    return target


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
