"""Division templates: pre-filled, protected input workbooks, one per division and period.

Only input cells are unlocked (pale yellow); every input has data validation with
Swedish prompts. A hidden ``_meta`` sheet and defined names carry the template's
identity so intake can recognise the file whatever the controller renamed it to.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from reporting.errors import ReportingError
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.plan.targets import Direction
from reporting.progress import Progress
from reporting.template.batch import Job, TemplateRun, run_jobs
from reporting.template.economy_sums import DIFFERENCES, SUMMED, difference, without_budget
from reporting.template.instructions import instruction_lines
from reporting.template.rule_cache import add_validation
from reporting.template.shared import SHARED_SPECS, ReusableSheet, SharedSheets, pin_formats
from reporting.template.spec import (
    ECONOMY,
    FIRST_DATA_ROW,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    META_KEYS,
    META_SHEET,
    NETTO_ID,
    TEMPLATE_VERSION,
    Column,
    Kind,
    Row,
    SheetSpec,
    data_sheets,
    header_of,
    is_computed,
    meta_name,
    subtitle_of,
)
from reporting.template.validation import validation_of
from reporting.text import plural
from reporting.xlsx.write import Formats, atomic_workbook, print_setup, write_value

Fill = dict[str, dict[str, dict[str, Any]]]  # sheet name -> row id -> column key -> value
PROTECT_OPTIONS = {
    "insert_rows": True,
    "delete_rows": False,
    "sort": True,
    "autofilter": True,
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}


@dataclass
class _Ctx:
    plan: Plan
    reporter: Reporter
    period: Period
    fmt: Formats
    fill: Fill
    shared: SharedSheets | None = None
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # see rule_cache.add_validation


def write_templates(
    plan: Plan,
    period: Period,
    out_dir: str | Path,
    divisions: list[str] | None = None,
    units: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
) -> TemplateRun:
    """Write one template per division (all divisions by default), or with ``units`` one per unit (and one for
    a division without units: it reports as a whole, and must not be left without a template unsaid).

    Many templates are written over a process pool on every core (``reporting.template.batch``);
    one that cannot be written is in the run's ``failed`` and the others are still written. Older
    templates of the period that the plan no longer names are then moved to ``äldre/`` (``set_aside``).
    The command line and the benchmark both call this.
    """
    plan.require_period(period)  # before anything is written: a period the plan does not list has no templates
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    jobs = []
    for division in plan.divisions:
        if divisions and division.id not in divisions:
            continue
        own_units = plan.units_of(division.id) if units else []
        reporters = [Reporter(division, u) for u in own_units] or [Reporter(division)]
        jobs += [Job(r.division_id, r.unit_id, out / r.file_name(period.key)) for r in reporters]
    from reporting.template.stale import (  # here: its reader loads openpyxl, which writing never needs
        require_older_folder,
        set_aside,
        stale_templates,
    )

    stale = stale_templates(plan, period, out, [job.path for job in jobs])
    require_older_folder(out, stale)  # before anything is written
    run = run_jobs(_build_job, plan, period, jobs, workers, progress)
    run.set_aside = set_aside(stale, out)
    return run


def generate_templates(
    plan: Plan,
    period: Period,
    out_dir: str | Path,
    divisions: list[str] | None = None,
    units: bool = False,
    progress: Progress | None = None,
) -> list[Path]:
    """``write_templates``' written files; raises TemplatesNotWritten when any template could not be written."""
    run = write_templates(plan, period, out_dir, divisions, units, progress)
    if run.failed:
        raise TemplatesNotWritten(run)
    return run.written


class TemplatesNotWritten(ReportingError):
    """Some templates could not be written (the others were); the message names the first."""

    def __init__(self, run: TemplateRun) -> None:
        first = run.failed[0]
        super().__init__(
            f"{plural(len(run.failed), 'mall', 'mallar')} kunde inte skrivas, bland dem {first.path.name}: {first.problem}"
        )
        self.run = run


def _build_job(plan: Plan, period: Period, job: Job, shared: SharedSheets) -> Path:
    return build_template(plan, job.division_id, period, job.path, unit_id=job.unit_id, shared=shared)


def build_template(
    plan: Plan,
    division_id: str,
    period: Period,
    path: str | Path,
    fill: Fill | None = None,
    created: datetime | None = None,
    unit_id: str = "",
    shared: SharedSheets | None = None,
) -> Path:
    """Write the template of one division (or of one of its units). ``fill`` pre-enters inputs (demo, tests).

    ``shared`` (one per run and process) lets the units of a division share their common sheets' XML.
    """
    path = Path(path)
    with atomic_workbook(path, in_memory=True) as wb:
        fmt = Formats(wb)
        pin_formats(fmt)
        ctx = _Ctx(plan, Reporter.of(plan, division_id, unit_id), period, fmt, fill or {}, shared)
        sheets = [(spec, spec.rows(plan, ctx.reporter, period)) for spec in data_sheets(period)]  # each once
        _instructions(wb, ctx, [spec.name for spec, rows in sheets if rows])
        for spec, rows in sheets:
            _data_sheet(wb, ctx, spec, rows)
        _metadata(wb, ctx, created or datetime.now().replace(microsecond=0))
    return path


