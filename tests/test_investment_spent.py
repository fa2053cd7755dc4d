"""An investment's upparbetat belopp is whole tkr: 15,7 (mkr typed where tkr is asked) is a warning at its cell.

A controller's tester typed 15,7 for an object of 16 920 tkr and it went in silently, though the cell's own
validation says "hela tkr".
"""

from __future__ import annotations

from helpers import answer_cell, complete_edits, fill
from reporting.findings import Rule
from reporting.intake.checking import check_file
from reporting.plan.periods import Period

T1 = Period(2025, "T1")


def test_an_upparbetat_that_is_not_whole_tkr_is_a_warning_and_whole_ones_are_not(make_template, plan, tmp_path):
    edits = complete_edits(plan, "MED")
    edits[("Investeringar", "I01", "spent")] = 15.7
    result = check_file(fill(make_template("MED"), edits, tmp_path / "med.xlsx"), plan, T1)
    said = [f for f in result.findings if f.rule is Rule.SPENT_UNIT_OFF and f.sheet == "Investeringar"]
    assert [(f.severity.value, f.cell, f.message) for f in said] == [
        (
            "varning",
            answer_cell(result.submission, "Investeringar", "I01", "spent"),
            "Upparbetat 15,7 tkr är inte ett helt antal tkr (budget 16\u00a0920 tkr); belopp anges i hela tkr, inte i "
            "mkr: kontrollera enheten.",
        )
    ]
    edits[("Investeringar", "I01", "spent")] = 15700
    whole = check_file(fill(make_template("MED"), edits, tmp_path / "whole.xlsx"), plan, T1)
    assert not [f for f in whole.findings if f.sheet == "Investeringar"]
