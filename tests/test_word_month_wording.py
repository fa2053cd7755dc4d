"""One wording for a month's report in every output: the plan's own word (seed 003: "Månadsuppföljning mars").

The title is ``Plan.period_heading`` everywhere (report, its page headers and document properties,
the Word draft, återkoppling, templates); the period beside it says which months the figures
cover ("Januari–mars 2025") and names no report, so no output says "Månadsrapport" beside
"Månadsuppföljning". Only the file names keep the tool's fixed word, as every period's do.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest

from helpers import rows_of, value_at

HEADING = "Månadsuppföljning mars 2025"
BOARD = "Hälso- och sjukvårdsnämnden"
MONTHS = "Januari–mars 2025"


@pytest.fixture(scope="module")
def workspace(vn_month_demo) -> Path:
    """`reporting demo --plan vasternorrland-2025 --period 2025-M03` in a new folder (conftest, once per session);
    these tests only read it."""
    return vn_month_demo


def _texts(path: Path) -> str:
    """Every XML part of a package: cells, shared strings, page headers and footers, document properties."""
    with zipfile.ZipFile(path) as package:
        return "\n".join(package.read(name).decode("utf-8") for name in package.namelist() if name.endswith(".xml"))


def _core_title(path: Path) -> str:
    return re.search(r"<dc:title>([^<]*)</dc:title>", _texts(path)).group(1)


def test_every_output_of_a_month_has_the_plans_title_and_never_another_word(workspace):
    report = workspace / "outbox" / f"2025-M03 Månadsrapport {BOARD}.xlsx"
    draft = report.with_suffix(".docx")
    feedback = sorted((workspace / "outbox" / "återkoppling").glob("2025-M03 *.xlsx"))
    templates = sorted((workspace / "templates_xlsx").glob("2025-M03 *.xlsx"))
    assert len(feedback) == len(templates) == 5
    for path in (report, draft, *feedback, *templates):
        assert "Månadsrapport" not in _texts(path), path.name
    summary = rows_of(report, "Sammanfattning")
    assert value_at(summary, "A1") == _core_title(report) == f"{HEADING} – {BOARD}"  # A1 and the PDF's title
    assert MONTHS in value_at(summary, "A2")
    headers = re.findall(r"<oddHeader>&amp;L&amp;10[^&]*&amp;R&amp;10([^<]*)</oddHeader>", _texts(report))
    footers = re.findall(r"<oddFooter>&amp;L&amp;10([^&]*) · [^&]*&amp;R", _texts(report))
    assert set(headers) == {f"{BOARD} · {MONTHS}"} and set(footers) == {HEADING}  # every sheet's page
    assert len(headers) == len(footers) == len(re.findall(r"<oddHeader>", _texts(report))) > 5
    document = docx.Document(str(draft))
    assert (document.paragraphs[0].text, document.core_properties.title) == (HEADING, f"{HEADING} – {BOARD}")
    assert document.paragraphs[2].text == f"Region Västernorrland · {MONTHS}"
    for path in feedback:
        division = path.stem.removeprefix("2025-M03 Återkoppling ")
        assert value_at(rows_of(path, "Återkoppling"), "A1") == f"Återkoppling månadsuppföljning mars 2025 – {division}"
    for path in templates:
        division = path.stem.removeprefix("2025-M03 ")
        assert value_at(rows_of(path, "Instruktion"), "A1") == f"{HEADING} – {division}"


def test_a_counts_whole_number_reads_without_decimals_in_nyckeltal_and_tidsserier(workspace):
    """Seed 003's "Bemanning, antal årsarbetare" (unit antal): a whole sum reads as a whole number, as the Word
    draft would write it, never "210,0"; mkr with one decimal, as the plan's amounts."""
    from openpyxl import load_workbook

    from reporting.xlsx.write import KEY_FIGURE_FORMAT, WHOLE_FORMAT

    book = load_workbook(workspace / "outbox" / f"2025-M03 Månadsrapport {BOARD}.xlsx")
    formats: dict[tuple[str, bool], set[str]] = {}
    counts = {"B1", "B3"}  # unit antal; B2, B4 are mkr
    for sheet, first, columns in (("Nyckeltal", 5, (3, 4, 5)), ("Tidsserier", 5, (3,))):
        for row in book[sheet].iter_rows(min_row=first):
            if row[0].value not in counts | {"B2", "B4"}:
                continue
            for cell in (row[c] for c in columns):
                if isinstance(cell.value, int | float):
                    kind = (str(row[0].value) in counts, float(cell.value).is_integer())
                    formats.setdefault(kind, set()).add(cell.number_format.split(";")[0])
    assert formats[(True, True)] == {WHOLE_FORMAT}  # every count, in Nyckeltal and in Tidsserier
    assert (True, False) not in formats  # the demo fills counts with whole numbers (demo.submissions.kf_value)
    assert formats[(False, False)] == {"#,##0.0"}  # mkr with one decimal, as every amount of the plan
    assert KEY_FIGURE_FORMAT not in formats[(False, False)]


