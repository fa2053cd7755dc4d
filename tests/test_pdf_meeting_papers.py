"""The report's PDF for the nämnd's meeting papers through LibreOffice: the nämnd's sheets only, the workbook whole.

One demo run with --pdf (T1 with its history: Tidsserier too) serves every assertion.
"""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.output.report import BOARD_SHEETS
from reporting.plan.periods import Period
from reporting.workflow import run_period

pytestmark = pytest.mark.libreoffice

OFFICE = ["Intagslogg", "Avvikelser", "Källor"]


@pytest.fixture(scope="module")
def papers(soffice, tmp_path_factory, demo_copy):
    """(the workbook's sheets and each one's title in A1, the PDF's pages' text, its bookmarks, the files written)."""
    ws, plan, _ = demo_copy(tmp_path_factory.mktemp("papers") / "ws")
    written = run_period(ws, plan, Period(2025, "T1"), feedback=False, pdf=True, quiet=True).written
    (workbook,) = [p for p in written if p.suffix == ".xlsx"]
    titles = {ws.title: ws["A1"].value for ws in load_workbook(workbook, read_only=True)}
    reader = PdfReader(workbook.with_suffix(".pdf"))
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
    return titles, pages, [entry["/Title"] for entry in reader.outline], written


def test_the_pdf_holds_the_nämnds_sheets_in_the_workbooks_order_and_none_of_the_offices(papers):
    titles, pages, bookmarks, written = papers
    board = [name for name in titles if name not in OFFICE]
    assert list(titles)[-3:] == OFFICE and set(board) <= BOARD_SHEETS  # the workbook keeps every sheet
    assert "Tidsserier" in board and len(board) == 10
    assert bookmarks == board  # a bookmark per sheet, in the workbook's order
    text = " ".join(pages)
    for name in OFFICE:
        assert titles[name].startswith(name)  # "Intagslogg för körningen …", "Avvikelser: alla fynd …", "Källor: …"
        assert titles[name] not in text, name
        assert f"· {name} Sida " not in text, name  # no page's footer names it
    assert "#REF" not in text and "#NAMN" not in text
    # each sheet starts on a page of its own, with its title (A1 and the page header) and its name in the footer
    firsts = {}
    for number, page in enumerate(pages):
        sheet = next(name for name in board if f"· {name} Sida {number + 1} av {len(pages)}" in page)
        firsts.setdefault(sheet, page)
    assert list(firsts) == board
    for name, page in firsts.items():
        assert titles[name] in page, name
    assert sorted(p.suffix for p in written) == [".docx", ".pdf", ".xlsx"]  # no copy left beside them
