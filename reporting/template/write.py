"""Division templates: pre-filled, protected input workbooks, one per division and period.

Only input cells are unlocked (pale yellow); every input has data validation with
Swedish prompts. A hidden ``_meta`` sheet and defined names carry the template's
identity so intake can recognise the file whatever the controller renamed it to.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from reporting.plan.model import ACCOUNT_GROUPS, INCOME_GROUPS, KeyFigure, Plan
from reporting.plan.periods import Period
from reporting.plan.targets import Direction
from reporting.progress import Progress
from reporting.template.spec import (
    ASSIGNMENT_STATUSES,
    DONE_ANSWERS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    INVESTMENT_STATUSES,
    META_KEYS,
    META_SHEET,
    NETTO_ID,
    SHEET_COLUMNS,
    TEMPLATE_VERSION,
    Column,
    header_name,
    meta_name,
    template_filename,
)
from reporting.xlsx.write import Formats, new_workbook, print_setup, write_value

Fill = dict[str, dict[str, dict[str, Any]]]  # sheet -> row id -> column key -> value
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
TEXT_LIMIT = 4000


@dataclass
class _Ctx:
    plan: Plan
    division_id: str
    period: Period
    fmt: Formats
    fill: Fill
    unit_id: str = ""

    @property
    def division_name(self) -> str:
        """The reporter's name: the division, or "Division – Enhet" for a unit's template."""
        name = self.plan.division(self.division_id).name
        return f"{name} – {self.plan.unit(self.unit_id).name}" if self.unit_id else name

    def value(self, sheet: str, row_id: str, key: str) -> Any:
        return self.fill.get(sheet, {}).get(row_id, {}).get(key)


def generate_templates(
    plan: Plan,
    period: Period,
    out_dir: str | Path,
    divisions: list[str] | None = None,
    units: bool = False,
    progress: Progress | None = None,
) -> list[Path]:
    """Write one template per division (all divisions by default), or with ``units`` one per unit."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    jobs = []
    for division in plan.divisions:
        if divisions and division.id not in divisions:
            continue
        if units:
            jobs += [
                (division.id, u.id, template_filename(period.key, f"{division.name} - {u.name}"))
                for u in plan.units_of(division.id)
            ]
        else:
            jobs.append((division.id, "", template_filename(period.key, division.name)))
    made = (build_template(plan, d, period, out / name, unit_id=u) for d, u, name in jobs)
    return list(progress(made, len(jobs)) if progress else made)


def build_template(
    plan: Plan,
    division_id: str,
    period: Period,
    path: str | Path,
    fill: Fill | None = None,
    created: datetime | None = None,
    unit_id: str = "",
) -> Path:
    """Write the template of one division (or of one of its units). ``fill`` pre-enters inputs (demo, tests)."""
    path = Path(path)
    wb = new_workbook(str(path))
    ctx = _Ctx(plan, division_id, period, Formats(wb), fill or {}, unit_id)
    _instructions(wb, ctx)
    _key_figures(wb, ctx)
    _assignments(wb, ctx)
    _economy(wb, ctx)
    _measures(wb, ctx)
    _investments(wb, ctx)
    _metadata(wb, ctx, created or datetime.now().replace(microsecond=0))
    wb.close()
    return path


