"""The folders of one office's workspace: plan, inbox, outbox, templates, archive; and its lock."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from reporting.errors import ReportingError

LOCK_NAME = ".reporting.lock"
LOCK_TIMEOUT = 600.0  # seconds a run waits for another one in the same workspace
LOCK_TIMEOUT_ENV = "REPORTING_LOCK_TIMEOUT"

_locks: dict[str, FileLock] = {}  # one lock object per lock file: nested use in one run is free


class WorkspaceBusy(ReportingError):
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
        try:
            lock.acquire(timeout=0)
        except Timeout:
            (on_wait or tell_stderr)(
                f"Väntar på en annan körning i arbetsytan {self.root} (högst {timeout:g} sekunder) …"
            )
            try:
                lock.acquire(timeout=timeout)
            except Timeout as exc:
                raise WorkspaceBusy(
                    f"en annan körning använder arbetsytan {self.root} fortfarande efter {timeout:g} sekunder "
                    f"(låsfilen {self.lock_file}). Vänta tills den är klar och kör igen, eller ge den längre tid "
                    f"med {LOCK_TIMEOUT_ENV}=SEKUNDER."
                ) from exc
        try:
            yield
        finally:
            lock.release()
