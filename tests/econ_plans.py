"""Plans with their own account groups, amount unit and nämnd-level frames, run end to end as users would.

The plan is written to plan.xlsx and read back (so the reader is part of every run), a template is
written per division, filled through openpyxl, and intake, consolidation and the report run on the inbox.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from helpers import complete_edits, fill, rows_of, template_copy
from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.demo.plan import demo_plan
from reporting.intake.run import run_intake
from reporting.output.report import write_report
from reporting.plan.model import AccountGroup, BudgetFrame, Plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.plan.write import write_plan
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
D = Decimal
INTAKT, KOSTNAD = "Summa intäktsbudget", "Summa kostnadsbudget"
# seed 002's groups (tkr) with its Delsumma rows
SEED002_GROUPS = [
    AccountGroup("EI", "Externa intäkter", "income", "external", "30-39", INTAKT),
    AccountGroup("II", "Interna intäkter", "income", "internal", "30-39", INTAKT),
    AccountGroup("PERS", "Personal", "cost", "external", "40-45", KOSTNAD),
    AccountGroup("INH", "Inhyrd personal", "cost", "external", "5550–5553", KOSTNAD),
    AccountGroup("LM", "Läkemedel", "cost", "external", "5600–5619", KOSTNAD),
    AccountGroup("OEO", "Övriga externa omkostnader", "cost", "external", "46-78", KOSTNAD),
    AccountGroup("AV", "Avskrivningar", "depreciation", "", "79-89", KOSTNAD),
    AccountGroup("IK", "Interna kostnader", "cost", "internal", "40-89", KOSTNAD),
]
# seed 002's area table 2021 (tkr): Akutvård, Kirurgi, Ortopedi, Primärvård; inhyrd personal has no budget
SEED002_AREAS = {
    "HSD": [44437, 0, -147056, 0, -1523, -23866, -8007, -4903],
    "MED": [21893, 825, -149629, 0, -45040, -83173, -2830, -59924],
    "KIR": [23014, 0, -114288, 0, -2263, -74370, -595, -24647],
    "NV": [114879, 635174, -452930, 0, -153732, -40537, -3025, -142049],
}


def seed002_plan(unit: str = "tkr") -> Plan:
    """The demo plan with seed 002's eight groups and four of its areas' frames."""
    frames = []
    for division, values in SEED002_AREAS.items():
        amounts = {g.id: D(v) for g, v in zip(SEED002_GROUPS, values)}
        frames.append(BudgetFrame(division, 2025, amounts, sum(amounts.values(), D(0))))
    return replace(demo_plan(), account_groups=list(SEED002_GROUPS), budget_frames=frames, amount_unit=unit)


def run(tmp: Path, plan: Plan, edits: dict[str, dict[tuple[str, str, str], Any]] | None = None) -> Consolidation:
    """plan.xlsx written and read back; every division's template filled (``edits`` on top); the report written."""
    path = write_plan(tmp / "plan.xlsx", plan)
    loaded = load_plan(path)
    ws = Workspace(tmp / "ws")
    ws.inbox.mkdir(parents=True)
    for division in loaded.divisions:
        template = template_copy(loaded, division.id, T1, tmp / f"mall-{division.id}.xlsx")
        values = {**complete_edits(loaded, division.id), **(edits or {}).get(division.id, {})}
        fill(template, values, ws.inbox / f"{division.id}.xlsx")
    result = consolidate(loaded, run_intake(ws, loaded, T1))
    write_report(result, ws.outbox)
    return result


# (path, modification time, size) -> the workbook openpyxl read: the tests read a run's report and templates
# several times and never change the workbook read
_READ: dict[tuple[Path, int, int], Any] = {}


def workbook(path: Path) -> Any:
    """``load_workbook(path)``, read once while the file stays as written; for reading only."""
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _READ:
        if len(_READ) >= 8:
            del _READ[next(iter(_READ))]  # the oldest
        _READ[key] = load_workbook(path)
    return _READ[key]


def report_path(tmp: Path) -> Path:
    return next((tmp / "ws" / "outbox").glob("*.xlsx"))


def sheet_rows(result: Consolidation, tmp: Path, sheet: str) -> list[list[Any]]:
    """The report workbook's sheet as rows of values."""
    return [list(row) for row in rows_of(report_path(tmp), sheet)]


def template_rows(tmp: Path, division: str, sheet: str) -> list[list[Any]]:
    return [list(row) for row in rows_of(tmp / f"mall-{division}.xlsx", sheet)]
