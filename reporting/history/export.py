"""Export of the stored figures for Power BI, Excel and other tools.

CSV: one row per stored figure; an empty cell where there is no value or text
(never "NaN"); numbers as the exact stored Decimal text. With ``swedish_excel``
the file opens right in a Swedish Excel by double-click: UTF-8 with BOM, ";"
between fields and decimal comma. Parquet: real types (``value`` decimal128,
``year`` int, categories for the repeated words). Both are written under a
temporary name and renamed into place, so a failed export leaves the previous file.
The path "-" writes the CSV to standard output instead (Parquet is binary: a file only).
A shared history holds every nämnd of the region (column ``board``); ``board``
exports one nämnd's (or several nämnders') rows only. After the stored columns come
two that order the periods (``period`` is "T1", "delar", "M03": as text it sorts
delar, helar, M03, T1): ``period_end``, the period's last day (an ISO date), and
``period_order``, its place within the year (M01 1 … M04 4, T1 5, … helar 15).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import IO, Any

import pandas as pd
from sqlalchemy.engine import Engine

from reporting.atomic import atomic_path
from reporting.errors import InputError
from reporting.history.store import figures, load_figures
from reporting.plan.periods import ORDER, Period

PARQUET_SCALE = 10  # decimal places kept in Parquet; the stored figures have at most a handful
PARQUET_DECIMAL = (38, PARQUET_SCALE)
STDOUT = "-"
CATEGORIES = ("board", "period", "division", "unit", "kind", "item", "metric", "left_out", "target", "name")
STORED = [c.name for c in figures.columns]
COLUMNS = [*STORED, "period_end", "period_order"]  # new columns go last: Power BI reads the earlier by position too
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export(
    engine: Engine,
    path: str | Path,
    fmt: str,
    swedish_excel: bool = False,
    board: str | Iterable[str] | None = None,
    stdout: IO[bytes] | None = None,
) -> Path:
    """All figures (or ``board``'s) as CSV or Parquet; ``swedish_excel`` (CSV only) for Excel with Swedish settings.

    ``path`` "-": the CSV goes to ``stdout`` (default: the process's standard output, as bytes).
    """
    if fmt not in ("csv", "parquet"):
        raise InputError(f"okänt format {fmt!r}: välj csv eller parquet")
    if swedish_excel and fmt != "csv":
        raise InputError("formatet för svensk Excel finns bara för CSV, inte för Parquet")
    if str(path) == STDOUT and fmt != "csv":
        raise InputError("Parquet är ett binärt format och skrivs bara till en fil: ange -o FIL, eller välj csv")
    frame = load_figures(engine, board=board)
    if str(path) == STDOUT:
        text = io.StringIO(newline="")
        csv_rows(frame, text, swedish_excel)
        out = stdout or sys.stdout.buffer
        out.write(text.getvalue().encode("utf-8-sig" if swedish_excel else "utf-8"))
        out.flush()
        return Path(STDOUT)
    path = Path(path)
    if fmt == "csv":
        with atomic_path(path) as temp:
            write_csv(frame, temp, swedish_excel)
    else:
        table = parquet_table(frame)
        import pyarrow.parquet as pq

        with atomic_path(path) as temp:
            pq.write_table(table, temp)
    return path


def write_csv(frame: pd.DataFrame, path: Path, swedish_excel: bool = False) -> None:
    """The figures as CSV: empty cells for missing values, exact numbers, text as text."""
    with path.open("w", encoding="utf-8-sig" if swedish_excel else "utf-8", newline="") as handle:
        csv_rows(frame, handle, swedish_excel)


def write_table_csv(path: Path, headers: list[str], rows: Iterable[Iterable[Any]]) -> Path:
    """Rows as a CSV that opens right in a Swedish Excel, written atomically (for tables too big for a sheet)."""
    with atomic_path(path) as temp, temp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(headers)
        writer.writerows([_csv_cell(value, True) for value in row] for row in rows)
    return path


def csv_rows(frame: pd.DataFrame, handle: IO[str], swedish_excel: bool = False) -> None:
    writer = csv.writer(handle, delimiter=";" if swedish_excel else ",", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    ordered: dict[tuple[Any, Any], tuple[date | None, int | None]] = {}
    for record in frame.to_dict("records"):
        key = (record.get("year"), record.get("period"))
        if key not in ordered:
            ordered[key] = period_end_and_order(*key)
        record["period_end"], record["period_order"] = ordered[key]
        writer.writerow([_csv_cell(record.get(column), swedish_excel) for column in COLUMNS])


def period_end_and_order(year: Any, kind: Any) -> tuple[date | None, int | None]:
    """A stored period's last day and its place within the year (``ORDER``, from 1); None, None for a period
    this version does not know."""
    try:
        period = Period(int(year), str(kind))
        return period.last_day, ORDER.index(period.kind) + 1
    except (KeyError, ValueError, TypeError):
        return None, None


def _csv_cell(value: Any, swedish_excel: bool) -> str:
    if type(value) is str:  # most cells: text first (a report's sources are hundreds of thousands of them)
        return "'" + value if swedish_excel and value[:1] in FORMULA_STARTS else value
    if type(value) is date:
        return value.isoformat()  # 2025-04-30: sorts as text, and Excel and Power BI read it as a date
    if value is None or (isinstance(value, float) and value != value):  # NaN of pandas: an empty cell
        return ""
    if isinstance(value, Decimal):
        text = format(value, "f")  # never an exponent ("1E+3"), which Excel would misread
        return text.replace(".", ",") if swedish_excel else text
    text = str(value)
    if swedish_excel and text[:1] in FORMULA_STARTS:  # Excel would run "=HYPERLINK(...)" opened from a CSV
        return "'" + text
    return text


def parquet_table(frame: pd.DataFrame) -> Any:
    """A pyarrow table with real types: decimal128 values, int years, dictionary-encoded words."""
    try:
        import pyarrow as pa
    except ImportError as exc:
        raise InputError("Parquet-export kräver pyarrow: pip install pyarrow") from exc
    quantum = Decimal(1).scaleb(-PARQUET_SCALE)
    values = [v.quantize(quantum, ROUND_HALF_UP) if isinstance(v, Decimal) else None for v in frame["value"]]
    ordered = {key: period_end_and_order(*key) for key in set(zip(frame["year"], frame["period"]))}
    ends, places = zip(*(ordered[key] for key in zip(frame["year"], frame["period"]))) if len(frame) else ((), ())
    arrays = {
        "id": pa.array([int(v) for v in frame["id"]], pa.int64()),
        "year": pa.array([int(v) for v in frame["year"]], pa.int32()),
        **{c: pa.array([str(v) for v in frame[c]], pa.string()).dictionary_encode() for c in CATEGORIES},
        "value": pa.array(values, pa.decimal128(*PARQUET_DECIMAL)),
        "text": pa.array([v if isinstance(v, str) else None for v in frame["text"]], pa.string()),
        "stored_at": pa.array([str(v) for v in frame["stored_at"]], pa.string()),
        "period_end": pa.array(ends, pa.date32()),
        "period_order": pa.array(places, pa.int8()),
    }
    return pa.table({c: arrays[c] for c in COLUMNS})
