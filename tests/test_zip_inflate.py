"""Issue 16 item 2: the safety scan inflates small parts from the file in memory, or leaves them to zipfile.

``MemoryZip.inflate`` must give exactly the bytes zipfile's own reader gives, and None
(zipfile then opens the member and raises as before) whenever anything about the entry
is unusual; ``MemoryZip.read`` is zipfile's ``read`` with that shortcut.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from types import SimpleNamespace

import pytest

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


def test_a_closed_archive_and_other_modes_go_to_zipfile():
    archive, _ = zip_of([("a.xml", XML, zipfile.ZIP_DEFLATED)])
    with pytest.raises(KeyError):
        archive.open("missing.xml")
    archive.close()
    with pytest.raises(ValueError, match="closed"):
        archive.read("a.xml")
