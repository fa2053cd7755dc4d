"""The plan a period is judged against: the plan file in use when the period was first consolidated.

Nämnder revise plan.xlsx mid-year (a June decision moves frames, changes a målvärde). A period
consolidated again after that (a late file, a correction) must still be judged against the plan
that applied to it, or its accepted files get ``frame-changed`` and drop out. So the first
consolidation of a period saves a copy of the plan file as ``archive/<period>/plan.xlsx`` (a
name no reporter's folder can have: division and unit ids have no dot), and later runs of that
period use the copy whenever its content differs from the current plan's. ``--current-plan``
judges the period against the current plan instead, which then becomes the period's saved plan
(the one it replaces is kept beside it, named by its hash: nothing is lost).

The copy is written atomically before intake reads a file, so a run killed at any step and run
again ends as an uninterrupted run would. Until a file of the period is archived, the copy judged
nothing, and the next run replaces it with the current plan (a run stopped by an error, the plan
then corrected, is not held to the uncorrected plan).
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from reporting.atomic import write_bytes
from reporting.errors import FileProblem, PlanInvalid, ReportingError
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.workspace import Workspace

SAVED_NAME = "plan.xlsx"  # in archive/<period>/, beside the reporters' folders (ids never hold a dot)
CURRENT_OPTION = "--current-plan"


class SavedPlanUnreadable(ReportingError):
    """The period's saved plan cannot be read any more (edited by hand, or refused by a newer version)."""


class Use(enum.Enum):
    """Which plan a run of the period uses, and why."""

    FIRST = "first"  # no saved plan yet: the current plan is used and saved
    SAME = "same"  # the saved plan has the current plan's content
    SAVED = "saved"  # the saved plan differs and is used
    CURRENT = "current"  # the saved plan differs; the current plan is used (--current-plan)


@dataclass(frozen=True)
class PeriodPlan:
    """The plan chosen for a period's run, the file it was read from, and the bytes to save (if any)."""

    period: Period
    use: Use
    plan: Plan
    file: Path  # the plan file the period is judged against
    current_file: Path  # the current plan's file (plan.xlsx, or the one --plan names)
    saved_file: Path  # archive/<period>/plan.xlsx
    current_bytes: bytes  # the current plan file's bytes, as read when choosing
    kept_file: Path | None = None  # with --current-plan: where the replaced saved plan is kept

    @property
    def differs(self) -> bool:
        return self.use in (Use.SAVED, Use.CURRENT)


def saved_plan_file(ws: Workspace, period: Period) -> Path:
    return ws.archive / period.key / SAVED_NAME


def choose(ws: Workspace, period: Period, current: Plan, current_file: Path, use_current: bool) -> PeriodPlan:
    """The plan ``period`` is judged against: its saved plan when that differs from ``current`` (read from
    ``current_file``), unless ``use_current``. Reads only; ``save`` writes what the choice needs.

    Same bytes are the same plan without reading the copy; otherwise the two plans' content is compared
    (a plan saved again in Excel, unchanged, is the same plan). With ``use_current`` the copy is not parsed at
    all, only kept: a copy that cannot be read any more must not stop the run its error message advises.
    """
    saved = saved_plan_file(ws, period)
    data = current_file.read_bytes()
    chosen = PeriodPlan(period, Use.FIRST, current, current_file, current_file, saved, data)
    if not saved.is_file() or not _judged(saved):
        if not use_current and period.year < current.year:
            raise LaterPlan(_later_plan(ws, period, current, current_file))
        return chosen
    kept = saved.read_bytes()
    if _sha256(kept) == _sha256(data):
        return replace(chosen, use=Use.SAME)
    if use_current:  # the saved plan is only kept, never parsed: an unreadable one cannot block its own way out
        return replace(chosen, use=Use.CURRENT, kept_file=_replaced_file(saved, kept))
    earlier = _load_saved(saved, period, ws.root)
    if earlier == current:
        return replace(chosen, use=Use.SAME)
    return PeriodPlan(period, Use.SAVED, earlier, saved, current_file, saved, data)


class LaterPlan(ReportingError):
    """A period of an earlier year, never consolidated, and a plan for a later year: its key figures' units,
    aggregation and målvärden are that year's, not the period's."""


def _later_plan(ws: Workspace, period: Period, current: Plan, current_file: Path) -> str:
    """The refusal, naming the plan the period's year saved with another of its periods, if any."""
    saved = [p for p in ws.archive.glob(f"{period.year}-*/{SAVED_NAME}") if _judged(p)]  # one that judged files
    same_year = sorted(saved, key=lambda p: p.stat().st_mtime)
    hint = f" (planen för {period.year} finns sparad som {_shown(same_year[-1], ws.root)})" if same_year else ""
    if not ws.archive.is_dir() and not ws.inbox.is_dir():  # a controller's own folder: no runs, no saved plans
        return (
            f"planen {_shown(current_file, ws.root)} är planen för {current.year}, men perioden {period.key} är "
            f"{period.year}: nyckeltalens enheter, sammanvägning och målvärden är {current.year}s. Kontrollera mot "
            f"planen för {period.year} (ekonomienheten har den) med --plan FIL, eller kör med {CURRENT_OPTION} för "
            f"att ändå bedöma perioden mot {_shown(current_file, ws.root)}."
        )
    return (
        f"perioden {period.key} har inte konsoliderats förut, och planen {_shown(current_file, ws.root)} är planen "
        f"för {current.year}: nyckeltalens enheter, sammanvägning och målvärden är det årets. Ange planen för "
        f"{period.year} med --plan FIL{hint}, eller kör med {CURRENT_OPTION} för att ändå bedöma perioden mot "
        f"{_shown(current_file, ws.root)}."
    )


