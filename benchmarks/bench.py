"""Benchmark: template generation, intake + validation, consolidation and report writing for N unit workbooks.

Run:  python benchmarks/bench.py                                          (N = 100 and 1000)
      python benchmarks/bench.py --sizes 200                              (one size)
      python benchmarks/bench.py --sizes 100 1000 3000 --write-readme     (regenerates
          benchmarks/README.md and benchmarks/scaling.png; needs the `bench` extra)
      python benchmarks/bench.py --sizes --suite 3                        (only the test suite's time)

For each N it generates N filled unit workbooks (all sheets, ~20 key figures,
~26 uppdrag, 5 account groups, the division's measures, two investments per
unit), then times each step, measures peak memory (RSS of this process and its
worker processes), and runs a naive reader (pandas.read_excel with openpyxl on
every sheet of every file) and, when python-calamine is installed, calamine's
bare value read of every sheet on the same files for the ratios, beside our reader's own
read of every sheet (no rules). Prints a table
and, per step between sizes, the growth verdict: time at k·N must stay within
k · 1.125 × the time at N (for k = 4: ≤ 4.5×). With ``--suite RUNS`` it also times the
test suite as a whole process (benchmarks/suite.py): RUNS runs without the LibreOffice
tests, then one whole run.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import itertools
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
from suite import WITHOUT_OFFICE, SuiteRun, clear_test_cache, markdown, run_suite, time_suite, verdict

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


GROWTH_SLACK = 1.125  # time at k·N may be k × 1.125 × the time at N: 4.5× for 4×
HERE = Path(__file__).resolve().parent


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


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


COLUMNS = [
    # (heading, key or function of the row, format)
    ("N", "n", "{:d}"),
    ("templates s", "templates", "{:.1f}"),
    ("intake s", "intake", "{:.1f}"),
    ("consol. s", "consolidate", "{:.2f}"),
    ("intake+cons s", "ours", "{:.1f}"),
    ("per file ms", "per_file_ms", "{:.1f}"),
    ("report s", "report", "{:.1f}"),
    ("naive s", "naive", "{:.1f}"),
    ("naive/ours", "naive_ratio", "{:.1f}×"),
    ("calamine s", "calamine", "{:.2f}"),
    ("ours/calamine", "calamine_ratio", "{:.1f}×"),
    ("our read s", "our_read", "{:.2f}"),
    ("read/calamine", "read_ratio", "{:.1f}×"),
    ("peak MiB", "peak_mib", "{:.0f}"),
    ("command s", "command", "{:.1f}"),
    ("command Σ MiB", "command_mib", "{:.0f}"),
    ("intake Σ MiB", "intake_sum_mib", "{:.0f}"),
    ("fast = careful", "equal", "{:.0f} files"),
    ("their findings", "equal_findings", "{:.0f}"),
]


def cells(r: dict[str, float]) -> list[str]:
    out = []
    for _, key, fmt in COLUMNS:
        value = r.get(key)
        out.append("–" if value is None else fmt.format(int(value) if fmt == "{:d}" else value))
    return out


def growth_verdicts(rows: list[dict[str, float]]) -> list[str]:
    """One line per step between sizes: time at k·N ≤ k × 1.125 × time at N (4.5× for 4×)."""
    lines = []
    for a, b in itertools.pairwise(rows):
        k = b["n"] / a["n"]
        ratio = b["ours"] / a["ours"]
        limit = k * GROWTH_SLACK
        verdict = "OK" if ratio <= limit else "FAIL"
        lines.append(
            f"Growth {a['n']:.0f} → {b['n']:.0f} ({k:g}× the files): intake+consolidation took {ratio:.2f}× "
            f"the time, limit {limit:.2f}× — {verdict}"
        )
    return lines


def plot(rows: list[dict[str, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ns = [r["n"] for r in rows]
    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(11, 4.2))
    series = [
        ("intake + consolidation", "ours"),
        ("naive pandas.read_excel", "naive"),
        ("report + feedback", "report"),
        ("whole consolidate command", "command"),
    ]
    if all("calamine" in r for r in rows):
        series.append(("calamine bare read", "calamine"))
    for label, key in series:
        have = [r for r in rows if key in r]  # the naive reader is skipped above --naive-max
        ax_t.plot([r["n"] for r in have], [r[key] for r in have], marker="o", label=label)
    first = rows[0]
    ax_t.plot(
        ns, [first["ours"] * n / first["n"] for n in ns], linestyle=":", color="grey", label="linear from smallest N"
    )
    for ax in (ax_t, ax_m):
        ax.set_xscale("log")
        ax.set_xlabel("N workbooks")
        ax.grid(True, which="both", alpha=0.3)
    ax_t.set_yscale("log")
    ax_t.set_ylabel("seconds")
    ax_t.set_title("Time against N")
    ax_t.legend(fontsize=8)
    ax_m.plot(ns, [r["peak_mib"] for r in rows], marker="o", color="tab:red", label="benchmark process (largest)")
    ax_m.plot(ns, [r["command_mib"] for r in rows], marker="s", color="tab:purple", label="consolidate, all processes")
    ax_m.axhline(1024, color="grey", linestyle=":", label="1 GiB")
    ax_m.legend(fontsize=8)
    ax_m.set_ylabel("peak RSS, MiB")
    ax_m.set_title("Peak memory against N")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_readme(
    rows: list[dict[str, float]], verdicts: list[str], suite: str, command: str, path: Path, repeat: int
) -> None:
    heads = [h for h, _, _ in COLUMNS]
    table = ["| " + " | ".join(heads) + " |", "|" + "|".join("---:" for _ in heads) + "|"]
    table += ["| " + " | ".join(cells(r)) + " |" for r in rows]
    text = f"""# Benchmark

