"""An inbox file as a run saw it: its shown name, when it arrived ("Mottagen"), its name, size and time.

A file's arrival is its modification time in the inbox, never later than the run that sees it (a clock ahead on
the sender's side is not later).
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from reporting.findings import Rule, error
from reporting.intake.read import printable
from reporting.intake.submission import FileResult


@dataclass
class Arrival:
    """One inbox file as this run saw it."""

    source: Path
    shown: str  # the name shown and logged (shown_name)
    received: str = ""  # when it arrived in the inbox: its modification time there
    seen: str = ""  # name, size and modification time: the same inbox file seen again has the same (withdrawals)
    staged: Path | None = None
    sha256: str = ""  # of the staged bytes


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