# ----------------------------------------------------------------- sheets
def _instructions(wb: Any, ctx: _Ctx) -> None:
    ws = wb.add_worksheet("Instruktion")
    fmt, plan, period = ctx.fmt, ctx.plan, ctx.period
    deadline = plan.period_def(period.kind)
    lines = [
        (f"{period.report_title} {period.year} – {ctx.division_name}", fmt.title),
        (f"{plan.board}, {plan.region} · Period: {period.label}", fmt.subtitle),
        ("", None),
        ("Så fyller du i", fmt.bold),
        (
            "1. Fyll i de gula cellerna på flikarna Nyckeltal, Uppdrag, Ekonomi, Åtgärdsplan och Investeringar. "
            "Övriga celler är låsta och förifyllda från nämndens plan.",
            fmt.wrap,
        ),
        ("2. Tal skrivs med decimalkomma, t.ex. 88,5. Andelar anges i procent (88,5 betyder 88,5 %).", fmt.wrap),
        (
            "3. Ekonomi anges i mkr: intäkter positiva, kostnader med minustecken. Netto räknas ut automatiskt.",
            fmt.wrap,
        ),
        (
            "4. När ett mål inte nås: skriv analys och åtgärder. När prognosen avviker från budget: skriv en kommentar.",
            fmt.wrap,
        ),
        (
            "5. Du får infoga rader och lägga till egna flikar för anteckningar. Ändra inte Id, rubriker eller fliknamn.",
            fmt.wrap,
        ),
        ("", None),
        ("Inlämning", fmt.bold),
        (
            f"Sista dag: {deadline.deadline.isoformat() if deadline and deadline.deadline else 'enligt utskick'}.",
            fmt.wrap,
        ),
        (
            "Spara filen som Excel-arbetsbok (.xlsx) – gärna med samma filnamn – och skicka den till ekonomienheten"
            f"{' (' + plan.contact + ')' if plan.contact else ''}.",
            fmt.wrap,
        ),
        (
            "Frågor: kontakta ekonomienheten. Du kan själv kontrollera filen före inlämning med: reporting check FILNAMN.xlsx",
            fmt.wrap,
        ),
        ("", None),
        ("Färger", fmt.bold),
        ("Gul cell = fyll i.  Vit cell = låst, förifylld.  Rubrikrad = blå.", fmt.wrap),
    ]
    ws.set_column(0, 0, 110)
    for row, (text, style) in enumerate(lines):
        if text:
            ws.write_string(row, 0, text, style)
    ws.write_string(len(lines), 0, "Gul cell", ctx.fmt.input_text)
    ws.protect("", PROTECT_OPTIONS)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.activate()


def _sheet(wb: Any, ctx: _Ctx, name: str, subtitle: str) -> Any:
    ws = wb.add_worksheet(name)
    columns = SHEET_COLUMNS[name]
    ws.write_string(0, 0, f"{name} – {ctx.division_name} – {ctx.period.label}", ctx.fmt.title)
    ws.write_string(1, 0, subtitle, ctx.fmt.subtitle)
    for col, column in enumerate(columns):
        ws.write_string(HEADER_ROW, col, column.header, ctx.fmt.header)
        ws.set_column(col, col, column.width)
    ws.set_row(HEADER_ROW, 42)
    ws.freeze_panes(FIRST_DATA_ROW, 2)
    last = xl_rowcol_to_cell(HEADER_ROW, len(columns) - 1, row_abs=True, col_abs=True)
    wb.define_name(header_name(name), f"='{name}'!$A${HEADER_ROW + 1}:{last}")
    print_setup(
        ws,
        HEADER_ROW,
        f"{ctx.plan.board} · {ctx.division_name}",
        ctx.period.label,
        f"{ctx.division_name} · {ctx.period.key} · {name}",
    )
    ws.protect("", PROTECT_OPTIONS)
    return ws


def _col(sheet: str, key: str) -> int:
    return next(i for i, c in enumerate(SHEET_COLUMNS[sheet]) if c.key == key)


def _input(
    ws: Any, ctx: _Ctx, sheet: str, row: int, row_id: str, column: Column, fmt: Any, validation: dict[str, Any] | None
) -> None:
    """Write an unlocked input cell (with any pre-filled value) and its validation."""
    col = _col(sheet, column.key)
    write_value(ws, row, col, ctx.value(sheet, row_id, column.key), fmt)
    if validation:
        ws.data_validation(row, col, row, col, validation)


def _text_rule(title: str, message: str) -> dict[str, Any]:
    return {
        "validate": "length",
        "criteria": "<=",
        "value": TEXT_LIMIT,
        "ignore_blank": True,
        "input_title": title[:32],
        "input_message": message[:255],
        "error_title": "För lång text",
        "error_message": f"Högst {TEXT_LIMIT} tecken.",
    }


def _decimal_rule(title: str, message: str, minimum: float, maximum: float, error: str) -> dict[str, Any]:
    return {
        "validate": "decimal",
        "criteria": "between",
        "minimum": minimum,
        "maximum": maximum,
        "ignore_blank": True,
        "input_title": title[:32],
        "input_message": message[:255],
        "error_title": "Ogiltigt värde",
        "error_message": error[:255],
    }


