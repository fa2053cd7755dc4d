"""Two ways to read a workbook's cells, behind one small interface (``Book``).

``FastBook`` streams the sheet XML once and gets, for every cell, the formula,
its cached value and its number format together. ``CarefulBook`` asks openpyxl
twice (formulas, then cached values). Intake gives the same findings with
either; a test proves it. The fast path is the default: it is what lets 1 000
workbooks be read in well under a minute.

Both read a sheet the same way, and their work follows the cells really in the
file, never a declared size (``<dimension ref>``, a defined name, a far column):

* rows come in file order from row 1; a missing row is an empty list, and a row
  numbered at or below one already read (a repeat, or out of order) is skipped
  (openpyxl's rule; Excel never writes one);
* a row holds the cells present up to its last one, at most ``max_col`` (and
  never more than ``MAX_COLUMNS``); cells further right are not even padded to;
* reading stops at the first row numbered above ``max_row`` or after ``max_row``
  ``<row>`` elements, whichever comes first; the sheet is then in ``truncated``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import from_excel

from reporting.xlsx.safety import Package, open_workbook, parse_part, remembered
from reporting.xlsx.shared_strings import scan_strings
from reporting.xlsx.sheet_scan import (
    REF_RE,
    dense_rows,
    place,
    scan_sheet,
    shared_formula,
    streaming_parser,
    whole_part,
)
from reporting.xlsx.stored_rows import stored_rows

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_COLUMNS = 256  # hard cap on a row's width, whatever a caller asks; a template has ten columns


@dataclass(slots=True)
class CellInfo:
    value: Any = None
    formula: str | None = None
    number_format: str = "General"
    is_text: bool = False  # the cell (or a formula's result) is stored as text: Excel's SUM skips it


class Book(Protocol):
    sheetnames: list[str]
    defined_names: dict[str, list[tuple[str, str]]]  # name -> [(sheet, "$B$1")]
    truncated: set[str]  # sheets whose last rows() stopped at max_row with rows left

    def rows(self, sheet: str, max_row: int, max_col: int) -> Iterator[list[CellInfo]]: ...

    def close(self) -> None: ...


def parse_destination(text: str) -> list[tuple[str, str]]:
    """ "'_meta'!$B$1" -> [("_meta", "$B$1")]; several areas are comma-separated."""
    out = []
    for part in re.findall(r"(?:'(?:[^']|'')+'|[^,!']+)![^,]+", text.lstrip("=")):
        sheet, _, ref = part.rpartition("!")
        out.append((sheet.strip("'").replace("''", "'"), ref))
    return out


class FastBook:
    """Reads an inspected package's XML (the parts the safety scan already holds); only what intake needs."""

    def __init__(self, package: Package) -> None:
        self.package = package
        workbook = package.read("xl/workbook.xml")
        try:
            rels = package.read("xl/_rels/workbook.xml.rels")
        except Exception:
            parse_part(workbook)  # a broken workbook.xml is reported first, as when it was parsed before this read
            raise
        names, paths, defined = remembered(_read_workbook, workbook, rels)
        self.sheetnames: list[str] = list(names)
        self.paths: dict[str, str] = dict(paths)
        self.defined_names = {name: list(areas) for name, areas in defined.items()}
        self.truncated: set[str] = set()
        self.scan = True  # the regex fast path (sheet_scan) first; tests turn it off to compare with expat
        self.scanned: set[str] = set()  # sheets whose last rows() the fast path read
        # read when the book opens: a broken part refuses the file, as openpyxl's load does
        strings, styles = "xl/sharedStrings.xml", "xl/styles.xml"
        self.strings: list[str] = _read_strings(package.read(strings)) if strings in package.names else []
        formats, dates = remembered(_read_formats, package.read(styles)) if styles in package.names else ((), ())
        self.formats: list[str] = list(formats)  # number format code per cell style index
        self._dates: list[bool] = list(dates)

    def rows(self, sheet: str, max_row: int, max_col: int) -> Iterator[list[CellInfo]]:
        """Dense rows from row 1, each padded to the cells present (at most ``max_col``); see the module doc.

        The sheet XML is the bulk of the work: a part held whole goes through the
        regex scanner; one it gives up on, or a large one, through a push parser
        (expat, the reference) without building elements.
        """
        self.truncated.discard(sheet)
        self.scanned.discard(sheet)
        data = whole_part(self.package, self.paths[sheet]) if self.scan else None
        scanned = scan_sheet(data, self.cell, CellInfo, max_row, min(max_col, MAX_COLUMNS)) if data else None
        if scanned is not None:
            self.scanned.add(sheet)
            yield from dense_rows(iter(scanned[0]))
            if scanned[1]:
                self.truncated.add(sheet)
            return
        parser = _SheetParser(self, max_row, min(max_col, MAX_COLUMNS))
        with self.package.open(self.paths[sheet]) as handle:
            numbered = _numbered(parser, handle)
            yield from dense_rows(numbered)
        if parser.cut:
            self.truncated.add(sheet)

    def cell(self, kind: str, style: int, raw: str | None, inline: str | None, formula: str | None) -> CellInfo:
        """The typed value of one cell, as openpyxl would give it.

        A shared string is asked first: three cells in four of a template are one (labels, ids, texts).
        """
        formats = self.formats
        number_format = formats[style] if style < len(formats) else "General"
        if kind == "s" and raw:
            return CellInfo(self.strings[int(raw)], formula, number_format, True)
        if kind == "inlineStr":
            value: Any = inline or ""
        elif not raw:
            return CellInfo(None, formula, number_format, False)
        elif kind in ("str", "e"):
            value = raw
        elif kind == "b":
            value = bool(int(raw))  # as openpyxl: "7" is true, "x" is an error
        elif kind == "d":
            value = datetime.fromisoformat(raw)
        else:
            value = float(raw) if "." in raw or "e" in raw or "E" in raw else int(raw)
            if style < len(formats) and self._dates[style]:
                value = from_excel(value)
        return CellInfo(value, formula, number_format, kind in ("inlineStr", "str") and value is not None)

    def close(self) -> None:
        self.package.close()


