"""What a division covered at each period: its units (from the period's plan) and its frame (as stored).

A division's series runs on across a merge or a unit moved in or out (Division Medicin with Kirurgi's clinics
from 2026): the values before and after are of different scopes. ``history show --division`` marks the first
period after such a change and says, below the table, what changed; it guesses no cause. A frame is compared
within a year only: every year's budget is a new frame.
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
from reporting.history.words import Metric, RowKind
from reporting.plan.periods import Period
from reporting.swedish import AMOUNT_UNITS, format_number
from reporting.template.spec import NETTO_ID
from reporting.text import and_joined


def scope_changes(
    root: Path, frame: pd.DataFrame, board: str, division: str, periods: Sequence[Period]
) -> dict[Period, str]:
    """Period -> what changed in ``division`` of nämnd ``board`` since the period before it in ``periods`` (sorted),
    unmarked ("2026-T1: sedan helår 2025 har divisionen …"; the caller marks it): the units its plan gave it (those
    added and those gone, by name) and, within a year, its netto frame as stored (each year has a budget of its
    own, so a new year's frame is no change of scope). Nothing where neither is known for both, or none changed."""
    units = {
        p: None if plan is None else {u.id: u.name for u in plan.units_of(division)}
        for p, plan in period_plans(root, periods).items()
    }
    frames = _frames(frame, board, division)
    out: dict[Period, str] = {}
    for before, after in pairwise(periods):
        said = [*_units_said(units.get(before), units.get(after)), *_frame_said(frames, before, after)]
        if said:
            out[after] = f"{after.key}: sedan {before.in_text} har divisionen {'; '.join(said)}."
    return out


def _units_said(before: dict[str, str] | None, after: dict[str, str] | None) -> list[str]:
    if before is None or after is None or before.keys() == after.keys():
        return []
    added = [after[u] for u in after if u not in before]
    gone = [before[u] for u in before if u not in after]
    return [
        *([f"nya enheter: {and_joined(added)}"] if added else []),
        *([f"inte längre: {and_joined(gone)}"] if gone else []),
    ]


def _frame_said(frames: dict[Period, tuple[Decimal, str]], before: Period, after: Period) -> list[str]:
    """ "en annan ram: netto −1 420,0 mkr (förut −1 117,4 mkr)", in the unit's decimals (tkr whole); only within
    a year."""
    if before.year != after.year or before not in frames or after not in frames:
        return []
    (then, unit), (now, now_unit) = frames[before], frames[after]
    converted = in_amount_unit(then, unit, now_unit)
    if converted is None or converted == now:
        return []
    decimals = AMOUNT_UNITS.get(now_unit, 1)
    amounts = [f"{format_number(a, decimals)}{' ' + now_unit if now_unit else ''}" for a in (now, converted)]
    return [f"en annan ram: netto {amounts[0]} (förut {amounts[1]})"]


def _frames(frame: pd.DataFrame, board: str, division: str) -> dict[Period, tuple[Decimal, str]]:
    """The division's netto frame (the Budget helår stored with the economy) per period, with its unit: the nämnd
    ``board``'s only (a shared history holds other nämnder's divisions, maybe of the same id)."""
    if frame.empty:
        return {}
    rows = frame[
        (frame["board"] == board)
        & (frame["kind"] == RowKind.ECONOMY)
        & (frame["item"] == NETTO_ID)
        & (frame["metric"] == Metric.BUDGET)
        & (frame["division"] == division)
        & (frame["left_out"] == "")
    ]
    out = {}
    for year, kind, value, unit in zip(rows["year"], rows["period"], rows["value"], rows["unit"]):
        number = parse_number(value)
        if number is not None:
            out[Period(int(year), kind)] = (number, unit if isinstance(unit, str) else "")
    return out
