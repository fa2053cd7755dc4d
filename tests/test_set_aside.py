"""Unit files set aside because their division's own file wins: their findings are not the run's.

The same unit file with an error counts when its division has no file of its own, so the
findings of unit files are left out only where the files were not consolidated.
"""

import os

import pytest

from helpers import rows_of, value_at
from reporting.cli.summary import summarise
from reporting.demo.central import fill_demo_central
from reporting.demo.submissions import demo_fill
from reporting.demo.units import unit_plan
from reporting.findings import Rule
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.template.write import build_template
from reporting.workflow import run_period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
OWN = "2025-T1 Division Medicin.xlsx"
UNIT = "2025-T1 Division Medicin - Enhet 0005.xlsx"


@pytest.fixture(scope="module")
def uplan():
    return unit_plan(8)  # two units a division: Medicin has E0001 and E0005


def _unit_file(plan, workspace, unit_id, outcome=None):
    """A unit's filled template; ``outcome`` in N01's Utfall (a text there is an error)."""
    unit = plan.unit(unit_id)
    fill = demo_fill(plan, unit.division, T1, unit_id=unit_id)
    if outcome is not None:
        fill["Nyckeltal"]["N01"]["outcome"] = outcome
    name = Reporter(plan.division(unit.division), unit).file_name(T1.key)
    return build_template(plan, unit.division, T1, workspace.inbox / name, fill, unit_id=unit_id)


def _run(tmp_path, plan, own_file: bool, capsys):
    """Medicin's unit E0005 with a text in a number cell, with or without Medicin's own file."""
    ws = Workspace(tmp_path)
    ws.inbox.mkdir()
    _unit_file(plan, ws, "E0005", "ej klart")
    if own_file:
        build_template(plan, "MED", T1, ws.inbox / OWN, demo_fill(plan, "MED", T1))
    for path in ws.inbox.iterdir():
        os.utime(path, (1746100000, 1746100000))  # 2025-05-01: before the deadline
    fill_demo_central(ws.root, plan, T1)  # the nämnd's values in (else a warning says they are missing)
    result = run_period(ws, plan, T1, history=False)
    capsys.readouterr()
    summarise(result.consolidation)
    console = capsys.readouterr().out
    summary = next(line for line in console.splitlines() if line.startswith("Fynd:"))
    report = next(p for p in result.written if p.suffix == ".xlsx" and "Återkoppling" not in p.name)
    feedback = next(p for p in result.written if p.name == "2025-T1 Återkoppling Division Medicin.xlsx")
    return result.consolidation, summary, report, feedback


def _listed(rows, start):
    """(file, cell) of each finding row of a findings table whose header is at row ``start`` (0-based)."""
    return [(r[2], r[4]) for r in rows[start + 1 :] if r[0] in ("fel", "varning")]


def _error_note(result, report):
    """The run's to-do on its errors (the console's); never on the Sammanfattning, which goes into the papers."""
    from reporting.output.notices import office_notes

    assert not [v for row in rows_of(report, "Sammanfattning") for v in row if isinstance(v, str) and " fel i " in v]
    return [note for note in office_notes(result) if " fel i " in note]


def test_a_unit_file_set_aside_by_its_divisions_own_file_has_no_findings_in_the_run(tmp_path, uplan, capsys):
    result, summary, report, feedback = _run(tmp_path, uplan, True, capsys)
    assert summary == "Fynd: 0 fel, 2 varningar."  # the own file's budget deviations, not the unit's error
    assert _listed(rows_of(report, "Avvikelser"), 2) == [(OWN, "E6"), (OWN, "E7")]
    assert _error_note(result, report) == []
    medicin = next(r for r in rows_of(report, "Inlämningar") if r[0] == "Division Medicin")
    assert medicin[1] == "Inkommen; divisionens egen fil gäller, 1 enhetsfil används inte"
    assert (medicin[2], medicin[7]) == (OWN, 0)  # the own file, no errors charged to it
    sheet = rows_of(feedback, "Återkoppling")
    assert value_at(sheet, "A2") == (
        "Underlaget har kommit in och är med i sammanställningen. Divisionens egen fil gäller, "
        f"så 1 enhetsfil används inte och visas inte bland fynden: {UNIT}."
    )
    assert value_at(sheet, "A3").startswith("Inga fel, 2 varningar. Se över varningarna")  # nothing to resend
    assert _listed(sheet, 4) == [(OWN, "E6"), (OWN, "E7")]
    assert [f for f in result.findings if f.file == UNIT] == []
    assert [r.submission.file for r in result.intake.set_aside] == [UNIT]


def test_the_same_unit_file_without_its_divisions_own_file_counts(tmp_path, uplan, capsys):
    result, summary, report, feedback = _run(tmp_path, uplan, False, capsys)
    assert summary == "Fynd: 1 fel, 1 varning."  # the unit's error, and the budget check of what it sent
    # the second: a budget check on the division's sum, at the cell in the one unit's file that makes it
    assert _listed(rows_of(report, "Avvikelser"), 2) == [(UNIT, "E5"), (UNIT, "E7")]
    assert _error_note(result, report) == [
        "1 fel i inlämnade underlag; se fliken Avvikelser i rapporten och återkopplingarna."
    ]
    medicin = next(r for r in rows_of(report, "Inlämningar") if r[0] == "Division Medicin")
    assert (medicin[1], medicin[7]) == ("Inkommen från 1 av 2 enheter; saknas: Enhet 0001", 1)
    sheet = rows_of(feedback, "Återkoppling")
    assert value_at(sheet, "A2") == (  # the units' files, and the unit missing (it was: "Underlaget är inkommet")
        "Underlag från 1 av 2 enheter har kommit in och är med i sammanställningen; divisionens siffror omfattar "
        "bara dem. Saknas: Enhet 0001."
    )
    # the budget check of a division from some of its units reaches its återkoppling too: it carries the
    # division's own name, its message the units it leaves out
    assert value_at(sheet, "A3").startswith("1 fel och 1 varning. Rätta felen")
    assert _listed(sheet, 4) == [(UNIT, "E5"), (UNIT, "E7")]
    (check,) = result.checks
    assert check.division == "Division Medicin" and "Division Medicin (exkl. Enhet 0001)" in check.message
    assert result.intake.set_aside == []


def test_a_forecast_deficit_of_a_division_from_some_of_its_units_reaches_its_återkoppling(tmp_path, uplan):
    """The forecast deficit, like the budget deviations, carries the division's own name (feedback picks by it)."""
    ws = Workspace(tmp_path)
    ws.inbox.mkdir()
    unit = uplan.unit("E0005")
    fill = demo_fill(uplan, unit.division, T1, unit_id="E0005")
    costs = next(g for g in uplan.account_groups if not g.is_income)
    fill["Ekonomi"][costs.id]["forecast"] *= 2  # costs doubled: a deficit against the unit's frame
    build_template(uplan, unit.division, T1, ws.inbox / UNIT, fill, unit_id="E0005")
    os.utime(ws.inbox / UNIT, (1746100000, 1746100000))
    result = run_period(ws, uplan, T1, history=False)
    (deficit,) = [f for f in result.consolidation.checks if f.rule is Rule.FORECAST_DEFICIT]
    assert deficit.division == "Division Medicin"
    assert deficit.message.startswith("Division Medicin (exkl. Enhet 0001): helårsprognos")
    feedback = next(p for p in result.written if p.name == "2025-T1 Återkoppling Division Medicin.xlsx")
    listed = [v for row in rows_of(feedback, "Återkoppling") for v in row if isinstance(v, str)]
    assert deficit.message in listed
