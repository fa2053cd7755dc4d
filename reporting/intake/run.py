"""The intake run over ``inbox/``: archive accepted files, keep a log, pick the current submission.

Originals in ``inbox/`` are only ever read, each once: into a staged copy that is
hashed, checked and (when accepted) archived as it is, in
``archive/<period>/<reporter>/`` under its SHA-256. The submission that arrived
last (an earlier version put back counts as arriving again) is the one
consolidated; earlier ones stay in the archive. ``withdraw`` takes a division's
current submission back without deleting anything. A run holds the workspace
lock, and completes what a killed run left (see ``reporting.intake.archive``).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from reporting.errors import InputError, ReportingError
from reporting.findings import Finding, Rule, error
from reporting.intake import in_force
from reporting.intake.archive import (
    SUBMITTED,
    WITHDRAWN,
    SourceUnreadable,
    Syncer,
    archive_name,
    clear_staging,
    commit,
    is_withdrawal,
    load_index,
    recover,
    stage,
)
from reporting.intake.arrival import (
    Arrival,
    arrival_time,
    before_template,
    if_copying,
    resaved,
    seen_as,
    shown_name,
    turns_late,
)
from reporting.intake.checking import check_files
from reporting.intake.duplicates import reject_duplicates
from reporting.intake.intake_log import LogEntry, LogResult
from reporting.intake.leftovers import archived_leftovers
from reporting.intake.read import iter_inbox, nested_files, unreadable_in_inbox
from reporting.intake.submission import OTHER_PERIOD_RULES, FileResult, own_file_wins
from reporting.intake.withdrawals import latest as latest_of
from reporting.intake.withdrawals import left_lying
from reporting.intake.withdrawals import withdrawn as withdrawn_of
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter, key_division, key_unit
from reporting.progress import Progress
from reporting.workspace import Workspace, tell_stderr
from reporting.xlsx.safety import MAX_FILE_BYTES


class NothingToWithdraw(ReportingError):
    """``withdraw`` found no current submission for the division (or unit) and period."""


@dataclass
class IntakeResult:
    period: Period
    files: list[FileResult] = field(default_factory=list)  # this run's inbox files
    current: dict[str, FileResult] = field(default_factory=dict)  # reporter ("MED" or "MED/AKUT") -> file
    log: list[LogEntry] = field(default_factory=list)
    withdrawn: dict[str, tuple[str, str]] = field(default_factory=dict)  # reporter -> (when, why), still withdrawn
    nested: list[str] = field(default_factory=list)  # workbooks in the inbox's subfolders, not read ("X/fil.xlsx")
    notes: list[str] = field(default_factory=list)  # what the run did that the office should know (said on the console)

    @property
    def used(self) -> list[FileResult]:
        """The current files consolidation uses: not the unit files a division's own file wins over."""
        return own_file_wins(list(self.current.values()))[0]

    @property
    def set_aside(self) -> list[FileResult]:
        """Current unit files not used because their division's own file is current (Inlämningar says so)."""
        return own_file_wins(list(self.current.values()))[1]

    @property
    def findings(self) -> list[Finding]:
        """Findings of the consolidated files and of every rejected file; set-aside files' are not the run's, nor
        are those of another period's files left in the inbox (the log and the inbox count name them). Each once:
        the current file's rejected copy (beside a newer one) is read as both."""
        rejected = [f for r in self.files if not r.accepted and not r.for_another_period for f in r.findings]
        return list(dict.fromkeys(rejected + [f for r in self.used for f in r.findings]))


# --- the intake run -------------------------------------------------------------------------------------


STAGE_THREADS = 4  # copying is system calls and hashing, both without the GIL: one thread per file left a core idle


def _stage_all(ws: Workspace, paths: list[Path], now: datetime) -> tuple[list[Arrival], dict[int, FileResult]]:
    """Copy every inbox file once into staging; files that cannot be read get their result at once.

    In a few threads, in the inbox's order; an error writing a copy (a full disk) stops the run.
    """
    arrivals = [Arrival(path, shown_name(path)) for path in paths]
    with ThreadPoolExecutor(max_workers=STAGE_THREADS) as pool:
        copies = [pool.submit(_stage_one, ws, now, n, arrival) for n, arrival in enumerate(arrivals)]
        try:
            problems = [copy.result() for copy in copies]
        except BaseException:
            pool.shutdown(cancel_futures=True)  # a full disk or Ctrl-C: the rest of the inbox is not copied
            raise
    return arrivals, {n: problem for n, problem in enumerate(problems) if problem is not None}


