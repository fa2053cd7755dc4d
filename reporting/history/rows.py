"""A consolidation as the history's database rows (``rows_of``), and the numbers and words they hold.

The nämnd's figures as the report shows them: key figures per division and the nämnd's, the economy, the
åtgärdsplan, the financial goals, the nämnd's uppdrag (``store`` writes them, ``load_figures`` reads them back). And
what each reporting party's own file said of the amounts the year accumulates (``reporter_rows``): an investment
object's upparbetat belopp and status, an åtgärd's uppnådd effekt, under the reporter's key ("MED", or "MED/AKUT"
for a unit's file), so a later period of the year is set against them (``history.to_date``).
"""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from reporting.consolidate.board import NOT_REPORTED
from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.labels import NOT_DUE, NOT_SUBMITTED, REJECTED
from reporting.history.words import Metric, RowKind
from reporting.intake.submission import Submission, own_file_wins
from reporting.plan.central import BOARD
from reporting.plan.model import Plan
from reporting.plan.targets import NO, PARTLY, YES, Direction
from reporting.template.economy_sums import SUMMED
from reporting.template.spec import NETTO_ID

log = logging.getLogger(__name__)
MAX_ABS = Decimal("1e15")  # no figure of a health-care board comes near this; beyond it is an error
UNIT_LENGTH = 120  # a unit as a plan writes it; longer is cut (migration 0004 widened the column)
SPENT_UNIT = "tkr"  # an investment's upparbetat belopp is asked in whole tkr, whatever the plan's Beloppsenhet
NAMND = ""  # division key of the nämnd total
# the Ekonomi sheet's typed columns (its deviations are computed from them again), each a declared metric
MONEY_METRICS = tuple(Metric(m) for m in SUMMED)
MEASURE_METRICS = (Metric.PLANNED, Metric.ACHIEVED, Metric.FORECAST)  # a measure every division has reported
MEASURE_PLANNED = (Metric.PLANNED,)  # one some division has not: the plan's effect only


def board_of(plan: Plan) -> str:
    """The nämnd's id of a plan (``Plan.board_key``)."""
    return plan.board_key


class Rows:
    """The rows of one stored period, each made from a value as ``add`` is given it (nothing for no value)."""

    def __init__(self, base: dict[str, Any]) -> None:
        self.base = base
        self.out: list[dict[str, Any]] = []

    def add(
        self,
        division: str,
        kind: RowKind,
        item: str,
        metric: Metric,
        value: Any,
        done: bool = False,
        unit: str = "",
        part: str = "",
        target: str = "",
        name: str = "",
    ) -> None:
        if value is None or value == "":
            return
        number, text = None, None
        if done:
            text = yes_no(value)
        elif isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            number = sane_number(value)
            if number is None:
                log.warning(
                    "sparas inte: %s %s %s %s = %r är inget ändligt tal av rimlig storlek",
                    kind,
                    item,
                    division,
                    metric,
                    value,
                )
                return
        else:
            text = str(value)
        self.out.append(
            {
                **self.base,
                "division": division,
                "unit": unit[:UNIT_LENGTH] if number is not None else "",  # what the number is in; text has none
                "kind": kind.value,  # the stored word as plain text (a driver may adapt an enum by its name)
                "item": item,
                "metric": metric.value,
                "value": number,
                "text": text,
                "left_out": part,
                "target": target,
                "name": name,
            }
        )


