"""A riket-relative målvärde without a stored riket value leaves an utfall as "Underlag saknas": the summary and
the Word draft say which key figures, why, and the command that stores riket (audit D5)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from docx import Document

from helpers import complete_edits, fill, rows_of, template_copy
from plan_shapes import T1
from reporting.consolidate.consolidation import consolidate
from reporting.demo.plan import demo_plan
from reporting.intake.run import run_intake
from reporting.output.notices import office_notes, riket_notes
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.targets import parse_target
from reporting.workspace import Workspace

RIKET = "I nivå med riket"
FETCH = (
    "Riket saknas för N12: målvärdet jämförs med riket, men inget Kolada-värde är lagrat, så utfallet kan inte "
    "bedömas. Hämta det med 'reporting history kolada-fetch --kpi U99999 --year 2025' (eller läs in en sparad fil "
    "med 'reporting history kolada') och sammanställ igen."
)
NO_ID = (
    "Riket saknas för N13: målvärdet jämförs med riket, men nyckeltalet har inget Kolada-id i planen, så utfallet "
    "kan inte bedömas. Ange Kolada-id på planens flik Nyckeltal och hämta riket med 'reporting history kolada-fetch'."
)


def _riket_plan():
    plan = demo_plan()
    target = parse_target(RIKET)
    kolada = {"N12": "U99999", "N13": ""}
    plan.key_figures = [
        replace(kf, target=target, kolada_id=kolada[kf.id]) if kf.id in kolada else kf for kf in plan.key_figures
    ]
    return plan


def test_an_utfall_waiting_for_riket_is_explained_in_the_summary_and_the_word_draft(tmp_path):
    plan = _riket_plan()
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    edits = complete_edits(demo_plan(), "MED")  # the demo's own targets give the utfall
    fill(template_copy(plan, "MED", T1, tmp_path / "t.xlsx"), edits, ws.inbox / "med.xlsx")
    result = consolidate(plan, run_intake(ws, plan, T1))
    waiting = [k for k in result.key_figures if k.is_total and k.id in ("N12", "N13")]
    assert [(k.status, k.outcome is not None) for k in waiting] == [("Underlag saknas", True)] * 2
    assert riket_notes(result) == office_notes(result)[:2] == [FETCH, NO_ID]  # the console's to-dos
    plain = (  # the papers' (Sammanfattning, draft): why, without the office's commands
        "Jämförelsevärde för riket saknas för N12, N13: målvärdet jämförs med riket, så utfallet kan inte bedömas än."
    )
    (report, *_) = write_report(result, ws.outbox)
    summary = [row[0] for row in rows_of(report, "Sammanfattning") if row and isinstance(row[0], str)]
    assert f"• {plain}" in summary and not [t for t in summary if "reporting " in t or "Kolada-id" in t]
    word = [p.text for p in Document(str(write_word(result, ws.outbox))).paragraphs]
    assert word.count(plain) == 2 and not [
        t for t in word if "reporting " in t or "Kolada-id" in t
    ]  # Att notera, table


def test_with_riket_stored_or_without_an_utfall_there_is_no_note(tmp_path):
    plan = _riket_plan()
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    edits = complete_edits(demo_plan(), "MED")
    edits[("Nyckeltal", "N13", "outcome")] = None  # no utfall: nothing to judge, nothing waits for riket
    fill(template_copy(plan, "MED", T1, tmp_path / "t.xlsx"), edits, ws.inbox / "med.xlsx")
    result = consolidate(plan, run_intake(ws, plan, T1), {"N12": Decimal(50)})
    assert riket_notes(result) == []


def test_a_key_figure_not_aggregated_waits_for_riket_by_its_divisions_rows(tmp_path):
    """`ej`: the nämnd's row has no utfall, each division's stood "Underlag saknas" all year without a word why."""
    plan = _riket_plan()
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    fill(template_copy(plan, "MED", T1, tmp_path / "t.xlsx"), complete_edits(demo_plan(), "MED"), ws.inbox / "m.xlsx")
    result = consolidate(plan, run_intake(ws, plan, T1))
    rows = [replace(k, outcome=None) if k.is_total else k for k in result.key_figures]  # as `ej` leaves it
    assert riket_notes(replace(result, key_figures=rows)) == [FETCH, NO_ID]
