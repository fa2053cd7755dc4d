"""Small plans built from the seeds' own tables (003: Västernorrland 2025, 004: the budget input), run end to end.

Each plan is written with plan/write.py and read back with the reader, so the tests go through
plan.xlsx as a user's plan does; templates are then written, filled like a user and consolidated.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from helpers import complete_edits, fill, template_copy
from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.intake.run import run_intake
from reporting.plan.model import BudgetFrame, Division, Initiative, Measure, PeriodDef, Plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.plan.write import write_plan
from reporting.workspace import Workspace

D = Decimal
T1 = Period(2025, "T1")
HSF = "HSF"
# seed 003 §4.2.2: Ekonomisk ram HSN 2025 6 894 mnkr, as a cost frame (EI, II, EK, AV, IK)
FRAME_003 = {"EI": D(900), "II": D(0), "EK": D(-7600), "AV": D(-194), "IK": D(0)}
# seed 003 §4.2.2: Underskott −570 (2024) → −345 (2025), −95 (2026), 0 (2027)
PLANNED_003 = {2024: D(-570), 2025: D(-345), 2026: D(-95), 2027: D(0)}
# seed 003 §4.2.3: Åtgärdsområden, Budget 2025/2026/2027 (mnkr); Uppdrag 225/250/95
MEASURES_003 = [
    ("H1", "Hyroberonde vård", (70, 50, 30)),
    ("H2", "Effektivare bemanningsplanering", (20, 40, 40)),
    ("H3", "Strukturförändringar inkl utredning sjukhusstruktur", (25, 65, 85)),
    ("H4", "Läkemedel", (25, 25, 25)),
    ("H5", "Effektivare administration", (15, None, None)),
    ("H6", "Köpt vård", (50, 30, 15)),
    ("H7", "Smarta Inköp", (35, 25, 20)),
]
# seed 003 §4.2.4: Pågående och tillkommande satsningar, miljoner kronor, 2024–2027 as printed
INITIATIVES_003 = [
    ("S1", "Minskat antal listade per läkare i Primärvården/Primärvårdssatsning", (-15, -40, -72, -73)),
    ("S2", "Särskild satsning Primärvård Västra (Statsbidrag)", (-12, -15, -16, -17)),
    ("S3", "BUP-förflyttning barn och ungdomsentrén tillfällig satsning", (-18, -15, -10, -5)),
    ("S4", "Färre medarbetare per chef*", (-5, -15, -30, -50)),
]


def one_division_plan(board: str, division: Division) -> Plan:
    """A plan of one förvaltning reporting for the whole nämnd, with the T1/delår/helår periods."""
    plan = Plan(board, "Region Västernorrland", "", 2025)
    plan.divisions = [division]
    plan.budget_frames = [BudgetFrame(division.id, 2025, dict(FRAME_003), sum(FRAME_003.values(), D(0)))]
    plan.periods = [
        PeriodDef("T1", "Tertialrapport per april", date(2025, 5, 9)),
        PeriodDef("delar", "Delårsrapport per augusti", date(2025, 9, 10)),
        PeriodDef("helar", "Årsrapport", date(2026, 1, 23)),
    ]
    return plan


def seed003_plan() -> Plan:
    plan = one_division_plan("Hälso- och sjukvårdsnämnden", Division(HSF, "Hälso- och sjukvårdsförvaltningen"))
    plan.planned_result = dict(PLANNED_003)
    plan.savings_required = {2025: D(225), 2026: D(250), 2027: D(95)}
    for mid, name, effects in MEASURES_003:
        amounts = {y: D(e) for y, e in zip((2025, 2026, 2027), effects) if e is not None}
        plan.measures.append(Measure(mid, name, "", "", amounts, {}, (HSF,)))
    for iid, name, amounts in INITIATIVES_003:
        plan.initiatives.append(Initiative(iid, name, ("Nämnd",), {2024 + n: D(a) for n, a in enumerate(amounts)}))
    return plan


def through_xlsx(plan: Plan, path: Path) -> Plan:
    """The plan as plan.xlsx holds it: written with plan/write.py, read back by the reader."""
    return load_plan(write_plan(path, plan))


@dataclass
class Run:
    plan: Plan
    workspace: Workspace
    result: Consolidation


def run_period(plan: Plan, tmp: Path, edits: dict[tuple[str, str, str], Any], division: str = HSF) -> Run:
    """The division's template written, filled like a user (complete, plus ``edits``), taken in and consolidated."""
    ws = Workspace(tmp / "ws")
    if ws.root.exists():
        shutil.rmtree(ws.root)
    ws.inbox.mkdir(parents=True)
    template = template_copy(plan, division, T1, tmp / f"template-{division}.xlsx")
    fill(template, {**complete_edits(plan, division), **edits}, ws.inbox / f"{division}.xlsx")
    return Run(plan, ws, consolidate(plan, run_intake(ws, plan, T1)))


def cell_texts(rows: list[tuple[Any, ...]]) -> list[str]:
    """Every text cell of a sheet's rows of values (helpers.rows_of), in reading order."""
    return [value for row in rows for value in row if isinstance(value, str)]
