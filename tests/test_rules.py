"""One row per rule: a case that triggers it, through the real entry point, at its exact position.

Each row names a rule, a case builder and the (severity, sheet, cell) of the
finding the case must produce. A builder is called twice: with the mistake,
where the finding must be present, and without it (a clean, complete file or
plan), where the rule must not appear at all; so the mistake is the cause.
A second test fails as soon as a rule is added without a row.
"""

from __future__ import annotations

import pytest

from reporting.findings import Finding, Rule
from rule_cases import DIVISION, Case, unit_for_division
from rule_table import TABLE


def test_an_investment_outside_its_divisions_units_names_the_division(case):
    found = [f for f in unit_for_division(case, True) if f.rule is Rule.INVESTMENT_UNIT_UNKNOWN]
    assert {f.division for f in found} == {DIVISION}  # plan check --json and the report's filters use it


@pytest.fixture
def case(plan, tmp_path, make_template, demo_plan_xlsx):
    return Case(plan, tmp_path, make_template, demo_plan_xlsx)


def _positions(findings: list[Finding]) -> list[tuple[str, str, str, str]]:
    return [(f.rule.value, f.severity.value, f.sheet, f.cell) for f in findings]


@pytest.mark.parametrize("row", TABLE, ids=[row.rule.value for row in TABLE])
def test_rule_is_triggered_by_its_case(row, case):
    expected = (row.rule.value, row.severity.value, row.sheet, row.resolve(case))
    found = row.build(case, True)
    assert expected in _positions(found), f"{expected} not among {_positions(found)}"
    clean = row.build(case, False)
    assert row.rule not in {f.rule for f in clean}, _positions(clean)


def test_every_rule_has_a_row():
    assert {row.rule for row in TABLE} == set(Rule)
    assert len(TABLE) == len(set(Rule)), "one row per rule"
