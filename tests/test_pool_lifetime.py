"""The pool's workers end with the run: killed with it, ended at once when it is interrupted, silent on Ctrl-C."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from forked import Forked, children, ends_within, still_running
from reporting.pool import one_per_task, run_resilient

BLOCKING = "blocking"  # the file a blocking task makes when it starts


def nothing() -> None:
    """The pool's initializer: these workers need no set-up."""


def _blocks(folder: Path, part: list[int]) -> list[int]:
    """Item 0 is done at once (its worker then waits, idle); any other takes far longer than a test may wait."""
    if part != [0]:
        (folder / BLOCKING).touch()
        time.sleep(120)
    return part


def _run_blocking(folder: Path, items: list[int], interruptible: bool) -> None:
    """In a forked child: ``items`` over two workers, in a process group of its own (as a command is); it says
    which items it tidied up after when it was interrupted."""
    os.setpgid(0, 0)
    if interruptible:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    tidied: list[int] = []
    try:
        for index, _ in run_resilient(
            partial(_blocks, folder), items, 2, nothing, (), lambda i, e: -1, one_per_task, tidied.extend
        ):
            (folder / f"done-{index}").touch()
    except KeyboardInterrupt:
        print(f"interrupted; tidied {sorted(tidied)}", flush=True)


def _ready(child: Forked, *files: Path, seconds: float = 30) -> list[int]:
    """Wait until ``files`` exist and the child has its two workers; their pids. The child's output if it ended."""
    deadline = time.monotonic() + seconds
    while not (all(f.exists() for f in files) and len(workers := children(child.pid)) == 2):
        if time.monotonic() > deadline or not still_running(child):
            pytest.fail(f"the workers did not start: {child.wait(timeout=1)}")
        time.sleep(0.005)
    return workers


@pytest.fixture
def started() -> Iterator[list[int]]:
    """The test's worker pids, as it learns them; any still alive afterwards is killed (a test failing)."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_workers_die_with_their_parent_killed_outright(tmp_path, started):
    """The out-of-memory killer's SIGKILL on the run: its workers must not wait forever on their task queue
    (holding the pipe of `| tee` open with them)."""
    child = Forked(_run_blocking, tmp_path, [1, 2], False)
    started += _ready(child, tmp_path / BLOCKING)
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=30)[0] == -signal.SIGKILL
    assert [pid for pid in started if not ends_within(pid, 10)] == []


def test_ctrl_c_ends_the_workers_at_once_and_only_the_parent_speaks(tmp_path, started):
    """Ctrl-C reaches every process of the group: the workers ignore it (an idle one printed a traceback), and the
    parent kills them instead of waiting for their tasks, then tidies up after every item of the round."""
    child = Forked(_run_blocking, tmp_path, [0, 1], True)
    started += _ready(child, tmp_path / BLOCKING, tmp_path / "done-0")  # one worker idle, one busy
    os.killpg(child.pid, signal.SIGINT)
    status, output = child.wait(timeout=20)
    assert (status, output) == (0, "interrupted; tidied [0, 1]\n")
    assert [pid for pid in started if not ends_within(pid, 5)] == []


def _dispositions(part: list[int]) -> list[str]:
    """What this worker does on Ctrl-C and SIGTERM."""
    shown = {signal.SIG_IGN: "ignore", signal.SIG_DFL: "default"}
    return [
        f"{shown.get(signal.getsignal(signal.SIGINT), 'python')}/{shown.get(signal.getsignal(signal.SIGTERM), 'python')}"
    ]


def test_a_worker_ignores_ctrl_c_and_dies_quietly_on_sigterm_whatever_its_parent_set():
    """A forked worker starts with the parent's Python handlers (the CLI's raise an exception): Ctrl-C must be the
    parent's alone and a stop signal end a worker without a traceback, even when it comes while it waits idle."""
    previous = {n: signal.signal(n, signal.default_int_handler) for n in (signal.SIGINT, signal.SIGTERM)}
    try:
        outcomes = dict(run_resilient(_dispositions, [0, 1], 2, nothing, (), lambda i, e: "failed", one_per_task))
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    assert outcomes == {0: "ignore/default", 1: "ignore/default"}
