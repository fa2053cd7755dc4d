"""What a period's run did, as facts: the inbox's files by outcome, the units a division reported in part leaves
out, the reporter each finding is about, and the whole run as one JSON-ready dict.

The console's Swedish sentences about a run are the CLI's (``reporting.cli.summary``); what they count and name is
decided here, so that a script calling the library gets the same answer as ``reporting consolidate`` (and its
``--json``) without going through the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reporting.consolidate.consolidation import Consolidation, rejected_units
from reporting.consolidate.tables import is_late
from reporting.findings import Finding
from reporting.intake.file_check import division_ids, finding_record
from reporting.intake.intake_log import LogResult
from reporting.intake.run import IntakeResult
from reporting.intake.submission import FileResult
from reporting.output.notices import office_notes
from reporting.plan.model import Unit
from reporting.plan.reporter import key_division, key_unit, reporter_key
from reporting.text import printable
from reporting.workspace import FEEDBACK

AGAIN = (
    LogResult.UNCHANGED,
    LogResult.RESUBMITTED,
)  # counted beside the accepted files: the same file again is not news


@dataclass(frozen=True)
class InboxCounts:
    """The run's inbox files by what the run did with them; the rejected ones are what is left."""

    files: int
    accepted: int  # accepted, withdrawn ones not counted
    withdrawn: int  # a withdrawn file still in the inbox: checked, but not used
    other_period: int  # leftovers of other periods: not rejected
    again: dict[LogResult, int]  # of AGAIN, the results the log has: result -> how many (in AGAIN's order)

    @property
    def rejected(self) -> int:
        return self.files - self.accepted - self.withdrawn - self.other_period


def inbox_counts(intake: IntakeResult) -> InboxCounts:
    """The inbox's files counted as the run's summary says them; a withdrawn file is counted as withdrawn (from the
    log), not as accepted, and a file of another period is not rejected."""
    seen = [e.result for e in intake.log]
    withdrawn = seen.count(LogResult.WITHDRAWN)
    accepted = sum(1 for f in intake.files if f.accepted) - withdrawn
    other = sum(1 for f in intake.files if f.for_another_period)
    again = {result: seen.count(result) for result in AGAIN if seen.count(result)}
    return InboxCounts(len(intake.files), accepted, withdrawn, other, again)


def rejected_files(files: Sequence[FileResult]) -> list[FileResult]:
    """The files rejected for their errors, in the inbox's order: not a leftover of another period."""
    return [f for f in files if not f.accepted and not f.for_another_period]


def units_out_of(c: Consolidation) -> dict[str, tuple[list[Unit], list[Unit]]]:
    """Per division with units and no file of its own in use: its units left out, as (missing, rejected: their
    file came in and was rejected)."""
    used, turned = {f.reporter for f in c.intake.used}, rejected_units(c.intake)
    out = {}
    for division in c.plan.divisions:
        left = [u for u in c.plan.units_of(division.id) if reporter_key(division.id, u.id) not in used]
        if left and division.id not in used:  # a division's own file covers its units
            marked = [(u, reporter_key(division.id, u.id) in turned) for u in left]
            out[division.id] = ([u for u, was in marked if not was], [u for u, was in marked if was])
    return out


def divisions_in_part(c: Consolidation) -> list[tuple[str, list[Unit], list[Unit]]]:
    """The divisions consolidated from some of their units, in the economy overview's order: (division id, units
    missing, units rejected). A unit whose file came in and was rejected is never among the missing."""
    out = units_out_of(c)
    return [(o.division_id, *out.get(o.division_id, ([], []))) for o in c.economy_overview if o.left_out]


def units_left_out(c: Consolidation) -> dict[str, dict[str, list[str]]]:
    """Per division reported by its units' files (or by none of them): the ids of its units left out, those whose
    file came in and was rejected apart (the console and Inlämningar name them)."""
    return {
        division: {"missing": [u.id for u in missing], "rejected": [u.id for u in rejected]}
        for division, (missing, rejected) in units_out_of(c).items()
    }


def set_aside_of(c: Consolidation) -> dict[str, list[FileResult]]:
    """Per division whose own file is in use: its units' current files not used (``IntakeResult.set_aside``)."""
    out: dict[str, list[FileResult]] = {}
    for file in c.intake.set_aside:
        out.setdefault(file.division_id, []).append(file)
    return out


def sender_name(file: FileResult) -> str:
    """The name the sender gave the file (an archived file's own name is the archive's), as the log has it."""
    return printable(file.submission.file if file.submission else file.path.name)


def reporter_of(c: Consolidation) -> Callable[[Finding], str]:
    """finding -> the id ("MED", "MED/E0001") of the reporter it is about: its (first) file's, as the intake log
    and the current files have it, else its division's by name; "" for a finding about the run."""
    by_file = {e.file: e.division for e in c.intake.log if e.division}
    by_file.update({r.path.name: r.reporter for r in c.intake.current.values() if r.reporter})
    by_name = {d.name: d.id for d in c.plan.divisions}
    return lambda f: str(by_file.get(f.file.split("\n")[0]) or by_name.get(f.division, ""))


def report_written(written: Sequence[Path]) -> bool:
    """The run wrote the period's report workbook (not only feedback): its Avvikelser sheet lists the errors."""
    return any(p.suffix == ".xlsx" and p.parent.name != FEEDBACK for p in written)


def run_summary(c: Consolidation, written: Sequence[Path]) -> dict[str, Any]:
    """A run for a script: each inbox file's result as the intake log has it, the divisions consolidated,
    missing and (of those) rejected, every finding (as ``check --json`` without ``counts_against``, with the
    reporter's id as ``files`` and ``consolidated`` name it), the office's to-dos (``to_do``) and every file written."""
    reporter, deadline, ids = reporter_of(c), c.plan.deadline(c.period), division_ids(c.plan)
    aside = set_aside_of(c)
    aside_files = {(f.reporter, sender_name(f)) for files in aside.values() for f in files}
    return {
        "period": c.period.key,
        "files": [
            {
                "file": e.file,
                "reporter": e.division,
                "result": e.result,
                "reason": e.reason,
                "received": e.received,
                "late": e.period == c.period.key and is_late(e.received, deadline),  # this period's deadline
                "set_aside": (e.division, e.file) in aside_files,  # accepted, not used: its division's own file is
            }
            for e in c.intake.log
        ],
        "consolidated": list(c.submitted),
        "missing": list(c.missing),
        "rejected": list(c.rejected),
        "units": units_left_out(c),
        "set_aside": {d: [key_unit(f.reporter) for f in files] for d, files in aside.items()},  # units not used
        "findings": [_record(f, ids, reporter(f)) for f in c.findings],
        "to_do": office_notes(c),  # the office's to-dos before the papers go out (the console says them too)
        "written": [str(p) for p in written],
    }


def _record(finding: Finding, ids: Mapping[str, str], reporter: str) -> dict[str, Any]:
    """A finding for --json: its ``division_id`` is its reporter's division where the finding is about a file (the
    name in another year's file is that year's: "Division nära vård" is NV though the plan now says otherwise), else
    the division its name is in the plan."""
    record = finding_record(finding, ids, reporter=reporter)
    if reporter:
        record["division_id"] = key_division(reporter)
    return record
