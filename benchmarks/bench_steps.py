"""The benchmark's timed steps for one size N: templates, intake + consolidation, report, the naive, calamine and our
own read of every sheet, the fast reader checked equal to the careful one, and the whole `reporting consolidate`
command; with the memory they take. bench.py runs them (it puts the repository root on sys.path first)."""

from __future__ import annotations

import datetime
import gc
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd

from reporting.consolidate.consolidation import consolidate
from reporting.demo.units import unit_plan, write_unit_submissions
from reporting.intake.checking import check_file
from reporting.intake.read import open_book
from reporting.intake.run import run_intake
from reporting.output.feedback import write_feedback
from reporting.output.report import write_report
from reporting.plan.periods import Period
from reporting.plan.write import write_plan
from reporting.template.write import write_templates
from reporting.workflow import few_collections
from reporting.workspace import Workspace
from reporting.xlsx import prolog, safety, sheet_scan
from reporting.xlsx.readers import MAX_COLUMNS

PERIOD = Period(2025, "T1")


def peak_rss_mib() -> float:
    """Peak resident memory of this process and of its finished children (the worker pool), MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def timed(label: str, results: dict[str, float], fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    results[label] = time.perf_counter() - start
    return value


def fresh_workspace(root: Path) -> Workspace:
    ws = Workspace(root)
    if ws.root.exists():
        shutil.rmtree(ws.root)
    ws.inbox.mkdir(parents=True)
    return ws


def fill_inbox(ws: Workspace, paths: list[Path]) -> None:
    """The files linked into the inbox (the same bytes, no copy) and read once, untimed, so they are in the OS
    cache as files just dropped into an inbox are."""
    for path in paths:
        os.link(path, ws.inbox / path.name)
        path.read_bytes()


class SummedRss:
    """Peak of the resident memory summed over this process and all its descendants (the worker pool), MiB.

    Sampled from /proc every 100 ms in a thread (Linux; elsewhere it stays 0): the
    rusage peaks are per process, and the pool's workers add up.
    """

    def __init__(self) -> None:
        self.peak_mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> SummedRss:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.peak_mib = max(self.peak_mib, summed_rss_mib(os.getpid()))


def summed_rss_mib(root: int) -> float:
    """Resident memory of ``root`` and its descendants now, MiB (0 where /proc is missing)."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


EQUALITY_SAMPLE = 50


MISTAKES = ["1 234,5", "88,5 %", 0.885, "ej känt", datetime.datetime(2025, 3, 1), None, "=1/0", -12345678901234]


def with_mistakes(paths: list[Path], folder: Path) -> list[Path]:
    """Copies of ``paths`` resaved by openpyxl with typical mistakes typed into the data sheets' input cells.

    The demo files are clean; these give the equality check findings to compare
    (text numbers, typed percent, fractions, words, dates, emptied and error cells).
    """
    from openpyxl import load_workbook

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k, path in enumerate(paths):
        wb = load_workbook(path)
        for s, sheet in enumerate(ws for ws in wb.worksheets if not ws.title.startswith(("_", "Instr"))):
            for j in range(3):
                mistake = MISTAKES[(k + s + j) % len(MISTAKES)]
                sheet.cell(5 + (k + j) % 4, 3 + (s + j) % 3).value = mistake
        target = folder / f"fel {path.name}"
        wb.save(target)
        out.append(target)
    return out


