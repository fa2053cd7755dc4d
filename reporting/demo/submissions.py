"""Realistic filled demo submissions, so the whole flow runs without real data.

Seeded: the same seed gives the same numbers. Some targets are met, some not;
one division (Hälso- och sjukvårdsdirektör) does not submit; Division Kirurgi's
file carries typical mistakes (a missing outcome, text in a number cell, an
unexplained forecast deviation) so the feedback has something to say. Internkontroll
answers are complete everywhere: some controls partly done or not done, some with an
avvikelse and its åtgärd.
"""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from reporting.demo.cumulative import fold, steps
from reporting.plan.model import Aggregation, FinancialGoal, KeyFigure, Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.plan.targets import Direction
from reporting.swedish import COUNT_UNITS
from reporting.template.spec import (
    ASSIGNMENT_STATUSES,
    ASSIGNMENTS,
    CONTROL_DEVIATION,
    CONTROL_DONE,
    DATA_SHEETS,
    ECONOMY,
    INTERNAL_CONTROL,
    INVESTMENTS,
    KEY_FIGURES,
    MEASURES,
    NETTO_ID,
)
from reporting.template.write import Fill, build_template

MISSING_DIVISION = "HSD"
FAULTY_DIVISION = "KIR"


def _d(value: float, places: int = 1) -> Decimal:
    return Decimal(f"{value:.{places}f}")


def kf_value(kf: KeyFigure | FinancialGoal, rng: random.Random, meet: bool, year: int | None = None) -> Any:
    """An outcome near the target (``year``'s, when the plan gives one): on its good side when ``meet``, else on its
    bad side. F2 "resultat mot ram" is "Minst 0 senast 2027" but −345 mkr for 2025: a 2025 outcome is near −345."""
    target = kf.target if year is None else kf.target_for(year)
    if target.direction is Direction.DONE:
        return "Ja" if meet else "Nej"
    goal = float(target.value if target.value is not None else 50)
    count = getattr(kf, "unit", "").strip().lower() in COUNT_UNITS  # a count is whole: 4 enheter, never 4,31
    places = 0 if count else 1 if abs(goal) >= 100 else 2 if goal < 10 else 1  # −345 mkr to 0,1 as the Ekonomi
    lower_better = target.direction in (Direction.BELOW, Direction.AT_MOST)
    spread = abs(goal) * rng.uniform(0.02, 0.15) or 1.0
    spread = max(spread, 1.0) if count else spread  # a whole step at least, or a miss would round onto the target
    good = (goal - spread) if lower_better else (goal + spread)
    bad = (goal + spread) if lower_better else (goal - spread)
    value = good if meet else bad
    if getattr(kf, "is_share", isinstance(kf, FinancialGoal) and target.is_percent and goal >= 0):  # 0–100 %
        value = min(max(value, 0.0), 100.0)
    return _d(value if goal < 0 else max(value, 0.0), places)  # a negative target (−345 mkr, −0,7 %) stays negative


def demo_fill(plan: Plan, division_id: str, period: Period, seed: int = 2025, unit_id: str = "") -> Fill:
    """Input values for one division's (or unit's) template, as a controller would enter them.

    Each period's values are drawn on their own; what accumulates over the year (upparbetat, uppnådd effekt, an
    accumulated key figure) is then carried from the demo's first period of the year (reporting.demo.cumulative),
    whose values stay those drawn.
    """
    path = steps(plan, period)
    drawn = [_draw(plan, division_id, p, seed, unit_id) for p in path]
    fill = fold(plan, division_id, path, [f for f, _ in drawn], [r for _, r in drawn])
    _control_answers(plan, division_id, period, fill, random.Random(f"{seed}-{division_id}-{unit_id}-{period.key}-ik"))
    return fill


