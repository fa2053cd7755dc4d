"""Issue 12.11: the diarienummer is optional; plan check, the report, the Word draft and the feedback leave it out."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import complete_edits, edit_workbook, fill
from reporting.consolidate.consolidation import consolidate
from reporting.intake.run import run_intake
from reporting.output.feedback import write_feedback
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.plan.read import check_plan
from reporting.template.write import build_template
from reporting.workspace import Workspace

T1 = Period(2025, "T1")


@pytest.mark.parametrize("how", ["empty", "row removed"])
def test_a_plan_without_diarienummer_passes_plan_check(demo_plan_xlsx, tmp_path, how):
    def change(wb) -> None:
        ws = wb["Nämnd"]
        row = next(c.row for c in ws["A"] if c.value == "Diarienummer")
        if how == "empty":
            ws.cell(row, 2).value = None
        else:
            ws.delete_rows(row)

    path = edit_workbook(demo_plan_xlsx, change, tmp_path / "plan.xlsx")  # the demo plan, as written
    read, findings = check_plan(path)
    assert findings == [] and read is not None and read.dnr == ""


def _texts(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_outputs_leave_an_absent_diarienummer_out(plan, tmp_path):
    no_dnr = replace(plan, dnr="")
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    fill(build_template(no_dnr, "MED", T1, tmp_path / "t.xlsx"), complete_edits(no_dnr, "MED"), ws.inbox / "m.xlsx")
    result = consolidate(no_dnr, run_intake(ws, no_dnr, T1))
    written = [*write_report(result, ws.outbox), write_word(result, ws.outbox), *write_feedback(result, ws.outbox)]
    assert len(written) >= 3
    for path in written:
        text = _texts(path)
        assert "Dnr" not in text and "Diarienummer" not in text and "None" not in text, path.name
        assert "· ·" not in text and "·  ·" not in text, path.name
    report = load_workbook(written[0])
    sheet = report.worksheets[1]
    assert sheet["A2"].value == f"{plan.board}, {plan.region} · {T1.label}"
    assert sheet.oddFooter.left.text == f"{plan.period_heading(T1)} · {sheet.title}"  # no "Dnr" between them
    with_dnr = consolidate(plan, run_intake(Workspace(tmp_path / "ws2"), plan, T1))
    (path,) = write_report(with_dnr, tmp_path / "out2")
    assert f"Dnr {plan.dnr}" in _texts(path)
