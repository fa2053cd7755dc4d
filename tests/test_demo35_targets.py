"""The demo's financial goals are drawn near the period year's target (brief demo35, qa35r item 1).

Västernorrland's F2 "Ekonomin är i balans vid utgången av 2027 (resultat mot ram, mnkr)" is "Minst 0 senast 2027"
with a target of −345 mkr for 2025; the demo drew it near 0 and showed 0,0 / 1,0 ✔ Uppfyllt in every 2025 period
beside an economy of −115,8 mkr.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook

from reporting.demo.central import fill_demo_central
from reporting.demo.seed_plans import write_seed_plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.template.central import CENTRAL_SHEET

VN = [Period(2025, kind) for kind in ("M03", "T1", "delar", "helar")]


def test_vn_f2_resultat_mot_ram_is_near_the_2025_target_not_the_2027_one(tmp_path):
    vn = load_plan(write_seed_plan("vasternorrland-2025", tmp_path / "plan.xlsx"))
    f2 = next(g for g in vn.financial_goals if g.id == "F2")
    assert (f2.target.value, f2.target_for(2025).value) == (0, -345)
    values = []
    for period in VN:
        path = fill_demo_central(tmp_path, vn, period)
        rows = load_workbook(path, read_only=True)[CENTRAL_SHEET].iter_rows(min_row=2, values_only=True)
        values += [row[3] for row in rows if row[0] == "F2" and row[2] == period.key]
    assert len(values) == len(VN)
    assert all(-400 < v < -290 for v in values), values  # −345 ± 15 %; was 0, 0, 0, 1
    assert all(Decimal(str(v)) == round(Decimal(str(v)), 1) for v in values), values  # mkr to 0,1, not −369,67
