"""The intake run over ``inbox/``: archive accepted files, keep a log, pick the current submission.

Originals in ``inbox/`` are only ever read. Each accepted file is copied into
``archive/<period>/<division>/`` under its SHA-256; the newest accepted file of a
division and period is the one consolidated, earlier ones stay in the archive.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import repeat
from pathlib import Path

from reporting.findings import Finding, Rule, error
from reporting.intake.archive import (
    LogEntry,
    _append_log,
    _archive,
    _load_index,
    _save_index,
)
from reporting.intake.read import iter_inbox, read_file
from reporting.intake.rules import check_submission
from reporting.intake.submission import FileResult
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.progress import Progress
from reporting.workspace import Workspace

PARALLEL_FROM = 24  # below this, starting worker processes costs more than it saves


@dataclass
class IntakeResult:
    period: Period
    files: list[FileResult] = field(default_factory=list)  # this run's inbox files
    current: dict[str, FileResult] = field(default_factory=dict)  # reporter ("MED" or "MED/AKUT") -> file
    log: list[LogEntry] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        """Findings of the consolidated submissions and of every rejected file."""
        rejected = [f for r in self.files if not r.accepted for f in r.findings]
        return rejected + [f for r in self.current.values() for f in r.findings]


def check_file(
    path: str | Path, plan: Plan, period: Period | None = None, display_name: str | None = None, careful: bool = False
) -> FileResult:
    """Read one file and run every content rule on it (the controller's own check)."""
    result = read_file(path, plan, period, display_name, careful)
    if result.submission is not None:
        result.findings.extend(check_submission(plan, result.submission, result.findings))
    return result


_worker_plan: Plan | None = None


def _init_worker(plan: Plan) -> None:
    global _worker_plan
    _worker_plan = plan


def _check_in_worker(path: Path, period: Period, name: str | None) -> FileResult:
    assert _worker_plan is not None
    return check_file(path, _worker_plan, period, name)


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
    """
    workers = workers or os.cpu_count() or 1
    shown: list[str | None] = list(names) if names else [None] * len(paths)
    if workers == 1 or len(paths) < PARALLEL_FROM:
        results: Iterable[FileResult] = (check_file(p, plan, period, n) for p, n in zip(paths, shown))
        return list(progress(results, len(paths)) if progress else results)
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(plan,)) as pool:
        mapped = pool.map(_check_in_worker, paths, repeat(period), shown, chunksize=max(1, len(paths) // (workers * 8)))
        return list(progress(mapped, len(paths)) if progress else mapped)


def run_intake(
    ws: Workspace, plan: Plan, period: Period, progress: Progress | None = None, workers: int | None = None
) -> IntakeResult:
    """Read every inbox file for ``period``, archive the accepted ones, return the current set."""
    now = datetime.now().replace(microsecond=0).isoformat()
    result = IntakeResult(period)
    result.files = check_files(list(iter_inbox(ws.inbox)), plan, period, workers, progress)
    _reject_duplicates(result, plan)
    index = _load_index(ws)
    archived = {(e["sha256"], e["period"]) for e in index}
    for file in result.files:
        entry = LogEntry(
            now,
            file.path.name,
            file.sha256,
            file.reporter,
            file.period or period.key,
            file.template_version,
            "godkänd" if file.accepted else "avvisad",
            "" if file.accepted else "; ".join(f.message for f in file.findings if f.severity.value == "fel")[:300],
        )
        if file.accepted:
            if (file.sha256, period.key) in archived:
                entry.result, entry.reason = "oförändrad", "samma fil som redan finns i arkivet"
            else:
                index.append(_archive(ws, file, period, now))
                archived.add((file.sha256, period.key))
        result.log.append(entry)
    _save_index(ws, index)
    _append_log(ws, result.log)
    read_now = {f.sha256: f for f in result.files if f.accepted}
    result.current = _current(ws, plan, period, index, read_now, workers)
    return result


def _reject_duplicates(result: IntakeResult, plan: Plan) -> None:
    """Two accepted files for one division in one run: use neither, never guess."""
    by_reporter: dict[str, list[FileResult]] = defaultdict(list)
    for file in result.files:
        if file.accepted:
            by_reporter[file.reporter].append(file)
    for files in by_reporter.values():
        if len(files) < 2:
            continue
        names = ", ".join(f.path.name for f in files)
        who = files[0].submission.reporter.name if files[0].submission else files[0].reporter
        for file in files:
            file.submission = None
            file.findings.insert(
                0,
                error(
                    Rule.DUPLICATE_DIVISION,
                    who=who,
                    names=names,
                    file=file.path.name,
                    division=who,
                ),
            )


def _current(
    ws: Workspace,
    plan: Plan,
    period: Period,
    index: list[dict[str, str]],
    read_now: dict[str, FileResult],
    workers: int | None = None,
) -> dict[str, FileResult]:
    """The newest archived submission per reporter; files read in this run are not read again."""
    latest: dict[str, dict[str, str]] = {}
    for entry in index:
        if entry["period"] == period.key:
            latest[entry.get("reporter", entry["division"])] = entry  # index is in time order: later wins
    reuse = {r: read_now.get(e["sha256"]) for r, e in latest.items()}
    again = [r for r, found in reuse.items() if found is None or found.path.name != latest[r]["file"]]
    reread = check_files(
        [ws.root / latest[r]["archived"] for r in again],
        plan,
        period,
        workers,
        names=[latest[r]["file"] for r in again],
    )
    reuse.update(zip(again, reread))
    current = {}
    for reporter, entry in latest.items():
        result = reuse[reporter]
        if result is not None and result.submission is not None:
            result.submission = replace(result.submission, received=entry["time"])
            current[reporter] = result
    return current
