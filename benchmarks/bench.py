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
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_steps import compile_package, fastest_of, have_calamine, run, with_ratios
from bench_table import COLUMNS, cells, growth_verdicts, machine, plot, write_readme
from suite import WITHOUT_OFFICE, SuiteRun, clear_test_cache, markdown, run_suite, time_suite, verdict

HERE = Path(__file__).resolve().parent


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
