"""The prolog check's shortcut: a part beginning with the very bytes (through its root start tag) of a part expat
passed gets "ok" without a parser; anything else is still read by expat, DTDs found as before."""

from __future__ import annotations

import io

import pytest

from reporting.xlsx import prolog

DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ROOT = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" a=">">'
DOCTYPE = b'<!DOCTYPE x [<!ENTITY e "eee">]>'


def verdict(data: bytes) -> str:
    return prolog.prolog_verdict(io.BytesIO(data), data)


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(prolog, "_PASSED", set())


def no_parser(monkeypatch) -> None:
    def refuse(handle):
        raise AssertionError("expat was asked")

    monkeypatch.setattr(prolog, "_parse", refuse)


def test_a_part_with_a_passed_parts_head_is_not_parsed_again(fresh, monkeypatch):
    assert verdict(DECL + ROOT + b"<sheetData/></worksheet>") == "ok"
    assert set(prolog._PASSED) == {DECL + ROOT}  # through the root tag's ">", not the ">" in its attribute
    no_parser(monkeypatch)
    assert verdict(DECL + ROOT + b"<sheetData><row/></sheetData></worksheet>") == "ok"


def test_a_fake_tag_in_a_comment_is_not_remembered_and_the_doctype_after_it_is_found(fresh, monkeypatch):
    comment = b"<!-- <worksheet> looks like a root -->"
    assert verdict(DECL + comment + ROOT + b"</worksheet>") == "ok"
    assert set(prolog._PASSED) == set()  # expat's root is not the first tag-like text: nothing kept
    assert verdict(DECL + comment + DOCTYPE + ROOT + b"</worksheet>") == "dtd"


def test_other_heads_are_still_parsed(fresh):
    assert verdict(DECL + ROOT + b"</worksheet>") == "ok"
    assert verdict(DECL + DOCTYPE + ROOT + b"</worksheet>") == "dtd"
    assert verdict(DECL + b"<!--" + b"z" * 2 * prolog.MAX_PROLOG_BYTES + b"-->" + ROOT) == "long"
    broken = DECL + b"<!-- -- -->" + b"<!DOCTYPE x>" + ROOT  # expat fails: the bytes are searched instead
    assert verdict(broken) == "dtd"
    assert set(prolog._PASSED) == {DECL + ROOT}


def test_a_streamed_part_is_parsed(fresh):
    data = DECL + ROOT + b"</worksheet>"
    assert prolog.prolog_verdict(io.BytesIO(data)) == "ok"  # no bytes held: nothing to compare, nothing kept
    assert set(prolog._PASSED) == set()
