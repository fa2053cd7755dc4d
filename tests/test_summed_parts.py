"""A key figure summed over several divisions (or a division's units) has the total's målvärde ("4 enheter" for the
whole nämnd): a part is not judged against it. Seed 002's M05 "Antal enheter … 4" (sum over every division) asked
each division with 1 enhet to explain a missed target, and showed it "Ej uppfyllt" beside a nämnd total met."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from helpers import complete_edits, fill, template_copy
from plan_shapes import T1
from reporting.consolidate.consolidation import consolidate
from reporting.consolidate.labels import PART_OF_SUM
from reporting.demo.plan import demo_plan
from reporting.findings import Rule
from reporting.intake.checking import check_file
from reporting.intake.run import run_intake
from reporting.plan.targets import parse_target
from reporting.workspace import Workspace


def _summed_plan():
    """N01 summed over its four divisions with a total's target; N12 (Medicin's alone) summed too."""
    plan = demo_plan()
    total = parse_target("Minst 10")
    plan.key_figures = [
        replace(kf, aggregation="sum", target=total, target_text=total.text, targets={})
        if kf.id in ("N01", "N12")
        else kf
        for kf in plan.key_figures
    ]
    return plan


def test_a_part_of_a_sum_is_not_judged_but_the_total_and_a_sole_divisions_value_are(tmp_path):
    plan = _summed_plan()
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    for division, n01 in (("MED", 4), ("KIR", 7)):
        edits = complete_edits(demo_plan(), division)
        edits.update({("Nyckeltal", "N01", "outcome"): n01, ("Nyckeltal", "N01", "analysis"): None})
        if division == "MED":
            edits.update({("Nyckeltal", "N12", "outcome"): 6, ("Nyckeltal", "N12", "analysis"): None})
        fill(template_copy(plan, division, T1, tmp_path / f"{division}.xlsx"), edits, ws.inbox / f"{division}.xlsx")
    med = check_file(ws.inbox / "MED.xlsx", plan, T1)
    missed = {f.cell for f in med.findings if f.rule is Rule.TARGET_MISSED_NO_ANALYSIS}
    n12_row = med.submission.answers.key_figures["N12"].row
    assert missed == {f"I{n12_row}", f"J{n12_row}"}  # N12, Medicin's own: 6 against Minst 10; N01's 4 is a part
    result = consolidate(plan, run_intake(ws, plan, T1))
    rows = {(k.id, k.division_id): k for k in result.key_figures}
    assert [(rows[("N01", d)].status_label, rows[("N01", d)].forecast_status) for d in ("MED", "KIR")] == [
        (PART_OF_SUM, PART_OF_SUM)
    ] * 2
    assert (rows[("N01", "")].outcome, rows[("N01", "")].status) == (Decimal(11), "Uppfyllt")  # 4 + 7 ≥ 10
    assert rows[("N12", "MED")].status == "Ej uppfyllt"
