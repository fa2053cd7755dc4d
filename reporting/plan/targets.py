"""Målvärde: parse the Swedish target text of the plan and judge an outcome against it.

The plan writes targets for people ("Minst 88 %", "Lägre än 1,75 utlok/100 vpl",
"2 800 tim i snitt/mån (R12)", "Genomfört ja/nej", "Lägre än 2020"). We keep the
text exactly as written and derive a typed ``Target`` from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum
from functools import lru_cache

from reporting.errors import TargetParseError
from reporting.plan import target_words
from reporting.plan.target_words import LOWER, benchmark_goal, name_direction, parse_benchmark, split_target_year
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
    benchmark: str = ""  # "riket": the goal is riket's value (see target_words.Benchmark), ``value`` is None
    offset: Decimal | None = None  # above riket (negative: below), in ``offset_unit``
    offset_unit: str = ""  # "procent" of riket's value or "procentenheter"
    target_year: int | None = None  # "senast 2027": before this year a miss is not yet "Ej uppfyllt"

    @property
    def is_percent(self) -> bool:
        return self.unit.startswith("%")

    def goal(self, riket: Decimal | None = None) -> Decimal | None:
        """The number an outcome is compared with: the value, or riket's value with the offset."""
        if not self.benchmark:
            return self.value
        if riket is None or self.offset is None:
            return None
        return benchmark_goal(riket, self.offset, self.offset_unit)


_PREFIXES: list[tuple[tuple[str, ...], Direction]] = [
    (("minst", "lägst", "inte lägre än", "åtminstone"), Direction.AT_LEAST),
    (("högst", "max", "maximalt", "inte högre än", "som mest"), Direction.AT_MOST),
    (("lägre än", "kortare än", "mindre än", "färre än", "under", "understiga"), Direction.BELOW),
    (("högre än", "längre än", "mer än", "fler än", "över", "överstiga"), Direction.ABOVE),
    (("exakt", "lika med"), Direction.EXACTLY),
]
_SYMBOLS: list[tuple[str, Direction]] = [
    ("<=", Direction.AT_MOST),
    (">=", Direction.AT_LEAST),
    ("≤", Direction.AT_MOST),
    ("≥", Direction.AT_LEAST),
    ("<", Direction.BELOW),
    (">", Direction.ABOVE),
]
_WORD_DIRECTION = {
    "högst": Direction.AT_MOST,
    "max": Direction.AT_MOST,
    "maximalt": Direction.AT_MOST,
    "inte mer än": Direction.AT_MOST,
    "som mest": Direction.AT_MOST,
    "minst": Direction.AT_LEAST,
    "lägst": Direction.AT_LEAST,
    "inte mindre än": Direction.AT_LEAST,
}
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
    return _parse_text(str(text))


@lru_cache(maxsize=4096)
def _parse_text(original: str) -> Target:
    """Cached by the text itself (a str, so 250 and 250.0 stay apart): a Target is frozen, and a plan's
    målvärden repeat (the same "Minst 90 %" on many rows and in the "Mål ÅÅÅÅ" columns)."""
    clean, target_year = split_target_year(" ".join(original.replace("\u00a0", " ").split()))
    target = _parse(original, clean)
    return replace(target, target_year=target_year) if target_year else target


def _parse(original: str, clean: str) -> Target:
    lower = clean.lower()
    bench = parse_benchmark(clean)
    if bench:
        stated = _WORD_DIRECTION.get(bench.word)
        return Target(
            original,
            stated or Direction.EXACTLY,
            implicit=stated is None,
            benchmark="riket",
            offset=bench.offset,
            offset_unit=bench.offset_unit,
        )
    if lower.startswith(_FOLLOW_PREFIXES):
        return Target(original, Direction.FOLLOW)
    if _DONE_RE.match(clean):
        return Target(original, Direction.DONE)
    direction, implicit, rest = Direction.AT_LEAST, True, clean
    if lower.startswith("mål "):  # "Mål 95 %" (the åtgärdsplan's per-year goals): no direction word
        rest = clean[4:].strip()
    for words, found in _PREFIXES:
        word = next((w for w in words if lower.startswith(w + " ")), None)
        if word:
            direction, implicit, rest = found, False, clean[len(word) :].strip()
            break
    symbol = next(((sym, meant) for sym, meant in _SYMBOLS if rest.startswith(sym)), None)
    if implicit and symbol:  # "<250", "≤ 5 %"
        direction, implicit, rest = symbol[1], False, rest[len(symbol[0]) :].strip()
    written = None if implicit else (clean[: len(clean) - len(rest)].strip(), direction)  # as written: "Kortare än"
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
    if (suffix := _suffix_direction(original, unit, written)) is not None:
        direction, implicit, unit = suffix[0], False, suffix[1]
    try:
        value = parse_decimal(number_text)
    except ValueError as exc:
        raise TargetParseError(
            f'Kan inte läsa målvärdet "{original}": "{number_text}" är inget tal. {_EXAMPLE}'
        ) from exc
    if unit and (fix := target_words.unit_fix(unit)):
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


def _suffix_direction(original: str, unit: str, stated: tuple[str, Direction] | None) -> tuple[Direction, str] | None:
    """A trailing "eller lägre"'s direction and the unit before it; after "Lägre än" the strict word stands,
    after "Minst" it contradicts. Any other "eller"/"och" in the unit is no unit (``_valid_unit``)."""
    if (found := target_words.split_direction_suffix(unit)) is None:
        return None
    sense, said, before = found
    if stated is not None and _SENSE.get(stated[1]) == sense:
        return stated[1], before
    if stated is not None:
        raise TargetParseError(
            f'Kan inte läsa målvärdet "{original}": det säger både "{stated[0]}" och "{said}". '
            'Skriv en riktning, t.ex. "Högst 10 minuter" eller "Minst 88 %".'
        )
    return (Direction.AT_MOST if sense == LOWER else Direction.AT_LEAST), before


