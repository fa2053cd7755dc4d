"""The återkoppling's first lines for a division reported by its units: how many of them are in, and which units
are missing, rejected (why, and that the errors are listed below) and late; said of the units' files, not one file.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.labels import capped
from reporting.consolidate.tables import is_late
from reporting.findings import Finding, Rule, telling_error
from reporting.intake.submission import FileResult
from reporting.plan.model import Division, Unit
from reporting.plan.reporter import key_division, key_unit
from reporting.text import plural

REASONS_SHOWN = 3  # kinds of rejection named, each with its units; more are counted


def units_status(
    result: Consolidation, division: Division, used: Sequence[FileResult], rejected: Sequence[FileResult]
) -> str:
    """ "Underlag från 20 av 50 enheter är inkommet …. Saknas: …. Avvisade: …. Sent inkomna: …" for a division
    whose consolidated files (``used``) are its units'; "" for a division's own file. ``rejected``: the division's
    files not accepted, its units' among them. A withdrawn unit is said apart (feedback._units_withdrawn)."""
    if not used or not all(f.unit_id for f in used):
        return ""
    units = result.plan.units_of(division.id)
    reported = {f.unit_id for f in used}
    turned = {f.unit_id: f for f in rejected if f.unit_id and not f.for_another_period}
    withdrawn = {key_unit(k) for k in result.intake.withdrawn if key_unit(k) and key_division(k) == division.id}
    out = [u for u in units if u.id not in reported and u.id not in withdrawn]
    missing = [u.name for u in out if u.id not in turned]
    text = (
        f"Underlag från {len(reported)} av {plural(len(units), 'enhet', 'enheter')} har kommit in och är med i "
        "sammanställningen; divisionens siffror omfattar bara dem."
        if out or withdrawn
        else "Underlag från "
        + ("enheten" if len(units) == 1 else f"alla {len(units)} enheter")
        + " har kommit in och är med i sammanställningen."
    )
    text += f" Saknas: {capped(missing)}." if missing else ""
    twins: dict[str, list[str]] = {}  # a unit's several files, none used (Rule.DUPLICATE_DIVISION)
    for file in rejected:
        if file.unit_id and any(f.rule is Rule.DUPLICATE_DIVISION for f in file.findings):
            twins.setdefault(file.unit_id, []).append(file.path.name)
    text += _rejected([(u, turned[u.id]) for u in out if u.id in turned], twins)
    if twins:  # which files the division's figures are from, beside the files not used
        text += f" Används: {capped([f.submission.file if f.submission else f.path.name for f in used])}."
    replaced = [u.name for u in units if u.id in reported and u.id in turned]
    text += f" En ny fil avvisades från {capped(replaced)}; den tidigare inlämningen används." if replaced else ""
    return text + _late(result, units, used, result.plan.deadline(result.period))


def _rejected(units: list[tuple[Unit, FileResult]], twins: dict[str, list[str]]) -> str:
    """ " Avvisade: Enhet 0002, Enhet 0006 (ej en mall); … Felen står nedan.": the units whose file came in and was
    rejected, grouped by the reason about the whole file (or else the first error). A unit that sent several files
    (``twins``: its files' names) is named with them, and told to keep one: it has no earlier submission in force
    (else it is not among ``units``: "En ny fil avvisades …")."""
    if not units:
        return ""
    by_reason: dict[str, list[str]] = {}
    for unit, file in units:
        reason = _reason(file.findings)
        if unit.id in twins:
            reason = (
                f"flera filer: {', '.join(twins[unit.id])}; ingen av dem används och ingen tidigare inlämning finns"
            )
        by_reason.setdefault(reason, []).append(unit.name)
    groups = [f"{capped(names)} ({reason})" for reason, names in by_reason.items()]
    more = len(groups) - REASONS_SHOWN
    shown = "; ".join(groups[:REASONS_SHOWN]) + (f"; och {more} skäl till" if more > 0 else "")
    return f" Avvisade: {shown}. Felen står nedan, med varje enhets fil."


def _reason(findings: list[Finding]) -> str:
    """The heading of the error that tells most about why a file was not used: about the whole file first."""
    first = telling_error(findings)
    return first.rule.heading.lower() if first else "avvisad"


def _late(result: Consolidation, units: list[Unit], used: Sequence[FileResult], deadline: date | None) -> str:
    """ " Sent inkomna (efter sista dag 2025-05-09): Enhet 0043, …." for the units whose file arrived late."""
    received = {f.unit_id: f.submission.received for f in used if f.submission}
    late = [u.name for u in units if is_late(received.get(u.id, ""), deadline)]
    return f" Sent inkomna (efter sista dag {deadline.isoformat()}): {capped(late)}." if late and deadline else ""
