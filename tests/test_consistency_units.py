"""A budget warning about a division combined from its units' files points at the units' files and cell and says
each unit's amount, so a unit's controller sees what their file adds to the division's sum (audit D4)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reporting.consolidate.economy import budget_checks
from reporting.consolidate.part_sources import PARTS_SHOWN, economy_source, netto_amount
from reporting.consolidate.rollup import rollup
from reporting.findings import Rule
from reporting.output.feedback import write_feedback
from reporting.plan.periods import Period
from reporting.swedish import format_number
from reporting.template.spec import NETTO_ID

T1 = Period(2025, "T1")


@pytest.fixture(scope="module")
def units_run(unit_run):
    """Eight units, two per division, all reporting (conftest, once per session): the divisions are their units'
    sums."""
    ws, plan, result = unit_run(8)
    intake = result.intake
    subs, _ = rollup(plan, [r.submission for r in intake.current.values() if r.submission is not None])
    return ws, subs, result


def test_a_deviation_of_a_divisions_sum_names_its_units_files_cell_and_amounts(units_run):
    _, subs, result = units_run
    deviations = [f for f in result.checks if f.rule is Rule.BUDGET_DEVIATION]
    assert deviations
    for finding in deviations:
        division = next(d for d in result.plan.divisions if d.name == finding.division)
        sub = subs[division.id]
        group = next(
            e.group_id for e in result.economy if e.division_id == division.id and f", {e.group}:" in finding.message
        )
        parts = [p.answers.account(group) for p in sub.parts]
        assert finding.file == "\n".join(p.file for p in sub.parts)  # one a line: a list, never one link
        assert (finding.sheet, finding.cell) == ("Ekonomi", parts[0].cell("actual"))
        assert {a.cell("actual") for a in parts} == {finding.cell}  # the same cell in every unit's file
        amounts = [
            f"{p.reporter.unit.name} {format_number(a.actual - a.periodised, 1, signed=True)} mkr"
            for p, a in zip(sub.parts, parts)
        ]
        assert finding.message.endswith(f"(summan av enheterna: {', '.join(amounts)}); minus betyder sämre än budget.")


def test_the_divisions_feedback_lists_the_units_files_without_a_link(units_run, tmp_path):
    _, _, result = units_run
    finding = next(f for f in result.checks if f.rule is Rule.BUDGET_DEVIATION)
    division = next(d for d in result.plan.divisions if d.name == finding.division)
    assert finding.file.count("\n") == 1  # the division's two units' files
    (path,) = [p for p in write_feedback(result, tmp_path) if division.name in p.name]
    sheet = load_workbook(path).active
    row = next(r for r in sheet.iter_rows(min_row=6) if r[6].value == finding.message)
    assert (row[2].value, row[3].value, row[4].value) == (finding.file, "Ekonomi", finding.cell)
    assert row[4].hyperlink is None  # no file of that name to open: the cell is named, the files listed


def test_many_units_are_named_up_to_a_limit_then_counted(units_run):
    _, subs, _ = units_run
    sub = subs["MED"]
    many = type(sub)(sub.reporter, sub.period, sub.file, sub.sha256, parts=sub.parts * 4)
    asked = []  # the units whose amount was summed: only those the note shows (a division may have thousands)
    found = economy_source(many, "EK", "actual", lambda part: asked.append(part) or Decimal(1), "mkr", 1)
    assert found["file"].splitlines()[-1] == f"… och {len(many.parts) - PARTS_SHOWN} till"
    assert found["parts"].endswith(f"1,0 mkr, … och {len(many.parts) - PARTS_SHOWN} till)")
    assert asked == list(many.parts[:PARTS_SHOWN])


def test_a_forecast_deficit_of_a_divisions_sum_names_each_units_netto_forecast(units_run):
    _, subs, result = units_run
    row = next(o for o in result.economy_overview if o.division_id == "MED")
    (finding,) = budget_checks(result.plan, [], [replace(row, forecast_deviation=Decimal(-5))], 2025, subs)
    parts = subs["MED"].parts
    nettos = [netto_amount(result.plan, "forecast")(p) for p in parts]
    assert sum(nettos) == row.forecast  # each unit's netto: its account groups, as the division's sum of them
    assert (finding.rule, finding.file) == (Rule.FORECAST_DEFICIT, "\n".join(p.file for p in parts))
    assert finding.cell == parts[0].answers.account(NETTO_ID).cell("forecast")
    shown = ", ".join(f"{p.reporter.unit.name} {format_number(n, 1)} mkr" for p, n in zip(parts, nettos))
    assert finding.message.endswith(f"underskott 5,0 mkr (summan av enheterna: {shown}).")
