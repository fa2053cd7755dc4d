"""Uppdrag, åtgärdsplan, internkontroll and inlämningar of a period, as declared rows (investeringar: investments).

A division that has not submitted is shown as "Ej inkommen" ("Avvisad" when its file was rejected); money stays
Decimal so every total equals the sum of its rows exactly.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from reporting.consolidate.amounts import sum_known
from reporting.consolidate.labels import NOT_SUBMITTED, REJECTED, absent, capped, left_out_text, named_units
from reporting.consolidate.rollup import units_left_out
from reporting.findings import Severity
from reporting.intake.run import IntakeResult
from reporting.intake.submission import FileResult, Submission
from reporting.plan.central import is_board_level
from reporting.plan.model import Plan, Unit
from reporting.plan.periods import Period
from reporting.plan.targets import Status
from reporting.template.answers import InternalControlAnswer
from reporting.template.spec import CONTROL_DEVIATING, CONTROL_DONE
from reporting.text import plural


@dataclass(frozen=True)
class AssignmentRow:
    id: str
    text: str
    goal_area: str
    decided_by: str
    division_id: str
    division: str
    status: str
    comment: str
    units: str = ""  # how many of the units a division was combined from gave its status: "24 av 99 enheter"


@dataclass(frozen=True)
class MeasureRow:
    """Planned (nämnd) against achieved and forecast effect, the sum of the divisions' contributions (mkr)."""

    id: str
    name: str
    goal: str
    planned: Decimal | None  # None: "ej beräknad" in the plan, kept apart from 0
    achieved: Decimal | None  # over the divisions that reported it; None when none has (unknown, never 0)
    forecast: Decimal | None  # as achieved
    forecast_deviation: Decimal | None  # None while a division has not reported: the plan is the whole measure's
    missing: str  # divisions that have not reported it: no file, no Åtgärdsplan sheet, or its effects left blank
    comment: str
    term: str = ""  # type and period ("Återkommande, 2025-01–2026-12"); "" when the plan gives neither
    units_out: tuple[str, ...] = ()  # "Enhet 0009 i Division Medicin": units of divisions that gave it, not in
    divisions_out: tuple[str, ...] = ()  # the divisions of ``missing``: none when every division gave it

    @property
    def by_every_division(self) -> bool:
        """Every division involved gave it, a division from its units' files perhaps from only some units."""
        return not self.divisions_out


@dataclass(frozen=True)
class MeasureTotal:
    """The åtgärdsplan's Summa over the measures every division involved has reported, and the whole plan's effect.

    A measure some division has not reported would set the whole planned effect against part of the
    forecast, so it is left out of the Summa (which names it) and counted only in ``planned_all``. A measure
    given by every division, one of them from only some of its units, is summed (its effects are those units'),
    the units named (``units_out``); the plan gives no unit's share of a planned effect, so the forecast is then
    set against neither the plan nor the besparingskrav.
    """

    label: str
    planned: Decimal
    achieved: Decimal
    forecast: Decimal
    forecast_deviation: Decimal | None  # None when the effects leave units out (``units_out``)
    planned_all: Decimal
    left_out: tuple[str, ...]  # ids of measures not reported by all their divisions
    not_computed: int = 0  # summed measures whose planned effect is "ej beräknad" (in neither sum)
    not_computed_all: int = 0  # the same over every measure (beside ``planned_all``)
    units_out: tuple[str, ...] = ()  # the units the summed effects leave out ("Enhet 0009 i Division Medicin")

    @property
    def complete(self) -> bool:
        """Every measure's effects from every unit: only then is the forecast set against the besparingskrav."""
        return not self.left_out and not self.units_out


@dataclass(frozen=True)
class InternalControlRow:
    """One control point due in the period, for one division: the answer and its status in the key-figure legend."""

    id: str
    text: str
    risk: str
    frequency: str
    responsible: str
    division_id: str
    division: str
    done: str  # Ja | Nej | Delvis, "" when not answered
    status: str  # a Status value (Uppfyllt, Delvis uppfyllt, Ej uppfyllt, Underlag saknas) or Ej inkommen
    status_label: str  # symbol and word ("✔ Uppfyllt", "◐ Delvis uppfyllt (genomförd med avvikelse)"), or Ej inkommen
    result: str
    deviation: str  # Ja | Nej, "" when not answered
    action: str
    file: str


_YES, _NO, _PARTLY = CONTROL_DONE
CONTROL_STATUS = {_YES: Status.MET, _PARTLY: Status.PARTLY, _NO: Status.NOT_MET}  # Kontroll genomförd -> status
CONTROL_STATUS_ORDER = [Status.MET, Status.PARTLY, Status.NOT_MET, Status.NO_DATA]  # the statuses a control can have
DONE_DEVIATING = "genomförd med avvikelse"  # a control done (Ja) that found deviations: never the green ✔ Uppfyllt
DONE_DEVIATING_LABEL = f"{Status.PARTLY.label} ({DONE_DEVIATING})"


