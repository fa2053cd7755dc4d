"""Issue 16 item 2: the regex sheet scanner gives exactly the expat reader's rows, or gives up and expat reads.

Every comparison reads each sheet twice through ``FastBook.rows`` (scanner on, then
off) and compares every ``CellInfo`` field, ``truncated`` and any exception. The
``scanned`` flag proves the scanner really read the ordinary files, so no test here
compares expat with itself.
"""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reporting.output.libreoffice import convert_many
from reporting.xlsx import sheet_scan
from reporting.xlsx.readers import MAX_COLUMNS, FastBook
from reporting.xlsx.safety import Package, open_package
from sheet_xml import SHEET, random_sheet, workbook_parts
from test_gnumeric import saved_by_gnumeric, ssconvert  # noqa: F401  (the fixture)

CAPS = [(2000, 40), (5, 3), (1, MAX_COLUMNS), (3, 1), (2000, 1000)]
# the random and the damaged tests draw the same 300 sheets (bytes, never changed): each is drawn once
drawn_sheet = functools.cache(random_sheet)


def read(book: FastBook, sheet: str, max_row: int, max_col: int, scan: bool) -> tuple[Any, ...]:
    """Every field of every row, the truncated flag, or the exception; and whether the scanner read it."""
    book.scan = scan
    try:
        # a row's repr is every field of every cell (as astuple's was, at half this file's cost), with the types
        # that == would not tell apart (1, 1.0, True) and NaN
        rows = [repr(row) for row in book.rows(sheet, max_row, max_col)]
        outcome: tuple[Any, ...] = ("rows", rows, sheet in book.truncated)
    except Exception as error:  # the same exception, from the same place, on both paths
        outcome = ("error", type(error).__name__, str(error))
    return outcome, sheet in book.scanned


def compare_book(book: FastBook, caps: list[tuple[int, int]] = CAPS) -> tuple[int, int]:
    """(sheet reads the scanner did, sheet reads) after asserting both paths agree on each."""
    scanned = total = 0
    for sheet in book.sheetnames:
        for max_row, max_col in caps:
            fast, used = read(book, sheet, max_row, max_col, scan=True)
            reference, never = read(book, sheet, max_row, max_col, scan=False)
            assert not never
            assert fast == reference, (sheet, max_row, max_col)
            scanned, total = scanned + used, total + 1
    return scanned, total


def compare_file(path: Path) -> tuple[int, int]:
    try:
        book = FastBook(open_package(path))
    except Exception:  # refused or unreadable before any sheet is read: nothing to compare
        return 0, 0
    try:
        return compare_book(book)
    finally:
        book.close()