class DirectionConflict(TargetParseError):
    """The plan's Riktning says the opposite of the målvärde's own word ("Minst 88 %" with Riktning "Högst")."""


# The Riktning column's words; the dropdown offers the first five. "Lägre än"/"Högre än" are
# strict (equal is not met), as the same words are in a målvärde.
RIKTNING: dict[str, Direction] = {
    "minst": Direction.AT_LEAST,
    "högst": Direction.AT_MOST,
    "exakt": Direction.EXACTLY,
    "lägre än": Direction.BELOW,
    "högre än": Direction.ABOVE,
    "högre är bättre": Direction.AT_LEAST,
    "lägre är bättre": Direction.AT_MOST,
}
DROPDOWN_WORDS = 5
_DIRECTIONS_SAID = "Minst, Högst, Exakt, Lägre än eller Högre än"  # the plan's drop-down list, as a sentence
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
_BY_COMPARISON = {
    "högst": Direction.AT_MOST,
    "minst": Direction.AT_LEAST,
    "lägre än": Direction.BELOW,
    "högre än": Direction.ABOVE,
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
        raise TargetParseError(f'Okänd riktning "{override.strip()}". Välj {_DIRECTIONS_SAID}, eller lämna cellen tom.')
    if target.value is None and not target.benchmark:
        raise TargetParseError(
            f'Riktningen "{override.strip()}" kan bara anges för ett målvärde som är ett tal, '
            f'inte för "{target.text}". Lämna Riktning tom.'
        )
    wanted = RIKTNING[key]
    if target.implicit:
        return replace(target, direction=wanted, implicit=False)
    if _SENSE[wanted] != _SENSE[target.direction]:
        raise DirectionConflict(
            f'Riktningen "{override.strip()}" motsäger målvärdet "{target.text}", '
            f'som säger "{target.direction.value}" ({_SENSE_WORD[_SENSE[target.direction]]}). '
            "Lämna Riktning tom (målvärdets ord gäller) eller skriv om målvärdet; "
            'Riktning behövs bara när målvärdet är ett tal utan ord, t.ex. "-22,4 %".'
        )
    return target


def resolve(target: Target, override: str | None, name: str = "") -> Target:
    """The target's direction by precedence: Riktning > the målvärde's own word > words in the name > "minst".

    A bare number keeps ``implicit`` when its direction comes from the name
    ("Minska andelen inhyrda läkare", "14 %" is "högst 14 %"). Raises as ``with_direction``.
    """
    target = with_direction(target, override)
    if not target.implicit or (target.value is None and not target.benchmark):
        return target
    found = name_direction(name, target.value)
    if found is None:
        return target
    if found.comparison:
        return replace(target, direction=_BY_COMPARISON[found.comparison])
    return replace(target, direction=Direction.AT_MOST if found.sense == LOWER else Direction.AT_LEAST)


def name_disagreement(name: str, target: Target, riktning: str = "") -> str:
    """A Swedish warning when the name's direction ("Minska …") and the target's disagree; "" when they agree.

    Only a direction the plan states (Riktning or the målvärde's own word) can disagree: a
    bare number takes its direction from the name.
    """
    if target.implicit or target.direction not in _SENSE:
        return ""
    found = name_direction(name, target.value)
    if found is None or _SENSE[target.direction] == found.sense:
        return ""
    source = f'Riktning "{riktning.strip()}"' if riktning.strip() else f'målvärdet "{target.text}"'
    return (
        f'Namnet säger "{found.word}" ({_SENSE_WORD[found.sense]}) men {source} säger '
        f'"{target.direction.value}" ({_SENSE_WORD[_SENSE[target.direction]]}). '
        "Kontrollera vilket som gäller: ändra Riktning eller målvärdets ord, eller skriv om namnet."
    )


def lower_is_better(target: Target) -> bool:
    """True when a smaller outcome is the better one; never for EXACTLY, judged by distance (``improved``)."""
    return target.direction in (Direction.AT_MOST, Direction.BELOW, Direction.BASELINE_BELOW)


def improved(target: Target, before: Decimal, now: Decimal, goals: tuple[Decimal | None, ...] = ()) -> bool | None:
    """Whether ``now`` is better than ``before`` (a trend mark): by the target's direction, for EXACTLY by each
    value's distance to its goal (the value; riket-relative, ``goals``: the goal at ``before`` and at ``now``).
    None when neither is: no change, the same distance, a goal not known."""
    if target.direction is Direction.EXACTLY:
        goal_before, goal_now = goals if target.benchmark and len(goals) == 2 else (target.value, target.value)
        if goal_before is None or goal_now is None:
            return None
        gaps = abs(before - goal_before), abs(now - goal_now)
        return None if gaps[1] == gaps[0] else gaps[1] < gaps[0]
    return None if now == before else (now < before if lower_is_better(target) else now > before)


YES = {"ja", "genomfört", "genomförd", "klart", "yes", "1"}
NO = {"nej", "ej genomfört", "no", "0"}
PARTLY = {"delvis", "delvis genomfört", "pågår"}


def evaluate(
    target: Target,
    outcome: Decimal | str | None,
    tolerance_pct: Decimal = Decimal(5),
    baseline: Decimal | None = None,
    riket: Decimal | None = None,
) -> Status:
    """Judge an outcome. ``tolerance_pct`` is how close (relative to the target) counts as "delvis".

    A riket-relative target needs ``riket`` (the stored Kolada value); without it: Underlag saknas.
    """
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
    goal = target.goal(riket)
    if goal is None:
        return Status.NO_DATA
    return _compare(target.direction, outcome, goal, tolerance_pct)


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
