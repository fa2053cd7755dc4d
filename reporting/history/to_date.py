"""Amounts the year accumulates that fall within it: an investment's upparbetat belopp and status, an åtgärd's
uppnådd effekt.

An investment object's upparbetat belopp is what it has cost so far, so it does not fall within the year, nor does
its status go back (Ej påbörjad, Pågår, Slutförd; Avbruten ends an object, whatever its status was). An åtgärd's
uppnådd effekt is the effect so far this year: it does not fall either. A lower amount or an earlier status is most
likely a typo, or a value left from another object's row. Each reporter's own answers are stored
(``rows.reporter_rows``), so each is set against the same reporter's answer at the latest earlier period of the year
that has one, under the same object's or åtgärd's name: a warning at the file's cell, the value used as typed, run
with the history after the consolidation as ``accumulated`` is. A division reported by its units' files is judged
per unit file, each unit's answer at its own cell against that unit's earlier one; a reporter that reported
otherwise before (the division's own file then, its units' now) has no earlier answer of its own and is not judged.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from reporting.consolidate.consolidation import Consolidation
from reporting.findings import Finding, Rule, warning
from reporting.history.accumulated import shown_apart
from reporting.history.rows import SPENT_UNIT, reporters
from reporting.history.trends import Figures, HistoryView, previous_point
from reporting.history.words import Metric, RowKind
from reporting.intake.submission import Submission
from reporting.plan.central import BOARD
from reporting.plan.model import Investment
from reporting.plan.periods import Period
from reporting.swedish import format_number
from reporting.template.answers import InvestmentAnswer, MeasureAnswer
from reporting.template.spec import INVESTMENT_STATUSES, INVESTMENT_STOPPED, INVESTMENTS, MEASURES

# the order an object's status moves in (Ej påbörjad, Pågår, Slutförd): the contract's list without Avbruten, an end
PROGRESS = tuple(s for s in INVESTMENT_STATUSES if s != INVESTMENT_STOPPED)


def to_date_checks(view: HistoryView, r: Consolidation) -> list[Finding]:
    """A warning for each reporter's upparbetat belopp and uppnådd effekt lower, and status earlier, than its own
    at an earlier period of the year."""
    objects = {i.id: i for i in r.plan.investments if i.division != BOARD}
    measures = {m.id: m.name for m in r.plan.measures}
    out: list[Finding] = []
    for sub in reporters(r):
        for item, answer in sub.answers.investments.items():
            if item in objects:
                out += _investment_checks(view.index, r.period, sub, objects[item], answer)
        for item, effect in sub.answers.measures.items():
            if item in measures:
                out += _effect_checks(view.index, r, sub, item, measures[item], effect)
    return out


def _investment_checks(
    index: Figures, period: Period, sub: Submission, item: Investment, answer: InvestmentAnswer
) -> list[Finding]:
    """The object's upparbetat belopp below, and its status before, the reporter's own of an earlier period."""
    out = []
    who, where = sub.reporter.name, {"file": sub.file, "sheet": INVESTMENTS.name, "division": sub.reporter.name}
    spent = _number(_earlier(index, RowKind.INVESTMENT, item.id, period, sub, Metric.SPENT, item.object, SPENT_UNIT))
    if isinstance(answer.spent, Decimal) and spent is not None and fell(answer.spent, spent[1]):
        value, before = shown_apart(answer.spent, spent[1], partial(format_number, decimals=0))  # whole tkr
        fields = {"id": item.id, "value": value, "earlier": before, "who": who, "period": spent[0].in_text}
        out.append(warning(Rule.SPENT_DROP, **where, cell=answer.cell("spent"), **fields))
    status = _earlier(index, RowKind.INVESTMENT, item.id, period, sub, Metric.STATUS, item.object)
    if status is not None and went_back(answer.status, status[1]):
        fields = {"id": item.id, "status": answer.status or "", "earlier": str(status[1]), "who": who}
        cell = answer.cell("status")
        out.append(warning(Rule.STATUS_BACK, **where, cell=cell, period=status[0].in_text, **fields))
    return out


def _effect_checks(
    index: Figures, r: Consolidation, sub: Submission, item: str, name: str, effect: MeasureAnswer
) -> list[Finding]:
    """The reporter's uppnådd effekt of an åtgärd below its own of an earlier period (in the plan's Beloppsenhet)."""
    money = r.plan.amount_unit
    earlier = _number(_earlier(index, RowKind.MEASURE_SHARE, item, r.period, sub, Metric.ACHIEVED, name, money))
    now = effect.achieved
    if not isinstance(now, Decimal) or earlier is None or not fell(now, earlier[1]):
        return []
    value, before = shown_apart(now, earlier[1], partial(format_number, decimals=r.plan.amount_decimals))
    who = sub.reporter.name
    fields = {"id": item, "value": value, "earlier": before, "unit": money, "who": who, "period": earlier[0].in_text}
    where = {"file": sub.file, "sheet": MEASURES.name, "cell": effect.cell("achieved"), "division": who}
    return [warning(Rule.EFFECT_DROP, **where, **fields)]


def _earlier(
    index: Figures,
    kind: RowKind,
    item: str,
    period: Period,
    sub: Submission,
    metric: Metric,
    name: str,
    unit: str = "",
) -> tuple[Period, Decimal | str] | None:
    """The reporter's own value stored at the latest earlier period of the year, in ``unit`` and under ``name``."""
    return previous_point(index, item, period, sub.key, kind, unit, metric=metric, name=name)


def fell(now: Decimal, earlier: Decimal) -> bool:
    """Whether an amount counted from the year's start is smaller than before: nearer 0 on the same side of it (an
    effect planned as a cost reduction negative stays negative), 0 included; a changed sign is another rule's."""
    return now * earlier >= 0 and abs(now) < abs(earlier)


def went_back(now: str | None, earlier: Decimal | str) -> bool:
    """Whether an object's status is before its earlier one (Slutförd to Pågår or Ej påbörjad, Pågår to Ej
    påbörjad); to or from Avbruten, or a word not in the list (another rule's), is not."""
    if now not in PROGRESS or not isinstance(earlier, str) or earlier not in PROGRESS:
        return False
    return PROGRESS.index(now) < PROGRESS.index(earlier)


def _number(point: tuple[Period, Decimal | str] | None) -> tuple[Period, Decimal] | None:
    """A stored point whose value is a number (an amount), else None."""
    return (point[0], point[1]) if point is not None and isinstance(point[1], Decimal) else None
