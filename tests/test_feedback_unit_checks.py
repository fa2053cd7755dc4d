"""A consolidation check raised at a unit's file names the unit's reporter ("Division Medicin / Enhet 0005"): the
division's återkoppling must carry it, as it carries a check at the division's own file (review34 #4: a unit's
key-figure-sign-split warning reached no återkoppling)."""

from __future__ import annotations

from dataclasses import replace

from openpyxl import load_workbook

from helpers import fill
from reporting.consolidate.consolidation import consolidate
from reporting.demo.submissions import demo_fill
from reporting.demo.units import unit_plan
from reporting.findings import Rule
from reporting.intake.run import run_intake
from reporting.output.feedback import write_feedback
from reporting.plan.model import Division
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter, concerns
from reporting.template.write import build_template
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
MINUS = {("Nyckeltal", "N01", k): v for k, v in (("outcome", -40), ("last_year", -41), ("forecast", -42))}


def test_a_units_consolidation_warning_reaches_its_divisions_feedback(tmp_path):
    base = unit_plan(12)
    summed = [
        replace(k, unit="mkr", aggregation="sum", name="Inhyrd personal") if k.id == "N01" else k
        for k in base.key_figures
    ]
    plan = replace(base, key_figures=summed)
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    for d in plan.divisions:
        for u in [u for u in plan.units if u.division == d.id] if d.id == "MED" else [None]:
            unit_id = u.id if u else ""
            path = ws.inbox / Reporter(d, u).file_name(T1.key)
            build_template(plan, d.id, T1, path, demo_fill(plan, d.id, T1, unit_id=unit_id), unit_id=unit_id)
            if unit_id == "E0005":
                fill(path, MINUS)
    result = consolidate(plan, run_intake(ws, plan, T1))
    (split,) = [f for f in result.checks if f.rule is Rule.KEY_FIGURE_SIGN_SPLIT]
    assert split.division == "Division Medicin / Enhet 0005"
    medicine = next(p for p in write_feedback(result, tmp_path / "out") if "Medicin" in p.name)
    cells = [c.value for row in load_workbook(medicine)["Återkoppling"].iter_rows() for c in row]
    assert split.message in cells
    kirurgi = next(p for p in write_feedback(result, tmp_path / "out2") if "Kirurgi" in p.name)
    assert split.message not in [c.value for row in load_workbook(kirurgi)["Återkoppling"].iter_rows() for c in row]


def test_a_division_is_concerned_by_its_own_name_and_its_units_names_only():
    medicine = Division("MED", "Division Medicin")
    assert concerns("Division Medicin", medicine)
    assert concerns("Division Medicin / Akutvård", medicine)
    assert not concerns("Division Medicinsk service", medicine)
    assert not concerns("Division Kirurgi / Akutvård", medicine)
