"""The Word draft: read back with python-docx, and converted by LibreOffice Writer (a real client) to PDF."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from decimal import Decimal

import docx
import pytest
from pypdf import PdfReader

from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.swedish import format_number

T1 = Period(2025, "T1")


@pytest.fixture(scope="module")
def draft(tmp_path_factory, demo_t1):
    """The demo's T1 consolidation (conftest, once per session) and its draft."""
    result = demo_t1()[1]
    return result, write_word(result, tmp_path_factory.mktemp("word") / "outbox")


def test_draft_has_cover_contents_and_a_section_per_goal_area(draft, plan):
    result, path = draft
    doc = docx.Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Tertialrapport 2025" and doc.paragraphs[0].style.name == "Title"
    assert f"Diarienummer {plan.dnr}" in texts
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Att notera", "Innehåll", "Måluppfyllelse"]
    areas = [a.name for a in plan.goal_areas if any(k.goal_area == a.id for k in result.key_figures)]
    assert areas == [p.text for p in doc.paragraphs if p.style.name == "Heading 2"][: len(areas)]
    assert {"Uppdrag", "Ekonomi (mkr)", "Åtgärdsplan (mkr)", "Investeringar (tkr)"} <= set(headings)
    assert doc.core_properties.language == "sv-SE"
    fields = [
        e.text for e in doc.element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText")
    ]
    assert fields == ['TOC \\o "1-3" \\h \\z \\u']  # the table of contents, down to the key figures


def test_status_table_shows_word_and_symbol_and_the_analyses(draft):
    result, path = draft
    doc = docx.Document(str(path))
    first = doc.tables[0]
    header = [c.text for c in first.rows[0].cells]
    assert header == ["Id", "Nyckeltal", "Målvärde", "Utfall", "Helårsprognos", "Status"]
    n01 = next(k for k in result.key_figures if k.id == "N01" and k.is_total)
    row = next(r for r in first.rows[1:] if r.cells[0].text == "N01")
    # the nämnd's N01 (4,08 against Minst 4,01), as the consolidation has it
    assert [c.text for c in row.cells][2:] == ["Minst 4,01", "4,08", "4,05", "✔ Uppfyllt"]
    assert row.cells[5].text == n01.status_label and row.cells[3].text == format_number(n01.outcome, 2)
    analysed = [k for k in result.key_figures if not k.is_total and k.analysis and k.goal_area == "HS"]
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert f"{analysed[0].division}: {analysed[0].analysis}" in " ".join(bullets)


def test_economy_total_reconciles_in_the_draft(draft, plan):
    result, path = draft
    doc = docx.Document(str(path))
    economy = next(t for t in doc.tables if t.rows[0].cells[0].text == "Division" and len(t.columns) == 7)
    assert [c.text for c in economy.rows[0].cells][1:5] == [
        "Budgetram",
        "Periodiserad budget",
        "Utfall ack.",
        "Avvikelse",
    ]
    # the demo's HSD has not submitted: the total covers the others in every column, the frame follows
    total, whole = economy.rows[-2].cells, economy.rows[-1].cells
    assert result.economy_total.division == "Nämnden totalt (exkl. Hälso- och sjukvårdsdirektör)"
    assert total[0].text == (
        "Nämnden totalt (exkl. Hälso- och sjukvårdsdirektör; egen ram ingår inte i periodiserad budget och utfall)"
    )
    frames = sum((plan.frame(d.id, 2025).netto for d in plan.divisions if d.id != "HSD"), Decimal("-3.5"))
    assert total[1].text == format_number(frames) != "−3\u00a0161,8"  # with the nämnd's own −3,5
    number = {cell: Decimal(cell.text.replace("−", "-").replace("\u00a0", "").replace(",", ".")) for cell in total[2:6]}
    periodised, actual, deviation, forecast = (number[cell] for cell in total[2:6])
    assert forecast == result.economy_total.forecast and deviation == actual - periodised  # utfall mot periodiserad
    assert [c.text for c in whole] == [
        "Nämndens budgetram, alla divisioner och nämndens egen ram",
        "−3\u00a0161,8",
        "",
        "",
        "",
        "",
        "",
    ]
    label = "Nämnden (egen ram, ingår inte i periodiserad budget och utfall)"
    own = next(r.cells for r in economy.rows if r.cells[0].text == label)
    assert [c.text for c in own] == [label, "−3,5", "", "", "", "−3,5", "–"]  # zero as the workbook's cell


