"""The caching packager writes the very bytes xlsxwriter's own packager writes, whatever it kept from before (but
text that looks like rich text, which it escapes), and our workbooks are deflated at level 1."""

from __future__ import annotations

import io
import uuid
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import load_workbook
from xlsxwriter.packager import Packager

from reporting.demo.units import unit_plan
from reporting.plan.periods import Period
from reporting.template import write as template_write
from reporting.template.write import build_template
from reporting.xlsx import packing
from reporting.xlsx.write import Formats, new_workbook

CREATED = datetime(2025, 5, 2, 8, 30)
HOSTILE = ["  leading and trailing  ", "tab\there", "bell\x07and\x1fnul", "&<>\"'", "å ä ö – €", "", "x" * 5000]
RICH_LOOKING = ["<r>a & b</r>", "<r><t>injected</t></r>", " <r>x</r>"]  # xlsxwriter writes the first two as XML
NEAR = ["a", " a", "a ", "a\n", "\x07", "_x0007_", "ä", "a\u0308", "1", "1.0"]  # a cache keyed loosely mixes these up


def _members(path: Path | io.BytesIO) -> dict[str, bytes]:
    """Every part but docProps/core.xml, which holds the time the file was written."""
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"}


@pytest.fixture
def plain(monkeypatch):
    """Switch to xlsxwriter's own packager."""

    def use_plain() -> None:
        monkeypatch.setattr(packing.CachingWorkbook, "_get_packager", lambda self: Packager())

    return use_plain


def test_templates_written_after_others_are_the_plain_packagers_byte_for_byte(tmp_path, monkeypatch, plain):
    plan = unit_plan(6)
    monkeypatch.setattr(template_write.uuid, "uuid4", lambda: uuid.UUID(int=7))
    period = Period(2025, "T1")
    units = [(u.division, u.id) for u in plan.units]
    for division, unit in units:  # the cache now holds every string of these templates
        build_template(plan, division, period, tmp_path / "warm" / f"{unit}.xlsx", created=CREATED, unit_id=unit)
    assert packing._si
    for division, unit in units:
        build_template(plan, division, period, tmp_path / "kept" / f"{unit}.xlsx", created=CREATED, unit_id=unit)
    plain()
    for division, unit in units:
        build_template(plan, division, period, tmp_path / "plain" / f"{unit}.xlsx", created=CREATED, unit_id=unit)
        kept, made = _members(tmp_path / "kept" / f"{unit}.xlsx"), _members(tmp_path / "plain" / f"{unit}.xlsx")
        assert kept == made
        assert b"Enhet" in kept["xl/sharedStrings.xml"] and b"<cellXfs" in kept["xl/styles.xml"]


def _written(texts: list[str], bold: bool = False, in_memory: bool = True) -> bytes:
    packed = io.BytesIO()
    wb = new_workbook(packed, in_memory=in_memory)
    fmt = Formats(wb)
    ws = wb.add_worksheet("Blad")
    for row, text in enumerate(texts):
        ws.write_string(row, 0, text, fmt.bold if bold else fmt.text)
    wb.close()
    return packed.getvalue()


def _workbook(texts: list[str], bold: bool, in_memory: bool = True) -> dict[str, bytes]:
    return _members(io.BytesIO(_written(texts, bold, in_memory)))


@pytest.mark.parametrize("in_memory", [True, False])
@pytest.mark.parametrize("bold", [False, True])
def test_hostile_strings_and_other_styles_come_out_as_xlsxwriter_writes_them(plain, bold, in_memory):
    texts = HOSTILE + NEAR
    first = _workbook(texts, bold, in_memory)
    kept = _workbook(list(reversed(texts)), not bold, in_memory)  # the same strings from the cache, other styles
    plain()
    assert first == _workbook(texts, bold, in_memory)
    assert kept == _workbook(list(reversed(texts)), not bold, in_memory)
    assert b"bell_x0007_and_x001F_nul" in first["xl/sharedStrings.xml"]


def test_text_that_looks_like_rich_text_stays_text_and_the_file_stays_whole(tmp_path):
    """xlsxwriter writes "<r>…</r>" as raw XML (rich text we never write): a comment like that broke the file."""
    path = tmp_path / "rich.xlsx"
    path.write_bytes(_written(RICH_LOOKING + RICH_LOOKING))  # the second time from the cache
    ws = load_workbook(path).active
    assert [ws.cell(row, 1).value for row in range(1, 7)] == RICH_LOOKING + RICH_LOOKING


def test_no_workbook_of_ours_has_rich_text():
    """_element escapes every string: rich text written with write_rich_string would come out as its XML."""
    package = Path(packing.__file__).parents[1]
    assert not [p.name for p in package.rglob("*.py") if "write_rich_string" in p.read_text(encoding="utf-8")]


def test_the_cache_keeps_short_strings_within_its_budget(monkeypatch):
    monkeypatch.setattr(packing, "_si", {})
    monkeypatch.setattr(packing, "_held", [0])
    _workbook(["a" * 2000, "b"], False)
    assert list(packing._si) == ["b"]  # a long string is a one-off
    element = packing._si["b"]
    monkeypatch.setattr(packing, "MOST_KEPT_CHARS", 3 * (1 + len(element)))
    _workbook(["c", "d", "e"], False)
    assert list(packing._si) == ["e"] and packing._held == [1 + len(element)]  # full after d: started again


def _deflated_at(member: bytes, level: int) -> int:
    deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
    return len(deflate.compress(member) + deflate.flush())


@pytest.mark.parametrize("in_memory", [True, False])  # False: xlsxwriter zips its temporary files with write()
def test_our_workbooks_are_deflated_quickly_and_others_as_before(tmp_path, in_memory):
    ours = io.BytesIO()
    wb = new_workbook(ours, in_memory=in_memory)
    wb.add_worksheet("Blad").write_string(0, 0, "Nyckeltal " * 200)
    wb.close()
    theirs = tmp_path / "plain.xlsx"
    plain = xlsxwriter.Workbook(str(theirs), {"in_memory": True})
    plain.add_worksheet("Blad").write_string(0, 0, "Nyckeltal " * 200)
    plain.close()
    for path, level, other in ((ours, packing.QUICK, 6), (theirs, 6, packing.QUICK)):
        with zipfile.ZipFile(path) as z:
            sizes = {i.filename: (i.compress_size, z.read(i)) for i in z.infolist() if i.file_size > 1000}
        assert {name: size for name, (size, _) in sizes.items()} == {
            name: _deflated_at(data, level) for name, (_, data) in sizes.items()
        }
        assert any(size != _deflated_at(data, other) for size, data in sizes.values())  # the levels differ here
