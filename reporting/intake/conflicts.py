"""Signs that two computers ran in one workspace on a synced folder (OneDrive, SharePoint, a file share).

The workspace lock is the operating system's lock: a sync client does not carry it to another computer, so two
computers can run at once. Each then writes its own archive index, intake log and history, and the sync client
keeps one of each and renames the other (``index-KONTOR-B.jsonl``, ``history (1).sqlite``); the accepted files
of the run whose index lost are archived but named by no index. ``consolidate`` and ``feedback`` look for both
before they change anything: a conflict copy of the workspace's own records stops the run (what it holds would
otherwise be silently left out), an archived file the index does not name is said as a warning (it is counted
by no run; the office decides whether it is a submission to hand in again).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from reporting.errors import ReportingError
from reporting.intake.archive import load_index
from reporting.workspace import Workspace

# (folder under the workspace, stem, suffix, what it is): the workspace's records a second computer writes too
RECORDS = (
    ("archive", "index", ".jsonl", "arkivets index"),
    ("archive", "intagslogg", ".csv", "intagsloggen"),
    ("", "history", ".sqlite", "historikdatabasen"),
)
# "-KONTOR-B" (OneDrive, SharePoint), " (1)" (a copy, a browser), " (KONTOR-B's conflicted copy …)"; never the
# intake log the tool itself set aside, "intagslogg (undanlagd 2026-12-07 122023).csv"
_COPY_TAIL = r"(?:-.+| \((?!undanlagd ).+\))"
ARCHIVED = re.compile(r"[0-9]{8}T[0-9]{12}_[0-9a-f]{12}_.+")  # ``archive.archive_name``'s form
SHOWN = 3  # orphan files named in the warning; the rest counted


class SyncConflict(ReportingError):
    """Conflict copies of the workspace's records exist: two computers ran at once; nothing was changed."""


def check_synced(ws: Workspace, tell: Callable[[str], None], period: str = "") -> list[dict[str, str]] | None:
    """Before a run changes anything: SyncConflict for conflict copies of the workspace's records, a warning
    through ``tell`` ("Obs: …") for archived files the index does not name (in ``period``'s folder and in
    period folders the index names nothing of, when a run's period is given: ``orphans``).

    Returns the index's entries it read, for the run to use rather than read the index again
    (``run_intake(index=…)``); None while a journal is pending: the run's ``recover`` changes the index first,
    and no file is an orphan then (``orphans``), so the index is not read here at all."""
    copies = conflict_copies(ws)
    if copies:
        raise SyncConflict(conflict_message(ws, copies))
    if (ws.archive / ".journal.json").exists():
        return None
    entries = load_index(ws)
    found = orphans(ws, [entry["archived"] for entry in entries], period)
    if found:
        tell(f"Obs: {orphan_warning(ws, found)}")
    return entries


def conflict_copies(ws: Workspace) -> list[tuple[Path, str]]:
    """Every conflict copy of the workspace's records, with what it is a copy of, in name order.

    The history database's copies only where the workspace keeps its history (history.sqlite beside them)."""
    found = []
    for folder, stem, suffix, what in RECORDS:
        where = ws.root / folder if folder else ws.root
        if not folder and not (where / f"{stem}{suffix}").exists():
            continue
        pattern = re.compile(rf"{stem}{_COPY_TAIL}{re.escape(suffix)}", re.IGNORECASE)
        try:
            names = sorted(os.listdir(where))
        except (FileNotFoundError, NotADirectoryError):
            continue
        found += [(where / name, what) for name in names if pattern.fullmatch(name) and (where / name).is_file()]
    return found


def orphans(ws: Workspace, archived: list[str], period: str = "") -> list[Path]:
    """Archived files (``archive/<period>/<reporter>/<stamp>_<sha12>_<name>``) that no entry of the index names
    (``archived``: the index's "archived" paths), in path order; none while a journal is pending (its files are
    not yet indexed).

    With ``period`` (a run's: "2025-T1"), only that period's folder and the period folders the index names no
    file of (a period another computer ran first, whose index was lost) are looked at: the cost follows the run's
    period, not the years of periods the archive keeps (12 periods of 10 000 units are 120 000 folders of one file,
    each a listing). An orphan of another period is said by that period's run, where its files can be counted;
    without ``period`` every period is looked at. The folders are read by directory listings only
    (``os.scandir``): a name compared with the index's names and a folder told from a file by the listing's own
    type, never one ``stat`` or ``Path`` per file as the ``rglob`` that did it before (several times slower)."""
    if (ws.archive / ".journal.json").exists() or not ws.archive.is_dir():
        return []
    named = {_key(path) for path in archived}
    top = ws.archive.relative_to(ws.root).as_posix()
    held = {path.split("/", 2)[1] for path in named if path.startswith(f"{top}/") and path.count("/") > 1}
    found: list[str] = []
    with os.scandir(ws.archive) as periods:
        folders = [
            (e.path, "/".join((top, e.name)))
            for e in periods
            if not e.name.startswith(".") and (not period or e.name == period or e.name not in held) and _is_dir(e)
        ]
    while folders:
        folder, shown = folders.pop()
        try:
            with os.scandir(folder) as listing:
                for item in listing:
                    path = "/".join((shown, item.name))  # a path, not a reporter key
                    if _is_dir(item):
                        folders.append((item.path, path))
                    elif ARCHIVED.fullmatch(item.name) and _key(path) not in named:
                        found.append(path)
        except (FileNotFoundError, NotADirectoryError):
            continue
    return [ws.root / path for path in sorted(found)]


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _key(path: str) -> str:
    return unicodedata.normalize("NFC", path.replace("\\", "/"))


def conflict_message(ws: Workspace, copies: list[tuple[Path, str]]) -> str:
    named = ", ".join(f"{_shown(ws, path)} ({what})" for path, what in copies)
    return (
        f"arbetsytan {ws.root} har konfliktkopior av sina egna filer: {named}. En synkroniserad mapp (OneDrive, "
        "SharePoint) gör sådana när två datorer har kört i arbetsytan samtidigt; vad den andra datorn tog emot finns "
        "bara i kopiorna och räknas inte. Gör så här: se till att inkorgen har varje divisions senaste fil (också "
        "inkorgens konfliktkopior), flytta konfliktkopiorna ut ur arbetsytan (spara dem) och kör igen från en dator; "
        "inkorgens filer tas då emot på nytt. Kör sedan arbetsytan från en dator i taget. Inget har ändrats."
    )


def orphan_warning(ws: Workspace, found: list[Path]) -> str:
    named = ", ".join(_shown(ws, path) for path in found[:SHOWN])
    more = f" och {len(found) - SHOWN} till" if len(found) > SHOWN else ""
    files = "fil" if len(found) == 1 else "filer"
    return (
        f"arkivet har {len(found)} {files} som arkivets index inte nämner ({named}{more}): en annan dator har troligen "
        "kört i arbetsytan samtidigt (en synkroniserad mapp), och de inlämningarna räknas inte. Är en av dem "
        "divisionens senaste fil, lägg den i inkorgen och kör igen; flytta sedan filerna ut ur arkivet. Kör "
        "arbetsytan från en dator i taget."
    )


def _shown(ws: Workspace, path: Path) -> str:
    return path.relative_to(ws.root).as_posix()