def _stage_one(ws: Workspace, now: datetime, number: int, arrival: Arrival) -> FileResult | None:
    """Stage one inbox file into ``arrival``; the file's result when it cannot be read, else None."""
    try:
        arrival.staged, arrival.sha256, info = stage(ws, arrival.source, number, MAX_FILE_BYTES)
    except SourceUnreadable as exc:
        return _problem(arrival, unreadable_in_inbox(exc.__cause__))
    except ValueError:
        return _problem(
            arrival,
            f"filen är över {MAX_FILE_BYTES // 1_000_000} MB; en ifylld mall är under 1 MB. Skicka den ifyllda mallen.",
            Rule.FILE_HOSTILE,
        )
    arrival.received = arrival_time(info, now)
    arrival.seen = seen_as(arrival.shown, info)
    return None


def _problem(arrival: Arrival, problem: str, rule: Rule = Rule.FILE_UNREADABLE) -> FileResult:
    return FileResult(Path(arrival.shown), "", [error(rule, problem=problem, file=arrival.shown)])


def run_intake(
    ws: Workspace,
    plan: Plan,
    period: Period,
    progress: Progress | None = None,
    workers: int | None = None,
    today: date | None = None,
    index: list[dict[str, str]] | None = None,
) -> IntakeResult:
    """Read every inbox file for ``period``, archive the accepted ones, return the current set.

    ``today`` (default: the run's day) tells a later period already over, whose files wait
    for their own run, from one still running, whose files are the wrong template. ``index``: the archive
    index's entries when the caller read them under the same lock with no journal pending (``check_synced``),
    so that a run reads the index once; else (None) it is read here.
    """
    with ws.lock():
        recover(ws)
        try:
            return _intake(ws, plan, period, progress, workers, today, index)
        finally:
            clear_staging(ws)  # kept only while a journal still refers to it


def _intake(
    ws: Workspace, plan: Plan, period: Period, progress: Progress | None, workers: int | None, today: date | None,
    index: list[dict[str, str]] | None,
) -> IntakeResult:  # fmt: skip
    started = datetime.now().replace(microsecond=0)
    now, today = started.isoformat(), today or started.date()
    result = IntakeResult(period, nested=nested_files(ws.inbox))
    arrivals, failed = _stage_all(ws, list(iter_inbox(ws.inbox)), started)
    todo = [i for i, a in enumerate(arrivals) if i not in failed]
    staged = [a.staged for i, a in enumerate(arrivals) if i not in failed and a.staged is not None]
    names, digests = [arrivals[i].shown for i in todo], [arrivals[i].sha256 for i in todo]
    index = load_index(ws) if index is None else list(index)
    latest = latest_of(index, period)
    archived = {e["sha256"]: e for e in index if e["period"] == period.key and not is_withdrawal(e)}
    with Syncer() as syncer:

        def arrived(number: int, file: FileResult) -> None:  # a new accepted file is archived: sync its copy now
            if file.accepted and file.sha256 not in archived:
                syncer.start(staged[number])

        checked = check_files(staged, plan, period, workers, progress, names, digests, arrived, today)
        checked = archived_leftovers([if_copying(arrivals[i], r) for i, r in zip(todo, checked)], index, period)
        by_number = {**failed, **dict(zip(todo, checked))}
        result.files = [by_number[i] for i in range(len(arrivals))]
        _believe(ws, plan, period, result.files, arrivals, latest, now, workers, today)
        _archive(ws, plan, period, now, result, arrivals, index, latest, archived, syncer)
    result.notes += [f"{e.file}: {e.reason}." for e in result.log if e.result is LogResult.ACCEPTED and e.reason]
    read_now = {f.sha256: f for f in result.files if f.accepted}
    result.current = _current(ws, plan, period, index, read_now, workers, today, result.notes)
    for note in result.notes:
        tell_stderr(f"Obs: {note}")
    result.withdrawn = withdrawn_of(index, period)
    return result


