"""The rows a read-only openpyxl sheet stores, straight from openpyxl's own sheet parser.

``iter_rows`` adds an empty row for every row the sheet does not store (a million below a
stray last-row cell) and pads each row to the sheet's width; the careful reader and the
plan's streamed sheets want only the stored rows. The parser is used the way
``ReadOnlyWorksheet._cells_by_row`` uses it (stable since openpyxl 2.6).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def stored_rows(ws: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """(row number, the row's cells as openpyxl's parser gives them) for each stored row, in file order."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book = ws.parent
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        yield from parser.parse()
