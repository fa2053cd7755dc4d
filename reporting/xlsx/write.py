"""Shared xlsxwriter helpers: one look for every workbook we write, and text that stays text.

Anything that came from a submission or the plan is written with ``write_string``
so a comment such as "=HYPERLINK(...)" or "-5 % mot plan" can never become a formula.
A number that is not finite or absurdly large (NaN, Infinity, 1E+20) is never written
as a number: the cell stays empty. ``atomic_workbook`` writes a workbook under a
temporary name and renames it into place only when it is complete.
"""

from __future__ import annotations

import copy
import io
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import (
    CellBlankTuple,
    CellDatetimeTuple,
    CellFormulaTuple,
    CellNumberTuple,
    CellStringTuple,
    Worksheet,
)

from reporting.atomic import atomic_path
from reporting.swedish import figure_decimals, typed_decimals
from reporting.xlsx.packing import CachingWorkbook

MKR_FORMAT = '#,##0.0;[Red]-#,##0.0;"–"'
TKR_FORMAT = '#,##0;[Red]-#,##0;"–"'
KEY_FIGURE_FORMAT = "#,##0.0#"  # one or two decimals: the Word draft's text is swedish.format_key_figure of it
WHOLE_FORMAT = "#,##0"  # a count's whole number (swedish.shows_whole), as Formats.typed shows no decimals
MAX_TYPED_DECIMALS = 10  # a source shown as typed: Excel shows 15 significant digits at most
MINUS = "\u2212"  # the Swedish (typographic) minus sign "−" the report prints
PRINTABLE_HEIGHT = 480.0  # points of a landscape A4 page between 0,8" margins, at 100 %
DEFAULT_ROW = 15.0  # points
PRINTABLE_CHARS = 104  # column-width characters on a landscape A4 page (0,5" margins) at 100 %, as LibreOffice
MIN_PRINT_SCALE = 0.8  # measures them without Calibri; fit to width must not shrink 10 pt text below 8 pt
PCT_POINTS_FORMAT = '0.0" %"'
MAX_NUMBER = 1e15  # beyond this no figure is real (and Excel shows only 15 significant digits)
INPUT_FILL = "#FFF2CC"  # pale yellow: the cells a controller fills in
HEADER_FILL = "#1F4E78"
STATUS_COLOURS = {  # background, font: colour is never the only signal (a word and symbol too)
    "Uppfyllt": ("#C6EFCE", "#006100"),
    "Delvis uppfyllt": ("#FFEB9C", "#7F6000"),
    "Ej uppfyllt": ("#FFC7CE", "#9C0006"),
    "Underlag saknas": ("#E7E6E6", "#3A3838"),
    "Följs (inget mål)": ("#DDEBF7", "#1F4E78"),
    "Ej inkommen": ("#E7E6E6", "#3A3838"),
    "Avvisad": ("#FCE4D6", "#843C0C"),  # a division's file came in and was rejected: it must send a new one
}


def new_workbook(path: str | io.BytesIO, in_memory: bool = False) -> Workbook:
    """A workbook with strings never turned into formulas, numbers or URLs behind our back.

    ``in_memory`` assembles the file's parts in memory instead of one temporary file each
    (creating and removing those is most of the time of writing many small workbooks).
    """
    return CachingWorkbook(
        path,
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd",
            "in_memory": in_memory,
        },
    )


@contextmanager
def atomic_workbook(target: str | Path, in_memory: bool = False) -> Iterator[Workbook]:
    """A ``new_workbook`` on a temporary name beside ``target``; closed and renamed into place when the block succeeds.

    When the block raises, nothing is written and the previous file under ``target``
    (if any) is left as it was; the temporary file is removed.
    """
    with atomic_path(target) as temp:
        packed = io.BytesIO() if in_memory else None  # the whole file, written to disk in one call
        wb = new_workbook(packed if packed is not None else str(temp), in_memory)
        try:
            yield wb
        except BaseException:
            wb.fileclosed = True  # never write a half-built workbook, not even to the temporary name
            raise
        wb.close()
        if packed is not None:
            temp.write_bytes(packed.getbuffer())


_NUMBERS = (CellNumberTuple, CellDatetimeTuple)  # written alike: a date is its serial number in a date format
_DIRECT = (CellStringTuple, *_NUMBERS, CellBlankTuple, CellFormulaTuple)  # the cells QuickSheet writes itself