def rows_of(result: Consolidation) -> list[dict[str, Any]]:
    """The figures of a consolidation as database rows (key figures, economy, measures, each reporter's own)."""
    period, now = result.period, datetime.now().replace(microsecond=0).isoformat()
    rows = Rows({"board": board_of(result.plan), "year": period.year, "period": period.kind, "stored_at": now})
    money = result.plan.amount_unit
    done_targets = {k.id for k in result.plan.key_figures if k.target.direction is Direction.DONE}
    for kf in result.key_figures:
        if kf.status_label in (NOT_SUBMITTED, REJECTED, NOT_DUE):  # nothing reported: nothing stored
            continue
        division, part = NAMND if kf.is_total else kf.division_id, kf.left_out  # a value over some units: marked
        target = kf.target  # the year's målvärde as the report shows it ("Minst 88 %")
        name = kf.name  # as the plan names it now: the same id of another name later is another key figure
        for metric in (Metric.OUTCOME, Metric.LAST_YEAR, Metric.FORECAST):
            value = getattr(kf, metric)
            rows.add(
                division, RowKind.KEY_FIGURE, kf.id, metric, value, kf.id in done_targets, kf.unit, part, target, name
            )
        rows.add(
            division, RowKind.KEY_FIGURE, kf.id, Metric.DENOMINATOR, kf.denominator, part=part, target=target, name=name
        )
        rows.add(division, RowKind.KEY_FIGURE, kf.id, Metric.STATUS, kf.status, part=part, target=target, name=name)
    for e in result.economy:
        if e.submitted:  # a division from some of its units as reported, marked (``partial``): never as the whole
            for metric in MONEY_METRICS:
                rows.add(
                    e.division_id,
                    RowKind.ECONOMY,
                    e.group_id,
                    metric,
                    getattr(e, metric),
                    unit=money,
                    part=e.left_out,
                    name=e.group,
                )
    for netto in result.economy_overview:
        if netto.is_total and netto.submitted:
            for metric in MONEY_METRICS:
                rows.add(NAMND, RowKind.ECONOMY, NETTO_ID, metric, getattr(netto, metric), unit=money)
    for m in result.measures:  # effects some division has not reported are not the nämnd's: the plan's only
        for metric in MEASURE_PLANNED if m.missing else MEASURE_METRICS:
            rows.add(NAMND, RowKind.MEASURE, m.id, metric, getattr(m, metric), unit=money)
    goal_units = {g.id: g.target.unit for g in result.plan.financial_goals}  # "%" of "Minst 2 %"
    for goal in result.financial_goals:  # from Centrala värden: stored like a nämnd-level key figure
        if goal.outcome is not None:
            done = isinstance(goal.outcome, str)
            rows.add(
                NAMND,
                RowKind.FINANCIAL_GOAL,
                goal.id,
                Metric.OUTCOME,
                goal.outcome,
                done,
                goal_units.get(goal.id, ""),
                target=goal.target,
            )
            rows.add(NAMND, RowKind.FINANCIAL_GOAL, goal.id, Metric.STATUS, goal.status, target=goal.target)
    for a in result.assignments:
        if a.division_id == BOARD and a.status != NOT_REPORTED:  # the nämnd's own uppdrag
            rows.add(NAMND, RowKind.ASSIGNMENT, a.id, Metric.STATUS, a.status)
    reporter_rows(result, rows)
    return rows.out


def reporters(result: Consolidation) -> list[Submission]:
    """The submissions consolidated, each as its own file: a division's, or each unit's of a division from its units'
    files (``own_file_wins``: a division's own file sets its units' aside)."""
    current = [f.submission for f in result.intake.current.values() if f.submission is not None]
    return own_file_wins(current)[0]


def reporter_rows(result: Consolidation, rows: Rows) -> None:
    """Each reporter's own upparbetat belopp and status of its investment objects, and uppnådd effekt of its
    åtgärder, under its key ("MED", "MED/AKUT"), with the object's or åtgärd's name (an id given to another object
    is not set against the old one's). The effect is in the plan's Beloppsenhet, the upparbetat in tkr."""
    objects = {i.id: i.object for i in result.plan.investments if i.division != BOARD}
    measures = {m.id: m.name for m in result.plan.measures}
    money = result.plan.amount_unit
    for sub in reporters(result):
        for item, answer in sub.answers.investments.items():
            if item in objects:
                name = objects[item]
                rows.add(sub.key, RowKind.INVESTMENT, item, Metric.SPENT, answer.spent, unit=SPENT_UNIT, name=name)
                rows.add(sub.key, RowKind.INVESTMENT, item, Metric.STATUS, answer.status, name=name)
        for item, effect in sub.answers.measures.items():
            if item in measures:
                achieved, name = effect.achieved, measures[item]
                rows.add(sub.key, RowKind.MEASURE_SHARE, item, Metric.ACHIEVED, achieved, unit=money, name=name)


def sane_number(value: Decimal | int | float) -> str | None:
    """The exact text of a finite number with |x| <= 1e15, else None (NaN, Infinity, 1E+20 are never stored)."""
    number = parse_number(value if isinstance(value, Decimal) else str(value))
    return None if number is None else str(number)


def parse_number(value: Any) -> Decimal | None:
    """A stored value as a finite, sane Decimal; None for NULL and for junk ("NaN", "Infinity", "abc", "1e400")."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):  # a number another tool stored
        number = Decimal(str(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    if not number.is_finite() or abs(number) > MAX_ABS:
        return None
    return number


def yes_no(value: Any) -> str:
    """A done-target's answer in the words shown everywhere: Ja, Nej or Delvis (other text kept as written)."""
    answer = " ".join(str(value).split())
    word = answer.lower()
    if word in YES:
        return "Ja"
    if word in NO:
        return "Nej"
    if word in PARTLY:
        return "Delvis"
    return answer
