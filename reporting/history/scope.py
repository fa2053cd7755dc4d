"""What a division covered at each period: its units (from the period's plan) and its frame (as stored).

A division's series runs on across a merge or a unit moved in or out (Division Medicin with Kirurgi's clinics
from 2026): the values before and after are of different scopes. ``history show --division`` marks the first
period after such a change and says, below the table, what changed; it guesses no cause.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pandas as pd

from reporting.history.changes import period_plans
from reporting.history.store import parse_number
from reporting.history.trends import in_amount_unit
from reporting.plan.periods import Period
from reporting.swedish import format_exact
from reporting.template.spec import NETTO_ID

MARK = "†"


def scope_changes(root: Path, frame: pd.DataFrame, division: str, periods: Sequence[Period]) -> dict[Period, str]:
    """Period -> what changed in ``division`` since the period before it in ``periods`` (sorted): the units its
    plan gave it (those added and those gone, by name) and its netto frame as stored. Nothing where neither is
    known for both periods, or nothing changed."""
    units = {
        p: None if plan is None else {u.id: u.name for u in plan.units_of(division)}
        for p, plan in period_plans(root, periods).items()
    }
    frames = _frames(frame, division)
    out: dict[Period, str] = {}
    for before, after in pairwise(periods):
        said = [*_units_said(units.get(before), units.get(after)), *_frame_said(frames, before, after)]
        if said:
            listed = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} och {said[-1]}"
            out[after] = f"{MARK} {after.key}: sedan {before.in_text} har divisionen {listed}."
    return out


def _units_said(before: dict[str, str] | None, after: dict[str, str] | None) -> list[str]:
    if before is None or after is None or before.keys() == after.keys():
        return []
    added = [after[u] for u in after if u not in before]
    gone = [before[u] for u in before if u not in after]
    return [
        *([f"nya enheter ({', '.join(added)})"] if added else []),
        *([f"inte längre {', '.join(gone)}"] if gone else []),
    ]


def _frame_said(frames: dict[Period, tuple[Decimal, str]], before: Period, after: Period) -> list[str]:
    if before not in frames or after not in frames:
        return []
    (then, unit), (now, now_unit) = frames[before], frames[after]
    converted = in_amount_unit(then, unit, now_unit)
    if converted is None or converted == now:
        return []
    return [f"en annan ram (netto {format_exact(now)} {now_unit}, förut {format_exact(converted)})".replace(" ,", ",")]


def _frames(frame: pd.DataFrame, division: str) -> dict[Period, tuple[Decimal, str]]:
    """The division's netto frame (the Budget helår stored with the economy) per period, with its unit."""
    if frame.empty:
        return {}
    rows = frame[
        (frame["kind"] == "ekonomi")
        & (frame["item"] == NETTO_ID)
        & (frame["metric"] == "budget")
        & (frame["division"] == division)
        & (frame["left_out"] == "")
    ]
    out = {}
    for year, kind, value, unit in zip(rows["year"], rows["period"], rows["value"], rows["unit"]):
        number = parse_number(value)
        if number is not None:
            out[Period(int(year), kind)] = (number, unit if isinstance(unit, str) else "")
    return out
