"""Numbers in the rules' messages, the Swedish way: U+2212 minus, decimal comma, no-break-space thousands, and the
other value a message quotes beside the typed one."""

from __future__ import annotations

from string import Formatter

import pytest

from reporting.findings import Finding, Rule
from rule_cases import At, Case, netto_sign
from rule_table import TABLE


@pytest.fixture
def case(plan, tmp_path, make_template, demo_plan_xlsx):
    return Case(plan, tmp_path, make_template, demo_plan_xlsx)


# ------------------------------------------------------------------ numbers in messages, the Swedish way
def _messages(findings: list[Finding], rule: Rule, cell: str) -> list[tuple[str, str]]:
    return [(f.severity.value, f.message) for f in findings if f.rule is rule and f.cell == cell]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [(-5, "\u22125"), (100.5, "100,5"), ("\u22122,25 %", "\u22122,25"), (1234.5, "1\u00a0234,5")],
)
def test_a_share_out_of_range_is_shown_the_swedish_way(case, typed, shown):
    """The tester's "Andelen -5 %" and "Andelen 100.5 %": U+2212 minus, decimal comma, no-break-space thousands."""
    cell = At("Nyckeltal", "N04", "outcome").resolve(case)
    found = case.check(case.filled({("Nyckeltal", "N04", "outcome"): typed}))
    assert _messages(found, Rule.OUT_OF_RANGE, cell) == [
        ("fel", f"Andelen {shown} % för nyckeltal N04 ligger utanför 0–100 %.")
    ]


def test_a_share_with_more_digits_than_decimal_precision_is_shown_whole(case):
    """A share typed with 32 significant digits is shown as typed, not rounded to 100 nor an InvalidOperation."""
    cell = At("Nyckeltal", "N04", "outcome").resolve(case)
    typed = "100,00000000000000000000000000001"
    found = case.check(case.filled({("Nyckeltal", "N04", "outcome"): typed}))
    assert _messages(found, Rule.OUT_OF_RANGE, cell) == [
        ("fel", f"Andelen {typed} % för nyckeltal N04 ligger utanför 0–100 %.")
    ]


def test_an_amount_with_the_wrong_sign_and_an_overspent_investment_are_shown_the_swedish_way(case):
    """Money read through to_mkr (427,5 kept as 427,500) is shown as typed; tkr amounts grouped."""
    cost, spent = At("Ekonomi", "EK", "actual").resolve(case), At("Investeringar", "I01", "spent").resolve(case)
    found = case.check(case.filled({("Ekonomi", "EK", "actual"): 427.5, ("Investeringar", "I01", "spent"): 21000.5}))
    assert _messages(found, Rule.OUT_OF_RANGE, cost) == [
        ("fel", "Externa kostnader ska anges med minustecken: skriv −427,5, inte 427,5.")
    ]
    income = At("Ekonomi", "EI", "actual").resolve(case)
    found_income = case.check(case.filled({("Ekonomi", "EI", "actual"): -5.0}))
    assert _messages(found_income, Rule.OUT_OF_RANGE, income) == [
        ("fel", "Externa intäkter ska anges utan minustecken: skriv 5, inte −5.")
    ]
    assert _messages(found, Rule.OUT_OF_RANGE, spent) == [
        ("varning", "Upparbetat 21\u00a0000,5 tkr överstiger budget 16\u00a0920 tkr med mer än 20 %; kommentera.")
    ]


@pytest.mark.parametrize("typed", [1.598, "1.598"])
def test_a_nämnare_typed_with_a_thousands_dot_is_warned_about(case, typed):
    """ "1.598" (1 598 patients with a dot) reads as 1,598 and would weight the nämnd's total wrongly."""
    cell = At("Nyckeltal", "N04", "denominator").resolve(case)
    found = case.check(case.filled({("Nyckeltal", "N04", "denominator"): typed}))
    assert _messages(found, Rule.OUT_OF_RANGE, cell) == [
        (
            "varning",
            "Nämnaren (ett antal) för nyckeltal N04 läses som 1,598, vilket inte är ett heltal; skriv antalet utan decimaler "
            "och utan punkt, t.ex. 1598 eller 1\u00a0598.",
        )
    ]


