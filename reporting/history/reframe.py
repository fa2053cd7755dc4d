"""A previous forecast set against the frame it was made against, when the frame has changed since.

A plan revised during the year moves frames between divisions (a budget decision, a split, a unit
moved to another division). A forecast made at T1 against the old frame, set beside today's against
the new one, would show the frame's move as a change of the forecast (+16,8 mkr where the division's
outcome against its frame went from +2,0 to −1,2). Where the frame differs, the change is that of the
forecast's deviation against its frame, (prognos − ram) now less (prognos − ram) then, and a note
names both frames. With an unchanged frame the two are the same number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from reporting.history.trends import Figures, answers
from reporting.history.words import Metric, RowKind
from reporting.plan.periods import Period
from reporting.swedish import format_number
from reporting.text import and_joined

AGAINST_FRAME = "Förändring mot ram"
FRAME_BEFORE = "Budgetram vid tidigare prognos"


def stored_at(index: Figures, item: str, division: str, metric: Metric, period: Period) -> Decimal | None:
    """An economy row's number stored at exactly ``period`` (its frame: metric "budget"), None when there is none."""
    found = [v for p, v in answers(index, item, division, metric, RowKind.ECONOMY) if p == period]
    return found[-1] if found and isinstance(found[-1], Decimal) else None


def moved(frame_now: Decimal | None, frame_before: Decimal | None) -> bool:
    """Whether a row's frame now differs from the one its previous forecast was made against (both known)."""
    return frame_now is not None and frame_before is not None and frame_now != frame_before


def change(
    now: Decimal | None, frame_now: Decimal | None, before: Decimal | None, frame_before: Decimal | None
) -> Decimal | None:
    """The forecast's change since the previous one, against its frame then and now.

    Equal frames (or an unknown earlier one): now − before. A moved frame: the change of the
    deviation, (now − frame_now) − (before − frame_before), so the frame's move is no change of forecast.
    """
    if now is None or before is None:
        return None
    if frame_now is not None and frame_before is not None and frame_now != frame_before:
        return (now - frame_now) - (before - frame_before)
    return now - before


@dataclass(frozen=True)
class Moved:
    """A row whose frame changed between its previous forecast's period and now."""

    name: str  # the division ("Hälso- och sjukvårdsdirektör"), or its account group ("Externa kostnader")
    before: Decimal
    now: Decimal
    since: Period
    owner: str = ""  # the division of an account group's row


def frames_note(
    rows: Iterable[Moved],
    unit: str,
    decimals: int,
    column: str = AGAINST_FRAME,
    frame: str = "ram",
    subject: str = "Ramen",
) -> str:
    """ "Ramen ändrades sedan T1 2025 för X (från −239,8 till −219,8 mkr) och Y (…). Förändring mot ram är …"

    Empty when no row's frame moved; ``column`` is the change's column header, ``frame`` the frame's word
    in it ("ram" beside Budgetram, "budget" beside Budget helår), ``subject`` the sentence's ("Budget helår").
    """
    grouped: dict[tuple[Period, str], list[str]] = {}
    for row in rows:
        amounts = f"från {format_number(row.before, decimals)} till {format_number(row.now, decimals)} {unit}".strip()
        grouped.setdefault((row.since, row.owner), []).append(f"{row.name} ({amounts})")
    if not grouped:
        return ""
    by_period: dict[Period, list[str]] = {}
    for (since, owner), items in grouped.items():
        by_period.setdefault(since, []).append(f"{owner}: {join_names(items)}" if owner else join_names(items))
    said = "; ".join(f"sedan {p.in_text} för {'; för '.join(parts)}" for p, parts in by_period.items())
    return (
        f"{subject} ändrades {said}. {column} är därför förändringen av prognosens avvikelse mot {frame} "
        f"(prognos − {frame}, då och nu), inte av prognosen; med oförändrad {frame} är de samma."
    )


def join_names(names: list[str]) -> str:
    """ "A", "A och B", "A, B och C" (each once, in order)."""
    return and_joined(list(dict.fromkeys(names)))
