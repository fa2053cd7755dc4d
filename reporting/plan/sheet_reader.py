"""Reading one sheet of plan.xlsx: rows of cells by column key, every problem a finding at its cell.

The workbook's values are read whole by calamine, or, when a sheet's cells reach too far
for that, streamed once by openpyxl's sheet parser; only rows holding a value are kept.
Time and memory follow the real cells, so a stray value at row 1 048 576 costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from reporting.findings import Finding, Rule, error
from reporting.plan.central import BOARD, is_board_word
from reporting.plan.model import ALL
from reporting.plan.sheets import OPTIONAL_COLUMNS
from reporting.swedish import AMOUNT_UNITS, format_number, format_typed, parse_cell_number
from reporting.xlsx.stored_rows import stored_rows

Row = dict[str, tuple[Any, str]]  # column key -> (value, cell such as "F7")
# rows with a value per sheet: a plan has tens, one with 10 000 units about 40 000 (a frame per unit and
# year, two investment objects per unit); the cap stops a stray cell block, not a large region
MAX_ROWS = 200_000


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def real_rows(ws: Any, max_col: int | None = None) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of every row holding a value, streamed; empty rows cost next to nothing.

    The sheet's stored dimension is ignored (``reset_dimensions``): it may be wrong, and a
    stray cell far out would otherwise pad every row to its width.
    """
    if hasattr(ws, "numbered_rows"):  # a calamine sheet (reporting.xlsx.values): rows with a value, numbered
        yield from ws.numbered_rows(max_col)
        return
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    # no max_col for openpyxl: it would pad each missing row to that width (a million rows of Nones to test
    # below a stray last-row cell); without it a missing row is empty, and a row with cells is cut here
    numbered = _parsed_rows(ws) if hasattr(ws, "_get_source") else None
    for number, values in numbered or enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
        if not values:
            continue
        if max_col is not None:
            values = tuple(values[:max_col]) + (None,) * (max_col - len(values))
        if values.count(None) < len(values) and not all(_blank(v) for v in values):
            yield number, tuple(values)


