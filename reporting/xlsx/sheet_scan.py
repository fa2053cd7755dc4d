"""A regex scanner for ordinary worksheet XML: the fast path of ``FastBook.rows``.

Expat calls back into Python for every element, and those calls were half of intake's time.
Excel, LibreOffice, openpyxl and xlsxwriter write a sheet's cells in a small grammar; this
module reads such a part whole with a few regular expressions and gives exactly the rows the
expat reader (``_SheetParser``) gives. Whatever it cannot prove it understood (a namespace
prefix, a comment or CDATA, an unknown entity or element, a DTD, broken or truncated XML, an
error while typing a value) makes ``scan_sheet`` return None before any row is handed out,
and the caller reads the sheet with expat, the strict reference.

Around ``<sheetData>`` expat itself checks the rest of the part (one C call, no Python callbacks),
so a part the reference would reject is rejected here too, and no ``<row>`` or ``<c>`` element may
stand outside ``<sheetData>``. Rows of plain cells are read with one ``findall`` per sheet (``_rows``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import chain
from typing import Any, NamedTuple
from xml.parsers import expat

from openpyxl.formula.translate import Translator
from openpyxl.utils import column_index_from_string

from reporting.xlsx.cell_xml import ATTRS, NOT_CONTROL, SPACE, GiveUp, S, attributes, cell_body, char_data
from reporting.xlsx.safety import Package

SCAN_MAX_BYTES = 4 << 20  # a larger part is streamed through expat: memory follows chunks, not the part
REF_RE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")

Rows = list[tuple[int, list[Any]]]
CellMaker = Callable[[str, int, "str | None", "str | None", "str | None"], Any]

_PLAIN = r'"([^"<&\t\n\r]*)"'
_CANON = rf"(?: r={_PLAIN})?(?: s={_PLAIN})?(?: t={_PLAIN})?"  # the order every writer uses
_BODY = r"[^<]*(?:<(?!/?c[ \t\r\n/>])[^<]*)*"
_CELL = re.compile(
    rf"{S}*<c(?:{_CANON}|({ATTRS})){S}*"
    rf"(?:/>|>(?:(?:<f>([^<]*)</f>)?<v>([^<]*)</v>|({_BODY}))</c{S}*>)"
)
_ROW_START = re.compile(rf"{S}*<row({ATTRS}){S}*(/?)>")
_ROW_END = re.compile(rf"{S}*</row{S}*>")
_TOKENS = re.compile(  # (whole cell, r, s, t, f, v, row start, row end, other text): see _rows
    r'(<c r="([A-Z]{1,3}[0-9]+)"(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?(?:/>|>(?:<f>([^<&\r]+)</f>)?<v>([^<&\r]*)</v></c>))'
    r'|([ \t\r\n]*<row(?: [A-Za-z_:][A-Za-z0-9_:.\-]*="[^"<&\t\n\r]*")*/?>)|([ \t\r\n]*</row>)'
    r"|([\s\S]*?</row[ \t\r\n]*>|[\s\S]+)"
)
_WINDOW_END = re.compile(r"</row>|<row\b[^>]*/>")  # a window ends after a row's end
_WINDOW = 1 << 16
_DIGITS = re.compile("[0-9]+")
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # expat refuses these characters in a document
# U+FFFE and U+FFFF begin with EF in UTF-8: searched for only where an EF byte is

_OPEN = re.compile(rb"<sheetData[ \t\r\n]*(/?)>")
_CLOSE = re.compile(rb"</sheetData[ \t\r\n]*>")
_DECL = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml[ \t\r\n][^<>?]*\?>")
_UTF8 = re.compile(rb"encoding[ \t\r\n]*=[ \t\r\n]*([\"'])[Uu][Tt][Ff]-8\1")
_MARKUP = re.compile(rb"<[!?]")  # a comment, CDATA, DTD or PI (one search: faster than two "in" tests)
_STRAY = re.compile(rb"<(?:[^ \t\r\n/>]*:)?(?:row|c)[ \t\r\n/>]")  # a row or cell outside sheetData
_COLUMNS: dict[str, int] = {}  # cell reference -> column, for the references met so far
_ROW_NUMBERS: dict[str, str] = {}  # a row's attribute text (or start tag: no "<" in the former) -> its r
_ACCEPTED: set[bytes] = set()  # parts without their cells or plain text that expat accepted
_GOOD_HEADS: set[bytes] = set()  # the text before <sheetData> of parts that passed _check_head
# Text between two tags of characters expat always accepts (valid UTF-8, no control character, nothing
# from U+F000 up, no quote, markup or character reference): where no comment, CDATA or PI can hold it,
# taking it out changes no verdict, so one template's parts differing only in such text (a header
# naming the unit) share one check.
_CHAR = rb"[^<>\"'&\x00-\x08\x0b\x0c\x0e-\x1f\xef]"
_NAMED_REF = rb"&(?:amp|lt|gt|quot|apos);"
_PLAIN_TEXT = re.compile(rb">(?:%s|%s)%s*(?:%s%s*)*<" % (_CHAR, _NAMED_REF, _CHAR, _NAMED_REF, _CHAR))


def whole_part(package: Package, part: str) -> bytes | None:
    """The part's bytes when the safety scan holds them or they are small; None: stream it."""
    cached = package.parts.get(part)
    if cached is not None:
        return cached
    try:
        if package.zip.getinfo(part).file_size <= SCAN_MAX_BYTES:
            return package.zip.read(part)
    except Exception:  # a missing or broken part: the streaming reader reports it as before
        pass
    return None