def control_status(answer: InternalControlAnswer) -> tuple[Status, str]:
    """A control point's status and label: Ja ✔ Uppfyllt, Delvis ◐, Nej ✘, no answer ?; done with Avvikelse Ja is
    "◐ Delvis uppfyllt (genomförd med avvikelse)", so a green tick never stands beside the brister it found."""
    status = CONTROL_STATUS.get(answer.done or "", Status.NO_DATA)
    if status is Status.MET and answer.deviation == CONTROL_DEVIATING:
        return Status.PARTLY, DONE_DEVIATING_LABEL
    return status, status.label


@dataclass(frozen=True)
class SubmissionRow:
    """Who submitted (division or units), when, which file and version; who is missing."""

    division: str
    status: str
    file: str
    received: str
    deadline: str
    template_version: str
    sha256: str
    errors: int
    warnings: int


def assignment_table(plan: Plan, subs: dict[str, Submission], rejected: Collection[str] = ()) -> list[AssignmentRow]:
    rows = []
    for item in plan.assignments:
        if is_board_level(item):  # the nämnd's own: from Centrala värden (consolidate.board)
            continue
        for division_id in item.divisions:
            sub = subs.get(division_id)
            answer = sub.answers.assignment(item.id) if sub else None
            rows.append(
                AssignmentRow(
                    item.id,
                    item.text,
                    item.goal_area,
                    item.decided_by,
                    division_id,
                    plan.division(division_id).name,
                    (answer.status or Status.NO_DATA.value) if answer else absent(division_id, rejected),
                    answer.comment if answer else "",
                )
            )
    return rows


def measure_table(
    plan: Plan, subs: dict[str, Submission], period: Period, rejected: Collection[str] = ()
) -> list[MeasureRow]:
    """Planned (nämnd) vs achieved and forecast effect, summed over the divisions that reported the measure.

    A division has reported a measure when its file gave both effects: an accepted file without the
    Åtgärdsplan sheet, or with the effects left blank, has not (intake names the error). Such a division
    is named as one without a file is, and adds nothing: unknown is never counted as 0. At year end the
    achieved effect is the year's, and so the forecast, whatever was typed beside it (intake.year_end).
    A division in ``rejected`` (its file came in and was rejected) is named so: "Division Kirurgi (avvisad)".
    """
    rows = []
    left_out: dict[str, list[Unit]] = {}  # division -> units_left_out: the same for every measure, taken once
    for measure in plan.measures:
        answers = {d: subs[d].answers.measure(measure.id) for d in measure.divisions if d in subs}
        if period.is_year_end:
            answers = {d: replace(a, forecast=a.achieved) for d, a in answers.items()}
        given = {d: a for d, a in answers.items() if a.achieved is not None and a.forecast is not None}
        divisions_out = tuple(_named(plan, d, rejected) for d in measure.divisions if d not in given)
        for d in given.keys() - left_out.keys():
            left_out[d] = units_left_out(plan, d, subs[d])
        partial = {d: left_out[d] for d in given}
        units_out = tuple(
            named_units(units, d, rejected, division=plan.division(d).name) for d, units in partial.items() if units
        )
        missing = divisions_out + units_out
        comments = [f"{plan.division(d).name}: {a.comment}" for d, a in answers.items() if a.comment]
        achieved, forecast = (sum_known(getattr(a, k) for a in given.values()) for k in ("achieved", "forecast"))
        planned = measure.effect(period.year)
        rows.append(
            MeasureRow(
                measure.id,
                measure.name,
                measure.goals.get(period.year, ""),
                planned,
                achieved,
                forecast,
                None if missing or planned is None or forecast is None else forecast - planned,
                ", ".join(missing),
                "\n".join(comments),
                measure.term,
                units_out,
                divisions_out,
            )
        )
    return rows


def _named(plan: Plan, division_id: str, rejected: Collection[str]) -> str:
    """A division's name where it is named as not in, "(avvisad)" after it when its file was rejected."""
    name = plan.division(division_id).name
    return f"{name} ({REJECTED.lower()})" if division_id in rejected else name


def measure_total(rows: list[MeasureRow]) -> MeasureTotal:
    """Summa over the measures every division gave; the label names the ones it leaves out, and the units.

    A measure "ej beräknad" adds nothing to the planned sum or to the forecast against plan (its row has
    none), and the label counts it ("varav 2 ej beräknade"), so the sum never passes for the whole plan.
    """
    reported = [m for m in rows if m.by_every_division]
    left_out = tuple(m.id for m in rows if not m.by_every_division)
    units_out = tuple(dict.fromkeys(u for m in reported for u in m.units_out))
    not_computed = sum(1 for m in reported if m.planned is None)
    parts = [f"exkl. {', '.join(left_out)}, ej rapporterade av alla divisioner"] if left_out else []
    parts += [f"effekterna exkl. {left_out_text(units_out)}"] if units_out else []
    parts += [not_computed_note(not_computed).strip(" ()")] if not_computed else []
    label = f"Summa ({'; '.join(parts)})" if parts else "Summa"
    planned, achieved, forecast = (sum_known_zero(getattr(m, k) for m in reported) for k in MEASURE_SUMS)
    return MeasureTotal(
        label,
        planned,
        achieved,
        forecast,
        None if units_out else sum_known_zero(m.forecast_deviation for m in reported),
        sum_known_zero(m.planned for m in rows),
        left_out,
        not_computed,
        sum(1 for m in rows if m.planned is None),
        units_out,
    )


