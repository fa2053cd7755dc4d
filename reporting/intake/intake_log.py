"""The intake log, ``archive/intagslogg.csv``: its columns, its lines, and reading it back after Excel saved it.

The tool writes the log as UTF-8 with commas and appends to it at a byte offset. People open it in
Excel, and Excel saves what it opened in its own way: Swedish Excel with semicolons (or, when it
opened the commas as one column, each line as one cell), "CSV UTF-8" with a byte order mark, plain
"CSV" in Windows-1252. Before a run appends, ``normalise`` reads such a log back and writes it in
the tool's form again, but only when every row was read; a log it cannot read whole is kept as it
is under another name beside it, a new log is started and the console says so. The log is never
emptied, cut or deleted.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from reporting.atomic import write_text
from reporting.text import printable
from reporting.workspace import tell_stderr

LOG_FIELDS = ["time", "file", "sha256", "division", "period", "template_version", "result", "reason", "received"]
OLD_FIELDS = LOG_FIELDS[:-1]  # a log written before the "received" column
HEADER = ",".join(LOG_FIELDS) + "\r\n"
_REQUIRED = (LOG_FIELDS.index("time"), LOG_FIELDS.index("result"))  # never empty in a line the tool wrote
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DELIMITERS = (",", ";", "\t")  # the tool's; Swedish Excel's list separator; Excel's "Text (tab-delimited)"


class LogResult(StrEnum):
    """The log's result words, declared once. The values are the log's and never change: the CSV log is read back
    by older runs (and by Excel filters and Power BI)."""

    ACCEPTED = "godkänd"
    REJECTED = "avvisad"
    OTHER_PERIOD = "annan period"  # a file of another period left in the inbox
    UNCHANGED = "oförändrad"  # the same file (or the same content) as the current submission
    RESUBMITTED = "återinlämnad"  # an earlier archived submission sent again: it is current again
    WITHDRAWN = "återkallad"  # the office took the submission back (or its file still lies in the inbox)


@dataclass
class LogEntry:
    time: str  # when the run saw the file
    file: str  # the sender's file name, control characters and undecodable bytes escaped
    sha256: str
    division: str
    period: str
    template_version: str
    result: str  # a LogResult; a plain str when read back
    reason: str = ""
    received: str = ""  # when the file arrived in the inbox (its modification time there)


def neutralise(value: str) -> str:
    """A CSV cell that Excel will not run as a formula: a leading = + - @ tab or CR gets an apostrophe first."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def log_text(entries: list[LogEntry], header: bool) -> str:
    """The log lines of ``entries`` as the tool writes them (with the header line first for a new log)."""
    return _rows_text([[str(getattr(entry, k)) for k in LOG_FIELDS] for entry in entries], header)


