"""A money key figure one division types with Ekonomi's minus for costs in every column, while the others type it
positive: the nämnd's sum counts it against theirs. Consolidation warns at that file's cell (brief econ33 item 2);
a row of mixed signs within one file is intake's key-figure-sign (test_rules)."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from helpers import fill
from reporting.consolidate.consolidation import consolidate
from reporting.demo.seed_plans import write_seed_plan
from reporting.demo.submissions import write_demo_submissions
from reporting.findings import Rule, Severity
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
MINUS = {("Nyckeltal", "B2", k): v for k, v in (("outcome", -46.7), ("last_year", -46.5), ("forecast", -44.4))}


@pytest.fixture(scope="module")
def vn(tmp_path_factory):
    """Seed 003's plan (B2 inhyrd personal, mkr, summed over five divisions) and its five T1 files."""
    folder = tmp_path_factory.mktemp("vn-signs")
    plan = load_plan(write_seed_plan("vasternorrland-2025", folder / "plan.xlsx"))
    return plan, write_demo_submissions(plan, T1, folder / "files"), folder


def _consolidated(vn, name, changed):
    """The five files consolidated, each division's in ``changed`` (a name part -> edits) typed over."""
    plan, files, folder = vn
    ws = Workspace(folder / name)
    ws.inbox.mkdir(parents=True)
    for path in files:
        edits = next((e for part, e in changed.items() if part in path.name), None)
        fill(path, edits, ws.inbox / path.name) if edits else shutil.copy(path, ws.inbox / path.name)
    return consolidate(plan, run_intake(ws, plan, T1))


def _split(result):
    return [f for f in result.checks if f.rule is Rule.KEY_FIGURE_SIGN_SPLIT]


def test_a_division_typing_a_money_key_figure_negative_is_warned_about_at_its_cell(vn):
    result = _consolidated(vn, "one", {"Primärvård": MINUS})
    (found,) = _split(result)
    assert (found.severity, found.division, found.sheet, found.cell) == (
        Severity.WARNING,
        "Primärvård",
        "Nyckeltal",
        "E7",  # B2's utfall in Primärvård's file
    )
    assert found.file.endswith("Primärvård.xlsx")
    assert found.message == (
        "Primärvård: nyckeltal B2 anges negativt (utfallet −46,7, fjolårets utfall −46,5 och helårsprognosen "
        "−44,4 mkr) men Specialiserad vård, Barn och unga, Tandvård och Förvaltningsledning anger det positivt, så "
        "nämndens summa räknar de värdena mot de andras. Ett nyckeltal i mkr anges med sitt eget tecken, inte med "
        "minustecken som kostnaderna på fliken Ekonomi; kontrollera tecknet (summan räknas som värdena lämnats in)."
    )
    assert found in result.findings  # Avvikelser lists every finding
    total = next(k for k in result.key_figures if k.id == "B2" and k.is_total)
    assert total.outcome == Decimal("239.8")  # −46,7 + 71,6 + 74,8 + 71,3 + 68,8: the sum as typed, not mended


def test_two_divisions_of_the_other_sign_are_each_warned_about_and_the_same_signs_everywhere_raise_nothing(vn):
    result = _consolidated(vn, "two", {"Primärvård": MINUS, "Tandvård": {("Nyckeltal", "B2", "outcome"): -55.8}})
    assert [(f.division, f.cell) for f in _split(result)] == [("Primärvård", "E7")]  # Tandvård's row: mixed signs
    result = _consolidated(vn, "two-whole", {"Primärvård": MINUS, "Tandvård": _minus_row(55.8, 53.3, 52.7)})
    assert [(f.division, f.cell) for f in _split(result)] == [("Primärvård", "E7"), ("Tandvård", "E6")]
    assert "men Specialiserad vård, Barn och unga och Förvaltningsledning anger" in _split(result)[1].message
    assert _split(_consolidated(vn, "clean", {})) == []


def _minus_row(outcome, last_year, forecast):
    return {
        ("Nyckeltal", "B2", k): -v for k, v in (("outcome", outcome), ("last_year", last_year), ("forecast", forecast))
    }


def test_a_result_in_mkr_may_be_negative_in_one_division_and_positive_in_the_others(vn):
    """A surplus here, a deficit there: "Ekonomiskt resultat, mkr" differs in sign by nature, no warning."""
    from dataclasses import replace

    plan, files, folder = vn
    renamed = replace(
        plan, key_figures=[replace(k, name="Ekonomiskt resultat, mkr") if k.id == "B2" else k for k in plan.key_figures]
    )
    ws = Workspace(folder / "result")
    ws.inbox.mkdir(parents=True)
    for path in files:
        edits = MINUS if "Primärvård" in path.name else None
        fill(path, edits, ws.inbox / path.name) if edits else shutil.copy(path, ws.inbox / path.name)
    result = consolidate(renamed, run_intake(ws, renamed, T1))
    assert len(result.submitted) == 5 and _split(result) == []  # every file read: the figure's name alone decides
    assert len(_split(_consolidated(vn, "one-again", {"Primärvård": MINUS}))) == 1  # the cost figure still is
