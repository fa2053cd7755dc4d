"""Fill a workbook by patching its package, as Excel keeps a workbook's structure when a person types into cells.

Every zip member is copied unchanged but the edited sheets' XML and, when text cells change, sharedStrings.xml
(new strings appended, count and uniqueCount updated). An edited cell keeps its style (``s``); a cell or row the
sheet lacks is inserted in order. The edited sheets' formulas lose their cached values, as openpyxl's save
leaves them, so that a reader recomputes them instead of trusting results the edits made stale.

Values are typed as openpyxl types them (see ``cell``). What this module does not handle (another kind of
package, a date, a value of another type) raises ``Unsupported``: the caller then saves through openpyxl.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from math import isfinite
from types import SimpleNamespace
from typing import Any
from xml.etree import ElementTree

from openpyxl.utils.cell import column_index_from_string, get_column_letter

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
SHARED_STRINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"

_ROW = re.compile(r"<row\b([^<>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL = re.compile(r"<c\b([^<>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR = re.compile(r'\s+([\w:]+)="([^"<>]*)"')
_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_CACHE = re.compile(r"<v>.*?</v>|<v/>", re.S)
_SHARED = re.compile(r"<v>(\d+)</v>")
_OTHER_SHEET = re.compile(rb"<f\b[^<>]*>[^<]*!")  # a formula naming a sheet
_DIMENSION = re.compile(r'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/>')
_ILLEGAL = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # openpyxl or XML refuses these
ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")  # openpyxl: such text is an error
MAX_TEXT = 32767  # openpyxl cuts longer text

Cell = tuple[dict[str, str], str | None]  # a cell's attributes and its content (None: an empty element)


class Unsupported(Exception):
    """A package or a value the patcher does not handle."""


def escape(text: str) -> str:
    """Text as XML character data; a carriage return as a reference, which a parser would otherwise read as \\n."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attrs(text: str) -> dict[str, str]:
    """A tag's attributes; anything but plain double-quoted attributes is not handled."""
    if _ATTR.sub("", text).strip():
        raise Unsupported(f"attributes {text!r}")
    return dict(_ATTR.findall(text))


def _tag(name: str, attrs: dict[str, str], body: str | None) -> str:
    head = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f"<{name}{head}/>" if body is None else f"<{name}{head}>{body}</{name}>"


def _every(pattern: re.Pattern[str], text: str, what: str) -> list[re.Match[str]]:
    """The matches of ``pattern`` that together are the whole ``text`` (else Unsupported)."""
    matches = list(pattern.finditer(text))
    if "".join(m.group(0) for m in matches) != text:
        raise Unsupported(f"{what} with other content")
    return matches


@dataclass
class Row:
    """One ``<row>``: its attributes and cells by column number, in order, and its XML as written back."""

    attrs: dict[str, str]
    cells: dict[int, Cell]
    written: str = ""

    def xml(self) -> str:
        return _tag("row", self.attrs, "".join(_tag("c", a, content) for a, content in self.cells.values()) or None)


@dataclass
class Sheet:
    """A worksheet part split around its sheetData, with its rows by number (formula caches dropped)."""

    head: str
    tail: str
    rows: dict[int, Row]

    def cells(self, strings: list[str]) -> Any:
        """The cells as ``ws._cells`` of an openpyxl read holds them, for the tests' ``_Sheet``: their values
        where these are text (header texts and row ids are text; no number equals a text)."""
        found = {}
        for r, row in self.rows.items():
            for c, (attrs, content) in row.cells.items():
                found[(r, c)] = SimpleNamespace(
                    value=_text(attrs, content, strings), column_letter=get_column_letter(c)
                )
        return SimpleNamespace(_cells=found)


def _text(attrs: dict[str, str], content: str | None, strings: list[str]) -> str | None:
    """A cell's value as openpyxl reads it, when that is text (a formula reads as its text with "=")."""
    kind = attrs.get("t", "n")
    if not content or (kind in ("n", "b") and "<f" not in content):
        return None
    shared = _SHARED.fullmatch(content)
    if kind == "s" and shared:
        return strings[int(shared.group(1))]
    try:
        node = ElementTree.fromstring(f"<c>{content}</c>")
    except ElementTree.ParseError as exc:
        raise Unsupported("a cell's content") from exc
    formula, value = node.find("f"), node.findtext("v")
    if formula is not None:
        return "=" + (formula.text or "")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in node.iter("t"))
    return value if kind in ("str", "e") else None


def _without_cache(attrs: dict[str, str], content: str | None) -> Cell:
    """A formula cell as openpyxl saves it: the formula without its cached value (nor the value's type)."""
    if content is None or "<f" not in content:
        return attrs, content
    return {k: v for k, v in attrs.items() if k != "t"}, _CACHE.sub("", content)


