"""A summed key figure whose nämnd value leaves a unit or division out: named so, and judged only as far as the
parts in decide it.

A regional tester's "Antal vårdrelaterade infektioner" (summa, "Högst 40") read 32 and ✔ Uppfyllt on the nämnd
row, with no word that a unit's count was missing: the whole can only be larger. The row now says "summa exkl.
<unit> i <division>" as history does, and a sum that leaves parts out shows a "Minst" target met or a "Högst" one
missed (a floor of the whole decides those), otherwise "Underlag saknas".
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from reporting.consolidate.consolidation import consolidate
from reporting.consolidate.labels import TOTAL
from reporting.demo.submissions import demo_fill
from reporting.demo.units import unit_plan
from reporting.intake.run import run_intake
from reporting.plan.judge import judge, judge_part_of_sum
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.plan.targets import Status, parse_target
from reporting.template.write import build_template
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
SILENT = "E0006"  # a unit of Kirurgi that leaves the count empty


def _counted(target: str):
    plan = unit_plan(12)
    n20 = next(k for k in plan.key_figures if k.id == "N20")
    counted = replace(n20, divisions=("MED", "KIR"), unit="antal", target_text=target, target=parse_target(target))
    return replace(plan, key_figures=[counted if k is n20 else k for k in plan.key_figures]), counted


@pytest.mark.parametrize(
    "target,value,status",
    [
        ("Högst 40", Decimal(32), Status.NO_DATA),  # the missing part may take it over 40
        ("Högst 40", Decimal(48), Status.NOT_MET),  # already over: the whole is too
        ("Lägre än 40", Decimal(41), Status.NOT_MET),
        ("Minst 40", Decimal(48), Status.MET),  # already there: the whole is too
        ("Minst 40", Decimal(32), Status.NO_DATA),
        ("Högre än 40", Decimal(41), Status.MET),
        ("Exakt 40", Decimal(40), Status.NO_DATA),  # any more and it is not exact
    ],
)
def test_a_sum_that_leaves_parts_out_is_judged_only_where_its_parts_decide(target, value, status):
    _, kf = _counted(target)
    judged = judge(kf, 2025, value, None, Decimal(0))  # as the value alone would be
    assert judge_part_of_sum(kf, 2025, value, judged) is status


def test_a_negative_sum_is_no_floor_of_the_whole():
    _, kf = _counted("Minst -40")
    assert judge_part_of_sum(kf, 2025, Decimal(-10), Status.MET) is Status.NO_DATA


def test_the_nämnd_row_names_the_unit_it_leaves_out_and_does_not_call_a_partial_count_met(tmp_path):
    plan, _ = _counted("Högst 40")
    ws = Workspace(tmp_path)
    ws.inbox.mkdir(parents=True)
    for unit in (u for u in plan.units if u.division in ("MED", "KIR")):
        fill = demo_fill(plan, unit.division, T1, unit_id=unit.id)
        fill["Nyckeltal"]["N20"].update(outcome=None if unit.id == SILENT else Decimal(5), forecast=Decimal(15))
        name = Reporter(plan.division(unit.division), unit).file_name(T1.key)
        build_template(plan, unit.division, T1, ws.inbox / name, fill, unit_id=unit.id)
    rows = consolidate(plan, run_intake(ws, plan, T1)).key_figures
    total = next(k for k in rows if k.id == "N20" and k.division == TOTAL)
    assert (total.outcome, total.forecast) == (Decimal(25), Decimal(75))  # five of six units; all six forecasts
    assert total.analysis == "summa exkl. Enhet 0006 i Division Kirurgi"
    assert total.left_out == "Enhet 0006 i Division Kirurgi"
    assert (total.status, total.status_label) == (Status.NO_DATA.value, Status.NO_DATA.label)  # 25 of "Högst 40"
    assert total.forecast_status == Status.NOT_MET.value  # 75: over 40 whatever Enhet 0006 adds