Generated by `{command}` — do not edit by hand; run the command again.

- Date: {datetime.date.today().isoformat()}
- Machine: {machine()}

For each N, `reporting.demo.units.unit_plan(N)` and `write_unit_submissions` make N filled
unit workbooks (not timed). Timed: `templates` (all unit templates), `intake` (reading and
checking every workbook, parallel), `consol.` (consolidation), `report` (report and all
återkopplingar). `naive` reads every sheet of every file with `pandas.read_excel(engine="openpyxl")`;
`calamine` is python-calamine's bare value read of every sheet
(`CalamineWorkbook.from_path(p)` then `get_sheet_by_name(name).to_python()` for each sheet),
a floor no checking reader will reach. `naive/ours` > 1 means we are faster than the naive
reader; `ours/calamine` is how many times the bare read our intake + consolidation takes.
`our read` is our reader's read of the same files in one process, as calamine's: the safety
scan, then every cell's formula, cached value, number format and type (`open_book`, then
`rows` of every sheet; the path intake takes, without the rules, staging and archive);
`read/calamine` is how many times calamine's read it takes.
Every size is run {repeat} times (`--repeat`), in rounds: all sizes, then all of them again (intake in
a fresh workspace each time), and each step's fastest time is shown (memory: the first round's, as
this process keeps the largest size's pages afterwards). This
machine's speed and its disk's fsync time drift by a fifth within minutes: repeats run back to back
shared a slow spell (one such run had the 1 000 files' intake 20 % slower than the 100 and
10 000 files' and failed the growth check), rounds spread them over the whole run. One of the test
suite's runs without LibreOffice follows each round, the others come at the end.
The package's bytecode is written first, as pip does when it installs it (this machine sets
PYTHONDONTWRITEBYTECODE, so otherwise every process would compile each changed module again).
Before each intake the inbox files are read once, untimed, so they are in the OS cache as files
just dropped into an inbox are: this machine's kernel reclaims idle file pages within minutes, and
a cold read of 10 000 files measured its virtual disk (66 s once), not the toolkit.
Peak MiB is the peak RSS of the benchmark process or its largest worker; intake Σ MiB is the
peak of the RSS summed over the benchmark process and its workers during intake. `fast = careful`:
on that many files spread over the inbox, the fast reader's findings and values were asserted
equal to the careful (openpyxl) reader's (10 of them resaved with typical mistakes typed in;
`their findings` counts the findings compared). `command s` and `command Σ MiB` are the whole
`reporting consolidate --period 2025-T1` command in a fresh workspace with the same N files and the
plan written to plan.xlsx, as users run it (imports, plan, intake, consolidation, history, report,
Källor CSV and Word draft): wall time, and the peak of the RSS summed over the command and all its
workers (sampled every 50 ms). `–`: the naive reader is not run above N = 3 000 (`--naive-max`).

{chr(10).join(table)}

Growth check (time at 4·N ≤ 4.5 × time at N, i.e. k × {GROWTH_SLACK} for a step of k×):

{chr(10).join("- " + v for v in verdicts)}

![Time and memory against N](scaling.png)

## The test suite