def _list_rule(title: str, values: list[str]) -> dict[str, Any]:
    return {
        "validate": "list",
        "source": values,
        "ignore_blank": True,
        "input_title": title[:32],
        "input_message": "Välj i listan.",
        "error_title": "Ogiltigt val",
        "error_message": ("Välj ett av: " + ", ".join(values))[:255],
    }


def key_figure_rule(kf: KeyFigure) -> dict[str, Any]:
    """The validation of a key figure's numeric inputs, by its unit and target."""
    if kf.target.direction is Direction.DONE:
        return _list_rule("Genomfört?", DONE_ANSWERS)
    if kf.is_percent:
        return _decimal_rule(
            "Andel i procent",
            "Ange andelen i procent, t.ex. 88,5 för 88,5 %.",
            -100,
            100,
            "Ange en andel mellan 0 och 100 (procent), t.ex. 88,5.",
        )
    return _decimal_rule(
        f"Värde ({kf.unit or 'tal'})",
        f"Ange värdet i {kf.unit or 'samma enhet som målvärdet'}.",
        -1e12,
        1e12,
        "Ange ett tal, t.ex. 4,05.",
    )


def _key_figures(wb: Any, ctx: _Ctx) -> None:
    sheet = "Nyckeltal"
    ws = _sheet(
        wb,
        ctx,
        sheet,
        "Fyll i utfall, fjolårets utfall för samma period, helårsprognos och analys. "
        "Nämnare behövs för andelar som vägs samman (t.ex. antal patienter).",
    )
    fmt = ctx.fmt
    columns = {c.key: c for c in SHEET_COLUMNS[sheet]}
    for row, kf in enumerate(ctx.plan.key_figures_for(ctx.division_id), start=FIRST_DATA_ROW):
        ws.write_string(row, 0, kf.id, fmt.bold)
        ws.write_string(row, 1, kf.name, fmt.text)
        ws.write_string(row, 2, kf.target_text, fmt.text)
        ws.write_string(row, 3, kf.unit, fmt.text)
        number_fmt = fmt.input_list if kf.target.direction is Direction.DONE else fmt.input_number
        for key in ("outcome", "last_year", "forecast"):
            _input(ws, ctx, sheet, row, kf.id, columns[key], number_fmt, key_figure_rule(kf))
        _input(
            ws,
            ctx,
            sheet,
            row,
            kf.id,
            columns["denominator"],
            fmt.input_number,
            _decimal_rule(
                "Nämnare",
                "Antal (t.ex. patienter) som andelen räknas på; används för viktning.",
                0,
                1e12,
                "Ange ett antal, 0 eller mer.",
            ),
        )
        _input(
            ws,
            ctx,
            sheet,
            row,
            kf.id,
            columns["analysis"],
            fmt.input_text,
            _text_rule("Analys", "Förklara utfallet. Krävs när målet inte nås."),
        )
        _input(
            ws,
            ctx,
            sheet,
            row,
            kf.id,
            columns["actions"],
            fmt.input_text,
            _text_rule("Åtgärder", "Vilka åtgärder vidtas för att nå målet?"),
        )
        ws.set_row(row, 45)


def _assignments(wb: Any, ctx: _Ctx) -> None:
    sheet = "Uppdrag"
    ws = _sheet(wb, ctx, sheet, "Välj status i listan och kommentera arbetet.")
    columns = {c.key: c for c in SHEET_COLUMNS[sheet]}
    for row, item in enumerate(ctx.plan.assignments_for(ctx.division_id), start=FIRST_DATA_ROW):
        ws.write_string(row, 0, item.id, ctx.fmt.bold)
        ws.write_string(row, 1, item.text, ctx.fmt.text)
        ws.write_string(row, 2, item.decided_by, ctx.fmt.text)
        _input(
            ws,
            ctx,
            sheet,
            row,
            item.id,
            columns["status"],
            ctx.fmt.input_list,
            _list_rule("Status", ASSIGNMENT_STATUSES),
        )
        _input(
            ws,
            ctx,
            sheet,
            row,
            item.id,
            columns["comment"],
            ctx.fmt.input_text,
            _text_rule("Kommentar", "Beskriv kort vad som gjorts och vad som återstår."),
        )
        ws.set_row(row, 45)


