"""The Word draft's per-process caches (the parsed default template, its style ids) never carry one draft into
the next, nor the default template's style ids into a draft from the office's own template."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from reporting.output import word
from reporting.output.word import new_document, write_word


def test_each_new_document_is_a_fresh_default_template():
    first = new_document()
    first.add_paragraph("Utkast till nämnden")
    first.styles["Normal"].font.size = Pt(10)
    first.core_properties.title = "Tertialrapport"
    second = new_document()
    blank = docx.Document()
    assert [p.text for p in second.paragraphs] == [p.text for p in blank.paragraphs]
    assert second.styles["Normal"].font.size is None
    assert second.core_properties.title == blank.core_properties.title == ""
    assert second.element is not first.element and second.part is not first.part


def _parts(path: Path) -> dict[str, bytes]:
    """Every part's bytes; the draft's made and modified times (the second it was written) left out."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*<", b"<", parts["docProps/core.xml"])
    return parts


def test_a_draft_from_the_cached_template_is_the_one_from_a_freshly_read_template(tmp_path, monkeypatch, seed002_run):
    _, result = seed002_run
    write_word(result, tmp_path / "first")  # a draft before: nothing of it may show in the next
    cached = write_word(result, tmp_path / "cached")
    monkeypatch.setattr(word, "new_document", lambda template=None: docx.Document())
    fresh = write_word(result, tmp_path / "fresh")
    assert _parts(cached) == _parts(fresh)


@pytest.fixture
def office_template(tmp_path) -> Path:
    """An office template whose Title style has an id of its own (a Swedish Word names it "Rubrik")."""
    office = docx.Document()
    office.styles["Title"].style_id = "Rubrik"
    path = tmp_path / "kontoret.docx"
    office.save(str(path))
    return path


def test_the_office_template_uses_its_own_style_ids_after_a_default_draft(tmp_path, seed002_run, office_template):
    _, result = seed002_run
    default = docx.Document(str(write_word(result, tmp_path / "default")))
    office = docx.Document(str(write_word(result, tmp_path / "office", template=office_template)))
    styles = [p._p.pPr.find(qn("w:pStyle")).get(qn("w:val")) for p in (default.paragraphs[0], office.paragraphs[0])]
    assert styles == ["Title", "Rubrik"]
    assert office.paragraphs[0].style.name == "Title"
