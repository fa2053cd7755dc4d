"""Reporting periods: tertial 1 (jan–apr), delår (jan–aug) and helår (jan–dec).

``PERIOD_TABLE`` is the one table of period kinds: their id, the word the plan's
Perioder sheet uses, months, label, report title and every alias accepted on
the command line, in template metadata and in the plan. Everything else
(``KINDS``, ``ORDER``, the plan reader's and writer's words) is derived from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reporting.errors import InputError


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

    def names(self) -> tuple[str, ...]:
        """Every accepted spelling, lower case: id, plan word and aliases."""
        return tuple(dict.fromkeys((self.id.lower(), self.plan_label.lower(), *self.aliases)))


PERIOD_TABLE: tuple[PeriodKind, ...] = (
    PeriodKind("T1", "T1", 4, "Tertial 1 (januari–april)", "Tertialrapport", ("tertial1", "tertial 1")),
    PeriodKind("delar", "Delår", 8, "Delår (januari–augusti)", "Delårsrapport", ("d", "t2")),
    PeriodKind("helar", "Helår", 12, "Helår (januari–december)", "Årsrapport", ("ar", "år", "t3"), is_year_end=True),
)
_BY_ID = {k.id: k for k in PERIOD_TABLE}
_BY_NAME = {name: k for k in PERIOD_TABLE for name in k.names()}

# Derived views, kept for existing callers.
KINDS = {k.id: (k.months, k.label, k.report_title) for k in PERIOD_TABLE}  # kind: (months, label, report title)
ORDER = [k.id for k in PERIOD_TABLE]
_ALIASES = {name: k.id for name, k in _BY_NAME.items()}


def period_kind(kind: str) -> PeriodKind:
    """The table row of a kind id ("T1", "delar", "helar"); KeyError for anything else."""
    return _BY_ID[kind]


def find_kind(text: str) -> PeriodKind | None:
    """The kind a spelling names ("Delår", "delar", "t2", "Tertial 1"; case and spaces ignored), or None."""
    return _BY_NAME.get(" ".join(str(text).split()).lower())


@dataclass(frozen=True, order=True)
class Period:
    """A year and a kind; written "2025-T1", "2025-delar", "2025-helar"."""

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
    def is_year_end(self) -> bool:
        """True for helår: the annual report, where the year's outcome is the forecast."""
        return _BY_ID[self.kind].is_year_end

    @property
    def sort_key(self) -> tuple[int, int]:
        return self.year, ORDER.index(self.kind)

    def __str__(self) -> str:
        return self.key


def parse_period(text: str) -> Period:
    """Read "2025-T1", "2025-delår", "2025-helar" (case and å/a insensitive)."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-_ ]\s*(\w+)\s*", text or "")
    kind = find_kind(match.group(2)) if match else None
    if not match or not kind:
        raise InputError(f'unknown period "{text}": use YEAR-T1, YEAR-delar or YEAR-helar, e.g. 2025-T1')
    return Period(int(match.group(1)), kind.id)
