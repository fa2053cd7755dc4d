"""Cell values of a whole workbook read by python-calamine (Rust), for large, trusted-shape workbooks.

A plan for a region with thousands of units has tens of thousands of rows (a frame per unit
and year, two investment objects per unit); openpyxl's streamed read of 10 000 units' plan
takes most of a run's time, calamine a small part of it. calamine builds each sheet as a
dense block from A1 to its last cell, so a stray cell far out (row 1 048 576, column XFD)
would cost that block's time and memory: ``open_values`` first scans each sheet's cell
references and answers None when a large block would be mostly empty, and the caller reads
that workbook the streaming way instead.

Values are given as openpyxl gives them, so either reader's plan is the same plan: whole
numbers as int, dates as datetime, empty cells as None.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

SMALL_BLOCK = 100_000  # cells of a sheet's block that are read whole however sparse
SPARSENESS = 4  # a larger block may hold at most this many cells per cell present
_ROW_RE = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"")
_COL_RE = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})\d")


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def dense_extent(xml: bytes) -> tuple[int, int, int]:
    """(last row, last column, cells present) that the cell and row references in a sheet's XML give."""
    columns = _COL_RE.findall(xml)
    rows = max((int(n) for n in set(_ROW_RE.findall(xml))), default=0)
    cols = max((_column_number(c) for c in set(columns)), default=0)
    return rows, cols, len(columns)


def fits_dense(path: Path) -> bool:
    """Every worksheet's block from A1 to its last cell is small, or mostly filled (not a stray far cell)."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                rows, cols, present = dense_extent(archive.read(name))
                block = rows * max(cols, 1)
                if block > SMALL_BLOCK and block > SPARSENESS * present:
                    return False
    return True


class ValueSheet:
    """One sheet's values: ``title`` and the rows holding a value, numbered from 1."""

    def __init__(self, title: str, rows: list[list[Any]]) -> None:
        self.title = title
        self._rows = rows

    def numbered_rows(self, max_col: int | None = None) -> Iterator[tuple[int, tuple[Any, ...]]]:
        for number, row in enumerate(self._rows, start=1):
            values = tuple(_openpyxl_value(v) for v in (row if max_col is None else row[:max_col]))
            if any(v is not None and not (isinstance(v, str) and not v.strip()) for v in values):
                yield number, values


class ValueBook:
    """The sheets of a workbook read whole by calamine; indexed by name like an openpyxl workbook."""

    def __init__(self, path: Path) -> None:
        from python_calamine import CalamineWorkbook

        self._book = CalamineWorkbook.from_path(str(path))
        self.sheetnames: list[str] = list(self._book.sheet_names)

    def __getitem__(self, name: str) -> ValueSheet:
        return ValueSheet(name, self._book.get_sheet_by_name(name).to_python(skip_empty_area=False))

    def close(self) -> None:
        """Nothing stays open: calamine read the package into memory."""


def open_values(path: Path) -> ValueBook | None:
    """The workbook's values through calamine, or None when a sheet reaches too far for a dense read."""
    return ValueBook(path) if fits_dense(path) else None


def _openpyxl_value(value: Any) -> Any:
    """calamine's value as openpyxl gives it: "" is empty, 2025.0 is 2025, a date is a datetime."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value
