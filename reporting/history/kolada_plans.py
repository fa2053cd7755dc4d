"""The plans whose reports show riket's values: plan.xlsx and the saved plans of its year's and the year before's
periods, so that ``history kolada`` says what no report shows, and only that.

In January–March the office finalises last year's årsrapport while plan.xlsx is already the new year's: the
årsrapport is judged against its saved plan (``archive/<period>/plan.xlsx``, see ``plan.period_plan``), which may
name a Kolada id the new plan does not, and shows riket for last year or the year before. An import for it is not
"shown in no report"; it is said only where plan.xlsx alone lacks an id whose values the new year's reports would
show (``only_saved_note``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reporting.errors import ReportingError
from reporting.history.kolada import RIKET, unused_kpis
from reporting.plan.model import Plan
from reporting.plan.period_plan import saved_plan_file
from reporting.plan.periods import Period, parse_period
from reporting.plan.read import load_plan
from reporting.text import and_joined
from reporting.workspace import Workspace


@dataclass(frozen=True)
class SavedPlan:
    """A period's saved plan (``archive/<period>/plan.xlsx``) that differs from plan.xlsx in what riket shows."""

    period: Period  # the latest period judged against this content
    plan: Plan
    file: Path


def saved_plans(ws: Workspace, current: Plan) -> list[SavedPlan]:
    """The saved plans of the periods of ``current``'s year and the year before whose Kolada ids or year differ from
    ``current``'s, one per content (the latest period's), oldest first. One that cannot be read is passed by: its
    period's run says so."""
    periods = []
    for folder in ws.archive.iterdir() if ws.archive.is_dir() else ():
        try:
            period = parse_period(folder.name)
        except (ReportingError, ValueError):
            continue
        if period.key == folder.name and period.year >= current.year - 1 and saved_plan_file(ws, period).is_file():
            periods.append(period)
    seen = {_shows(current)}
    read = {_digest(ws.plan)}  # a period's plan is mostly plan.xlsx's or its neighbour's copy: each content read once
    out: list[SavedPlan] = []
    for period in sorted(periods, key=lambda p: p.sort_key, reverse=True):
        if (digest := _digest(saved_plan_file(ws, period))) in read:
            continue
        read.add(digest)
        try:
            plan = load_plan(saved_plan_file(ws, period))
        except ReportingError:
            continue
        if (shows := _shows(plan)) not in seen:
            seen.add(shows)
            out.append(SavedPlan(period, plan, saved_plan_file(ws, period)))
    return out[::-1]


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _shows(plan: Plan) -> tuple[int, frozenset[str]]:
    return plan.year, frozenset(kf.kolada_id.upper() for kf in plan.key_figures if kf.kolada_id)


def _or(items: list[str]) -> str:
    """ "A", "A eller B", "A, B eller C"."""
    return ", ".join(items[:-1]) + " eller " + items[-1] if len(items) > 1 else "".join(items)


def other_years(rows: list[dict[str, Any]], current: Plan, saved: list[SavedPlan]) -> tuple[list[int], str]:
    """Riket's years no report of any of the plans shows (a report shows its period's year or the year before), and
    the note saying so ("" for none)."""
    years_of = sorted({current.year, *(s.plan.year for s in saved)})
    shown = sorted({y - back for y in years_of for back in (0, 1)}, reverse=True)
    years = sorted({row["period"] for row in rows if row["municipality"] == RIKET} - set(shown))
    if not years:
        return [], ""
    return years, (
        f"värdena för {and_joined([str(y) for y in years])} är sparade men visas i ingen rapport för "
        f"{_or([str(y) for y in years_of])}: rapporterna visar riket för periodens år eller året före "
        f"({_or([str(y) for y in shown])})."
    )


def unused_note(
    rows: list[dict[str, Any]], current: Plan, saved: list[SavedPlan], path: Path, root: Path
) -> tuple[list[str], str]:
    """The Kolada ids neither plan.xlsx nor a saved plan names, and the note saying so ("" for none)."""
    unused = unused_kpis({row["kpi"] for row in rows}, current)
    for s in saved:
        unused = unused_kpis(unused, s.plan)
    if not unused:
        return [], ""
    ids, them = ("id:t", "det") if len(unused) == 1 else ("id:na", "dem")
    where = "planens kolumn Kolada-id"
    if saved:
        where = f"kolumnen Kolada-id i {path.name} eller i {_saved_said(saved, root)}"
    return unused, (
        f"{', '.join(unused)} finns inte i {where}; värdena är sparade men visas vid inget nyckeltal. Stäm av {ids} "
        f"mot Kolada, eller skriv in {them} vid nyckeltalet i {path.name}."
    )


def only_saved_note(rows: list[dict[str, Any]], current: Plan, saved: list[SavedPlan], path: Path, root: Path) -> str:
    """The ids a saved plan names but plan.xlsx does not, whose imported riket values the reports of plan.xlsx's
    year would show (its year or the year before): those reports show them at no key figure ("" for none)."""
    years = {current.year, current.year - 1}
    kpis = {row["kpi"] for row in rows if row["municipality"] == RIKET and row["period"] in years}
    missing = [k for k in unused_kpis(kpis, current) if any(not unused_kpis([k], s.plan) for s in saved)]
    if not missing:
        return ""
    naming = [s for s in saved if any(not unused_kpis([k], s.plan) for k in missing)]
    them = "det" if len(missing) == 1 else "dem"
    return (
        f"{', '.join(missing)} finns i kolumnen Kolada-id i {_saved_said(naming, root)} men inte i {path.name}: "
        f"värdena visas i rapporterna för {_or(sorted({str(s.plan.year) for s in naming}))}, inte för "
        f"{current.year}. Ska de visas för {current.year}: skriv in {them} vid nyckeltalet i {path.name}."
    )


def _saved_said(saved: list[SavedPlan], root: Path) -> str:
    """ "den sparade planen för helår 2025 (archive/2025-helar/plan.xlsx)", or of several periods."""
    files = and_joined([f"{s.period.in_text} ({_shown(s.file, root)})" for s in saved])
    return f"den sparade planen för {files}" if len(saved) == 1 else f"de sparade planerna för {files}"


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
