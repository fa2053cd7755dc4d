"""A small region reported per unit with gaps, for the tests of what a division from some of its units says.

unit_plan(12): each division has three units (Medicin Enhet 0001, 0005, 0009; Kirurgi 0002, 0006, 0010; nära vård
0003, 0007, 0011; Hälso- och sjukvårdsdirektör 0004, 0008, 0012). Every unit sends its file on time but: Enhet 0009
sends nothing, Enhet 0005's file is rejected (its frame changed after its template was made), Enhet 0006 types
"ej klart" as its N04 forecast, and Enhet 0007's file arrives after the deadline.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.demo.submissions import demo_fill
from reporting.demo.units import unit_plan
from reporting.intake.run import run_intake
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.template.write import build_template
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
MISSING, REJECTED, NO_FORECAST, LATE = "E0009", "E0005", "E0006", "E0007"
FORECAST_GAP = "N04"  # the key figure Enhet 0006 gives no forecast for
ON_TIME, AFTER = datetime(2025, 5, 6, 14).timestamp(), datetime(2025, 5, 14, 10).timestamp()  # deadline 2025-05-09


def region_plan() -> Plan:
    return unit_plan(12)


def _moved(plan: Plan, unit_id: str) -> Plan:
    """The plan before 1 mkr of a unit's external costs moved: its template's frame is not the plan's any more."""
    old = next(f for f in plan.budget_frames if f.unit == unit_id)
    moved = replace(old, amounts={**old.amounts, "EK": old.amounts["EK"] + 1}, netto_given=old.netto + 1)
    return replace(plan, budget_frames=[moved if f is old else f for f in plan.budget_frames])


def region_in_part(plan: Plan, root: Path) -> tuple[Workspace, Consolidation]:
    """The workspace with every unit's file but the gaps above, and its consolidation."""
    ws = Workspace(root)
    ws.inbox.mkdir(parents=True)
    for unit in plan.units:
        if unit.id == MISSING:
            continue
        made_from = _moved(plan, unit.id) if unit.id == REJECTED else plan
        fill = demo_fill(made_from, unit.division, T1, unit_id=unit.id)
        if unit.id == NO_FORECAST:
            fill["Nyckeltal"][FORECAST_GAP]["forecast"] = "ej klart"
        name = Reporter(plan.division(unit.division), unit).file_name(T1.key)
        path = build_template(made_from, unit.division, T1, ws.inbox / name, fill, unit_id=unit.id)
        when = AFTER if unit.id == LATE else ON_TIME
        os.utime(path, (when, when))
    return ws, consolidate(plan, run_intake(ws, plan, T1))
