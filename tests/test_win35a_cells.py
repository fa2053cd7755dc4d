"""A date typed in a number cell gets the column's own advice, as a text there does (qa35w #11d)."""

from __future__ import annotations

from datetime import datetime

import pytest

from rule_cases import At, Case


@pytest.fixture
def case(plan, tmp_path, make_template, demo_plan_xlsx):
    return Case(plan, tmp_path, make_template, demo_plan_xlsx)


@pytest.mark.parametrize(
    ("where", "advice"),
    [
        (("Ekonomi", "EK", "actual"), "Skriv ett tal i mkr, utan enhet, t.ex. 5,5."),
        (("Investeringar", "I14", "spent"), "Skriv ett tal i hela tkr, utan enhet, t.ex. 1 250."),
        (("Nyckeltal", "N01", "forecast"), "Skriv ett tal, t.ex. 88,5."),  # a key figure: any number
    ],
)
def test_a_date_in_a_number_cell_gets_the_columns_advice(case, where, advice):
    found = case.check(case.filled({where: datetime(2025, 4, 18)}))
    cell = At(*where).resolve(case)
    assert [(f.rule.value, f.severity.value, f.message) for f in found if (f.sheet, f.cell) == (where[0], cell)] == [
        ("not-a-number", "fel", f"Ett datum är inte ett tal. {advice}")
    ]
