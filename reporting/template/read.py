"""Reading a filled template: its identity (``_meta``) and its data sheets, with cell-precise findings.

Inputs are found by header text and row id, so inserted rows, sorted rows and
extra sheets do not break reading. Typed Swedish numbers ("88,5 %", "1 234,5",
"−3,2"), formulas (cached values) and LibreOffice files read the same as Excel's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from reporting.findings import Finding, Rule, Severity, error, warning
from reporting.intake.submission import Submission
from reporting.plan.model import ACCOUNT_GROUPS, KeyFigure, Plan
from reporting.plan.targets import Direction
from reporting.swedish import parse_cell_number, to_mkr
from reporting.template.spec import (
    ASSIGNMENT_STATUSES,
    DONE_ANSWERS,
    HEADER_ROW,
    INVESTMENT_STATUSES,
    META_KEYS,
    META_SHEET,
    NETTO_ID,
    SHEET_COLUMNS,
    header_name,
    meta_name,
)
from reporting.xlsx.readers import Book, CellInfo

IDENTITY_KEYS = {"division_id", "period", "template_version"}


MAX_ROWS = 2000  # a template has < 100 rows; more is a broken or hostile file


HEADER_SCAN_ROWS = 40


NUMBER_KEYS = {
    "Nyckeltal": {"outcome", "last_year", "forecast", "denominator"},
    "Ekonomi": {"periodised", "actual", "forecast", "budget", "deviation", "forecast_deviation"},
    "Åtgärdsplan": {"achieved", "forecast", "planned"},
    "Investeringar": {"spent", "amount"},
}


LIST_KEYS = {("Uppdrag", "status"): ASSIGNMENT_STATUSES, ("Investeringar", "status"): INVESTMENT_STATUSES}


# ---------------------------------------------------------------- identity
def read_metadata(book: Book) -> dict[str, str]:
    """Template metadata from the defined names, falling back to the _meta sheet's rows."""
    wanted = {
        key: dest
        for key in META_KEYS
        for dest in book.defined_names.get(meta_name(key), [])[:1]
        if dest[0] in book.sheetnames
    }
    grids: dict[str, list[list[CellInfo]]] = {}
    for sheet in {dest[0] for dest in wanted.values()}:
        refs = [ref.replace("$", "") for s, ref in wanted.values() if s == sheet]
        grids[sheet] = list(book.rows(sheet, max(_row_of(r) for r in refs), max(_col_of(r) for r in refs)))
    meta: dict[str, str] = {}
    for key, (sheet, ref) in wanted.items():
        row, col = _row_of(ref.replace("$", "")), _col_of(ref.replace("$", ""))
        grid = grids[sheet]
        line = grid[row - 1] if len(grid) >= row else []
        value = line[col - 1].value if len(line) >= col else None
        if value not in (None, ""):
            meta[key] = _text(value)
    if META_SHEET in book.sheetnames and not meta.keys() >= IDENTITY_KEYS:  # names lost: read the sheet itself
        for line in book.rows(META_SHEET, 50, 2):
            if (
                len(line) >= 2
                and line[0].value in META_KEYS
                and line[1].value not in (None, "")
                and line[0].value not in meta
            ):
                meta[str(line[0].value)] = _text(line[1].value)
    return meta


def _row_of(ref: str) -> int:
    return int("".join(ch for ch in ref if ch.isdigit()))


def _col_of(ref: str) -> int:
    return column_index_from_string("".join(ch for ch in ref if ch.isalpha()))


def _header_row(book: Book, sheet: str) -> int | None:
    """One-based row of the header, from the defined name (Excel and LibreOffice move it with inserted rows)."""
    for dest_sheet, ref in book.defined_names.get(header_name(sheet), []):
        if dest_sheet == sheet:
            return _row_of(ref.split(":")[0].replace("$", ""))
    return None


