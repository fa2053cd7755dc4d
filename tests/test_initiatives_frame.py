"""Satsningar's "Inom ram": a satsning outside the nämnd's budget (seed 003's S4, footnote *) is listed but
summed apart, below the Summa of those within the frame, in the report and the Word draft."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict
from decimal import Decimal

from docx import Document
from openpyxl import load_workbook

from helpers import rows_of, sheet_values
from reporting.consolidate.consolidation import consolidate
from reporting.demo.seed_plans import write_seed_plan
from reporting.intake.run import run_intake
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.digest import content_digest
from reporting.plan.periods import Period
from reporting.plan.read import check_plan, load_plan
from reporting.plan.write import write_plan
from reporting.workspace import Workspace
from seed_plans import run_period, seed003_plan, through_xlsx

D = Decimal
WITHIN = "Satsningarna ingår i den ekonomiska ramen"
SUMS_VN = ["−45,0", "−70,0", "−98,0", "−95,0"]  # 2024–2027: S1–S3 (the plan's precision, as in the draft)
OUTSIDE_VN = ["−5,0", "−15,0", "−30,0", "−50,0"]  # S4, "ingår inte i Hälso- och sjukvårdsnämndens budget"
OUTSIDE = "Satsningarna ingår i den ekonomiska ramen (utom S4, som ligger utanför nämndens budget)"


def _s4_outside():
    plan = seed003_plan()
    plan.initiatives[3] = dataclasses.replace(plan.initiatives[3], within_frame=False)
    return plan


def test_inom_ram_round_trips_through_plan_xlsx(tmp_path):
    plan = _s4_outside()
    read = through_xlsx(plan, tmp_path / "plan.xlsx")
    assert [i.within_frame for i in read.initiatives] == [True, True, True, False]
    assert read.initiatives == plan.initiatives
    rows = [list(row) for row in rows_of(tmp_path / "plan.xlsx", "Satsningar")]
    assert rows[0][:5] == ["Id", "Satsning", "Divisioner", "Inom ram", "Belopp 2024 (mkr)"]
    assert rows[1][3] == "Ja"
    assert rows[4][:5] == ["S4", "Färre medarbetare per chef*", "Nämnd", "Nej", -5]


def test_inom_ram_accepts_ja_nej_in_any_case_and_empty_is_ja(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", _s4_outside())
    wb = load_workbook(path)
    ws = wb["Satsningar"]
    ws["D2"], ws["D3"], ws["D4"], ws["D5"] = "JA", None, " ja ", "nEJ"
    wb.save(path)
    read, findings = check_plan(path)
    assert [f for f in findings if f.sheet == "Satsningar"] == [] and read is not None
    assert [i.within_frame for i in read.initiatives] == [True, True, True, False]


def test_a_bad_inom_ram_is_a_finding_at_its_cell(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", _s4_outside())
    wb = load_workbook(path)
    wb["Satsningar"]["D3"] = "kanske"
    wb.save(path)
    read, findings = check_plan(path)
    assert read is None
    errors = [f for f in findings if f.sheet != "Nämnd"]  # seed 003's besparingskrav warnings aside
    assert [(f.severity.value, f.sheet, f.cell) for f in errors] == [("fel", "Satsningar", "D3")]
    assert '"kanske"' in errors[0].message and '"Inom ram"' in errors[0].message


def test_a_plan_without_the_column_is_unchanged(tmp_path):
    plan = through_xlsx(seed003_plan(), tmp_path / "plan.xlsx")
    assert all(i.within_frame for i in plan.initiatives)
    headers = rows_of(tmp_path / "plan.xlsx", "Satsningar")[0]
    assert "Inom ram" not in headers
    content = asdict(plan)
    assert content_digest(asdict(plan)) == content_digest(
        {
            **content,
            "initiatives": [{k: v for k, v in i.items() if k != "within_frame"} for i in content["initiatives"]],
        }
    )  # the templates of a plan from before the column stay current
    run = run_period(plan, tmp_path, {})
    (report, *_) = write_report(run.result, run.workspace.outbox)
    values = [v for row in sheet_values(report, "Satsningar")["Satsningar"] for v in row if v is not None]
    assert "Utanför nämndens budget" not in values
    assert f"{WITHIN}; de är inte åtgärder och räknas inte in i åtgärdsplanen." in values
    doc = Document(str(write_word(run.result, run.workspace.outbox)))
    assert f"{WITHIN} och räknas inte in i åtgärdsplanen." in [p.text for p in doc.paragraphs]


def test_the_vn_demo_plan_sums_s4_outside_the_frame_in_the_report_and_the_draft(tmp_path):
    plan = load_plan(write_seed_plan("vasternorrland-2025", tmp_path / "plan.xlsx"))
    assert [(i.id, i.within_frame) for i in plan.initiatives] == [
        ("S1", True),
        ("S2", True),
        ("S3", True),
        ("S4", False),
    ]
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    result = consolidate(plan, run_intake(ws, plan, Period(2025, "T1")))  # no submissions: the plan's tables
    (report, *_) = write_report(result, ws.outbox)
    rows = [list(row) for row in sheet_values(report, "Satsningar")["Satsningar"]]
    header = next(n for n, row in enumerate(rows) if row[:2] == ["Id", "Satsning"])
    col = rows[header].index("2025")
    assert (rows[header + 5][1], rows[header + 5][col]) == ("Summa satsningar inom ram", -70)  # not S4's −15
    assert (rows[header + 6][1], rows[header + 6][col]) == ("Utanför nämndens budget", -15)
    assert [float(v) for v in rows[header + 5][3:]] == [-45, -70, -98, -95]
    assert [float(v) for v in rows[header + 6][3:]] == [-5, -15, -30, -50]
    texts = [v for row in rows for v in row if isinstance(v, str)]
    assert f"{OUTSIDE}; de är inte åtgärder och räknas inte in i åtgärdsplanen." in texts
    doc = Document(str(write_word(result, ws.outbox)))
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Satsning")
    assert [c.text for c in table.rows[-2].cells][1:] == ["Summa satsningar inom ram", "", *SUMS_VN]
    assert [c.text for c in table.rows[-1].cells][1:] == ["Utanför nämndens budget", "", *OUTSIDE_VN]
    assert f"{OUTSIDE} och räknas inte in i åtgärdsplanen." in [p.text for p in doc.paragraphs]
