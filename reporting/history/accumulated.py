"""A month's own value typed where a key figure asks for the accumulated one (januari to the period's last month).

An accumulated figure ("Inhyrd personal, kostnad ackumulerat", a unit "st ack.") can only grow within a year, so a
division's utfall lower than its own stored utfall of an earlier period of the same year is most likely the latest
month alone. Only history knows the earlier value, so the check runs with it (``run_period``), after the
consolidation; it is a warning at the division's cell, the value used as typed. A figure is accumulated when its
name or unit says so; a division combined from its units' files has no one cell to point at and is left out. The
message writes both values as the report shows them (``shown_apart``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import partial

from reporting.consolidate.consolidation import Consolidation
from reporting.findings import Finding, Rule, warning
from reporting.history.trends import HistoryView, previous_point
from reporting.history.words import Metric
from reporting.plan.model import KeyFigure
from reporting.swedish import format_key_figure, format_number, typed_decimals
from reporting.template.spec import KEY_FIGURES

ACCUMULATED = re.compile(r"\back(?:\.|\b)|ackumuler", re.IGNORECASE)  # "ack.", "ackumulerat", "ackumulerad"


def is_accumulated(kf: KeyFigure) -> bool:
    """Whether the key figure's name or unit says it is accumulated over the year."""
    return bool(ACCUMULATED.search(kf.name) or ACCUMULATED.search(kf.unit))


def accumulated_checks(view: HistoryView, r: Consolidation) -> list[Finding]:
    """A warning for each division whose accumulated utfall is smaller than its own of an earlier period this year."""
    figures = {kf.id: kf for kf in r.plan.key_figures if is_accumulated(kf)}
    out: list[Finding] = []
    for row in r.key_figures:
        kf = figures.get(row.id)
        if kf is None or row.is_total or not isinstance(row.outcome, Decimal):
            continue
        current = r.intake.current.get(row.division_id)  # the division's own file; its units' sum has no cell
        sub = current.submission if current is not None else None
        answer = sub.answers.key_figures.get(row.id) if sub is not None else None
        earlier = previous_point(
            view.index, row.id, r.period, row.division_id, unit=kf.unit, metric=Metric.OUTCOME, name=kf.name
        )  # never a measure the id named before
        if sub is None or answer is None or earlier is None:
            continue
        period, value = earlier
        if not isinstance(value, Decimal):
            continue
        if row.outcome * value > 0 and abs(row.outcome) < abs(value):  # same sign: a cost typed with a minus too
            now, then = shown_apart(row.outcome, value, partial(format_key_figure, unit=kf.unit))
            out.append(
                warning(
                    Rule.ACCUMULATED_DROP,
                    file=sub.file,
                    sheet=KEY_FIGURES.name,
                    cell=answer.cell("outcome"),
                    division=row.division,
                    id=row.id,
                    value=now,
                    earlier=then,
                    unit=kf.unit.strip(),
                    who=row.division,
                    period=period.in_text,
                )
            )
    return out


def shown_apart(value: Decimal, earlier: Decimal, shown: Callable[[Decimal], str]) -> tuple[str, str]:
    """Two values as the report shows them (``shown``: a key figure's ``format_key_figure`` with its unit, an amount
    at its unit's decimals), "57,0" for a 57 in mkr; where that shows them alike (57,04 and 57,03 mkr: "57,0" both)
    with the decimals either was typed with, so the message never says one is lower than itself."""
    now, then = shown(value), shown(earlier)
    if now != then:
        return now, then
    places = max(typed_decimals(value), typed_decimals(earlier))
    return format_number(value, places), format_number(earlier, places)
