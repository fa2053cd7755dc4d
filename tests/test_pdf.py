"""Meeting papers: the demo year's report and feedback as PDF through LibreOffice, read back with pypdf.

One conversion of the report and one batch of the feedback workbooks serve every assertion.
"""

from __future__ import annotations

import math
import re

import pytest
from pypdf import PdfReader

from helpers import sheet_names
from reporting.output.feedback import write_feedback
from reporting.output.goal_sheets import assignment_counts, assignment_label
from reporting.output.report import for_the_board
from reporting.output.sheet_writer import report_title
from test_report_a11y import demo_year

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def papers(soffice, tmp_path_factory, plan):
    ws, result, xlsx = demo_year(tmp_path_factory.mktemp("pdf") / "ws", plan, pdf=True)
    pdf = xlsx.with_suffix(".pdf")
    feedback = write_feedback(result, ws.outbox, pdf=True)
    return result, xlsx, PdfReader(pdf), feedback


_TEXTS: dict[int, tuple[object, str]] = {}  # id(page) -> (page, text); the page is kept so its id is not reused


def _text(page) -> str:
    """A page's text with whitespace (line breaks inside wrapped cells, no-break spaces) made one space.

    Extracted once per page: the assertions ask for the same pages many times.
    """
    if id(page) not in _TEXTS:
        _TEXTS[id(page)] = (page, re.sub(r"\s+", " ", page.extract_text()))
    return _TEXTS[id(page)][1]


def _pages(reader: PdfReader, sheet: str) -> list:
    """The pages of one sheet (the footer names it: "… · Nyckeltal Sida 3 av 40")."""
    return [p for p in reader.pages if f"· {sheet} Sida " in _text(p)]


def test_pdf_is_tagged_swedish_titled_and_bookmarked(papers):
    result, xlsx, reader, _ = papers
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv-SE"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == report_title(result) == "Årsrapport 2025 – Hälso- och sjukvårdsnämnden"
    assert [entry["/Title"] for entry in reader.outline] == for_the_board(sheet_names(xlsx))  # the nämnd's sheets
    assert "Tidsserier" in sheet_names(xlsx)


def test_numbers_print_the_swedish_way(papers):
    _, _, reader, _ = papers
    text = " ".join(_text(p) for p in reader.pages)
    assert "−3 161,8" in text  # the nämnd's budget frame, Swedish minus, grouping and comma
    assert "3,161.8" not in text and "-3,161" not in text and "3161.8" not in text
    assert not re.search(r"\d,\d{3}\.\d", text)  # no en-US number anywhere


def test_att_notera_is_on_page_one(papers):
    _, _, reader, _ = papers
    first = _text(reader.pages[0])
    assert "Att notera för nämnden" in first
    assert "Årets resultat (exkl. Hälso- och sjukvårdsdirektör, som inte har kommit in) visar" in first  # årsrapport
    # the charts follow on a page of their own, whole: title, axis and legend on the same page
    charts = [p for p in _pages(reader, "Sammanfattning") if "Färger i diagrammet Måluppfyllelse" in _text(p)]
    assert len(charts) == 1 and charts[0] is not reader.pages[0]
    text = _text(charts[0])
    for words in (
        "Färger i diagrammet Måluppfyllelse: Uppfyllt Delvis uppfyllt Ej uppfyllt",
        "Uppfyllt Delvis uppfyllt Ej uppfyllt Underlag saknas Följs (inget mål)",  # the chart's own legend
        "Färger i diagrammet Utfall helår:",
        "Utfall helår mot budgetram per division (mkr, netto)",
        "Budgetram helår Utfall helår",
    ):
        assert words in text, words


def test_nothing_is_cut(papers):
    """Full texts and every table's last column header are in the PDF (LibreOffice drops clipped lines)."""
    result, _, reader, _ = papers
    key_figures = " ".join(_text(p) for p in _pages(reader, "Nyckeltal"))
    longest = max((k for k in result.key_figures if k.analysis), key=lambda k: len(k.analysis))
    assert re.sub(r"\s+", " ", longest.analysis) in key_figures
    name = max((k.name for k in result.key_figures), key=len)
    assert re.sub(r"\s+", " ", name) in key_figures
    for sheet, last in (
        ("Nyckeltal", "Analys och åtgärder"),
        ("Uppdrag", "Kommentarer"),
        ("Tidsserier", "Riket (Kolada)"),
        ("Ekonomi", "Kommentar"),
        ("Åtgärdsplan", "Kommentarer"),
        ("Investeringar", "Kommentar"),
        ("Inlämningar", "Varningar"),
    ):
        pages = _pages(reader, sheet)
        assert pages, sheet
        assert all(last in _text(p) for p in pages), (sheet, last)  # the header row repeats on each page
    submissions = " ".join(_text(p) for p in _pages(reader, "Inlämningar"))
    sha = next(s.sha256 for s in result.submissions if s.sha256)
    assert sha in submissions.replace(" ", "")  # a whole SHA-256, wrapped but not cut
    # Intagslogg, Avvikelser and Källor are the office's: not in the meeting papers (test_pdf_meeting_papers)
    assert not _pages(reader, "Avvikelser") and not _pages(reader, "Källor")