def economy_cached(fill_rows: dict[str, dict[str, Any]], budget: dict[str, Decimal]) -> dict[str, dict[str, Decimal]]:
    """The values the economy formulas evaluate to, stored as cached results in the file."""

    def num(gid: str, key: str) -> Decimal:
        if key == "budget":
            return budget.get(gid, Decimal(0))
        value = fill_rows.get(gid, {}).get(key)
        return Decimal(str(value)) if isinstance(value, (int, float, Decimal)) else Decimal(0)

    rows: dict[str, dict[str, Decimal]] = {}
    for gid, _ in ACCOUNT_GROUPS:
        rows[gid] = {k: num(gid, k) for k in ("budget", "periodised", "actual", "forecast")}
    rows[NETTO_ID] = {
        k: sum((rows[g][k] for g, _ in ACCOUNT_GROUPS), Decimal(0))
        for k in ("budget", "periodised", "actual", "forecast")
    }
    for values in rows.values():
        values["deviation"] = values["actual"] - values["periodised"]
        values["forecast_deviation"] = values["forecast"] - values["budget"]
    return rows


def _economy(wb: Any, ctx: _Ctx) -> None:
    sheet = "Ekonomi"
    ws = _sheet(
        wb,
        ctx,
        sheet,
        "Belopp i mkr. Intäkter positiva, kostnader med minustecken. "
        "Nettoraden och avvikelserna räknas ut automatiskt.",
    )
    fmt = ctx.fmt
    columns = {c.key: c for c in SHEET_COLUMNS[sheet]}
    frame = ctx.plan.frame(ctx.division_id, ctx.period.year, ctx.unit_id)
    budget = dict(frame.amounts) if frame else {}
    cached = economy_cached(ctx.fill.get(sheet, {}), budget)
    first, last = FIRST_DATA_ROW, FIRST_DATA_ROW + len(ACCOUNT_GROUPS) - 1
    c = {key: _col(sheet, key) for key in columns}
    for row, (gid, name) in enumerate(ACCOUNT_GROUPS, start=first):
        ws.write_string(row, 0, gid, fmt.bold)
        ws.write_string(row, 1, name, fmt.text)
        write_value(ws, row, c["budget"], budget.get(gid), fmt.mkr)
        income = gid in INCOME_GROUPS
        sign = "positiva" if income else "negativa (med minustecken)"
        rule = _decimal_rule(
            name,
            f"Belopp i mkr; {name.lower()} anges {sign}.",
            0 if income else -1e6,
            1e6 if income else 0,
            f"{name} anges {sign}, i mkr.",
        )
        for key in ("periodised", "actual", "forecast"):
            _input(ws, ctx, sheet, row, gid, columns[key], fmt.input_mkr, rule)
        _deviation_formulas(ws, row, c, cached[gid], fmt.mkr)
        _input(
            ws,
            ctx,
            sheet,
            row,
            gid,
            columns["comment"],
            fmt.input_text,
            _text_rule("Kommentar", "Förklara avvikelser mot budget och prognos."),
        )
    netto = last + 1
    ws.write_string(netto, 0, NETTO_ID, fmt.bold)
    ws.write_string(netto, 1, "Netto", fmt.bold)
    for key in ("budget", "periodised", "actual", "forecast"):
        col = c[key]
        ws.write_formula(
            netto,
            col,
            f"=SUM({xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)})",
            fmt.mkr_bold,
            float(cached[NETTO_ID][key]),
        )
    _deviation_formulas(ws, netto, c, cached[NETTO_ID], fmt.mkr_bold)
    _input(
        ws,
        ctx,
        sheet,
        netto,
        NETTO_ID,
        columns["comment"],
        fmt.input_text,
        _text_rule("Kommentar", "Sammanfattande kommentar om ekonomin."),
    )


def _deviation_formulas(ws: Any, row: int, c: dict[str, int], cached: dict[str, Decimal], fmt: Any) -> None:
    cell = lambda key: xl_rowcol_to_cell(row, c[key])  # noqa: E731
    ws.write_formula(row, c["deviation"], f"={cell('actual')}-{cell('periodised')}", fmt, float(cached["deviation"]))
    ws.write_formula(
        row, c["forecast_deviation"], f"={cell('forecast')}-{cell('budget')}", fmt, float(cached["forecast_deviation"])
    )


