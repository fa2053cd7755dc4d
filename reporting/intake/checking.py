"""Checking files: one file's reading and content rules, and many files over a process pool.

One file's failure — an exception, or a worker process dying — is that file's
finding (file-unreadable), never the run's: a broken pool is replaced, and a
file that kills every worker is checked alone in a process of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from reporting.findings import Rule, error
from reporting.intake.read import printable, read_file, sha256_of
from reporting.intake.rules import check_submission
from reporting.intake.submission import FileResult
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.progress import Progress

_worker_plan: Plan | None = None  # each worker process gets the plan once, at start
PARALLEL_FROM = 24  # below this, starting worker processes costs more than it saves


RESEND = "Öppna den i Excel eller LibreOffice, spara och skicka igen."


def check_file(
    path: str | Path, plan: Plan, period: Period | None = None, display_name: str | None = None, careful: bool = False
) -> FileResult:
    """Read one file and run every content rule on it (the controller's own check)."""
    result = read_file(path, plan, period, display_name, careful)
    if result.submission is not None:
        result.findings.extend(check_submission(plan, result.submission, result.findings))
    return result


def _unreadable(path: Path, name: str | None, problem: str) -> FileResult:
    """The result of a file whose check failed outright: one FILE_UNREADABLE finding, nothing accepted."""
    shown = Path(name) if name else path.with_name(printable(path.name))
    try:
        digest = sha256_of(path)
    except OSError:
        digest = ""
    return FileResult(shown, digest, [error(Rule.FILE_UNREADABLE, problem=problem, file=shown.name)])


def _check_safely(path: Path, plan: Plan, period: Period, name: str | None) -> FileResult:
    """``check_file``, with any exception the file causes turned into that file's finding."""
    try:
        return check_file(path, plan, period, name)
    except Exception as exc:  # a bug or a file nobody foresaw stops this file only
        return _unreadable(path, name, f"filen kunde inte kontrolleras ({type(exc).__name__}). {RESEND}")


def _init_worker(plan: Plan) -> None:
    global _worker_plan
    _worker_plan = plan


def _check_in_worker(path: Path, period: Period, name: str | None) -> FileResult:
    assert _worker_plan is not None
    return _check_safely(path, _worker_plan, period, name)


def check_files(
    paths: list[Path],
    plan: Plan,
    period: Period,
    workers: int | None = None,
    progress: Progress | None = None,
    names: list[str] | None = None,
) -> list[FileResult]:
    """Check many files, in a process pool over all cores when there are enough of them.

    ``names`` are the names findings show (for archived copies), one per path.
    A file whose check raises, or kills its worker process, gets a FILE_UNREADABLE
    finding; the other files are checked as usual.
    """
    workers = workers or os.cpu_count() or 1
    shown: list[str | None] = list(names) if names else [None] * len(paths)
    if workers == 1 or len(paths) < PARALLEL_FROM:
        results: Iterable[FileResult] = (_check_safely(p, plan, period, n) for p, n in zip(paths, shown))
        return list(progress(results, len(paths)) if progress else results)
    done: dict[int, FileResult] = {}
    finished = _check_in_pools(paths, shown, plan, period, workers, done)
    for _ in progress(finished, len(paths)) if progress else finished:
        pass
    return [done[i] for i in range(len(paths))]


def _check_in_pools(
    paths: list[Path], shown: list[str | None], plan: Plan, period: Period, workers: int, done: dict[int, FileResult]
) -> Iterator[int]:
    """Fill ``done``, yielding each index as its result arrives; a broken pool is replaced by a fresh one.

    When a worker dies, the files it took down with it are checked again in a new
    pool; when a round gets no file through, its first file is checked alone, so a
    file that kills every worker ends as its own finding and the run goes on.
    """
    pending = list(range(len(paths)))
    while pending:
        broken = []
        with ProcessPoolExecutor(
            max_workers=min(workers, len(pending)), initializer=_init_worker, initargs=(plan,)
        ) as pool:
            futures = [(i, pool.submit(_check_in_worker, paths[i], period, shown[i])) for i in pending]
            for i, future in futures:
                outcome = _outcome(future, paths[i], shown[i])
                if outcome is None:
                    broken.append(i)
                else:
                    done[i] = outcome
                    yield i
        if broken and len(broken) == len(pending):
            first = broken.pop(0)
            done[first] = _check_alone(paths[first], shown[first], plan, period)
            yield first
        pending = broken


def _outcome(future: Future[FileResult], path: Path, name: str | None) -> FileResult | None:
    """The future's result; None when its pool broke (check it again), a finding when it failed otherwise."""
    try:
        return future.result()
    except BrokenProcessPool:
        return None
    except Exception as exc:  # e.g. a result that cannot be sent back from the worker
        return _unreadable(path, name, f"filen kunde inte kontrolleras ({type(exc).__name__}). {RESEND}")


def _check_alone(path: Path, name: str | None, plan: Plan, period: Period) -> FileResult:
    with ProcessPoolExecutor(max_workers=1, initializer=_init_worker, initargs=(plan,)) as pool:
        outcome = _outcome(pool.submit(_check_in_worker, path, period, name), path, name)
    return outcome or _unreadable(
        path, name, f"kontrollen av filen avbröts (arbetsprocessen som läste den avslutades oväntat). {RESEND}"
    )
