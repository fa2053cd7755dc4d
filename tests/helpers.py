"""Fill generated templates the way people do: typed into the template's package as Excel keeps it (fill_xml),
or with openpyxl standing in for a person at Excel."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from copy import copy
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple

import fill_xml
from reporting.template.answers import FIELD_OF
from reporting.template.spec import DATA_SHEETS
from sheet_reads import sheet_names as sheet_names
from sheet_reads import sheet_values

# the columns of a template whose plan fills no optional column (the demo's), in their order
SHEET_COLUMNS = {spec.name: [c for c in spec.columns if not c.optional] for spec in DATA_SHEETS}
_ALL_COLUMNS = {spec.name: list(spec.columns) for spec in DATA_SHEETS}  # optional ones too, found by header


def _header_row(ws: Any, sheet: str) -> Any:
    for row in ws.iter_rows(min_row=1, max_row=40):
        if row[0].value == "Id":
            return row
    raise AssertionError(f"no header on {sheet}")


def _column(header_row: Any, key: str, sheet: str) -> str:
    header = next(c.header for c in _ALL_COLUMNS[sheet] if c.key == key)
    headers = {header, header.replace("(mkr)", "(tkr)")}  # a plan in tkr (Beloppsenhet) says "(tkr)"
    return str(next(c.column_letter for c in header_row if c.value in headers))


def locate(ws: Any, row_id: str, key: str, sheet: str) -> str:
    """The A1 reference of the cell for (row id, column key), found by header text and id."""
    header_row = _header_row(ws, sheet)
    col = _column(header_row, key, sheet)
    for row in ws.iter_rows(min_row=header_row[0].row + 1, max_row=ws.max_row):
        if row[0].value == row_id:
            return f"{col}{row[0].row}"
    raise KeyError(row_id)


def locate_in(path: Path, sheet: str, row_id: str, key: str) -> str:
    """``locate`` in a workbook file, looked up in its package as fill reads it instead of an openpyxl read."""
    data = Path(path).read_bytes()
    try:
        package = _package(data, hashlib.sha256(data).hexdigest())
    except fill_xml.Unsupported:
        return locate(read_workbook(path)[sheet], row_id, key, sheet)
    if sheet not in package.located:
        package.located[sheet] = _Sheet(package.sheet(sheet).cells(package.strings), sheet)
    return str(package.located[sheet].ref(row_id, key))


class _Sheet:
    """One sheet's header and id rows, looked up once per fill instead of once per edit (as locate does),
    from the cells the sheet has (iter_rows would add empty ones to the workbook read once for many fills)."""

    def __init__(self, ws: Any, sheet: str) -> None:
        self.sheet = sheet
        cells = sorted(ws._cells.items())
        ids = [r for (r, c), cell in cells if c == 1 and r <= 40 and cell.value == "Id"]
        assert ids, f"no header on {sheet}"
        self.columns = {cell.value: cell.column_letter for (r, _), cell in cells if r == ids[0]}
        self.rows: dict[Any, int] = {}
        for (r, c), cell in cells:
            if c == 1 and r > ids[0]:
                self.rows.setdefault(cell.value, r)  # the first row with the id, as locate finds it

    def ref(self, row_id: str, key: str) -> str:
        header = next(c.header for c in _ALL_COLUMNS[self.sheet] if c.key == key)
        col = next(self.columns[h] for h in (header, header.replace("(mkr)", "(tkr)")) if h in self.columns)
        if row_id not in self.rows:
            raise KeyError(row_id)
        return f"{col}{self.rows[row_id]}"


class AsText(str):
    """A value typed as text even though it starts with "=" (a cell formatted as text in Excel)."""


# A template's bytes (sha256) -> the workbook openpyxl read from them. Most fills start from one of a few
# blank templates; reading each once and saving every variant from it (edits undone after the save)
# spares a load per fill. The saved file is still the one openpyxl writes after reading that template.
_PARSED: dict[str, Any] = {}
_PARSED_MAX = 32
_TABLES = ("_cell_styles", "_number_formats", "_fonts", "_fills", "_borders", "_alignments", "_protections")


# (template's sha256, the edits) -> the bytes openpyxl saved: a fill repeated in a session (the same
# template filled the same way, as many tests do) is a copy of the first one's file.
_SAVED: dict[tuple[str, str], bytes] = {}


def _edits_key(edits: dict[tuple[str, str, str], Any]) -> str:
    """The edits with each value's type (1 and 1.0, AsText and str are different fills)."""
    return repr(sorted((key, type(value).__name__, repr(value)) for key, value in edits.items()))


