"""Centrala värden for a month asks only for what a month follows up: no uppdrag (a month's report has none).

A tester's `reporting central -p 2026-03` added a row for the nämnd's uppdrag; the status typed there was
neither shown nor stored, as a month does not follow uppdrag up.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from click.testing import CliRunner
from openpyxl import load_workbook

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


def test_a_period_without_centrala_varden_says_so_to_the_office_and_in_the_count(tmp_path):
    """A tester forgot `reporting central` for a month: its N07 read "Underlag saknas" and F1 "Ej rapporterad" with
    no word why. Now a warning names the nämnd's items and the command; filling the file in takes it away. The
    console says it as a to-do; the Sammanfattning, which goes into the meeting papers, does not."""
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
        "fyll i filen och kör reporting consolidate igen."
    )
    assert notes == [] and f"  • {said}" in output.splitlines() and "Fynd: 0 fel, 1 varning." in output
    assert "Att åtgärda innan rapporten går till nämnden:" in output
    fill_demo_central(root, load_plan(root / "plan.xlsx"), Period(2025, "T1"))
    output, notes = consolidate()
    assert notes == [] and "Fynd: 0 fel, 0 varningar." in output and "Att åtgärda" not in output


def test_a_share_over_100_in_centrala_varden_is_an_error_and_a_change_below_0_is_not(tmp_path):
    """A secretary's review: Leverantörstrohet (Minst 95 %) typed 150 was judged ✔ Uppfyllt with no finding."""
    from reporting.findings import Rule
    from reporting.intake.central import read_central
    from reporting.template.central import FINANCIAL_GOAL, write_central

    plan = demo_plan()
    path, _ = write_central(tmp_path, plan, Period(2025, "T1"))
    wb = load_workbook(path)
    ws = wb["Centrala värden"]
    typed = {"F1": -1.2, "F2": 150}  # Bruttokostnadsutveckling is a change; Leverantörstrohet a share
    for row in ws.iter_rows(min_row=2):
        if row[0].value in typed:
            row[3].value = typed[row[0].value]
    wb.save(path)
    central = read_central(tmp_path, plan, Period(2025, "T1"))
    assert [(f.rule, f.severity.value, f.message) for f in central.findings] == [
        (Rule.OUT_OF_RANGE, "fel", "Andelen 150 % för F2 ligger utanför 0–100 %.")
    ]
    assert central.get(FINANCIAL_GOAL, "F2").outcome is None  # not used, so never judged Uppfyllt
    assert central.get(FINANCIAL_GOAL, "F1").outcome == Decimal("-1.2")
