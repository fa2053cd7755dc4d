"""Centrala värden for a month asks only for what a month follows up: no uppdrag (a month's report has none).

A tester's `reporting central -p 2026-03` added a row for the nämnd's uppdrag; the status typed there was
neither shown nor stored, as a month does not follow uppdrag up.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from click.testing import CliRunner

from helpers import rows_of
from plan_shapes import board_assignment, central_figure, written
from reporting.cli import main
from reporting.demo.central import fill_demo_central
from reporting.demo.plan import demo_plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.template.central import CENTRAL_FILE, CENTRAL_SHEET


def test_a_months_centrala_varden_has_no_uppdrag_and_a_tertials_has_them(tmp_path):
    plan = demo_plan()
    plan.periods.insert(
        0, replace(plan.periods[0], kind="M03", label="Månadsuppföljning mars", deadline=date(2025, 4, 10))
    )
    plan.key_figures.append(central_figure("C1", "Andel invånare med förtroende för vården", "HS", "Minst 60 %"))
    plan.assignments.append(board_assignment("UN1", "Nämndens eget uppdrag.", "LS"))
    root = tmp_path / "ws"
    written(plan, root)
    for period in ("2025-03", "2025-T1"):
        result = CliRunner().invoke(main, ["central", "-w", str(root), "--period", period])
        assert result.exit_code == 0, result.output
    rows = [(r[0], r[2]) for r in rows_of(root / CENTRAL_FILE, CENTRAL_SHEET)[1:]]
    assert ("UN1", "2025-M03") not in rows and ("UN1", "2025-T1") in rows
    assert ("C1", "2025-M03") in rows and ("C1", "2025-T1") in rows


def test_a_period_without_centrala_varden_says_so_in_the_summary_and_the_count(tmp_path):
    """A tester forgot `reporting central` for a month: its N07 read "Underlag saknas" and F1 "Ej rapporterad" with
    no word why. Now a warning names the nämnd's items and the command; filling the file in takes it away."""
    root = tmp_path / "ws"
    written(demo_plan(), root)
    (root / "inbox").mkdir(exist_ok=True)

    def consolidate() -> tuple[str, list[str]]:
        result = CliRunner().invoke(main, ["consolidate", "-w", str(root), "--period", "2025-T1"])
        assert result.exit_code == 0, result.output
        report = next((root / "outbox").glob("2025-T1 *.xlsx"))
        notes = [str(r[0]) for r in rows_of(report, "Sammanfattning") if str(r[0] or "").startswith("• Nämndens")]
        return result.output, notes

    output, notes = consolidate()
    said = (
        "Nämndens värden (F1, F2) saknas för 2025-T1 i Centrala värden.xlsx: kör reporting central --period 2025-T1, "
        "fyll i filen och kör consolidate igen."
    )
    assert notes == [f"• {said}"] and "Fynd: 0 fel, 1 varning." in output
    fill_demo_central(root, load_plan(root / "plan.xlsx"), Period(2025, "T1"))
    output, notes = consolidate()
    assert notes == [] and "Fynd: 0 fel, 0 varningar." in output
