"""The report's Finansiella mål sheet: each financial goal's outcome at nämnd level against its target.

The outcomes come from ``Centrala värden.xlsx`` (no division reports them); the status is judged by
the key figures' rule and shown as colour, symbol and word. A goal without a value is "Ej rapporterad".
"""

from __future__ import annotations

from typing import Any

from reporting.consolidate.board import BOARD_NAME, NOT_REPORTED, FinancialGoalRow
from reporting.consolidate.labels import STATUS_ORDER
from reporting.output.sheet_writer import SheetWriter
from reporting.plan.targets import Status
from reporting.xlsx.write import write_table, write_value

SHEET = "Finansiella mål"
HEADERS = ["Id", "Finansiellt mål", "Beslutad av", "Målvärde", "Utfall", "Status", "Kommentar", "Källa"]
WIDTHS: list[float] = [5, 30, 14, 16, 9, 14, 24, 12]  # ≤ 124 characters: printed at ≥ 80 %
STATUS_COL = HEADERS.index("Status")
OUTCOME_COL = HEADERS.index("Utfall")
HEADER_ROW = 3


def row_values(g: FinancialGoalRow) -> list[Any]:
    source = f"{g.file} {g.cell}".strip()
    return [g.id, g.name, g.decided_by, g.target, g.outcome, g.status_label, g.comment, source]


def write_financial_goals_sheet(writer: SheetWriter) -> None:
    """Add the Finansiella mål sheet (only when the plan has financial goals)."""
    fmt, rows = writer.fmt, writer.r.financial_goals
    if not rows:
        return
    ws = writer.sheet(SHEET, f"Finansiella mål – {BOARD_NAME.lower()}s utfall", HEADER_ROW, WIDTHS)
    formats = [fmt.text, fmt.text, fmt.text, fmt.text, fmt.number, fmt.text, fmt.text, fmt.text]
    end = write_table(ws, HEADER_ROW, HEADERS, [row_values(g) for g in rows], formats, fmt.header, WIDTHS)
    for offset, g in enumerate(rows, start=1):
        write_value(ws, HEADER_ROW + offset, OUTCOME_COL, g.outcome, fmt.figure(g.outcome, g.unit))  # tkr whole
        look = g.status if g.status_label != NOT_REPORTED else Status.NO_DATA.value
        ws.write_string(HEADER_ROW + offset, STATUS_COL, g.status_label, fmt.status(look))
    legend = end + 1
    ws.write_string(legend, 0, "Teckenförklaring:", fmt.bold)
    for col, status in enumerate(STATUS_ORDER, start=1):
        ws.write_string(legend, col, status.label, fmt.status(status.value))
    ws.write_string(
        legend + 1,
        0,
        f"Utfallen kommer från ekonomienheten (Centrala värden). {NOT_REPORTED} = inget värde för perioden.",
        fmt.subtitle,
    )
