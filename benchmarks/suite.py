"""The test suite's own time, as a developer sees it: the README's test command, run as a whole process.

Measured here and not by a timed test (a test cannot time the run it is part of). The suite
without the LibreOffice tests (``-m "not libreoffice"``) is the number the target is about; the
whole suite is timed once beside it when LibreOffice is installed.

pytest keeps the test modules it rewrote (for its assertion messages) in ``tests/__pycache__``,
unless PYTHONDONTWRITEBYTECODE is set (as on the benchmark machine): then every worker rewrites all
of them in every run, about 1.5 s. The suite runs here without that variable, as on a developer's
machine; the first run after ``clear_test_cache`` is cold, as a first run after a clone is.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 30.0  # issue 16, item 6: the suite without the LibreOffice tests under 30 s of wall time
WITHOUT_OFFICE = ["-m", "not libreoffice"]


@dataclass(frozen=True)
class SuiteRun:
    """One run of the suite: wall seconds, CPU seconds of pytest and all its processes, pytest's summary line."""

    wall: float
    user: float
    system: float
    summary: str
    speed: float  # speed_check() just before the run: the machine's speed at that moment


SPEED_LOOP = 10_000_000


def speed_check() -> float:
    """Wall seconds of a fixed pure-Python loop (10⁷ additions) in one process: how fast this machine runs Python
    right now. The suite's time follows it: this machine's speed drifts by a fifth within minutes and by half
    between days, so a suite time is only read beside the speed it was measured at.

    Wall, not CPU time: on a virtual machine whose host takes part of the core (steal), the loop's CPU time stays
    the same while its wall time, as every run's, doubles (0.4 s of CPU in 0.85 s of wall was seen)."""
    started = time.perf_counter()
    total = 0
    for i in range(SPEED_LOOP):
        total += i
    return time.perf_counter() - started


def run_suite(extra: list[str]) -> SuiteRun:
    """``python -m pytest -q`` with ``extra`` in the repository, timed; a failing suite stops the benchmark."""
    speed = speed_check()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *extra], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = done.stdout.strip().splitlines()
    summary = re.sub(r"\s+in [\d.]+s.*$", "", lines[-1].strip("= ")) if lines else ""
    if done.returncode != 0:
        raise SystemExit(f"the test suite failed ({summary}); its time would mean nothing:\n{done.stdout[-3000:]}")
    return SuiteRun(wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime, summary, speed)


def clear_test_cache() -> None:
    """Remove pytest's rewritten test modules, so that the next run is a first run after a clone."""
    for folder in (ROOT / "tests").rglob("__pycache__"):
        shutil.rmtree(folder, ignore_errors=True)


def time_suite(runs: int) -> tuple[list[SuiteRun], SuiteRun | None]:
    """``runs`` runs without the LibreOffice tests, then (when LibreOffice is installed) one whole run."""
    without = [run_suite(WITHOUT_OFFICE) for _ in range(runs)]
    whole = run_suite([]) if shutil.which("soffice") or shutil.which("libreoffice") else None
    return without, whole


def verdict(without: list[SuiteRun]) -> str:
    walls = [r.wall for r in without]
    median = statistics.median(walls)
    ok = "OK" if median < TARGET_S else "NOT MET"
    return (
        f"Suite without LibreOffice, {len(walls)} runs: median {median:.1f} s wall "
        f"(min {min(walls):.1f}, max {max(walls):.1f}), target < {TARGET_S:.0f} s — {ok}"
    )


def markdown(without: list[SuiteRun], whole: SuiteRun | None) -> str:
    """The README's section: each run, then the verdict."""
    rows = [
        "| run | tests | wall s | user CPU s | system CPU s | speed check s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for number, r in enumerate(without, start=1):
        rows.append(f'| `-m "not libreoffice"` #{number} | {r.summary} | {_times(r)} |')
    if whole is not None:
        rows.append(f"| whole suite | {whole.summary} | {_times(whole)} |")
    return "\n".join(rows) + "\n\n" + verdict(without)


def _times(r: SuiteRun) -> str:
    return f"{r.wall:.1f} | {r.user:.1f} | {r.system:.1f} | {r.speed:.2f}"
