"""Issue 16 item 2: the safety scan inflates small parts from the file in memory, or leaves them to zipfile.

``MemoryZip.inflate`` must give exactly the bytes zipfile's own reader gives, and None
(zipfile then opens the member and raises as before) whenever anything about the entry
is unusual; ``MemoryZip.read`` is zipfile's ``read`` with that shortcut.
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest

from reporting.errors import FileProblem
from reporting.xlsx import safety
from reporting.xlsx.safety import MemoryZip, open_package

ENTRY_FIELDS = ("orig_filename", "compress_type", "flag_bits", "header_offset", "compress_size", "file_size", "CRC")
XML = b'<?xml version="1.0" encoding="UTF-8"?>\n<root>' + b"<c>v\xc3\xa5rd</c>" * 400 + b"</root>"


def zip_of(members: list[tuple[str, bytes, int]]) -> tuple[MemoryZip, bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in members:
            archive.writestr(name, data, compress_type=method)
    return MemoryZip(buffer.getvalue()), buffer.getvalue()


def plain(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_every_part_of_a_real_template_is_zipfiles_bytes(reader_good):
    path = reader_good  # test_robust_read.good_template, built once per session
    package = open_package(path)
    assert isinstance(package.zip, MemoryZip)
    members = package.zip.infolist()
    assert len(members) >= 10
    with zipfile.ZipFile(path) as reference:
        for member in members:
            assert package.zip.inflate(member) == reference.read(member.filename), member.filename
        assert package.parts and all(package.parts[n] == reference.read(n) for n in package.parts)


def test_deflated_stored_and_empty_members_are_inflated_exactly():
    archive, _ = zip_of(
        [("a.xml", XML, zipfile.ZIP_DEFLATED), ("b.xml", XML, zipfile.ZIP_STORED), ("e.xml", b"", zipfile.ZIP_DEFLATED)]
    )
    assert [archive.inflate(m) for m in archive.infolist()] == [XML, XML, b""]
    assert [archive.read(m) for m in archive.infolist()] == [XML, XML, b""]
    with archive.open("a.xml") as handle:
        assert handle.read() == XML


def corrupt(data: bytes, at: int) -> bytes:
    broken = bytearray(data)
    broken[at] ^= 0xFF
    return bytes(broken)


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
@pytest.mark.parametrize("where", ["name", "first data byte", "later data byte"])
def test_a_corrupt_entry_is_left_to_zipfile_which_refuses_it_as_before(method, where):
    _, data = zip_of([("a.xml", XML, method)])
    member = plain(data).infolist()[0]
    start = member.header_offset + 30 + len("a.xml")
    at = {
        "name": member.header_offset + 30,
        "first data byte": start,
        "later data byte": start + member.compress_size // 2,
    }[where]
    broken = corrupt(data, at)
    archive = MemoryZip(broken)
    assert archive.inflate(archive.infolist()[0]) is None
    with pytest.raises((zipfile.BadZipFile, zlib.error)) as ours:
        archive.read("a.xml")
    with pytest.raises((zipfile.BadZipFile, zlib.error)) as theirs:
        plain(broken).read("a.xml")
    assert (type(ours.value), str(ours.value)) == (type(theirs.value), str(theirs.value))


def test_unusual_entries_are_left_to_zipfile():
    archive, _ = zip_of([("a.xml", XML, zipfile.ZIP_DEFLATED), ("b.xml", XML, zipfile.ZIP_DEFLATED)])
    first = archive.infolist()[0]
    for field, value in [
        ("flag_bits", first.flag_bits | 0x1),  # encrypted
        ("file_size", first.file_size - 1),  # the stream is longer than the entry says
        ("file_size", first.file_size + 1),  # or shorter
        ("compress_size", 1 << 30),  # reaches past the file
        ("header_offset", -4),
        ("compress_type", zipfile.ZIP_BZIP2),
        ("_end_offset", first.header_offset + 40),  # overlaps the next entry (newer zipfile refuses it)
        ("CRC", first.CRC ^ 1),
    ]:
        fields = {name: getattr(first, name) for name in ENTRY_FIELDS} | {field: value}
        assert archive.inflate(SimpleNamespace(**fields)) is None, field
    assert archive.inflate(SimpleNamespace(**{name: getattr(first, name) for name in ENTRY_FIELDS})) == XML
    assert archive.inflate(first) == XML


def test_names_are_read_as_zipfile_reads_them_in_utf_8_cp437_and_ascii():
    """The local header must name the entry as the directory does; an ASCII name reads alike in every encoding."""
    archive, data = zip_of([("xl/bild_å.xml", XML, zipfile.ZIP_DEFLATED), ("xl/bildX.xml", XML, zipfile.ZIP_DEFLATED)])
    assert archive.infolist()[0].flag_bits & 0x800  # zipfile marks a non-ASCII name as UTF-8
    assert [archive.inflate(m) for m in archive.infolist()] == [XML, XML]
    cp437 = bytearray(data)  # "X" -> byte 0x86, which cp437 reads as "å", in both headers: no UTF-8 flag
    for at in [i for i in range(len(cp437)) if cp437.startswith(b"xl/bildX.xml", i)]:
        cp437[at + 7] = 0x86
    member = MemoryZip(bytes(cp437)).infolist()[1]
    assert (member.orig_filename, member.flag_bits & 0x800) == ("xl/bildå.xml", 0)
    assert MemoryZip(bytes(cp437)).inflate(member) == plain(bytes(cp437)).read(member) == XML
    local = bytearray(data)  # only the local header's name changed: zipfile refuses it, inflate leaves it to zipfile
    local[local.index(b"xl/bildX.xml") + 7] = ord("Y")
    other = MemoryZip(bytes(local))
    assert other.inflate(other.infolist()[1]) is None
    with pytest.raises(zipfile.BadZipFile):
        plain(bytes(local)).read("xl/bildX.xml")


def test_a_closed_archive_and_other_modes_go_to_zipfile():
    archive, _ = zip_of([("a.xml", XML, zipfile.ZIP_DEFLATED)])
    with pytest.raises(KeyError):
        archive.open("missing.xml")
    archive.close()
    with pytest.raises(ValueError, match="closed"):
        archive.read("a.xml")


DOCTYPE = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>'


def workbook_file(path: Path, styles: bytes) -> tuple[Path, zipfile.ZipInfo]:
    """A minimal package whose xl/styles.xml is ``styles`` (deflated), and that part's entry."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/styles.xml", styles)
    with zipfile.ZipFile(path) as archive:
        return path, archive.getinfo("xl/styles.xml")


