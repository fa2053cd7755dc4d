"""Reading a filled template: its identity (``_meta``) and its data sheets, with cell-precise findings.

Inputs are found by header text and row id, so inserted rows, sorted rows and
extra sheets do not break reading. Typed Swedish numbers ("88,5 %", "1 234,5",
"−3,2"), formulas (cached values) and LibreOffice files read the same as Excel's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from reporting.findings import Finding, Rule, Severity, error, warning
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.plan.targets import Direction
from reporting.swedish import NumberTooLarge, format_number, parse_cell_number, to_mkr
from reporting.template.answers import FIELD_OF, Answer, Answers
from reporting.template.cell_text import differs, is_percent_format, short, shown, text
from reporting.template.loose_rows import Loose, holds_values, report_loose_rows
from reporting.template.percent import figure_value
from reporting.template.sheet_names import sheet_finding, sheet_of
from reporting.template.spec import (
    DONE_ANSWERS,
    ECONOMY,
    HEADER_ROW,
    META_KEYS,
    META_SHEET,
    NETTO_ID,
    Column,
    Kind,
    Row,
    SheetSpec,
    data_sheets,
    header_of,
    is_computed,
    meta_name,
)
from reporting.template.typed_words import near_miss, number_advice, percent_in_amount
from reporting.xlsx.readers import Book, CellInfo

IDENTITY_KEYS = {"division_id", "period", "template_version"}
MAX_ROWS = 2000  # a template has < 100 rows; more is a broken or hostile file
HEADER_SCAN_ROWS = 40
META_MAX_ROW, META_MAX_COL = 200, 20  # where a metadata name may point (the template uses _meta!B1:B10)
_REF_RE = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")

# The largest magnitude a number may have, per column kind, beyond which no figure of
# a health-care board can mean it; a value outside gets OUT_OF_RANGE (error) on its
# cell and is not kept, so nothing absurd reaches consolidation, history or outputs.
#   MKR      money in mkr:             |x| <= 1 000 000 mkr (a region's whole budget is ~50 000)
#   FORMULA  our own mkr formulas:     |x| <= 10 000 000 mkr (differences of two bounded amounts)
#   TKR      money in tkr:             |x| <= 10 000 000 000 tkr
#   FIGURE   a key figure's value:     |x| <= 10^12 (percent key figures also have 0–100 in intake.rules)
#   NUMBER   a count (nämnare):        |x| <= 10^12
BOUNDS: dict[Kind, Decimal] = {
    Kind.MKR: Decimal("1e6"),
    Kind.FORMULA: Decimal("1e7"),
    Kind.TKR: Decimal("1e10"),
    Kind.FIGURE: Decimal("1e12"),
    Kind.NUMBER: Decimal("1e12"),
}
UNIT_OF = {Kind.MKR: " mkr", Kind.FORMULA: " mkr", Kind.TKR: " tkr"}


def read_metadata(book: Book) -> dict[str, str]:
    """Template metadata from the defined names, falling back to the _meta sheet's rows.

    A name pointing beyond ``META_MAX_ROW``/``META_MAX_COL`` is ignored (the template
    writes them to _meta!B1:B10): a forged name at XFD1048576 must not make a reader
    walk a million rows. Only the wanted cells are kept, never whole rows.
    """
    wanted: dict[str, tuple[str, int, int]] = {}
    for key in META_KEYS:
        for sheet, ref in book.defined_names.get(meta_name(key), [])[:1]:
            cell = ref.replace("$", "").split(":")[0]
            if sheet in book.sheetnames and (found := _REF_RE.match(cell)):
                row, col = int(found[2]), column_index_from_string(found[1])
                if row <= META_MAX_ROW and col <= META_MAX_COL:
                    wanted[key] = (sheet, row, col)
    meta: dict[str, str] = {}
    for sheet in {dest[0] for dest in wanted.values()}:
        here: dict[int, list[tuple[str, int]]] = {}  # row -> its (key, column), in key order
        for key, (s, row, col) in wanted.items():
            if s == sheet:
                here.setdefault(row, []).append((key, col))
        last_col = max(col for cells in here.values() for _, col in cells)
        for number, line in enumerate(book.rows(sheet, max(here), last_col), start=1):
            for key, col in here.get(number, ()):
                value = line[col - 1].value if len(line) >= col else None
                if value not in (None, ""):
                    meta[key] = text(value)
    if META_SHEET in book.sheetnames and not meta.keys() >= IDENTITY_KEYS:  # names lost: read the sheet itself
        for line in book.rows(META_SHEET, 50, 2):
            name, given = (line[0].value, line[1].value) if len(line) >= 2 else (None, None)
            if name in META_KEYS and given not in (None, "") and name not in meta:
                meta[str(name)] = text(given)
    return meta


def _header_row(book: Book, spec: SheetSpec, name: str) -> int | None:
    """One-based row of the header, from the defined name (Excel and LibreOffice move it with inserted rows)."""
    for dest_sheet, ref in book.defined_names.get(spec.header_name, []):
        cell = ref.split(":")[0].replace("$", "")
        if dest_sheet == name and (found := _REF_RE.match(cell)):
            return min(int(found[2]), MAX_ROWS)
    return None


def read_answers(
    book: Book,
    plan: Plan,
    reporter: Reporter,
    period: Period,
    file: str,
    findings: list[Finding],
    older_plan: bool = False,
) -> tuple[Answers, tuple[str, ...]]:
    """Every data sheet of a filled template as typed answers, and the names of the sheets that are missing.

    ``older_plan``: the template is from another plan version, so a pre-filled value unlike the plan's changed there.
    """
    reader = _Reader(plan, reporter, period, file, findings, older_plan)
    answers: dict[str, dict[str, Answer]] = {}
    missing: list[str] = []
    for spec in data_sheets(period):
        name = sheet_of(book, spec)
        if name != spec.name:  # missing (an error), or renamed (a warning, and read)
            severity, fields = sheet_finding(spec, name)
            reader.find(Rule.STRUCTURE_CHANGED, name or spec.name, "", severity, **fields)
        if name is None:
            missing.append(spec.name)
            continue
        rows = book.rows(name, MAX_ROWS, len(spec.columns) + 10)
        answers[FIELD_OF[spec.answer]] = reader.read_sheet(spec, rows, _header_row(book, spec, name), book.truncated)
    return Answers(**answers, netto_extra=reader.netto_extra), tuple(missing)  # type: ignore[arg-type]


class _Reader:
    """Reads the data sheets of one submission into typed answers, with a finding for every problem."""

    def __init__(
        self, plan: Plan, reporter: Reporter, period: Period, file: str, findings: list[Finding], older_plan: bool
    ) -> None:
        self.plan, self.reporter, self.period, self.file, self.findings = plan, reporter, period, file, findings
        self.bounds = {kind: self._bound(kind) for kind in BOUNDS}  # once per file, not per number
        self.older_plan = older_plan  # see read_answers
        self.netto_extra: dict[str, Decimal] = {}  # see loose_rows.report_loose_rows

    def find(
        self, rule: Rule, sheet: str = "", cell: str = "", severity: Severity = Severity.ERROR, **fields: Any
    ) -> None:
        make = error if severity is Severity.ERROR else warning
        self.findings.append(make(rule, file=self.file, sheet=sheet, cell=cell, division=self.reporter.name, **fields))

    def read_sheet(
        self,
        spec: SheetSpec,
        rows: Iterator[list[CellInfo]],
        header_hint: int | None,
        truncated: set[str] | None = None,
    ) -> dict[str, Answer]:
        """One sheet's answers; ``rows`` stop at MAX_ROWS rows read and the sheet is then in ``truncated``."""
        sheet = spec.name
        header_map: dict[str, int] | None = None
        reads: _Reads = ([], {}, [])
        expected = {row.id: row for row in spec.rows(self.plan, self.reporter, self.period)}
        out: dict[str, Answer] = {}
        loose: list[Loose] = []  # rows without an id that hold values in input columns
        netto: list[CellInfo] | None = None  # the Ekonomi sheet's Netto row, whose formula may count a loose row
        header_at = 0  # the header row's number, once found
        cut = False
        for row_number, row in enumerate(rows, start=1):
            if row_number > MAX_ROWS:  # the readers stop there already; the cap holds whatever ``rows`` is
                cut = True
                break
            if header_map is None:
                # the defined name says where the header is; scan on if rows were inserted elsewhere
                header_map = self._match_header(spec, row, row_number)
                header_at = row_number
                if header_map is None:
                    if row_number >= max(HEADER_SCAN_ROWS, header_hint or 0):
                        break
                    continue
                reads = _read_columns(spec, header_map)
                continue
            row_id = text(row[header_map["id"] - 1].value if len(row) >= header_map["id"] else None)
            if not row_id:
                if holds_values(row, reads[0]):
                    loose.append((row_number, row))
                continue
            if row_id not in expected:
                self._unknown(sheet, f"{get_column_letter(header_map['id'])}{row_number}", row_id)
                continue
            if row_id in out:
                self.find(
                    Rule.STRUCTURE_CHANGED,
                    sheet,
                    f"{get_column_letter(header_map['id'])}{row_number}",
                    problem=f'Id "{row_id}" förekommer två gånger; bara första raden läses',
                    fix="Ta bort den extra raden",
                )
                continue
            out[row_id] = self._read_row(spec, expected[row_id], row, reads, row_number)
            netto = row if spec is ECONOMY and row_id == NETTO_ID else netto
        if header_map is None:
            self.find(
                Rule.STRUCTURE_CHANGED,
                sheet,
                f"A{header_hint or HEADER_ROW + 1}",
                problem="Rubrikraden (med kolumnen Id) hittades inte",
                fix="Ändra inte rubrikerna",
            )
            return out
        if loose:
            id_column, unit = get_column_letter(header_map["id"]), self.plan.amount_unit
            self.netto_extra.update(report_loose_rows(self.find, sheet, loose, reads[0], id_column, netto, unit))
        if cut or sheet in (truncated or set()):
            self.find(
                Rule.STRUCTURE_CHANGED,
                sheet,
                "",
                Severity.WARNING,
                problem=f"Fliken har fler än {MAX_ROWS} rader; bara de första lästes",
                fix="Ta bort tomma eller inklistrade rader",
            )
        id_header = f"{get_column_letter(header_map['id'])}{header_at}"  # where a missing row's finding points
        for row_id in (row_id for row_id in expected if row_id not in out):
            if self.older_plan:  # the plan gained the row after the template was made: no fault of the file's
                problem = f'Raden för "{row_id}" saknas (planen har fått den sedan mallen skapades)'
                self.find(Rule.PLAN_ROW_CHANGED, sheet, id_header, problem=problem, fix="Fyll i periodens nya mall")
                continue
            problem = f'Raden för "{row_id}" saknas (id ändrat eller raden borttagen)'
            self.find(Rule.STRUCTURE_CHANGED, sheet, id_header, problem=problem, fix="Återställ raden från mallen")
        return out

    def _unknown(self, sheet: str, cell: str, row_id: str) -> None:
        """A row whose id the plan does not give this reporter: in a template of an older plan, one the plan has
        since removed or moved elsewhere (nobody's fault); else an edited id."""
        if self.older_plan:
            problem = (
                f'Raden för "{row_id}" finns inte längre i planen för {self.reporter.name} (planen har ändrats '
                "sedan mallen skapades) och läses inte"
            )
            self.find(Rule.PLAN_ROW_CHANGED, sheet, cell, Severity.WARNING, problem=problem, fix="Inget behöver ändras")
            return
        problem = f'Okänt id "{row_id}"; raden läses inte'
        self.find(Rule.STRUCTURE_CHANGED, sheet, cell, Severity.WARNING, problem=problem, fix="Ändra inte Id-kolumnen")

    def _match_header(self, spec: SheetSpec, row: list[CellInfo], row_number: int) -> dict[str, int] | None:
        texts = {text(c.value): index for index, c in enumerate(row, start=1)}
        id_header, headers = _headers(spec, self.plan.amount_unit)
        if id_header not in texts:
            return None
        found = {c.key: texts[header] for c, header in headers if header in texts}
        for position, (column, header) in enumerate(headers):
            if column.key not in found and not column.optional:
                self.find(
                    Rule.STRUCTURE_CHANGED,
                    spec.name,
                    f"{get_column_letter(spec.expected_column(found, position))}{row_number}",
                    problem=f'Kolumnen "{header}" saknas eller har bytt namn',
                    fix="Återställ rubriken från mallen",
                )
        return found if "id" in found else None

    def _read_row(self, spec: SheetSpec, expected: Row, row: list[CellInfo], reads: _Reads, row_number: int) -> Answer:
        values: dict[str, Any] = {}
        total = spec is ECONOMY and is_computed(expected)  # netto, a Delsumma: our formulas, recomputed
        locked = expected.locked
        columns, letters, _ = reads
        for column, index, letter in columns:
            key, kind = column.key, column.kind
            vcell = row[index - 1] if len(row) >= index else _EMPTY
            value = vcell.value
            if value is None and vcell.formula:
                if kind is not Kind.FORMULA and not total:  # our own formulas are recomputed from the parts
                    self.find(Rule.FORMULA_NO_CACHE, spec.name, f"{letter}{row_number}", formula=vcell.formula)
                continue
            if not column.input and kind is not Kind.TEXT and isinstance(locked.get(key), str):
                values[key] = got = text(value)  # a locked word in a money column ("ej beräknad")
            else:
                values[key] = got = self._coerce(column, expected, vcell, spec.name, f"{letter}{row_number}")
            if kind.numeric and column.input and not total and vcell.is_text and isinstance(got, Decimal):
                coord = f"{letter}{row_number}"
                self.find(Rule.NUMBER_AS_TEXT, spec.name, coord, Severity.WARNING, value=f'"{short(value)}"')
        answer = spec.answer(row=row_number, columns=letters, **values)
        self._check_locked(spec, expected, values, answer, reads)
        return answer

    def _coerce(self, column: Column, row: Row, cell: CellInfo, sheet: str, coord: str) -> Any:
        """A cell's value by its column's kind: text, a choice, a number, money, a key figure's value.

        Numbers are bounded by ``BOUNDS[column.kind]``; a value outside is reported and read as None. A cell the
        template computes (Netto, a Delsumma, an avvikelse) is read as None without a finding when it is no number
        or too large: a typed part made it so (a date, an error value, tkr for mkr), and the part's own cell says so.
        """
        value, kind = cell.value, column.kind
        computed = kind is Kind.FORMULA or (sheet == ECONOMY.name and is_computed(row))
        if kind is Kind.TEXT:
            return text(value)
        if kind is Kind.CHOICE:
            return self._choice(value, column.choices, sheet, coord)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if kind is Kind.FIGURE and row.item.target.direction is Direction.DONE:
            return self._choice(value, DONE_ANSWERS, sheet, coord)
        if type(value) is not float and isinstance(value, (datetime, date)):  # the column's advice, as for a text
            return None if computed else self._not_a_number(kind, sheet, coord, "Ett datum")
        try:
            number, had_percent = parse_cell_number(value)
        except NumberTooLarge:
            return None if computed else self._too_large(column, sheet, coord)
        except ValueError:
            return None if computed else self._not_a_number(kind, sheet, coord, f'"{short(value)}"')
        if abs(number) > self.bounds[kind]:
            return None if computed else self._too_large(column, sheet, coord)
        if kind is Kind.FIGURE and (had_percent or row.item.is_percent or is_percent_format(cell.number_format or "")):
            warn = partial(self.find, Rule.OUT_OF_RANGE, sheet, coord, Severity.WARNING)
            return figure_value(number, had_percent, cell.number_format or "", row.item, warn)
        if had_percent and kind in (Kind.MKR, Kind.TKR):  # "12,5 %" in an amount's cell: read as the number, said
            self.find(Rule.OUT_OF_RANGE, sheet, coord, Severity.WARNING, **percent_in_amount(value, kind, self.plan))
        if kind is Kind.MKR or kind is Kind.FORMULA:
            return to_mkr(number)
        return number

    def _not_a_number(self, kind: Kind, sheet: str, coord: str, said: str) -> None:
        """A date or a text in a number cell: an error with the column's advice ("i mkr, utan enhet, t.ex. 5,5")."""
        self.find(Rule.NOT_A_NUMBER, sheet, coord, Severity.ERROR, **number_advice(said, kind, self.plan.amount_unit))

    def _bound(self, kind: Kind) -> Decimal:
        """The kind's bound; money in a tkr plan may be 1 000 times larger (the same amounts)."""
        scale = 1000 if kind in (Kind.MKR, Kind.FORMULA) and self.plan.amount_unit == "tkr" else 1
        return BOUNDS[kind] * scale

    def _too_large(self, column: Column, sheet: str, coord: str) -> None:
        """A number beyond its column's bound: an error on the cell, and no value."""
        unit = UNIT_OF.get(column.kind, "")
        if column.kind in (Kind.MKR, Kind.FORMULA):
            unit = f" {self.plan.amount_unit}"
        self.find(
            Rule.OUT_OF_RANGE,
            sheet,
            coord,
            what="Talet",
            problem=f"är orimligt stort (högst ±{format_number(self._bound(column.kind), 0)}{unit}); "
            "kontrollera värdet och enheten",
        )
        return None

    def _choice(self, value: Any, allowed: Sequence[str], sheet: str, coord: str) -> str | None:
        typed = text(value)
        if not typed:
            return None
        match = next((a for a in allowed if a.lower() == typed.lower()), None)
        near = None if match else near_miss(typed, allowed)  # another form of a listed word: read as it, warned
        if match is None:
            said = {
                "value": short(value),
                "read": f' och läses som "{near}"' if near else "",
                "allowed": ", ".join(allowed),
            }
            self.find(Rule.STATUS_INVALID, sheet, coord, Severity.WARNING if near else Severity.ERROR, **said)
        return match or near

    def _check_locked(self, spec: SheetSpec, row: Row, values: dict[str, Any], answer: Answer, reads: _Reads) -> None:
        """Locked, pre-filled cells must still say what the plan says (the checked columns read, ``reads[2]``)."""
        for column in reads[2]:
            want = row.locked.get(column.key)
            if want is None or not differs(got := values.get(column.key), want):
                continue
            if self.older_plan:
                # a frame changed since: the file's figures are for the old one (a unit moved, a reallocation),
                # never to be judged against the new; another pre-filled value is only the plan's (a warning)
                rule = Rule.FRAME_CHANGED if spec is ECONOMY and column.key == "budget" else Rule.PLAN_VALUE_CHANGED
                changed = {"plan": f'"{shown(want)}"', "template": f'"{shown(got)}"'}
                severity = Severity.ERROR if rule is Rule.FRAME_CHANGED else Severity.WARNING
                self.find(rule, spec.name, answer.cell(column.key), severity, **changed)
            else:
                self.find(
                    Rule.STRUCTURE_CHANGED,
                    spec.name,
                    answer.cell(column.key),
                    problem=f"Det förifyllda värdet har ändrats (planen: {shown(want)}, filen: {shown(got)})",
                    fix="Ändra inte låsta celler",
                )


