"""Internkontroll in the outputs: the report sheet read back with openpyxl, the Word section with python-docx."""

from __future__ import annotations

import docx
import pytest
from openpyxl import load_workbook

from reporting.consolidate.consolidation import consolidate
from reporting.demo.submissions import write_demo_submissions
from reporting.intake.run import run_intake
from reporting.output.internal_control import HEADERS, write_internal_control_sheet
from reporting.output.sheet_writer import SheetWriter
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.plan.targets import Status
from reporting.workspace import Workspace
from reporting.xlsx.write import STATUS_COLOURS, Formats, atomic_workbook

DELAR = Period(2025, "delar")
LEGEND = ["✔ Uppfyllt", "◐ Delvis uppfyllt", "✘ Ej uppfyllt", "? Underlag saknas", "Ej inkommen"]


@pytest.fixture(scope="module")
def result(tmp_path_factory, plan):
    """The demo's delår: MED, KIR and NV submit, HSD (K05, K06 due) does not."""
    ws = Workspace(tmp_path_factory.mktemp("ik"))
    write_demo_submissions(plan, DELAR, ws.inbox)
    return consolidate(plan, run_intake(ws, plan, DELAR))


def report_sheet(result, path):
    """The sheet as report.py writes it: one call with the report's writer."""
    with atomic_workbook(path) as wb:
        write_internal_control_sheet(SheetWriter(wb, Formats(wb), result))
    return load_workbook(path)["Internkontroll"]


def test_the_report_sheet_reads_back_row_for_row(result, tmp_path):
    ws = report_sheet(result, tmp_path / "rapport.xlsx")
    assert ws["A1"].value == "Internkontroll – uppföljning av internkontrollplanen"
    assert "Delår (januari–augusti) 2025" in ws["A2"].value
    assert [c.value for c in ws[4]] == HEADERS
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_row=4 + len(result.internal_control))]
    expected = [
        [
            *(r.id, r.text, r.risk, r.frequency, r.responsible, r.division, r.done or None, r.status_label),
            *(r.result or None, r.deviation or None, r.action or None),
        ]
        for r in result.internal_control
    ]
    assert rows == expected
    assert len(rows) == 20  # delår: K01–K07 for their 3, 2, 3, 3, 4, 4 and 1 divisions
    hsd = [row for row in rows if row[5] == "Hälso- och sjukvårdsdirektör"]
    assert [(row[0], row[7]) for row in hsd] == [("K05", "Ej inkommen"), ("K06", "Ej inkommen")]
    assert ws.auto_filter.ref == f"A4:K{4 + len(rows)}"
    assert ws.print_title_rows == "$4:$4" and ws.freeze_panes == "A5"


def test_status_cells_carry_colour_and_symbol_and_word(result, tmp_path):
    ws = report_sheet(result, tmp_path / "rapport.xlsx")
    seen = set()
    for row in ws.iter_rows(min_row=5, max_row=4 + len(result.internal_control)):
        cell, status = row[7], result.internal_control[row[0].row - 5].status
        assert cell.fill.fgColor.rgb == "FF" + STATUS_COLOURS[status][0].lstrip("#"), cell.coordinate
        assert cell.value.endswith(status) or cell.value == f"◐ {status} (genomförd med avvikelse)"
        seen.add(cell.value)
    assert {"✔ Uppfyllt", "◐ Delvis uppfyllt", "Ej inkommen"} <= seen


def test_legend_and_counts_below_the_table(result, tmp_path):
    ws = report_sheet(result, tmp_path / "rapport.xlsx")
    legend = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Teckenförklaring:")
    assert [ws.cell(legend, c).value for c in range(2, 7)] == LEGEND
    assert ws.cell(legend, 5).fill.fgColor.rgb == "FFE7E6E6"  # Underlag saknas
    assert ws.cell(legend + 1, 1).value.startswith(
        "Kontroll genomförd: Ja = ✔ Uppfyllt, Delvis = ◐ Delvis uppfyllt, Nej = ✘"
    )
    counts = {ws.cell(r, 2).value: ws.cell(r, 3).value for r in range(legend + 4, legend + 10)}
    statuses = [r.status for r in result.internal_control]  # "◐ Delvis uppfyllt (genomförd med avvikelse)" is partly
    word = {s.label: s.value for s in Status}  # "◐ Delvis uppfyllt" -> "Delvis uppfyllt"; Ej inkommen as it is
    assert counts == {
        **{label: statuses.count(word.get(label, label)) for label in LEGEND},
        "Med avvikelse": sum(r.deviation == "Ja" for r in result.internal_control),
    }
    assert sum(counts[label] for label in LEGEND) == len(result.internal_control)


def test_no_control_point_due_says_so(result, tmp_path):
    from dataclasses import replace

    ws = report_sheet(replace(result, internal_control=[]), tmp_path / "tom.xlsx")
    assert ws["A5"].value == "Inga kontrollmoment följs upp denna period."
    assert ws["A7"].value == "Teckenförklaring:"


def test_word_has_an_internkontroll_section_with_the_same_legend(result, tmp_path):
    doc = docx.Document(str(write_word(result, tmp_path)))
    paragraphs = [p.text for p in doc.paragraphs]
    start = paragraphs.index("Internkontroll")
    assert doc.paragraphs[start].style.name == "Heading 1"
    assert paragraphs[start + 1] == "Teckenförklaring: " + "   ".join(LEGEND)
    assert paragraphs[start + 2].startswith("Kontroll genomförd: Ja = ✔ Uppfyllt")
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "Id",
        "Kontrollmoment",
        "Division",
        "Status",
        "Resultat",
        "Avvikelse",
        "Åtgärd",
    ]
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert body == [
        [r.id, r.text, r.division, r.status_label, r.result, r.deviation, r.action] for r in result.internal_control
    ]
    fills = {
        row.cells[3].text: row.cells[3]._tc.tcPr.xpath("./w:shd")[0].get(docx.oxml.ns.qn("w:fill"))
        for row in table.rows[1:]
    }
    assert fills["✔ Uppfyllt"] == "C6EFCE" and fills["Ej inkommen"] == "E7E6E6"
