"""Reporting periods: months (M01–M12), tertial 1 (jan–apr), delår (jan–aug) and helår (jan–dec).

``PERIOD_TABLE`` is the one table of period kinds: their id, the word the plan's
Perioder sheet uses, months, label, report title and every alias accepted on
the command line, in template metadata and in the plan. Everything else
(``KINDS``, ``ORDER``, the plan reader's and writer's words) is derived from it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import MINYEAR, date

from reporting.errors import InputError

# The data sheets a template has, by name (reporting.template.spec declares them; this says which a period asks).
ALL_SHEETS = ("Nyckeltal", "Uppdrag", "Ekonomi", "Åtgärdsplan", "Investeringar", "Internkontroll")
# A monthly follow-up: economy (utfall, helårsprognos), the key figures due and the åtgärdsplan (handlingsplan).
MONTH_SHEETS = ("Nyckeltal", "Ekonomi", "Åtgärdsplan")
MONTH_NAMES = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


@dataclass(frozen=True)
class PeriodKind:
    """One kind of reporting period."""

    id: str  # "T1" | "delar" | "helar": written in period keys such as "2025-T1"
    plan_label: str  # the word on the plan's Perioder sheet: "T1" | "Delår" | "Helår"
    months: int  # months from January the period covers
    label: str  # "Tertial 1 (januari–april)"
    report_title: str  # "Tertialrapport"
    aliases: tuple[str, ...]  # other spellings accepted, lower case
    is_year_end: bool = False  # the annual report: the year's outcome is the forecast
    sheets: tuple[str, ...] = ALL_SHEETS  # the template's data sheets in a period of this kind
    is_month: bool = False  # a monthly follow-up (its label "Januari–mars", its default title "Månadsrapport")

    def names(self) -> tuple[str, ...]:
        """Every accepted spelling, lower case: id, plan word and aliases."""
        return tuple(dict.fromkeys((self.id.lower(), self.plan_label.lower(), *self.aliases)))


def _month(number: int) -> PeriodKind:
    """The kind of a monthly report: "M03", written "Mars" on the plan, covering "Januari–mars".

    The label says which months the figures cover, as a tertial's does, and names no report: the
    title is the plan's own word for it ("Månadsuppföljning mars 2025", ``Plan.period_heading``) beside it.
    """
    name = MONTH_NAMES[number - 1]
    spellings = (f"{number:02d}", str(number), f"månad {number}", f"manad {number}", f"månad {number:02d}", name)
    aliases = (*spellings, f"månadsrapport per {name}", f"manadsrapport per {name}", name[:3])
    return PeriodKind(
        f"M{number:02d}",
        name.capitalize(),
        number,
        MONTH_NAMES[0].capitalize() + (f"–{name}" if number > 1 else ""),
        "Månadsrapport",
        tuple(dict.fromkeys(aliases)),
        sheets=MONTH_SHEETS,
        is_month=True,
    )


PERIOD_TABLE: tuple[PeriodKind, ...] = (
    *(_month(number) for number in range(1, 13)),
    PeriodKind("T1", "T1", 4, "Tertial 1 (januari–april)", "Tertialrapport", ("tertial1", "tertial 1")),
    PeriodKind("delar", "Delår", 8, "Delår (januari–augusti)", "Delårsrapport", ("d", "t2")),
    PeriodKind("helar", "Helår", 12, "Helår (januari–december)", "Årsrapport", ("ar", "år", "t3"), is_year_end=True),
)
_BY_ID = {k.id: k for k in PERIOD_TABLE}
_BY_NAME = {name: k for k in PERIOD_TABLE for name in k.names()}

# Derived views, kept for existing callers.
KINDS = {k.id: (k.months, k.label, k.report_title) for k in PERIOD_TABLE}  # kind: (months, label, report title)
# Within a year: by months covered; a month before the tertial/delår/helår report ending with it (M04 < T1).
ORDER = [k.id for k in sorted(PERIOD_TABLE, key=lambda k: (k.months, not k.is_month))]
_ALIASES = {name: k.id for name, k in _BY_NAME.items()}


def period_kind(kind: str) -> PeriodKind:
    """The table row of a kind id ("T1", "delar", "helar"); KeyError for anything else."""
    return _BY_ID[kind]


def find_kind(text: str) -> PeriodKind | None:
    """The kind a spelling names ("Delår", "delar", "t2", "Tertial 1"; case and spaces ignored), or None."""
    return _BY_NAME.get(" ".join(str(text).split()).lower())


@dataclass(frozen=True)
class Period:
    """A year and a kind; written "2025-T1", "2025-delar", "2025-helar", "2021-M03"."""

    year: int
    kind: str

    @property
    def key(self) -> str:
        return f"{self.year}-{self.kind}"

    @property
    def months(self) -> int:
        return _BY_ID[self.kind].months

    @property
    def label(self) -> str:
        return f"{_BY_ID[self.kind].label} {self.year}"

    @property
    def report_title(self) -> str:
        return _BY_ID[self.kind].report_title

    @property
    def short_label(self) -> str:
        """The period as a column or a chart reads it: "T1 2025", "Delår 2025", "Helår 2025", "Mars 2025" (the key's
        "2025-delar" is the tool's id, not a word for the nämnd)."""
        return f"{_BY_ID[self.kind].plan_label} {self.year}"

    @property
    def in_text(self) -> str:
        """``short_label`` inside a sentence: "från mars 2025", "från delår 2025", "från T1 2025"."""
        label = self.short_label
        return label if label.startswith("T") else label[0].lower() + label[1:]

    @property
    def is_year_end(self) -> bool:
        """True for helår: the annual report, where the year's outcome is the forecast."""
        return _BY_ID[self.kind].is_year_end

    @property
    def sheets(self) -> tuple[str, ...]:
        """The data sheets the period's template has (a month has no Uppdrag, Investeringar, Internkontroll)."""
        return _BY_ID[self.kind].sheets

    @property
    def is_month(self) -> bool:
        return _BY_ID[self.kind].is_month

    @property
    def last_day(self) -> date:
        """The last day of the period's last month (2025-T1: 2025-04-30)."""
        return date(self.year, self.months, calendar.monthrange(self.year, self.months)[1])

    def has_ended(self, today: date) -> bool:
        """The period is over on ``today``: its outcome can be reported (year 0 is long over)."""
        return self.year < MINYEAR or self.last_day < today

    @property
    def sort_key(self) -> tuple[int, int]:
        """Year, then months covered; a month sorts before the tertial/delår/helår ending with it."""
        return self.year, ORDER.index(self.kind)

    def __lt__(self, other: Period) -> bool:
        return self.sort_key < other.sort_key

    def __str__(self) -> str:
        return self.key


PERIOD_FORMS = "ÅR-T1, ÅR-delar, ÅR-helar eller en månad ÅR-MM, t.ex. 2025-T1 eller 2021-03"


def parse_period(text: str) -> Period:
    """Read "2025-T1", "2025-delår", "2025-helar", "2021-03", "2021-M03", "2021-mars" (case and å/a insensitive)."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-_ ]\s*(\w+)\s*", text or "")
    kind = find_kind(match.group(2)) if match else None
    if not match or not kind:
        raise InputError(f'okänd period "{text}": skriv {PERIOD_FORMS}')
    return Period(int(match.group(1)), kind.id)
