"""Reporting periods: tertial 1 (jan–apr), delår (jan–aug) and helår (jan–dec)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reporting.errors import InputError

KINDS = {
    # kind: (months, label, report title)
    "T1": (4, "Tertial 1 (januari–april)", "Tertialrapport"),
    "delar": (8, "Delår (januari–augusti)", "Delårsrapport"),
    "helar": (12, "Helår (januari–december)", "Årsrapport"),
}
_ALIASES = {
    "t1": "T1",
    "tertial1": "T1",
    "delar": "delar",
    "delår": "delar",
    "d": "delar",
    "t2": "delar",
    "helar": "helar",
    "helår": "helar",
    "ar": "helar",
    "år": "helar",
    "t3": "helar",
}
ORDER = ["T1", "delar", "helar"]


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
        return KINDS[self.kind][0]

    @property
    def label(self) -> str:
        return f"{KINDS[self.kind][1]} {self.year}"

    @property
    def report_title(self) -> str:
        return KINDS[self.kind][2]

    @property
    def sort_key(self) -> tuple[int, int]:
        return self.year, ORDER.index(self.kind)

    def __str__(self) -> str:
        return self.key


def parse_period(text: str) -> Period:
    """Read "2025-T1", "2025-delår", "2025-helar" (case and å/a insensitive)."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-_ ]\s*(\w+)\s*", text or "")
    kind = _ALIASES.get(match.group(2).lower()) if match else None
    if not match or not kind:
        raise InputError(f'unknown period "{text}": use YEAR-T1, YEAR-delar or YEAR-helar, e.g. 2025-T1')
    return Period(int(match.group(1)), kind)
