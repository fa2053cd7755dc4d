"""The seeds' own budget tables, rebuilt as plans: every row and every total reconciles exactly."""

from dataclasses import replace
from decimal import Decimal

from reporting.demo.plan import demo_plan
from reporting.plan.model import ACCOUNT_GROUPS, BudgetFrame, Division, Unit
from reporting.plan.read import check_plan
from reporting.plan.write import write_plan

# Seed 002 (Verksamhetsplan 2021), "Budgetramar per område", tkr:
# externa intäkter, interna intäkter, personal, läkemedel, övriga externa omkostnader, avskrivningar,
# interna kostnader, SUMMA NETTO-BUDGET (as printed)
AREAS = {
    "Akutvård": (44437, 0, -147056, -1523, -23866, -8007, -4903, -140918),
    "Anestesi operation IVA": (18668, 0, -145125, -7409, -53573, -6134, -10341, -203914),
    "Barn- och ungdomsmedicin": (11298, 0, -76938, -7743, -33517, -1017, -9256, -117173),
    "Barn och unga vuxna": (14715, 101, -94503, -225, -12998, -174, -9416, -102500),
    "Diagnostik och teknik": (12606, 218407, -125700, -4600, -63585, -17109, -5386, 14633),
    "Folktandvård": (70314, 100467, -107499, -2000, -32959, -2620, -68722, -43019),
    "Hud, infektion och medicin": (15610, 0, -216362, -136781, -60055, -684, -87760, -486032),
    "Hjärta, neurologi och rehab": (20510, 0, -157770, -89945, -65661, -2852, -32691, -328409),
    "Kirurgi": (21893, 825, -149629, -45040, -83173, -2830, -59924, -317878),
    "Kvinna": (7807, 0, -72599, -6165, -14797, -1105, -8298, -95157),
    "Ortopedi": (23014, 0, -114288, -2263, -74370, -595, -24647, -193149),
    "Patientsäkerhet": (180, 0, -9205, 0, -1654, 0, 0, -10679),
    "Primärvård": (114879, 635174, -452930, -153732, -40537, -3025, -142049, -42220),
    "Psykiatri": (7788, 0, -165176, -22770, -25801, -92, -6522, -212573),
    "Ögon och öron": (8717, 0, -75246, -15760, -38442, -1738, -5054, -127523),
    "Hälso- och sjukvårdsdirektör": (1600, 8895, -84701, -8049, -238708, -20, -1806, -322789),
}
TOTAL = (394036, 963869, -2194727, -504005, -863696, -48002, -476775, -2729300)


def mkr(tkr: int) -> Decimal:
    return Decimal(tkr) / 1000


def frame(division: str, row: tuple, unit: str = "") -> BudgetFrame:
    ext_in, int_in, personal, drugs, other, depreciation, int_cost, netto = row
    amounts = {
        "EI": mkr(ext_in),
        "II": mkr(int_in),
        "EK": mkr(personal + drugs + other),
        "AV": mkr(depreciation),
        "IK": mkr(int_cost),
    }
    return BudgetFrame(division, 2021, amounts, mkr(netto), unit)


def test_seed_002_areas_roll_up_to_the_total_exactly(tmp_path):
    units = [Unit(f"O{n:02d}", name, "HS") for n, name in enumerate(AREAS, start=1)]
    frames = [frame("HS", TOTAL)] + [frame("HS", AREAS[u.name], u.id) for u in units]
    plan = replace(
        demo_plan(),
        year=2021,
        divisions=[Division("HS", "Hälso- och sjukvård")],
        units=units,
        budget_frames=frames,
        key_figures=[],
        assignments=[],
        measures=[],
        investments=[],
        internal_control=[],
    )
    loaded, findings = check_plan(write_plan(tmp_path / "plan.xlsx", plan))
    assert findings == []  # each area's netto equals its parts, and the areas add up to TOTALT
    unit_frames = [f for f in loaded.budget_frames if f.unit]
    assert len(unit_frames) == 16
    for gid, _ in ACCOUNT_GROUPS:
        assert sum((f.amounts[gid] for f in unit_frames), Decimal(0)) == loaded.frame("HS", 2021).amounts[gid]
    assert sum((f.netto for f in unit_frames), Decimal(0)) == Decimal("-2729.300")
    # the printed summary rows: intäkter 1 357 905, kostnader −4 087 205
    total = loaded.frame("HS", 2021)
    assert total.amounts["EI"] + total.amounts["II"] == Decimal("1357.905")
    assert total.amounts["EK"] + total.amounts["AV"] + total.amounts["IK"] == Decimal("-4087.205")


def test_a_wrong_seed_row_is_caught_with_its_cell(tmp_path):
    units = [Unit(f"O{n:02d}", name, "HS") for n, name in enumerate(AREAS, start=1)]
    wrong = dict(AREAS)
    wrong["Kvinna"] = (7807, 0, -72599, -6165, -14797, -1105, -8298, -95175)  # netto digits swapped
    frames = [frame("HS", TOTAL)] + [frame("HS", wrong[u.name], u.id) for u in units]
    plan = replace(
        demo_plan(),
        year=2021,
        divisions=[Division("HS", "Hälso- och sjukvård")],
        units=units,
        budget_frames=frames,
        key_figures=[],
        assignments=[],
        measures=[],
        investments=[],
        internal_control=[],
    )
    _, findings = check_plan(write_plan(tmp_path / "plan.xlsx", plan))
    cells = sorted(f.cell for f in findings)
    # Kvinna is the 10th area: row 12 (header, total, then areas). Its parts still add up, so only
    # its printed netto is wrong; the division total is unaffected.
    assert cells == ["H12"]
    assert "Netto −95,175 mkr stämmer inte med summan av kontogrupperna −95,157 mkr." in findings[0].message
