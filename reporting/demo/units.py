"""Plans and filled submissions with many units, for the rollup tests and the benchmark."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from reporting.demo.plan import demo_plan
from reporting.demo.submissions import demo_fill
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.template.write import build_template


def unit_plan(units: int, seed: int = 7) -> Plan:
    """The demo plan with ``units`` enheter spread over the divisions, for rollup tests and the benchmark.

    Each division's frame is split over its units to the tkr, so unit frames add up
    exactly; each unit gets two investment objects, and the division's own objects go to its last unit
    (a division reporting per unit is asked about an object only by the unit its Enhet names).
    """
    from dataclasses import replace

    from reporting.plan.model import BudgetFrame, Investment, Unit

    base = demo_plan()
    rng = random.Random(seed)
    division_ids = [d.id for d in base.divisions]
    plan_units = [Unit(f"E{n:04d}", f"Enhet {n:04d}", division_ids[n % len(division_ids)]) for n in range(1, units + 1)]
    frames = list(base.budget_frames)
    for frame in base.budget_frames:
        members = [u for u in plan_units if u.division == frame.division]
        if not members:
            continue
        weights = [Decimal(rng.randint(5, 15)) for _ in members]
        split: dict[str, list[Decimal]] = {}
        for gid, amount in frame.amounts.items():
            split[gid] = _apportion(amount, weights)
        for index, unit in enumerate(members):
            amounts = {gid: split[gid][index] for gid in frame.amounts}
            frames.append(BudgetFrame(frame.division, frame.year, amounts, sum(amounts.values(), Decimal(0)), unit.id))
    last = {u.division: u.name for u in plan_units}  # the last: the first unit's shared sheets serve the others
    investments = [replace(i, unit=last.get(i.division, i.unit)) for i in base.investments] + [
        Investment(f"IU{n:04d}{k}", u.division, u.name, f"Utrustning {k}", "NY-investering HSN", rng.randint(50, 900))
        for n, u in enumerate(plan_units, start=1)
        for k in "ab"
    ]
    return replace(base, units=plan_units, budget_frames=frames, investments=investments)


def _apportion(amount: Decimal, weights: list[Decimal], quantum: Decimal = Decimal("0.001")) -> list[Decimal]:
    """``amount`` split by ``weights`` into multiples of ``quantum`` that add up exactly.

    Largest-remainder split of the magnitude: every part is rounded down, and the quanta
    left over go to the parts with the largest remainders, so every part keeps the sign of
    ``amount`` (or is zero) — a remainder put on the last unit could flip its sign once
    many units each round a little the same way.
    """
    steps = abs(amount) / quantum
    if steps != steps.to_integral_value():
        raise ValueError(f"{amount} is not a multiple of {quantum}")
    total, total_weight = int(steps), sum(weights, Decimal(0))
    shares = [total * w / total_weight for w in weights]
    floors = [int(share) for share in shares]  # shares are ≥ 0, int() rounds down
    by_remainder = sorted(range(len(shares)), key=lambda i: shares[i] - floors[i], reverse=True)
    for i in by_remainder[: total - sum(floors)]:
        floors[i] += 1
    sign = -1 if amount < 0 else 1
    return [sign * n * quantum for n in floors]


def write_unit_submissions(
    plan: Plan, period: Period, inbox: str | Path, seed: int = 2025, skip_every: int = 0
) -> list[Path]:
    """Filled unit templates for every unit (all but every ``skip_every``-th), into ``inbox``."""
    inbox = Path(inbox)
    inbox.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, unit in enumerate(plan.units, start=1):
        if skip_every and n % skip_every == 0:
            continue
        fill = demo_fill(plan, unit.division, period, seed, unit.id)
        name = Reporter(plan.division(unit.division), unit).file_name(period.key)
        paths.append(
            build_template(
                plan,
                unit.division,
                period,
                inbox / name,
                fill,
                created=datetime(period.year, 5, 2, 9, 0),
                unit_id=unit.id,
            )
        )
    return paths
