"""The content of one cell and an element's attributes as expat reads them: ``sheet_scan``'s general grammar.

Each function reads text a ``sheet_scan`` pattern has already matched, and gives exactly what
expat would report (entities, character references, line ends, attribute values), or raises
``GiveUp`` where expat would fail or where the text is not understood: the caller then reads the
part with expat, the reference.
"""

from __future__ import annotations

import re

S = r"[ \t\r\n]"
VALUE = r"(?:\"[^\"<&\t\n\r]*\"|'[^'<&\t\n\r]*')"  # no entity, no whitespace to normalise
ATTRS = rf"(?:{S}+[A-Za-z_:][A-Za-z0-9_:.\-]*{S}*={S}*{VALUE})*"
SPACE = re.compile(rf"{S}*")
# bytes that translate deletes to leave the control characters expat refuses: in UTF-8 each is one byte, and no
# longer sequence holds one
NOT_CONTROL = bytes(set(range(256)) - set(range(32))) + b"\t\n\r"
_ATTR = re.compile(r"([^ \t\r\n=]+)[ \t\r\n]*=[ \t\r\n]*(?:\"([^\"]*)\"|'([^']*)')")
_T = rf"<t{ATTRS}{S}*(?:/>|>[^<]*</t{S}*>)"
_RPR = rf"<rPr{ATTRS}{S}*(?:/>|>(?:{S}|<(?!(?:c|row|v|f|t|is)[ \t\r\n/>])[A-Za-z_][A-Za-z0-9_.\-]*{ATTRS}{S}*/>)*</rPr{S}*>)"
_RUN = rf"<r{ATTRS}{S}*(?:/>|>(?:{S}|{_T}|{_RPR})*</r{S}*>)"
_ITEM = re.compile(
    rf"{S}*(?:<(v|f)({ATTRS}){S}*(?:/>|>([^<]*)</\1{S}*>)"
    rf"|<is({ATTRS}){S}*(?:/>|>((?:{S}|{_T}|{_RUN})*)</is{S}*>))"
)
_TEXTS = re.compile(rf"<t{ATTRS}{S}*(?:/>|>([^<]*)</t{S}*>)")
_TAG_ATTRS = re.compile(rf"<[A-Za-z_][A-Za-z0-9_.\-]*({ATTRS})")
_REF = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


class GiveUp(Exception):
    """The part holds something the scanner does not fully understand: expat reads it."""


def attributes(given: str) -> dict[str, str]:
    """Attributes already matched by ``ATTRS``; a repeated name is an error in expat."""
    if not given:
        return {}
    pairs = _ATTR.findall(given)
    out = {name: double or single for name, double, single in pairs}
    if len(out) != len(pairs):
        raise GiveUp
    return out


def cell_body(body: str) -> tuple[str | None, list[str] | None, str | None, dict[str, str] | None]:
    """A cell's content in any order (value, inline text runs, formula, formula attributes), as expat sees it."""
    value = formula = None
    inline: list[str] | None = None
    formula_attrs: dict[str, str] | None = None
    pos = 0
    while (item := _ITEM.match(body, pos)) is not None:
        pos = item.end()
        name, attrs, content, is_attrs, runs = item.groups()
        if name == "v":
            attributes(attrs)
            value = char_data(content or "")
        elif name == "f":
            formula_attrs, formula = attributes(attrs), char_data(content or "")
        else:
            attributes(is_attrs)
            for tag in _TAG_ATTRS.finditer(runs or ""):
                attributes(tag.group(1))
            inline = [char_data(t or "") for t in _TEXTS.findall(runs or "")]
    if SPACE.match(body, pos).end() != len(body):  # type: ignore[union-attr]
        raise GiveUp
    return value, inline, formula, formula_attrs


def char_data(raw: str) -> str:
    """Character data as expat reports it: line ends normalised, the five entities and character references."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in raw:
        return raw
    if raw.count("&") != len(_REF.findall(raw)):
        raise GiveUp  # an unknown entity or a bare '&'
    return _REF.sub(_reference, raw)


def _reference(found: re.Match[str]) -> str:
    name, decimal, hexadecimal = found.groups()
    if name:
        return _NAMED[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF:
        return chr(code)
    raise GiveUp
