"""plan check: the units' Netto is summed as typed, the cells the message cites.

A units tester changed one unit's Externa kostnader in Budgetramar (E20) by −1,5 and left its Netto (H20). Besides the
two true errors (H20's netto against its groups, E3's Externa kostnader against the units' E20 + E21) came a third at
the division's Netto H3: "Netto: enheternas summa −1 118,9 mkr (H20, H21) stämmer inte med divisionens ram −1 117,4
mkr", though H20 + H21 is −1 117,4: the sum was of the units' recomputed netto, not of the cells it cites.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reporting.demo.units import unit_plan
from reporting.plan.read import check_plan
from reporting.plan.write import write_plan

UNIT = "E0001"


def _edit(tmp_path, **deltas: float) -> tuple[int, int, list]:
    """The plan with Enhet 0001's 2025 frame row changed in these columns: its row, Medicin's row, the findings."""
    path = write_plan(tmp_path / "plan.xlsx", unit_plan(8))
    wb = load_workbook(path)
    ws = wb["Budgetramar"]
    rows = range(2, ws.max_row + 1)
    row = next(r for r in rows if ws[f"I{r}"].value == UNIT and ws[f"B{r}"].value == 2025)
    division = next(
        r for r in rows if ws[f"A{r}"].value == "MED" and ws[f"B{r}"].value == 2025 and not ws[f"I{r}"].value
    )
    for column, delta in deltas.items():
        ws[f"{column}{row}"] = float(Decimal(str(ws[f"{column}{row}"].value)) + Decimal(str(delta)))
    wb.save(path)
    plan, findings = check_plan(path)
    assert plan is None
    return row, division, findings


def test_a_wrong_unit_group_amount_is_no_error_at_the_division_netto(tmp_path):
    row, division, findings = _edit(tmp_path, E=-1.5)
    assert {(f.sheet, f.cell) for f in findings} == {("Budgetramar", f"H{row}"), ("Budgetramar", f"E{division}")}
    message = next(f.message for f in findings if f.cell == f"E{division}")
    assert message.startswith("Externa kostnader: enheternas summa") and f"E{row}" in message


@pytest.mark.parametrize("delta", [-1.5, 0.25])
def test_a_wrong_unit_netto_is_one_error_at_it(tmp_path, delta):
    row, _, findings = _edit(tmp_path, H=delta)
    assert {(f.sheet, f.cell) for f in findings} == {("Budgetramar", f"H{row}")}


def test_units_that_do_not_add_up_to_the_division_netto_are_still_an_error_citing_their_typed_netto(tmp_path):
    row, division, findings = _edit(tmp_path, E=-1.5, H=-1.5)  # a consistent row: the sum is wrong, not the row
    assert {(f.sheet, f.cell) for f in findings} == {("Budgetramar", f"E{division}"), ("Budgetramar", f"H{division}")}
    message = next(f.message for f in findings if f.cell == f"H{division}")
    assert message.startswith("Netto: enheternas summa") and f"H{row}" in message