def key(entry: zipfile.ZipInfo) -> tuple[int, int, int]:
    return entry.compress_type, entry.CRC, entry.file_size


def test_a_part_stored_as_one_that_passed_is_neither_inflated_nor_scanned_again(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "_PASSED", {})
    path, entry = workbook_file(tmp_path / "a.xlsx", XML)
    open_package(path).close()
    assert safety._PASSED[key(entry)][1] == XML
    inflated: list[str] = []
    real = MemoryZip.inflate
    monkeypatch.setattr(MemoryZip, "inflate", lambda self, m: inflated.append(m.filename) or real(self, m))
    package = open_package(workbook_file(tmp_path / "b.xlsx", XML)[0])  # another file, the same parts
    assert inflated == [] and package.parts["xl/styles.xml"] == XML
    package.close()


def test_only_equal_stored_bytes_count_as_passed_and_a_refused_part_is_never_kept(tmp_path, monkeypatch):
    """A hostile part whose method, CRC and size match a kept part (a forged CRC) is still scanned and refused."""
    path, entry = workbook_file(tmp_path / "dtd.xlsx", DOCTYPE)
    monkeypatch.setattr(safety, "_PASSED", {key(entry): (b"other stored bytes", XML)})
    with pytest.raises(FileProblem, match="DTD"):
        open_package(path)
    monkeypatch.setattr(safety, "_PASSED", {})
    with pytest.raises(FileProblem, match="DTD"):
        open_package(path)
    assert key(entry) not in safety._PASSED


