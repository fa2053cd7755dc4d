"""Checking files: one file's reading and content rules, and many files over a process pool.

One file's failure — an exception, or a worker process dying — is that file's
finding (file-unreadable), never the run's (``reporting.pool``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import partial
from pathlib import Path

from reporting.findings import Rule, error
from reporting.intake.read import RESEND, UNREADABLE, printable, read_file, sha256_of
from reporting.intake.rules import check_submission
from reporting.intake.submission import FileResult
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.pool import Stalled, run_resilient, tapering
from reporting.progress import Progress

_worker_plan: Plan | None = None  # each worker process gets the plan once, at start
PARALLEL_FROM = 24  # below this, starting worker processes costs more than it saves


def check_file(
    path: str | Path,
    plan: Plan,
    period: Period | None = None,
    display_name: str | None = None,
    careful: bool = False,
    sha256: str | None = None,
    today: date | None = None,
) -> FileResult:
    """Read one file and run every content rule on it (the controller's own check)."""
    result = read_file(path, plan, period, display_name, careful, sha256, today)
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


def _check_safely(
    path: Path, plan: Plan, period: Period, name: str | None, digest: str | None, today: date
) -> FileResult:
    """``check_file``, with any exception the file causes turned into that file's finding."""
    try:
        return check_file(path, plan, period, name, sha256=digest, today=today)
    except Exception:  # a bug or a file nobody foresaw stops this file only
        return _unreadable(path, name, UNREADABLE)


Job = tuple[Path, str | None, str | None]  # (path, name findings show, SHA-256 if known)


def _init_worker(plan: Plan) -> None:
    global _worker_plan
    _worker_plan = plan


def _check_in_worker(jobs: list[Job], period: Period, today: date) -> list[FileResult]:
    assert _worker_plan is not None
    return [_check_safely(path, _worker_plan, period, name, digest, today) for path, name, digest in jobs]


def _failed(job: Job, exc: BaseException | None) -> FileResult:
    """A file whose task raised outside the check (``exc``), or whose worker died with it alone (None)."""
    if isinstance(exc, Stalled):
        return _unreadable(
            job[0],
            job[1],
            f"kontrollen av filen avbröts efter {exc.waited} utan resultat. {RESEND} Kvarstår felet, rapportera det.",
        )
    if exc is not None:
        return _unreadable(job[0], job[1], UNREADABLE)
    return _unreadable(
        job[0], job[1], f"kontrollen av filen avbröts (arbetsprocessen som läste den avslutades oväntat). {RESEND}"
    )


def check_files(
    paths: list[Path],
    plan: Plan,
    period: Period,
    workers: int | None = None,
    progress: Progress | None = None,
    names: list[str] | None = None,
    digests: list[str] | None = None,
    arrived: Callable[[int, FileResult], None] | None = None,
    today: date | None = None,
) -> list[FileResult]:
    """Check many files, in a process pool over all cores when there are enough of them.

    ``names`` are the names findings show (for archived copies), ``digests`` the
    files' SHA-256 when already known; one per path. A file whose check raises, or
    kills its worker process, gets a FILE_UNREADABLE finding; the other files are
    checked as usual. ``arrived(index, result)`` is called in this process as each
    result comes in, while the others are still being checked. ``today`` (default:
    the clock, read once for all files) tells whether a later period is over.
    """
    workers = workers or os.cpu_count() or 1
    today = today or date.today()
    shown: list[str | None] = list(names) if names else [None] * len(paths)
    known: list[str | None] = list(digests) if digests else [None] * len(paths)
    jobs: list[Job] = list(zip(paths, shown, known))
    if workers == 1 or len(paths) < PARALLEL_FROM:
        outcomes: Iterable[tuple[int, FileResult]] = (
            (i, _check_safely(p, plan, period, n, d, today)) for i, (p, n, d) in enumerate(jobs)
        )
    else:
        outcomes = run_resilient(
            partial(_check_in_worker, period=period, today=today),
            jobs,
            workers,
            _init_worker,
            (plan,),
            _failed,
            tapering(workers),
        )
    done: dict[int, FileResult] = {}
    finished = _as_done(outcomes, done, arrived)
    for _ in progress(finished, len(paths)) if progress else finished:
        pass
    return [done[i] for i in range(len(paths))]


def _as_done(
    outcomes: Iterable[tuple[int, FileResult]],
    done: dict[int, FileResult],
    arrived: Callable[[int, FileResult], None] | None,
) -> Iterator[FileResult]:
    """Each outcome kept in ``done`` (the first for an index) and told to ``arrived``, as it comes."""
    for index, result in outcomes:
        if index in done:
            continue
        done[index] = result
        if arrived is not None:
            arrived(index, result)
        yield result