def _read_workbook(workbook_xml: bytes, rels_xml: bytes) -> tuple[tuple[str, ...], dict[str, str], dict[str, Any]]:
    """(sheet names, sheet name -> part, global defined name -> areas); callers copy them."""
    workbook, rels = parse_part(workbook_xml), parse_part(rels_xml)  # in this order: the workbook's error first
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{PKG_REL_NS}Relationship")}
    names, paths, defined = [], {}, {}
    for sheet in workbook.iter(f"{NS}sheet"):
        name, target = sheet.get("name"), targets.get(sheet.get(f"{REL_NS}id"), "")
        names.append(name)
        paths[name] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    for name in workbook.iter(f"{NS}definedName"):
        if name.get("localSheetId") is None and name.text:
            defined[name.get("name")] = parse_destination(name.text)
    return tuple(names), paths, defined


def _read_strings(data: bytes) -> list[str]:
    """The shared strings: split in C when the part is plain (``scan_strings``), else the element tree."""
    scanned = scan_strings(data)
    if scanned is not None:
        return scanned
    strings = []
    for si in parse_part(data).iter(f"{NS}si"):
        parts = []
        for child in si:  # plain text, or rich-text runs; phonetic hints (rPh) are not text
            if child.tag == f"{NS}t":
                parts.append(child.text or "")
            elif child.tag == f"{NS}r":
                parts.extend(t.text or "" for t in child.iter(f"{NS}t"))
        strings.append("".join(parts))
    return strings


def _read_formats(data: bytes) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """(number format code, is a date format) per cell style index."""
    formats: list[str] = []
    root = parse_part(data)
    custom = {int(f.get("numFmtId")): f.get("formatCode") for f in root.iter(f"{NS}numFmt")}
    xfs = root.find(f"{NS}cellXfs")
    for xf in xfs if xfs is not None else []:
        number = int(xf.get("numFmtId", 0))
        formats.append(custom.get(number) or BUILTIN_FORMATS.get(number, "General"))
    return tuple(formats), tuple(is_date_format(f) for f in formats)


def _numbered(parser: _SheetParser, handle: Any) -> Iterator[tuple[int, list[CellInfo]]]:
    while not parser.done and (chunk := handle.read(1 << 16)):
        parser.feed(chunk)
        yield from parser.take()


