"""Item 3: encrypted zip entries and password-protected (OLE) workbooks are clean rejections in both readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporting.findings import Rule
from test_hostile import _encrypted_flag, _rewrite
from test_robust_read import EKONOMI, WORKBOOK, both


@pytest.fixture
def good(reader_good):
    return reader_good  # read only


def ole_encrypted(target: Path, marker: bytes, offset: int) -> Path:
    body = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * (offset + 1000))
    body[offset : offset + len(marker)] = marker
    target.write_bytes(bytes(body))
    return target


def encrypted_files(good: Path, folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    media = _rewrite(good, folder / "with-media.xlsx", add={"xl/media/image1.png": b"\x89PNG" + b"\x00" * 100})
    return [
        _encrypted_flag(good, folder / "krypterad-flik.xlsx", EKONOMI),
        _encrypted_flag(good, folder / "krypterad-arbetsbok.xlsx", WORKBOOK),
        _encrypted_flag(media, folder / "krypterad-bild.xlsx", "xl/media/image1.png"),
        ole_encrypted(folder / "ole-ascii.xlsx", b"EncryptedPackage", 600),
        ole_encrypted(folder / "ole-sent.xlsx", "EncryptedPackage".encode("utf-16-le"), 300_000),
        ole_encrypted(folder / "ole-info.xlsx", "EncryptionInfo".encode("utf-16-le"), 1_000_000),
    ]


def test_encrypted_entries_and_workbooks_are_rejected_cleanly(good, tmp_path, plan):
    for path in encrypted_files(good, tmp_path / "enc"):
        for result in both(path, plan):
            assert not result.accepted, path.name
            assert [f.rule for f in result.findings] == [Rule.FILE_UNREADABLE], (path.name, result.findings)
            message = result.findings[0].message
            assert "lösenordsskyddad eller krypterad" in message, (path.name, message)
            assert "skicka" in message  # says what to do
