"""Words around a målvärde: the direction a key figure's name implies, riket-relative targets, a target year.

Plans write the direction in words rather than in a Riktning column: "Minska andelen
inhyrda läkare" with målvärde "14 %", "Andel … ska minska" with "25 %", "Nationellt
mål <250 recept" with "250". A reader understands "lower is better"; so must we.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from reporting.swedish import NUMBER_PATTERN, parse_decimal

LOWER, HIGHER = "lower", "higher"

# A comparison in the name that names the målvärde's own number ("högst 203,5", "<250", "minst (90 %)").
# Comparisons with another number qualify the measure instead ("Andel väntande >90 dagar ska minska": 25 %).
_ANCHOR_RE = re.compile(
    r"(?P<op><=|>=|<|>|≤|≥|\b(?:högst|max|maximalt|minst|lägst|lägre än|mindre än|färre än|kortare än|"
    r"högre än|mer än|fler än|längre än|under|över)\b)"
    rf"\s*\(?\s*(?P<num>{NUMBER_PATTERN})",
    re.IGNORECASE,
)
_ANCHOR_OPS = {
    "<": "lägre än",
    "≤": "högst",
    "<=": "högst",
    ">": "högre än",
    "≥": "minst",
    ">=": "minst",
    "högst": "högst",
    "max": "högst",
    "maximalt": "högst",
    "minst": "minst",
    "lägst": "minst",
    "lägre än": "lägre än",
    "mindre än": "lägre än",
    "färre än": "lägre än",
    "kortare än": "lägre än",
    "under": "lägre än",
    "högre än": "högre än",
    "mer än": "högre än",
    "fler än": "högre än",
    "längre än": "högre än",
    "över": "högre än",
}
# "Sjukfrånvaron ska vara lägre än utsatt målvärde": the målvärde itself, strictly.
_TARGET_ITSELF_RE = re.compile(r"\b(?P<op>lägre|högre) än (?:det )?(?:utsatta?|angivna?)? ?målvärde", re.IGNORECASE)
# Words that say which way is better without naming the number. The leading verb or
# comparative counts only at the start of the name ("Minska …", "Färre …"); elsewhere only
# as a goal statement ("… ska minska", "… ska inte öka", "ju högre desto bättre"), so that
# "väntat 90 dagar eller kortare" (a qualifier) is not read as a direction.
_SENSE_PATTERNS: list[tuple[str, str]] = [
    (r"^(?:minska[drt]?|minskade|sänka|sänkt|reducera|färre|kortare|lägre|mindre)\b", LOWER),
    (r"^(?:öka[drt]?|ökade|höja|höjd|fler|högre|större|längre)\b", HIGHER),
    (r"\bska (?:vara )?(?:minska|sjunka|sänkas|halveras|lägre|låg|kortare|färre|mindre)\b", LOWER),
    (r"\bska inte (?:öka|stiga|överstiga|vara högre)\b", LOWER),
    (r"\bska (?:vara )?(?:öka|stiga|höjas|högre|hög|fler|större|längre)\b", HIGHER),
    (r"\bska inte (?:minska|sjunka|understiga|vara lägre)\b", HIGHER),
    (r"\bju lägre,? desto bättre\b", LOWER),
    (r"\bju högre,? desto bättre\b", HIGHER),
    (r"^\w*kostnads(?:utveckling|ökning)", LOWER),  # "Bruttokostnadsutveckling": a cost growth is kept down
]
_SENSE_RES = [(re.compile(p, re.IGNORECASE), sense) for p, sense in _SENSE_PATTERNS]


@dataclass(frozen=True)
class NameDirection:
    """What a name says: a comparison word ("lägre än", "högst", "minst", "högre än") or a sense only."""

    word: str  # as found in the name, for messages
    sense: str  # LOWER or HIGHER
    comparison: str = ""  # one of _ANCHOR_OPS' values when the name names the målvärde's number


@lru_cache(maxsize=4096)
def name_direction(name: str, value: Decimal | None) -> NameDirection | None:
    """The direction a key figure's name implies for a målvärde ``value``; None when it says nothing.

    Cached: about twenty searches over the name, the same for every reading of a plan; the answer
    is frozen and depends on the name and on ``value`` only through ``==`` (equal Decimals agree).
    """
    clean = " ".join(str(name or "").replace("\u00a0", " ").split())
    if value is not None:
        for match in _ANCHOR_RE.finditer(clean):
            try:
                number = parse_decimal(match.group("num"))
            except ValueError:
                continue
            if number == value:
                comparison = _ANCHOR_OPS[match.group("op").lower()]
                sense = LOWER if comparison in ("lägre än", "högst") else HIGHER
                return NameDirection(match.group(0).strip(), sense, comparison)
    itself = _TARGET_ITSELF_RE.search(clean)
    if itself:
        lower = itself.group("op").lower() == "lägre"
        return NameDirection(itself.group(0), LOWER if lower else HIGHER, "lägre än" if lower else "högre än")
    found = [(m.start(), m.group(0), sense) for regex, sense in _SENSE_RES if (m := regex.search(clean))]
    if not found:
        return None
    _, word, sense = min(found)
    return NameDirection(word, sense)


# ------------------------------------------------------------------ riket-relative targets
_BENCHMARK = (
    r"(?:(?:det )?(?:genom)?snittet i riket|riket|riks(?:genom)?snittet|rikets (?:genom)?snitt|riksnivån?|"
    r"(?:den )?nationella? (?:utvecklingen|utveckling|(?:genom)?snittet|nivån?))"
)
_LEVEL_RE = re.compile(
    rf"^(?:ska (?:ligga|vara) )?(?:i nivå med|i paritet med|mäts mot|jämförs med|som) {_BENCHMARK}\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_OFFSET_RE = re.compile(
    r"^(?:(?P<word>högst|max|maximalt|inte mer än|som mest|minst|lägst|inte mindre än)\s+)?"
    rf"(?P<num>{NUMBER_PATTERN})\s*(?P<unit>procentenheter|p\.?\s?e\.?|procent|%)\s+(?P<side>över|under)\s+"
    rf"{_BENCHMARK}\b(?P<rest>.*)$",
    re.IGNORECASE,
)
POINTS = "procentenheter"
PERCENT = "procent"


@dataclass(frozen=True)
class Benchmark:
    """A target relative to riket: ``offset`` above (negative: below) riket, in percent of it or in points."""

    offset: Decimal
    offset_unit: str  # PERCENT (relative to riket's value) or POINTS (added to it)
    word: str  # the målvärde's own direction word ("högst"), "" for "i nivå med"
    rest: str  # words after the benchmark ("för jämförbara sjukhus"), kept for readers


def parse_benchmark(clean: str) -> Benchmark | None:
    """ "i nivå med riket", "Mäts mot nationell utveckling …", "högst 7,5 procent över snittet i riket …"."""
    level = _LEVEL_RE.match(clean)
    if level:
        return Benchmark(Decimal(0), PERCENT, "", level.group("rest").strip(" ,."))
    offset = _OFFSET_RE.match(clean)
    if not offset:
        return None
    number = parse_decimal(offset.group("num"))
    unit = offset.group("unit").lower()
    kind = PERCENT if unit in ("procent", "%") else POINTS
    sign = Decimal(-1) if offset.group("side").lower() == "under" else Decimal(1)
    return Benchmark(sign * number, kind, (offset.group("word") or "").lower(), offset.group("rest").strip(" ,."))


def benchmark_goal(riket: Decimal, offset: Decimal, offset_unit: str) -> Decimal:
    """The value to compare with: riket plus the offset (percent of riket's size, or points)."""
    if offset_unit == POINTS:
        return riket + offset
    return riket + abs(riket) * offset / Decimal(100)


# ------------------------------------------------------------------ target year
_TARGET_YEAR_RE = re.compile(
    r"[\s,]*\(?(?:senast|till|till år|år|vid utgången av|vid slutet av|i slutet av|under|innan utgången av)"
    r"\s+(?:år\s+)?(?P<year>(?:19|20)\d\d)\)?\s*$",
    re.IGNORECASE,
)


def split_target_year(clean: str) -> tuple[str, int | None]:
    """ "Minst 97 % senast 2027" -> ("Minst 97 %", 2027); text without a year is returned as it is."""
    match = _TARGET_YEAR_RE.search(clean)
    if not match or match.start() == 0:
        return clean, None
    return clean[: match.start()].strip(), int(match.group("year"))


# ------------------------------------------------------------------ a direction after the number
_SUFFIX_SENSE = {
    **{
        f"{joint} {word}": LOWER
        for joint in ("eller", "och")
        for word in ("lägre", "mindre", "kortare", "färre", "under")
    },
    **{
        f"{joint} {word}": HIGHER
        for joint in ("eller", "och")
        for word in ("högre", "mer", "större", "längre", "fler", "över")
    },
}
_SUFFIX_RE = re.compile(r"(?:^|\s)(?P<words>(?:eller|och)\s+\w+)\s*$", re.IGNORECASE)


def split_direction_suffix(unit: str) -> tuple[str, str, str] | None:
    """ "minuter eller kortare" -> (LOWER, "eller kortare", "minuter"); None without such words at the end.

    Left as text, "10 minuter eller kortare" would pass as the unit "minuter eller kortare" of an
    implicit "minst 10": judged the wrong way round."""
    found = _SUFFIX_RE.search(unit)
    if found is None:
        return None
    words = " ".join(found.group("words").lower().split())
    sense = _SUFFIX_SENSE.get(words)
    return None if sense is None else (sense, words, unit[: found.start()].strip())


# ------------------------------------------------------------------ the unit after the number
def unit_fix(unit: str) -> str:
    """What to write instead when the text after a målvärde's number is no unit; "" for a unit.

    A unit is short text such as "%", "minuter", "utlok/100 vpl", "tim i snitt/mån"; never words such as
    "eller bättre", "och uppåt": a direction that, kept as the unit, would leave an implicit "minst"."""
    without_per = re.sub(r"/\s*\d+", "/", unit)
    if re.search(r"\b(eller|och)\b", unit, re.IGNORECASE):
        return 'Skriv riktningen före talet, t.ex. "Högst 10 minuter" eller "Minst 75 %".'
    if len(unit) <= 40 and unit.count("%") <= 1 and not re.search(r"[=+@<>]|\d", without_per):
        return ""
    if unit[0] in ",.0123456789":
        return 'Skriv tal med mellanslag mellan tusental och decimalkomma, t.ex. "Minst 1 234,5".'
    return 'Skriv bara en enhet efter talet, t.ex. "Minst 88 %" eller "Lägre än 1,75 utlok/100 vpl".'
