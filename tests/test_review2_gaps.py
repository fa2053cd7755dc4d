"""Review tests for the intake/feedback/measures commits: survivors of mutation, and defects (xfail, strict)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers import complete_edits, fill, rows_of, value_at
from reporting.consolidate.consolidation import consolidate
from reporting.demo.units import unit_plan, write_unit_submissions
from reporting.intake.run import run_intake, withdraw
from reporting.output.feedback import write_feedback
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.workspace import Workspace

T1 = Period(2025, "T1")


def _feedback(result, folder: Path, name: str) -> list[tuple]:
    write_feedback(result, folder)
    return rows_of(folder / "återkoppling" / f"2025-T1 Återkoppling {name}.xlsx", "Återkoppling")


def test_a_measure_with_its_forecast_left_blank_is_not_reported(tmp_path, plan, make_template):
    """Achieved given, forecast blank: the division has not reported the measure (not a half sum)."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    for division in plan.divisions:
        edits = complete_edits(plan, division.id)
        if division.id == "MED":
            edits = {k: v for k, v in edits.items() if not (k[0] == "Åtgärdsplan" and k[2] == "forecast")}
        fill(make_template(division.id), edits, ws.inbox / Reporter(division).file_name(T1.key))
    rows = {m.id: m for m in consolidate(plan, run_intake(ws, plan, T1)).measures}
    assert (rows["A6"].achieved, rows["A6"].forecast, rows["A6"].missing) == (None, None, "Division Medicin")
    assert (rows["A1"].achieved, rows["A1"].forecast) == (Decimal(2), Decimal(4))  # KIR's and NV's only


def test_a_withdrawal_is_dated_in_the_feedback(tmp_path, plan, make_template):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    fill(make_template("MED"), complete_edits(plan, "MED"), ws.inbox / "2025-T1 Division Medicin.xlsx")
    run_intake(ws, plan, T1)
    withdraw(ws, plan, T1, "MED", "Fel i Ekonomi.")
    intake = run_intake(ws, plan, T1)
    (when, _) = intake.withdrawn["MED"]
    status = value_at(_feedback(consolidate(plan, intake), tmp_path / "out", "Division Medicin"), "A2")
    assert status == (
        f"Underlaget återkallades av ekonomienheten {when[:10]}: Fel i Ekonomi. Skicka en ny ifylld mall snarast."
    )


def _misfiled(tmp_path, plan, make_template, med_edits) -> tuple[Path, object]:
    """Kirurgi sends its own file; Medicin names its own (accepted) file "Kirurgi april.xlsx"."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    fill(make_template("KIR"), complete_edits(plan, "KIR"), ws.inbox / "2025-T1 Division Kirurgi.xlsx")
    fill(make_template("MED"), med_edits, ws.inbox / "Kirurgi april.xlsx")
    return tmp_path / "out", consolidate(plan, run_intake(ws, plan, T1))


def test_an_accepted_misfiled_files_mismatch_reaches_the_division_it_names(tmp_path, plan, make_template):
    folder, result = _misfiled(tmp_path, plan, make_template, complete_edits(plan, "MED"))
    kir = _feedback(result, folder, "Division Kirurgi")
    listed = [(r[2], r[5]) for r in kir[4:] if r and r[0] in ("fel", "varning")]
    assert listed == [("Kirurgi april.xlsx", "Filen säger emot mallens identitet")]


def test_a_division_whose_own_file_is_fine_is_not_asked_to_fix_anothers(tmp_path, plan, make_template):
    edits = {k: v for k, v in complete_edits(plan, "MED").items() if k[0] != "Åtgärdsplan"}  # errors in MED's file
    folder, result = _misfiled(tmp_path, plan, make_template, edits)
    kir = _feedback(result, folder, "Division Kirurgi")
    assert "Rätta felen i din fil" not in value_at(kir, "A3")


def test_a_units_withdrawal_is_told_in_its_divisions_feedback(tmp_path):
    plan = unit_plan(8)
    ws = Workspace(tmp_path / "ws")
    write_unit_submissions(plan, T1, ws.inbox)
    run_intake(ws, plan, T1)
    for unit in ("E0001", "E0005"):  # both of Medicin's units
        withdraw(ws, plan, T1, "MED", "Fel siffror", unit)
    intake = run_intake(ws, plan, T1)
    today = intake.withdrawn["MED/E0001"][0][:10]
    status = value_at(_feedback(consolidate(plan, intake), tmp_path / "out", "Division Medicin"), "A2")
    assert status.endswith(
        f"Ekonomienheten återkallade Enhet 0001 ({today}: Fel siffror), Enhet 0005 ({today}: Fel siffror); "
        "skicka nya ifyllda mallar för dem snarast."
    )


def test_a_measure_of_a_division_from_some_of_its_units_is_not_the_whole_measure(unit_run):
    # three units per division, one of each does not report (conftest, once per session)
    _, plan, result = unit_run(12, skip_every=3)
    a6 = next(m for m in result.measures if m.id == "A6")  # Medicin's alone
    med = [u.name for u in plan.units_of("MED")]
    assert a6.missing == f"{med[2]} i Division Medicin" and a6.forecast_deviation is None  # as the economy says
