"""Nämnd-level frames: the förtroendemannabudget in the total, a year without division split, investment rams."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from econ_plans import run, sheet_rows
from helpers import rows_of
from reporting.demo.plan import demo_plan
from reporting.plan.model import BOARD, Division, Investment
from reporting.plan.read import check_plan, load_plan
from reporting.plan.write import write_plan

D = Decimal


def test_the_reports_namnd_total_includes_the_namnds_own_frame(tmp_path):
    result = run(tmp_path, demo_plan())
    divisions = [o for o in result.economy_overview if o.division_id]
    assert [o.division_id for o in divisions] == ["HSD", "MED", "KIR", "NV"]  # never a division
    assert sum((o.budget for o in divisions), D(0)) == D("-3158.3")
    assert result.economy_total.budget == D("-3161.8")
    summary = sheet_rows(result, tmp_path, "Sammanfattning")
    own = next(r for r in summary if r[0] == "Nämnden (egen ram, ingår inte i periodiserad budget och utfall)")
    total = next(r for r in summary if r[0] == "Nämnden totalt (egen ram ingår inte i periodiserad budget och utfall)")
    assert own[1] == -3.5 and own[7] == "Nämndnivå"
    assert round(total[1], 1) == -3161.8 and total[7] == "Inkommen"
    assert not (tmp_path / "mall-Nämnd.xlsx").exists()


def test_a_year_with_only_a_namnd_row_is_a_frame_without_division_split(tmp_path):
    plan = load_plan(write_plan(tmp_path / "plan.xlsx", demo_plan()))
    frame = plan.board_frame(2024)
    assert frame is not None and frame.amounts == {} and frame.netto == D("-3352.6")
    assert not [f for f in plan.budget_frames if f.year == 2024 and f.division != BOARD]
    row = next(r for r in rows_of(tmp_path / "plan.xlsx", "Budgetramar") if r[:2] == (BOARD, 2024))
    assert row[2:8] == (None, None, None, None, None, -3352.6)


def test_nämnd_as_a_division_id_is_a_plan_error(tmp_path):
    plan = replace(demo_plan(), divisions=[*demo_plan().divisions, Division("nämnd", "Nämnden")])
    found = check_plan(write_plan(tmp_path / "plan.xlsx", plan))[1]
    assert ("Divisioner", "A6") in [(f.sheet, f.cell) for f in found if "nämnden själv" in f.message]


def test_investment_rams_are_shown_beside_the_objects_sum(tmp_path):
    plan = demo_plan()
    rams = [
        Investment("R1", BOARD, "", "", "Reinvestering", 55810),
        Investment("R2", BOARD, "", "", "ny-investering hsn", 6050),
    ]
    plan = replace(plan, investments=[*plan.investments, *rams])
    result = run(tmp_path, plan)
    assert all(i.division != "Nämnd" for i in result.investments)
    rows = sheet_rows(result, tmp_path, "Investeringar")
    start = next(i for i, r in enumerate(rows) if r[1] == "Nämndens investeringsram (tkr)") + 2
    objects = {
        kind: sum(i.amount_tkr for i in plan.investments if i.division != BOARD and i.kind.lower() == kind.lower())
        for kind in ("Reinvestering", "NY-investering HSN")
    }
    assert [r[1:5] for r in rows[start : start + 2]] == [
        ["Reinvestering", 55810, objects["Reinvestering"], 55810 - objects["Reinvestering"]],
        ["ny-investering hsn", 6050, objects["NY-investering HSN"], 6050 - objects["NY-investering HSN"]],
    ]
    assert objects["Reinvestering"] == 0 and objects["NY-investering HSN"] > 0  # Typ matched whatever its case
