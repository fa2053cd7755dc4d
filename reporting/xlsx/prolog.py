"""An XML part's prolog (everything before its root element), where a DTD or an entity declaration would stand.

``safety`` asks this of every XML part of an untrusted package. expat reads the prolog; a part
whose bytes up to the end of its root element's start tag equal those of a part expat already
passed gets the same verdict without a parser (the parts of one template's files share them: a
worksheet's declaration and root tag), as expat reads those bytes the same way in both.
"""

from __future__ import annotations

import re
from typing import IO, Any
from xml.parsers import expat

MAX_PROLOG_BYTES = 1 << 20  # everything before the root element; a real part's prolog is under 100 bytes
DTD_RE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# A start tag: no "<" anywhere in it (expat refuses one in an attribute value), so no match that starts before a
# "<" can reach past it, and the first ">" outside quotes ends it
_FIRST_TAG = re.compile(rb"<[A-Za-z_][^<>\"']*(?:(?:\"[^\"<]*\"|'[^'<]*')[^<>\"']*)*>")
_PASSED: set[bytes] = set()  # parts' bytes up to the end of their root start tag, whose prolog expat passed
PASSED_MAX, PASSED_HEAD_BYTES = 64, 4096  # bounded: at most 256 KiB held


class _Root(Exception):
    """Raised inside expat at the root element's start: the prolog is over."""


class _Doctype(Exception):
    """Raised inside expat at a DOCTYPE or entity declaration."""


def prolog_verdict(handle: IO[bytes], whole: bytes | None = None) -> str:
    """ "ok", "dtd" or "long": the whole prolog of the part ``handle`` reads (``whole``: its bytes, when held).

    A held part that begins with the very bytes of a part that passed, up to the end of that
    part's root start tag, passes: expat would read the same prolog and reach the same root.
    """
    found = _FIRST_TAG.search(whole, 0, PASSED_HEAD_BYTES) if whole is not None else None
    head = whole[: found.end()] if whole is not None and found is not None else None
    if head is not None and head in _PASSED:
        return "ok"
    verdict, root_at = _parse(handle)
    if head is not None and found is not None and root_at == found.start() and len(_PASSED) < PASSED_MAX:
        _PASSED.add(head)  # the first start tag is the root expat met: the same bytes give the same verdict
    return verdict


def _parse(handle: IO[bytes]) -> tuple[str, int | None]:
    """(verdict, byte offset of the root element's start tag when expat reached it) for the prolog, streamed.

    expat knows comments and processing instructions, so a DOCTYPE after a 10 KiB
    comment (or after a comment that looks like a start tag) is found. It is stopped
    at the DOCTYPE's start, before any entity is declared or expanded. A prolog that
    goes on past MAX_PROLOG_BYTES is refused. If expat cannot parse the prolog at all,
    the bytes read are searched for "<!DOCTYPE"/"<!ENTITY" instead (the readers will
    then refuse the broken part anyway).
    """
    parser = expat.ParserCreate()
    root_at: list[int] = []

    def root(*_: Any) -> None:
        root_at.append(parser.CurrentByteIndex)
        raise _Root

    def doctype(*_: Any) -> None:
        raise _Doctype

    parser.StartElementHandler = root
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    seen = bytearray()
    try:
        while len(seen) <= MAX_PROLOG_BYTES and (chunk := handle.read(1 << 16)):
            seen += chunk
            parser.Parse(chunk, False)
        if len(seen) > MAX_PROLOG_BYTES:
            return "long", None
        parser.Parse(b"", True)
    except _Root:
        return "ok", root_at[0]
    except _Doctype:
        return "dtd", None
    except expat.ExpatError:
        head = bytes(seen)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        return "dtd" if DTD_RE.search(head) else "ok", None
    return "ok", None
