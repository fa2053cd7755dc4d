"""A key figure in mkr or tkr typed 1 000 times too large (tkr typed where mkr is asked) is warned about, as the
economy's amounts are (magnitude.py). Its bound is all the division's budget amounts of the year together: seed
003's inhyrd personal and köpt vård (mkr, "Följs upp", no målvärde to compare with) are parts of that economy."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from helpers import fill
from reporting.demo.seed_plans import write_seed_plan
from reporting.demo.submissions import write_demo_submissions
from reporting.findings import Rule
from reporting.intake.checking import check_file
from reporting.intake.magnitude import key_figure_unit_checks
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.template.answers import KeyFigureAnswer

T1, M03 = Period(2025, "T1"), Period(2025, "M03")
D = Decimal


@pytest.fixture(scope="module")
def vn(tmp_path_factory):
    """Seed 003's plan (Primärvård's frame: −1 450 mkr, one Netto group) and its demo files for March and T1."""
    folder = tmp_path_factory.mktemp("vn")
    plan = load_plan(write_seed_plan("vasternorrland-2025", folder / "plan.xlsx"))
    return plan, {p: write_demo_submissions(plan, p, folder / p.key) for p in (M03, T1)}


def _unit_off(findings):
    return [(f.cell, f.message) for f in findings if f.rule is Rule.KEY_FIGURE_UNIT_OFF]


def test_the_seeds_own_values_raise_no_alarm(vn):
    plan, files = vn
    found = {p.name: _unit_off(check_file(p, plan, period).findings) for period in files for p in files[period]}
    assert len(found) == 10 and set(map(len, found.values())) == {0}


def test_inhyrd_personal_typed_in_tkr_is_warned_about_at_its_cell(vn, tmp_path):
    plan, files = vn
    (primary,) = [p for p in files[T1] if "Primärvård" in p.name]
    typed = {("Nyckeltal", "B2", "outcome"): 46700, ("Nyckeltal", "B2", "forecast"): 1450}  # 1 450: the bound
    findings = check_file(fill(primary, typed, tmp_path / "pv.xlsx"), plan, T1).findings
    assert _unit_off(findings) == [
        (
            "E7",
            "Utfallet för nyckeltal B2 är 46\xa0700 mkr, mer än alla divisionens budgetbelopp för 2025 tillsammans "
            "(1\xa0450,0 mkr). Nyckeltalet anges i mkr, inte i tkr; kontrollera enheten.",
        )
    ]


def test_a_key_figure_in_tkr_is_bounded_in_tkr_and_a_count_never(vn):
    plan, _ = vn
    b2 = next(k for k in plan.key_figures if k.id == "B2")
    in_tkr = replace(b2, unit="tkr")
    over = KeyFigureAnswer(outcome=D(1450001), last_year=D(1450000), forecast=D(-1450001))
    assert [(key, f["budget"], f["other"]) for key, _, f in key_figure_unit_checks(plan, "PV", 2025, in_tkr, over)] == [
        ("outcome", "1\xa0450\xa0000", "kronor"),
        ("forecast", "1\xa0450\xa0000", "kronor"),
    ]
    assert list(key_figure_unit_checks(plan, "PV", 2025, replace(b2, unit="antal"), over)) == []
    assert list(key_figure_unit_checks(plan, "PV", 2031, b2, over)) == []  # no frame that year: no bound
