"""The plan workbook: the bundled demo plan reconciles with the seed, and every error names its cell."""

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reporting.demo.plan import demo_plan
from reporting.plan.model import ACCOUNT_GROUPS
from reporting.plan.read import check_plan, load_plan
from reporting.plan.write import write_plan

BUNDLED = Path(__file__).resolve().parents[1] / "plan.xlsx"


def test_bundled_plan_is_the_demo_plan():
    assert load_plan(BUNDLED) == demo_plan()
    # equal plans carry the same digest, so templates from either are not flagged as "plan changed"
    assert load_plan(BUNDLED).digest() == demo_plan().digest()


def test_budget_frames_sum_to_the_seeds_summa_tjanstemannabudget():
    plan = load_plan(BUNDLED)
    frames = [f for f in plan.budget_frames if f.year == 2025]
    assert [f.division for f in frames] == ["HSD", "MED", "KIR", "NV"]
    totals = {gid: sum((f.amounts[gid] for f in frames), Decimal(0)) for gid, _ in ACCOUNT_GROUPS}
    # Seed 000, "Summa tjänstemannabudget": 450,0; 1034,1; -4046,9; -37,6; -557,9; netto -3158,3 mkr
    assert totals == {
        "EI": Decimal("450.0"),
        "II": Decimal("1034.1"),
        "EK": Decimal("-4046.9"),
        "AV": Decimal("-37.6"),
        "IK": Decimal("-557.9"),
    }
    assert sum((f.netto for f in frames), Decimal(0)) == Decimal("-3158.3")
    assert sum((f.netto_given for f in frames), Decimal(0)) == Decimal("-3158.3")
    assert str(sum((f.netto for f in frames), Decimal(0))) == "-3158.3"  # never 3158.2999


def test_each_division_netto_matches_the_seed():
    plan = load_plan(BUNDLED)
    assert {f.division: f.netto for f in plan.budget_frames if f.year == 2025} == {
        "HSD": Decimal("-239.8"),
        "MED": Decimal("-1117.4"),
        "KIR": Decimal("-1191.0"),
        "NV": Decimal("-610.1"),
    }


def test_investments_sum_to_the_seed():
    plan = load_plan(BUNDLED)
    assert len(plan.investments) == 19
    assert sum(i.amount_tkr for i in plan.investments) == 47363


def test_plan_contents():
    plan = load_plan(BUNDLED)
    assert len(plan.key_figures) == 21  # the seed lists HSE twice (vård and tandvård)
    assert len(plan.assignments) == 26
    assert [m.effects.get(2025) for m in plan.measures] == [Decimal(x) for x in ("20", "1", "5", "10", "10", "5")]
    assert sum(m.effects.get(2026, Decimal(0)) for m in plan.measures) == Decimal(65)
    assert plan.financial_goals[0].target.direction.value == "högst"
    assert (plan.board, plan.dnr, plan.year) == ("Hälso- och sjukvårdsnämnden", "HSN/1528/2024", 2025)


def _edit(path: Path, sheet: str, cell: str, value) -> None:
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


@pytest.fixture
def plan_copy(tmp_path):
    return write_plan(tmp_path / "plan.xlsx", demo_plan())


def test_unreadable_target_names_sheet_and_cell(plan_copy):
    _edit(plan_copy, "Nyckeltal", "F7", "Minst ,88")
    plan, findings = check_plan(plan_copy)
    assert plan is None
    assert [str(f) for f in findings] == [
        'plan.xlsx: Nyckeltal!F7: Cannot read målvärde "Minst ,88": no number after "Minst"'
    ]


def test_netto_that_does_not_add_up_is_an_error(plan_copy):
    _edit(plan_copy, "Budgetramar", "H3", -1117.5)
    _, findings = check_plan(plan_copy)
    assert [(f.sheet, f.cell) for f in findings] == [("Budgetramar", "H3")]
    assert "stämmer inte med summan" in findings[0].message


def test_wrong_sign_unknown_division_and_text_amount(plan_copy):
    _edit(plan_copy, "Budgetramar", "E2", 250.7)
    _edit(plan_copy, "Investeringar", "B2", "XYZ")
    _edit(plan_copy, "Investeringar", "F3", "mycket")
    _, findings = check_plan(plan_copy)
    cells = {(f.sheet, f.cell) for f in findings}
    assert {("Budgetramar", "E2"), ("Investeringar", "B2"), ("Investeringar", "F3")} <= cells
    assert any("fel tecken" in f.message.lower() for f in findings)


def test_blank_plan_reports_what_is_missing(tmp_path):
    path = write_plan(tmp_path / "blank.xlsx")
    plan, findings = check_plan(path)
    assert plan is None
    assert {f.cell for f in findings} >= {"B1", "B2", "B3", "B4"}
    wb = load_workbook(path)
    assert wb["Nyckeltal"]["F1"].value == "Målvärde"
    assert any("viktat" in str(dv.formula1) for dv in wb["Nyckeltal"].data_validations.dataValidation)


def test_missing_sheet_is_reported(plan_copy):
    wb = load_workbook(plan_copy)
    del wb["Uppdrag"]
    wb.save(plan_copy)
    _, findings = check_plan(plan_copy)
    assert [(f.sheet, f.message) for f in findings] == [("Uppdrag", 'Fliken "Uppdrag" saknas')]
