"""Issue 12.10: measures with type, start and end, an effect "ej beräknad" apart from 0, and a stated
Besparingskrav that its rows do not add up to (seed 004: HSN states 100 mkr, the rows sum to 93,3)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from docx import Document
from openpyxl import load_workbook

from helpers import locate, rows_of, sheet_values
from reporting.consolidate.tables import measure_total
from reporting.findings import Rule, Severity
from reporting.intake.checking import check_file
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.model import Division, Measure
from reporting.plan.read import check_plan
from reporting.plan.write import write_plan
from reporting.template.write import build_template
from seed_plans import T1, one_division_plan, run_period

D = Decimal
HSV = "HSV"
# seed 004, Hälsa- och sjukvårdsnämnden HSN/275/2024: A. Rubrik, F. När påbörjas?, H. Miljoner Kr (TOTALT 100 mkr)
ROWS_004 = [
    ("M1", "Läkemedel", "Pågår", "5,8"),
    ("M2", "Riks- och regionvård", "2024", "4,7"),
    ("M3", "Digitalisering", "2024", "1,9"),
    ("M4", "Intäktssäkring", "Pågår", "16"),
    ("M5", "Reducera hyrbemanning", "Pågår", "63,3"),
    ("M6", "Skapa utrymme för rätt prioriteringar", "Påbörjas 2024", "1,6"),
    ("M7", "Optimerad och effektiv schemaläggning", "2025-", "Ej beräknad ännu"),
    ("M8", "Ekonomistyrning genom produktionsstyrning", "2025-", "Ej beräknad ännu"),
]


def seed004_plan_file(tmp_path):
    """Seed 004's HSN rows typed into plan.xlsx as a user would: the effect as printed, Start where a year is given."""
    plan = one_division_plan("Hälso- och sjukvårdsnämnden", Division(HSV, "Hälso- och sjukvården"))
    plan.savings_required = {2025: D(100)}
    plan.measures = [Measure(mid, name, "", "", {}, {}, (HSV,)) for mid, name, _, _ in ROWS_004]
    path = write_plan(tmp_path / "plan.xlsx", plan)
    wb = load_workbook(path)
    ws = wb["Åtgärdsplan"]
    headers = [c.value for c in ws[1]]
    assert headers[-3:] == ["Typ", "Start", "Slut"] or "Typ" not in headers
    for col, header in enumerate(["Typ", "Start", "Slut"], start=len(headers) + 1):
        ws.cell(1, col, header)
    effect = headers.index("Effekt 2025 (mkr)") + 1
    typ, start, end = len(headers) + 1, len(headers) + 2, len(headers) + 3
    for row, (_, _, when, amount) in enumerate(ROWS_004, start=2):
        ws.cell(row, effect, amount if amount.startswith("Ej") else float(D(amount.replace(",", "."))))
        ws.cell(row, typ, "Återkommande")
        ws.cell(row, start, when.removeprefix("Påbörjas ") if when != "Pågår" else None)
    ws.cell(2, end, "2026-12")  # one with a finish, as the seed's "2024-01 - 2025-01" rows have
    ws.cell(3, typ, "Engångs")
    wb.save(path)
    return path


def test_seed_004_rows_read_with_ej_beraknad_apart_from_zero(tmp_path):
    read, findings = check_plan(seed004_plan_file(tmp_path))
    assert read is not None
    effects = [m.effects.get(2025, "absent") for m in read.measures]
    assert effects == [D("5.8"), D("4.7"), D("1.9"), D(16), D("63.3"), D("1.6"), None, None]
    assert [(m.kind, m.start, m.end) for m in read.measures[:3]] == [
        ("aterkommande", "", "2026-12"),
        ("engangs", "2024", ""),
        ("aterkommande", "2024", ""),
    ]
    assert read.measures[6].start == "2025" and read.measures[0].term == "Återkommande, till 2026-12"
    assert read.measures[6].term == "Återkommande, från 2025"
    one_year = replace(read.measures[6], start="2025", end="2025")
    assert (
        one_year.term == "Återkommande, 2025" and replace(one_year, end="2026-06").term == "Återkommande, 2025–2026-06"
    )
    (mismatch,) = findings
    assert (mismatch.rule, mismatch.severity, mismatch.sheet, mismatch.cell) == (
        Rule.SAVINGS_MISMATCH,
        Severity.WARNING,
        "Nämnd",
        "B10",
    )
    assert mismatch.message == (
        "Besparingskrav 2025 är 100,0 mkr, men åtgärdernas effekter 2025 summerar till 93,3 mkr "
        "(varav 2 ej beräknade). Rätta besparingskravet eller effekterna på fliken Åtgärdsplan."
    )