def _row(match: re.Match[str]) -> tuple[int, Row]:
    attrs_text, body = match.group(1), match.group(2)
    attrs = _attrs(attrs_text)
    if not attrs.get("r", "").isdigit():
        raise Unsupported("a row without its number")
    number = int(attrs["r"])
    cells: dict[int, Cell] = {}
    for m in _every(_CELL, body or "", f"row {number}"):
        cell_attrs = _attrs(m.group(1))
        ref = _REF.fullmatch(cell_attrs.get("r", ""))
        if ref is None or int(ref.group(2)) != number:
            raise Unsupported(f"row {number}: a cell without its reference")
        column = column_index_from_string(ref.group(1))
        if cells and column <= max(cells):
            raise Unsupported(f"row {number}: cells out of order")
        cells[column] = _without_cache(cell_attrs, m.group(2))
    row = Row(attrs, cells)
    row.written = row.xml() if "<f" in (body or "") else match.group(0)  # as the template has it but formula caches
    return number, row


def parse_sheet(xml: str) -> Sheet:
    """Split a worksheet part; its rows and cells must be plain (unprefixed, numbered, in order)."""
    start = re.search(r"<sheetData\s*(/?)>", xml)
    if start is None:
        raise Unsupported("no sheetData")
    closed = bool(start.group(1))
    end = start.end() if closed else xml.find("</sheetData>", start.end())
    if end < 0:
        raise Unsupported("sheetData not closed")
    rows = dict(_row(m) for m in _every(_ROW, xml[start.end() : end], "sheetData"))
    if list(rows) != sorted(rows):
        raise Unsupported("rows out of order")
    return Sheet(xml[: start.start()], xml[end + (0 if closed else len("</sheetData>")) :], rows)


@dataclass
class Package:
    """A template's zip members, its sheets' parts by name and its shared strings, read once for many fills."""

    members: list[tuple[zipfile.ZipInfo, bytes]]
    sheet_parts: dict[str, str]  # sheet name -> part name
    strings_part: str
    strings: list[str]
    sst: tuple[str, str, str]  # the part before its root's content (declaration, <sst ...>), the <si>s, the end
    sheets: dict[str, Sheet] = field(default_factory=dict)
    index: dict[str, int] = field(default_factory=dict)  # each string's first index
    located: dict[str, Any] = field(default_factory=dict)  # the caller's lookups per sheet, kept with the package
    linked: list[str] = field(default_factory=list)  # sheets with a formula on another sheet: recomputed on any edit

    def sheet(self, name: str) -> Sheet:
        if name not in self.sheet_parts:
            raise KeyError(f"Worksheet {name} does not exist.")  # as openpyxl's wb[name]
        if name not in self.sheets:
            part = self.sheet_parts[name]
            self.sheets[name] = parse_sheet(next(d for i, d in self.members if i.filename == part).decode("utf-8"))
        return self.sheets[name]


def read_package(data: bytes) -> Package:
    """The parts of a package the patcher edits; Unsupported for a package it does not know."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            members = [(info, z.read(info)) for info in z.infolist()]
        names = {info.filename: body for info, body in members}
        rels = {
            r.get("Id"): (r.get("Type", ""), _part(r.get("Target", "")))
            for r in ElementTree.fromstring(names["xl/_rels/workbook.xml.rels"]).iter(f"{PKG_REL}Relationship")
        }
        book = ElementTree.fromstring(names["xl/workbook.xml"])
        sheets = {s.get("name", ""): rels[s.get(f"{REL}id", "")][1] for s in book.iter(f"{MAIN}sheet")}
        strings_part = next(target for kind, target in rels.values() if kind == SHARED_STRINGS)
        sst = names[strings_part].decode("utf-8")
        table = ElementTree.fromstring(sst)
    except (zipfile.BadZipFile, KeyError, StopIteration, ElementTree.ParseError, UnicodeDecodeError) as exc:
        raise Unsupported(f"not a package the patcher knows ({type(exc).__name__}: {exc})") from exc
    opened = re.search(r"<sst\b[^<>]*?(/?)>", sst)
    if opened is None or any(part not in names for part in sheets.values()):
        raise Unsupported("no shared strings, or a sheet's part missing")
    close = len(sst) if opened.group(1) else sst.rfind("</sst>")
    head = sst[: opened.start()] + opened.group(0).replace("/>", ">")
    strings = ["".join(t.text or "" for t in si.iter(f"{MAIN}t") if t not in _phonetic(si)) for si in table]
    package = Package(members, sheets, strings_part, strings, (head, sst[opened.end() : close], "</sst>"))
    package.index = {s: i for i, s in reversed(list(enumerate(strings)))}
    package.linked = [name for name, part in sheets.items() if _OTHER_SHEET.search(names[part])]
    return package


def _phonetic(si: ElementTree.Element) -> list[ElementTree.Element]:
    return [t for rph in si.iter(f"{MAIN}rPh") for t in rph.iter(f"{MAIN}t")]


def _part(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


class Strings:
    """The shared strings of one fill: the template's, those the fill adds, and the change in references."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.added: dict[str, int] = {}
        self.references = 0

    def of(self, text: str) -> int:
        self.references += 1
        found = self.package.index.get(text)
        if found is None:
            found = self.added.setdefault(text, len(self.package.strings) + len(self.added))
        return found

    def xml(self) -> bytes:
        """The part with the added strings appended and its counts updated, as Excel keeps them."""
        head, body, end = self.package.sst
        unique = len(self.package.strings) + len(self.added)
        head = re.sub(r'\buniqueCount="\d+"', f'uniqueCount="{unique}"', head)
        head = re.sub(r'\bcount="(\d+)"', lambda m: f'count="{int(m.group(1)) + self.references}"', head)
        return f"{head}{body}{''.join(f'<si>{_t(s)}</si>' for s in self.added)}{end}".encode()


