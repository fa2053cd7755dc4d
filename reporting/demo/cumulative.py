"""Year-to-date demo values: what is counted from January never falls within the year.

Each period's demo values are drawn on their own (``submissions._draw``); the amounts a report
accumulates over the year are then folded along the year's periods, from the demo's first
period (its anchor, whose values stay the drawn ones) to the period asked for:

- an investment's status never goes back (Ej påbörjad -> Pågår -> Slutförd; Avbruten ends it)
  and its upparbetat belopp never falls;
- an åtgärd's uppnådd effekt grows by the planned effect of the months added;
- an accumulated key figure ("kostnad ackumulerat", "st ack.") grows by the months added, at
  the rate of the anchor's value per month (value ~ months/12 of a yearly level).

A period before the anchor (a monthly plan's januari before its mars) is the anchor's value
scaled down by its months; an investment there has at most the anchor's status and amount.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from reporting.demo.catalogue import DEMO_PLANS
from reporting.history.accumulated import is_accumulated
from reporting.plan.model import Plan
from reporting.plan.periods import ORDER, Period
from reporting.template.spec import (
    INVESTMENT_DONE,
    INVESTMENT_NOT_STARTED,
    INVESTMENT_STOPPED,
    INVESTMENTS,
    KEY_FIGURES,
    MEASURES,
)
from reporting.template.write import Fill

PROGRESS = (INVESTMENT_NOT_STARTED, "Pågår", INVESTMENT_DONE)  # the order an investment's status moves in


def demo_anchor(plan: Plan, period: Period) -> Period:
    """The year's first demo period: the catalogue's first run for its demo plan, else the year's first period."""
    for demo in DEMO_PLANS.values():
        first = demo.runs[0]
        if (demo.region, demo.year) == (plan.region, plan.year) and first.startswith(f"{period.year}-"):
            return Period(period.year, first.split("-", 1)[1])
    return year_periods(plan, period)[0]


def year_periods(plan: Plan, period: Period) -> list[Period]:
    """The periods of ``period``'s year the plan reports (its Perioder sheet, else tertial/delår/helår), in order."""
    kinds = set(plan.listed_kinds) or {k for k in ORDER if not Period(period.year, k).is_month}
    return sorted({Period(period.year, k) for k in kinds} | {period})


def steps(plan: Plan, period: Period) -> list[Period]:
    """The periods from the anchor to ``period`` (either way), both included: the fold's path."""
    anchor = demo_anchor(plan, period)
    periods = sorted({*year_periods(plan, period), anchor})
    low, high = sorted((anchor.sort_key, period.sort_key))
    path = [p for p in periods if low <= p.sort_key <= high]
    return path if anchor.sort_key <= period.sort_key else path[::-1]


def fold(plan: Plan, division_id: str, path: list[Period], fills: list[Fill], raw: list[dict[str, Any]]) -> Fill:
    """The last period's fill, its accumulated values carried from the path's first (the anchor's) drawn fill."""
    anchor = path[0]
    figures = {kf.id: kf for kf in plan.key_figures_for(division_id) if is_accumulated(kf) and not kf.is_percent}
    for i in range(1, len(path)):
        before, now = path[i - 1], path[i]
        prev, cur = fills[i - 1], fills[i]
        for fid, row in cur[KEY_FIGURES.name].items():
            if fid in figures:
                _figure(prev[KEY_FIGURES.name][fid], row, anchor, before, now)
        for mid, row in cur[MEASURES.name].items():
            _measure(prev[MEASURES.name][mid], row, raw[i]["measures"][mid], before, now)
        for iid, row in cur[INVESTMENTS.name].items():
            _investment(prev[INVESTMENTS.name][iid], row, raw[i]["investments"][iid], before, now)
    return fills[-1]


def _q(value: Decimal, like: Decimal) -> Decimal:
    """``value`` at ``like``'s precision (a count whole, an mkr figure to its drawn decimals)."""
    return value.quantize(like, rounding=ROUND_HALF_UP)


def _figure(prev: dict[str, Any], row: dict[str, Any], anchor: Period, before: Period, now: Period) -> None:
    """An accumulated key figure: the earlier value and the months added at the anchor's rate (this draw's level)."""
    for key in ("outcome", "last_year"):
        drawn, earlier = row.get(key), prev.get(key)
        if not isinstance(drawn, Decimal) or not isinstance(earlier, Decimal):
            continue
        if before < now:
            row[key] = _q(earlier + Decimal(now.months - before.months) * drawn / Decimal(anchor.months), drawn)
        else:
            row[key] = _q(earlier * Decimal(now.months) / Decimal(before.months), drawn)
    outcome, forecast = row.get("outcome"), row.get("forecast")
    if now.is_year_end:
        row["forecast"] = outcome
    elif before < now and isinstance(outcome, Decimal) and isinstance(forecast, Decimal):
        # the year's: so far, and the months left at the rate this forecast's draw gives
        row["forecast"] = _q(outcome + Decimal(12 - now.months) * forecast / Decimal(anchor.months), forecast)


def _measure(prev: dict[str, Any], row: dict[str, Any], rate: Decimal, before: Period, now: Period) -> None:
    """Uppnådd effekt: the earlier plus the planned effect of the months added (``rate``: planned × this draw)."""
    earlier: Decimal = prev["achieved"]
    step = row["achieved"]
    if before < now:
        achieved = earlier + (rate * Decimal(now.months - before.months) / Decimal(12)).quantize(step)
    else:
        achieved = (earlier * Decimal(now.months) / Decimal(before.months)).quantize(step)
    row["achieved"] = achieved
    if now.is_year_end or (before < now and abs(row["forecast"]) < abs(achieved)):
        row["forecast"] = achieved  # the year's effect is at least what is achieved so far


def _investment(
    prev: dict[str, Any], row: dict[str, Any], draw: tuple[int, float, float], before: Period, now: Period
) -> None:
    """Status never back, upparbetat never down (forward); at most the later period's of both (backward).

    ``draw``: the budget (tkr) and this period's drawn shares of it for Pågår and for Slutförd.
    """
    amount, go, done = draw
    if INVESTMENT_STOPPED in (prev["status"], row["status"]):  # never drawn; a hand-made fill's ends the series
        if before < now and prev["status"] == INVESTMENT_STOPPED:
            row["status"], row["spent"] = prev["status"], prev["spent"]
        return None
    rank = PROGRESS.index(row["status"]), PROGRESS.index(prev["status"])
    if now < before:  # a period before the anchor: no further on than the one after it
        row["status"] = PROGRESS[min(rank)]
        row["spent"] = Decimal(0) if min(rank) == 0 else min(row["spent"], prev["spent"])
        return None
    status = PROGRESS[max(rank)]
    earlier: Decimal = prev["spent"]
    if status == INVESTMENT_NOT_STARTED:
        spent = Decimal(0)
    elif status == prev["status"] == INVESTMENT_DONE:
        spent = earlier  # finished: its final cost
    elif status == INVESTMENT_DONE:
        spent = max(earlier, Decimal(int(amount * done)))
    elif earlier == 0:
        spent = Decimal(int(amount * go))
    else:  # still going: part of what is left of 95 % of the budget
        spent = earlier + Decimal(int(max(amount * 0.95 - float(earlier), 0.0) * go))
    row["status"], row["spent"] = status, spent
    return None