class QuickSheet(Worksheet):
    """A worksheet whose cells are written as xlsxwriter writes them, with less work (see ``_write_cell``)."""

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        """xlsxwriter's ``<c>`` element, written directly for the cells our workbooks have: a string, number, date,
        blank or formula with a number, in a format. Its own builds each as a list of attributes, each escaped
        (a fifth of a division template's time); any other cell goes to it (tests/test_template_cells.py)."""
        kind, style = type(cell), cell.format
        direct = kind in _DIRECT and (kind is not CellFormulaTuple or type(cell.value) in (int, float))
        if style is None or self.constant_memory or not direct:
            super()._write_cell(row, col, cell)
            return
        head = f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{style._get_xf_index()}"'
        if kind is CellStringTuple:
            self.fh.write(f'{head} t="s"><v>{cell.string}</v></c>')
        elif kind in _NUMBERS:
            self.fh.write(f"{head}><v>{cell.number:.16G}</v></c>")
        elif kind is CellBlankTuple:
            self.fh.write(f"{head}/>")
        else:  # a formula with a number
            self.fh.write(f"{head}><f>{self._escape_data(cell.formula)}</f><v>{cell.value}</v></c>")


_PROTOTYPES: dict[tuple[Any, ...], Format] = {}  # a format's defaults and properties -> a Format never used


def _properties_key(*parts: dict[str, Any]) -> tuple[Any, ...]:
    """Each property of each part with its value's type: equal values of two types (10, 10.0) write different XML."""
    return tuple((i, name, type(value), value) for i, part in enumerate(parts) for name, value in part.items())


def add_format(wb: Workbook, properties: dict[str, Any]) -> Format:
    """``wb.add_format(properties)``, copied from a prototype made once per process and properties.

    Building a Format applies each property through its setter, and its format key (the
    text xlsxwriter matches formats by) is built when it is first used; the writers make
    the same twenty-odd formats for every workbook, which was a twentieth of a template's
    time. The prototype is never part of a workbook: a copy gets the workbook's
    index tables and is added as ``add_format`` adds it, and xlsxwriter only
    reassigns a format's attributes afterwards (tests/test_xlsx_formats.py).
    """
    key = _properties_key(wb.default_format_properties, properties)
    prototype = _PROTOTYPES.get(key)
    if prototype is None:
        prototype = Format({**wb.default_format_properties, **properties})
        prototype._get_format_key()  # cached on the prototype, so each copy has it
        _PROTOTYPES[key] = prototype
    made = copy.copy(prototype)
    made.xf_format_indices, made.dxf_format_indices = wb.xf_format_indices, wb.dxf_format_indices
    wb.formats.append(made)
    return made


