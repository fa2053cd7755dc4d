"""Issue 12.7: satsningar (seed 003 §4.2.4) are the plan's own list, in the report and the Word draft, never savings."""

from __future__ import annotations

from decimal import Decimal

from docx import Document
from openpyxl import load_workbook

from helpers import rows_of, sheet_names, sheet_values
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.read import check_plan
from reporting.plan.write import write_plan
from seed_plans import INITIATIVES_003, run_period, seed003_plan, through_xlsx

D = Decimal
SUMS_003 = [D(-50), D(-85), D(-128), D(-145)]  # 2024–2027, the four satsningar summed


def test_satsningar_round_trip_through_plan_xlsx(tmp_path):
    plan = through_xlsx(seed003_plan(), tmp_path / "plan.xlsx")
    assert [(i.id, i.name, i.divisions) for i in plan.initiatives] == [
        (iid, name, ("Nämnd",)) for iid, name, _ in INITIATIVES_003
    ]
    assert plan.initiatives[0].amounts == {2024: D(-15), 2025: D(-40), 2026: D(-72), 2027: D(-73)}
    rows = rows_of(tmp_path / "plan.xlsx", "Satsningar")
    assert list(rows[0]) == [
        "Id",
        "Satsning",
        "Divisioner",
        *[f"Belopp {y} (mkr)" for y in range(2024, 2028)],
    ]
    assert list(rows[4]) == ["S4", "Färre medarbetare per chef*", "Nämnd", -5, -15, -30, -50]


def test_a_plan_without_satsningar_has_no_sheet_and_a_user_can_add_one(plan, tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", plan)
    wb = load_workbook(path)
    assert "Satsningar" not in wb.sheetnames
    ws = wb.create_sheet("Satsningar")
    ws.append(["Id", "Satsning", "Divisioner", "Belopp 2025 (mkr)", "Belopp 2026 (mkr)"])
    ws.append(["S1", "Primärvård", "MED, KIR", -12.5, None])
    ws.append(["S2", "Okänd division", "XYZ", "-3", -4])
    wb.save(path)
    read, findings = check_plan(path)
    assert read is None and [(f.sheet, f.cell) for f in findings] == [("Satsningar", "C3")]
    ws.delete_rows(3)
    wb.save(path)
    read, findings = check_plan(path)
    assert findings == [] and read is not None
    assert [(i.id, i.divisions, i.amounts) for i in read.initiatives] == [("S1", ("MED", "KIR"), {2025: D("-12.5")})]
    assert read.measures == plan.measures  # never netted into the åtgärdsplan


def test_the_report_and_word_draft_list_satsningar_apart_from_the_measures(tmp_path):
    run = run_period(through_xlsx(seed003_plan(), tmp_path / "plan.xlsx"), tmp_path, {})
    (report, *_) = write_report(run.result, run.workspace.outbox)
    wb = sheet_values(report, "Satsningar", "Åtgärdsplan")
    assert wb.names.index("Satsningar") == wb.names.index("Åtgärdsplan") + 1
    rows = [list(row) for row in wb["Satsningar"][3:9]]
    assert rows[0] == ["Id", "Satsning", "Divisioner", "2024", "2025", "2026", "2027"]
    for (iid, name, amounts), row in zip(INITIATIVES_003, rows[1:5]):
        assert row == [iid, name, "Nämnden", *amounts]
    assert rows[5] == [None, "Summa satsningar", None, *[float(s) for s in SUMS_003]]
    measures = [str(value) for row in wb["Åtgärdsplan"] for value in row if value is not None]
    assert not any(name in measures for _, name, _ in INITIATIVES_003)
    assert sum((m.planned or D(0) for m in run.result.measures), D(0)) == D(240)  # seed 003's SUMMA 2025
    doc = Document(str(write_word(run.result, run.workspace.outbox)))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings.index("Satsningar (mkr)") == headings.index("Åtgärdsplan (mkr)") + 1
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Satsning")
    assert [c.text for c in table.rows[1].cells] == [
        "S1",
        INITIATIVES_003[0][1],
        "Nämnden",
        "−15,0",  # the plan's precision, as every amount in the draft
        "−40,0",
        "−72,0",
        "−73,0",
    ]
    sums = ["−50,0", "−85,0", "−128,0", "−145,0"]
    assert [c.text for c in table.rows[-1].cells][1:] == ["Summa satsningar", "", *sums]


def test_a_plan_without_satsningar_writes_no_satsningar_sheet(plan, tmp_path):
    run = run_period(plan, tmp_path, {}, division="MED")
    (report, *_) = write_report(run.result, run.workspace.outbox)
    assert "Satsningar" not in sheet_names(report)
    doc = Document(str(write_word(run.result, run.workspace.outbox)))
    assert "Satsningar (mkr)" not in [p.text for p in doc.paragraphs]
