"""What an office's own Word template gives the draft: styles, paper, margins, header and footer; not its body text.

And the default draft's page: A4 landscape with 2 cm margins, every table within them (python-docx's
own template is US Letter with 3,2 cm margins, 21,6 cm across, narrower than the draft's tables).
"""

from __future__ import annotations

import base64
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm, Pt
from pypdf import PdfReader

from reporting.output.libreoffice import convert
from reporting.output.word import write_word
from reporting.plan.periods import Period

T1 = Period(2025, "T1")
PLACEHOLDER = "Skriv här…"


@pytest.fixture(scope="module")
def result(demo_t1):
    """The demo's T1 consolidation (conftest, once per session)."""
    return demo_t1()[1]


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
    assert draft.settings.element.xpath("count(./w:updateFields)") == 0  # the contents are filled in: no prompt


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


LOGO = base64.b64decode(  # a 1 × 1 px PNG: the office's logo
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def sectioned_template(path: Path) -> Path:
    """A template with a cover section that defines the headers (logo, first page, even pages) and a body
    section left at Word's "Same as previous" for them, with a footer of its own."""
    doc = docx.Document()
    doc.settings.odd_and_even_pages_header_footer = True
    cover = doc.sections[0]
    cover.different_first_page_header_footer = True
    header = cover.header.paragraphs[0]
    header.text = "REGION X LOGO"
    header.add_run().add_picture(BytesIO(LOGO), width=Cm(1))
    cover.first_page_header.paragraphs[0].text = "Region X – försättsblad"
    cover.even_page_header.paragraphs[0].text = "Region X – jämn sida"
    cover.footer.paragraphs[0].text = "Sidfot försättsblad"
    doc.add_paragraph("Försättsblad – skriv här")
    body = doc.add_section(WD_SECTION.NEW_PAGE)  # headers linked to the cover's, as Word adds a section
    body.different_first_page_header_footer = True
    body.footer.is_linked_to_previous = False
    body.footer.paragraphs[0].text = "Sidfot kontoret"
    doc.add_paragraph("Brödtext – skriv här")
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def sectioned_draft(result, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("word-sectioned-template")
    return write_word(result, folder / "outbox", sectioned_template(folder / "mall2.docx"))


def test_headers_linked_to_an_earlier_section_are_kept_with_the_logo(sectioned_draft):
    draft = docx.Document(str(sectioned_draft))
    assert len(draft.sections) == 1
    section = draft.sections[0]
    shown = [section.header, section.first_page_header, section.even_page_header, section.footer]
    assert [h.paragraphs[0].text for h in shown] == [
        "REGION X LOGO",
        "Region X – försättsblad",
        "Region X – jämn sida",
        "Sidfot kontoret",  # the last section's own footer, not the cover's
    ]
    assert not any(h.is_linked_to_previous for h in shown)
    images = [rel.target_part.blob for rel in section.header.part.rels.values() if rel.reltype == RT.IMAGE]
    assert images == [LOGO]
    texts = [p.text for p in draft.paragraphs]
    assert "Försättsblad – skriv här" not in texts and "Brödtext – skriv här" not in texts
    parts = [part.blob for part in draft.part.package.iter_parts()]
    assert not any("Sidfot försättsblad".encode() in blob for blob in parts)  # the cover's own footer is left out


@pytest.mark.libreoffice
def test_writer_shows_the_inherited_headers_and_footer(sectioned_draft, office, tmp_path):
    pages = PdfReader(str(convert(sectioned_draft, "pdf", tmp_path))).pages
    lines = [page.extract_text().splitlines() for page in pages[:3]]
    # the first page, an even page, an odd page; the footer is the default's, on odd pages after the first
    assert [page[0] for page in lines] == ["Region X – försättsblad", "Region X – jämn sida", "REGION X LOGO"]
    assert lines[2][-1] == "Sidfot kontoret"