class Formats:
    """The formats of one workbook, created once (xlsxwriter formats belong to a workbook)."""

    def __init__(self, wb: Workbook, minus: str = "-") -> None:
        """``minus`` is the sign of negative amounts (the report passes ``MINUS``; the templates keep "-")."""
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
        self.wb = wb
        sign = f'"{minus}"' if minus != "-" else "-"
        mkr = MKR_FORMAT.replace("-", sign, 1)
        tkr = TKR_FORMAT.replace("-", sign, 1)
        self.title = add_format(wb, {**base, "bold": True, "font_size": 14})
        self.subtitle = add_format(wb, {**base, "italic": True, "font_color": "#595959"})
        self.header = add_format(
            wb,
            {
                **base,
                "bold": True,
                "font_color": "white",
                "bg_color": HEADER_FILL,
                "text_wrap": True,
                "border": 1,
                "locked": True,
            },
        )
        self.text = add_format(wb, {**base, "text_wrap": True, "border": 1, "border_color": "#BFBFBF"})
        self.bold = add_format(wb, {**base, "bold": True, "text_wrap": True, "border": 1, "border_color": "#BFBFBF"})
        number = KEY_FIGURE_FORMAT if minus == "-" else f"{KEY_FIGURE_FORMAT};{sign}{KEY_FIGURE_FORMAT}"
        pct = PCT_POINTS_FORMAT if minus == "-" else f"{PCT_POINTS_FORMAT};{sign}{PCT_POINTS_FORMAT}"
        self.mkr = add_format(wb, {**base, "num_format": mkr, "border": 1, "border_color": "#BFBFBF"})
        self.mkr_bold = add_format(
            wb, {**base, "num_format": mkr, "bold": True, "top": 2, "border": 1, "border_color": "#BFBFBF"}
        )
        self.tkr = add_format(wb, {**base, "num_format": tkr, "border": 1, "border_color": "#BFBFBF"})
        self.tkr_bold = add_format(wb, {**base, "num_format": tkr, "bold": True, "border": 1})
        self.number = add_format(wb, {**base, "num_format": number, "border": 1, "border_color": "#BFBFBF"})
        self.pct = add_format(wb, {**base, "num_format": pct, "border": 1, "border_color": "#BFBFBF"})
        self.date = add_format(wb, {**base, "num_format": "yyyy-mm-dd", "border": 1, "border_color": "#BFBFBF"})
        self.wrap = add_format(wb, {**base, "text_wrap": True})
        input_base = {**base, "bg_color": INPUT_FILL, "locked": False, "border": 1, "border_color": "#BF9000"}
        self.input_text = add_format(wb, {**input_base, "text_wrap": True})
        self.input_mkr = add_format(wb, {**input_base, "num_format": "#,##0.0##"})
        self.input_number = add_format(wb, {**input_base, "num_format": "#,##0.0##"})
        self.input_tkr = add_format(wb, {**input_base, "num_format": "#,##0"})
        self.input_list = add_format(wb, {**input_base})
        self._status: dict[str, Any] = {}
        self._money = (base, tkr)
        self._typed: dict[int, Any] = {}
        self._sign = sign

    def figure(self, value: Any, unit: str) -> Any:
        """The format of a key figure's (or financial goal's) cell, as the Word draft's text reads it
        (``swedish.format_key_figure``): tkr whole, mkr with one decimal, a count's whole number without
        decimals; any other value with one or two."""
        number = isinstance(value, Decimal | int) and not isinstance(value, bool) and _finite(value) is not None
        places = figure_decimals(value, unit) if number else None
        return self.number if places is None else self.typed(Decimal(1).scaleb(-places))

    def typed(self, value: Any) -> Any:
        """The format that shows ``value`` with the decimals it was typed with (Källor: 13,449 is "13,449", not the
        key figures' "13,45"); text keeps the text format."""
        if not isinstance(value, Decimal) or not value.is_finite():
            return self.text
        places = min(typed_decimals(value), MAX_TYPED_DECIMALS)
        if places not in self._typed:
            shown = WHOLE_FORMAT + ("." + "0" * places if places else "")
            number = shown if self._sign == "-" else f"{shown};{self._sign}{shown}"
            base, _ = self._money  # the workbook's font, as every other cell's
            self._typed[places] = add_format(
                self.wb, {**base, "num_format": number, "border": 1, "border_color": "#BFBFBF"}
            )
        return self._typed[places]

    def tkr_as_typed(self, value: Any) -> Any:
        """A typed tkr amount's format: whole as every tkr cell, 6,4 typed "6,4" (never "6"), as the draft shows it."""
        if isinstance(value, Decimal) and value.is_finite() and value != value.to_integral_value():
            return self.typed(value)
        return self.tkr

    def for_unit(self, unit: str) -> Formats:
        """These formats with money in ``unit``: a tkr plan shows whole tkr (44 437), never "44,4"."""
        if unit != "tkr":
            return self
        base, tkr = self._money
        other = copy.copy(self)
        other.mkr = add_format(self.wb, {**base, "num_format": tkr, "border": 1, "border_color": "#BFBFBF"})
        other.mkr_bold = add_format(
            self.wb, {**base, "num_format": tkr, "bold": True, "top": 2, "border": 1, "border_color": "#BFBFBF"}
        )
        other.input_mkr = self.input_tkr
        return other

    def status(self, word: str) -> Any:
        """The coloured format of a status word (plain text when the word is unknown)."""
        if word not in self._status:
            fill, font = STATUS_COLOURS.get(word, ("#FFFFFF", "#000000"))
            self._status[word] = add_format(
                self.wb,
                {
                    "font_name": "Calibri",
                    "font_size": 10,
                    "bg_color": fill,
                    "font_color": font,
                    "border": 1,
                    "border_color": "#BFBFBF",
                    "bold": True,
                    "valign": "top",
                    "text_wrap": True,
                },
            )
        return self._status[word]

    def legend(self, fill: str, font: str) -> Any:
        """A legend cell: the word of a chart colour on that colour."""
        key = f"legend {fill} {font}"
        if key not in self._status:
            self._status[key] = add_format(
                self.wb,
                {"font_name": "Calibri", "font_size": 10, "bg_color": fill, "font_color": font, "bold": True}
                | {"border": 1, "border_color": "#BFBFBF", "valign": "top", "text_wrap": True},
            )
        return self._status[key]


