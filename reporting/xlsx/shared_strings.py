"""A regex reader for ordinary shared-strings parts: the fast path of ``FastBook``'s strings.

Excel, LibreOffice and xlsxwriter write plain strings as one ``<t>`` per item; such a
part is read with two regular expressions instead of an element tree. Anything else is
left to the element tree (``readers._read_strings``).
"""

from __future__ import annotations

import re

_SST_CHAR = "[^<&\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"  # nothing expat refuses or changes
_SST_T = rf'<t(?: xml:space="preserve")?(?:/>|>{_SST_CHAR}*(?:&(?:amp|lt|gt|quot|apos);{_SST_CHAR}*)*</t>)'
_SST = re.compile(
    r'\ufeff?(?:<\?xml version="1\.0" encoding="[Uu][Tt][Ff]-8"(?: standalone="yes")?\?>[ \t\r\n]*)?'
    r'<sst xmlns="http://schemas\.openxmlformats\.org/spreadsheetml/2006/main"'
    rf'(?: count="[0-9]+")?(?: uniqueCount="[0-9]+")?>((?:<si>{_SST_T}</si>)*)</sst>[ \t\r\n]*'
)
_SI_TEXT = re.compile(r"<si><t[^>]*?(?:/>|>([^<]*)</t>)</si>")


def scan_strings(data: bytes) -> list[str] | None:
    """The shared strings of a plain part (each item one ``<t>``, only the five named entities), or None.

    The grammar is a strict subset of well-formed XML, so a part it takes is one the
    element tree reads to the same strings; anything else (rich text, a character
    reference, a carriage return, another attribute or namespace) is None: parse it.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    found = _SST.fullmatch(text)
    if found is None or "]]>" in text:
        return None
    out = _SI_TEXT.findall(found.group(1))
    if "&" in text:
        out = [
            s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", '"')
            .replace("&apos;", "'")
            .replace("&amp;", "&")
            for s in out
        ]
    return out