def _believe(
    ws: Workspace,
    plan: Plan,
    period: Period,
    files: list[FileResult],
    arrivals: list[Arrival],
    latest: dict[str, tuple[dict[str, str], str]],
    now: str,
    workers: int | None,
    today: date,
) -> None:
    """Each new accepted file's arrival as a controller takes it (``intake.arrival``): not before its period and
    template, and not later than the on-time submission in force when only re-saved. The submission in force is read to
    compare only where a re-save would turn it late."""
    deadline, compare = plan.deadline(period), []
    for file, arrival in zip(files, arrivals):
        last, withdrawn = latest.get(file.reporter, (None, ""))
        if not file.accepted or (last is not None and last["sha256"] == file.sha256):
            continue  # the file in force (or withdrawn) again: its index entry keeps its arrival
        before_template(arrival, file, now, period)
        if last is not None and not withdrawn and turns_late(last, arrival, deadline):
            compare.append((file, arrival, last))
    if compare:
        entries = [last for _, _, last in compare]
        paths = [ws.root / e["archived"] for e in entries]
        current = check_files(paths, plan, period, workers, names=[e["file"] for e in entries], today=today)
        for (file, arrival, last), old in zip(compare, current):
            resaved(arrival, file, old, last)


def _archive(
    ws: Workspace,
    plan: Plan,
    period: Period,
    now: str,
    result: IntakeResult,
    arrivals: list[Arrival],
    index: list[dict[str, str]],
    latest: dict[str, tuple[dict[str, str], str]],
    archived: dict[str, dict[str, str]],
    syncer: Syncer,
) -> None:
    """The run's log lines, and its new submissions moved into the archive and added to ``index`` (one commit)."""
    copies = reject_duplicates(result.files, [a.shown for a in arrivals], [a.received for a in arrivals])
    moves: list[tuple[Path, Path]] = []
    entries: list[dict[str, str]] = []
    for number, (file, arrival) in enumerate(zip(result.files, arrivals)):
        entry = LogEntry(
            now,
            arrival.shown,
            file.sha256,
            file.reporter,
            file.period or period.key,
            file.template_version,
            LogResult.ACCEPTED
            if file.accepted
            else LogResult.OTHER_PERIOD
            if file.for_another_period
            else LogResult.REJECTED,
            arrival.note if file.accepted else _reason(file),
            arrival.received,
        )
        result.log.append(entry)
        if not file.accepted:
            continue
        if number in copies:
            entry.result, entry.reason = LogResult.UNCHANGED, f"samma innehåll som {arrivals[copies[number]].shown}"
            continue
        last, withdrawn = latest.get(file.reporter, (None, ""))
        if (
            last is not None
            and last["sha256"] == file.sha256
            and (not withdrawn or left_lying(last, arrival, withdrawn))
        ):
            # the file in force again, or the withdrawn file still in the inbox
            entry.result = LogResult.WITHDRAWN if withdrawn else LogResult.UNCHANGED
            entry.reason = (
                f"filen återkallades {withdrawn}; skicka en ny fil för att lämna in igen"
                if withdrawn
                else "samma fil som redan finns i arkivet"
            )
            if not withdrawn:  # it arrived when the submission in force did (a touch or copy changes its time)
                entry.received = last.get("received") or last["time"]
                if arrival.staged is not None and in_force.restorable(ws, last):  # its archived copy was lost
                    moves.append((arrival.staged, ws.root / last["archived"]))
                    entry.reason = "samma fil som arkivets index har; arkivfilen saknades och har lagts tillbaka"
                    result.notes.append(f"{arrival.shown}: {entry.reason}.")
            continue
        earlier = archived.get(file.sha256)
        if earlier is not None:
            target = earlier["archived"]
            if arrival.staged is not None and in_force.restorable(ws, earlier):
                moves.append((arrival.staged, ws.root / target))  # its archived copy was lost: put back
            entry.result, entry.reason = (
                LogResult.RESUBMITTED,
                f"samma fil som inlämnades {earlier['time']}; den gäller igen",
            )
        else:
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")  # microseconds: order of arrival, even within a second
            folder = ws.archive / period.key / file.reporter  # within Windows' path limit (``archive_name``)
            final = folder / archive_name(stamp, file.sha256, arrival.shown, folder.relative_to(ws.root).as_posix())
            assert arrival.staged is not None
            moves.append((arrival.staged, final))
            target = str(final.relative_to(ws.root))
        index_entry = {
            "kind": SUBMITTED,
            "time": now,
            "received": arrival.received,
            "period": period.key,
            "division": file.division_id,
            "reporter": file.reporter,
            "sha256": file.sha256,
            "file": arrival.shown,
            "archived": target,
            "seen": arrival.seen,
        }
        entries.append(index_entry)
        archived.setdefault(file.sha256, index_entry)
        latest[file.reporter] = (index_entry, "")
    held = {(s, f.path.name) for s, f in {f.sha256: f for f in result.files if f.accepted}.items()}  # as _current
    in_force.require(
        ws, plan, period, {r: e for r, (e, gone) in latest.items() if not gone}, {t for _, t in moves}, held
    )
    commit(ws, moves, entries, result.log, syncer)
    index += entries