def careful_equality(paths: list[Path], plan, folder: Path) -> tuple[int, int]:
    """Assert that the fast path's findings and values equal the careful (openpyxl) path's on a sample of the files.

    The sample is spread over the whole inbox (every N/50-th file, 40 as sent and 10
    with typical mistakes typed in). Returns (files compared, findings among them).
    """
    sample = paths[:: max(1, len(paths) // EQUALITY_SAMPLE)][:EQUALITY_SAMPLE]
    sample = sample[: EQUALITY_SAMPLE - 10] + with_mistakes(sample[EQUALITY_SAMPLE - 10 :], folder)
    findings = 0
    for path in sample:
        fast, careful = check_file(path, plan, PERIOD), check_file(path, plan, PERIOD, careful=True)
        assert comparable(fast) == comparable(careful), f"the fast and the careful reader differ on {path.name}"
        findings += len(fast.findings)
    return len(sample), findings


def comparable(result) -> tuple:
    return result.accepted, [f.as_dict() for f in result.findings], result.submission and result.submission.answers


def naive_read(paths: list[Path]) -> None:
    for path in paths:
        pd.read_excel(path, sheet_name=None, engine="openpyxl")


def calamine_read(paths: list[Path]) -> None:
    """python-calamine's bare value read of every sheet: a floor for any reader of the same files."""
    from python_calamine import CalamineWorkbook

    for path in paths:
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()


EXCEL_ROWS = 1_048_576  # every row a sheet can have, as calamine reads them


def our_read(paths: list[Path]) -> None:
    """Our reader's read of every sheet, as calamine's: the safety scan, then each cell's formula, cached value,
    number format and type (``reporting.intake.read.open_book``, the fast path intake takes); no rules.

    The reader's per-process tables start empty, as in a fresh intake worker: a repeat gains nothing from the
    last one (within one read, files sharing a template's parts share them, as they do in intake)."""
    for table in (
        safety._PASSED,
        safety._REMEMBERED,
        sheet_scan._ACCEPTED,
        sheet_scan._GOOD_HEADS,
        prolog._PASSED,
        sheet_scan._COLUMNS,
        sheet_scan._ROW_NUMBERS,
    ):
        table.clear()
    for path in paths:
        book = open_book(path)
        try:
            for name in book.sheetnames:
                for _ in book.rows(name, EXCEL_ROWS, MAX_COLUMNS):
                    pass
        finally:
            book.close()


def have_calamine() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True


def filled(plan, n: int, workdir: Path) -> list[Path]:
    """N filled unit workbooks (setup, not timed), kept in ``workdir/filled-N`` and reused by later runs."""
    folder = workdir / f"filled-{n}"
    paths = sorted(folder.glob("*.xlsx")) if folder.is_dir() else []
    if len(paths) != n:
        shutil.rmtree(folder, ignore_errors=True)
        paths = write_unit_submissions(plan, PERIOD, folder)
    return paths


def whole_command(plan, paths: list[Path], folder: Path) -> tuple[float, float]:
    """The whole `reporting consolidate` command as users run it (imports, plan.xlsx, intake,
    consolidation, history, report, Word draft): wall seconds and peak memory summed over its processes."""
    ws = fresh_workspace(folder)
    fill_inbox(ws, paths)
    write_plan(ws.plan, plan)
    argv = [sys.executable, "-m", "reporting", "consolidate", "--period", PERIOD.key, "-w", str(ws.root)]
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, summed_rss_mib(process.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    return elapsed, peak


def run(n: int, workdir: Path, naive_max: int) -> dict[str, float]:
    """One size, once: templates, intake + consolidation, report, the naive, the calamine and our read
    (``main`` runs each size once per round and keeps each step's fastest time: ``fastest_of``)."""
    plan = unit_plan(n)
    results: dict[str, float] = {}
    ws = fresh_workspace(workdir / f"n{n}")
    # the call `reporting templates --units` makes: the process pool over every core, shared sheets reused
    made = timed("templates", results, write_templates, plan, PERIOD, ws.templates, None, True)
    assert not made.failed and len(made.written) == n, "every unit template must be written"
    paths = filled(plan, n, workdir)
    gc.collect()
    fill_inbox(ws, paths)
    with few_collections():  # as `reporting consolidate` runs them (reporting.workflow.run_period)
        with SummedRss() as memory:
            intake = timed("intake", results, run_intake, ws, plan, PERIOD)
        results["intake_sum_mib"] = memory.peak_mib
        result = timed("consolidate", results, consolidate, plan, intake)
    with few_collections():
        timed("report", results, lambda: (write_report(result, ws.outbox), write_feedback(result, ws.outbox)))
    if n <= naive_max:
        timed("naive", results, naive_read, paths)
    if have_calamine():
        timed("calamine", results, calamine_read, paths)
    timed("our_read", results, our_read, paths)
    results["files"] = len(paths)
    results["accepted"] = sum(1 for f in intake.files if f.accepted)
    results["peak_mib"] = peak_rss_mib()
    results["equal"], results["equal_findings"] = careful_equality(paths, plan, ws.root / "mistakes")  # not timed
    results["command"], results["command_mib"] = whole_command(plan, paths, workdir / f"command-{n}")
    return results


TIMES = ("templates", "intake", "consolidate", "report", "naive", "calamine", "our_read", "command")


def fastest_of(results: list[dict[str, float]]) -> dict[str, float]:
    """One size's rounds as one row: each step's fastest time; memory and counts from the first round.

    Memory is the first round's: in later rounds this process still holds the largest size's pages
    (RSS does not shrink), and the workers it forks start from them."""
    out = dict(results[0])
    for later in results[1:]:
        for key in TIMES:
            if key in later:
                out[key] = min(out[key], later[key])
    return out


def with_ratios(n: int, r: dict[str, float]) -> dict[str, float]:
    """The row with its size, our time (intake + consolidation) and the ratios against the other readers."""
    r = dict(r, n=n, ours=r["intake"] + r["consolidate"])
    r["per_file_ms"] = 1000 * r["ours"] / n
    if "naive" in r:
        r["naive_ratio"] = r["naive"] / r["ours"]
    if "calamine" in r:
        r["calamine_ratio"] = r["ours"] / r["calamine"]
        r["read_ratio"] = r["our_read"] / r["calamine"]
    return r


def compile_package() -> None:
    """Write the package's bytecode, as pip does when it installs it.

    Where PYTHONDONTWRITEBYTECODE is set (as on this machine), every process the command and the
    suite start would otherwise compile each module changed since bytecode was last written (about
    0.2 s per process after a day's work), and the timings would depend on the checkout's history."""
    import compileall

    import reporting

    compileall.compile_dir(str(Path(reporting.__file__).parent), quiet=1)