The README's test command (`python -m pytest -q`, pytest-xdist over every core) timed as a whole
process on the same machine: without the LibreOffice tests (`-m "not libreoffice"`, the number
issue 16 asks to keep under 30 s), then the whole suite once. CPU is summed over pytest's workers
and every process they start. PostgreSQL variants run only where `REPORTING_TEST_PG_URL` names a
server (`.ci/run` starts one); elsewhere they are among the skipped. The suite runs without
PYTHONDONTWRITEBYTECODE, as on a developer's machine, so pytest keeps the test modules it rewrote
for its assertion messages between runs: run #1 starts without them, as a first run after a clone
does (each worker then rewrites them all, about 1.5 s), the later runs reuse them. `speed check s`
is the wall time of a fixed pure-Python loop (10⁷ additions, one process) just before each run: this machine's
speed drifts by a fifth within minutes and by up to half between days, and the suite's time follows
it, so read a suite time beside the speed it was measured at.

{suite}
"""
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", "--n", dest="sizes", type=int, nargs="*", default=[100, 1000], help="numbers of workbooks"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where to write; filled workbooks are kept and reused (default: temp)",
    )
    parser.add_argument(
        "--naive-max", type=int, default=3000, help="run the naive reader up to this N only (it takes ~45 s per 1 000)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        metavar="K",
        help="run every size K times, in rounds (all sizes, then all again), and keep each step's fastest time",
    )
    parser.add_argument(
        "--write-readme", action="store_true", help="write benchmarks/README.md and benchmarks/scaling.png"
    )
    parser.add_argument(
        "--suite", type=int, default=0, metavar="RUNS", help="also time the test suite: RUNS runs without LibreOffice"
    )
    args = parser.parse_args()
    if args.write_readme and not args.sizes:
        parser.error("--write-readme needs at least one size")
    if args.write_readme:
        import matplotlib  # noqa: F401  fail before the long run, not after it

        if not have_calamine():
            parser.error("--write-readme needs python-calamine (pip install 'reporting[bench]')")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="reporting-bench-"))
    compile_package()
    if args.suite:
        clear_test_cache()  # the first suite run is a first run after a clone
    print(f"Machine: {machine()}")
    print(f"Work folder: {workdir}")
    widths = [max(len(h), 7) for h, _, _ in COLUMNS]
    header = " ".join(h.rjust(w) for (h, _, _), w in zip(COLUMNS, widths))
    print(header)
    print("-" * len(header))
    rounds: dict[int, list[dict[str, float]]] = {n: [] for n in args.sizes}
    early: list[SuiteRun] = []  # the suite runs made between rounds
    for number in range(1, args.repeat + 1):
        for n in args.sizes:
            shutil.rmtree(workdir / f"command-{n}", ignore_errors=True)
            r = with_ratios(n, run(n, workdir, args.naive_max))
            assert r["accepted"] == r["files"] == n, "every generated workbook must be accepted"
            rounds[n].append(r)
            print(" ".join(c.rjust(w) for c, w in zip(cells(r), widths)), f" (round {number})", flush=True)
        if number < args.repeat and len(early) < args.suite:
            early.append(run_suite(WITHOUT_OFFICE))
    for n in args.sizes:
        for stale in (f"n{n}", f"command-{n}") + (() if args.workdir else (f"filled-{n}",)):
            shutil.rmtree(workdir / stale, ignore_errors=True)
    rows = [with_ratios(n, fastest_of(rounds[n])) for n in args.sizes]
    print("Fastest of the rounds:")
    for r in rows:
        print(" ".join(c.rjust(w) for c, w in zip(cells(r), widths)), flush=True)
    verdicts = growth_verdicts(rows)
    for line in verdicts:
        print(line)
    suite = "Not timed in this run (add `--suite 3`)."
    if args.suite:
        later, whole = time_suite(args.suite - len(early))
        without = early + later
        for run_ in without + ([whole] if whole else []):
            print(f"suite: {run_.wall:.1f} s wall, {run_.user + run_.system:.1f} s CPU — {run_.summary}")
        print(verdict(without))
        suite = markdown(without, whole)
    if args.write_readme:
        command = f"python benchmarks/bench.py --sizes {' '.join(str(n) for n in args.sizes)} --repeat {args.repeat}"
        command += f" --suite {args.suite} --write-readme" if args.suite else " --write-readme"
        plot(rows, HERE / "scaling.png")
        write_readme(rows, verdicts, suite, command, HERE / "README.md", args.repeat)
        print(f"Wrote {HERE / 'README.md'} and {HERE / 'scaling.png'}")


if __name__ == "__main__":
    main()