def scan_sheet(data: bytes, cell: CellMaker, blank: Callable[[], Any], max_row: int, max_col: int) -> Any:
    """(rows as (row number, cells), cut) exactly as ``_SheetParser`` gives them, or None: use expat.

    Any exception (also one typing a value) means None: expat then meets it at the
    same place and the caller sees the reference's stream, rows then error.
    """
    if len(data) > SCAN_MAX_BYTES:
        return None
    try:
        return _scan(data, cell, blank, max_row, max_col)
    except Exception:
        return None


def _scan(data: bytes, cell: CellMaker, blank: Callable[[], Any], max_row: int, max_col: int) -> tuple[Rows, bool]:
    opening = _OPEN.search(data)
    if opening is None:
        raise GiveUp
    head, body, rest = data[: opening.start()], b"", opening.end()
    _check_head(head)
    if not opening.group(1):
        end = data.find(b"</sheetData", opening.end())
        closing = _CLOSE.match(data, end) if end >= 0 else None
        if closing is None:
            raise GiveUp
        body, rest = data[opening.end() : end], closing.end()
    tail, text = data[rest:], body.decode("utf-8")
    if body.translate(None, NOT_CONTROL) or (b"\xef" in body and _BAD.search(text)) or b"]]>" in body:
        raise GiveUp
    rows, cut = _rows(text, _How(cell, blank, max_row, max_col))
    if cut:
        _expat_accepts(head + b"<sheetData>", head + b"<sheetData>")
    else:
        tail.decode("utf-8")  # the text taken out of the key below is valid UTF-8
        marked = _MARKUP.search(tail) is not None  # in a comment "--" is an error: no text is plain there
        _expat_accepts(
            head + b"<sheetData/>" + tail, head + b"<sheetData/>" + (tail if marked else _PLAIN_TEXT.sub(b"><", tail))
        )
    return rows, cut


def _check_head(head: bytes) -> None:
    """The first <sheetData> is the real one (no comment, CDATA or PI can hide it) and the part is UTF-8.

    A pure function of the head, and one template's sheets have few heads: those that passed are kept.
    """
    if head in _GOOD_HEADS:
        return
    decl = _DECL.match(head)
    rest = head[decl.end() :] if decl else head
    if _MARKUP.search(rest):  # the declaration's one "<" opens it: a "<!" in the head is in the rest
        raise GiveUp
    if decl and b"encoding" in decl.group() and not _UTF8.search(decl.group()):
        raise GiveUp
    if len(_GOOD_HEADS) < 64 and len(head) < 1 << 14:  # bounded: at most 1 MiB held
        _GOOD_HEADS.add(head)


def _expat_accepts(document: bytes, key: bytes) -> None:
    """Expat parses the part without its cells as the reference does (never final, no DTD), or raises.

    ``key`` is the document without plain text, which expat accepts exactly when
    it accepts the document (given valid characters); accepted keys are kept.
    """
    if key in _ACCEPTED:
        return
    if _STRAY.search(key):  # plain text holds no tag: every element outside sheetData is in the key
        raise GiveUp
    parser = streaming_parser()
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.Parse(document, False)
    if len(_ACCEPTED) < 64 and len(key) < 1 << 16:  # bounded: at most 4 MiB held
        _ACCEPTED.add(key)