def _parsed(path: Path, data: bytes, key: str) -> Any:
    if key not in _PARSED:
        if len(_PARSED) >= _PARSED_MAX:
            del _PARSED[next(iter(_PARSED))]  # the oldest
        _PARSED[key] = load_workbook(BytesIO(data))
    return _PARSED[key]


def _tables(wb: Any) -> Callable[[], None]:
    """Undo for the workbook's style tables, which a save (and a date's format) changes: entries added and
    the lookup rebuilt. Put back as read, the next save does what the first one after a fresh read does."""
    lists = [(table, list(table), dict(table._dict), table.clean) for table in (getattr(wb, n) for n in _TABLES)]

    def undo() -> None:
        for table, items, lookup, clean in lists:
            table[:], table._dict, table.clean = items, lookup, clean

    return undo


def _save(wb: Any, target: Path | BytesIO) -> None:
    """Save, then undo what openpyxl's writer sets on the workbook (the column outline level it found), so
    that the next save from the same read is the first one again."""
    outlines = [(ws.column_dimensions.max_outline, ws.sheet_format.outlineLevelCol) for ws in wb.worksheets]
    try:
        wb.save(target)
    finally:
        for ws, (found, level) in zip(wb.worksheets, outlines):
            ws.column_dimensions.max_outline, ws.sheet_format.outlineLevelCol = found, level


def fill(path: Path, edits: dict[tuple[str, str, str], Any], out: Path | None = None) -> Path:
    """Set cells by (sheet, row id, column key) and save (as a new file when ``out`` is given).

    The template's package is patched as Excel keeps it when a person types (fill_xml: only the edited sheets
    and the shared strings change); what the patcher does not handle (a date, a value of another type, another
    kind of package) is saved through openpyxl instead (``fill_resaved``)."""
    data = Path(path).read_bytes()
    template = hashlib.sha256(data).hexdigest()
    done = (template, _edits_key(edits))
    if done not in _SAVED:
        try:
            _keep(done, _patched(data, template, edits))
        except fill_xml.Unsupported:
            _keep(done, _resaved(path, data, template, edits))
    target = Path(out or path)
    target.write_bytes(_SAVED[done])
    return target


def fill_resaved(path: Path, edits: dict[tuple[str, str, str], Any], out: Path | None = None) -> Path:
    """``fill`` through openpyxl: the file read and saved whole by openpyxl (inline strings, its own styles part),
    for a test of how the product reads such a file."""
    data = Path(path).read_bytes()
    template = hashlib.sha256(data).hexdigest()
    done = (template, _edits_key(edits) + " resaved")
    if done not in _SAVED:
        _keep(done, _resaved(path, data, template, edits))
    target = Path(out or path)
    target.write_bytes(_SAVED[done])
    return target


def _keep(done: tuple[str, str], saved: bytes) -> None:
    if len(_SAVED) >= _PARSED_MAX:
        del _SAVED[next(iter(_SAVED))]  # the oldest
    _SAVED[done] = saved


# A template's bytes (sha256) -> its package as the patcher read it (None: one it does not handle).
_PACKAGES: dict[str, fill_xml.Package | None] = {}


def _package(data: bytes, key: str) -> fill_xml.Package:
    if key not in _PACKAGES:
        if len(_PACKAGES) >= _PARSED_MAX:
            del _PACKAGES[next(iter(_PACKAGES))]  # the oldest
        try:
            _PACKAGES[key] = fill_xml.read_package(data)
        except fill_xml.Unsupported:
            _PACKAGES[key] = None
    package = _PACKAGES[key]
    if package is None:
        raise fill_xml.Unsupported("a package the patcher does not handle")
    return package


def _patched(data: bytes, key: str, edits: dict[tuple[str, str, str], Any]) -> bytes:
    """The template's package with the edits typed into its sheets (see fill_xml)."""
    package = _package(data, key)
    strings = fill_xml.Strings(package)
    cells: dict[str, dict[tuple[int, int], tuple[Any, bool]]] = {}
    for (sheet, row_id, column), value in edits.items():
        part = package.sheet(sheet)
        if sheet not in package.located:
            package.located[sheet] = _Sheet(part.cells(package.strings), sheet)
        at = coordinate_to_tuple(package.located[sheet].ref(row_id, column))
        text = isinstance(value, AsText)
        cells.setdefault(sheet, {})[at] = (str(value) if text else value, text)
    if cells:
        for sheet in package.linked:
            cells.setdefault(sheet, {})  # its formulas' cached values may depend on the edits: dropped as well
    parts = {package.sheet_parts[s]: fill_xml.patched_sheet(package.sheet(s), c, strings) for s, c in cells.items()}
    if strings.added or strings.references:
        parts[package.strings_part] = strings.xml()
    return fill_xml.write_package(package, parts)


