"""What an office's own Word template gives the draft: styles, paper, margins, header and footer; not its body text.

And the default draft's page: A4 landscape with 2 cm margins, every table within them (python-docx's
own template is US Letter with 3,2 cm margins, 21,6 cm across, narrower than the draft's tables).
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from reporting.consolidate.consolidation import consolidate
from reporting.demo.submissions import write_demo_submissions
from reporting.intake.run import run_intake
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
PLACEHOLDER = "Skriv här…"


@pytest.fixture(scope="module")
def result(tmp_path_factory, plan):
    ws = Workspace(tmp_path_factory.mktemp("word-office-template"))
    write_demo_submissions(plan, T1, ws.inbox)
    return consolidate(plan, run_intake(ws, plan, T1))


def office_template(path: Path, portrait: bool = True) -> Path:
    """An office's template: A4 with 2,5 cm margins, a header (the logo's place) and footer, body text and a table."""
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = (Cm(21), Cm(29.7)) if portrait else (Cm(29.7), Cm(21))
    for side in ("left", "right", "top", "bottom"):
        setattr(section, f"{side}_margin", Cm(2.5))
    section.header.paragraphs[0].text = "Region Västernorrland – logotyp"
    section.footer.paragraphs[0].text = "Hälso- och sjukvårdsförvaltningen"
    doc.styles["Normal"].font.size = Pt(11)  # the house style's size
    doc.add_paragraph("Mall för nämndhandlingar", style="Title")
    doc.add_paragraph(PLACEHOLDER)
    doc.add_table(rows=2, cols=2).cell(0, 0).text = "Exempeltabell"
    doc.save(str(path))
    return path


A4 = (11906, 16838)  # twips across and down, as Word stores A4 portrait


def _paper(section) -> tuple[int, int, int]:
    return section.orientation, section.page_width.twips, section.page_height.twips


def _text_width(doc) -> int:
    section = doc.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def _widest_table(doc) -> int:
    return max(sum(column.width for column in table.columns) for table in doc.tables)


def test_the_template_gives_page_header_footer_and_styles_but_not_its_body_text(result, tmp_path):
    draft = docx.Document(str(write_word(result, tmp_path / "outbox", office_template(tmp_path / "kontoret.docx"))))
    texts = [p.text for p in draft.paragraphs]
    assert PLACEHOLDER not in texts and "Mall för nämndhandlingar" not in texts
    assert texts[0] == "Tertialrapport 2025" and draft.paragraphs[0].style.name == "Title"  # the draft begins the body
    assert all("Exempeltabell" not in t.rows[0].cells[0].text for t in draft.tables)
    section = draft.sections[-1]
    assert section.header.paragraphs[0].text == "Region Västernorrland – logotyp"
    assert section.footer.paragraphs[0].text == "Hälso- och sjukvårdsförvaltningen"
    # the office's A4 turned landscape, its margins kept; the tables fit between them
    assert _paper(section) == (WD_ORIENT.LANDSCAPE, A4[1], A4[0])
    assert section.left_margin.twips == section.right_margin.twips == Cm(2.5).twips
    assert _widest_table(draft) <= _text_width(draft) < Cm(24.8)  # 29,7 − 2 × 2,5 cm
    assert draft.styles["Normal"].font.size == Pt(11)  # the house style's size, not the default draft's 10 pt
    assert draft.settings.element.xpath("count(./w:updateFields)") == 1


def test_a_landscape_template_stays_landscape(result, tmp_path):
    template = office_template(tmp_path / "liggande.docx", portrait=False)
    section = docx.Document(str(write_word(result, tmp_path / "outbox", template))).sections[-1]
    assert _paper(section) == (WD_ORIENT.LANDSCAPE, A4[1], A4[0])


def test_the_default_draft_is_a4_landscape_and_every_table_fits_its_margins(result, tmp_path):
    draft = docx.Document(str(write_word(result, tmp_path / "outbox")))
    section = draft.sections[-1]
    assert _paper(section) == (WD_ORIENT.LANDSCAPE, A4[1], A4[0])
    assert section.left_margin.twips == section.right_margin.twips == Cm(2).twips
    assert _widest_table(draft) <= _text_width(draft)
    assert draft.styles["Normal"].font.size == Pt(10)