def streaming_parser() -> Any:
    """An expat parser that handles each chunk as it comes, as expat before 2.6 did.

    Expat 2.6 (in newer Pythons) may hold a chunk's tail back until more data or a
    final call; the sheet readers never make a final call (a part cut short is read
    as far as it is whole), so without this their rows would depend on the expat version.
    """
    parser = expat.ParserCreate()
    if hasattr(parser, "SetReparseDeferralEnabled"):
        parser.SetReparseDeferralEnabled(False)
    return parser


def _forbid(*_: Any) -> None:
    raise GiveUp


class _How(NamedTuple):
    """What a sheet is read with and how far: ``scan_sheet``'s arguments."""

    cell: CellMaker
    blank: Callable[[], Any]
    max_row: int
    max_col: int


def _rows(text: str, how: _How) -> tuple[Rows, bool]:
    """The rows of sheetData's content; the same bounds and rules as ``_SheetParser``.

    One ``findall`` per window (``_windows``) cuts the text into tokens that tile it: a row's start or
    end, a cell as Excel writes a value or an unshared formula (r, s and t in that order, no entity or
    CR), each read here; and where none of those fits, the text up to the end of the row it is in. That
    text is read again from its row's start by ``_general`` (one match per cell). One loop, not a call
    per cell: this is the hottest code of intake. An empty group is an absent one (no plain s, t or f is
    empty; an empty v is None here and "" there, both an empty cell to the CellMaker).
    """
    out: Rows = []
    shared: dict[str, tuple[str, str]] = {}
    cell, blank, max_row, max_col = how
    pos = number = seen = begun = before = 0  # begun: where the open row starts; before: the number before it
    cells: list[Any] | None = None
    tokens = chain.from_iterable(_TOKENS.findall(text, lo, hi) for lo, hi in _windows(text))
    for whole, ref, style, kind, formula, value, start, end, other in tokens:
        if whole:
            if cells is None:
                raise GiveUp  # a cell outside a row
            pos += len(whole)
            col = _COLUMNS.get(ref)
            if col is None:
                col = column_index_from_string(ref.rstrip("0123456789"))
                if len(_COLUMNS) < 1 << 14 and len(ref) < 16:
                    _COLUMNS[ref] = col
            if col > max_col:
                continue
            info = cell(
                kind or "n", int(style) if style else 0, value or None, None, "=" + formula if formula else None
            )
            if len(cells) == col - 1:  # the usual case: the next cell to the right
                cells.append(info)
            else:
                place(cells, col, info, blank)
        elif end:
            if cells is None:
                raise GiveUp
            pos += len(end)
            cells = None
        elif other:
            stop = pos + len(other)
            if cells is not None:  # the open row is read again, whole
                out.pop()
                pos, number, seen, cells = begun, before, seen - 1, None
            number, seen, cut = _general(text, pos, stop, out, number, seen, shared, how)
            if cut:
                return out, True
            pos = stop
        else:
            if cells is not None:
                raise GiveUp  # a row in a row
            closed = start[-2] == "/"
            given = _row_number(start, tag=True)
            begun, before = pos, number
            number = int(given) if given else number + 1
            seen += 1
            if number > max_row or seen > max_row:
                return out, True
            pos += len(start)
            cells = []
            out.append((number, cells))
            if closed:
                cells = None
    if cells is not None or pos != len(text):  # the tokens tile the text: the second test is a defence
        raise GiveUp
    return out, False


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """Spans of about ``_WINDOW`` characters, each ending just after a literal ``</row>`` or a self-closing row
    (or at the end), so the tokens of a large part are not all held at once, and a capped read stops after the
    window that passes the cap (300 000 rows ``<row r="60"/>`` were one window, every token found before the cap
    could stop). No token crosses such an end: a plain token holds no "</row>" but a row end's, a row's start tag
    is one token, and "other" text stops at the first row end it meets."""
    start, size = 0, len(text)
    while start < size:
        found = _WINDOW_END.search(text, start + _WINDOW)
        stop = size if found is None else found.end()
        yield start, stop
        start = stop