def _resaved(path: Path, data: bytes, template: str, edits: dict[tuple[str, str, str], Any]) -> bytes:
    """The edits set through openpyxl on the kept read of the template, saved; the read is left as it was read."""
    wb = _parsed(path, data, template)
    undo_tables = _tables(wb)
    sheets: dict[str, tuple[_Sheet, set[tuple[int, int]]]] = {}  # each edited sheet and the cells it had
    undo: list[tuple[Any, Any, str, Any]] = []  # each edited cell that the template had, as read
    saved = BytesIO()
    try:
        for (sheet, row_id, key), value in edits.items():
            ws = wb[sheet]
            if sheet not in sheets:
                sheets[sheet] = (_Sheet(ws, sheet), set(ws._cells))
            ref = sheets[sheet][0].ref(row_id, key)
            read = ws._cells.get(coordinate_to_tuple(ref))
            if read is not None:
                undo.append((read, read._value, read.data_type, copy(read._style)))
            cell = ws[ref]
            cell.value = str(value) if isinstance(value, AsText) else value
            if isinstance(value, AsText):
                cell.data_type = "s"
        _save(wb, saved)
    finally:
        for cell, value, data_type, style in reversed(undo):
            cell._value, cell.data_type, cell._style = value, data_type, style  # a date's value sets a format too
        for sheet, (_, had) in sheets.items():
            for coord in set(wb[sheet]._cells) - had:
                del wb[sheet]._cells[coord]  # a cell the edits created: absent again, as in the file read
        undo_tables()
    return saved.getvalue()


# A workbook's bytes (sha256) -> the workbook openpyxl read from them, pickled: many tests edit a copy of the
# same file (the demo plan.xlsx, a filled template); unpickling (~3 ms) is a fresh read (~20 ms) without the XML.
# Bytes are kept from their second read on: most files edited once (a test's second edit) are never read again.
# An unpickled copy saves an equivalent file, not always the same bytes (a template's two identical cell styles
# become one); fill() promises a fresh read's very bytes, so it keeps its own read and undoes its edits instead.
_READ: dict[str, bytes] = {}
_SEEN: set[str] = set()


def read_workbook(path: Path) -> Any:
    """``load_workbook(path)``: a workbook of its own, unpickled from the kept read when these bytes were read."""
    data = Path(path).read_bytes()
    key = hashlib.sha256(data).hexdigest()
    if key in _READ:
        return pickle.loads(_READ[key])
    wb = load_workbook(BytesIO(data))
    if key in _SEEN:
        if len(_READ) >= _PARSED_MAX:
            del _READ[next(iter(_READ))]  # the oldest
        _READ[key] = pickle.dumps(wb)
    _SEEN.add(key)
    return wb


def rows_of(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    """One sheet's rows of values (see sheet_values)."""
    return sheet_values(path, sheet)[sheet]


def value_at(rows: list[tuple[Any, ...]], ref: str) -> Any:
    """The value of cell ``ref`` (A1 style) in rows from sheet_values; None where the sheet has no cell."""
    row, column = coordinate_to_tuple(ref)
    if row > len(rows) or column > len(rows[row - 1]):
        return None
    return rows[row - 1][column - 1]


def edit_workbook(path: Path, change: Callable[[Any], None], out: Path | None = None) -> Path:
    """Read ``path`` with openpyxl, apply ``change`` to the workbook and save it (as ``out`` when given)."""
    wb = read_workbook(path)
    change(wb)
    target = Path(out or path)
    wb.save(target)
    return target


# (the plan pickled, division, period) -> the template build_template wrote: the runs of several tests on the
# same plan (a plan.xlsx written and read back) take a copy, as conftest's make_template does for the demo plan;
# the copy also reads as the same template in fill (one parse).
_BUILT: dict[tuple[str, str, str], bytes] = {}


def template_copy(plan: Any, division: str, period: Any, path: Path) -> Path:
    """``build_template(plan, division, period, path)``, or a copy of the one built from an equal plan."""
    from reporting.template.write import build_template

    plan.digest()  # cached on the plan: computed before pickling, so that equal plans pickle alike
    key = (hashlib.sha256(pickle.dumps(plan)).hexdigest(), division, period.key)
    if key in _BUILT:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_BUILT[key])
        return path
    build_template(plan, division, period, path)
    if len(_BUILT) >= _PARSED_MAX:
        del _BUILT[next(iter(_BUILT))]  # the oldest
    _BUILT[key] = path.read_bytes()
    return path