def _measures(wb: Any, ctx: _Ctx) -> None:
    sheet = "Åtgärdsplan"
    ws = _sheet(wb, ctx, sheet, "Divisionens bidrag till nämndens åtgärdsplan för ekonomi i balans, i mkr.")
    columns = {c.key: c for c in SHEET_COLUMNS[sheet]}
    year = ctx.period.year
    rule = _decimal_rule("Effekt (mkr)", "Divisionens effekt i mkr, t.ex. 2,5.", -1e4, 1e4, "Ange ett belopp i mkr.")
    for row, measure in enumerate(ctx.plan.measures_for(ctx.division_id), start=FIRST_DATA_ROW):
        ws.write_string(row, 0, measure.id, ctx.fmt.bold)
        ws.write_string(row, 1, measure.name, ctx.fmt.text)
        ws.write_string(row, 2, measure.goals.get(year, ""), ctx.fmt.text)
        write_value(ws, row, 3, measure.effects.get(year), ctx.fmt.mkr)
        for key in ("achieved", "forecast"):
            _input(ws, ctx, sheet, row, measure.id, columns[key], ctx.fmt.input_mkr, rule)
        _input(
            ws,
            ctx,
            sheet,
            row,
            measure.id,
            columns["comment"],
            ctx.fmt.input_text,
            _text_rule("Kommentar", "Hur går arbetet med åtgärden?"),
        )
        ws.set_row(row, 30)


def _investments(wb: Any, ctx: _Ctx) -> None:
    sheet = "Investeringar"
    ws = _sheet(wb, ctx, sheet, "Status och upparbetat belopp (tkr) per beslutat investeringsobjekt.")
    columns = {c.key: c for c in SHEET_COLUMNS[sheet]}
    for row, item in enumerate(ctx.plan.investments_of(ctx.division_id, ctx.unit_id), start=FIRST_DATA_ROW):
        ws.write_string(row, 0, item.id, ctx.fmt.bold)
        ws.write_string(row, 1, item.unit, ctx.fmt.text)
        ws.write_string(row, 2, item.object, ctx.fmt.text)
        ws.write_string(row, 3, item.kind, ctx.fmt.text)
        write_value(ws, row, 4, item.amount_tkr, ctx.fmt.tkr)
        _input(
            ws,
            ctx,
            sheet,
            row,
            item.id,
            columns["status"],
            ctx.fmt.input_list,
            _list_rule("Status", INVESTMENT_STATUSES),
        )
        _input(
            ws,
            ctx,
            sheet,
            row,
            item.id,
            columns["spent"],
            ctx.fmt.input_tkr,
            {
                "validate": "integer",
                "criteria": "between",
                "minimum": 0,
                "maximum": 10_000_000,
                "ignore_blank": True,
                "input_title": "Upparbetat (tkr)",
                "input_message": "Hela tkr, t.ex. 1250.",
                "error_title": "Ogiltigt belopp",
                "error_message": "Ange hela tkr, 0 eller mer.",
            },
        )
        _input(
            ws,
            ctx,
            sheet,
            row,
            item.id,
            columns["comment"],
            ctx.fmt.input_text,
            _text_rule("Kommentar", "T.ex. leveranstid eller avvikelse mot budget."),
        )


def _metadata(wb: Any, ctx: _Ctx, created: datetime) -> None:
    ws = wb.add_worksheet(META_SHEET)
    values = {
        "template_id": str(uuid.uuid4()),
        "template_version": TEMPLATE_VERSION,
        "division_id": ctx.division_id,
        "division_name": ctx.division_name,
        "period": ctx.period.key,
        "plan_hash": ctx.plan.digest(),
        "created": created.isoformat(),
        "board": ctx.plan.board,
        "unit_id": ctx.unit_id,
        "unit_name": ctx.plan.unit(ctx.unit_id).name if ctx.unit_id else "",
    }
    for row, key in enumerate(META_KEYS):
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, values[key])
        wb.define_name(meta_name(key), f"='{META_SHEET}'!$B${row + 1}")
    ws.protect("", PROTECT_OPTIONS)
    ws.hide()
