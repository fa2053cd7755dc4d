"""Writing many templates: one job per reporter, over a process pool on every core when there are many.

A template that cannot be written — its build raises, or its worker process
dies — is reported with a Swedish problem; the others are still written (each
atomically, so a failed one leaves no half file). The pool is the intake's
(``reporting.pool``).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xlsxwriter.exceptions import XlsxFileError

from reporting.errors import DISK_FULL, os_reason
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.pool import Stalled, in_parts, run_resilient
from reporting.progress import Progress
from reporting.template.shared import SharedSheets
from reporting.workspace import remove_leftovers

PARALLEL_FROM = 24  # below this, starting worker processes costs more than it saves
DIED = "arbetsprocessen som skrev den avslutades oväntat"


@dataclass(frozen=True)
class Job:
    """One template to write: whose, and where."""

    division_id: str
    unit_id: str
    path: Path


@dataclass(frozen=True)
class Failed:
    """A template that could not be written, with the problem in Swedish."""

    path: Path
    problem: str


@dataclass
class TemplateRun:
    """The templates written, in the order asked for, and those that could not be written."""

    written: list[Path] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    processes: int = 1  # worker processes the jobs ran in (1: in this process)
    set_aside: list[Path] = field(default_factory=list)  # older templates moved to äldre/ (template.stale)


Build = Callable[[Plan, Period, Job, SharedSheets], Path]
_worker: tuple[Build, Plan, Period, SharedSheets] | None = None  # each worker process's run, set at its start


def run_jobs(
    build: Build,
    plan: Plan,
    period: Period,
    jobs: list[Job],
    workers: int | None = None,
    progress: Progress | None = None,
) -> TemplateRun:
    """Run ``build`` for every job, in a process pool when there are ``PARALLEL_FROM`` or more.

    The jobs' folders are cleared first of what a killed run left there (``remove_leftovers``): the caller holds
    the workspace lock, as every command that writes templates does.
    """
    remove_leftovers({job.path.parent for job in jobs})
    plan.digest()  # once here, not once per process: every template carries it
    workers = workers or os.cpu_count() or 1
    done: dict[int, Path | Failed] = {}
    run = TemplateRun()
    if workers == 1 or len(jobs) < PARALLEL_FROM:
        finished: Iterable[int] = _serially(build, plan, period, jobs, done)
    else:
        finished = _in_pools(build, plan, period, jobs, workers, done)
        run.processes = workers
    for _ in progress(finished, len(jobs)) if progress else finished:
        pass
    for index in range(len(jobs)):
        outcome = done[index]
        if isinstance(outcome, Failed):
            run.failed.append(outcome)
        else:
            run.written.append(outcome)
    return run


def _safely(build: Build, plan: Plan, period: Period, job: Job, shared: SharedSheets) -> Path | Failed:
    """``build``, with any exception the job causes turned into its failure."""
    try:
        return build(plan, period, job, shared)
    except Exception as exc:  # a bug or a file-system problem stops this template only
        return Failed(job.path, problem(exc))


def problem(exc: BaseException) -> str:
    """Why a template could not be written, in Swedish."""
    cause = exc.args[0] if isinstance(exc, XlsxFileError) and exc.args else exc
    if isinstance(cause, OSError):
        if cause.errno in DISK_FULL:
            reason = "disken är full; frigör utrymme och kör igen"
        elif isinstance(cause, PermissionError):
            reason = "åtkomst nekas; kontrollera behörigheten till mappen och stäng filen om den är öppen i Excel"
        else:
            said = f" ({reason})" if (reason := os_reason(cause)) else ""
            reason = f"filen kunde inte skrivas{said}; kontrollera att mappen finns och går att skriva i"
    else:
        reason = f"ett oväntat fel (av typen {type(exc).__name__}); kör igen och rapportera felet om det kvarstår"
    return f"mallen kunde inte skrivas: {reason}."


def _serially(
    build: Build, plan: Plan, period: Period, jobs: list[Job], done: dict[int, Path | Failed]
) -> Iterator[int]:
    shared = SharedSheets()
    for index, job in enumerate(jobs):
        done[index] = _safely(build, plan, period, job, shared)
        yield index


def _init_worker(build: Build, plan: Plan, period: Period) -> None:
    global _worker
    _worker = (build, plan, period, SharedSheets())


def _in_worker(jobs: list[Job]) -> list[Path | Failed]:
    assert _worker is not None
    build, plan, period, shared = _worker
    return [_safely(build, plan, period, job, shared) for job in jobs]


def _failed(job: Job, exc: BaseException | None) -> Failed:
    """A template whose task raised outside its build (``exc``), or whose worker died with it alone (None)."""
    if isinstance(exc, Stalled):
        return Failed(
            job.path,
            f"mallen kunde inte skrivas: den blev inte klar på {exc.waited}; "
            "kör igen och rapportera felet om det kvarstår.",
        )
    return Failed(job.path, problem(exc) if exc is not None else f"mallen kunde inte skrivas: {DIED}.")


def _in_pools(
    build: Build, plan: Plan, period: Period, jobs: list[Job], workers: int, done: dict[int, Path | Failed]
) -> Iterator[int]:
    """Fill ``done``, yielding each index as its outcome arrives (``reporting.pool``: a dying worker costs its job)."""
    outcomes = run_resilient(
        _in_worker,
        jobs,
        workers,
        _init_worker,
        (build, plan, period),
        _failed,
        in_parts(workers),
        after_broken=_remove_leftovers,
    )
    for index, outcome in outcomes:
        done[index] = outcome
        yield index


def _remove_leftovers(jobs: list[Job]) -> None:
    """Remove the temporary files of jobs whose worker was ended midway (when a pool breaks, all its workers are).

    ``reporting.atomic.atomic_path`` names them ".<stem>.<random><suffix>.tmp" beside the target; the
    jobs are run again, and their pool has ended, so no process is still writing them.
    """
    for job in jobs:
        pattern = f".{glob.escape(job.path.stem[:40])}.*{glob.escape(job.path.suffix)}.tmp"
        for stray in job.path.parent.glob(pattern):
            stray.unlink(missing_ok=True)
