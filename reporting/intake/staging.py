"""The staging folder's names: each run stages its copies under its own name, and only a gone run's are removed.

Two runs that overlap in one archive (a network share that does not honour the workspace lock, or two
machines on a synced folder) each stage their copies in ``archive/.incoming/``. Named by position alone
(``000000.xlsx``) they were the same names, and one run's start-up cleared the other's copies under it.
A run's copies are now ``<number>.<run>.<suffix>``, where ``<run>`` is ``<host>_<pid>_<8 hex>``, and the
run holds the operating system's lock on ``<run>.lock`` beside them while it lives. A run's leftovers are
removed only when it is provably gone: its lock can be taken (the process ended, however it ended) and it ran
on this computer, or, on another computer, whose lock a synced folder does not carry, its files are older than
``STALE_ELSEWHERE``. Names that are not a run's (an older version's ``000000.xlsx``) count as another
computer's.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from reporting.errors import Busy

STAGING = ".incoming"
STALE_ELSEWHERE = 24 * 3600.0  # seconds: no run lasts a day; another computer's lock cannot be seen
_RUN = r"(?P<host>[A-Za-z0-9-]{1,40})_(?P<pid>[0-9]+)_[0-9a-f]{8}"
COPY_NAME = re.compile(rf"[0-9]{{6}}\.(?P<run>{_RUN})(\.[A-Za-z0-9]{{1,10}})?")
LOCK_NAME = re.compile(rf"(?P<run>{_RUN})\.lock")


class StagingLost(Busy):
    """A copy this run staged was removed under it: another run used the archive at the same time."""


LOST = (
    "en annan körning (på en annan dator?) använder arkivet samtidigt och tog bort en kopia som den här körningen "
    "hade lagt i arkivets mellanlager. Kör igen när den andra körningen är klar, och kör arbetsytan från en dator "
    "i taget. Inget har arkiverats."
)


@dataclass
class _Run:
    name: str
    lock: FileLock


_runs: dict[str, _Run] = {}  # staging folder -> this process's run in it
_guard = threading.Lock()  # copies are staged in threads


def this_host() -> str:
    """The computer's name as a run's name has it (letters, digits and "-" only)."""
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40].strip("-") or "dator"


def staged_path(folder: Path, number: int, suffix: str) -> Path:
    """Where this process's run stages inbox file ``number``: the run begins (its lock taken) at its first copy."""
    return folder / f"{number:06d}.{_current(folder).name}{suffix}"


def _current(folder: Path) -> _Run:
    key = str(folder)
    with _guard:
        run = _runs.get(key)
        if run is None:
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{this_host()}_{os.getpid()}_{secrets.token_hex(4)}"
            lock = FileLock(folder / f"{name}.lock", thread_local=False)
            lock.acquire(timeout=0)  # a new name: nobody else holds it
            run = _runs[key] = _Run(name, lock)
        return run


def end_run(folder: Path, keep_copies: bool) -> None:
    """This process's run in ``folder`` is over: its lock let go, its copies removed unless ``keep_copies`` (a
    pending journal refers to them: the next run moves them and then removes them as a gone run's)."""
    with _guard:
        run = _runs.pop(str(folder), None)
    if run is None:
        return
    run.lock.release()
    if not keep_copies:
        _remove(folder, run.name)


def clear_gone(folder: Path) -> None:
    """Remove the copies and lock files of every run in ``folder`` that is provably gone; then the folder when empty.

    Call only when no journal is pending (its copies are a gone run's too, and still needed)."""
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    ours = {run.name for key, run in _runs.items() if key == str(folder)}
    runs: dict[str, list[str]] = {}
    for name in names:
        found = COPY_NAME.fullmatch(name) or LOCK_NAME.fullmatch(name)
        runs.setdefault(found["run"] if found else "", []).append(name)
    for run, entries in runs.items():
        if run not in ours and _gone(folder, run, entries):
            for entry in [*entries, *([f"{run}.lock"] if run else [])]:  # the lock file a probe made, too
                (folder / entry).unlink(missing_ok=True)
    with suppress(OSError):  # another run's copies are in it
        folder.rmdir()


def _gone(folder: Path, run: str, entries: list[str]) -> bool:
    """The run ``run`` (``""``: names of no run) has ended: it ran here and its lock is free, or its files are older
    than any run lasts and no lock is held (another computer's lock, on a synced folder, is never seen)."""
    here = bool(run) and run.rsplit("_", 2)[0] == this_host()
    if not here and time.time() - max((_mtime(folder / entry) for entry in entries), default=0.0) <= STALE_ELSEWHERE:
        return False
    if not run:
        return True
    lock = FileLock(folder / f"{run}.lock", thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return False  # running, on this computer or on one whose lock the share carries
    lock.release()
    return True


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _remove(folder: Path, run: str) -> None:
    for name in os.listdir(folder) if folder.is_dir() else []:
        found = COPY_NAME.fullmatch(name) or LOCK_NAME.fullmatch(name)
        if found and found["run"] == run:
            (folder / name).unlink(missing_ok=True)