def _parsed_rows(ws: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of the rows a streamed openpyxl sheet stores (``reporting.xlsx.stored_rows``).

    ``iter_rows`` also yields one empty row per row the sheet does not store, a million Python steps
    below a stray last-row cell; this is what it yields for the stored ones (a row numbered at or before
    one already given is left out, as there), without the gaps (tests/test_plan_rows.py compares them).
    """
    following = 1
    for number, cells in stored_rows(ws):
        if number >= following:
            following = number + 1
            yield number, ws._get_row(cells, values_only=True)


class SheetReader:
    """Reads one plan sheet as rows of {key: (value, cell)} and collects findings."""

    def __init__(self, ws: Any, columns: list[tuple[str, str]], findings: list[Finding], file: str) -> None:
        self.findings, self.file = findings, file
        self.name: str = ws.title
        self._cells: dict[int, tuple[Any, ...]] = {}  # row number -> values, rows with a value only
        self._rows: list[tuple[int, Row]] | None = None
        for number, values in real_rows(ws):
            if len(self._cells) >= MAX_ROWS:
                self.error(
                    f"A{number}",
                    f"fliken har fler än {format_number(MAX_ROWS, 0)} ifyllda rader, fler än en plan har. "
                    f"Raderna från och med rad {number} läses inte. Ta bort överflödiga rader.",
                )
                break
            self._cells[number] = values
        header_row = self._cells.get(1, ())
        headers = {str(v).strip(): xl_col_to_name(i) for i, v in enumerate(header_row) if v is not None}
        self.extra_headers = headers
        self.headers = {key: header for header, key in columns}
        self.columns: dict[str, str] = {}
        for header, key in columns:
            if header in headers:
                self.columns[key] = headers[header]
            elif (self.name, key) not in OPTIONAL_COLUMNS:
                self.error(
                    "A1",
                    f'kolumnen "{header}" saknas i rubrikraden (rad 1). '
                    f'Skriv rubriken "{header}" i rad 1; ändra inte rubrikernas text.',
                )

    def error(self, cell: str, message: str) -> None:
        self.findings.append(error(Rule.PLAN_INVALID, problem=message, file=self.file, sheet=self.name, cell=cell))

    def value(self, row: int, column: str) -> Any:
        """The value at a column letter and row number (None for an empty cell)."""
        values = self._cells.get(row, ())
        index = _column_index(column)
        return values[index] if index < len(values) else None

    def rows(self) -> list[tuple[int, Row]]:
        """The rows below the header with a value in one of the sheet's known columns.

        Built once (several readers walk a sheet; a region's Budgetramar has tens of thousands of rows).
        """
        if self._rows is None:
            keys = list(self.columns)
            letters = list(self.columns.values())
            indexes = [_column_index(col) for col in letters]
            width = max(indexes, default=-1) + 1
            self._rows = []
            for row in sorted(self._cells):
                if row < 2:
                    continue
                cells = self._cells[row]
                if len(cells) < width:
                    cells = (*cells, *(None,) * (width - len(cells)))  # a new row: the stored one stays as read
                picked = [cells[i] for i in indexes]
                if picked.count(None) == len(picked) or all(map(_blank, picked)):  # a value in no known column
                    continue
                number = str(row)
                self._rows.append((row, dict(zip(keys, zip(picked, [col + number for col in letters])))))
        return self._rows

    def text(self, values: Row, key: str, required: bool = True) -> str:
        value, cell = values.get(key, (None, ""))
        text = "" if value is None else str(value).strip()
        if required and not text and cell:
            self.error(cell, f'värde saknas i kolumnen "{self.headers.get(key, key)}". Fyll i cellen.')
        return text

    def number(self, values: Row, key: str, required: bool = True) -> Decimal | None:
        value, cell = values.get(key, (None, ""))
        if value is None or (isinstance(value, str) and not value.strip()):
            if required and cell:
                self.error(cell, f'tal saknas i kolumnen "{self.headers.get(key, key)}". Skriv ett tal, t.ex. 12,5.')
            return None
        return self.parse_number(value, cell)

    def year(self, values: Row, key: str) -> int | None:
        """A year: a whole number of four digits; a finding (with a year as the example) and None otherwise."""
        value, cell = values.get(key, (None, ""))
        if value is None or (isinstance(value, str) and not value.strip()):
            if cell:
                self.error(cell, f'år saknas i kolumnen "{self.headers.get(key, key)}". {YEAR_HINT}')
            return None
        try:
            number = parse_number(value)
        except ValueError:
            number = None
        if number is None or number != number.to_integral_value() or not YEARS[0] <= number <= YEARS[1]:
            shown = value if number is None else format_typed(number)  # 202.5 as a Swede reads it: "202,5"
            self.error(cell, f'kan inte läsa "{shown}" som ett år. {YEAR_HINT}')
            return None
        return int(number)

    def parse_number(self, value: Any, cell: str) -> Decimal | None:
        """A number from a cell value; a finding and None for formulas without a value and for text."""
        if isinstance(value, str) and value.startswith("="):
            self.error(
                cell, f'formeln "{value}" har inget beräknat värde. Öppna och spara filen i Excel eller LibreOffice.'
            )
            return None
        try:
            return parse_number(value)
        except ValueError:
            self.error(cell, not_a_number(value))
            return None

    def cell(self, values: Row, key: str) -> str:
        """The cell of a column in this row ("" when the sheet lacks the column)."""
        return values.get(key, (None, ""))[1]

    def safe_id(self, values: Row, key: str = "id") -> str:
        """An id that becomes part of file and folder names: a finding at its cell unless it is safe."""
        text = self.text(values, key)
        if text and (problem := unsafe_id(text)):
            self.error(self.cell(values, key), problem)
        return text

    def check_unique(self, key: str = "id") -> None:
        """A repeated id is an error at the repeat's cell naming the first one's (an empty id has its own)."""
        first: dict[str, str] = {}
        for _, v in self.rows():
            text, cell = self.text(v, key, False), self.cell(v, key)
            if text in first:
                self.error(
                    cell, f'id "{text}" förekommer flera gånger (först i {first[text]}). Ge varje rad ett eget id.'
                )
            elif text:
                first[text] = cell

    def id_list(self, values: Row, key: str, known: list[str], board: bool = False) -> tuple[str, ...]:
        """Division ids of a "Divisioner" cell; empty or "Alla" means every division, in plan order.

        With ``board`` the reserved word "Nämnd" puts the item at nämnd level: ("Nämnd",).
        """
        text = self.text(values, key, False)
        if not text or text.strip().lower() == ALL.lower():
            return tuple(known)
        if board and is_board_word(text):
            return (BOARD,)
        ids = tuple(part.strip() for part in re.split(r"[,;]", text) if part.strip())
        for unknown in [i for i in ids if i not in known]:
            self.error(self.cell(values, key), unknown_division(unknown, known))
        return ids


def _column_index(column: str) -> int:
    """0 for "A", 25 for "Z", 26 for "AA"."""
    index = 0
    for ch in column:
        index = index * 26 + ord(ch.upper()) - 64
    return index - 1


ID_MAX = 40
_ID_RE = re.compile(r"[A-Za-z0-9ÅÄÖåäö][A-Za-z0-9ÅÄÖåäö_-]*")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


def unsafe_id(text: str) -> str:
    """Why a division or unit id cannot be used in file and folder names ("" when it can).

    Ids name the folders and files of the archive, so a "/", "\\", ".." or ":" could put a
    copy outside the workspace. Allowed: letters a–ö, digits, "-" and "_", at most 40 characters,
    beginning with a letter or digit.
    """
    rule = (
        f"Id används i fil- och mappnamn: använd bara bokstäver (a–ö), siffror, - och _, "
        f"högst {ID_MAX} tecken, och börja med en bokstav eller siffra, t.ex. MED eller Akut_2."
    )
    if len(text) > ID_MAX:
        return f"id:t är {len(text)} tecken långt. {rule}"
    if not _ID_RE.fullmatch(text):
        bad = sorted({ch for ch in text if not re.fullmatch(r"[A-Za-z0-9ÅÄÖåäö_-]", ch)})
        shown = ", ".join(repr(ch) if ch.isprintable() and ch != " " else f"U+{ord(ch):04X}" for ch in bad)
        what = f"tecknen {shown}" if bad else f'tecknet "{text[0]}" först'
        return f'id:t "{text.encode("unicode_escape").decode("ascii")}" innehåller {what}. {rule}'
    if text.upper() in _WINDOWS_RESERVED:
        return f'id:t "{text}" är ett reserverat filnamn i Windows. Välj ett annat id.'
    return ""


_INT_BOUND = 10**18  # far below swedish.MAX_MAGNITUDE and within Decimal's 28 digits (abs() there rounds)
_FLOAT_BOUND = 1e99  # a float within it is finite and below MAX_MAGNITUDE; its repr has at most 17 digits


def parse_number(value: Any) -> Decimal:
    """A cell value as a Decimal; ValueError when it is not a number.

    A plan of thousands of units reads a hundred thousand amounts: a plain int or float that
    ``parse_cell_number`` would accept as it is becomes its Decimal here without its checks.
    """
    kind = type(value)
    if kind is int and -_INT_BOUND < value < _INT_BOUND:
        return Decimal(value)
    if kind is float and -_FLOAT_BOUND < value < _FLOAT_BOUND:
        return Decimal(repr(value))  # the shortest repr: what the user typed, as parse_cell_number reads it
    return parse_cell_number(value)[0]


YEARS = (1900, 2200)  # a plan's years; outside them a typo ("225", "20255")
YEAR_HINT = "Skriv året med fyra siffror, t.ex. 2025."


def not_a_number(value: Any) -> str:
    return f'kan inte läsa "{value}" som ett tal. Skriv ett tal med decimalkomma, t.ex. 12,5.'


def unknown_division(division: str, known: list[str]) -> str:
    ids = ", ".join(dict.fromkeys(known)) if known else "inga ännu"  # a repeated id (its own error) named once
    return f'okänd division "{division}" (finns inte på fliken Divisioner). Använd ett av id:na där: {ids}.'


def amount_text(value: Decimal, unit: str) -> str:
    """An amount in a plan message with the plan's unit, so 54 tkr is never read as 54 mkr: the unit's decimals,
    or every decimal it was typed with when more ("−54,0 mkr", "−54 tkr", "450,05 mkr")."""
    return f"{amount_number(value, unit)} {unit}"


def amount_number(value: Decimal, unit: str) -> str:
    """``amount_text`` without the unit: two amounts that differ never read the same ("51,04", not "51,0")."""
    typed = len(format_typed(value).partition(",")[2])
    return format_number(value, max(AMOUNT_UNITS.get(unit, 1), typed))