@pytest.mark.libreoffice
def test_writer_converts_the_draft_to_pdf_with_the_values(draft, soffice, office, tmp_path):
    _, path = draft
    subprocess.run(
        [
            soffice,
            *office.options,  # Writer in the session's running office
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = PdfReader(str(tmp_path / path.with_suffix(".pdf").name))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Tertialrapport 2025" in text and "Hälso- och sjukvårdsnämnden" in text
    assert "3 161,8" in text.replace("\u00a0", " ")
    assert pdf.metadata.title == "Tertialrapport 2025 – Hälso- och sjukvårdsnämnden"


def test_consolidate_writes_the_draft_from_the_offices_own_template(tmp_path, demo_copy):
    from click.testing import CliRunner

    from reporting.cli import main

    office = docx.Document()
    office.styles["Normal"].font.name = "Georgia"  # the office's house style
    office.save(str(tmp_path / "kontoret.docx"))
    ws_root = tmp_path / "ws"
    ws_root.mkdir()
    demo_copy(ws_root, T1)
    result = CliRunner().invoke(
        main, ["consolidate", "-w", str(ws_root), "-p", "2025-T1", "--docx-template", str(tmp_path / "kontoret.docx")]
    )
    assert result.exit_code == 0, result.output
    draft = ws_root / "outbox" / "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden.docx"
    assert f"Skrev {draft}" in result.output
    assert docx.Document(str(draft)).styles["Normal"].font.name == "Georgia"


def test_table_cells_keep_line_breaks_widths_and_spaces():
    from reporting.output.word import _table

    doc = docx.Document()
    _table(doc, ["Id", "Kommentar"], [["U1", "Enhet 1: klar\nEnhet 2:  pågår "], ["U2", ""]], [2, 8])
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["Id", "Kommentar"]
    assert all(r.bold for r in table.rows[0].cells[0].paragraphs[0].runs)
    assert table.rows[1].cells[1].text == "Enhet 1: klar\nEnhet 2:  pågår "  # a real break, spaces kept
    assert table.rows[1].cells[1]._tc.xpath(".//w:br") and table.rows[2].cells[1].text == ""
    assert [round(c.width.cm, 2) for c in table.rows[2].cells] == [2.0, 8.0]  # stored in twips
    assert [round(col.width.cm, 2) for col in table.columns] == [2.0, 8.0]


def test_thousands_of_investment_objects_are_summed_per_division_in_the_draft(tmp_path, monkeypatch, unit_run):
    from reporting.output import word, word_investments

    result = unit_run(8)[2]  # unit_plan(8)'s T1 from every unit (conftest, once per session)
    monkeypatch.setattr(word_investments, "WORD_OBJECTS_MAX", len(result.investments) - 1)
    doc = docx.Document(str(write_word(result, tmp_path)))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Division" and len(t.columns) == 5)
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    for division in {i.division for i in result.investments}:
        mine = [i for i in result.investments if i.division == division]
        spent = sum((i.spent for i in mine if i.spent is not None), Decimal(0))
        assert rows[division] == [
            str(len(mine)),
            format_number(Decimal(sum(i.amount for i in mine)), 0),
            word._text(spent),
            str(sum(i.spent is None for i in mine)),
        ]
    assert rows["Summa"][:2] == [
        str(len(result.investments)),
        format_number(Decimal(sum(i.amount for i in result.investments)), 0),
    ]


def test_a_text_of_thousands_of_unit_lines_is_cut_in_the_draft_with_a_pointer_to_the_workbook():
    from reporting.output.word import WORD_LINES_MAX, _table

    doc = docx.Document()
    many = "\n".join(f"Enhet {n:04d}: enligt plan" for n in range(1, 2501))
    _table(doc, ["Kommentar"], [[many], ["Enhet 0001: klar"]], [20])
    cut = doc.tables[0].rows[1].cells[0].text.split("\n")
    assert cut[:WORD_LINES_MAX] == many.split("\n")[:WORD_LINES_MAX]
    assert cut[WORD_LINES_MAX:] == [
        f"… och {2500 - WORD_LINES_MAX} rader till; hela texten finns i rapportens arbetsbok."
    ]
    assert doc.tables[0].rows[2].cells[0].text == "Enhet 0001: klar"
    one_more = "\n".join(many.split("\n")[: WORD_LINES_MAX + 1])
    _table(doc, ["Kommentar"], [[one_more]], [20])
    assert doc.tables[1].rows[1].cells[0].text.split("\n")[-1] == (
        "… och 1 rad till; hela texten finns i rapportens arbetsbok."  # one line, not "1 rader"
    )


def test_the_draft_shows_the_besparingskrav_and_the_investment_ram_as_the_workbook_does(draft, tmp_path):
    from dataclasses import replace

    from reporting.consolidate.tables import measure_total
    from reporting.plan.central import BOARD
    from reporting.plan.model import Investment

    result, _ = draft
    ram = Investment("R1", BOARD, "", "Investeringsram", "Reinvestering", 55810)
    plan = replace(result.plan, investments=[*result.plan.investments, ram], savings_required={2025: Decimal(40)})
    # every division has reported every measure
    measures = [replace(m, missing="", divisions_out=()) for m in result.measures]
    doc = docx.Document(str(write_word(replace(result, plan=plan, measures=measures), tmp_path)))
    rows = {r.cells[1].text: [c.text for c in r.cells] for t in doc.tables for r in t.rows if len(r.cells) == 7}
    assert rows["Besparingskrav enligt plan"][2] == "40,0"
    forecast = measure_total(measures).forecast
    assert forecast == Decimal("39.7")  # the forecast of all measures, against the requirement of 40
    assert rows["Prognos mot besparingskrav"][4] == format_number(forecast - 40) == "\u22120,3"
    (rams,) = [t for t in doc.tables if t.rows[0].cells[0].text == "Typ"]
    objects = sum(i.amount_tkr for i in plan.investments if i.kind.lower() == "reinvestering" and i.division != BOARD)
    assert [c.text for c in rams.rows[1].cells][:2] == ["Reinvestering", format_number(Decimal(55810), 0)]
    assert rams.rows[1].cells[3].text == format_number(Decimal(55810 - objects), 0)


def test_a_section_with_nothing_to_follow_up_says_so_instead_of_an_empty_table(draft, tmp_path):
    """A monthly report (or a plan without uppdrag, measures or investments) had header-only tables."""
    result = replace(draft[0], assignments=[], measures=[], investments=[])
    doc = docx.Document(str(write_word(result, tmp_path)))
    texts = [p.text for p in doc.paragraphs]
    for sentence in (
        "Inga uppdrag följs upp denna period.",
        "Inga åtgärder i åtgärdsplanen denna period.",
        "Inga investeringsobjekt följs upp denna period.",
    ):
        assert sentence in texts
    assert all(len(t.rows) > 1 for t in doc.tables)  # no table is its header alone


def test_a_plan_with_the_namnds_investment_ram_but_no_objects_says_so_and_keeps_the_ram(draft, tmp_path):
    """Seed 002 at T1: "Inga investeringsobjekt följs upp denna period", as if objects were not due this period."""
    from reporting.output.absent import leaves_out
    from reporting.plan.central import BOARD
    from reporting.plan.model import Investment

    result, _ = draft
    ram = Investment("R1", BOARD, "", "Investeringsram", "Reinvestering", 55810)
    plan = replace(result.plan, investments=[ram])
    doc = docx.Document(str(write_word(replace(result, plan=plan, investments=[]), tmp_path)))
    texts = [p.text for p in doc.paragraphs]
    after = texts[texts.index("Investeringar (tkr)") + 1 :]
    assert after[:2] == ["Planen har inga investeringsobjekt.", "Nämndens investeringsram (tkr)"]
    assert not leaves_out(plan, result.period, "Investeringar")
    assert leaves_out(replace(plan, investments=[]), result.period, "Investeringar")  # nothing at all: no section