def test_charts_are_whole_on_one_page(papers):
    """Each chart's title is printed once: no chart straddles a page break (nor is drawn clipped beside one)."""
    result, _, reader, _ = papers
    summary, series = _pages(reader, "Sammanfattning"), _pages(reader, "Tidsserier")
    charts = [(summary, "Måluppfyllelse per målområde (antal nyckeltal) Uppfyllt")]
    charts.append((summary, "Utfall helår mot budgetram per division"))
    charts += [(series, f"{k.id} {k.name[:20]}") for k in result.plan.key_figures if k.id in ("N01", "N04", "N21")]
    for pages, title in charts:  # (the key figure table has id and name in cells of their own)
        assert sum(title in _text(p) for p in pages) == 1, title
    assert "Måluppfyllelse per målområde (antal nyckeltal) Uppfyllt" not in _text(summary[0])


def _min_font_size(page) -> float:
    """The smallest text on a page as printed: font size × the text and page matrices' scale."""
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            sizes.append(size * math.sqrt(abs(a * d - b * c)))

    page.extract_text(visitor_text=visit)
    return min(sizes)


def test_no_text_below_8_pt(papers):
    _, _, reader, _ = papers
    key_figure_pages = _pages(reader, "Nyckeltal")
    assert key_figure_pages
    smallest = {id(p): _min_font_size(p) for p in reader.pages}
    assert min(smallest[id(p)] for p in key_figure_pages) >= 7.9
    assert min(smallest.values()) >= 7.9  # charts, headers and footers too


def test_feedback_as_pdf_in_one_batch(papers):
    result, _, _, written = papers
    workbooks = [p for p in written if p.suffix == ".xlsx"]
    pdfs = [p for p in written if p.suffix == ".pdf"]
    assert [p.with_suffix(".xlsx") for p in pdfs] == workbooks and len(pdfs) == len(result.plan.divisions)
    for division, path in zip(result.plan.divisions, pdfs):
        reader = PdfReader(path)
        assert reader.trailer["/Root"]["/Lang"] == "sv-SE"
        assert (
            reader.metadata.title.startswith("Återkoppling årsrapport 2025 – ")
            and division.name in reader.metadata.title
        )
        text = " ".join(_text(p) for p in reader.pages)
        assert division.name in text and "Allvarlighet" in text and "Beskrivning" in text
    kirurgi = " ".join(_text(p) for p in PdfReader(pdfs[2]).pages)
    assert "2 fel och" in kirurgi and "Inte ett tal" in kirurgi  # the faulty demo division's findings are listed


def test_an_uppdrag_is_one_row_with_each_divisions_status(papers):
    """Uppdrag prints one row per uppdrag, its divisions' statuses side by side (symbol and word)."""
    result, _, reader, _ = papers
    pages = _pages(reader, "Uppdrag")
    texts = [_text(p) for p in pages]
    ids = [i for t in texts for i in re.findall(r"\b(U\d\d)\b", t)]
    assert ids == list(dict.fromkeys(a.id for a in result.assignments))  # each once, in the plan's order
    counted = dict(assignment_counts(result.assignments))  # the "Antal per status" table below the legend
    for text in texts:  # each page shows the statuses of the uppdrag on it and the legend once
        on_page = [a for a in result.assignments if re.search(rf"\b{a.id}\b", text)]
        legend = "Teckenförklaring" in text
        for status in ("Genomfört", "Pågår enligt plan", "Pågår med avvikelse", "Ej påbörjat", "Ej inkommen"):
            label = assignment_label(status)
            expected = sum(a.status == status for a in on_page) + legend
            # and once more in the count table, on whichever page it (or its rest) prints
            allowed = {expected, expected + 1} if status in counted else {expected}
            assert text.count(label) in allowed, (label, text[:80])
    assert any("Antal per status" in text for text in texts)
    kirurgi = next(a for a in result.assignments if a.division_id == "KIR" and a.status == "Pågår med avvikelse")
    page = next(t for t in texts if re.search(rf"\b{kirurgi.id}\b", t))
    assert f"Division Kirurgi: {kirurgi.comment}" in page or kirurgi.comment in page
