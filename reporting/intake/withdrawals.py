"""Which submission counts per reporter: the index's latest entry, its withdrawal, and a withdrawn file left lying
in the inbox (checked again each run, never counted again: see ``left_lying``)."""

from __future__ import annotations

from typing import Protocol

from reporting.intake.archive import is_withdrawal
from reporting.plan.periods import Period


class Seen(Protocol):
    """An inbox file as a run saw it (``reporting.intake.arrival.Arrival``)."""

    seen: str  # name, size and modification time
    received: str  # when it arrived: its modification time, ISO seconds


def latest(index: list[dict[str, str]], period: Period) -> dict[str, tuple[dict[str, str], str]]:
    """Per reporter: the latest submission entry, and when it was withdrawn ("" if it was not)."""
    found: dict[str, tuple[dict[str, str], str]] = {}
    for entry in index:  # the index is in time order: later wins
        if entry["period"] != period.key:
            continue
        reporter = entry.get("reporter", entry["division"])
        if is_withdrawal(entry):
            if reporter in found:
                found[reporter] = (found[reporter][0], entry["time"])
        else:
            found[reporter] = (entry, "")
    return found


def withdrawn(index: list[dict[str, str]], period: Period) -> dict[str, tuple[str, str]]:
    """Per reporter whose latest submission for ``period`` is withdrawn: when, and the office's reason."""
    out: dict[str, tuple[str, str]] = {}
    for entry in index:  # in time order: a later submission ends a withdrawal
        if entry["period"] != period.key:
            continue
        reporter = entry.get("reporter", entry["division"])
        if is_withdrawal(entry):
            out[reporter] = (entry["time"], entry.get("reason", ""))
        else:
            out.pop(reporter, None)
    return out


def same_file(entry: dict[str, str], arrival: Seen) -> bool:
    """The inbox file is the one the index entry saw: same name, size and modification time.

    Not the change time: a chmod, a backup restore or ``cp -a`` of the workspace changes it, and a
    withdrawn file still lying in the inbox must not count as handed in again. Entries written before
    this kept the change time as a fourth field, which is left out of the comparison.
    """
    seen = entry.get("seen", "")
    return arrival.seen in (seen, seen.rsplit("|", 1)[0])


def left_lying(entry: dict[str, str], arrival: Seen, withdrawn: str) -> bool:
    """The withdrawn submission's own file, still in the inbox: the inbox file the entry saw, or one that arrived
    before the withdrawal (a touch, a re-save without changes or a copy of the workspace gives it a new time);
    the same bytes sent again after it count as a new submission."""
    return same_file(entry, arrival) or arrival.received <= withdrawn