def _rows_text(rows: list[list[str]], header: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(LOG_FIELDS)
    writer.writerows([neutralise(printable(value)) for value in row] for row in rows)
    return buffer.getvalue()


def ends_with(path: Path, text: str) -> bool:
    """Whether the log at ``path`` (in the tool's form) ends with the rows of ``text`` (log lines, with the header
    or not). Rows are compared as read, not as bytes: a log Excel saved and ``normalise`` rewrote holds the same
    rows in other bytes, and a journal's lines spliced before the run was killed must not be added twice."""
    wanted = _text_rows(text)
    if not wanted or not path.is_file():
        return False
    return _text_rows(path.read_bytes().decode("utf-8"))[-len(wanted) :] == wanted


def _text_rows(text: str) -> list[list[str]]:
    """The non-empty rows of log lines in the tool's form, without the header line."""
    rows = csv.reader(io.StringIO(text.removeprefix(HEADER), newline=""))
    return [_trimmed(row) for row in rows if any(row)]


# --- reading a log back ---------------------------------------------------------------------------------


class _Unreadable(Exception):
    """The log cannot be read whole; the message (Swedish) says where."""


def _canonical(data: bytes) -> bool:
    """The bytes are as the tool writes them: its header line, UTF-8 throughout (or empty: a new log)."""
    if not data:
        return True
    if not data.startswith(HEADER.encode()):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def normalise(path: Path) -> None:
    """Bring a log Excel saved (or one from before the "received" column) back into the tool's form.

    Rewritten only when every row was read; otherwise the file is renamed beside itself, untouched,
    and the next line logged starts a new log.
    """
    if not path.exists():
        return
    data = path.read_bytes()
    if _canonical(data):
        return
    try:
        rows = _read_rows(data)
    except _Unreadable as exc:
        kept = _set_aside(path)
        _say(
            f"{path} kunde inte läsas ({exc}). Den är sparad oförändrad som {kept.name} och en ny intagslogg påbörjas."
        )
        return
    write_text(path, _rows_text(rows, header=True))


def _read_rows(data: bytes) -> list[list[str]]:
    """Every row of the log in ``data``, in LOG_FIELDS' columns; _Unreadable unless every row was read."""
    text = _decode(data)
    split, width = _layout(text)
    rows = []
    records = split(text)
    next(records)  # the header
    for number, cells in records:
        if not any(cells):
            continue  # an empty row, or Excel's separators for an empty row in its sheet
        if len(cells) > width or any(len(cells) <= i or not cells[i] for i in _REQUIRED):
            raise _Unreadable(f"rad {number} kan inte delas upp i loggens kolumner")
        rows.append(cells + [""] * (len(LOG_FIELDS) - len(cells)))
    return rows


def _decode(data: bytes) -> str:
    """UTF-8 (with or without Excel's byte order mark), line by line Windows-1252 where a line is not UTF-8: a
    log Excel saved as plain CSV, with the tool's UTF-8 lines appended after it, is read as it was written."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    lines = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(line.decode("cp1252"))
            except UnicodeDecodeError:
                raise _Unreadable(f"rad {number} har en okänd teckenkodning") from None
    return "\n".join(lines)


def _layout(text: str) -> tuple[_Splitter, int]:
    """How the rows are separated, and how many columns the header names: the tool's commas, Excel's
    semicolons or tabs, or (Swedish Excel opening the tool's commas) each line whole in the first cell."""
    for delimiter in _DELIMITERS:
        header = _trimmed(next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), []))
        if header in (LOG_FIELDS, OLD_FIELDS):
            return _Splitter(delimiter, joined=False), len(header)
        if len(header) == 1 and delimiter != ",":
            inner = _trimmed(next(csv.reader([header[0]]), []))
            if inner in (LOG_FIELDS, OLD_FIELDS):
                return _Splitter(delimiter, joined=True), len(inner)
    raise _Unreadable("rubrikraden är inte loggens")


@dataclass
class _Splitter:
    """The records of a log text split by ``delimiter``. ``joined``: each record is one line of the tool's
    commas that Excel split at the delimiter, put back together and split at the commas. A record of one
    cell is such a line in any case (a line the tool wrote has at least a time and a result)."""

    delimiter: str
    joined: bool

    def __call__(self, text: str) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter)
        try:
            for record in reader:
                cells = _trimmed(record)
                if self.joined or len(cells) == 1:
                    cells = _trimmed(next(csv.reader([self.delimiter.join(cells)])))
                yield reader.line_num, cells
        except csv.Error:
            raise _Unreadable(f"rad {reader.line_num + 1} går inte att läsa som CSV") from None


def _trimmed(cells: list[str]) -> list[str]:
    """Without the empty cells at the end (Excel writes as many as its sheet's widest row has)."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _set_aside(path: Path) -> Path:
    """Rename ``path`` beside itself to a name no file has: "intagslogg (undanlagd 2026-12-07 122023).csv"."""
    stamp = datetime.now().strftime("%Y-%m-%d %H%M%S")
    for number in range(1, 1000):
        extra = f" {number}" if number > 1 else ""
        kept = path.with_name(f"{path.stem} (undanlagd {stamp}{extra}){path.suffix}")
        if not kept.exists():
            path.rename(kept)
            return kept
    raise FileExistsError(f"{path}: för många undanlagda kopior")


def _say(text: str) -> None:
    """One line on the console (stderr, beside the run's other notes)."""
    tell_stderr(f"Obs: {text}")
