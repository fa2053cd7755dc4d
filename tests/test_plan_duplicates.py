"""plan check: a repeated row or id is an error at the repeat's cell naming the first; the settings' thresholds,
the periods' deadlines and the measures' Start and Slut are checked for sense."""

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from edit_xml import edit_cells
from helpers import rows_of
from reporting.demo.plan import demo_plan
from reporting.findings import Severity
from reporting.plan.model import BudgetFrame, Unit
from reporting.plan.read import check_plan
from reporting.plan.write import write_plan


@pytest.fixture
def plan_copy(tmp_path, demo_plan_xlsx):
    """The demo plan's plan.xlsx, this test's own copy (the tests edit it)."""
    return Path(shutil.copyfile(demo_plan_xlsx, tmp_path / "plan.xlsx"))


@pytest.fixture
def unit_plan(tmp_path, unit_plan_once):
    """unit_plan_once's plan.xlsx, this test's own copy (the tests edit it)."""
    return Path(shutil.copyfile(unit_plan_once, tmp_path / "plan.xlsx"))


@pytest.fixture(scope="module")
def unit_plan_once(tmp_path_factory):
    """The demo plan with MED's 2025 frame split on two units, MA (Budgetramar row 18) and MB (row 19), written
    once per module."""
    tmp_path = tmp_path_factory.mktemp("unit-plan")
    plan = demo_plan()
    med = next(f for f in plan.budget_frames if (f.division, f.year, f.unit) == ("MED", 2025, ""))
    half = {gid: amount / 2 for gid, amount in med.amounts.items()}
    rest = {gid: amount - half[gid] for gid, amount in med.amounts.items()}
    frames = [
        BudgetFrame("MED", 2025, half, sum(half.values()), "MA"),
        BudgetFrame("MED", 2025, rest, sum(rest.values()), "MB"),
    ]
    units = [Unit("MA", "Avdelning A", "MED"), Unit("MB", "Avdelning B", "MED")]
    investments = [replace(i, unit="Avdelning A") if i.division == "MED" else i for i in plan.investments]
    split = replace(plan, units=units, budget_frames=[*plan.budget_frames, *frames], investments=investments)
    path = write_plan(tmp_path / "plan.xlsx", split)
    rows = [(r[0], r[8]) for r in rows_of(path, "Budgetramar")[17:19]]
    assert rows == [("MED", "MA"), ("MED", "MB")]  # the rows the tests name
    return path


def _edit(path, change):
    edit_cells(path, change)


def _append_copy(path, sheet, row, changes=None):
    """Copy a row of the sheet below its last row (with ``changes`` {column letter: value}); its row number."""
    added = []

    def change(wb) -> None:
        ws = wb[sheet]
        new = ws.max_row + 1
        for cell in ws[row]:
            ws.cell(new, cell.column, cell.value)
        for column, value in (changes or {}).items():
            ws[f"{column}{new}"] = value
        added.append(new)

    _edit(path, change)
    return added[0]


def _errors_at(findings, sheet, cell):
    return [f.message for f in findings if f.severity is Severity.ERROR and (f.sheet, f.cell) == (sheet, cell)]