def book_of(sheet: bytes) -> FastBook:
    """A one-sheet workbook (sheet "S") around the given worksheet XML, read from an unchecked zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in workbook_parts(sheet).items():
            archive.writestr(name, data)
    return FastBook(Package(zipfile.ZipFile(io.BytesIO(buffer.getvalue()))))


def test_every_reader_test_file_reads_the_same_and_ordinary_ones_are_scanned(reader_corpus, reader_catalogue):
    folder, built = reader_corpus  # test_readers.corpus, built once per session (conftest_reader.py)
    files = list(built)
    ordinary = [path for path in files if "bad" not in path.relative_to(folder).parts]  # not the hostile ones
    assert len(ordinary) >= 7
    files += reader_catalogue  # test_robust_read_catalogue.robust_catalogue, built once per session
    files += sorted(Path(__file__).parent.rglob("*.xlsx"))  # workbooks kept under tests/, if any
    counts = [compare_file(path) for path in files]  # each file compared once, the ordinary ones among them
    for path in ordinary:  # demo submissions, filled templates, one re-saved by openpyxl
        scanned, total = counts[files.index(path)]
        assert total > 0 and scanned == total, path.name
    assert sum(s for s, _ in counts) > 0.8 * sum(t for _, t in counts)
    assert any(t and s < t for s, t in counts)  # and some hostile files did fall back


@pytest.mark.libreoffice
def test_files_saved_by_libreoffice_are_scanned_and_read_the_same(soffice, tmp_path, reader_corpus):
    files = reader_corpus[1][:7]
    for resaved in convert_many(files, "xlsx", tmp_path / "lo"):
        scanned, total = compare_file(resaved)
        assert total > 0 and scanned == total, resaved.name


def test_files_saved_by_gnumeric_are_scanned_and_read_the_same(ssconvert, tmp_path_factory, plan, blank_templates):  # noqa: F811
    _, saved = saved_by_gnumeric(tmp_path_factory, ssconvert, plan, blank_templates)  # test_gnumeric's file, once
    scanned, total = compare_file(saved)
    assert total > 0 and scanned == total


SEEDS = range(300)


def for_each_seed(check: Any) -> None:
    """``check(seed)`` for every drawn sheet, in one test: each takes a few milliseconds, about what pytest and
    pytest-xdist spend on a test of their own; a failure names its seed."""
    for seed in SEEDS:
        try:
            check(seed)
        except AssertionError as failure:
            raise AssertionError(f"seed {seed}: {failure}") from failure


def test_random_ordinary_sheets_read_the_same():
    def check(seed: int) -> None:
        book = book_of(drawn_sheet(seed))
        scanned, total = compare_book(book, [*CAPS, (seed % 7, 1 + seed % 5)])
        assert scanned == total  # the grammar the writers use is always scanned

    for_each_seed(check)


def test_damaged_sheets_read_the_same_either_way():
    """One byte changed, inserted or cut off: whichever path reads it, the answer is expat's."""

    def check(seed: int) -> None:
        data = bytearray(drawn_sheet(seed))
        where = 200 + (seed * 7919) % (len(data) - 200)
        if seed % 3 == 0:
            data[where] = b"<>&\"'/x\x01\xff;="[seed % 11]
        elif seed % 3 == 1:
            data[where:where] = [b"<", b"&", b"]]>", b"\r", b"&#0;", b"&#x1F600;"][seed % 6]
        else:
            del data[where:]
        compare_book(book_of(bytes(data)))

    for_each_seed(check)


def _edit(*pairs: bytes) -> bytes:
    """SHEET with each (old, new) pair replaced once."""
    edited = SHEET
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in edited, old
        edited = edited.replace(old, new, 1)
    return edited


UNSUPPORTED = {
    "prefix": _edit(b"<c r=", b'<x:c xmlns:x="urn:x" r=', b"</c>", b"</x:c>"),
    "cdata": _edit(b"<v>1</v>", b"<v><![CDATA[1]]></v>"),
    "comment": _edit(b'<row r="2"', b'<!-- n --><row r="2"'),
    "pi": _edit(b'<row r="2"', b'<?pi x?><row r="2"'),
    "unknown entity": _edit(b"<v>1</v>", b"<v>&nbsp;1</v>"),
    "dtd": _edit(b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY e "x">]><worksheet'),
    "duplicate attribute": _edit(b'<c r="A1"', b'<c r="A1" r="A1"'),
    "mismatched tag": _edit(b"<v>1</v>", b"<v>1</f>"),
    "truncated": SHEET[: SHEET.index(b"</sheetData>")],
    "truncated in a tag": SHEET[: SHEET.index(b"</sheetData>") + 5],
    "latin-1": _edit(b'encoding="UTF-8"', b'encoding="ISO-8859-1"'),
    "utf-16": SHEET.decode().replace('"UTF-8"', '"UTF-16"').encode("utf-16"),
    "row outside sheetData": _edit(b"</sheetData>", b'</sheetData><extLst><row r="9"/></extLst>'),
    "cell outside sheetData": _edit(b"</sheetData>", b'</sheetData><extLst><c r="B9"><v>5</v></c></extLst>'),
    "unknown child": _edit(b"<v>1</v>", b"<v>1</v><extLst/>"),
    "phonetic run": _edit(b"<t>in</t>", b"<t>in</t><rPh sb='0' eb='1'><t>ph</t></rPh>"),
    "row number text": _edit(b'<row r="2"', b'<row r="x2"'),
    "row number spaced": _edit(b'<row r="2"', b'<row r=" 2"'),
    "bad character reference": _edit(b"<v>1</v>", b"<v>1&#0;</v>"),
    "control character": _edit(b"<t>in</t>", b"<t>i\x02n</t>"),
    "control character in a value": _edit(b"<v>1</v>", b"<v>1\x1f</v>"),
    "non-character U+FFFF": _edit(b"<t>in</t>", "<t>i\uffffn</t>".encode()),
    "bad style": _edit(b'<c r="A1"', b'<c r="A1" s="x"'),
    "text in sheetData": _edit(b'<row r="2"', b'x<row r="2"'),
    "junk after the root": SHEET + b"<x/>",
}


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_what_the_scanner_does_not_understand_falls_back_to_expat(name):
    assert compare_book(book_of(SHEET), [(2000, 40)]) == (1, 1)  # the same sheet without it is scanned
    assert compare_book(book_of(UNSUPPORTED[name]), [(2000, 40)]) == (0, 1)