def complete_edits(
    plan: Any, division: str, year: int = 2025, period_kind: str = "T1"
) -> dict[tuple[str, str, str], Any]:
    """Every required input of a division filled so that all targets are met and nothing is missing.

    Internkontroll: the control points of ``period_kind`` (T1 by default: the tertialvis ones,
    which every period's template asks for), each done without a deviation.
    """
    edits: dict[tuple[str, str, str], Any] = {}
    for kf in plan.key_figures_for(division):
        from reporting.plan.targets import Direction

        if kf.target.direction is Direction.DONE:
            good = "Ja"
        else:
            goal = float(kf.target.value)
            lower = kf.target.direction in (Direction.BELOW, Direction.AT_MOST)
            good = goal * 0.9 if lower else (min(goal * 1.05, 100) if kf.target.is_percent else goal * 1.05)
        edits[("Nyckeltal", kf.id, "outcome")] = good
        edits[("Nyckeltal", kf.id, "forecast")] = good
        edits[("Nyckeltal", kf.id, "denominator")] = 100
    for item in plan.assignments_for(division):
        edits[("Uppdrag", item.id, "status")] = "Pågår enligt plan"
    frame = plan.frame(division, year)
    for gid, amount in frame.amounts.items():
        edits[("Ekonomi", gid, "periodised")] = float(amount) / 3
        edits[("Ekonomi", gid, "actual")] = float(amount) / 3
        edits[("Ekonomi", gid, "forecast")] = float(amount)
    for measure in plan.measures_for(division):
        edits[("Åtgärdsplan", measure.id, "achieved")] = 1
        edits[("Åtgärdsplan", measure.id, "forecast")] = 2
    for item in plan.investments_for(division):
        edits[("Investeringar", item.id, "status")] = "Pågår"
        edits[("Investeringar", item.id, "spent")] = 10
    for point in plan.control_points_for(division, period_kind):
        edits[("Internkontroll", point.id, "done")] = "Ja"
        edits[("Internkontroll", point.id, "result")] = "Stickprov utan anmärkning."
        edits[("Internkontroll", point.id, "deviation")] = "Nej"
    from reporting.plan.periods import Period

    sheets = Period(year, period_kind).sheets  # a month's template has no Uppdrag, Investeringar or Internkontroll
    return {key: value for key, value in edits.items() if key[0] in sheets}


def answer(sub: Any, sheet: str, row_id: str, key: str) -> Any:
    """The value a submission read for (sheet, row id, column key), through its typed answers."""
    spec = next(s for s in DATA_SHEETS if s.name == sheet)
    rows = getattr(sub.answers, FIELD_OF[spec.answer])
    return getattr(rows[row_id], key) if row_id in rows else None


def answer_cell(sub: Any, sheet: str, row_id: str, key: str) -> str:
    spec = next(s for s in DATA_SHEETS if s.name == sheet)
    rows = getattr(sub.answers, FIELD_OF[spec.answer])
    return rows[row_id].cell(key) if row_id in rows else ""


def fail_checking(monkeypatch: Any, prefix: str, how: str) -> None:
    """Make intake's per-file check fail for files named ``prefix…``: raise ("raises") or kill the worker ("dies")."""
    import os

    from reporting.intake import checking

    original = checking.check_file

    def flaky(path: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(path).name.startswith(prefix):
            if how == "dies":
                os._exit(3)
            raise RuntimeError("bug in a rule")
        return original(path, *args, **kwargs)

    monkeypatch.setattr(checking, "check_file", flaky)
    monkeypatch.setattr(checking, "PARALLEL_FROM", 2)


def run_t1(root: Path, command: str) -> Any:
    """``reporting COMMAND -w ROOT -p 2025-T1`` through click's runner (its result: exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from reporting.cli import main

    return CliRunner().invoke(main, [command, "-w", str(root), "-p", "2025-T1"])


def workspace_files(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the workspace but the lock, with its bytes and modification time: what "nothing changed" is."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".reporting.lock"
    }