def _only_error(findings, sheet, cell, part):
    """The one error the edit caused: at its sheet and cell, its message holding ``part``."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert [(f.sheet, f.cell) for f in errors] == [(sheet, cell)], [(f.sheet, f.cell, f.message) for f in errors]
    assert part in errors[0].message, errors[0].message
    return errors[0].message


# ------------------------------------------------------------------ 1: Budgetramar
def test_a_repeated_division_frame_is_an_error_at_the_repeat(plan_copy):
    # MED 2025 again with other amounts (its netto their sum): the first row (3) used to win silently
    added = _append_copy(plan_copy, "Budgetramar", 3, {"C": 100, "H": -1111.5})
    plan, findings = check_plan(plan_copy)
    assert plan is None
    message = _only_error(findings, "Budgetramar", f"A{added}", "samma division och år som rad 3")
    assert "MED 2025" in message and "Ta bort" in message


def test_a_repeated_unit_frame_is_an_error_and_the_sum_names_every_row(unit_plan):
    assert _append_copy(unit_plan, "Budgetramar", 19) == 20  # MB again: rows 18, 19 and 20
    plan, findings = check_plan(unit_plan)
    assert plan is None
    assert any("samma division, enhet och år som rad 19" in m for m in _errors_at(findings, "Budgetramar", "A20"))
    # 5: the sum counts the three rows and names their three cells (it said "C18, C20, C20")
    summed = _errors_at(findings, "Budgetramar", "C3")
    assert len(summed) == 1 and "(C18, C19, C20)" in summed[0], summed


def test_frames_of_the_same_division_in_other_years_and_units_are_no_repeat(unit_plan):
    plan, findings = check_plan(unit_plan)
    assert plan is not None and not findings


# ------------------------------------------------------------------ 2: Perioder
@pytest.mark.parametrize("word", ["T1", "Tertial 1"])
def test_a_repeated_period_is_an_error_at_the_repeat(plan_copy, word):
    added = _append_copy(plan_copy, "Perioder", 2, {"A": word, "C": date(2025, 5, 20)})
    plan, findings = check_plan(plan_copy)
    assert plan is None
    message = _only_error(findings, "Perioder", f"A{added}", "först i A2")
    assert "förekommer flera gånger" in message


# ------------------------------------------------------------------ 3 and 4: repeated ids
def test_a_repeated_unit_id_is_an_error_at_the_repeat(unit_plan):
    _append_copy(unit_plan, "Enheter", 2, {"B": "Avdelning A igen"})  # row 4: MA again
    plan, findings = check_plan(unit_plan)
    assert plan is None
    _only_error(findings, "Enheter", "A4", 'Id "MA" förekommer flera gånger (först i A2)')


@pytest.mark.parametrize(
    "sheet, first",
    [
        ("Divisioner", 3),  # MED
        ("Målområden", 2),
        ("Nyckeltal", 2),
        ("Uppdrag", 2),
        ("Åtgärdsplan", 2),
        ("Investeringar", 2),
        ("Internkontroll", 2),
    ],
)
def test_a_repeated_id_is_an_error_at_the_repeat_naming_the_first(plan_copy, sheet, first):
    added = _append_copy(plan_copy, sheet, first)
    plan, findings = check_plan(plan_copy)
    assert plan is None
    message = _only_error(findings, sheet, f"A{added}", f"förekommer flera gånger (först i A{first})")
    assert "Ge varje rad ett eget id" in message


# ------------------------------------------------------------------ 6: sanity
@pytest.mark.parametrize("cell", ["B5", "B6", "B7"])  # tolerans, avvikelsetröskel (%) and (mkr)
def test_a_negative_threshold_is_an_error_at_its_cell(plan_copy, cell):
    _edit(plan_copy, lambda wb: wb["Nämnd"].__setitem__(cell, -5))
    plan, findings = check_plan(plan_copy)
    assert plan is None
    message = _only_error(findings, "Nämnd", cell, "kan inte vara negativ")
    assert "Skriv 0 eller ett positivt tal" in message


@pytest.mark.parametrize(
    "row, deadline, period_end",
    [(2, date(2025, 4, 15), "2025-04-30"), (3, date(2025, 1, 10), "2025-08-31"), (4, date(2025, 12, 1), "2025-12-31")],
)
def test_a_deadline_before_the_period_ends_is_an_error_at_its_cell(plan_copy, row, deadline, period_end):
    _edit(plan_copy, lambda wb: wb["Perioder"].__setitem__(f"C{row}", deadline))
    plan, findings = check_plan(plan_copy)
    assert plan is None
    message = _only_error(findings, "Perioder", f"C{row}", f"före periodens slut {period_end}")
    assert "Skriv ett datum" in message


def test_a_deadline_on_the_periods_last_day_is_accepted(plan_copy):
    _edit(plan_copy, lambda wb: wb["Perioder"].__setitem__("C2", date(2025, 4, 30)))
    plan, findings = check_plan(plan_copy)
    assert plan is not None and not findings


def _terms(path, start, end):
    def change(wb) -> None:
        ws = wb["Åtgärdsplan"]
        for column, header in (("L", "Typ"), ("M", "Start"), ("N", "Slut")):
            ws[f"{column}1"] = header
        ws["M2"], ws["N2"] = start, end

    _edit(path, change)


@pytest.mark.parametrize("start, end", [("2026-01", "2025-06"), ("2026", "2025-12"), ("2025-07", "2025-06")])
def test_a_measure_starting_after_its_end_is_an_error_at_slut(plan_copy, start, end):
    _terms(plan_copy, start, end)
    plan, findings = check_plan(plan_copy)
    assert plan is None
    message = _only_error(findings, "Åtgärdsplan", "N2", f'Slut "{end}" ligger före Start "{start}" (M2)')
    assert "Rätta Start eller Slut" in message


@pytest.mark.parametrize("start, end", [("2025-06", "2025-06"), ("2025", "2025-01"), ("2025-07", "2025"), ("", "")])
def test_a_measure_ending_at_or_after_its_start_is_accepted(plan_copy, start, end):
    _terms(plan_copy, start or None, end or None)
    plan, findings = check_plan(plan_copy)
    assert plan is not None and not findings


# ------------------------------------------------------------------ the clean plan
def test_the_clean_demo_plan_has_none_of_these_findings(demo_plan_xlsx):
    plan, findings = check_plan(demo_plan_xlsx)
    assert plan == demo_plan() and not findings
