"""A reader for ordinary shared-strings parts: the fast path of ``FastBook``'s strings.

Excel, LibreOffice and xlsxwriter write plain strings as one ``<t>`` per item; such a
part is split into its items in C instead of parsed into an element tree. Anything else
is left to the element tree (``readers._read_strings``).
"""

from __future__ import annotations

import re

from reporting.xlsx.cell_xml import NOT_CONTROL

_HEAD = re.compile(
    r'\ufeff?(?:<\?xml version="1\.0" encoding="[Uu][Tt][Ff]-8"(?: standalone="yes")?\?>[ \t\r\n]*)?'
    r'<sst xmlns="http://schemas\.openxmlformats\.org/spreadsheetml/2006/main"(?: count="[0-9]+")?(?: uniqueCount="[0-9]+")?>'
)
_TAIL = re.compile(r"</sst>[ \t\r\n]*")
_ENTITY = re.compile("&(?:amp|lt|gt|quot|apos);")
# every item written alike, so that the items are the text between one separator and the next
_SAME = (('<t xml:space="preserve"/>', "<t></t>"), ('<t xml:space="preserve">', "<t>"), ("<t/>", "<t></t>"))
_REFUSED = ("\r", "]]>", "\ufffe", "\uffff")  # a parser changes CR; "]]>" is an error; expat refuses the others
_FIRST, _BETWEEN, _LAST = "<si><t>", "</t></si><si><t>", "</t></si>"


def scan_strings(data: bytes) -> list[str] | None:
    """The shared strings of a plain part (each item one ``<t>``, only the five named entities), or None.

    The grammar is a strict subset of well-formed XML, so a part it takes is one the
    element tree reads to the same strings; anything else (rich text, a character
    reference, a carriage return, another attribute or namespace) is None: parse it.
    Once every item is written alike, the items are split apart in C (``str.split``),
    and the count of "<" proves that no item holds another tag.
    """
    if data.translate(None, NOT_CONTROL):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    head, end = _HEAD.match(text), text.rfind("</sst>")
    if head is None or end < head.end() or _TAIL.fullmatch(text, end) is None:
        return None
    inner = text[head.end() : end]
    if not inner:
        return []
    for written, alike in _SAME:
        inner = inner.replace(written, alike)
    if not (inner.startswith(_FIRST) and inner.endswith(_LAST)) or any(bad in inner for bad in _REFUSED):
        return None
    out = inner[len(_FIRST) : -len(_LAST)].split(_BETWEEN)
    if inner.count("<") != 4 * len(out):  # each item's four tags: no other tag anywhere
        return None
    if "&" in inner:
        if inner.count("&") != len(_ENTITY.findall(inner)):
            return None  # a character reference, another entity or a bare "&": the tree decides
        out = [
            s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", '"')
            .replace("&apos;", "'")
            .replace("&amp;", "&")
            for s in out
        ]
    return out
