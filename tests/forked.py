"""Run a function in a forked child: a real process (its own pid, killed alone by SIGKILL, its own file locks)
that starts with this process's imports, where a fresh interpreter spends about a second importing reporting.

Used where a test needs a second process (a run killed mid-way, runs racing for a database) but not a fresh
interpreter; the tests of the console script and ``python -m reporting`` still start real interpreters.
"""

from __future__ import annotations

import gc
import os
import select
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any


class Forked:
    """A child process running ``target(*args)``; its stdout and stderr go to a file read by ``wait``."""

    def __init__(self, target: Callable[..., Any], *args: Any, stderr_apart: bool = False) -> None:
        self._out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by wait)
        self._err = tempfile.TemporaryFile() if stderr_apart else self._out  # noqa: SIM115 (closed by wait_apart)
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:
            self._child(target, args)  # never returns

    def _child(self, target: Callable[..., Any], args: tuple[Any, ...]) -> None:
        code = 1
        try:
            os.dup2(self._out.fileno(), 1)
            os.dup2(self._err.fileno(), 2)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 (the child ends below)
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            target(*args)
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)  # never back into pytest, no exit handlers of the parent's

    def wait(self, timeout: float = 300) -> tuple[int, str]:
        """The exit code as subprocess gives it (-9 when killed by SIGKILL) and the child's output.

        Waits on the child's pidfd, so it returns the moment the child ends; a child still running
        after ``timeout`` seconds is killed and the test fails."""
        pidfd = os.pidfd_open(self.pid)
        try:
            ended, _, _ = select.select([pidfd], [], [], timeout)
        finally:
            os.close(pidfd)
        if not ended:
            os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        self._out.seek(0)
        output = self._out.read().decode("utf-8", errors="replace")
        self._out.close()
        assert ended, f"the child process did not end within {timeout} s:\n{output}"
        return os.waitstatus_to_exitcode(status), output

    def stderr_so_far(self) -> str:
        """What the child has written to stderr until now (``stderr_apart``), while it may still be running."""
        return os.pread(self._err.fileno(), 1 << 20, 0).decode("utf-8", errors="replace")

    def wait_apart(self, timeout: float = 300) -> tuple[int, str, str]:
        """As ``wait``, for a child started with ``stderr_apart``: (exit code, stdout, stderr)."""
        status, out = self.wait(timeout)
        self._err.seek(0)
        err = self._err.read().decode("utf-8", errors="replace")
        self._err.close()
        return status, out, err

    def first_stderr_line(self, timeout: float = 60) -> str:
        """The child's first line on stderr (``stderr_apart``), waited for as a pipe's readline waits; what it
        wrote so far when it ended, or did not write a whole line within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while "\n" not in (err := self.stderr_so_far()) and still_running(self) and time.monotonic() < deadline:
            time.sleep(0.002)
        return err.partition("\n")[0] + "\n" if "\n" in err else err


def run_forked(target: Callable[..., Any], *args: Any, timeout: float = 300) -> tuple[int, str]:
    """``target(*args)`` in a forked child, waited for: (exit code, output)."""
    return Forked(target, *args).wait(timeout)


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc): a run's worker processes."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rpartition(")")[2].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):  # a process that ended meanwhile
            continue
    return found


def ends_within(pid: int, seconds: float) -> bool:
    """Whether process ``pid`` (not necessarily our child, so not waited for) ends within ``seconds``."""
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([pidfd], [], [], seconds)[0])
    finally:
        os.close(pidfd)


def still_running(child: Forked) -> bool:
    """Whether the forked child has not ended yet (without waiting for it: ``wait`` still can)."""
    return os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None


def consolidate_here(ws: Path, group: bool = False) -> None:
    """``reporting consolidate`` for 2025-T1 in this (forked) process, ending it with the command's exit status;
    with ``group`` in a process group of its own, as in a terminal, its intake over worker processes."""
    from reporting.cli import main
    from reporting.intake import checking

    if group:
        os.setpgid(0, 0)
        checking.PARALLEL_FROM = 1
    gc.freeze()  # see command_here
    try:
        main(["consolidate", "-w", str(ws), "-p", "2025-T1"], prog_name="reporting")
    except SystemExit as exc:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(exc.code if isinstance(exc.code, int) else 1)


_SET_ASIDE: list[dict[str, Any]] = []  # the parent's lock objects, inherited by a forked command: never finalised


def no_workspace_held() -> None:
    """In a forked child: the workspace locks the parent holds are set aside, not released, so that a workspace
    the parent holds is busy here, as to any other process (see ``command_here``)."""
    from reporting import workspace

    _SET_ASIDE.append(dict(workspace._locks))
    workspace._locks.clear()


def command_here(args: list[str], cwd: Path | None = None) -> None:
    """``reporting ARGS`` in this (forked) process as a fresh interpreter runs it, ending the process with the
    command's exit status. The workspace locks the parent holds are set aside, not released: a lock object's
    finaliser would release the lock for the parent too (an flock belongs to the open file, which the fork shares),
    and held here they would let the command in (nested use is free), where a fresh process finds the workspace
    busy, as this one now does."""
    from reporting.cli import main

    no_workspace_held()
    # the session's objects, inherited, are frozen: a fresh interpreter has none for the command's collections to walk
    # (a stopped command collects once, 0.3-0.8 s over a pytest worker's objects, and each walk copies their pages)
    gc.freeze()
    if cwd is not None:
        os.chdir(cwd)
    try:
        main(args, prog_name="reporting")
    except SystemExit as exc:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(exc.code if isinstance(exc.code, int) else 1)


def wait_for(path: Path) -> None:
    """Until ``path`` exists (a forked child's sign that it reached a step): at most a minute."""
    for _ in range(6000):
        if path.exists():
            return
        time.sleep(0.01)
    raise AssertionError(f"{path} did not appear")
