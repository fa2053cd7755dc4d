"""Key figures per division and for the nämnd: aggregation, status against the målvärde, per målområde."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from reporting.consolidate.gaps import board_gaps, joined, unit_gaps
from reporting.consolidate.labels import NOT_DUE, PART_OF_SUM, STATUS_ORDER, TOTAL, absent, named_units, units_in
from reporting.consolidate.totals import counted_answers, given, given_rule, total_of, with_left_out
from reporting.consolidate.unit_rows import UnitKeyFigures, unit_key_figures
from reporting.intake.submission import Submission
from reporting.plan import goal_tree
from reporting.plan.judge import judge, judge_part_of_sum
from reporting.plan.model import Aggregation, KeyFigure, Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import key_unit
from reporting.plan.targets import Direction, Status, worst
from reporting.template.answers import Figure, KeyFigureAnswer


def _status(
    plan: Plan, kf: KeyFigure, period: Period, value: Any, last_year: Any, riket: Decimal | None = None
) -> Status:
    return judge(kf, period.year, value, last_year, plan.tolerance_pct, riket)


@dataclass(frozen=True)
class KeyFigureRow:
    """One key figure for one reporter (division, unit) or for the nämnd (``is_total``)."""

    id: str
    name: str
    goal_area: str
    goal_area_name: str
    division_id: str
    division: str
    target: str
    unit: str
    outcome: Figure
    last_year: Figure
    forecast: Figure
    denominator: Decimal | None
    status: str
    status_label: str
    forecast_status: str
    analysis: str
    actions: str
    cell: str  # the outcome's cell in the reporter's file
    file: str
    sha256: str
    is_total: bool
    is_unit: bool
    left_out: str = ""  # whom the value leaves out: "Enhet 0009 i Division Medicin" (history marks such rows partial)


def key_figure_table(
    plan: Plan,
    subs: dict[str, Submission],
    period: Period,
    unit_subs: dict[str, list[Submission]] | None = None,
    riket: Mapping[str, Decimal | None] | None = None,
    rejected: Collection[str] = (),
) -> list[KeyFigureRow]:
    """One row per key figure × reporting division, plus a total row per key figure.

    A key figure that cannot be aggregated ("ej") is also listed per unit. ``riket`` maps a key
    figure id to riket's stored value (history's Kolada table, read by the caller: no network).
    A division without a submission reads "Ej inkommen", "Avvisad" when it is in ``rejected``.
    """
    unit_subs = unit_subs or {}
    rows: list[KeyFigureRow] = []
    units: dict[str, UnitKeyFigures] = {}  # division from units' files -> its units' answers, read once
    for kf in plan.key_figures:
        if kf.is_central:  # no division reports it: its nämnd row comes from Centrala värden (consolidate.board)
            continue
        if not kf.due_in(period, plan.listed_kinds):  # by Frekvens: not asked, not judged; the report says so
            rows.append(_not_due_row(plan, kf, period))
            continue
        bench = (riket or {}).get(kf.id)
        apart = kf.aggregation == Aggregation.NONE  # "ej": no nämnd value, its parts are judged
        first = len(rows)  # this key figure's rows start here

        answers: list[KeyFigureAnswer] = []
        division_statuses = []
        for division_id in kf.divisions:
            sub = subs.get(division_id)
            a = sub.answers.key_figure(kf.id) if sub else KeyFigureAnswer()
            answers.append(a)
            status = _status(plan, kf, period, a.outcome, a.last_year, bench)
            done = kf.target.direction is Direction.DONE  # Ja/Nej combine (Delvis) whatever the aggregation
            from_units = sub is not None and apart and not done and division_id in unit_subs
            if from_units:
                status = worst(
                    [
                        _status(plan, kf, period, u.answers.key_figure(kf.id).outcome, _last(u, kf), bench)
                        for u in unit_subs[division_id]
                    ]
                )
            division_statuses.append(status)  # a division from its units: their worst, as its row shows
            label = status.label if sub else absent(division_id, rejected)
            parts = _units(plan, sub, units)  # none for a division's own file
            counted = _with_outcome(kf, parts) if parts else set()
            ids = parts.ids if parts else []
            note = (
                "ej aggregerbart – se enheterna"
                if from_units
                else _units_left_out(plan, kf, division_id, sub, parts, counted, rejected, period.is_year_end)
            )
            name = plan.division(division_id).name
            row = _row(plan, kf, period, division_id, name, a, sub, status, label, note, bench)
            if sub is not None and not kf.judges_part(division_id):  # the total is judged, not its parts
                row = replace(row, status=PART_OF_SUM, status_label=PART_OF_SUM, forecast_status=PART_OF_SUM)
            rows.append(replace(row, left_out=_units_not_in(plan, kf, division_id, ids, from_units, counted, a)))
            if from_units:
                for unit in unit_subs[division_id]:
                    ua = unit.answers.key_figure(kf.id)
                    ustatus = _status(plan, kf, period, ua.outcome, ua.last_year, bench)
                    rows.append(
                        _row(
                            plan, kf, period, unit.key, unit.reporter.name, ua, unit, ustatus, ustatus.label, "", bench
                        )
                    )
        left_out = _left_out_of_total(plan, kf, answers, rows[first:])  # divisions without a value, units too
        combined, note = board_total(plan, kf, answers, left_out)
        if combined.outcome is not None:  # name whom an empty column of the total waits for
            divisions = [(plan.division(d).name, a, subs.get(d)) for d, a in zip(kf.divisions, answers)]
            note = joined(note, board_gaps(given_rule(kf), divisions, kf.id, period.is_year_end))
        status = _status(plan, kf, period, combined.outcome, combined.last_year, bench)
        known = [s for s in division_statuses if s is not Status.NO_DATA]
        if apart and (len(known) > 1 or (known and combined.outcome is None)):
            status = worst(division_statuses)  # no nämnd value: its parts judged, the worst shown
        total = _row(plan, kf, period, "", TOTAL, combined, None, status, status.label, note, bench)
        if left_out and kf.aggregation == Aggregation.SUM and kf.target.direction is not Direction.DONE:  # its floor
            now = judge_part_of_sum(kf, period.year, combined.outcome, status)
            ahead = judge_part_of_sum(kf, period.year, total.forecast, Status(total.forecast_status))
            total = replace(total, status=now.value, status_label=now.label, forecast_status=ahead.value)
        rows.append(replace(total, left_out=left_out))
    return rows


def _units(plan: Plan, sub: Submission | None, cache: dict[str, UnitKeyFigures]) -> UnitKeyFigures | None:
    """A division's units' answers on its key figures, read once per division: asked per key figure."""
    if sub is None or not sub.parts:
        return None
    found = cache.get(sub.division_id)
    if found is None:
        kf_ids = [kf.id for kf in plan.key_figures_for(sub.division_id)]
        found = cache[sub.division_id] = unit_key_figures(sub, kf_ids)
    return found


def _with_outcome(kf: KeyFigure, parts: UnitKeyFigures) -> set[str]:
    """The units whose answer has an outcome, as total_of counts them; asked once per key figure and division,
    for its two notes."""
    return {unit_id for unit_id, given in zip(parts.ids, counted_answers(kf, parts.answers(kf.id))) if given}


def _units_not_in(
    plan: Plan,
    kf: KeyFigure,
    division_id: str,
    ids: list[str],
    from_units: bool,
    with_outcome: set[str],
    answer: KeyFigureAnswer,
) -> str:
    """The units a division's value (``answer``) combined from some of its units (``ids``) leaves out ("" for a
    whole division): those without an outcome (not in ``with_outcome``) when it has one (as its "exkl." note),
    else those that have not reported."""
    if not ids:
        return ""
    counted = with_outcome if not from_units and given(kf, answer.outcome) else set(ids)
    missing = [unit for unit in plan.units_of(division_id) if unit.id not in counted]
    return units_in(missing, plan.division(division_id).name) if missing else ""


def _left_out_of_total(plan: Plan, kf: KeyFigure, answers: list[KeyFigureAnswer], rows: list[KeyFigureRow]) -> str:
    """Whom the nämnd value leaves out: divisions without an outcome (its "exkl." note) and the units the divisions
    it counts leave out, so history never takes it for the whole nämnd's."""
    counted = {d: given(kf, a.outcome) for d, a in zip(kf.divisions, answers)}  # as total_of counts them
    parts = {r.division_id: r.left_out for r in rows if r.division_id in counted}  # ``rows``: this key figure's
    if not any(counted.values()):
        return ""
    names = [plan.division(d).name if not given else parts.get(d, "") for d, given in counted.items()]
    return ", ".join(name for name in names if name)