def _draw(plan: Plan, division_id: str, period: Period, seed: int, unit_id: str) -> tuple[Fill, dict[str, Any]]:
    """The period's values drawn on their own, and the draws the year's fold needs (rates, shares)."""
    rng = random.Random(f"{seed}-{division_id}-{unit_id}-{period.key}")
    raw: dict[str, Any] = {"measures": {}, "investments": {}}
    share = Decimal(period.months) / Decimal(12)
    fill: Fill = {spec.name: {} for spec in DATA_SHEETS}
    for kf in plan.key_figures_for(division_id):
        meet = rng.random() < 0.6
        outcome = kf_value(kf, rng, meet, period.year)
        row = {
            "outcome": outcome,
            "last_year": kf_value(kf, rng, rng.random() < 0.5, period.year),
            "forecast": kf_value(kf, rng, meet or rng.random() < 0.3, period.year),
            "denominator": Decimal(rng.randint(200, 5000)) if kf.aggregation == Aggregation.WEIGHTED else None,
        }
        if period.is_year_end:  # the årsrapport: the year's outcome is its forecast (the draw above keeps the seed's)
            row["forecast"] = outcome
        if not meet:
            row["analysis"] = "Utfallet påverkas av vakanser och ett högt inflöde under perioden."
            row["actions"] = "Riktade insatser och omfördelning av tider; uppföljning varje månad."
        else:
            row["analysis"] = "Målet nås; arbetet fortsätter enligt plan."
        fill[KEY_FIGURES.name][kf.id] = row
    for item in plan.assignments_for(division_id):
        status = rng.choice([*ASSIGNMENT_STATUSES[:3], "Pågår enligt plan"])
        fill[ASSIGNMENTS.name][item.id] = {
            "status": status,
            "comment": "Arbetet följs upp i ledningsgruppen."
            if status != "Pågår med avvikelse"
            else "Försenat på grund av bemanningsläget.",
        }
    _economy(plan, division_id, period, unit_id, fill, rng)
    step = Decimal(1).scaleb(-plan.amount_decimals)  # 0,1 mkr or 1 tkr
    for measure in plan.measures_for(division_id):
        share_of = len(measure.divisions) * max(len(plan.units_of(division_id)) if unit_id else 1, 1)
        planned = (measure.effect(period.year) or Decimal(0)) / share_of  # None: "ej beräknad"
        drawn = Decimal(str(rng.uniform(0.4, 1.1)))
        achieved = (planned * share * drawn).quantize(step)
        raw["measures"][measure.id] = planned * drawn  # the effect a year at this pace gives
        forecast = (planned * Decimal(str(rng.uniform(0.6, 1.05)))).quantize(step)
        fill[MEASURES.name][measure.id] = {
            "achieved": achieved,
            "forecast": achieved if period.is_year_end else forecast,  # the year's effect (the draw keeps the seed's)
            "comment": "Enligt plan." if rng.random() < 0.5 else "Effekten kommer senare än planerat.",
        }
    for investment in plan.investments_of(division_id, unit_id):
        status = rng.choice(["Ej påbörjad", "Pågår", "Pågår", "Slutförd"])
        going, done = rng.uniform(0.1, 0.7), rng.uniform(0.9, 1.05)  # shares of the budget spent, in this order
        spent = {
            "Ej påbörjad": 0,
            "Pågår": int(investment.amount_tkr * going),
            "Slutförd": int(investment.amount_tkr * done),
        }
        fill[INVESTMENTS.name][investment.id] = {"status": status, "spent": Decimal(spent[status]), "comment": ""}
        raw["investments"][investment.id] = (investment.amount_tkr, going, done)
    return fill, raw


