"""Benchmark: template generation, intake + validation, consolidation and report writing for N unit workbooks.

Run:  python benchmarks/bench.py            (N = 100 and 1000)
      python benchmarks/bench.py --n 200    (one size)

For each N it generates N filled unit workbooks (all sheets, ~20 key figures,
~26 uppdrag, 5 account groups, the division's measures, two investments per
unit), then times each step, measures peak memory (RSS of this process and its
worker processes), and runs a naive reader (pandas.read_excel with openpyxl on
every sheet of every file) on the same files for the ratio. Prints a table.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reporting.consolidate.consolidation import consolidate
from reporting.demo.units import unit_plan, write_unit_submissions
from reporting.intake.run import run_intake
from reporting.output.feedback import write_feedback
from reporting.output.report import write_report
from reporting.plan.periods import Period
from reporting.template.write import generate_templates
from reporting.workspace import Workspace

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


def naive_read(paths: list[Path]) -> None:
    for path in paths:
        pd.read_excel(path, sheet_name=None, engine="openpyxl")


def run(n: int, workdir: Path) -> dict[str, float]:
    plan = unit_plan(n)
    ws = Workspace(workdir / f"n{n}")
    if ws.root.exists():
        shutil.rmtree(ws.root)
    ws.inbox.mkdir(parents=True)
    results: dict[str, float] = {}
    timed("templates", results, generate_templates, plan, PERIOD, ws.templates, None, True)
    paths = write_unit_submissions(plan, PERIOD, ws.inbox)  # filled files: setup, not timed
    intake = timed("intake", results, run_intake, ws, plan, PERIOD)
    result = timed("consolidate", results, consolidate, plan, intake)
    timed("report", results, lambda: (write_report(result, ws.outbox), write_feedback(result, ws.outbox)))
    timed("naive", results, naive_read, paths)
    results["files"] = len(paths)
    results["accepted"] = sum(1 for f in intake.files if f.accepted)
    results["peak_mib"] = peak_rss_mib()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="*", default=[100, 1000], help="numbers of workbooks")
    parser.add_argument("--workdir", type=Path, default=None, help="where to write (default: a temp folder)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="reporting-bench-"))
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )
    print(f"Work folder: {workdir}")
    header = (
        f"{'N':>6} {'templates s':>12} {'intake s':>9} {'consol. s':>10} {'intake+cons':>12} "
        f"{'per file ms':>12} {'report s':>9} {'naive s':>8} {'naive/ours':>11} {'peak MiB':>9}"
    )
    print(header)
    print("-" * len(header))
    rows = []
    for n in args.n:
        r = run(n, workdir)
        ours = r["intake"] + r["consolidate"]
        rows.append((n, ours))
        print(
            f"{n:>6} {r['templates']:>12.1f} {r['intake']:>9.1f} {r['consolidate']:>10.2f} {ours:>12.1f} "
            f"{1000 * ours / n:>12.1f} {r['report']:>9.1f} {r['naive']:>8.1f} {r['naive'] / ours:>10.1f}x "
            f"{r['peak_mib']:>9.0f}"
        )
        assert r["accepted"] == r["files"] == n, "every generated workbook must be accepted"
    if len(rows) > 1:
        (n1, t1), (n2, t2) = rows[0], rows[-1]
        print(f"Growth: {n2 / n1:.0f}× the files took {t2 / t1:.1f}× the time (linear = {n2 / n1:.0f}×)")


if __name__ == "__main__":
    main()