def _units_left_out(
    plan: Plan,
    kf: KeyFigure,
    division_id: str,
    sub: Submission | None,
    parts: UnitKeyFigures | None,
    with_outcome: set[str],
    rejected: Collection[str],
    year_end: bool = False,
) -> str:
    """For a division combined from its units: the units its value leaves out (not in, or no outcome: not in
    ``with_outcome``; "avvisad: …" for those whose file was rejected, see ``named_units``) and those whose missing
    last year or forecast empties that column (``unit_gaps``), above the units' analyses (the row's note, when
    there is one, is shown in their place)."""
    if sub is None or parts is None or kf.aggregation == Aggregation.NONE:
        return ""
    left_out = [unit for unit in plan.units_of(division_id) if unit.id not in with_outcome]
    answer = sub.answers.key_figure(kf.id)
    names = [named_units(left_out, division_id, rejected)] if left_out else []
    note = joined(with_left_out("", names, answer.outcome), unit_gaps(given_rule(kf), parts.named(kf.id), year_end))
    return f"{note}\n{answer.analysis}".strip() if note else ""


def _not_due_row(plan: Plan, kf: KeyFigure, period: Period) -> KeyFigureRow:
    """The nämnd row of a figure not followed up in the period: "Ej aktuell denna period", no values."""
    row = _row(plan, kf, period, "", TOTAL, KeyFigureAnswer(), None, Status.NO_DATA, NOT_DUE, "")
    return replace(row, status=NOT_DUE, forecast_status=NOT_DUE)