REFUSED = [chr(c) for c in range(32) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]


@pytest.mark.parametrize("char", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
def test_every_character_expat_refuses_makes_the_scanner_give_up(char):
    assert compare_book(book_of(_edit(b"<t>in</t>", f"<t>i{char}n</t>".encode())), [(2000, 40)]) == (0, 1)


def test_other_characters_from_u_f000_up_are_scanned():
    """Their UTF-8 begins with EF, as U+FFFE and U+FFFF do; only those two make the scanner give up."""
    assert compare_book(book_of(_edit(b"<t>in</t>", "<t>\uff21\uf8ff\ufffd</t>".encode())), [(2000, 40)]) == (1, 1)


def test_a_part_over_the_bound_is_streamed_by_expat(monkeypatch):
    book = book_of(random_sheet(3))
    assert compare_book(book, [(2000, 40)]) == (1, 1)
    monkeypatch.setattr(sheet_scan, "SCAN_MAX_BYTES", 100)
    assert compare_book(book, [(2000, 40)]) == (0, 1)


def test_the_remembered_check_of_the_xml_around_the_cells_is_exact():
    """Parts differing only in plain text share one check, but text inside a comment is not plain ("--")."""
    first = SHEET.replace(b"</worksheet>", b"<oddHeader>Enhet 1</oddHeader><!--x><y--></worksheet>")
    for other in (b"Enhet 22", b"a--b"):
        assert compare_book(book_of(first), [(2000, 40)]) == (1, 1)
        second = first.replace(b"Enhet 1", other).replace(b"<!--x><y-->", b"<!--x>" + other + b"<y-->")
        assert compare_book(book_of(second), [(2000, 40)]) == ((1, 1) if other == b"Enhet 22" else (0, 1))


def test_what_the_scanner_remembers_across_files_holds_no_long_text():
    long_row = SHEET.replace(b'<row r="2"', b'<row r="2" spans="' + b"1" * 5000 + b'"')
    long_ref = SHEET.replace(b'<c r="B1">', b'<c r="B' + b"0" * 5000 + b'1">')
    for data in (long_row, long_ref):
        assert compare_book(book_of(data), [(2000, 40)]) == (1, 1)
    assert max(map(len, sheet_scan._ROW_NUMBERS)) < 256
    assert max(map(len, sheet_scan._COLUMNS)) < 16


PLAIN = _edit(b'<c r="A2" t="inlineStr"><is><t>in</t></is></c>', b'<c r="A2" s="1" t="s"><v>0</v></c>')
# each is one step off the plain grammar _rows reads with one findall; _general (or expat) must read it alike
NEAR_PLAIN = {
    "empty formula": (b"<f>B1*2</f>", b"<f></f>"),
    "empty style": (b'<c r="B1">', b'<c r="B1" s="">'),
    "empty type": (b'<c r="B1">', b'<c r="B1" t="">'),
    "space between cells": (b'</c><c r="B1">', b'</c> <c r="B1">'),
    "space in the row end": (b"</v></c></row>", b"</v></c></row >"),
    "space in the cell end": (b"<v>1</v></c>", b"<v>1</v></c >"),
    "entity in a value": (b"<v>1</v>", b"<v>&#49;</v>"),
    "entity in a formula": (b"<f>B1*2</f>", b"<f>B1&gt;2</f>"),
    "carriage return": (b"<v>1</v>", b"<v>1\r</v>"),
    "]]> in a value": (b"<v>1</v>", b"<v>1]]>2</v>"),  # an error in XML
    "absolute reference": (b'<c r="B1">', b'<c r="$B$1">'),
    "lower-case reference": (b'<c r="B1">', b'<c r="b1">'),
    "four letters": (b'<c r="B1">', b'<c r="ABCD1">'),
    "no reference": (b'<c r="B1">', b"<c>"),
    "another attribute": (b'<c r="B1">', b'<c r="B1" cm="1">'),
    "attributes reordered": (b'<c r="A2" s="1" t="s">', b'<c r="A2" t="s" s="1">'),
    "single quotes": (b'<c r="B1">', b"<c r='B1'>"),
    "shared formula": (b"<f>B1*2</f>", b'<f t="shared" ref="C2" si="0">B1*2</f>'),
    "self-closing cell": (b'<c r="B1"><v>1</v></c>', b'<c r="B1" s="1"/>'),
    "empty value": (b"<v>1</v>", b"<v></v>"),
    "empty row": (b'<row r="1">', b'<row r="1"></row><row r="3">'),
    "far column": (b'<c r="B1">', b'<c r="XFD1">'),
    "cells out of order": (b'<c r="A1" t="s">', b'<c r="D1" t="s">'),
    "comment holding a row end": (b'</c><c r="B1">', b'</c><!-- </row> --><c r="B1">'),
    "space around rows": (b'</row><row r="2">', b'</row>\n  <row r="2">'),
    "space before the first row": (b'<row r="1">', b'\n<row r="1">'),
    "space after the last row": (b"</row></sheetData>", b"</row>\n</sheetData>"),
    "space in the row start": (b'<row r="2">', b'<row r="2" >'),
    "row attributes in single quotes": (b'<row r="2">', b"<row r='2'>"),
    "more row attributes": (b'<row r="2">', b'<row r="2" spans="1:3" x14ac:dyDescent="0.25">'),
    "entity in a row attribute": (b'<row r="2">', b'<row r="2" spans="1&amp;3">'),
    "row attribute twice": (b'<row r="2">', b'<row r="2" r="2">'),
    "row without a number": (b'<row r="2">', b"<row>"),
    "row number with a sign": (b'<row r="2">', b'<row r="+2">'),
    "self-closing row": (b'<row r="2">', b'<row r="2"/><row r="3">'),
    "self-closing row with space": (b'<row r="2">', b'<row r="2" /><row r="3">'),
    "cell between rows": (b'</row><row r="2">', b'</row><c r="Z1"><v>1</v></c><row r="2">'),
    "cell between rows, then a row end": (b'</row><row r="2">', b'</row><c r="Z1"><v>1</v></c></row><row r="2">'),
    "cell before the first row": (b'<row r="1">', b'<c r="Z1"><v>1</v></c><row r="1">'),
    "row end without a row": (b'</row><row r="2">', b'</row></row><row r="2">'),
    "row in a row": (b'</row><row r="2">', b'<row r="9"></row></row><row r="2">'),
    "row never ended": (b"</row></sheetData>", b"</sheetData>"),
    "text between rows": (b'</row><row r="2">', b'</row>x<row r="2">'),
}


def test_plain_rows_are_read_in_one_findall(monkeypatch):
    """Every row of the plain sheet is read from the one findall; _general (one match per cell) is never called."""
    called: list[int] = []
    general = sheet_scan._general
    monkeypatch.setattr(sheet_scan, "_general", lambda *args: called.append(1) or general(*args))
    assert compare_book(book_of(PLAIN)) == (len(CAPS), len(CAPS))
    assert called == []
    assert compare_book(book_of(SHEET), [(2000, 40)]) == (1, 1)
    assert called == [1]  # the inline string's row is not plain: it alone is read again


@pytest.mark.parametrize("name", sorted(NEAR_PLAIN))
def test_cells_one_step_off_the_plain_grammar_read_as_expat_reads_them(name):
    compare_book(book_of(_near(name)))


# what Excel and LibreOffice write around rows: still plain, every row read from the one findall
STILL_PLAIN = [
    "space around rows",
    "space before the first row",
    "more row attributes",
    "self-closing row",
    "row without a number",
    "empty row",
    "empty value",
    "self-closing cell",
]


@pytest.mark.parametrize("name", STILL_PLAIN)
def test_rows_as_writers_write_them_stay_plain(name, monkeypatch):
    called: list[int] = []
    general = sheet_scan._general
    monkeypatch.setattr(sheet_scan, "_general", lambda *args: called.append(1) or general(*args))
    assert compare_book(book_of(_near(name)), [(2000, 40)]) == (1, 1)
    assert called == []


def _near(name: str) -> bytes:
    old, new = NEAR_PLAIN[name]
    edited = PLAIN
    assert old in edited, old
    return edited.replace(old, new, 1)


def test_each_row_read_again_is_read_within_itself(monkeypatch):
    """A row that is not plain is read again from its own start to its own end, never to the part's end.

    Rows ending "</row >" (valid XML) once made every row's search run to the part's end: quadratic."""
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row >' for n in range(1, 301)) + '<row r="301"></row>'
    sheet = SHEET.replace(
        SHEET[SHEET.index(b"<sheetData>") : SHEET.index(b"</sheetData>")], b"<sheetData>" + rows.encode()
    )
    spans: list[int] = []
    general, tokens = sheet_scan._general, sheet_scan._TOKENS
    findall: list[int] = []

    class Spy:
        def findall(self, text: str, start: int, stop: int) -> Any:
            findall.append(stop - start)
            return tokens.findall(text, start, stop)

    def spy(text: str, pos: int, stop: int, *args: Any) -> Any:
        spans.append(stop - pos)
        return general(text, pos, stop, *args)

    monkeypatch.setattr(sheet_scan, "_general", spy)
    monkeypatch.setattr(sheet_scan, "_TOKENS", Spy())
    assert compare_book(book_of(sheet), [(2000, 40)]) == (1, 1)
    assert len(spans) == 300 and max(spans) < 60  # each row alone, read once
    assert findall == [len(rows)]  # one pass over the part


def _windows_seen(monkeypatch: Any) -> list[tuple[int, int]]:
    """The (start, stop) of each window the scanner tokenises, each asserted to start just after a row's end
    ("</row>" or a self-closing row's "/>") or at the part's start."""
    tokens, spans = sheet_scan._TOKENS, []

    class Spy:
        def findall(self, text: str, start: int, stop: int) -> Any:
            spans.append((start, stop))
            assert start == 0 or text[start - 6 : start] == "</row>" or text[start - 2 : start] == "/>"
            return tokens.findall(text, start, stop)

    monkeypatch.setattr(sheet_scan, "_TOKENS", Spy())
    return spans


def test_a_large_part_is_read_in_windows_that_end_at_a_row_end(monkeypatch):
    """The tokens of a large part are never all held at once; the rows are the same as expat's."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c><c r="B{n}"><f>A{n}*2</f><v>{n}.5</v></c></row>'
        for n in range(1, 4001)
    )
    sheet = SHEET.replace(
        SHEET[SHEET.index(b"<sheetData>") : SHEET.index(b"</sheetData>")], b"<sheetData>" + rows.encode()
    )
    spans = _windows_seen(monkeypatch)
    assert compare_book(book_of(sheet), [(5000, 40), (3999, 2)]) == (2, 2)
    assert len(spans) == 2 * (len(rows) // sheet_scan._WINDOW + 1)  # windows of 64 KiB, both reads
    assert max(stop - start for start, stop in spans) < sheet_scan._WINDOW + 100


def test_a_window_ends_only_after_a_whole_row_end():
    """Rows ending "</row >" (valid XML) around a window's start: the window runs on to a literal "</row>"."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row{" " if 1000 <= n < 2000 else ""}>' for n in range(1, 4001)
    )
    assert rows.index("</row >") < sheet_scan._WINDOW < rows.rindex("</row >")
    sheet = SHEET.replace(
        SHEET[SHEET.index(b"<sheetData>") : SHEET.index(b"</sheetData>")], b"<sheetData>" + rows.encode()
    )
    assert compare_book(book_of(sheet), [(5000, 40)]) == (1, 1)  # the same as expat, and read by the scanner


def test_a_capped_read_of_self_closing_rows_stops_after_its_first_window(monkeypatch):
    """200 000 rows "<row r="60"/>" (as the catalogue's rader.xlsx) were one window with no "</row>" in it: a read
    capped at ten rows tokenised all of it first. A self-closing row ends a window too."""
    rows = "".join(f'<row r="{n}"/>' for n in range(1, 200_001)) + '<row r="200001"><c r="A200001"><v>1</v></c></row>'
    sheet = SHEET.replace(
        SHEET[SHEET.index(b"<sheetData>") : SHEET.index(b"</sheetData>")], b"<sheetData>" + rows.encode()
    )
    spans = _windows_seen(monkeypatch)
    assert compare_book(book_of(sheet), [(10, 40)]) == (1, 1)  # as expat, and read by the scanner
    assert len(spans) == 1 and spans[0][1] - spans[0][0] < sheet_scan._WINDOW + 100
