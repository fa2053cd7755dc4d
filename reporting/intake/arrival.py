"""When an inbox file arrived ("Mottagen"), and how a run saw it.

A file's arrival is its modification time in the inbox, never later than the run that sees it (a clock ahead on
the sender's side is not later). Two times are not taken as the file says (``before_template``, ``resaved``), as a controller would not:

- a time before the period began and before the file's template was made (``_meta``'s creation time): a file
  unpacked from a zip, copied from a USB stick or saved on a misdated PC carries 1980-01-01 or another impossible
  time, which would make a late file on time. The run's own time, when intake first saw the file, is used
  instead, and said.
- a later time for the same values: the office opened a submission in the inbox and saved it (Ctrl-S) without
  changing a value, after the deadline. A file whose values equal the on-time submission in force keeps that
  submission's arrival time, and is said to; an on-time submission does not turn late by being re-saved.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from reporting.findings import Rule, error
from reporting.intake.read import printable
from reporting.intake.submission import FileResult
from reporting.plan.periods import Period


@dataclass
class Arrival:
    """One inbox file as this run saw it."""

    source: Path
    shown: str  # the name shown and logged (shown_name)
    received: str = ""  # when it arrived in the inbox: its modification time there (see ``believed``)
    seen: str = ""  # name, size and modification time: the same inbox file seen again has the same (withdrawals)
    staged: Path | None = None
    sha256: str = ""  # of the staged bytes
    note: str = ""  # why ``received`` is not the file's modification time (``believed``), for the log


def shown_name(path: Path) -> str:
    """An inbox file's name as shown and logged: in NFC (a Mac writes "nära vård" decomposed, NFD), so the log, the
    JSON and the report spell one name one way; printable (see ``printable``)."""
    return printable(unicodedata.normalize("NFC", path.name))


def arrival_time(info: os.stat_result, now: datetime) -> str:
    moment = min(datetime.fromtimestamp(info.st_mtime), now)  # a clock ahead on the sender's side is not later
    return moment.replace(microsecond=0).isoformat()


def seen_as(shown: str, info: os.stat_result) -> str:
    return f"{shown}|{info.st_size}|{info.st_mtime_ns}"  # name, size and modification time


def seen_now(path: Path, shown: str) -> str:
    """The inbox file as it is now (``Arrival.seen``): "" when it is gone."""
    try:
        return seen_as(shown, path.stat())
    except OSError:
        return ""


def if_copying(arrival: Arrival, result: FileResult) -> FileResult:
    """An unreadable file that changed in the inbox while the run read it is most likely still being copied in:
    tell the office to run again when the copy is done, not the sender to save the file again."""
    unreadable = [f for f in result.findings if f.rule is Rule.FILE_UNREADABLE]
    if result.accepted or not unreadable or not arrival.seen or seen_now(arrival.source, arrival.shown) == arrival.seen:
        return result
    copying = error(
        Rule.FILE_UNREADABLE,
        problem="filen ändrades i inkorgen medan den lästes och kopieras kanske fortfarande dit. "
        "Kör igen när kopieringen är klar; kvarstår felet, be avsändaren spara om filen och skicka den igen.",
        file=unreadable[0].file,
    )
    return replace(result, findings=[copying if f is unreadable[0] else f for f in result.findings])


def _shown(moment: str) -> str:
    """ "2025-05-08 10:00": an ISO time as the office reads it."""
    return moment[:16].replace("T", " ")


def before_template(arrival: Arrival, file: FileResult, now: str, period: Period) -> None:
    """A modification time before both the period began and the file's template was made is not believed: ``now``
    (the run's time, when intake first saw the file) is its arrival, and ``arrival.note`` says why. The earlier of
    the two bounds: a sender's clock a little behind the office's never makes a true time look impossible."""
    began = f"{period.year:04d}-01-01T00:00:00"  # every period runs from January
    created = file.submission.created[:19] if file.submission is not None else ""
    if not arrival.received or arrival.received >= min(began, created or began):
        return
    made = f" och mallens tillkomst ({_shown(created)})" if created else ""
    arrival.note = (
        f"filens ändringstid ({_shown(arrival.received)}) är före periodens början ({began[:10]}){made} och kan inte "
        "vara när den kom in (uppackad ur en zip-fil, kopierad från ett USB-minne eller sparad på en dator med fel "
        f"klocka); som mottagen räknas när den först sågs i inkorgen, {_shown(now)}"
    )
    arrival.received = now


def resaved(arrival: Arrival, file: FileResult, current: FileResult, entry: dict[str, str]) -> None:
    """A file whose values equal the submission in force (``current``, the index's ``entry``) keeps its arrival:
    the office saved it again without changing a value (Ctrl-S in Excel)."""
    if file.submission is None or current.submission is None:
        return
    if file.submission.answers != current.submission.answers:
        return
    kept = entry.get("received") or entry["time"]
    arrival.note = (
        f"samma värden som den gällande inlämningen ({entry['file']}, mottagen {_shown(kept)}), bara sparad igen; "
        "ankomsttiden behålls"
    )
    arrival.received = kept


def turns_late(entry: dict[str, str], arrival: Arrival, deadline: date | None) -> bool:
    """Whether a new file for a reporter whose submission ``entry`` was on time arrives after the deadline: only
    then can a re-save change what the report says, and only then is the submission in force read to compare."""
    if deadline is None or not arrival.received:
        return False
    day = deadline.isoformat()
    return (entry.get("received") or entry["time"])[:10] <= day < arrival.received[:10]
