"""Reading one sheet of plan.xlsx: rows of cells by column key, every problem a finding at its cell."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from reporting.findings import Finding, Rule, error
from reporting.plan.model import ALL
from reporting.plan.sheets import OPTIONAL_COLUMNS
from reporting.swedish import parse_cell_number

Row = dict[str, tuple[Any, str]]  # column key -> (value, cell such as "F7")


class SheetReader:
    """Reads one plan sheet as rows of {key: (value, cell)} and collects findings."""

    def __init__(self, ws: Any, columns: list[tuple[str, str]], findings: list[Finding], file: str) -> None:
        self.ws, self.findings, self.file = ws, findings, file
        self.name: str = ws.title
        headers = {str(c.value).strip(): c.column_letter for c in ws[1] if c.value is not None}
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

    def rows(self) -> list[tuple[int, Row]]:
        out = []
        for row in range(2, (self.ws.max_row or 1) + 1):
            values = {key: (self.ws[f"{col}{row}"].value, f"{col}{row}") for key, col in self.columns.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v, _ in values.values()):
                continue
            out.append((row, values))
        return out

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

    def parse_number(self, value: Any, cell: str) -> Decimal | None:
        """A number from a cell value; a finding and None for formulas without a value and for text."""
        if isinstance(value, str) and value.startswith("="):
            self.error(
                cell, f'formeln "{value}" har inget beräknat värde; öppna och spara filen i Excel eller LibreOffice'
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

    def id_list(self, values: Row, key: str, known: list[str]) -> tuple[str, ...]:
        """Division ids of a "Divisioner" cell; empty or "Alla" means every division, in plan order."""
        text = self.text(values, key, False)
        if not text or text.strip().lower() == ALL.lower():
            return tuple(known)
        ids = tuple(part.strip() for part in re.split(r"[,;]", text) if part.strip())
        for unknown in [i for i in ids if i not in known]:
            self.error(self.cell(values, key), unknown_division(unknown, known))
        return ids


def parse_number(value: Any) -> Decimal:
    """A cell value as a Decimal; ValueError when it is not a number."""
    return parse_cell_number(value)[0]


def not_a_number(value: Any) -> str:
    return f'kan inte läsa "{value}" som ett tal. Skriv ett tal med decimalkomma, t.ex. 12,5'


def unknown_division(division: str, known: list[str]) -> str:
    ids = ", ".join(known) if known else "inga ännu"
    return f'okänd division "{division}" (finns inte på fliken Divisioner). Använd ett av id:na där: {ids}'