def test_the_parts_kept_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "_PASSED", {})
    monkeypatch.setattr(safety, "PASSED_MAX", 4)
    big = XML[:-7] + b"<c>x</c>" * 9000 + b"</root>"  # over PASSED_MAX_PART
    entry = workbook_file(tmp_path / "big.xlsx", big)[1]
    open_package(tmp_path / "big.xlsx").close()
    assert key(entry) not in safety._PASSED and len(big) > safety.PASSED_MAX_PART
    for n in range(6):
        open_package(workbook_file(tmp_path / f"{n}.xlsx", XML.replace(b"<root>", b"<root n='%d'>" % n))[0]).close()
    assert len(safety._PASSED) == 4


def with_junk_after_last_stream(path: Path, junk: bytes) -> zipfile.ZipInfo:
    """The package's last member with ``junk`` after its deflate stream, counted in its stored size: zipfile and
    inflate still read the part (the stream ends before the junk), so only the size of what is kept can bound it."""
    data = bytearray(path.read_bytes())
    eocd = data.rindex(b"PK\x05\x06")
    directory = struct.unpack_from("<I", data, eocd + 16)[0]
    last = data.rindex(b"PK\x01\x02", directory, eocd)  # the last member's central directory entry
    local = struct.unpack_from("<I", data, last + 42)[0]
    size = struct.unpack_from("<I", data, last + 20)[0] + len(junk)
    struct.pack_into("<I", data, local + 18, size)
    struct.pack_into("<I", data, last + 20, size)
    struct.pack_into("<I", data, eocd + 16, directory + len(junk))
    path.write_bytes(bytes(data[:directory]) + junk + bytes(data[directory:]))
    with zipfile.ZipFile(path) as archive:
        entry = archive.infolist()[-1]
        assert archive.read(entry) == XML and entry.compress_size == size
        return entry


def test_a_part_whose_stored_bytes_are_large_is_not_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "_PASSED", {})
    path, _ = workbook_file(tmp_path / "junk.xlsx", XML)
    entry = with_junk_after_last_stream(path, bytes(range(256)) * 300)  # 75 KiB stored, a 9 KiB part
    package = open_package(path)
    assert package.parts["xl/styles.xml"] == XML
    package.close()
    assert key(entry) not in safety._PASSED and len(XML) < safety.PASSED_MAX_PART < entry.compress_size
    assert sum(len(raw) + len(part) for raw, part in safety._PASSED.values()) < 1000


def _broken(path: Path, entries: list[tuple[str, bytes]], how: str) -> Path:
    """A package of ``entries`` whose last entry is broken: its deflate stream ("stream") or its CRC ("crc")."""
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # a duplicate name, on purpose
        for name, data in entries:
            archive.writestr(name, data)
    data = bytearray(path.read_bytes())
    directory = data.index(b"PK\x01\x02")
    last = data.rindex(b"PK\x03\x04", 0, directory)  # the last entry's local header
    if how == "stream":
        data[last + 60] ^= 0xFF  # inside its deflate stream
    else:
        central = data.rindex(b"PK\x01\x02")
        for at in (last + 14, central + 16):  # the CRC in the local header and in the central directory
            data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


PARTS = [("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")]


def test_a_part_whose_deflate_stream_is_broken_makes_the_file_broken(tmp_path):
    """zlib's own error (not a zipfile one) is a broken file too, with the Swedish message."""
    path = _broken(tmp_path / "broken.xlsx", [*PARTS, ("xl/styles.xml", XML)], "stream")
    with pytest.raises(FileProblem, match="trasig"):
        open_package(path)


def test_a_name_whose_last_entry_is_broken_is_read_as_zipfile_reads_it(tmp_path):
    """Two entries of one name: zipfile reads the last; the first, held whole by the scan, must not stand in for it.
    The last is over 64 KiB with a wrong CRC: its prolog is scanned without reaching the CRC check."""
    large = XML.replace(b"</root>", b"<c>x</c>" * 9000 + b"</root>")
    path = _broken(tmp_path / "twice.xlsx", [*PARTS, ("xl/styles.xml", XML), ("xl/styles.xml", large)], "crc")
    package = open_package(path)
    try:
        assert "xl/styles.xml" not in package.parts
        with pytest.raises(Exception) as theirs, zipfile.ZipFile(path) as plain:
            plain.read("xl/styles.xml")
        with pytest.raises(theirs.type, match=str(theirs.value)):  # as zipfile, not the first entry's part
            package.read("xl/styles.xml")
    finally:
        package.close()