def write_value(ws: Worksheet, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """Write a value by its type; text always as text, money Decimals as exact numbers."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Ja" if value else "Nej", fmt)
    elif isinstance(value, (int, Decimal, float)):
        number = _finite(value)
        if number is None:  # NaN, Infinity or absurd: an empty cell, never a crash or a made-up figure
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, number, fmt)  # Excel stores doubles; Decimal text is kept beside
    elif isinstance(value, datetime | date):
        ws.write_datetime(
            row, col, value if isinstance(value, datetime) else datetime(value.year, value.month, value.day), fmt
        )
    else:
        ws.write_string(row, col, str(value), fmt)


def _finite(value: int | Decimal | float) -> float | None:
    """``value`` as a float when it is a finite number with |x| <= 1e15, else None."""
    if isinstance(value, Decimal) and not value.is_finite():
        return None  # float(Decimal("sNaN")) raises
    try:
        number = float(value)
    except (OverflowError, ValueError):
        return None
    return number if math.isfinite(number) and abs(number) <= MAX_NUMBER else None


def row_height(values: Sequence[Any], widths: Sequence[float], line: float = 13.0) -> float:
    """Height that shows wrapped text in full (spreadsheets do not grow rows written by a library).

    The text is wrapped word by word as a spreadsheet does, at 1,25 characters of 10 pt text per unit
    of column width less one for the cell's padding: what fits in LibreOffice with a wide font such as
    DejaVu Sans (which replaces Calibri where it is missing), bold text included.
    """
    lines = 1
    for value, width in zip(values, widths):
        if isinstance(value, str) and value:
            chars = max(int(width * 1.25) - 1, 1)
            if len(value) <= chars and "\n" not in value:
                continue  # fits on one line: most cells of a long table, so no word-by-word wrap
            lines = max(lines, sum(_wrapped_lines(part, chars) for part in value.split("\n")))
    return min(line * lines + 2, 409)  # 409 pt is the tallest row a spreadsheet allows


def _wrapped_lines(text: str, chars: int) -> int:
    """How many lines ``text`` takes wrapped at word boundaries into lines of ``chars`` characters."""
    lines, used = 1, 0
    for word in text.split():
        while len(word) > chars:  # a word longer than the line is broken
            if used:
                lines, used = lines + 1, 0
            word = word[chars:]
            lines += 1
        if used and used + 1 + len(word) > chars:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def write_table(
    ws: Worksheet,
    row: int,
    headers: list[str],
    rows: list[list[Any]],
    formats: list[Any],
    header_fmt: Any,
    widths: Sequence[float] | None = None,
    first_col: int = 0,
) -> int:
    """Write a header row and data rows from column ``first_col``; return the next free row. A format may be a
    function of the cell's value (``Formats.tkr_as_typed``), for a column whose cells differ.

    With ``widths`` the columns get those widths and each row the height its wrapped text needs.
    """
    for col, header in enumerate(headers):
        ws.write_string(row, first_col + col, header, header_fmt)
    if widths:
        ws.set_row(row, row_height(headers, widths))
    for offset, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            fmt = formats[col] if col < len(formats) else None
            write_value(ws, row + offset, first_col + col, value, fmt(value) if callable(fmt) else fmt)
        if widths:
            ws.set_row(row + offset, row_height(values, widths))
    for col, width in enumerate(widths or []):
        ws.set_column(first_col + col, first_col + col, width)
    return row + len(rows) + 1


def print_scale(widths: Sequence[float]) -> float:
    """The scale fit-to-width prints columns of ``widths`` at (1.0 when they fit on the page)."""
    return min(1.0, PRINTABLE_CHARS / max(sum(widths), 1))


def print_percent(widths: Sequence[float]) -> int:
    """The print scale (percent) at which columns of ``widths`` just fit the page width."""
    return max(10, min(100, math.floor(100 * print_scale(widths)) - 1))


def fixed_print_scale(ws: Worksheet, widths: Sequence[float]) -> None:
    """Print at the fixed scale that fits ``widths`` on the page width, instead of fit-to-width.

    Columns totalling ≤ PRINTABLE_CHARS / MIN_PRINT_SCALE print at ≥ 80 %. Unlike fit-to-width,
    LibreOffice keeps the manual page breaks with a fixed scale (charts start a page of their own).
    """
    ws.set_print_scale(print_percent(widths))


def print_setup(
    ws: Worksheet,
    header_row: int | None,
    left_header: str,
    right_header: str,
    footer: str,
    font_size: int = 8,
) -> None:
    """Landscape, fit to page width, repeated header row, header/footer with page numbers.

    The header and footer shrink with the page, so a report printed at ≥ 80 % uses ``font_size`` 10.
    """
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    if header_row is not None:
        ws.repeat_rows(header_row)
    ws.set_margins(left=0.5, right=0.5, top=0.8, bottom=0.8)
    size = f"&{font_size}"
    ws.set_header(f"&L{size}{_escape(left_header)}&R{size}{_escape(right_header)}")
    ws.set_footer(f"&L{size}{_escape(footer)}&R{size}Sida &P av &N")


def _escape(text: str) -> str:
    """``text`` for a header or footer: "&" doubled, a leading digit kept apart from the font size code."""
    text = text.replace("&", "&&")
    return f" {text}" if text[:1].isdigit() else text
