"""The resilient process pool: a worker that dies, or never answers, costs only its own items, whenever it happens."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, ClassVar

import pytest

import reporting.pool as pool_module
from reporting.findings import Rule
from reporting.intake import checking
from reporting.intake.submission import FileResult
from reporting.plan.periods import parse_period
from reporting.pool import Stalled, run_resilient
from reporting.template import batch


def squares(part: list[int]) -> list[int]:
    return [x * x for x in part]


def nothing() -> None:
    """The pool's initializer: these workers need no set-up."""


def in_twos(pending: list[int], single: bool) -> list[list[int]]:
    return [[i] for i in pending] if single else [pending[i : i + 2] for i in range(0, len(pending), 2)]


class DiesWhileSent(ProcessPoolExecutor):
    """A real pool whose worker is killed (SIGKILL) after the first part is sent and before the second: the
    second ``submit`` then meets a broken pool and raises, as it does when a worker dies that early by itself."""

    sent = 0
    raised: ClassVar[list[BaseException]] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        DiesWhileSent.sent += 1
        if DiesWhileSent.sent == 2:
            victim = next(iter(self._processes.values()))  # type: ignore[attr-defined]
            os.kill(victim.pid, signal.SIGKILL)
            deadline = time.monotonic() + 30
            while not self._broken and time.monotonic() < deadline:  # type: ignore[attr-defined]
                time.sleep(0.01)
            try:
                return super().submit(fn, *args, **kwargs)
            except BrokenProcessPool as exc:
                DiesWhileSent.raised.append(exc)
                raise
        return super().submit(fn, *args, **kwargs)


def test_a_worker_dying_while_parts_are_still_being_sent_costs_no_item(monkeypatch):
    monkeypatch.setattr(pool_module, "ProcessPoolExecutor", DiesWhileSent)
    monkeypatch.setattr(DiesWhileSent, "sent", 0)
    monkeypatch.setattr(DiesWhileSent, "raised", [])
    items = list(range(10))
    outcomes = dict(run_resilient(squares, items, 2, nothing, (), lambda item, exc: -1, in_twos))
    assert DiesWhileSent.raised, "the second part must have met the broken pool"
    assert outcomes == {i: i * i for i in items}  # every item done once the pool was made anew, none lost


def test_an_item_that_kills_every_worker_is_its_own_failure_and_the_others_are_done():
    items = [1, 2, -3, 4, 5]
    failed = dict(run_resilient(dies_on_negative, items, 2, nothing, (), lambda item, exc: None, in_twos))
    assert failed == {0: 1, 1: 4, 2: None, 3: 16, 4: 25}


def dies_on_negative(part: list[int]) -> list[int]:
    if any(x < 0 for x in part):
        os._exit(3)
    return squares(part)


@pytest.mark.timeout(60)
def test_a_stuck_file_is_reported_in_swedish_and_the_others_are_checked(tmp_path, plan, monkeypatch):
    # the stuck file's pool is ended twice (its part of three, then the file alone in a task of its own, which
    # ends it as stuck), each after STALL_SECONDS (five minutes in a real run; it was four times, 20 minutes):
    # 0.2 s is still ample for a worker to answer "sha"
    monkeypatch.setattr(pool_module, "STALL_SECONDS", 0.2)
    paths = [tmp_path / f"fil{i:02}.xlsx" for i in range(checking.PARALLEL_FROM)]
    for path in paths:
        path.write_bytes(b"x")
    started = tmp_path / "started"

    def check(path: Path, *args: Any, **kwargs: Any) -> FileResult:
        if path.name == "fil05.xlsx":
            with started.open("a") as log:  # in the worker process: one line per start of the stuck check
                log.write("x")
            time.sleep(3600)  # a check that never ends (a stuck worker): the run must not wait for it
        return FileResult(path, "sha", [])

    monkeypatch.setattr(checking, "check_file", check)
    results = checking.check_files(paths, plan, parse_period("2025-T1"), workers=2)
    assert [r.path.name for r in results] == [p.name for p in paths]
    stuck = results[5].findings
    assert [f.rule for f in stuck] == [Rule.FILE_UNREADABLE]
    assert stuck[0].message.startswith("Kontrollen av filen avbröts efter 1 minut utan resultat. ")
    assert all(not r.findings for n, r in enumerate(results) if n != 5)  # the others checked, none lost
    assert started.read_text() == "xx"  # waited for twice, not four times


def test_a_stuck_template_is_told_in_swedish(tmp_path, monkeypatch):
    monkeypatch.setattr(pool_module, "STALL_SECONDS", 600.0)
    job = batch.Job("MED", "", tmp_path / "mall.xlsx")
    assert batch._failed(job, Stalled()).problem == (
        "mallen kunde inte skrivas: den blev inte klar på 10 minuter; kör igen och rapportera felet om det kvarstår."
    )
