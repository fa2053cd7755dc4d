"""The Word draft's table of contents shows its entries without an update, and the draft has no blank last page.

The secretary found the contents empty in a PDF made by LibreOffice (a placeholder: "Högerklicka och
välj Uppdatera fält") and Word asking to update fields on opening; and an årsrapport PDF with a blank
page. Word ends a document with a paragraph, adding an empty one after a last table: where that table
ends at the foot of a page, the paragraph makes a page of its own.
"""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.demo.plan import demo_plan
from reporting.demo.submissions import write_demo_submissions
from reporting.intake.run import run_intake
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.workspace import Workspace

HELAR = Period(2025, "helar")
CONTROLS_TO_THE_FOOT = 15  # the demo årsrapport's Internkontroll table cut to end at a page's foot (LibreOffice 7.4)


@pytest.fixture(scope="module")
def helar(tmp_path_factory) -> tuple[Consolidation, Path]:
    """The demo's årsrapport and its draft."""
    plan, ws = demo_plan(), Workspace(tmp_path_factory.mktemp("word-contents"))
    write_demo_submissions(plan, HELAR, ws.inbox)
    result = consolidate(plan, run_intake(ws, plan, HELAR))
    return result, write_word(result, ws.outbox)


def _blocks(doc: Any) -> list[Any]:
    return [child for child in doc.element.body if child.tag != qn("w:sectPr")]


def _contents(doc: Any) -> list[Any]:
    """The paragraphs of the table of contents: in the content control after the Innehåll heading."""
    heading = next(p for p in doc.paragraphs if p.text == "Innehåll")._p
    block = heading.getnext()
    assert block.tag == qn("w:sdt")
    gallery = block.find(qn("w:sdtPr")).find(qn("w:docPartObj")).find(qn("w:docPartGallery"))
    assert gallery.get(qn("w:val")) == "Table of Contents"
    return [Paragraph(p, doc._body) for p in block.find(qn("w:sdtContent"))]


def test_the_contents_are_the_headings_linked_to_them_inside_the_toc_field(helar):
    doc = docx.Document(str(helar[1]))
    headings = [(p.text, p.style.name) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    entries = _contents(doc)
    assert [(p.text, p.style.name) for p in entries] == [
        (text, f"toc {style.split()[-1]}")
        for text, style in headings  # the demo's deepest: Heading 3
    ]
    assert [p.text for p in entries][:5] == [
        "Att notera",
        "Innehåll",
        "Måluppfyllelse",
        "God och nära vård i hela Jämtland Härjedalen",
        "N01 Hållbart Säkerhets Engagemang (HSE)",
    ]
    marks = {
        p.text: p._p.xpath("string(./w:bookmarkStart/@w:name)")
        for p in doc.paragraphs
        if p.style.name.startswith("Heading")
    }
    assert [p._p.xpath("string(./w:hyperlink/@w:anchor)") for p in entries] == [marks[p.text] for p in entries]
    assert all(name.startswith("_Toc") for name in marks.values()) and len(set(marks.values())) == len(marks)
    # one field around the entries: its instruction kept (Word can update it), begun in the first and ended in the last
    assert entries[0]._p.xpath("./w:r/w:fldChar/@w:fldCharType") == ["begin", "separate"]
    assert entries[0]._p.xpath("string(./w:r/w:instrText)") == 'TOC \\o "1-3" \\h \\z \\u'
    assert entries[-1]._p.xpath("./w:r/w:fldChar/@w:fldCharType") == ["end"]
    assert [len(p._p.xpath(".//w:fldChar")) for p in entries[1:-1]] == [0] * (len(entries) - 2)
    assert "Uppdatera fält" not in "".join(p.text for p in doc.paragraphs)
    assert doc.settings.element.xpath("count(./w:updateFields)") == 0  # Word does not ask on opening


def test_the_toc_styles_indent_each_level_and_set_page_numbers_right(helar):
    doc = docx.Document(str(helar[1]))
    indents = [doc.styles[f"toc {level}"].paragraph_format.left_indent or 0 for level in (1, 2, 3)]
    assert [round(indent / 360000, 2) for indent in indents] == [0.0, 0.5, 1.0]
    (stop,) = doc.styles["toc 1"].paragraph_format.tab_stops
    assert (round(stop.position / 360000, 2), stop.alignment, stop.leader) == (25.7, 2, 1)  # right, dots: 25,7 cm


def test_the_draft_ends_in_a_paragraph_that_takes_no_room_after_its_last_table(helar):
    doc = docx.Document(str(helar[1]))
    *_, table, last = _blocks(doc)
    assert table.tag == qn("w:tbl") and last.tag == qn("w:p") and not last.xpath(".//w:t")
    assert last.xpath("./w:pPr/w:spacing/@*") == ["0", "0", "20", "exact"]  # no spacing, 1 pt high
    assert last.xpath("string(./w:pPr/w:rPr/w:sz/@w:val)") == "2"


def test_a_draft_ending_in_a_paragraph_gets_no_end_mark(helar, tmp_path):
    """No control point followed up: the draft ends in the sentence saying so, and nothing is added after it."""
    doc = docx.Document(str(write_word(replace(helar[0], internal_control=[]), tmp_path)))
    assert _blocks(doc)[-1].xpath("string(.)") == "Inga kontrollmoment följs upp denna period."


def _as_word_saves(path: Path, out: Path) -> Path:
    """The draft as Word saves it: an empty paragraph added after a table that ends the body."""
    doc = docx.Document(str(path))
    last = _blocks(doc)[-1]
    if last.tag == qn("w:tbl"):
        last.addnext(OxmlElement("w:p"))
    doc.save(str(out))
    return out


def _pages_without_text(pdf: PdfReader) -> list[int]:
    """Pages (from 1) with nothing but the footer ("Sida 3 av 19")."""
    lines = [[line for line in page.extract_text().splitlines() if line.strip()] for page in pdf.pages]
    return [n for n, page in enumerate(lines, start=1) if all(line.startswith("Sida ") for line in page)]


@pytest.mark.libreoffice
def test_writers_pdf_shows_the_contents_and_no_blank_page(helar, soffice, office, tmp_path):
    result, path = helar
    cut = replace(result, internal_control=result.internal_control[:CONTROLS_TO_THE_FOOT])
    saved = _as_word_saves(write_word(cut, tmp_path / "cut"), tmp_path / "cut.docx")
    command = [soffice, *office.options, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
    subprocess.run([*command, str(path), str(saved)], check=True, capture_output=True, timeout=240)
    pdf = PdfReader(str(tmp_path / path.with_suffix(".pdf").name))
    first = pdf.pages[0].extract_text() + pdf.pages[1].extract_text()
    contents = first[first.index("Innehåll") :]
    for entry in ("Måluppfyllelse", "N01 Hållbart Säkerhets Engagemang (HSE)", "Ekonomi (mkr)", "Internkontroll"):
        assert entry in contents
    assert "Uppdatera fält" not in first
    assert _pages_without_text(pdf) == []
    # the Internkontroll table ending at the foot of a page, saved by Word: no blank page after it
    assert _pages_without_text(PdfReader(str(tmp_path / "cut.pdf"))) == []