def test_a_counts_whole_number_is_written_as_the_workbook_shows_it():
    from decimal import Decimal as D

    from reporting.swedish import format_key_figure

    assert format_key_figure(D("36524"), "antal") == "36\xa0524"
    assert format_key_figure(D("36524.000"), "St") == "36\xa0524"  # trailing zeros from reading: still whole
    assert format_key_figure(D("1100.5"), "antal") == "1\xa0100,5"  # a mean over units keeps its decimals
    assert format_key_figure(D("54.00000000000001"), "antal") == "54"  # a formula's sum as Excel stores it
    assert format_key_figure(D("77"), "%") == "77,0" and format_key_figure(D("210"), "mkr") == "210,0"
    # an amount reads as the plan's amounts: tkr whole (a financial goal's −75 000 read "−75 000,0"), mkr one decimal
    assert format_key_figure(D("-75000.0"), "tkr") == "−75\xa0000" and format_key_figure(D("43.55"), "mkr") == "43,6"


def test_a_month_leaves_out_what_it_does_not_follow_up_and_the_report_says_why(workspace):
    """A month asks for key figures, economy and the åtgärdsplan only: the draft had "Inga uppdrag följs upp
    denna period" for 25 uppdrag the plan has, and an Investeringar sheet with a bare header."""
    report = workspace / "outbox" / f"2025-M03 Månadsrapport {BOARD}.xlsx"
    headings = [
        p.text for p in docx.Document(str(report.with_suffix(".docx"))).paragraphs if p.style.name == "Heading 1"
    ]
    assert [h for h in headings if h.startswith(("Uppdrag", "Investeringar", "Internkontroll"))] == []
    assert "Åtgärdsplan (mkr)" in headings and "Ekonomi (mkr)" in headings
    month = "följs upp i tertial-, delårs- och årsrapporterna, inte per månad."
    assert value_at(rows_of(report, "Uppdrag"), "A5") == f"Uppdragen {month}"
    # the plan has no investment objects: a month must not promise their follow-up at the tertials
    assert value_at(rows_of(report, "Investeringar"), "A5") == "Planen har inga investeringsobjekt."
    control = rows_of(report, "Internkontroll")
    assert value_at(control, "A5") == "Planen har inga kontrollmoment i internkontrollplanen."  # none in seed 003
    assert not any("Teckenförklaring:" in str(v) for row in control for v in row)  # no legend for nothing


def test_a_section_the_plan_does_not_have_says_so_and_one_it_has_keeps_its_own_sentence():
    from reporting.demo.plan import demo_plan
    from reporting.output.absent import why_empty
    from reporting.plan.periods import Period
    from seed_plans import seed003_plan

    vn, jh, t1 = seed003_plan(), demo_plan(), Period(2025, "T1")
    assert why_empty(vn, t1, "Investeringar") == "Planen har inga investeringsobjekt."
    assert why_empty(vn, t1, "Internkontroll") == "Planen har inga kontrollmoment i internkontrollplanen."
    assert why_empty(vn, t1, "Uppdrag") == "Planen har inga uppdrag."  # the tests' cut of seed 003
    assert [why_empty(jh, t1, s) for s in ("Uppdrag", "Investeringar", "Internkontroll")] == ["", "", ""]
    assert why_empty(vn, Period(2025, "M03"), "Uppdrag") == "Planen har inga uppdrag."  # a month too


def test_a_plan_without_measures_says_so_in_the_draft_not_that_none_are_due(tmp_path):
    from plan_shapes import run
    from reporting.demo.plan import demo_plan
    from reporting.output.word import write_word

    plan = demo_plan()
    plan.measures = []
    result = run(plan, tmp_path / "ws", {"MED": {}})
    texts = [p.text for p in docx.Document(str(write_word(result, tmp_path / "out"))).paragraphs]
    assert "Planen har inga åtgärder." in texts and "Inga åtgärder i åtgärdsplanen denna period." not in texts
    from reporting.output.report import write_report

    sheet = rows_of(write_report(result, tmp_path / "out")[0], "Åtgärdsplan")  # the workbook: not a bare header
    assert value_at(sheet, "A5") == "Planen har inga åtgärder."