@pytest.mark.parametrize("typed", [1598, 1598.0, "1 598"])
def test_a_whole_nämnare_is_not_warned_about(case, typed):
    cell = At("Nyckeltal", "N04", "denominator").resolve(case)
    found = case.check(case.filled({("Nyckeltal", "N04", "denominator"): typed}))
    assert [f for f in found if f.cell == cell and f.sheet == "Nyckeltal"] == []


def test_a_small_nämnare_with_a_dot_is_read_back_as_thousands_in_the_example(case):
    cell = At("Nyckeltal", "N04", "denominator").resolve(case)
    found = case.check(case.filled({("Nyckeltal", "N04", "denominator"): "2.5"}))
    assert "läses som 2,5" in _messages(found, Rule.OUT_OF_RANGE, cell)[0][1]
    assert "t.ex. 2500 eller 2\u00a0500." in _messages(found, Rule.OUT_OF_RANGE, cell)[0][1]


def test_a_nämnare_with_many_decimals_gets_a_plain_example(case):
    cell = At("Nyckeltal", "N04", "denominator").resolve(case)
    found = case.check(case.filled({("Nyckeltal", "N04", "denominator"): 312.4567}))
    assert _messages(found, Rule.OUT_OF_RANGE, cell) == [
        (
            "varning",
            "Nämnaren (ett antal) för nyckeltal N04 läses som 312,4567, vilket inte är ett heltal; skriv antalet utan decimaler "
            "och utan punkt, t.ex. 1598 eller 1\u00a0598.",
        )
    ]


def test_a_net_frames_amount_of_the_other_sign_quotes_both_amounts(case):
    (found,) = [f for f in netto_sign(case, True) if f.rule is Rule.NETTO_SIGN]
    assert found.message == (
        "Utfallet är 142,1 mkr men nettobudgeten \u22121\u00a0450,0 mkr: tecknet skiljer. Netto anges med budgetens "
        "tecken (kostnader med minustecken); kontrollera tecknet."
    )


def test_an_effect_in_tkr_and_one_with_a_minus_quote_the_planned_effect(case):
    found = case.check(case.filled({("Åtgärdsplan", "A1", "forecast"): 1400, ("Åtgärdsplan", "A1", "achieved"): -0.5}))
    said = {f.rule: f.message for f in found if f.rule in (Rule.EFFECT_UNIT_OFF, Rule.EFFECT_SIGN)}
    assert said == {
        Rule.EFFECT_UNIT_OFF: "Prognosen för effekten för åtgärd A1 är 1\u00a0400,0 mkr, över 30 gånger hela åtgärdens "
        "planerade effekt 20,0 mkr. Effekter anges i mkr, inte i tkr; kontrollera enheten.",
        Rule.EFFECT_SIGN: "Uppnådd effekt för åtgärd A1 är \u22120,5 mkr men den planerade effekten 20,0 mkr: tecknet "
        "skiljer. En effekt anges med den planerade effektens tecken (en besparing positiv, inte med minustecken "
        "som kostnader på Ekonomi); kontrollera tecknet.",
    }


def test_a_money_key_figure_typed_with_the_minus_of_costs_quotes_the_rows_other_value(case):
    (row,) = [row for row in TABLE if row.rule is Rule.KEY_FIGURE_SIGN]
    (said,) = [f for f in row.build(case, True) if f.rule is Rule.KEY_FIGURE_SIGN]
    assert said.message == (
        "Utfallet för nyckeltal B2 är \u221246,7 mkr men fjolårets utfall 40,2 mkr: tecknet skiljer. Ett nyckeltal i "
        "mkr anges med sitt eget tecken, inte med minustecken som kostnaderna på fliken Ekonomi; kontrollera tecknet."
    )


def test_a_message_with_an_amount_unit_is_never_given_one_by_default():
    """review34 #12: an amount's unit came from a default "mkr" when a raise site left it out, so a tkr plan's
    message could read "mkr". Every rule that names a unit now needs it from its caller, which knows the plan."""
    with_unit = [rule for rule in Rule if "{unit}" in rule.template]
    assert Rule.BUDGET_DEVIATION in with_unit and Rule.NETTO_MISMATCH in with_unit
    for rule in with_unit:
        others = {name: "x" for _, name, _, _ in Formatter().parse(rule.template) if name and name != "unit"}
        with pytest.raises(KeyError, match="unit"):
            rule.render(**others)
    shown = Rule.NETTO_MISMATCH.render(stored="1\u00a0250", total="1\u00a0200", unit="tkr")
    assert "1\u00a0250 tkr" in shown and "mkr" not in shown
