"""The nämnd's PDF without the office's sheets, without LibreOffice: which sheets it prints and the copy it is made of.

The report PDF goes into the nämnd's meeting papers; Intagslogg, Avvikelser and Källor are the economy office's working
sheets and stay in the workbook only. LibreOffice converts a copy of the workbook without them (see
``reporting.output.pdf``); ``test_pdf_meeting_papers`` reads the PDF itself.
"""

from __future__ import annotations

import errno
import tempfile
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import load_workbook

from reporting.output import pdf
from reporting.output.pdf import PdfNotMade, copy_with_sheets, make_pdfs
from reporting.output.report import for_the_board, write_report

OFFICE = ["Intagslogg", "Avvikelser", "Källor"]
BOARD = [
    "Sammanfattning",
    "Nyckeltal",
    "Finansiella mål",
    "Uppdrag",
    "Ekonomi",
    "Åtgärdsplan",
    "Investeringar",
    "Internkontroll",
    "Inlämningar",
]


@pytest.fixture(scope="module")
def report(demo_t1, tmp_path_factory) -> Path:
    """The demo's T1 report workbook (no history: no Tidsserier), written once for the module."""
    (workbook,) = write_report(demo_t1()[1], tmp_path_factory.mktemp("pdf-sheets") / "outbox")
    return workbook


def test_the_nämnds_sheets_are_every_sheet_but_the_offices_in_the_workbooks_order(report):
    assert load_workbook(report, read_only=True).sheetnames == [*BOARD, *OFFICE]
    assert for_the_board([*BOARD, *OFFICE]) == BOARD
    every = ["Sammanfattning", "Nyckeltal", "Finansiella mål", "Tidsserier", "Uppdrag", "Ekonomi", "Åtgärdsplan"]
    every += ["Satsningar", "Investeringar", "Internkontroll", "Inlämningar"]  # Tidsserier and Satsningar: sometimes
    assert for_the_board([*every, *OFFICE]) == every
    assert for_the_board(["Källor", "Ekonomi", "Avvikelser", "Sammanfattning"]) == ["Ekonomi", "Sammanfattning"]


def test_the_copy_holds_the_nämnds_sheets_with_their_page_set_up_and_nothing_of_the_offices(report, tmp_path):
    copy = copy_with_sheets(report, for_the_board, tmp_path)
    assert copy == tmp_path / report.name  # the PDF is named after it: the workbook's name
    original, copied = load_workbook(report), load_workbook(copy)
    assert copied.sheetnames == BOARD
    assert original.sheetnames == [*BOARD, *OFFICE]  # the workbook keeps every sheet
    for name in BOARD:  # each sheet's own print titles and filter, after the sheets before it were renumbered
        before, after = original[name], copied[name]
        assert (after.print_title_rows, after.auto_filter.ref) == (before.print_title_rows, before.auto_filter.ref)
        assert after["A1"].value == before["A1"].value
    assert copied["Nyckeltal"].print_title_rows == "$4:$4" and copied["Nyckeltal"].auto_filter.ref == "A4:I55"
    assert copied["Inlämningar"].print_title_rows == "$4:$4"
    with zipfile.ZipFile(copy) as package:
        book = package.read("xl/workbook.xml").decode()
        parts = package.namelist()
        assert sorted(p for p in parts if p.startswith("xl/worksheets/sheet")) == sorted(
            f"xl/worksheets/sheet{n}.xml" for n in range(1, 10)
        )
        for office in OFFICE:  # no sheet, defined name, relationship or content type of the office's sheets
            assert office not in book
        assert "sheet10.xml" not in package.read("[Content_Types].xml").decode()
        assert "sheet10.xml" not in package.read("xl/_rels/workbook.xml.rels").decode()
        assert 'localSheetId="8"' in book and 'localSheetId="9"' not in book  # Inlämningar's print titles: 9th
    assert copy_with_sheets(report, lambda names: names, tmp_path / "all") == report  # nothing left out: no copy