def sum_known_zero(values: Iterable[Decimal | None]) -> Decimal:
    """The sum of the known values (a planned effect "ej beräknad" is counted apart, never as 0)."""
    return sum((v for v in values if v is not None), Decimal(0))


def not_computed_note(count: int) -> str:
    """ " (varav 2 ej beräknade)" after a sum of planned effects; "" when every effect is computed."""
    return f" (varav {count} ej {'beräknad' if count == 1 else 'beräknade'})" if count else ""


MEASURE_SUMS = ("planned", "achieved", "forecast")


def internal_control_table(
    plan: Plan, subs: dict[str, Submission], period: Period, rejected: Collection[str] = ()
) -> list[InternalControlRow]:
    """Per control point due in the period × division: its ``control_status``, or Ej inkommen (Avvisad for a
    division in ``rejected``)."""
    rows = []
    for point in plan.internal_control:
        if not point.due_in(period.kind):
            continue
        for division_id in point.divisions:
            sub = subs.get(division_id)
            answer = sub.answers.control(point.id) if sub else InternalControlAnswer()
            status, label = control_status(answer)
            rows.append(
                InternalControlRow(
                    point.id,
                    point.text,
                    point.risk,
                    point.frequency,
                    point.responsible,
                    division_id,
                    plan.division(division_id).name,
                    answer.done or "",
                    status.value if sub else absent(division_id, rejected),
                    label if sub else absent(division_id, rejected),
                    answer.result,
                    answer.deviation or "",
                    answer.action,
                    sub.file if sub else "",
                )
            )
    return rows


def by_division(files: list[FileResult]) -> dict[str, list[FileResult]]:
    """The files of each division (own or its units'), in their order."""
    grouped: dict[str, list[FileResult]] = {}
    for file in files:
        grouped.setdefault(file.division_id, []).append(file)
    return grouped


def _unit_files(count: int) -> str:
    return plural(count, "enhetsfil", "enhetsfiler")


def is_late(received: str, deadline: date | None) -> bool:
    """Received after the plan's deadline for the period (its day, not its hour)."""
    return bool(deadline and received and received[:10] > deadline.isoformat())


def _not_in(withdrawn: tuple[str, str] | None, rejected: bool) -> str:
    """ "Återkallad 2025-05-12" for a division whose file the office took back, "Avvisad" for one whose file came
    in and was rejected (neither is missing unsaid)."""
    if withdrawn:
        return f"Återkallad {withdrawn[0][:10]}"
    return f"{REJECTED}; se fliken Avvikelser i arbetsboken" if rejected else NOT_SUBMITTED


def submission_table(
    plan: Plan, intake: IntakeResult, unit_subs: dict[str, list[Submission]] | None = None
) -> list[SubmissionRow]:
    """Who submitted (division or units), when, which file and version; who is missing."""
    deadline = plan.deadline(intake.period)
    unit_subs = unit_subs or {}
    used, aside = by_division(intake.used), by_division(intake.set_aside)
    rejected = by_division([f for f in intake.files if not f.accepted and not f.for_another_period])
    rows = []
    for division in plan.divisions:
        current = intake.current.get(division.id)
        sub = current.submission if current else None
        files = used.get(division.id, [])  # its own file, or else its units' files
        turned_away = [] if sub or files or division.id in intake.withdrawn else rejected.get(division.id, [])
        received = sub.received if sub else max((r.submission.received for r in files if r.submission), default="")
        late = " (sent)" if is_late(received, deadline) else ""
        status = f"Inkommen{late}" if sub else _not_in(intake.withdrawn.get(division.id), bool(turned_away))
        if division.id in aside:
            status += f"; divisionens egen fil gäller, {_unit_files(len(aside[division.id]))} används inte"
        if sub is None and division.id in unit_subs:
            units = plan.units_of(division.id)
            reported = {s.unit_id for s in unit_subs[division.id]}
            missing = [u for u in units if u.id not in reported]
            after = [s.reporter.own_name for s in unit_subs[division.id] if is_late(s.received, deadline)]
            turned = {f.reporter for f in rejected.get(division.id, []) if f.reporter not in intake.withdrawn}
            status = f"Inkommen från {len(reported)} av {len(units)} enheter" + (
                f"; {named_units(missing, division.id, turned, 'saknas: ')}" if missing else ""
            )
            status += f"; sent: {capped(after)}" if after else ""  # which units were late, not only that one was
        findings = list(dict.fromkeys(f for r in files or turned_away for f in r.findings))
        rows.append(
            SubmissionRow(
                division.name,
                status,
                sub.file if sub else (_unit_files(len(files)) if files else capped([f.path.name for f in turned_away])),
                received,
                deadline.isoformat() if deadline else "",
                sub.template_version if sub else "",
                sub.sha256 if sub else "",
                sum(1 for f in findings if f.severity is Severity.ERROR),
                sum(1 for f in findings if f.severity is Severity.WARNING),
            )
        )
    return rows
