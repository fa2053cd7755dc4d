"""The folders of one office's workspace: plan, inbox, outbox, templates, archive; and its lock."""

from __future__ import annotations

import getpass
import json
import os
import re
import shutil
import socket
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from reporting.errors import Busy
from reporting.text import seconds

LOCK_NAME = ".reporting.lock"
OWNER_NAME = ".reporting.owner"  # beside the lock: who holds it (the lock file itself is locked, on Windows unreadable)
LOCK_TIMEOUT = 600.0  # seconds a run waits for another one in the same workspace
LOCK_TIMEOUT_ENV = "REPORTING_LOCK_TIMEOUT"

FEEDBACK = "återkoppling"  # outbox/'s folder of feedback workbooks (reporting.output.feedback)
# What a run killed midway leaves in its output folders, by the names only we give (``remove_leftovers``):
# ``reporting.atomic.atomic_path``'s ".<stem>.<8 random><suffix>.tmp" beside its target, and
# ``reporting.output.libreoffice.convert_many``'s ".lo-out-<8 random>" folder, tempfile's random characters
LEFTOVER_FILE = re.compile(r"\..*\.[a-z0-9_]{8}\.[A-Za-z0-9]+\.tmp")
LEFTOVER_FOLDER = re.compile(r"\.lo-out-[a-z0-9_]{8}")

_locks: dict[str, FileLock] = {}  # one lock object per lock file: nested use in one run is free


class WorkspaceBusy(Busy):
    """Another run holds the workspace lock and did not finish within the timeout."""


def tell_stderr(message: str) -> None:
    """A line for the one running the command, beside the output (the default of a library call's notes)."""
    print(message, file=sys.stderr, flush=True)


@dataclass
class Workspace:
    """The folders of one office's workspace (the repository root is the demo workspace)."""

    root: Path

    @property
    def plan(self) -> Path:
        return self.root / "plan.xlsx"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def templates(self) -> Path:
        return self.root / "templates_xlsx"

    @property
    def feedback(self) -> Path:
        return self.outbox / FEEDBACK

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def log_file(self) -> Path:
        return self.archive / "intagslogg.csv"

    @property
    def index_file(self) -> Path:
        return self.archive / "index.jsonl"

    @property
    def lock_file(self) -> Path:
        return self.root / LOCK_NAME

    @property
    def owner_file(self) -> Path:
        return self.root / OWNER_NAME

    def remove_leftovers(self) -> list[Path]:
        """Remove what a run killed midway left in the output folders (see ``remove_leftovers``); call it holding
        the lock, which no other run then has: the archive's leftovers are intake's, the next run completes them."""
        return remove_leftovers([self.outbox, self.feedback, self.templates])

    @contextmanager
    def lock(self, timeout: float | None = None, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the workspace for one run: every command that writes in it runs inside this block.

        The lock is the operating system's lock on WORKSPACE/.reporting.lock, so it is
        gone when its process ends, however it ends. Another run waits up to
        ``timeout`` seconds (default $REPORTING_LOCK_TIMEOUT or 600), saying so once
        through ``on_wait`` (default: stderr), then raises WorkspaceBusy. Nested use
        within one process is free.
        """
        if timeout is None:
            timeout = float(os.environ.get(LOCK_TIMEOUT_ENV) or LOCK_TIMEOUT)
        self.root.mkdir(parents=True, exist_ok=True)
        key = str(self.lock_file.resolve())
        lock = _locks.setdefault(key, FileLock(key))
        outermost = not lock.is_locked
        try:
            lock.acquire(timeout=0)
        except Timeout:
            (on_wait or tell_stderr)(
                f"Väntar på en annan körning i arbetsytan {self.root.resolve()} (högst {seconds(timeout)}) …"
            )
            try:
                lock.acquire(timeout=timeout)
            except Timeout as exc:
                holder = started_by(read_owner(self.owner_file))
                raise WorkspaceBusy(
                    f"en annan körning använder arbetsytan {self.root.resolve()} fortfarande efter {seconds(timeout)} "
                    f"({f'{holder}; ' if holder else ''}låsfilen {self.lock_file}). Vänta tills den är klar och kör "
                    f"igen, eller ge den längre tid med {LOCK_TIMEOUT_ENV}=SEKUNDER."
                ) from exc
        if outermost and (earlier := read_owner(self.owner_file)) and earlier["host"] != socket.gethostname():
            (on_wait or tell_stderr)(self._unfinished(earlier))
        owner = write_owner(self.owner_file) if outermost else None
        try:
            yield
        finally:
            if owner is not None and read_owner(self.owner_file) == owner:  # not one another computer wrote since
                self.owner_file.unlink(missing_ok=True)
            lock.release()

    def _unfinished(self, earlier: dict[str, str | int]) -> str:
        """A run another computer recorded and never ended: still going there (a synced folder carries no lock),
        or stopped before it could remove its record."""
        return (
            f"Obs: enligt arbetsytan {self.root.resolve()} har en körning {started_by(earlier)} inte avslutats. "
            "Pågår den fortfarande på den datorn, kör två datorer samtidigt i en synkroniserad mapp: avbryt den här "
            "körningen (Ctrl-C) och kör igen när den är klar. Avbröts den körningen, gäller inte detta."
        )


def this_owner() -> dict[str, str | int]:
    """Who runs this process: the account, the computer, the process id and when it took the lock."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):  # no name for the account (a container's user id)
        user = f"användare {os.getuid()}" if hasattr(os, "getuid") else "okänd användare"
    started = datetime.now().replace(microsecond=0).isoformat()
    return {"user": user, "host": socket.gethostname(), "pid": os.getpid(), "started": started}


def write_owner(path: Path) -> dict[str, str | int] | None:
    """Record the lock's holder beside the lock file; None when it cannot be written (the lock still holds)."""
    owner = this_owner()
    try:
        path.write_text(json.dumps(owner, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError:
        return None
    return owner


def read_owner(path: Path) -> dict[str, str | int] | None:
    """The holder recorded beside the lock file, None when there is none or it cannot be read."""
    try:
        owner = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(owner, dict) or not all(isinstance(owner.get(k), str) for k in ("user", "host", "started")):
        return None
    return owner


def started_by(owner: dict[str, str | int] | None, today: str = "") -> str:
    """ "startad av anna på KONTOR-PC07 kl. 09:12" (another day: "… 2026-12-07 kl. 09:12"); "" without a holder."""
    if owner is None:
        return ""
    day, _, clock = str(owner["started"]).partition("T")
    when = f"kl. {clock[:5]}" if day == (today or datetime.now().date().isoformat()) else f"{day} kl. {clock[:5]}"
    return f"startad av {owner['user']} på {owner['host']} {when}"


def remove_leftovers(folders: Iterable[Path]) -> list[Path]:
    """Remove, from ``folders`` themselves (not their subfolders), the temporary files and LibreOffice scratch
    folders of runs that were killed (SIGKILL, the out-of-memory killer, a power cut) before they could.

    Only names that we make are touched (``LEFTOVER_FILE``, ``LEFTOVER_FOLDER``), never a user's file.
    Only while holding the workspace lock: a running writer's temporary file has the same name.
    """
    removed = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_file(follow_symlinks=False) and LEFTOVER_FILE.fullmatch(entry.name):
                Path(entry.path).unlink(missing_ok=True)
            elif entry.is_dir(follow_symlinks=False) and LEFTOVER_FOLDER.fullmatch(entry.name):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                continue
            removed.append(Path(entry.path))
    return removed