# once per sheet: the columns read (each with its one-based position and letter), field -> letter (shared by every
# answer) and the checked columns read
_Reads = tuple[list[tuple[Column, int, str]], Mapping[str, str], list[Column]]
_EMPTY = CellInfo()  # a cell beyond a row's last one; never changed
_HEADERS: dict[tuple[str, str], tuple[SheetSpec, str, list[tuple[Column, str]]]] = {}


def _headers(spec: SheetSpec, unit: str) -> tuple[str, list[tuple[Column, str]]]:
    """The Id column's header and each column's with its header in the plan's amount unit (once per sheet and unit)."""
    found = _HEADERS.get((spec.name, unit))
    if found is None or found[0] is not spec:
        found = _HEADERS[spec.name, unit] = (spec, spec.header("id"), [(c, header_of(c, unit)) for c in spec.columns])
    return found[1], found[2]


def _read_columns(spec: SheetSpec, header: dict[str, int]) -> _Reads:
    """The columns a sheet's rows are read in (spec order), found once per sheet, not once per row."""
    columns = [
        (column, index, get_column_letter(index))
        for column in spec.columns
        if column.read and (index := header.get(column.key)) is not None
    ]
    letters = {column.key: letter for column, _, letter in columns}
    checked = [column for column in spec.columns if column.checked and column.key in letters]
    return columns, letters, checked
