"""The Ekonomi sheet's arithmetic is declared once (template/economy_sums.py): the deviations the template's
formulas give and the ones the consolidation recomputes from the typed parts agree, group by group and on Netto
(review34 #1: the formulas were declared in the writer and retyped in the consolidation)."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook

from reporting.consolidate.consolidation import consolidate
from reporting.demo.plan import demo_plan
from reporting.demo.submissions import demo_fill
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.template.economy_sums import DIFFERENCES, SUMMED, difference
from reporting.template.spec import ECONOMY, NETTO_ID
from reporting.template.write import build_template
from reporting.workspace import Workspace

T1 = Period(2025, "T1")


def test_the_templates_formulas_and_the_consolidation_give_the_same_deviations(tmp_path):
    plan = demo_plan()
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    path = ws.inbox / "2025-T1 Division Medicin.xlsx"
    build_template(plan, "MED", T1, path, demo_fill(plan, "MED", T1))
    result = consolidate(plan, run_intake(ws, plan, T1))
    rows = {e.group_id: e for e in result.economy if e.division_id == "MED"}
    sheet = load_workbook(path)[ECONOMY.name]
    cached = load_workbook(path, data_only=True)[ECONOMY.name]
    checked = 0
    for row in sheet.iter_rows():
        group = next((c.value for c in row if c.column == ECONOMY.index("id") + 1), None)
        if group not in rows:
            continue
        for key, (minuend, subtrahend) in DIFFERENCES.items():
            cell = row[ECONOMY.index(key)]
            parts = [f"{row[ECONOMY.index(k)].column_letter}{cell.row}" for k in (minuend, subtrahend)]
            assert cell.value == f"={parts[0]}-{parts[1]}"  # the formula the controller sees
            in_file = Decimal(str(cached[cell.coordinate].value)).quantize(Decimal("0.001"))
            assert in_file == getattr(rows[group], key).quantize(Decimal("0.001")), (group, key)
            checked += 1
    assert checked == 2 * len(rows) and NETTO_ID in rows


def test_a_difference_of_an_unknown_part_is_unknown():
    assert difference({"actual": Decimal("5.5"), "periodised": Decimal("2")}, "deviation") == Decimal("3.5")
    assert difference({"forecast": None, "budget": Decimal("2")}, "forecast_deviation") is None
    assert set(SUMMED) >= {k for pair in DIFFERENCES.values() for k in pair}
