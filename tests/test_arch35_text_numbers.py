"""An amount typed as text is warned on every amount column (Åtgärdsplan, Investeringar), as it was on Ekonomi only:
Excel's sums skip it there too (qa35w #11). A key figure's or nämnare's text ("88,5 %") is read without a word:
nothing sums it. The values are read right either way."""

from __future__ import annotations

from decimal import Decimal

from helpers import answer, answer_cell, complete_edits, fill
from reporting.findings import Rule, Severity
from reporting.intake.checking import check_file
from reporting.plan.periods import Period
from reporting.template.spec import Kind

T1 = Period(2025, "T1")


def _typed(plan):
    measure, investment = plan.measures_for("MED")[0].id, plan.investments_for("MED")[0].id
    return {
        ("Nyckeltal", "N01", "outcome"): "4,2",
        ("Nyckeltal", "N01", "denominator"): "1 598",
        ("Nyckeltal", "N01", "forecast"): "\u22124,2",
        ("Åtgärdsplan", measure, "achieved"): "1\u00a0234,5",
        ("Investeringar", investment, "spent"): "15\u202f722",
        ("Ekonomi", "EK", "actual"): "\u2212418,4",
    }


def test_an_amount_typed_as_text_is_warned_in_every_sheet_and_a_key_figure_is_not(plan, make_template, tmp_path):
    typed = _typed(plan)
    edits = complete_edits(plan, "MED")
    edits.update(typed)
    result = check_file(fill(make_template("MED"), edits, tmp_path / "med.xlsx"), plan, T1)
    sub = result.submission
    assert sub is not None
    warned = {(f.sheet, f.cell): (f.severity, f.message) for f in result.findings if f.rule is Rule.NUMBER_AS_TEXT}
    assert warned == {
        (sheet, answer_cell(sub, sheet, row, key)): (
            Severity.WARNING,
            f'Talet "{value}" är skrivet som text; Excel räknar inte med det i summor. Skriv om det som ett tal.',
        )
        for (sheet, row, key), value in typed.items()
        if sheet != "Nyckeltal"
    }
    measure, investment = plan.measures_for("MED")[0].id, plan.investments_for("MED")[0].id
    assert answer(sub, "Nyckeltal", "N01", "outcome") == Decimal("4.2")
    assert answer(sub, "Nyckeltal", "N01", "denominator") == Decimal("1598")
    assert answer(sub, "Nyckeltal", "N01", "forecast") == Decimal("-4.2")
    assert answer(sub, "Åtgärdsplan", measure, "achieved") == Decimal("1234.500")
    assert answer(sub, "Investeringar", investment, "spent") == Decimal("15722")


def test_text_in_a_text_column_is_not_a_number_as_text(plan, make_template, tmp_path):
    edits = complete_edits(plan, "MED")
    edits[("Nyckeltal", "N01", "analysis")] = "1 598"  # a comment that happens to be a number
    result = check_file(fill(make_template("MED"), edits, tmp_path / "med.xlsx"), plan, T1)
    assert [f for f in result.findings if f.rule is Rule.NUMBER_AS_TEXT] == []


def test_the_numeric_kinds_are_declared_once():
    assert {k for k in Kind if k.numeric} == {Kind.MKR, Kind.TKR}
