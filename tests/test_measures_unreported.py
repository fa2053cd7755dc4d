"""Measures a division did not give are unknown, never 0: an accepted file whose Åtgärdsplan sheet is missing, or
whose effects are left blank, reads as a division without a file does, and a measure nobody reported is empty.

The demo plan: A2 is Hälso- och sjukvårdsdirektör's (HSD) alone, A6 Division Medicin's (MED) alone, A1, A3–A5
are shared with MED. Every division fills complete_edits (achieved 1, forecast 2 per measure) unless spoiled.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from helpers import complete_edits, edit_workbook, fill, rows_of
from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.consolidate.tables import measure_total
from reporting.findings import Rule, Severity
from reporting.history.store import NAMND
from reporting.history.store import rows_of as history_rows
from reporting.intake.run import run_intake
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.workspace import Workspace

D = Decimal
T1 = Period(2025, "T1")
MED = "Division Medicin"
SHARED_WITH_MED = "Summa (exkl. A1, A3, A4, A5, A6, ej rapporterade av alla divisioner)"


def _rename_sheet(path: Path) -> None:
    def rename(wb: Any) -> None:
        wb["Åtgärdsplan"].title = "Åtgärder"

    edit_workbook(path, rename)


def _run(plan, make_template, tmp_path: Path, spoil: str = "", without: str = "") -> tuple[Workspace, Consolidation]:
    """T1 with every division's complete file but ``without``'s; MED's Åtgärdsplan ``spoil``ed ("renamed", "blank")."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    for division in plan.divisions:
        if division.id == without:
            continue
        edits = complete_edits(plan, division.id)
        if division.id == "MED" and spoil == "blank":
            edits = {key: value for key, value in edits.items() if key[0] != "Åtgärdsplan"}
        path = fill(make_template(division.id), edits, ws.inbox / Reporter(division).file_name(T1.key))
        if division.id == "MED" and spoil == "renamed":
            _rename_sheet(path)
    return ws, consolidate(plan, run_intake(ws, plan, T1))


def _word_rows(result: Consolidation, outbox: Path) -> dict[str, list[str]]:
    doc = Document(str(write_word(result, outbox)))
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Åtgärd")
    return {r.cells[0].text or r.cells[1].text: [c.text for c in r.cells] for r in table.rows}


SPOILS: dict[str, Callable[[Any], bool]] = {
    "renamed": lambda f: f.rule is Rule.STRUCTURE_CHANGED and f.sheet == "Åtgärdsplan",
    "blank": lambda f: f.rule is Rule.REQUIRED_MISSING and f.sheet == "Åtgärdsplan",
}


@pytest.mark.parametrize("spoil", SPOILS)
def test_an_unread_atgardsplan_is_not_reported_anywhere(plan, make_template, tmp_path, spoil):
    ws, result = _run(plan, make_template, tmp_path, spoil)
    med = result.intake.current["MED"]
    assert med.submission is not None and "MED" in result.reported  # accepted, with the error that says why
    assert any(SPOILS[spoil](f) and f.severity is Severity.ERROR for f in med.findings)
    rows = {m.id: m for m in result.measures}
    a6 = rows["A6"]  # Division Medicin's alone
    assert (a6.planned, a6.achieved, a6.forecast, a6.forecast_deviation, a6.missing) == (D(5), None, None, None, MED)
    a1 = rows["A1"]  # KIR's and NV's effects, MED named
    assert (a1.achieved, a1.forecast, a1.forecast_deviation, a1.missing) == (D(2), D(4), None, MED)
    a2 = rows["A2"]  # HSD's alone: reported
    assert (a2.achieved, a2.forecast, a2.forecast_deviation, a2.missing) == (D(1), D(2), D(1), "")
    total = measure_total(result.measures)
    assert (total.label, total.planned, total.achieved, total.forecast) == (SHARED_WITH_MED, D(1), D(1), D(2))
    assert total.planned_all == D(51)

    (report,) = write_report(result, ws.outbox)
    sheet = {r[0] or r[1]: r for r in rows_of(report, "Åtgärdsplan")[3:]}
    assert sheet["A6"][3:8] == (5, None, None, None, MED)  # Planerad, Uppnådd, Prognos, mot plan, Ej rapporterat av
    assert sheet["A1"][3:8] == (20, 2, 4, None, MED)
    assert sheet[SHARED_WITH_MED][3:7] == (1, 1, 2, 1)
    assert sheet["Besparingskrav enligt plan"][3] == 51
    assert "Prognos mot besparingskrav" not in sheet  # never the whole requirement against part of the forecast

    word = _word_rows(result, ws.outbox)
    assert word["A6"][2:] == ["5,0", "", "", "", MED]
    assert word[SHARED_WITH_MED][2:6] == ["1,0", "1,0", "2,0", "1,0"]
    assert "Prognos mot besparingskrav" not in word

    stored = {(r["item"], r["metric"]): r["value"] for r in history_rows(result) if r["kind"] == "atgard"}
    assert all(r["division"] == NAMND for r in history_rows(result) if r["kind"] == "atgard")
    assert {m for i, m in stored if i == "A6"} == {m for i, m in stored if i == "A1"} == {"planned"}
    assert (D(stored[("A2", "achieved")]), D(stored[("A2", "forecast")])) == (D(1), D(2))


def test_a_measure_nobody_reported_is_empty_not_zero(plan, make_template, tmp_path):
    ws, result = _run(plan, make_template, tmp_path, without="HSD")
    hsd = plan.division("HSD").name
    a2 = next(m for m in result.measures if m.id == "A2")  # HSD's alone, and HSD has no file
    assert (a2.planned, a2.achieved, a2.forecast, a2.forecast_deviation, a2.missing) == (D(1), None, None, None, hsd)
    (report,) = write_report(result, ws.outbox)
    sheet = {r[0]: r for r in rows_of(report, "Åtgärdsplan")[3:] if r[0]}
    assert sheet["A2"][3:8] == (1, None, None, None, hsd)
    assert _word_rows(result, ws.outbox)["A2"][2:] == ["1,0", "", "", "", hsd]