# ----------------------------------------------------------------- sheets
def _instructions(wb: Any, ctx: _Ctx, to_fill: list[str]) -> None:
    """The Instruktion sheet; ``to_fill``: the data sheets with rows for the reporter, the ones it names."""
    ws = wb.add_worksheet(INSTRUCTIONS_SHEET, worksheet_class=ReusableSheet)
    fmt, plan, period = ctx.fmt, ctx.plan, ctx.period
    lines = instruction_lines(plan, period, ctx.reporter, fmt, to_fill)
    ws.activate()
    key, content = (INSTRUCTIONS_SHEET, ctx.reporter.division_id), tuple(text for text, _ in lines[1:])
    if ctx.shared is not None and ctx.shared.reuse(wb, ws, key, content, lines[0][0]):
        return
    ws.set_column(0, 0, 110)
    for row, (text, style) in enumerate(lines):
        if text:
            ws.write_string(row, 0, text, style)
    ws.write_string(len(lines), 0, "Gul cell", ctx.fmt.input_text)
    ws.protect("", PROTECT_OPTIONS)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if ctx.shared is not None:
        ctx.shared.keep(wb, ws, key, content)


def _data_sheet(wb: Any, ctx: _Ctx, spec: SheetSpec, rows: list[Row]) -> None:
    """Title, header, one row per plan item (``rows``): locked values as the plan says, inputs with validation."""
    ws = wb.add_worksheet(spec.name, worksheet_class=ReusableSheet)
    columns = spec.shown(rows)
    last = xl_rowcol_to_cell(HEADER_ROW, len(columns) - 1, row_abs=True, col_abs=True)
    wb.define_name(spec.header_name, f"='{spec.name}'!$A${HEADER_ROW + 1}:{last}")
    print_setup(  # the workbook's print titles, and the header and footer that name the unit
        ws,
        HEADER_ROW,
        f"{ctx.plan.board} · {ctx.reporter.name}",
        ctx.period.label,
        f"{ctx.reporter.name} · {ctx.period.key} · {spec.name}",
    )
    title = f"{spec.name} – {ctx.reporter.name} – {ctx.period.label}"
    shared = ctx.shared if spec in SHARED_SPECS and not ctx.fill.get(spec.name) else None
    key = (spec.name, ctx.reporter.division_id)
    if shared is not None and shared.reuse(wb, ws, key, rows, title):
        return
    for col, column in enumerate(columns):
        ws.set_column(col, col, column.width)
    ws.set_row(HEADER_ROW, 42)
    ws.freeze_panes(FIRST_DATA_ROW, 2)
    ws.protect("", PROTECT_OPTIONS)
    _cells(ws, ctx, spec, rows, title)
    if shared is not None:
        shared.keep(wb, ws, key, rows)


def _cells(ws: Any, ctx: _Ctx, spec: SheetSpec, rows: list[Row], title: str) -> None:
    """Every cell and validation of a data sheet; the title is the first string written (see shared.py)."""
    columns, unit = spec.shown(rows), ctx.plan.amount_unit
    fmt = ctx.fmt.for_unit(unit)
    ws.write_string(0, 0, title, fmt.title)
    ws.write_string(1, 0, subtitle_of(spec, unit, ctx.period, not rows), fmt.subtitle)
    for col, column in enumerate(columns):
        ws.write_string(HEADER_ROW, col, header_of(column, unit), fmt.header)
    cached = economy_cached(ctx.fill.get(spec.name, {}), rows) if spec is ECONOMY else {}
    first = FIRST_DATA_ROW
    sums = _sum_parts(rows, first) if spec is ECONOMY else {}
    reporter = ctx.reporter  # a unit without a budget of its own: no budget helår, so no forecast against it
    unframed = spec is ECONOMY and without_budget(ctx.plan, reporter.division_id, ctx.period.year, reporter.unit_id)
    for r, row in enumerate(rows, start=first):
        total = spec is ECONOMY and is_computed(row)
        for col, column in enumerate(columns):
            if unframed and column.key == "forecast_deviation":
                ws.write_blank(r, col, None, _locked_format(fmt, column, total))
            elif column.kind is Kind.FORMULA or (total and column.kind is Kind.MKR):
                _formula(ws, spec, r, col, column, sums.get(row.id, []), cached[row.id], fmt, total)
            elif total and column.input and row.id != NETTO_ID:
                ws.write_blank(r, col, None, fmt.text)  # a Delsumma row is computed: nothing to enter
            elif column.input:
                write_value(
                    ws,
                    r,
                    col,
                    ctx.fill.get(spec.name, {}).get(row.id, {}).get(column.key),
                    _input_format(fmt, column, row),
                )
                rule = validation_of(spec, column, row, total, unit)
                if rule:
                    add_validation(ws, r, col, rule, ctx.rules)
            elif isinstance(value := row.locked.get(column.key), str):
                ws.write_string(r, col, value, _locked_format(fmt, column, total))  # text stays text
            else:
                write_value(ws, r, col, value, _locked_format(fmt, column, total))
        if spec.row_height:
            ws.set_row(r, spec.row_height)


