"""Items at nämnd level: measured centrally or the nämnd's own, never asked of a division.

A Divisioner cell with the reserved word "Nämnd" (any case) puts a key figure or an uppdrag
at nämnd level; a key figure with frequency "centralt" is measured centrally whatever its
Divisioner say. Their outcomes come from the workspace file ``Centrala värden.xlsx``.
"""

from __future__ import annotations

from typing import Any

from reporting.plan.frequency import frequency_due
from reporting.plan.periods import Period

BOARD = "Nämnd"  # the reserved Divisioner word (plan-format.md)
CENTRAL_FREQUENCY = "centralt"


def is_board_word(text: str) -> bool:
    """The reserved word "Nämnd", in any case."""
    return text.strip().lower() == BOARD.lower()


def is_board_level(item: Any) -> bool:
    """An item whose Divisioner cell says "Nämnd": the nämnd's own, no division reports it."""
    return tuple(getattr(item, "divisions", ())) == (BOARD,)


def is_central(kf: Any) -> bool:
    """A key figure measured centrally (frequency "centralt") or at nämnd level: never in a template."""
    return str(getattr(kf, "frequency", "")).lower() == CENTRAL_FREQUENCY or is_board_level(kf)


def central_due(kf: Any, period: Period, listed: tuple[str, ...] = ()) -> bool:
    """Whether a nämnd-level key figure is followed up in ``period``: "Centralt" every period, a
    figure with Divisioner "Nämnd" by its own Frekvens (a helår figure only at helår)."""
    frequency = str(getattr(kf, "frequency", "")).lower()
    return frequency == CENTRAL_FREQUENCY or frequency_due(frequency, period, listed)