class _Reader:
    """Reads the data sheets of one submission into ``Submission.values``."""

    def __init__(self, plan: Plan, sub: Submission, findings: list[Finding], division_name: str) -> None:
        self.plan, self.sub, self.findings, self.division_name = plan, sub, findings, division_name

    def find(
        self, rule: Rule, sheet: str = "", cell: str = "", severity: Severity = Severity.ERROR, **fields: Any
    ) -> None:
        make = error if severity is Severity.ERROR else warning
        self.findings.append(
            make(rule, file=self.sub.file, sheet=sheet, cell=cell, division=self.division_name, **fields)
        )

    def expected_rows(self, sheet: str) -> dict[str, Any]:
        d = self.sub.division_id
        if sheet == "Nyckeltal":
            return {k.id: k for k in self.plan.key_figures_for(d)}
        if sheet == "Uppdrag":
            return {a.id: a for a in self.plan.assignments_for(d)}
        if sheet == "Ekonomi":
            return {gid: name for gid, name in [*ACCOUNT_GROUPS, (NETTO_ID, "Netto")]}
        if sheet == "Åtgärdsplan":
            return {m.id: m for m in self.plan.measures_for(d)}
        return {i.id: i for i in self.plan.investments_of(d, self.sub.unit_id)}

    def read_sheet(self, sheet: str, rows: Iterator[list[CellInfo]], header_hint: int | None) -> None:
        header_map: dict[str, int] | None = None
        expected = self.expected_rows(sheet)
        seen: set[str] = set()
        self.sub.values[sheet], self.sub.cells[sheet] = {}, {}
        rows_read = 0
        for row_number, row in enumerate(rows, start=1):
            rows_read = row_number
            if header_map is None:
                # the defined name says where the header is; scan on if rows were inserted elsewhere
                header_map = self._match_header(sheet, row, row_number)
                if header_map is None and row_number >= max(HEADER_SCAN_ROWS, header_hint or 0):
                    break
                continue
            row_id = _text(_value(row, header_map["id"]))
            if not row_id:
                continue
            if row_id not in expected:
                self.find(
                    Rule.STRUCTURE_CHANGED,
                    sheet,
                    f"A{row_number}",
                    Severity.WARNING,
                    problem=f'Okänt id "{row_id}"; raden läses inte',
                    fix="Ändra inte Id-kolumnen",
                )
                continue
            if row_id in seen:
                self.find(
                    Rule.STRUCTURE_CHANGED,
                    sheet,
                    f"{get_column_letter(header_map['id'])}{row_number}",
                    problem=f'Id "{row_id}" förekommer två gånger; bara första raden läses',
                    fix="Ta bort den extra raden",
                )
                continue
            seen.add(row_id)
            self._read_row(sheet, row_id, expected[row_id], row, header_map, row_number)
        if header_map is None:
            self.find(
                Rule.STRUCTURE_CHANGED,
                sheet,
                f"A{header_hint or HEADER_ROW + 1}",
                problem="Rubrikraden (med kolumnen Id) hittades inte",
                fix="Ändra inte rubrikerna",
            )
            return
        if rows_read >= MAX_ROWS:
            self.find(
                Rule.STRUCTURE_CHANGED,
                sheet,
                "",
                Severity.WARNING,
                problem=f"Fliken har fler än {MAX_ROWS} rader; bara de första lästes",
                fix="Ta bort tomma eller inklistrade rader",
            )
        for row_id in expected:
            if row_id not in seen:
                self.find(
                    Rule.STRUCTURE_CHANGED,
                    sheet,
                    "A",
                    problem=f'Raden för "{row_id}" saknas (id ändrat eller raden borttagen)',
                    fix="Återställ raden från mallen",
                )

    def _match_header(self, sheet: str, row: list[CellInfo], row_number: int) -> dict[str, int] | None:
        texts = {_text(c.value): index for index, c in enumerate(row, start=1)}
        columns = SHEET_COLUMNS[sheet]
        if texts.get("Id") is None:
            return None
        found = {c.key: texts[c.header] for c in columns if c.header in texts}
        for column in columns:
            if column.key not in found:
                self.find(
                    Rule.STRUCTURE_CHANGED,
                    sheet,
                    f"{get_column_letter(len(found) + 1)}{row_number}",
                    problem=f'Kolumnen "{column.header}" saknas eller har bytt namn',
                    fix="Återställ rubriken från mallen",
                )
        return found if "id" in found else None

    def _read_row(
        self, sheet: str, row_id: str, item: Any, row: list[CellInfo], header: dict[str, int], row_number: int
    ) -> None:
        values: dict[str, Any] = {}
        cells: dict[str, str] = {}
        for column in SHEET_COLUMNS[sheet]:
            index = header.get(column.key)
            if index is None:
                continue
            coord = f"{get_column_letter(index)}{row_number}"
            cells[column.key] = coord
            vcell = row[index - 1] if len(row) >= index else CellInfo()
            formula, value = vcell.formula, vcell.value
            if formula and value is None:
                if sheet == "Ekonomi" and (column.kind == "formula" or row_id == NETTO_ID):
                    values[column.key] = None  # our own formulas: recomputed from the parts
                    continue
                self.find(Rule.FORMULA_NO_CACHE, sheet, coord, formula=formula)
                continue
            if column.kind == "formula":
                values[column.key] = self._number(value, sheet, row_id, column.key, coord, vcell, item, quiet=True)
            elif column.key in NUMBER_KEYS.get(sheet, set()):
                values[column.key] = self._number(value, sheet, row_id, column.key, coord, vcell, item)
            elif (sheet, column.key) in LIST_KEYS:
                values[column.key] = self._choice(value, LIST_KEYS[(sheet, column.key)], sheet, coord)
            else:
                values[column.key] = _text(value)
        self.sub.values[sheet][row_id] = values
        self.sub.cells[sheet][row_id] = cells
        self._check_prefilled(sheet, row_id, item, values, cells)

    def _number(
        self, value: Any, sheet: str, row_id: str, key: str, coord: str, cell: CellInfo, item: Any, quiet: bool = False
    ) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(item, KeyFigure) and item.target.direction is Direction.DONE and key != "denominator":
            return self._choice(value, DONE_ANSWERS, sheet, coord)
        if isinstance(value, (datetime, date)):
            self.find(Rule.NOT_A_NUMBER, sheet, coord, value="Ett datum")
            return None
        try:
            number, had_percent = parse_cell_number(value)
        except ValueError:
            if not quiet:
                self.find(Rule.NOT_A_NUMBER, sheet, coord, value=f'"{_short(value)}"')
            return None
        if isinstance(item, KeyFigure) and item.is_percent and key != "denominator":
            return self._percent(number, had_percent, cell.number_format or "", item, sheet, coord)
        if sheet in ("Ekonomi", "Åtgärdsplan"):
            return to_mkr(number)
        return number

    def _percent(
        self, number: Decimal, had_percent: bool, number_format: str, kf: KeyFigure, sheet: str, coord: str
    ) -> Decimal:
        """Percent key figures are kept in percentage points (88,5 means 88,5 %)."""
        if had_percent:
            return number
        if _is_percent_format(number_format):
            return number * 100 if abs(number) <= Decimal("1.5") else number
        goal = kf.target.value or Decimal(0)
        if number != 0 and abs(number) <= 1 and goal > 1:
            self.find(
                Rule.OUT_OF_RANGE,
                sheet,
                coord,
                Severity.WARNING,
                what=f"Värdet {number}",
                problem=f"tolkas som {number * 100} %; ange andelar i procent, t.ex. 88,5",
            )
            return number * 100
        return number

    def _choice(self, value: Any, allowed: list[str], sheet: str, coord: str) -> str | None:
        text = _text(value)
        if not text:
            return None
        match = next((a for a in allowed if a.lower() == text.lower()), None)
        if match is None:
            self.find(Rule.STATUS_INVALID, sheet, coord, value=_short(text), allowed=", ".join(allowed))
        return match

    def _check_prefilled(
        self, sheet: str, row_id: str, item: Any, values: dict[str, Any], cells: dict[str, str]
    ) -> None:
        """Locked, pre-filled cells must still say what the plan says."""
        expected: dict[str, Any] = {}
        if sheet == "Nyckeltal":
            expected["target"] = item.target_text
        elif sheet == "Ekonomi" and row_id != NETTO_ID:
            frame = self.plan.frame(self.sub.division_id, self.sub.period.year, self.sub.unit_id)
            expected["budget"] = frame.amounts[row_id] if frame else None
        elif sheet == "Åtgärdsplan":
            expected["planned"] = item.effects.get(self.sub.period.year)
        elif sheet == "Investeringar":
            expected["amount"] = Decimal(item.amount_tkr)
        for key, want in expected.items():
            got = values.get(key)
            if key in cells and want is not None and _differs(got, want):
                self.find(
                    Rule.STRUCTURE_CHANGED,
                    sheet,
                    cells[key],
                    problem=f"Det förifyllda värdet har ändrats (planen: {want}, filen: {got})",
                    fix="Ändra inte låsta celler",
                )


def _differs(got: Any, want: Any) -> bool:
    if isinstance(want, Decimal):
        return not isinstance(got, Decimal) or to_mkr(got) != to_mkr(want)
    return _text(got) != _text(want)


def _is_percent_format(number_format: str) -> bool:
    """True for a real percent format (0.0%), not one that shows a literal "%" in quotes."""
    outside_quotes = "".join(part for i, part in enumerate(number_format.split('"')) if i % 2 == 0)
    return "%" in outside_quotes


def _value(row: list[CellInfo], index: int) -> Any:
    return row[index - 1].value if len(row) >= index else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    return str(value).strip()


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