def _judged(saved: Path) -> bool:
    """Some file of the period was archived against the saved plan (a reporter's folder lies beside it). A plan saved
    by a run that stopped before archiving any file judged nothing: the next run takes the current plan."""
    return any(entry.is_dir() for entry in saved.parent.iterdir())


def save(choice: PeriodPlan) -> None:
    """Make the chosen plan the period's saved plan where the choice says so, atomically.

    A plan replaced by ``--current-plan`` is kept first as ``plan-<sha256 prefix>.xlsx`` beside it,
    a name that a run killed and run again writes to the same effect.
    """
    if choice.kept_file is not None and not choice.kept_file.exists():
        write_bytes(choice.kept_file, choice.saved_file.read_bytes())
    if choice.use in (Use.FIRST, Use.CURRENT):
        write_bytes(choice.saved_file, choice.current_bytes)
    for leftover in choice.saved_file.parent.glob(f".{Path(SAVED_NAME).stem}*.tmp"):
        leftover.unlink(missing_ok=True)  # an atomic write of a killed run, before its rename


def run_note(choice: PeriodPlan, root: Path) -> str:
    """What a consolidating run says about its plan (Swedish); "" when the saved plan is the current plan."""
    saved, current = _shown(choice.saved_file, root), _shown(choice.current_file, root)
    if choice.use is Use.SAVED:
        return (
            f"{choice.period.key} bedöms mot planen som gällde när perioden först konsoliderades ({saved}); "
            f"{current} har ändrats sedan dess. Kör med {CURRENT_OPTION} för att bedöma perioden mot den "
            "nuvarande planen."
        )
    if choice.use is Use.CURRENT:
        kept = _shown(choice.kept_file or choice.saved_file, root)
        return (
            f"{choice.period.key} bedöms mot den nuvarande planen ({current}) i stället för planen som gällde när "
            f"perioden först konsoliderades; den nuvarande planen sparas nu som periodens plan ({saved}) och den "
            f"tidigare finns kvar som {kept}."
        )
    return ""


def check_note(choice: PeriodPlan, root: Path) -> str:
    """What ``reporting check`` says about its plan (Swedish); "" unless the period's saved plan is used."""
    if choice.use is not Use.SAVED:
        return ""
    return (
        f"{choice.period.key} bedöms mot planen som gällde när perioden först konsoliderades "
        f"({_shown(choice.saved_file, root)}), som 'reporting consolidate' gör; planen har ändrats sedan dess. "
        f"Kör med {CURRENT_OPTION} för att kontrollera mot den nuvarande planen."
    )


def templates_note(choice: PeriodPlan, root: Path) -> str:
    """What ``reporting templates`` says about its plan (Swedish); "" when the saved plan is the current plan."""
    saved, current = _shown(choice.saved_file, root), _shown(choice.current_file, root)
    if choice.use is Use.SAVED:
        return (
            f"Mallarna för {choice.period.key} görs från planen som gällde när perioden först konsoliderades "
            f"({saved}), som perioden bedöms mot; {current} har ändrats sedan dess. Kör med {CURRENT_OPTION} för "
            "mallar från den nuvarande planen."
        )
    if choice.use is Use.CURRENT:
        return (
            f"Mallarna för {choice.period.key} görs från den nuvarande planen ({current}), men perioden bedöms mot "
            f"planen som gällde när den först konsoliderades ({saved}) tills den konsolideras med {CURRENT_OPTION}."
        )
    return ""


def _load_saved(path: Path, period: Period, root: Path) -> Plan:
    """The saved plan, or an error naming it by its place in the workspace (not as "plan.xlsx", which the user
    takes for the workspace's own) with the one way out: the current plan."""
    try:
        return load_plan(path)
    except (PlanInvalid, FileProblem) as exc:
        problem = exc.problem if isinstance(exc, FileProblem) else str(exc)  # a FileProblem's advice is the plan's
        raise SavedPlanUnreadable(
            f"den sparade planen för {period.key} ({_shown(path, root)}) kan inte läsas: {problem.rstrip('.')}. "
            f"Kör med {CURRENT_OPTION} för att bedöma perioden mot den nuvarande planen."
        ) from exc


def _replaced_file(saved: Path, data: bytes) -> Path:
    stem, suffix = Path(SAVED_NAME).stem, Path(SAVED_NAME).suffix
    return saved.with_name(f"{stem}-{_sha256(data)[:12]}{suffix}")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _shown(path: Path, root: Path) -> str:
    """``path`` as the user knows it: relative to the workspace when inside it."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
