"""The Word draft as the nämnd's secretary publishes it: Swedish as the document's language, numbered pages, its
own properties, and an "Att notera" first, in words for politicians (a secretary's review found the default
language en-US, no page numbers, the author "reporting" with python-docx's 2013 dates, and the summary only in
the workbook)."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from reporting.consolidate.consolidation import consolidate
from reporting.demo.plan import demo_plan
from reporting.demo.submissions import write_demo_submissions
from reporting.intake.run import run_intake
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> Path:
    plan, ws = demo_plan(), Workspace(tmp_path_factory.mktemp("draft"))
    write_demo_submissions(plan, T1, ws.inbox)
    return write_word(consolidate(plan, run_intake(ws, plan, T1)), ws.outbox)


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


def test_the_documents_default_language_is_swedish(draft):
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", _part(draft, "word/styles.xml")).group(0)
    assert 'w:lang w:val="sv-SE"' in defaults
    assert '<w:themeFontLang w:val="sv-SE"' in _part(draft, "word/settings.xml")


def test_every_page_is_numbered_sida_n_av_m(draft):
    footer = _part(draft, "word/footer1.xml")
    assert re.findall(r"<w:instrText[^>]*> (PAGE|NUMPAGES) </w:instrText>", footer) == ["PAGE", "NUMPAGES"]
    assert list(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", footer)) == ["Sida ", "1", " av ", "1"]
    assert 'r:id="' in re.search(r"<w:footerReference[^>]*>", _part(draft, "word/document.xml")).group(0)


def test_the_properties_are_the_drafts_own(draft):
    core = docx.Document(str(draft)).core_properties
    assert (core.author, core.comments, core.last_modified_by) == ("", "", "")
    assert core.title == "Tertialrapport 2025 – Hälso- och sjukvårdsnämnden"
    assert abs((datetime.now(UTC) - core.created.replace(tzinfo=UTC)).total_seconds()) < 600
    assert "<Application>reporting</Application>" in _part(draft, "docProps/app.xml")


def test_att_notera_comes_first_and_names_the_deficit_without_office_commands(draft):
    paragraphs = docx.Document(str(draft)).paragraphs
    texts = [p.text for p in paragraphs]
    first = texts.index("Att notera")
    assert paragraphs[first].style.name == "Heading 1" and first < texts.index("Innehåll")
    notes = [p.text for p in paragraphs[first + 1 : texts.index("Innehåll")]]
    assert all(p.style.name == "List Bullet" for p in paragraphs[first + 1 : texts.index("Innehåll")])
    assert (
        "Division Kirurgi: helårsprognos −1\xa0239,2 mkr mot budgetram −1\xa0191,0 mkr, underskott 48,2 mkr." in notes
    )
    assert not [t for t in texts if "reporting " in t or "fel i inlämnade underlag" in t]


def test_a_nämnd_value_that_leaves_divisions_out_says_so_under_its_table(draft):
    """The draft showed N01 "4,08 ✔ Uppfyllt" without the workbook's "medelvärde exkl. …"."""
    texts = [p.text for p in docx.Document(str(draft)).paragraphs]
    assert "N01: medelvärde exkl. Hälso- och sjukvårdsdirektör, Division Kirurgi" in texts
    assert "N04: vägt med antalen (nämnarna); helårsprognos saknas för Division Kirurgi" in texts
