"""A key figure in percent is a share (0–100 %) unless it is a change: seed 002's Bruttokostnadsutveckling has the
målvärde −0,7 %, so only a value below 0 meets it, and the intake must not call that an error ("Andelen −1,2 %
… ligger utanför 0–100 %"), nor the template's validation speak of a share."""

from __future__ import annotations

import pytest

from helpers import fill
from reporting.demo.seed_plans import write_seed_plan
from reporting.demo.submissions import write_demo_submissions
from reporting.findings import Rule
from reporting.intake.checking import check_file
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.template.validation import key_figure_rule

M03 = Period(2021, "M03")


@pytest.fixture(scope="module")
def seed002(tmp_path_factory):
    """Seed 002's plan and Akutvård's complete March file."""
    folder = tmp_path_factory.mktemp("jh2021")
    plan = load_plan(write_seed_plan("jh-2021", folder / "plan.xlsx"))
    files = write_demo_submissions(plan, M03, folder / "inbox")
    return plan, next(p for p in files if p.name == "2021-M03 Akutvård.xlsx")


def _m(plan, kf_id):
    return next(k for k in plan.key_figures if k.id == kf_id)


def test_the_seeds_changes_in_percent_are_told_from_its_shares(seed002):
    plan, _ = seed002
    changes = [k.id for k in plan.key_figures if k.is_percent and not k.is_share]
    assert changes == ["M01", "M24", "M37"]  # tjänsteresor −10 %, läkemedelskostnadsutveckling, bruttokostnader


def test_a_cost_development_below_zero_meets_its_target_without_an_error(seed002, tmp_path):
    plan, akut = seed002
    typed = {("Nyckeltal", "M37", "outcome"): -1.2, ("Nyckeltal", "M37", "forecast"): -1.0}
    findings = check_file(fill(akut, typed, tmp_path / "akut.xlsx"), plan, M03).findings
    assert [f for f in findings if f.sheet == "Nyckeltal"] == []


def test_a_share_below_zero_is_still_an_error(seed002, tmp_path):
    plan, akut = seed002
    findings = check_file(fill(akut, {("Nyckeltal", "M38", "outcome"): -5}, tmp_path / "akut.xlsx"), plan, M03).findings
    assert [f.message for f in findings if f.rule is Rule.OUT_OF_RANGE] == [
        "Andelen \u22125 % för nyckeltal M38 ligger utanför 0–100 %."
    ]


def test_the_templates_validation_asks_for_a_change_or_a_share(seed002):
    plan, _ = seed002
    change, share = key_figure_rule(_m(plan, "M37")), key_figure_rule(_m(plan, "M38"))
    assert (change["input_title"], change["minimum"], change["maximum"]) == ("Förändring i procent", -1e6, 1e6)
    assert change["input_message"] == "Ange förändringen i procent, t.ex. -0,7 för -0,7 %."
    assert (share["input_title"], share["minimum"], share["maximum"]) == ("Andel i procent", -100, 100)


@pytest.mark.parametrize(
    ("name", "target", "share"),
    [
        ("Andel besök inom 90 dagar", "Minst 88 %", True),
        ("Förändring av sjukfrånvaron", "Högst 2 %", False),
        ("Kostnadsutveckling", "Högst 3 %", False),
        ("Andel tjänsteresor", "-10 %", False),
        # a share whose name merely holds the word: 930 (for 93,0) must stay an error
        ("Andel medarbetare med genomfört utvecklingssamtal", "Minst 90 %", True),
        ("Andel patienter med förändringsplan", "Minst 50 %", True),
        ("Medarbetare med utvecklingssamtal", "Minst 90 %", True),
        ("Läkemedelskostnadsutvecklingen", "Högst 3 %", False),
    ],
)
def test_a_percent_figure_is_a_share_unless_its_name_or_target_says_change(name, target, share):
    from reporting.plan.model import KeyFigure
    from reporting.plan.targets import parse_target

    figure = KeyFigure("X1", name, "1", ("D",), "%", target, parse_target(target))
    assert figure.is_share is share