def test_bad_type_and_period_are_plan_errors_at_their_cells(tmp_path):
    path = seed004_plan_file(tmp_path)
    wb = load_workbook(path)
    ws = wb["Åtgärdsplan"]
    headers = [c.value for c in ws[1]]
    ws.cell(2, headers.index("Typ") + 1, "Ibland")
    ws.cell(3, headers.index("Slut") + 1, "2025-13")
    wb.save(path)
    _, findings = check_plan(path)
    errors = [(f.sheet, f.cell) for f in findings if f.severity is Severity.ERROR]
    typ, end = (chr(65 + headers.index(h)) for h in ("Typ", "Slut"))
    assert errors == [("Åtgärdsplan", f"{typ}2"), ("Åtgärdsplan", f"{end}3")]


def test_the_plan_writes_ej_beraknad_and_the_terms_back(tmp_path):
    read, _ = check_plan(seed004_plan_file(tmp_path))
    assert read is not None
    again, _ = check_plan(write_plan(tmp_path / "again.xlsx", read))
    assert again == read
    assert rows_of(tmp_path / "again.xlsx", "Åtgärdsplan")[7][5] == "ej beräknad"


def test_template_shows_type_period_and_ej_beraknad_and_reads_back_clean(tmp_path):
    read, _ = check_plan(seed004_plan_file(tmp_path))
    assert read is not None
    template = build_template(read, HSV, T1, tmp_path / "t.xlsx")
    ws = load_workbook(template)["Åtgärdsplan"]
    assert ws[locate(ws, "M7", "planned", "Åtgärdsplan")].value == "ej beräknad"
    assert ws[locate(ws, "M5", "planned", "Åtgärdsplan")].value == 63.3
    assert ws[locate(ws, "M2", "term", "Åtgärdsplan")].value == "Engångs, från 2024"
    run = run_period(read, tmp_path, {}, division=HSV)
    (current,) = run.result.intake.current.values()
    assert [f for f in current.findings if f.severity is Severity.ERROR] == []
    assert check_file(run.workspace.inbox / f"{HSV}.xlsx", read, T1).findings == []


def test_a_template_without_terms_has_no_term_column(plan, make_template):
    assert "Typ och period" not in rows_of(make_template("MED"), "Åtgärdsplan")[3]


def test_consolidation_and_report_keep_ej_beraknad_apart(tmp_path):
    read, _ = check_plan(seed004_plan_file(tmp_path))
    assert read is not None
    run = run_period(read, tmp_path, {}, division=HSV)
    rows = {m.id: m for m in run.result.measures}
    assert rows["M7"].planned is None and rows["M7"].forecast_deviation is None
    assert rows["M5"].planned == D("63.3") and rows["M5"].forecast_deviation == D(2) - D("63.3")
    total = measure_total(run.result.measures)
    assert (total.label, total.planned, total.not_computed) == ("Summa (varav 2 ej beräknade)", D("93.3"), 2)
    assert total.forecast == D(16)  # complete_edits: a forecast of 2 for each of the 8 measures
    assert total.forecast_deviation == D(12) - D("93.3")  # the six computed measures against their plan
    (report, *_) = write_report(run.result, run.workspace.outbox)
    wb = sheet_values(report, "Åtgärdsplan", "Sammanfattning")
    sheet = wb["Åtgärdsplan"]
    values = {row[0]: list(row) for row in sheet[4:] if row[0]}
    assert values["M7"][1:5] == [
        "Optimerad och effektiv schemaläggning",
        "Återkommande, från 2025",
        None,
        "ej beräknad",
    ]
    summa = next(row for row in sheet if row[1] == "Summa (varav 2 ej beräknade)")
    assert summa[4] == 93.3
    notes = [str(row[0]) for row in wb["Sammanfattning"] if row[0]]
    assert any("mot planerad effekt 93,3 mkr (varav 2 ej beräknade) (besparingskrav 100,0 mkr)." in n for n in notes)
    doc = Document(str(write_word(run.result, run.workspace.outbox)))
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Åtgärd")
    cells = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows}
    assert cells["M7"][1:3] == ["Optimerad och effektiv schemaläggning (Återkommande, från 2025)", "ej beräknad"]
    assert [r.cells[1].text for r in table.rows][-3:] == [
        "Summa (varav 2 ej beräknade)",
        "Besparingskrav enligt plan",  # as the workbook's Åtgärdsplan
        "Prognos mot besparingskrav",
    ]
    assert [c.text for c in table.rows[-2].cells][2] == "100,0"