def _general(
    text: str, pos: int, stop: int, out: Rows, number: int, seen: int, shared: dict[str, tuple[str, str]], how: _How
) -> tuple[int, int, bool]:
    """The rows of ``text[pos:stop]`` one match per cell: (row number, rows seen, cut) after them."""
    while (row := _ROW_START.match(text, pos, stop)) is not None:
        given = _row_number(row.group(1))
        number = int(given) if given else number + 1
        seen += 1
        if number > how.max_row or seen > how.max_row:
            return number, seen, True
        pos = row.end()
        cells: list[Any] = []
        if not row.group(2):
            pos = _cells(text, pos, stop, cells, how, shared)
            if (end := _ROW_END.match(text, pos, stop)) is None:
                raise GiveUp
            pos = end.end()
        out.append((number, cells))
    if SPACE.match(text, pos, stop).end() != stop:  # type: ignore[union-attr]
        raise GiveUp
    return number, seen, False


def _row_number(text: str, tag: bool = False) -> str:
    """A row's r attribute ("" when absent) from its attributes' text (or its whole start tag), remembered
    per text: rows repeat theirs across files."""
    given = _ROW_NUMBERS.get(text)
    if given is None:
        attrs = text[text.index("<") + 4 : -2 if text[-2] == "/" else -1] if tag else text
        given = attributes(attrs).get("r") or ""
        if given and not _DIGITS.fullmatch(given):
            raise GiveUp  # int() would take " 5" or "٥", or fail; expat's reader then decides
        if len(_ROW_NUMBERS) < 1 << 14 and len(text) < 256:  # bounded: a hostile row's text is not kept
            _ROW_NUMBERS[text] = given
    return given


def _cells(text: str, pos: int, stop: int, cells: list[Any], how: _How, shared: dict[str, tuple[str, str]]) -> int:
    """Reads one row's cells into ``cells`` from ``pos`` (not past ``stop``); returns where they end."""
    match, cell, blank, max_col = _CELL.match, how.cell, how.blank, how.max_col
    position = 0
    while (found := match(text, pos, stop)) is not None:
        pos = found.end()
        ref, style, kind, attrs, formula, value, body = found.groups()
        inline = None
        formula_attrs: dict[str, str] | None = None
        if attrs is not None:
            given = attributes(attrs)
            ref, style, kind = given.get("r"), given.get("s"), given.get("t")
        if body is not None:
            value, inline, formula, formula_attrs = cell_body(body)
        elif value is not None:
            if "&" in value or "\r" in value:
                value = char_data(value)
            if formula is not None and ("&" in formula or "\r" in formula):
                formula = char_data(formula)
        col = _COLUMNS.get(ref) if ref else None
        if col is None:
            found_ref = REF_RE.match(ref) if ref else None
            col = column_index_from_string(found_ref.group(1)) if found_ref else position + 1
            if found_ref and len(_COLUMNS) < 1 << 14 and len(found_ref.group()) < 16:
                _COLUMNS[ref] = col
        position = col
        if col > max_col:
            continue
        if formula is not None:
            formula = "=" + shared_formula(shared, formula, formula_attrs, ref)
        info = cell(
            "n" if kind is None else kind,
            0 if style is None else int(style),
            value,
            None if inline is None else "".join(inline),
            formula,
        )
        if len(cells) == col - 1:
            cells.append(info)
        else:
            place(cells, col, info, blank)
    return pos


def place(cells: list[Any], col: int, info: Any, blank: Callable[[], Any]) -> None:
    """Put a cell in its (one-based) column: blanks up to it, or over the one read there before (as openpyxl)."""
    while len(cells) < col:
        cells.append(blank())
    cells[col - 1] = info


def dense_rows(numbered: Iterator[tuple[int, list[Any]]]) -> Iterator[list[Any]]:
    """(row number, cells) in file order -> one list per row from row 1; repeated or earlier rows skipped."""
    next_row = 1
    for number, cells in numbered:
        if number < next_row:
            continue
        while next_row < number:
            yield []
            next_row += 1
        yield cells
        next_row = number + 1


def shared_formula(shared: dict[str, tuple[str, str]], text: str, attrs: dict[str, str] | None, ref: str | None) -> str:
    """A formula's text; a shared formula's master is kept, and a follower is the master moved to ``ref``."""
    si = attrs.get("si") if attrs else None
    if attrs and attrs.get("t") == "shared" and si is not None:
        if text:
            shared[si] = (text, ref or "")
        elif si in shared:
            master, origin = shared[si]
            return Translator("=" + master, origin=origin).translate_formula(ref)[1:]
    return text
