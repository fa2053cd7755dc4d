"""How often a key figure is followed up (the Nyckeltal sheet's "Frekvens"), and whether it is due in a period.

The plan's words are normalised to a short ASCII word kept on ``KeyFigure.frequency``:
"" (every period, also "Varje period"), "manad", "kvartal", "tertial", "delar", "helar",
"arligen:<month>" ("Årligen (okt)"), "trearsperiod" and "centralt". A figure that is
not due in a period is neither asked for in the template nor flagged nor judged.
"""

from __future__ import annotations

import re

from reporting.plan.periods import MONTH_NAMES, PERIOD_TABLE, Period

EVERY = ""
CENTRAL = "centralt"
QUARTER = "kvartal"
ACCEPTED = "Varje period, Månad, Kvartal, Tertial, Delår, Helår, Årligen (okt), Treårsperiod eller Centralt"
_WORDS = {
    "": EVERY,
    "varje period": EVERY,
    "alla perioder": EVERY,
    "månad": "manad",
    "manad": "manad",
    "månadsvis": "manad",
    "varje månad": "manad",
    "kvartal": QUARTER,
    "kvartalsvis": QUARTER,
    "per kvartal": QUARTER,
    "varje kvartal": QUARTER,
    "tertial": "tertial",
    "tertialvis": "tertial",
    "delår": "delar",
    "delar": "delar",
    "helår": "helar",
    "helar": "helar",
    "årligen": "helar",
    "årsvis": "helar",
    "treårsperiod": "trearsperiod",
    "trearsperiod": "trearsperiod",
    "per treårsperiod": "trearsperiod",
    "centralt": CENTRAL,
    "mäts centralt": CENTRAL,
}
_YEARLY_RE = re.compile(r"(?:årligen|arligen|en gång per år)\s*\(?\s*([a-zåäö]+)\.?\s*\)?")
# the period kinds (not months) each word is due in; "manad" and "" are due in every period
_KINDS = {"tertial": ("T1", "delar", "helar"), "delar": ("delar", "helar"), "helar": ("helar",)}
_KINDS["trearsperiod"] = _KINDS["helar"]


def parse_frequency(text: str) -> str | None:
    """The normalised word of a Frekvens cell; None when the plan's word is not one we know."""
    word = " ".join(str(text or "").split()).lower()
    if word in _WORDS:
        return _WORDS[word]
    match = _YEARLY_RE.fullmatch(word)
    if match:
        month = _month_number(match.group(1))
        return None if month is None else f"arligen:{month}"
    return None


def _month_number(word: str) -> int | None:
    """ "okt", "oktober" -> 10."""
    found = [number for number, name in enumerate(MONTH_NAMES, start=1) if len(word) >= 3 and name.startswith(word)]
    return found[0] if len(found) == 1 else None


def frequency_due(frequency: str, period: Period, listed: tuple[str, ...] = ()) -> bool:
    """Whether a figure of this frequency is followed up in ``period``.

    "arligen:<m>": once a year, in the first period the plan lists (``listed``, the Perioder
    sheet's kinds; every kind when empty) whose months include the month: the month's own
    monthly report when the plan has it, else the first tertial/delår/helår covering it
    ("okt": helår; "mar": T1; "maj": delår). "kvartal": the monthly reports of March, June,
    September and December, and every T1, delår and helår, as each covers a quarter's end.
    """
    if frequency in (EVERY, "manad"):
        return True
    if frequency == CENTRAL:
        return False
    if frequency == QUARTER:  # a quarter's end month, and every T1/delår/helår (each covers one)
        return not period.is_month or period.months % 3 == 0
    if frequency.startswith("arligen:"):
        month = int(frequency.split(":", 1)[1])
        kinds = [k for k in PERIOD_TABLE if not listed or k.id in listed]
        own = next((k for k in kinds if k.is_month and k.months == month), None)
        first = own or next((k for k in kinds if not k.is_month and k.months >= month), None)
        return first is not None and period.kind == first.id
    return not period.is_month and period.kind in _KINDS.get(frequency, ())


_PLAN_WORDS = {"manad": "Månad", QUARTER: "Kvartal", "tertial": "Tertial", "delar": "Delår", "helar": "Helår"}
_PLAN_WORDS |= {"trearsperiod": "Treårsperiod", CENTRAL: "Centralt", EVERY: ""}


def frequency_word(frequency: str) -> str:
    """The word plan.xlsx shows for a normalised frequency: "arligen:10" -> "Årligen (okt)"."""
    if frequency.startswith("arligen:"):
        return f"Årligen ({MONTH_NAMES[int(frequency.split(':', 1)[1]) - 1][:3]})"
    return _PLAN_WORDS.get(frequency, frequency)
