"""``Centrala värden.xlsx``: the nämnd-level outcomes the economy office keeps, one row per item and period.

No division reports centrally measured key figures, financial goals or the nämnd's own uppdrag,
so they get no template; the economy office fills this one workbook in the workspace root.
``write_central`` adds the period's rows and keeps every value already filled (other periods'
rows too); ``read_rows`` gives the raw cells for that and for intake's checks
(``reporting.intake.central``). Column "Vad" says the kind and the name ("Nyckeltal: …"), so an
id shared by a key figure and an uppdrag stays apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reporting.errors import InputError
from reporting.plan.central import central_due, is_board_level, is_central
from reporting.plan.model import Plan
from reporting.plan.periods import Period, parse_period
from reporting.swedish import parse_cell_number
from reporting.template.spec import ASSIGNMENT_STATUSES, ASSIGNMENTS
from reporting.xlsx.write import Formats, atomic_workbook, write_value

CENTRAL_FILE = "Centrala värden.xlsx"
CENTRAL_SHEET = "Centrala värden"
# the sheet's columns, declared once: (CentralRow's field, header, width); the writer, the reader and the
# findings' cells (``letter``) all take their places from here
COLUMNS = (
    ("item_id", "Id", 8),
    ("what", "Vad", 60),
    ("period", "Period", 12),
    ("outcome", "Utfall", 14),
    ("status", "Status", 22),
    ("comment", "Kommentar", 50),
)
HEADERS = [header for _, header, _ in COLUMNS]
WIDTHS = [width for _, _, width in COLUMNS]
_INDEX = {key: index for index, (key, _, _) in enumerate(COLUMNS)}


def column(key: str) -> int:
    """The 0-based column of CentralRow's field ``key``."""
    return _INDEX[key]


def letter(key: str) -> str:
    """The column letter of CentralRow's field ``key`` ("D" for Utfall), for a finding's cell."""
    return chr(ord("A") + _INDEX[key])


KEY_FIGURE, FINANCIAL_GOAL, ASSIGNMENT = "Nyckeltal", "Finansiellt mål", "Uppdrag"
KINDS = (KEY_FIGURE, FINANCIAL_GOAL, ASSIGNMENT)
TITLE_ROWS = 0  # headers on row 1, as on the plan's sheets


@dataclass(frozen=True)
class CentralRow:
    """One row of the file as written: cells as they are, with their row number (1-based)."""

    item_id: str
    what: str
    period: str
    outcome: Any
    status: Any
    comment: Any
    row: int = 0

    @property
    def kind(self) -> str:
        """ "Nyckeltal", "Finansiellt mål" or "Uppdrag" (from "Vad"); "" when the text has no known kind."""
        word = self.what.split(":", 1)[0].strip()
        return word if word in KINDS else ""

    @property
    def key(self) -> tuple[str, str, str]:
        return self.kind, self.item_id, period_key(self.period)


def period_key(text: str) -> str:
    """A Period cell as a key ("2025-m03" and "2025-03" are "2025-M03"); the text itself when unreadable."""
    try:
        return parse_period(text).key
    except InputError:
        return text


def central_items(plan: Plan, period: Period | None = None) -> list[tuple[str, str, str]]:
    """(kind, id, name) of every nämnd-level item: central key figures (with ``period``: those due then),
    financial goals, the nämnd's uppdrag (with ``period``: when it follows uppdrag up; a month does not)."""
    due = [
        k for k in plan.key_figures if is_central(k) and (period is None or central_due(k, period, plan.listed_kinds))
    ]
    items = [(KEY_FIGURE, k.id, k.name) for k in due]
    items += [(FINANCIAL_GOAL, g.id, g.name) for g in plan.financial_goals]
    if period is None or ASSIGNMENTS.name in period.sheets:
        items += [(ASSIGNMENT, a.id, a.text) for a in plan.assignments if is_board_level(a)]
    return items