def _t(text: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<t{space}>{escape(text)}</t>"


def cell(ref: str, style: str | None, value: Any, as_text: bool, strings: Strings) -> Cell:
    """A cell holding ``value``, typed as openpyxl types it: a number (written as openpyxl writes it), a bool,
    text as a shared string (``as_text``: even when it starts with "="), a formula (text starting with "=",
    no cached value), an error code's text as an error; None or "" empties the cell. The style is kept."""
    attrs = {"r": ref, **({"s": style} if style is not None else {})}
    if isinstance(value, bool):
        return {**attrs, "t": "b"}, f"<v>{int(value)}</v>"
    if isinstance(value, (int, float, Decimal)):
        if not isfinite(value):
            raise Unsupported(f"{value!r}")
        return attrs, f"<v>{float(value):.16g}</v>"  # openpyxl's "%.16g" (as a float, a Decimal too)
    if value is not None and not isinstance(value, str):
        raise Unsupported(f"a value of type {type(value).__name__}")
    if not value:
        return attrs, None
    value = value[:MAX_TEXT]
    if _ILLEGAL.search(value):
        raise Unsupported("a character openpyxl refuses")
    if not as_text and len(value) > 1 and value.startswith("="):
        return attrs, f"<f>{escape(value[1:])}</f>"
    if not as_text and value in ERROR_CODES:
        return {**attrs, "t": "e"}, f"<v>{value}</v>"
    return {**attrs, "t": "s"}, f"<v>{strings.of(value)}</v>"


def patched_sheet(sheet: Sheet, edits: dict[tuple[int, int], tuple[Any, bool]], strings: Strings) -> bytes:
    """The sheet's part with ``edits`` ((row, column) -> (value, as text)) applied."""
    by_row: dict[int, dict[int, tuple[Any, bool]]] = {}
    for (r, c), edit in edits.items():
        by_row.setdefault(r, {})[c] = edit
    rows = {n: row.written for n, row in sheet.rows.items()}
    added: list[tuple[int, int]] = []
    for r, changes in by_row.items():
        row = sheet.rows.get(r) or Row({"r": str(r)}, {})
        cells = dict(row.cells)
        for c, (value, as_text) in changes.items():
            old = cells.get(c)
            if old is not None and old[0].get("t") == "s" and old[1]:
                strings.references -= 1
            new = cell(f"{get_column_letter(c)}{r}", old[0].get("s") if old else None, value, as_text, strings)
            if new[1] is None and old is None:
                continue  # nothing typed into a cell the sheet lacks: it stays absent
            cells[c] = new
            added.append((r, c))
        if cells:
            rows[r] = Row(_spans(row.attrs, cells), dict(sorted(cells.items()))).xml()
    body = "".join(rows[n] for n in sorted(rows))
    data = f"<sheetData>{body}</sheetData>" if body else "<sheetData/>"
    return f"{_dimension(sheet.head, added)}{data}{sheet.tail}".encode()


def _spans(attrs: dict[str, str], cells: dict[int, Cell]) -> dict[str, str]:
    """The row's spans (a hint: its first and last column) widened to the cells it now has."""
    if "spans" not in attrs:
        return attrs
    ends = [int(n) for n in re.findall(r"\d+", attrs["spans"])] + list(cells)
    return {**attrs, "spans": f"{min(ends)}:{max(ends)}"}


def _dimension(head: str, added: list[tuple[int, int]]) -> str:
    """The part's head with its dimension widened to the cells the edits wrote (openpyxl's read-only mode trusts it)."""
    found = _DIMENSION.search(head)
    if found is None or not added:
        return head
    c1, r1, c2, r2 = found.groups()
    rows = [int(r1), int(r2 or r1), *(r for r, _ in added)]
    columns = [column_index_from_string(c1), column_index_from_string(c2 or c1), *(c for _, c in added)]
    ref = f"{get_column_letter(min(columns))}{min(rows)}:{get_column_letter(max(columns))}{max(rows)}"
    if ref == f"{c1}{r1}:{c2 or c1}{r2 or r1}":
        return head
    return head[: found.start()] + f'<dimension ref="{ref}"/>' + head[found.end() :]


def write_package(package: Package, parts: dict[str, bytes]) -> bytes:
    """The package with ``parts`` (name -> bytes) replaced; every other member copied as it was, in its order."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info, data in package.members:
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type, copy.external_attr, copy.create_system = (
                info.compress_type,
                info.external_attr,
                info.create_system,
            )
            z.writestr(copy, parts.get(info.filename, data))
    return out.getvalue()
