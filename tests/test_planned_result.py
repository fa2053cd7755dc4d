"""Issue 12.7: a plan may accept a deficit; a forecast on or better than frame + planned result is "enligt plan"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from helpers import rows_of
from reporting.findings import Rule
from reporting.output.notices import forecast_note
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.read import check_plan
from reporting.plan.write import write_plan
from seed_plans import FRAME_003, cell_texts, run_period, seed003_plan, through_xlsx

D = Decimal
DEMO_DIGEST = "2fa909fc380629e5"  # seed 000's plan before issue 12: new fields must not change it


def test_seed_003_planned_result_round_trips_through_plan_xlsx(tmp_path):
    plan = through_xlsx(seed003_plan(), tmp_path / "plan.xlsx")
    assert plan.planned_result == {2024: D(-570), 2025: D(-345), 2026: D(-95), 2027: D(0)}
    assert plan.planned_result_for(2025) == D(-345) and plan.planned_result_for(2030) == D(0)
    labels = [row[0] for row in rows_of(tmp_path / "plan.xlsx", "Nämnd")]
    assert "Planerat resultat 2025 (mkr)" in labels and "Planerat resultat 2027 (mkr)" in labels


def test_planned_result_in_the_plans_unit_and_absent_means_balance(plan, tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", plan)
    assert check_plan(path)[0].planned_result == {}  # type: ignore[union-attr]
    assert plan.digest() == DEMO_DIGEST
    wb = load_workbook(path)
    wb["Nämnd"].append(["Planerat resultat 2025 (mkr)", -1.5])
    wb["Nämnd"].append(["Planerat resultat 2026 (tkr)", -1500])  # the plan is in mkr
    wb["Nämnd"].append(["Planerat resultat 2027 (mkr)", "ej ett tal"])
    wb.save(path)
    read, findings = check_plan(path)
    assert read is None  # the other unit and the text are errors at their cells
    last = wb["Nämnd"].max_row
    assert [(f.sheet, f.cell) for f in findings] == [("Nämnd", f"B{last - 1}"), ("Nämnd", f"B{last}")]
    assert "anger tkr men Beloppsenhet är mkr" in findings[0].message
    wb["Nämnd"].delete_rows(last - 1, 2)
    wb.save(path)
    read, findings = check_plan(path)
    assert findings == [] and read is not None and read.planned_result == {2025: D("-1.5")}
    assert read.digest() != DEMO_DIGEST


def _forecast_edits(deficit: str) -> dict[tuple[str, str, str], object]:
    """Externa kostnader forecast ``deficit`` mkr over the frame (explained), every other group on budget."""
    return {
        ("Ekonomi", "EK", "forecast"): float(FRAME_003["EK"] + D(deficit)),
        ("Ekonomi", "EK", "comment"): "Inhyrd personal och köpt vård.",
        ("Ekonomi", "NETTO", "comment"): "Enligt handlingsplanen.",
    }


@pytest.mark.parametrize("deficit", ["-345", "-300"])
def test_a_forecast_on_or_better_than_the_planned_result_is_enligt_plan(tmp_path, deficit):
    run = run_period(through_xlsx(seed003_plan(), tmp_path / "plan.xlsx"), tmp_path, _forecast_edits(deficit))
    total = run.result.economy_total
    assert total.budget == D(-6894) and total.forecast == D(-6894) + D(deficit)
    assert [f for f in run.result.checks if f.rule is Rule.FORECAST_DEFICIT] == []
    shown = f"{-D(deficit):.1f}".replace(".", ",")
    note = (
        f"Helårsprognosen visar underskott {shown} mkr mot budgetramen −6\xa0894,0 mkr "
        "och planerat resultat 2025 −345,0 mkr: enligt plan."
    )
    assert forecast_note(run.result) == note
    (report, *_) = write_report(run.result, run.workspace.outbox)
    assert f"• {note}" in cell_texts(rows_of(report, "Sammanfattning"))
    word = Document(str(write_word(run.result, run.workspace.outbox)))
    assert note in [p.text for p in word.paragraphs]


def test_a_forecast_worse_than_the_planned_result_is_a_deficit_against_the_plan(tmp_path):
    run = run_period(through_xlsx(seed003_plan(), tmp_path / "plan.xlsx"), tmp_path, _forecast_edits("-400"))
    (deficit,) = [f for f in run.result.checks if f.rule is Rule.FORECAST_DEFICIT]
    assert deficit.message == (
        "Hälso- och sjukvårdsförvaltningen: helårsprognos −7\xa0294,0 mkr mot budgetram −6\xa0894,0 mkr "
        "och planerat resultat 2025 −345,0 mkr, underskott 55,0 mkr mot planen."
    )
    note = forecast_note(run.result)
    assert note.endswith("och planerat resultat 2025 −345,0 mkr: 55,0 mkr sämre än planerat resultat.")
    (report, *_) = write_report(run.result, run.workspace.outbox)
    texts = cell_texts(rows_of(report, "Sammanfattning"))
    assert f"• {note}" in texts and f"• {deficit.message}" in texts


def test_without_a_planned_result_the_frame_alone_judges(tmp_path):
    plan = seed003_plan()
    plan.planned_result = {}
    run = run_period(through_xlsx(plan, tmp_path / "plan.xlsx"), tmp_path, _forecast_edits("-345"))
    (deficit,) = [f for f in run.result.checks if f.rule is Rule.FORECAST_DEFICIT]
    assert deficit.message == (
        "Hälso- och sjukvårdsförvaltningen: helårsprognos −7\xa0239,0 mkr mot budgetram −6\xa0894,0 mkr, "
        "underskott 345,0 mkr."
    )
    assert forecast_note(run.result) == "Helårsprognosen visar underskott 345,0 mkr mot budgetramen."


def test_with_several_divisions_each_division_keeps_its_frame(plan, tmp_path):
    """The plan does not split the nämnd's accepted deficit: a division's own deficit is still flagged."""
    from dataclasses import replace

    accepting = replace(plan, planned_result={2025: D(-100)})
    frame = accepting.frame("MED", 2025)
    assert frame is not None
    edits = {
        ("Ekonomi", "EK", "forecast"): float(frame.amounts["EK"] - 50),
        ("Ekonomi", "EK", "comment"): "Inhyrd personal.",
        ("Ekonomi", "NETTO", "comment"): "Underskott.",
    }
    run = run_period(accepting, tmp_path, edits, division="MED")
    (deficit,) = [f for f in run.result.checks if f.rule is Rule.FORECAST_DEFICIT]
    assert deficit.message.endswith("underskott 50,0 mkr.") and "planerat resultat" not in deficit.message
    # three divisions have not reported: their total is not the nämnd's, so it is not judged against the plan, but
    # the planned result is named, and why it is not judged yet (the summary and the Word draft say the same)
    note = forecast_note(run.result)
    assert note == (
        "Helårsprognosen (exkl. Hälso- och sjukvårdsdirektör, Division Kirurgi och Division nära vård, som inte har "
        "kommit in) visar underskott 50,0 mkr mot budgetramen; planerat resultat 2025 är −100,0 mkr och kan "
        "bedömas först när alla divisioner har kommit in."
    )
    (report, *_) = write_report(run.result, run.workspace.outbox)
    assert f"• {note}" in cell_texts(rows_of(report, "Sammanfattning"))
    word = Document(str(write_word(run.result, run.workspace.outbox)))
    assert note in [p.text for p in word.paragraphs]
