"""Reading plan.xlsx into a typed Plan, with a finding (sheet, cell) for every problem.

This module walks the workbook sheet by sheet; the sheets' readers live beside it:
``sheet_reader`` (one sheet's rows and cells), ``read_settings`` (Nämnd),
``read_goals`` (Nyckeltal, Uppdrag, Finansiella mål) and ``read_budget``
(Budgetramar, Åtgärdsplan, Investeringar).
"""

from __future__ import annotations

import calendar
import re
from datetime import MAXYEAR, MINYEAR, date, datetime
from pathlib import Path
from typing import Any

from reporting.errors import FileProblem, PlanInvalid
from reporting.findings import Finding, Rule, error, has_errors
from reporting.plan.central import is_board_word
from reporting.plan.model import Division, PeriodDef, Plan, Unit
from reporting.plan.periods import find_kind
from reporting.plan.read_budget import (
    bind_frame_columns,
    check_savings,
    read_frames,
    read_initiatives,
    read_investments,
    read_measures,
)
from reporting.plan.read_control import read_internal_control
from reporting.plan.read_goals import read_assignments, read_financial_goals, read_goal_areas, read_key_figures
from reporting.plan.read_groups import read_account_groups
from reporting.plan.read_settings import read_settings
from reporting.plan.sheet_reader import SheetReader, parse_number, unknown_division
from reporting.plan.sheets import (
    FRAMES_SHEET,
    GROUP_COLUMNS,
    GROUPS_SHEET,
    INITIATIVES_SHEET,
    INTERNAL_CONTROL_SHEET,
    OPTIONAL_SHEETS,
    SETTINGS_SHEET,
    SHEETS,
    PlanSheet,
)

# the sheets whose every row has an id of its own (Målområden checks its ids with the goal tree)
_ID_SHEETS = (
    PlanSheet.DIVISIONS,
    PlanSheet.UNITS,
    PlanSheet.KEY_FIGURES,
    PlanSheet.ASSIGNMENTS,
    PlanSheet.MEASURES,
    PlanSheet.INVESTMENTS,
    INTERNAL_CONTROL_SHEET,
    INITIATIVES_SHEET,
)


def check_plan(path: str | Path) -> tuple[Plan | None, list[Finding]]:
    """Read a plan workbook; return the plan (None when it has errors) and all findings."""
    path = Path(path)
    findings: list[Finding] = []
    workbook = _open(path)
    try:
        plan = _read_plan(workbook, path.name, findings)
    finally:
        workbook.close()
    return (None if has_errors(findings) else plan), findings


PLAN_FILE_ADVICE = (
    "Öppna planen i Excel eller LibreOffice, spara den som Excel-arbetsbok (.xlsx) och kör igen; "
    "'reporting plan new' skriver en tom plan att utgå från."
)


def _open(path: Path) -> Any:
    """The plan's values: read whole by calamine (fast for a region's thousands of units), or streamed by
    openpyxl when a sheet's cells reach too far for a whole read (a stray cell at the last row)."""
    from reporting.xlsx.safety import inspect_file, open_workbook
    from reporting.xlsx.values import open_values

    try:
        inspect_file(path)  # the safety scan first: calamine reads only packages it passed
        try:
            book = open_values(path)
        except Exception:  # a package calamine cannot read: openpyxl's reading below names the problem
            book = None
        return book if book is not None else open_workbook(path, data_only=True, read_only=True)
    except FileProblem as exc:  # the advice is the office's own, not a sender's ("skicka igen", "mallen")
        raise FileProblem(exc.path, exc.problem, exc.rule, PLAN_FILE_ADVICE if exc.advice else "") from exc


def load_plan(path: str | Path) -> Plan:
    """Read a plan workbook or raise PlanInvalid listing every problem."""
    plan, findings = check_plan(path)
    if plan is None:
        raise PlanInvalid(findings)
    return plan