def _input_format(fmt: Formats, column: Column, row: Row) -> Any:
    if column.kind is Kind.FIGURE:
        return fmt.input_list if row.item.target.direction is Direction.DONE else fmt.input_number
    return {
        Kind.TEXT: fmt.input_text,
        Kind.NUMBER: fmt.input_number,
        Kind.MKR: fmt.input_mkr,
        Kind.TKR: fmt.input_tkr,
        Kind.CHOICE: fmt.input_list,
    }[column.kind]


def _locked_format(fmt: Formats, column: Column, total: bool) -> Any:
    if column.key == "id" or (total and column.key == "group"):
        return fmt.bold
    return {Kind.MKR: fmt.mkr, Kind.TKR: fmt.tkr}.get(column.kind, fmt.text)


def _formula(
    ws: Any,
    spec: SheetSpec,
    row: int,
    col: int,
    column: Column,
    parts: list[int],
    cached: dict[str, Decimal],
    fmt: Formats,
    total: bool,
) -> None:
    """The economy sheet's formulas, with the values they evaluate to stored as cached results."""
    style = fmt.mkr_bold if total else fmt.mkr
    if column.kind is Kind.MKR:  # netto and a Delsumma sum their account groups' cells, one by one
        formula = "=" + sum_of([xl_rowcol_to_cell(r, col) for r in parts])
    else:
        minuend, subtrahend = DIFFERENCES[column.key]
        cell = lambda key: xl_rowcol_to_cell(row, spec.index(key))  # noqa: E731
        formula = f"={cell(minuend)}-{cell(subtrahend)}"
    ws.write_formula(row, col, formula, style, float(cached[column.key]))


def economy_cached(fill_rows: dict[str, dict[str, Any]], rows: list[Row]) -> dict[str, dict[str, Decimal]]:
    """The values the economy formulas evaluate to, stored as cached results in the file."""

    def num(row: Row, key: str) -> Decimal:
        value = row.locked.get(key) if key == "budget" else fill_rows.get(row.id, {}).get(key)
        return Decimal(str(value)) if isinstance(value, (int, float, Decimal)) else Decimal(0)

    groups = [r for r in rows if not is_computed(r)]
    out: dict[str, dict[str, Decimal]] = {r.id: {k: num(r, k) for k in SUMMED} for r in groups}
    for row in rows:
        if is_computed(row):
            parts = [r for r in groups if row.id == NETTO_ID or r.id in row.item.groups]
            out[row.id] = {k: sum((out[r.id][k] for r in parts), Decimal(0)) for k in SUMMED}
    for values in out.values():
        for key in DIFFERENCES:
            values[key] = difference(values, key) or Decimal(0)
    return out


def _sum_parts(rows: list[Row], first: int) -> dict[str, list[int]]:
    """For Netto and each Delsumma: the sheet rows of the account groups it sums."""
    return {
        row.id: [
            first + i
            for i, r in enumerate(rows)
            if not is_computed(r) and (row.id == NETTO_ID or r.id in row.item.groups)
        ]
        for row in rows
        if is_computed(row)
    }


SUM_ARGUMENTS = 255  # Excel's and LibreOffice's most arguments to one function


def sum_of(cells: list[str]) -> str:
    """SUM of the cells named one by one ("SUM(C5,C6,C8)"), never of a range: a row a controller inserts
    between two account groups ("varav hyrpersonal") is then never counted, in Excel or LibreOffice, as a
    range's SUM would count it (an inserted row widens the range). More than 255 cells: SUMs of SUMs."""
    if not cells:
        return "SUM(0)"
    while len(cells) > SUM_ARGUMENTS:
        cells = [f"SUM({','.join(cells[i : i + SUM_ARGUMENTS])})" for i in range(0, len(cells), SUM_ARGUMENTS)]
    return f"SUM({','.join(cells)})"


def _metadata(wb: Any, ctx: _Ctx, created: datetime) -> None:
    ws = wb.add_worksheet(META_SHEET)
    values = {
        "template_id": str(uuid.uuid4()),
        "template_version": TEMPLATE_VERSION,
        "division_id": ctx.reporter.division_id,
        "division_name": ctx.reporter.name,
        "period": ctx.period.key,
        "plan_hash": ctx.plan.digest(),
        "created": created.isoformat(),
        "board": ctx.plan.board,
        "unit_id": ctx.reporter.unit_id,
        "unit_name": ctx.reporter.unit.name if ctx.reporter.unit else "",
    }
    for row, key in enumerate(META_KEYS):
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, values[key])
        wb.define_name(meta_name(key), f"='{META_SHEET}'!$B${row + 1}")
    ws.protect("", PROTECT_OPTIONS)
    ws.hide()
