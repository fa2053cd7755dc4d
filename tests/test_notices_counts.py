"""QA 35r #2: Att notera's count of key figures not met is the Sammanfattning table's, financial goals named apart.

The table beneath ("Måluppfyllelse per målområde (antal nyckeltal)") counts key figures; the note counted the
financial goals in too, so at the seed's T1 "Delvis uppfyllt (2)" stood over a column adding to 1.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from reporting.output.notices import notice
from reporting.plan.targets import Status


def _partly_goal(result, goal_id: str):
    goals = [
        replace(g, outcome=Decimal("90.3"), status=Status.PARTLY.value) if g.id == goal_id else g
        for g in result.financial_goals
    ]
    return replace(result, financial_goals=goals)


def test_the_count_says_how_many_key_figures_and_how_many_financial_goals(demo_t1):
    result = _partly_goal(demo_t1()[1], "F2")
    figures = [k.id for k in result.key_figures if k.is_total and k.status == Status.PARTLY.value]
    assert figures == ["N14"]  # the demo's T1: one key figure partly met, and F2 here
    line = next(n for n in notice(result) if n.startswith(Status.PARTLY.value))
    assert (
        line
        == "Delvis uppfyllt (1 nyckeltal och 1 finansiellt mål): N14 Utlokaliseringar / 100 vårdplatser; F2 "
        + (next(g.name for g in result.financial_goals if g.id == "F2").rstrip(". ") + ".")
    )


def test_key_figures_alone_keep_the_plain_count(demo_t1):
    result = demo_t1()[1]
    line = next(n for n in notice(result) if n.startswith(Status.NOT_MET.value))
    assert line.startswith("Ej uppfyllt (5): N03 ")  # N03, N06, N07, N18, N19: the table's column adds to 5