def _economy(plan: Plan, division_id: str, period: Period, unit_id: str, fill: Fill, rng: random.Random) -> None:
    """Utfall near the periodised budget and a forecast near the frame, per account group of the frame.

    The groups are the plan's own (Kontogrupper, else today's five). Amounts keep the
    plan's precision: 0,1 in an mkr plan, whole tkr in a tkr plan.
    """
    frame = plan.frame(division_id, period.year, unit_id)
    share = Decimal(period.months) / Decimal(12)
    quantum = Decimal(1).scaleb(-plan.amount_decimals)  # 0,1 mkr or 1 tkr
    for group in plan.account_groups:
        gid, income = group.id, group.is_income
        budget = frame.amounts.get(gid, Decimal(0)) if frame else Decimal(0)
        periodised = (budget * share).quantize(quantum)
        drift = Decimal(str(rng.uniform(-0.03, 0.02) if not income else rng.uniform(-0.01, 0.03)))
        actual = (periodised * (1 + drift)).quantize(quantum)
        forecast = actual if period.is_year_end else (budget * (1 + drift * Decimal("0.8"))).quantize(quantum)
        comment = ""
        if abs(forecast - budget) > plan.deviation_threshold(budget):
            comment = (
                "Högre kostnader för inhyrd personal och köpt vård än budgeterat."
                if not income
                else "Högre intäkter från utomlänspatienter."
            )
        fill[ECONOMY.name][gid] = {"periodised": periodised, "actual": actual, "forecast": forecast, "comment": comment}
    fill[ECONOMY.name][NETTO_ID] = {"comment": "Divisionen arbetar med åtgärdsplanen för ekonomi i balans."}


def _control_answers(plan: Plan, division_id: str, period: Period, fill: Fill, rng: random.Random) -> None:
    """Most controls done without remark, some partly or with a deviation (and its åtgärd), a few not done.

    Its own random stream, so the other sheets' demo values are those they were before.
    """
    done_yes, done_no, partly = CONTROL_DONE  # Ja, Nej, Delvis
    deviation_yes, deviation_no = CONTROL_DEVIATION
    for point in plan.control_points_for(division_id, period.kind):
        done = rng.choices(CONTROL_DONE, weights=(70, 10, 20))[0]
        sampled = rng.randint(6, 15)
        found = rng.randint(1, 3)
        deviating = done != done_no and rng.random() < (0.15 if done == done_yes else 0.5)
        if done == done_no:
            result = "Kontrollen kunde inte genomföras på grund av bemanningsläget; den görs nästa period."
        elif deviating:
            result = f"Stickprovet på {sampled} enheter visade brister på {found}."
        elif done == partly:
            result = f"Kontrollen gjord på {sampled - found} av {sampled} enheter; resten görs nästa period."
        else:
            result = f"Stickprov på {sampled} enheter utan anmärkning."
        fill[INTERNAL_CONTROL.name][point.id] = {
            "done": done,
            "result": result,
            "deviation": (deviation_yes if deviating else deviation_no) if done != done_no else None,
            "action": "Handlingsplan med berörda verksamhetschefer; följs upp nästa tertial." if deviating else "",
        }


def add_mistakes(fill: Fill) -> None:
    """The mistakes controllers make: an empty outcome, text in a number cell, no comment."""
    ids = list(fill[KEY_FIGURES.name])
    if ids:
        fill[KEY_FIGURES.name][ids[0]]["outcome"] = None
    if len(ids) > 1:
        fill[KEY_FIGURES.name][ids[1]]["forecast"] = "ej klart"
    economy = {gid: row for gid, row in fill[ECONOMY.name].items() if gid != NETTO_ID}
    cost = economy["EK"] if "EK" in economy else min(economy.values(), key=lambda row: row["forecast"])
    cost["forecast"] = (cost["forecast"] * Decimal("1.04")).quantize(cost["forecast"])  # the plan's precision
    cost["comment"] = ""


def write_demo_submissions(
    plan: Plan,
    period: Period,
    inbox: str | Path,
    seed: int = 2025,
    missing: str = MISSING_DIVISION,
    faulty: str = FAULTY_DIVISION,
) -> list[Path]:
    """Filled templates for every division but ``missing`` into ``inbox``; ``faulty``'s has typical mistakes."""
    inbox = Path(inbox)
    inbox.mkdir(parents=True, exist_ok=True)
    paths = []
    for division in plan.divisions:
        if division.id == missing:
            continue
        fill = demo_fill(plan, division.id, period, seed)
        if division.id == faulty:
            add_mistakes(fill)
        path = inbox / Reporter(division).file_name(period.key)
        paths.append(build_template(plan, division.id, period, path, fill, created=datetime(period.year, 5, 2, 9, 0)))
    return paths