def _read_plan(wb: Any, file: str, findings: list[Finding]) -> Plan:
    missing = [s for s in [SETTINGS_SHEET, *SHEETS, GROUPS_SHEET] if s not in wb.sheetnames]
    for sheet in missing:
        if sheet not in OPTIONAL_SHEETS:
            problem = (
                f'fliken "{sheet}" saknas. Lägg till fliken med rubrikerna från en tom plan '
                "(reporting plan new) eller från en tidigare plan."
            )
            findings.append(error(Rule.PLAN_INVALID, problem=problem, file=file, sheet=sheet))
    plan, savings_cells = (
        read_settings(wb[SETTINGS_SHEET], file, findings)
        if SETTINGS_SHEET not in missing
        else (Plan("", "", "", 0), {})
    )
    readers = {
        name: SheetReader(wb[name], cols, findings, file)
        for name, cols in [*SHEETS.items(), (GROUPS_SHEET, GROUP_COLUMNS)]
        if name not in missing
    }
    for name in _ID_SHEETS:  # a repeated id first, at the repeat's cell: it is the cause of what follows it
        if r := readers.get(name):
            r.check_unique()
    if r := readers.get(GROUPS_SHEET):  # optional: without it, today's five groups
        plan.account_groups = read_account_groups(r)
    if r := readers.get(FRAMES_SHEET):
        bind_frame_columns(r, plan)
    division_cells: dict[str, str] = {}  # division id -> its cell on Divisioner
    if r := readers.get(PlanSheet.DIVISIONS):
        for _, v in r.rows():
            division = Division(r.safe_id(v), r.text(v, "name"), r.text(v, "contact", False))
            if is_board_word(division.id):
                r.error(
                    r.cell(v, "id"),
                    f'"{division.id}" betyder nämnden själv och kan inte vara en divisions id. '
                    "Ge divisionen ett annat id.",
                )
            plan.divisions.append(division)
            division_cells.setdefault(division.id, r.cell(v, "id"))
        if not plan.divisions:  # templates go out one per division: a plan without one reports nothing
            r.error("A2", "planen har inga divisioner. Fyll i minst en division med id och namn.")
    if r := readers.get(PlanSheet.GOAL_AREAS):
        plan.goal_areas = read_goal_areas(r)
    division_ids = [d.id for d in plan.divisions]
    if r := readers.get(PlanSheet.UNITS):
        plan.units = _read_units(r, division_ids)
    area_ids = {a.id for a in plan.goal_areas}
    if r := readers.get(PlanSheet.KEY_FIGURES):
        plan.key_figures = read_key_figures(r, division_ids, area_ids)
    if r := readers.get(PlanSheet.ASSIGNMENTS):
        plan.assignments = read_assignments(r, division_ids, area_ids)
    if r := readers.get(PlanSheet.FINANCIAL_GOALS):
        plan.financial_goals = read_financial_goals(r)
    if r := readers.get(FRAMES_SHEET):
        plan.budget_frames = read_frames(r, plan, division_ids, plan.units)
        if r_divisions := readers.get(PlanSheet.DIVISIONS):
            _check_frames_present(plan, r, r_divisions, division_cells)
    if r := readers.get(PlanSheet.MEASURES):
        plan.measures = read_measures(r, division_ids, plan.amount_unit)
        if SETTINGS_SHEET not in missing:
            check_savings(plan, savings_cells, file, findings)
    if r := readers.get(INITIATIVES_SHEET):  # optional: the nämnd's satsningar
        plan.initiatives = read_initiatives(r, division_ids, plan.amount_unit)
    if r := readers.get(PlanSheet.INVESTMENTS):
        plan.investments = read_investments(r, division_ids, plan.units)
    if r := readers.get(PlanSheet.PERIODS):
        plan.periods = _read_periods(r, plan.year)
    if r := readers.get(INTERNAL_CONTROL_SHEET):  # optional: older plans have no internkontrollplan
        plan.internal_control = read_internal_control(r, division_ids)
    return plan


def _read_units(r: SheetReader, division_ids: list[str]) -> list[Unit]:
    units = []
    for _, v in r.rows():
        division = r.text(v, "division")
        if division and division not in division_ids:
            r.error(r.cell(v, "division"), unknown_division(division, division_ids))
        units.append(Unit(r.safe_id(v), r.text(v, "name"), division))
    return units


def _check_frames_present(
    plan: Plan, frames: SheetReader, divisions: SheetReader, division_cells: dict[str, str]
) -> None:
    """Every division needs a budget frame for the plan year; without one it would be checked against 0.

    An error, not a warning: a missing row is nearly always an oversight, and the
    report would then show the whole outcome as a deviation. A division that truly
    has no budget writes its row with 0 in every column.
    """
    if not plan.year:
        return
    written: set[tuple[str, int]] = set()  # rows on Budgetramar, also those with errors of their own
    for _, v in frames.rows():
        try:
            year = int(parse_number(v.get("year", (None, ""))[0]))
        except (ValueError, TypeError, ArithmeticError):
            continue
        written.add((frames.text(v, "division", False), year))
    for division in plan.divisions:
        if division.id and (division.id, plan.year) not in written:
            divisions.error(
                division_cells.get(division.id, "A1"),
                f"budgetram saknas för {division.id} {plan.year}. Lägg till en rad för {division.id} "
                f"{plan.year} på fliken Budgetramar; utan ram jämförs utfallet mot 0. Har divisionen "
                "ingen budget, skriv 0 i varje kolumn.",
            )


_YEAR_PREFIX = re.compile(r"^\d{4}\s*[-_ ]\s*")  # "2021-03": the month of the plan's year


def _read_periods(r: SheetReader, year: int) -> list[PeriodDef]:
    """The Perioder sheet: a period once, its deadline (Sista inlämningsdag) not before the period ends."""
    periods = []
    words = "T1, Delår, Helår eller en månad (Mars, Månad 3, M03, 2021-03 eller Månadsrapport per mars)"
    first: dict[str, str] = {}  # period kind -> the cell of its first row
    for _, v in r.rows():
        kind_text = r.text(v, "kind")
        kind = find_kind(_YEAR_PREFIX.sub("", kind_text)) if kind_text else None
        if kind is None:
            if kind_text:
                r.error(r.cell(v, "kind"), f'okänd period "{kind_text}". Skriv {words}.')
            continue
        kind_cell = r.cell(v, "kind")
        if kind.id in first:
            r.error(
                kind_cell,
                f"perioden {kind.label} förekommer flera gånger (först i {first[kind.id]}). "
                "Ta bort den ena raden; en period har en rad och en sista inlämningsdag.",
            )
        first.setdefault(kind.id, kind_cell)
        value, cell = v.get("deadline", (None, ""))
        deadline = None
        if isinstance(value, datetime):
            deadline = value.date()
        elif isinstance(value, date):
            deadline = value
        elif isinstance(value, str) and value.strip():
            try:
                deadline = date.fromisoformat(value.strip())
            except ValueError:
                r.error(cell, f'kan inte läsa "{value}" som datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-05-09.')
        if deadline is not None and MINYEAR <= year <= MAXYEAR:  # a year out of range has its own finding
            end = date(year, kind.months, calendar.monthrange(year, kind.months)[1])
            if deadline < end:
                r.error(
                    cell,
                    f"sista inlämningsdag {deadline.isoformat()} ligger före periodens slut {end.isoformat()}; "
                    f"rapporten kan inte lämnas innan perioden är slut. Skriv ett datum från och med {end.isoformat()}.",
                )
        periods.append(PeriodDef(kind.id, r.text(v, "label", False), deadline))
    return periods
