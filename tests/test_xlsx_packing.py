"""The caching packager writes the very bytes xlsxwriter's own packager writes, whatever it kept from before."""

from __future__ import annotations

import io
import uuid
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import pytest
import xlsxwriter
from xlsxwriter.packager import Packager

from reporting.demo.units import unit_plan
from reporting.plan.periods import Period
from reporting.template import write as template_write
from reporting.template.write import build_template
from reporting.xlsx import packing
from reporting.xlsx.write import Formats, new_workbook

CREATED = datetime(2025, 5, 2, 8, 30)
HOSTILE = ["  leading and trailing  ", "tab\there", "bell\x07and\x1fnul", "<r>not rich</r>", "&<>\"'", "å ä ö – €", ""]
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


def _workbook(texts: list[str], bold: bool, in_memory: bool = True) -> dict[str, bytes]:
    packed = io.BytesIO()
    wb = new_workbook(packed, in_memory=in_memory)
    fmt = Formats(wb)
    ws = wb.add_worksheet("Blad")
    for row, text in enumerate(texts):
        ws.write_string(row, 0, text, fmt.bold if bold else fmt.text)
    wb.close()
    return _members(packed)


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


def test_a_full_cache_starts_again(monkeypatch):
    monkeypatch.setattr(packing, "MOST_KEPT", 3)
    monkeypatch.setattr(packing, "_si", {})
    _workbook(["a", "b", "c", "d"], False)
    assert list(packing._si) == ["d"]


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