def _reason(file: FileResult) -> str:
    """Why a file is not used, for the log: its errors, or what its period is (a leftover has no error)."""
    shown = [f for f in file.findings if f.severity.value == "fel" or f.rule in OTHER_PERIOD_RULES]
    return "; ".join(f.message for f in shown)[:300]


def _current(
    ws: Workspace,
    plan: Plan,
    period: Period,
    index: list[dict[str, str]],
    read_now: dict[str, FileResult],
    workers: int | None = None,
    today: date | None = None,
    notes: list[str] | None = None,
) -> dict[str, FileResult]:
    """The latest archived submission per reporter, unless withdrawn; files read in this run are not read again.
    One whose archived file cannot be read is not current, and ``notes`` get a line that says so."""
    latest = {r: e for r, (e, withdrawn) in latest_of(index, period).items() if not withdrawn}
    reuse = {r: read_now.get(e["sha256"]) for r, e in latest.items()}
    again = [r for r, found in reuse.items() if found is None or found.path.name != latest[r]["file"]]
    reread = check_files(
        [ws.root / latest[r]["archived"] for r in again],
        plan,
        period,
        workers,
        names=[latest[r]["file"] for r in again],
        today=today,
    )
    reuse.update(zip(again, reread))
    current = {}
    for reporter, entry in latest.items():
        result = reuse[reporter]
        if result is not None and result.submission is not None:
            received = entry.get("received") or entry["time"]
            result.submission = replace(result.submission, received=received)
            current[reporter] = result
        elif notes is not None and (note := in_force.unread(plan, reporter, entry, result)):
            notes.append(f"{note}.")
    return current


# --- withdrawal -----------------------------------------------------------------------------------------


def withdraw(ws: Workspace, plan: Plan, period: Period, division: str, reason: str, unit: str = "") -> LogEntry:
    """The economy office takes back a division's (or unit's) current submission for ``period``.

    Nothing is deleted: the index gets an entry of kind "återkallad" with the
    reason and the log a line; the next consolidation counts the division as not
    submitted until a new file arrives. Raises InputError for an unknown division,
    unit or an empty reason, NothingToWithdraw when nothing is current.
    """
    ids = [d.id for d in plan.divisions]
    if division not in ids:
        raise InputError(f'divisionen "{division}" finns inte i planen. Ange en av: {", ".join(ids)}.')
    units = [u.id for u in plan.units_of(division)]
    if unit and unit not in units:
        hint = f"Ange en av: {', '.join(units)}." if units else "Divisionen har inga enheter i planen; utelämna --unit."
        raise InputError(f'enheten "{unit}" finns inte under division {division} i planen. {hint}')
    if not reason.strip():
        raise InputError('ange en orsak till återkallelsen med --reason, t.ex. --reason "fel siffror i Ekonomi".')
    reporter = Reporter.of(plan, division, unit)
    with ws.lock():
        recover(ws)
        latest = latest_of(load_index(ws), period)
        entry, withdrawn = latest.get(reporter.key, (None, ""))
        if entry is None or withdrawn:
            own_units = sorted(
                k for k, (_, w) in latest.items() if key_unit(k) and key_division(k) == division and not w
            )
            hint = (
                f" Enheterna {', '.join(own_units)} har egna inlämningar; ange --unit."
                if own_units and not unit
                else ""
            )
            state = f"återkallades redan {withdrawn}" if withdrawn else "finns inte"
            raise NothingToWithdraw(
                f"{reporter.name} har ingen aktuell inlämning för {period.key} att återkalla (den {state}).{hint}"
            )
        now = datetime.now().replace(microsecond=0).isoformat()
        record = {
            "kind": WITHDRAWN,
            "time": now,
            "period": period.key,
            "division": division,
            "reporter": reporter.key,
            "sha256": entry["sha256"],
            "file": entry["file"],
            "archived": entry["archived"],
            "reason": reason.strip(),
        }
        line = LogEntry(
            now, entry["file"], entry["sha256"], reporter.key, period.key, "", LogResult.WITHDRAWN, reason.strip()
        )
        commit(ws, [], [record], [line])
    return line