def test_a_link_to_a_sheet_left_out_is_taken_out_its_text_kept(tmp_path):
    """A table of contents linking to an office sheet: in the PDF it would point nowhere. The sheets after one left
    out keep their page set-up (defined names by sheet number) and the active sheet stays the one it was."""
    source = tmp_path / "bok.xlsx"
    wb = xlsxwriter.Workbook(source)
    contents = wb.add_worksheet("Innehåll")
    contents.write_url("A1", "internal:Ekonomi!A1", string="Till Ekonomi")
    contents.write_url("A2", "internal:'Källor'!A1", string="Till Källor")
    contents.write_url("A3", "external:underlag.xlsx#'Källor'!B2", string="Underlagets Källor")  # another file's
    sources = wb.add_worksheet("Källor")
    sources.write_string("A1", "Källor")
    sources.repeat_rows(0)
    economy = wb.add_worksheet("Ekonomi")
    economy.write_row("A1", ["Division", "Budget"])
    economy.repeat_rows(0)
    economy.autofilter("A1:B3")
    economy.activate()
    wb.define_name("Allt", "='Källor'!$A$1")
    wb.close()
    (tmp_path / "kopia").mkdir()
    copy = copy_with_sheets(source, lambda names: [n for n in names if n != "Källor"], tmp_path / "kopia")
    copied = load_workbook(copy)
    assert copied.sheetnames == ["Innehåll", "Ekonomi"]
    sheet = copied["Innehåll"]
    assert [sheet[f"A{row}"].value for row in (1, 2, 3)] == ["Till Ekonomi", "Till Källor", "Underlagets Källor"]
    assert sheet["A1"].hyperlink.location == "Ekonomi!A1"
    assert sheet["A2"].hyperlink is None
    assert sheet["A3"].hyperlink.target == "underlag.xlsx" and sheet["A3"].hyperlink.location == "'Källor'!B2"
    assert "Allt" not in copied.defined_names
    assert copied["Ekonomi"].print_title_rows == "$1:$1" and copied["Ekonomi"].auto_filter.ref == "A1:B3"
    assert copied.active.title == "Ekonomi"
    with zipfile.ZipFile(copy) as package:
        book = package.read("xl/workbook.xml").decode()
    assert 'activeTab="1"' in book and 'localSheetId="1"' in book and 'localSheetId="2"' not in book


def test_libreoffice_converts_the_copy_from_a_temporary_folder_into_the_workbooks_pdf(report, monkeypatch):
    seen = []

    def converted(sources, fmt, out_dir, timeout=None):
        for source in sources:
            seen.append((Path(source), load_workbook(source, read_only=True).sheetnames))
            (Path(out_dir) / f"{Path(source).stem}.{fmt}").write_bytes(b"%PDF")
        return [Path(out_dir) / f"{Path(s).stem}.{fmt}" for s in sources]

    monkeypatch.setattr(pdf, "convert_many", converted)
    assert make_pdfs([report], "", sheets=for_the_board) == [report.with_suffix(".pdf")]
    ((source, sheets),) = seen
    assert sheets == BOARD and source.name == report.name
    assert source.parent != report.parent and not source.parent.exists()  # a temporary folder, removed after
    assert sorted(p.name for p in report.parent.iterdir() if p.suffix != ".csv") == [f"{report.stem}.pdf", report.name]


def test_a_copy_that_cannot_be_written_says_so_and_what_is_written(report, monkeypatch):
    def full(workbook, pick, folder):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pdf, "copy_with_sheets", full)
    with pytest.raises(PdfNotMade) as caught:
        make_pdfs([report], "Arbetsboken är skriven i outbox", sheets=for_the_board)
    assert str(caught.value) == (
        f"ingen PDF kunde göras av {report.name}: en tillfällig kopia för PDF:en kunde inte skrivas i {tempfile.gettempdir()}: "
        "disken är full. Arbetsboken är skriven i outbox, och ingen PDF från en tidigare körning ligger kvar bredvid. Kör igen "
        "med --pdf; lyckas det inte, kontrollera att LibreOffice startar (soffice --headless --version) och att datorn "
        "har ledigt minne och diskutrymme, eller spara arbetsboken som PDF från Excel."
    )
    assert not report.with_suffix(".pdf").exists()
