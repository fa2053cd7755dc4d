"""Item 14: a DTD anywhere in an XML part's prolog is found, however long the prolog."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_hostile import _rewrite
from test_robust_read import WORKBOOK, both, member

DOCTYPE = b'<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


@pytest.fixture
def good(reader_good):
    return reader_good  # read only


def with_prolog(good: Path, target: Path, prolog: bytes, part: str = WORKBOOK) -> Path:
    data = member(good, part)
    head, _, rest = data.partition(b"?>")
    return _rewrite(good, target, replace={part: head + b"?>" + prolog + rest})


def prolog_files(good: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, expected rule); "" means accepted."""
    folder.mkdir(exist_ok=True)
    comment = b"<!--" + b"x" * 10_240 + b"-->"
    tricky = b"<!-- <workbook> looks like a root -->" + b"<?pi " + b"y" * 5000 + b"?>"
    return {
        "kommentar-dtd.xlsx": (with_prolog(good, folder / "kommentar-dtd.xlsx", comment + DOCTYPE), "file-hostile"),
        "kommentar-dtd-strängar.xlsx": (
            with_prolog(good, folder / "kommentar-dtd-strängar.xlsx", comment + DOCTYPE, "xl/sharedStrings.xml"),
            "file-hostile",
        ),
        "lurig-dtd.xlsx": (with_prolog(good, folder / "lurig-dtd.xlsx", tricky + DOCTYPE), "file-hostile"),
        "lång-inledning.xlsx": (
            with_prolog(good, folder / "lång-inledning.xlsx", b"<!--" + b"z" * 2_000_000 + b"-->"),
            "file-hostile",
        ),
        "kommentar.xlsx": (with_prolog(good, folder / "kommentar.xlsx", comment), ""),
    }


def test_doctype_after_a_long_prolog_is_found(good, tmp_path, plan):
    for name, (path, rule) in prolog_files(good, tmp_path / "prolog").items():
        for result in both(path, plan):
            if not rule:
                assert result.accepted, (name, result.findings)
                continue
            assert [f.rule.value for f in result.findings] == [rule], (name, result.findings)
            assert "avvisas" in result.findings[0].message, name