def _last(sub: Submission, kf: KeyFigure) -> Figure:
    return sub.answers.key_figure(kf.id).last_year


def board_total(
    plan: Plan, kf: KeyFigure, answers: list[KeyFigureAnswer], left_out: str | None = None
) -> tuple[KeyFigureAnswer, str]:
    """The nämnd's value from its divisions' answers (``total_of``); the note names whom it leaves out (``left_out``
    as history stores it: also the units of divisions in part; by default the divisions without a value)."""
    combined, note, counted = total_of(kf, answers)
    out = [plan.division(d).name for d, given in zip(kf.divisions, counted) if not given]
    named = out if left_out is None else [left_out] if left_out else []
    return replace(combined, denominator=None), with_left_out(note, named, combined.outcome)


def _row(
    plan: Plan,
    kf: KeyFigure,
    period: Period,
    division_id: str,
    division: str,
    a: KeyFigureAnswer,
    sub: Submission | None,
    status: Status,
    label: str,
    note: str,
    bench: Decimal | None = None,
) -> KeyFigureRow:
    if period.is_year_end:  # the årsrapport: the year's outcome is its forecast, whatever was typed (intake.year_end)
        a = replace(a, forecast=a.outcome)
    return KeyFigureRow(
        kf.id,
        kf.name,
        kf.goal_area,
        plan.goal_area_name(kf.goal_area),
        division_id,
        division,
        kf.target_for(period.year).text,
        kf.unit,
        a.outcome,
        a.last_year,
        a.forecast,
        a.denominator if division_id else None,
        status.value,
        label,
        _status(plan, kf, period, a.forecast, a.last_year, bench).value,
        note or a.analysis,
        a.actions,
        a.cell("outcome"),
        sub.file if sub else "",
        sub.sha256 if sub else "",
        division_id == "",
        bool(key_unit(division_id)),
    )


@dataclass(frozen=True)
class GoalAreaRow:
    """Måluppfyllelse of one node of the goal tree: how many key figures (nämnd level) have each status.

    A node counts its own key figures and those of every node below it; its ``status`` is the
    worst of them (the rule a total over divisions follows), so a level rolls up its children.
    """

    goal_area: str
    name: str
    counts: tuple[int, ...]  # per status, in Status.display_order()
    total: int
    level: str = ""  # the plan's word for the level ("" in a flat plan: shown as today)
    number: str = ""
    depth: int = 0
    status: str = Status.FOLLOW.value

    def count(self, status: Status) -> int:
        return self.counts[STATUS_ORDER.index(status)]

    @property
    def label(self) -> str:
        """The node as listed in an indented tree ("    Insatsområde 1.2 Kortare väntetider"); a flat plan's name."""
        if not self.level:
            return self.name
        return "    " * self.depth + " ".join(p for p in (self.level, self.number, self.name) if p)

    @property
    def heading(self) -> str:
        """The node with its status, as the Nyckeltal sheet heads its key figures ("… – ✔ Uppfyllt"); a node
        only followed says "… – Följs (inget mål)", not "– –" (that status's symbol is a dash)."""
        if self.status in (NOT_DUE, Status.FOLLOW.value):
            return f"{self.label} – {self.status}"
        return f"{self.label} – {Status(self.status).label}"

    @property
    def status_label(self) -> str:
        """ "✔ Uppfyllt"; "Ej aktuell denna period" for a node whose key figures are none of them due this period."""
        return self.status if self.status == NOT_DUE else Status(self.status).label


def goal_area_table(plan: Plan, key_figures: list[KeyFigureRow]) -> list[GoalAreaRow]:
    """Måluppfyllelse per node of the goal tree (per målområde in a flat plan), counted over the nämnd rows."""
    totals = [k for k in key_figures if k.is_total]
    areas = plan.goal_areas
    tree = goal_tree.is_tree(areas)
    rows = []
    for area, depth in goal_tree.walk(areas) if tree else [(a, 0) for a in areas]:
        ids = goal_tree.subtree(areas, area.id) if tree else {area.id}
        statuses = [k.status for k in totals if k.goal_area in ids and k.status != NOT_DUE]
        counts = tuple(statuses.count(status.value) for status in STATUS_ORDER)
        rolled = worst(Status(s) for s in statuses).value
        if not statuses and any(k.goal_area in ids for k in totals):  # its key figures are none of them due
            rolled = NOT_DUE
        level = goal_tree.level_name(area) if tree else ""
        rows.append(GoalAreaRow(area.id, area.name, counts, len(statuses), level, area.number, depth, rolled))
    return rows
