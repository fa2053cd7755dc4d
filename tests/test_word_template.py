"""The office's own Word template: a .docx, a .dotx, one saved by LibreOffice; a bad one stops the run first."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest

from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.workflow import WorkspaceNotReady, run_period

T1 = Period(2025, "T1")


def office_template(path: Path, edit_part=None) -> Path:
    """python-docx's default template in the office's font, with one part of the package edited."""
    office = docx.Document()
    office.styles["Normal"].font.name = "Georgia"
    data = BytesIO()
    office.save(data)
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            target.writestr(item, edit_part(item.filename, body) if edit_part else body)
    return path


def as_dotx(name: str, body: bytes) -> bytes:  # what Word saves as a .dotx: the main part typed as a template
    return body.replace(b"document.main+xml", b"template.main+xml") if name == "[Content_Types].xml" else body


def shown_style_names(name: str, body: bytes) -> bytes:  # LibreOffice writes w:name "Heading 1", not "heading 1"
    return body.replace(b'w:val="heading ', b'w:val="Heading ') if name == "word/styles.xml" else body


def without_heading_2(name: str, body: bytes) -> bytes:  # a Word template that never used Rubrik 2
    return body.replace(b'w:val="heading 2"', b'w:val="unused"') if name == "word/styles.xml" else body


@pytest.fixture(scope="module")
def result(demo_t1):
    """The demo's T1 consolidation (conftest, once per session)."""
    return demo_t1()[1]


@pytest.mark.parametrize("edit", [as_dotx, shown_style_names], ids=["dotx", "saved-by-libreoffice"])
def test_the_draft_is_written_from_a_dotx_and_from_a_template_saved_by_libreoffice(result, tmp_path, edit):
    template = office_template(tmp_path / "kontoret.dotx", edit)
    draft = docx.Document(str(write_word(result, tmp_path / "outbox", template)))
    assert draft.part.content_type.endswith("wordprocessingml.document.main+xml")
    assert draft.styles["Normal"].font.name == "Georgia"
    headings = [p.text for p in draft.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Att notera", "Innehåll", "Måluppfyllelse"]


def test_a_template_that_is_no_word_file_or_lacks_a_style_stops_the_run_before_intake(demo_copy, tmp_path):
    ws, plan, _ = demo_copy(tmp_path / "ws")
    cases = {
        ws.plan: "går inte att öppna som ett Word-dokument (.docx eller .dotx)",
        office_template(tmp_path / "utan.docx", without_heading_2): "saknar formatmallarna Heading 2 (Rubrik 2),",
    }
    for template, says in cases.items():
        with pytest.raises(WorkspaceNotReady, match=says.replace("(", r"\(").replace(")", r"\)")):
            run_period(ws, plan, T1, feedback=False, docx_template=template)
        assert not ws.archive.exists() and not ws.outbox.exists()  # nothing read, archived or written