class _SheetParser:
    """Expat handlers collecting (row number, cells) for one worksheet."""

    def __init__(self, book: FastBook, max_row: int, max_col: int) -> None:
        self.book, self.max_row, self.max_col = book, max_row, max_col
        self.parser = streaming_parser()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.parser.StartDoctypeDeclHandler = self.forbid  # defence in depth; safefile refuses DTDs too
        self.parser.EntityDeclHandler = self.forbid
        self.parser.buffer_text = True
        self.ready: list[tuple[int, list[CellInfo]]] = []
        self.done = False
        self.cut = False  # stopped at max_row with rows left
        self.rows_seen = 0
        self.row_number = 0
        self.cells: list[CellInfo] = []
        self.shared: dict[str, tuple[str, str]] = {}
        self.buffer: list[str] | None = None
        self.cell_attrs: dict[str, str] = {}
        self.value: str | None = None
        self.inline: list[str] | None = None
        self.formula: str | None = None
        self.formula_attrs: dict[str, str] = {}
        self.position = 0

    @staticmethod
    def forbid(*_: Any) -> None:
        raise ValueError("DTD or entity declaration in a worksheet")

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.Parse(chunk, False)
        except _Stop:
            self.done = True

    def take(self) -> list[tuple[int, list[CellInfo]]]:
        ready, self.ready = self.ready, []
        return ready

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = _LOCAL.get(tag) or _local(tag)
        if name == "c":
            self.cell_attrs, self.value, self.inline, self.formula, self.formula_attrs = attrs, None, None, None, {}
            self.position += 1
        elif name == "v":
            self.buffer = []
        elif name == "row":
            self.row_number = int(attrs.get("r") or self.row_number + 1)
            self.rows_seen += 1
            if self.row_number > self.max_row or self.rows_seen > self.max_row:
                self.cut = True
                raise _Stop()
            self.cells, self.position = [], 0
        elif name == "f":
            self.buffer, self.formula_attrs = [], attrs
        elif name == "t" and self.inline is not None:
            self.buffer = []
        elif name == "is":
            self.inline = []

    def text(self, data: str) -> None:
        if self.buffer is not None:
            self.buffer.append(data)

    def end(self, tag: str) -> None:
        name = _LOCAL.get(tag) or _local(tag)
        if name == "v":
            self.value, self.buffer = "".join(self.buffer or ()), None
        elif name == "c":
            self.end_cell()
        elif name == "row":
            self.ready.append((self.row_number, self.cells))
        elif name == "f":
            self.formula, self.buffer = "".join(self.buffer or ()), None
        elif name == "t" and self.inline is not None and self.buffer is not None:
            self.inline.append("".join(self.buffer))
            self.buffer = None

    def end_cell(self) -> None:
        attrs = self.cell_attrs
        ref = attrs.get("r")
        match = REF_RE.match(ref) if ref else None
        col = column_index_from_string(match.group(1)) if match else self.position
        self.position = col
        if col > self.max_col:
            return
        formula = None
        if self.formula is not None:
            formula = "=" + shared_formula(self.shared, self.formula, self.formula_attrs, ref)
        cell = self.book.cell(
            attrs.get("t", "n"),
            int(attrs.get("s", 0)),
            self.value,
            "".join(self.inline) if self.inline is not None else None,
            formula,
        )
        cells = self.cells
        if len(cells) == col - 1:  # the usual case: the next cell to the right
            cells.append(cell)
        else:
            place(cells, col, cell, CellInfo)


_LOCAL: dict[str, str] = {}  # element name -> local name ("x:c" -> "c"), for the names met so far


def _local(tag: str) -> str:
    name = tag.rpartition(":")[2]
    if len(_LOCAL) < 256:  # a file with thousands of invented names does not grow it without bound
        _LOCAL[tag] = name
    return name


class _Stop(Exception):
    """Raised inside expat to stop at ``max_row``."""


def _openpyxl_rows(ws: Any, max_row: int, max_col: int, cut: list[bool]) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells up to max_col) of a read-only openpyxl sheet, by openpyxl's own sheet parser.

    Stops as FastBook does; appends to ``cut`` when it stopped with rows left.
    """
    from openpyxl.cell.read_only import ReadOnlyCell

    for seen, (number, cells) in enumerate(stored_rows(ws), start=1):
        if number > max_row or seen > max_row:
            cut.append(True)
            return
        present = [c for c in cells if c["column"] <= max_col]
        row: list[Any] = [None] * max((c["column"] for c in present), default=0)
        for c in present:
            row[c["column"] - 1] = ReadOnlyCell(ws, **c)
        yield number, row


class CarefulBook:
    """openpyxl, twice: formulas from one load, cached values and formats from the other."""

    def __init__(self, path: Path) -> None:
        self.formulas = open_workbook(path, data_only=False)
        self.values = open_workbook(path, data_only=True)
        self.sheetnames = list(self.values.sheetnames)
        self.defined_names = {name: list(d.destinations) for name, d in self.values.defined_names.items()}
        self.truncated: set[str] = set()

    def rows(self, sheet: str, max_row: int, max_col: int) -> Iterator[list[CellInfo]]:
        """Rows as openpyxl reads the cells, with the same bounds as FastBook (see the module doc).

        Not ``iter_rows``: it pads every row to ``max_col``, falls back to the declared
        dimension without one, pads to ``max_row`` after a far row, and cannot count
        the rows it skips. Its own sheet parser is driven here instead.
        """
        self.truncated.discard(sheet)
        max_col = min(max_col, MAX_COLUMNS)
        fcut: list[bool] = []
        vcut: list[bool] = []
        frows = dense_rows(_openpyxl_rows(self.formulas[sheet], max_row, max_col, fcut))
        vrows = dense_rows(_openpyxl_rows(self.values[sheet], max_row, max_col, vcut))
        for frow, vrow in zip(frows, vrows):
            out = []
            for index in range(max(len(frow), len(vrow))):
                fcell = frow[index] if index < len(frow) else None
                vcell = vrow[index] if index < len(vrow) else None
                formula = getattr(fcell, "value", None)
                value = getattr(vcell, "value", None)
                out.append(
                    CellInfo(
                        value,
                        formula if isinstance(formula, str) and formula.startswith("=") else None,
                        getattr(vcell, "number_format", None) or "General",
                        getattr(vcell, "data_type", None) == "s" and value is not None,
                    )
                )
            yield out
        if vcut or fcut:
            self.truncated.add(sheet)

    def close(self) -> None:
        self.formulas.close()
        self.values.close()
