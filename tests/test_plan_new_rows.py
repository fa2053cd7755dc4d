"""A blank plan for a year has the Nämnd sheet's optional amount rows to fill in, headed in its unit.

An office starting its own plan with ``plan new --year`` could not know that a besparingskrav or a planned
result is a row "Besparingskrav 2026 (tkr)" it must type itself: the rows are there, empty (empty = none).
"""

from __future__ import annotations

from decimal import Decimal

from click.testing import CliRunner
from openpyxl import load_workbook

from reporting.cli import main
from reporting.plan.read_settings import read_settings


def test_a_blank_plans_year_has_its_savings_and_planned_result_rows_empty_and_read_when_filled(tmp_path):
    path = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(main, ["plan", "new", str(path), "--year", "2026", "--amount-unit", "tkr"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(path)
    rows = {row[0].value: (row[0].row, row[1].value) for row in wb["Nämnd"].iter_rows() if row[0].value}
    savings, planned = rows["Besparingskrav 2026 (tkr)"], rows["Planerat resultat 2026 (tkr)"]
    assert savings[1] is None and planned[1] is None
    findings: list = []
    empty, _ = read_settings(wb["Nämnd"], "plan.xlsx", findings)
    assert empty.savings_required == {} and empty.planned_result == {}  # empty = none, not 0
    wb["Nämnd"].cell(savings[0], 2, "12 500")
    wb["Nämnd"].cell(planned[0], 2, -3000)
    filled, _ = read_settings(wb["Nämnd"], "plan.xlsx", findings)
    assert filled.savings_required == {2026: Decimal(12500)} and filled.planned_result == {2026: Decimal(-3000)}
    assert not [f for f in findings if "Besparingskrav" in f.message or "Planerat" in f.message]


def test_a_blank_plan_without_a_year_has_no_amount_rows_to_guess_a_year_for(tmp_path):
    path = tmp_path / "plan.xlsx"
    assert CliRunner().invoke(main, ["plan", "new", str(path)]).exit_code == 0
    labels = [row[0].value for row in load_workbook(path)["Nämnd"].iter_rows()]
    assert not [label for label in labels if str(label).startswith(("Besparingskrav", "Planerat resultat"))]