def read_rows(path: Path) -> list[CentralRow]:
    """The file's rows below the header (empty when the file or its sheet is missing)."""
    from reporting.xlsx.safety import open_workbook

    if not path.exists():
        return []
    wb = open_workbook(path, data_only=True, read_only=True)
    try:
        if CENTRAL_SHEET not in wb.sheetnames:
            return []
        rows = []
        for number, row in enumerate(wb[CENTRAL_SHEET].iter_rows(min_row=2, max_col=len(COLUMNS)), 2):
            cells = [_value(c) for c in row] + [None] * (len(COLUMNS) - len(row))
            if all(v is None or str(v).strip() == "" for v in cells):
                continue
            values = {key: cells[index] for key, index in _INDEX.items()}
            for key in ("item_id", "what", "period"):  # text that names the row
                values[key] = str(values[key]).strip() if values[key] is not None else ""
            rows.append(CentralRow(**values, row=number))
            if number > 20_000:  # a stray block far down: no nämnd has this many central items
                break
        return rows
    finally:
        wb.close()


def _value(cell: Any) -> Any:
    """A cell's value; a number shown as a percentage ("69,7 %", stored 0.697) in percentage points."""
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in str(cell.number_format or ""):
        return parse_cell_number(float(value))[0] * 100  # as Excel shows it: 0.6970000000000001 is 69,7
    return value


def write_central(root: Path, plan: Plan, period: Period) -> tuple[Path, int]:
    """Add the period's rows to ``Centrala värden.xlsx``, keeping every row and value already there.

    Returns the path and how many rows were added. Written atomically: an interrupted run
    leaves the previous file.
    """
    plan.require_period(period)  # as templates and consolidate: a period the plan does not have gets no rows
    path = Path(root) / CENTRAL_FILE
    rows = read_rows(path)
    present = {row.key for row in rows}
    added = [
        CentralRow(item_id, f"{kind}: {name}", period.key, None, None, None)
        for kind, item_id, name in central_items(plan, period)
        if (kind, item_id, period.key) not in present
    ]
    with atomic_workbook(path) as wb:
        _write_sheet(wb, [*rows, *added])
    return path, len(added)


def _write_sheet(wb: Any, rows: list[CentralRow]) -> None:
    fmt = Formats(wb)
    ws = wb.add_worksheet(CENTRAL_SHEET)
    for col, (header, width) in enumerate(zip(HEADERS, WIDTHS)):
        ws.write_string(0, col, header, fmt.header)
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    ws.protect("", {"insert_rows": True, "sort": True, "autofilter": True, "format_columns": True})
    for index, row in enumerate(rows, start=1):
        for key in ("item_id", "what", "period"):
            write_value(ws, index, column(key), getattr(row, key), fmt.text)
        asks_status = row.kind == ASSIGNMENT
        write_value(ws, index, column("outcome"), row.outcome, fmt.text if asks_status else fmt.input_number)
        write_value(ws, index, column("status"), row.status, fmt.input_list if asks_status else fmt.text)
        write_value(ws, index, column("comment"), row.comment, fmt.input_text)
        if asks_status:
            ws.data_validation(
                index,
                column("status"),
                index,
                column("status"),
                {
                    "validate": "list",
                    "source": ASSIGNMENT_STATUSES,
                    "error_title": "Ogiltig status",
                    "error_message": "Välj en status i listan: " + ", ".join(ASSIGNMENT_STATUSES),
                },
            )
    ws.autofilter(0, 0, max(len(rows), 1), len(HEADERS) - 1)
    _instructions(wb, fmt)


def _instructions(wb: Any, fmt: Formats) -> None:
    ws = wb.add_worksheet("Instruktion")
    ws.set_column(0, 0, 110)
    lines = [
        "Centrala värden – nämndens egna utfall",
        "En rad per centralt mätt nyckeltal, finansiellt mål och nämndens eget uppdrag och period.",
        "Nyckeltal och finansiella mål: skriv utfallet i kolumnen Utfall (procent som tal: 88,5 betyder 88,5 %; "
        'Ja/Nej för mål av typen "Genomfört").',
        "Uppdrag: välj status i kolumnen Status. Kommentar är valfri.",
        "Ändra inte Id, Vad eller Period. Nya perioder läggs till med: reporting central --period ÅÅÅÅ-T1",
    ]
    for row, line in enumerate(lines):
        ws.write_string(row, 0, line, fmt.title if row == 0 else fmt.wrap)
