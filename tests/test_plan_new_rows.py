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


def _filled_blank(path, groups: list[tuple[str, str, str]] | None = None):
    """The blank plan as an office fills it: nämnd, one division and its frame; ``groups`` (id, name, Typ) replace
    the five usual ones on Kontogrupper and head Budgetramar's amount columns."""
    from reporting.plan.write import write_plan

    wb = load_workbook(write_plan(path, year=2026))
    settings = wb["Nämnd"]
    settings["B1"], settings["B2"] = "Hälso- och sjukvårdsnämnden", "Region Gävleborg"
    wb["Divisioner"].append(["MED", "Division Medicin"])
    frames = wb["Budgetramar"]
    if groups:
        kinds = wb["Kontogrupper"]
        kinds.delete_rows(2, kinds.max_row)
        for gid, name, kind in groups:
            kinds.append([gid, name, kind])
        headers = [f"{name} (mkr)" for _, name, _ in groups] + ["Netto (mkr)", "Enhet"]
        frames.delete_cols(3, frames.max_column)
        for col, header in enumerate(headers, start=3):
            frames.cell(1, col, header)
        frames.append(["MED", 2026, 40, -900, -60, -920])
    else:
        frames.append(["MED", 2026, 30, 100, -700, -10, -120, -700])
    wb.save(path)
    return path


def test_the_blank_plan_shows_the_usual_account_groups_to_change_and_reads_them_as_before(tmp_path):
    from reporting.plan.groups import default_account_groups
    from reporting.plan.read import check_plan

    path = _filled_blank(tmp_path / "plan.xlsx")
    rows = [[c.value for c in r] for r in load_workbook(path)["Kontogrupper"].iter_rows(min_row=2) if r[0].value]
    assert [r[:3] for r in rows] == [
        ["EI", "Externa intäkter", "Intäkt"],
        ["II", "Interna intäkter", "Intäkt"],
        ["EK", "Externa kostnader", "Kostnad"],
        ["AV", "Avskrivningar", "Avskrivning"],
        ["IK", "Interna kostnader", "Kostnad"],
    ]
    plan, findings = check_plan(path)
    assert [f.message for f in findings if f.severity.value == "fel"] == []
    assert plan.account_groups == default_account_groups()


def test_an_office_that_makes_the_groups_its_own_is_not_stopped_by_the_usual_groups_signs(tmp_path):
    """Budgetramar's cell checks took column E for an income group's (≥ 0): Excel refused the −900 of the office's
    Personalkostnader there. The columns now take any number; plan check says a wrong sign at its cell."""
    from reporting.plan.read import check_plan

    own = [("INT", "Intäkter", "Intäkt"), ("PK", "Personalkostnader", "Kostnad"), ("OK", "Övriga kostnader", "Kostnad")]
    path = _filled_blank(tmp_path / "plan.xlsx", own)
    checks = load_workbook(path)["Budgetramar"].data_validations.dataValidation
    assert checks and all(c.type == "decimal" and c.operator in (None, "between") for c in checks)
    assert all(float(c.formula1) < -900 < float(c.formula2) for c in checks)  # the office's −900 is accepted
    plan, findings = check_plan(path)
    assert [f.message for f in findings if f.severity.value == "fel"] == []
    assert [g.name for g in plan.account_groups] == ["Intäkter", "Personalkostnader", "Övriga kostnader"]
    assert plan.frame("MED", 2026).amounts == {"INT": 40, "PK": -900, "OK": -60}
