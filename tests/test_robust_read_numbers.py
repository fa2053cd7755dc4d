"""Item 2: absurd and non-finite numbers get a finding on their cell and never reach consolidation."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from helpers import answer, answer_cell, complete_edits, fill
from reporting.findings import Rule, Severity
from reporting.intake.checking import check_file
from reporting.swedish import parse_cell_number, parse_decimal
from test_robust_read import T1

ABSURD = {
    ("Nyckeltal", "N01", "outcome"): 1e27,
    ("Nyckeltal", "N14", "forecast"): 5e12,
    ("Nyckeltal", "N04", "denominator"): 1e27,
    ("Ekonomi", "EK", "actual"): -1e27,
    ("Ekonomi", "EI", "forecast"): 2e6,
    ("Investeringar", "I01", "spent"): 1e11,
    ("Åtgärdsplan", "A1", "achieved"): 1e300,
}


def absurd_file(plan: Any, make_template: Any, name: str = "absurd.xlsx", only: str = "") -> Path:
    edits = complete_edits(plan, "MED")
    edits.update({k: v for k, v in ABSURD.items() if not only or k[0] == only})
    return fill(make_template("MED", name=name), edits)


@pytest.mark.parametrize("careful", [False, True])
def test_absurd_numbers_are_out_of_range_and_not_kept(plan, make_template, careful):
    result = check_file(absurd_file(plan, make_template), plan, T1, careful=careful)
    sub = result.submission
    assert sub is not None
    out_of_range = {(f.sheet, f.cell) for f in result.findings if f.rule is Rule.OUT_OF_RANGE}
    for sheet, row_id, key in ABSURD:
        assert answer(sub, sheet, row_id, key) is None, (sheet, row_id, key)
        assert (sheet, answer_cell(sub, sheet, row_id, key)) in out_of_range, (sheet, row_id, key)
    errors = [f for f in result.findings if f.rule is Rule.OUT_OF_RANGE and f.severity is Severity.ERROR]
    assert len(errors) >= len(ABSURD)
    # the limit is stated in Swedish on the cell
    assert any("orimligt stort" in f.message for f in errors)


def test_absurd_numbers_never_reach_consolidation(plan, make_template, tmp_path):
    from reporting.consolidate.consolidation import consolidate
    from reporting.intake.run import run_intake
    from reporting.workspace import Workspace

    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    # key-figure values were kept before the fix (money failed the whole file instead)
    absurd_file(plan, make_template, only="Nyckeltal").rename(ws.inbox / "medicin.xlsx")
    result = consolidate(plan, run_intake(ws, plan, T1))  # decimal.InvalidOperation before the fix
    numbers = [v for row in result.key_figures for v in dataclasses.astuple(row)]
    assert len(numbers) > 100
    assert not any(isinstance(v, Decimal) and (not v.is_finite() or abs(v) >= Decimal("1e13")) for v in numbers)


@pytest.mark.parametrize("careful", [False, True])
def test_non_finite_text_is_not_a_number(plan, make_template, careful):
    edits = complete_edits(plan, "MED")
    typed = {
        ("Nyckeltal", "N01", "outcome"): "NaN",
        ("Nyckeltal", "N14", "outcome"): "Infinity",
        ("Ekonomi", "EK", "actual"): "-inf",
        ("Investeringar", "I01", "spent"): "1E+27",
    }
    edits.update(typed)
    result = check_file(fill(make_template("MED"), edits), plan, T1, careful=careful)
    assert result.submission is not None
    for sheet, row_id, key in typed:
        assert answer(result.submission, sheet, row_id, key) is None
    assert sum(f.rule is Rule.NOT_A_NUMBER for f in result.findings) == len(typed)


@pytest.mark.parametrize(
    "value",
    [
        Decimal("NaN"),
        Decimal("-NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
        Decimal("1E+999999"),
        Decimal("-1E+400"),
        float("nan"),
        float("inf"),
        "NaN",
        "Infinity",
        "sNaN",
        "1E+5",
        "9" * 200,
    ],
)
def test_swedish_parsing_refuses_non_finite_and_huge(value):
    with pytest.raises(ValueError):
        parse_cell_number(value)


def test_swedish_parsing_keeps_large_but_finite_numbers():
    assert parse_cell_number(1e27) == (Decimal("1E+27"), False)  # the template reader bounds it per column
    assert parse_decimal("1 598") == Decimal(1598)
    assert parse_cell_number("69,8 %") == (Decimal("69.8"), True)
    with pytest.raises(ValueError):
        parse_decimal("1" * 80)


@pytest.mark.parametrize("careful", [False, True])
def test_a_formulas_binary_noise_is_read_as_excel_shows_the_number(plan, make_template, careful):
    """Excel keeps and shows 15 significant digits: =62*1,05 is 65,1 in the cell, and so in the report and on
    Källor, not 65,10000000000001 (QA34h: a partial value read so showed its noise on Tidsserier)."""
    edits = complete_edits(plan, "MED")
    edits[("Nyckeltal", "N05", "outcome")] = 62 * 1.05  # 65.10000000000001, as a formula's cached value stores it
    edits[("Ekonomi", "EK", "actual")] = -(0.1 + 0.2)  # −0.30000000000000004
    result = check_file(fill(make_template("MED"), edits), plan, T1, careful=careful)
    assert answer(result.submission, "Nyckeltal", "N05", "outcome") == Decimal("65.1")
    assert answer(result.submission, "Ekonomi", "EK", "actual") == Decimal("-0.3")


def test_a_float_keeps_its_fifteen_significant_digits_and_no_more():
    assert parse_cell_number(1 / 3) == (Decimal("0.333333333333333"), False)
    assert parse_cell_number(88.5) == (Decimal("88.5"), False)
    assert parse_cell_number(123456789012.5) == (Decimal("123456789012.5"), False)
    assert parse_cell_number(1e-7) == (Decimal("1E-7"), False)
