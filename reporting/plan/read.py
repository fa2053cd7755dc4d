"""Reading plan.xlsx into a typed Plan, with a finding (sheet, cell) for every problem."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from reporting.errors import PlanInvalid, TargetParseError
from reporting.findings import Finding, Rule, error, has_errors
from reporting.plan.model import (
    ACCOUNT_GROUPS,
    AGGREGATIONS,
    ALL,
    INCOME_GROUPS,
    Assignment,
    BudgetFrame,
    Division,
    FinancialGoal,
    GoalArea,
    Investment,
    KeyFigure,
    Measure,
    PeriodDef,
    Plan,
    Unit,
)
from reporting.plan.sheets import (
    EFFECT_RE,
    GOAL_RE,
    OPTIONAL_COLUMNS,
    OPTIONAL_SHEETS,
    PERIOD_KINDS,
    SETTINGS_SHEET,
    SHEETS,
)
from reporting.plan.targets import Target, parse_target, with_direction
from reporting.swedish import format_exact, parse_cell_number


class _SheetReader:
    """Reads one plan sheet as rows of {key: (value, cell)} and collects findings."""

    def __init__(self, ws: Any, columns: list[tuple[str, str]], findings: list[Finding], file: str) -> None:
        self.ws, self.findings, self.file = ws, findings, file
        self.name = ws.title
        headers = {str(c.value).strip(): c.column_letter for c in ws[1] if c.value is not None}
        self.extra_headers = headers
        self.columns: dict[str, str] = {}
        for header, key in columns:
            if header in headers:
                self.columns[key] = headers[header]
            elif (self.name, key) not in OPTIONAL_COLUMNS:
                self.error("A1", f'kolumnen "{header}" saknas i rubrikraden (rad 1)')

    def error(self, cell: str, message: str) -> None:
        self.findings.append(error(Rule.PLAN_INVALID, problem=message, file=self.file, sheet=self.name, cell=cell))

    def rows(self) -> list[tuple[int, dict[str, tuple[Any, str]]]]:
        out = []
        for row in range(2, (self.ws.max_row or 1) + 1):
            values = {key: (self.ws[f"{col}{row}"].value, f"{col}{row}") for key, col in self.columns.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v, _ in values.values()):
                continue
            out.append((row, values))
        return out

    def text(self, values: dict, key: str, required: bool = True) -> str:
        value, cell = values.get(key, (None, ""))
        text = "" if value is None else str(value).strip()
        if required and not text and cell:
            self.error(cell, "värde saknas")
        return text

    def number(self, values: dict, key: str, required: bool = True) -> Decimal | None:
        value, cell = values.get(key, (None, ""))
        if value is None or (isinstance(value, str) and not value.strip()):
            if required and cell:
                self.error(cell, "tal saknas")
            return None
        if isinstance(value, str) and value.startswith("="):
            self.error(
                cell, f'formeln "{value}" har inget beräknat värde; öppna och spara filen i Excel eller LibreOffice'
            )
            return None
        try:
            number, _ = parse_cell_number(value)
            return number
        except ValueError:
            self.error(cell, f'kan inte läsa "{value}" som ett tal')
            return None


def _id_list(text: str, known: list[str], reader: _SheetReader, cell: str) -> tuple[str, ...]:
    """Division ids of a "Divisioner" cell; empty or "Alla" means every division, in plan order."""
    if not text or text.strip().lower() == ALL.lower():
        return tuple(known)
    ids = tuple(part.strip() for part in re.split(r"[,;]", text) if part.strip())
    for unknown in [i for i in ids if i not in known]:
        reader.error(cell, f'okänd division "{unknown}" (finns inte på fliken Divisioner)')
    return ids


def check_plan(path: str | Path) -> tuple[Plan | None, list[Finding]]:
    """Read a plan workbook; return the plan (None when it has errors) and all findings."""
    from reporting.xlsx.safety import open_workbook

    path = Path(path)
    findings: list[Finding] = []
    workbook = open_workbook(path, data_only=True, read_only=False)
    try:
        plan = _read_plan(workbook, path.name, findings)
    finally:
        workbook.close()
    return (None if has_errors(findings) else plan), findings


def load_plan(path: str | Path) -> Plan:
    """Read a plan workbook or raise PlanInvalid listing every problem."""
    plan, findings = check_plan(path)
    if plan is None:
        raise PlanInvalid(findings)
    return plan


def _read_plan(wb: Any, file: str, findings: list[Finding]) -> Plan:
    missing = [s for s in [SETTINGS_SHEET, *SHEETS] if s not in wb.sheetnames]
    for sheet in missing:
        if sheet not in OPTIONAL_SHEETS:
            findings.append(error(Rule.PLAN_INVALID, problem=f'fliken "{sheet}" saknas', file=file, sheet=sheet))
    plan = _read_settings(wb, file, findings) if SETTINGS_SHEET not in missing else Plan("", "", "", 0)
    readers = {
        name: _SheetReader(wb[name], cols, findings, file) for name, cols in SHEETS.items() if name not in missing
    }
    if "Divisioner" in readers:
        r = readers["Divisioner"]
        plan.divisions = [
            Division(r.text(v, "id"), r.text(v, "name"), r.text(v, "contact", False)) for _, v in r.rows()
        ]
    if "Målområden" in readers:
        r = readers["Målområden"]
        plan.goal_areas = [GoalArea(r.text(v, "id"), r.text(v, "name")) for _, v in r.rows()]
    division_ids = [d.id for d in plan.divisions]
    if "Enheter" in readers:
        r = readers["Enheter"]
        for _, v in r.rows():
            division = r.text(v, "division")
            if division and division not in division_ids:
                r.error(v["division"][1], f'okänd division "{division}"')
            plan.units.append(Unit(r.text(v, "id"), r.text(v, "name"), division))
    area_ids = {a.id for a in plan.goal_areas}
    if "Nyckeltal" in readers:
        plan.key_figures = _read_key_figures(readers["Nyckeltal"], division_ids, area_ids)
    if "Uppdrag" in readers:
        r = readers["Uppdrag"]
        for _, v in r.rows():
            area = r.text(v, "goal_area")
            if area and area not in area_ids:
                r.error(v["goal_area"][1], f'okänt målområde "{area}"')
            plan.assignments.append(
                Assignment(
                    r.text(v, "id"),
                    r.text(v, "text"),
                    area,
                    r.text(v, "decided_by", False),
                    _id_list(r.text(v, "divisions", False), division_ids, r, v["divisions"][1]),
                )
            )
    if "Finansiella mål" in readers:
        r = readers["Finansiella mål"]
        for _, v in r.rows():
            target = _target(r, v)
            if target:
                plan.financial_goals.append(
                    FinancialGoal(
                        r.text(v, "id"),
                        r.text(v, "name"),
                        r.text(v, "decided_by", False),
                        target.text,
                        target,
                        r.text(v, "direction", False),
                    )
                )
    if "Budgetramar" in readers:
        plan.budget_frames = _read_frames(readers["Budgetramar"], division_ids, plan.units)
    if "Åtgärdsplan" in readers:
        plan.measures = _read_measures(readers["Åtgärdsplan"], division_ids)
    if "Investeringar" in readers:
        r = readers["Investeringar"]
        for _, v in r.rows():
            division = r.text(v, "division")
            if division and division not in division_ids:
                r.error(v["division"][1], f'okänd division "{division}"')
            amount = r.number(v, "amount")
            if amount is not None and amount != amount.to_integral_value():
                r.error(v["amount"][1], "belopp anges i hela tkr")
            plan.investments.append(
                Investment(
                    r.text(v, "id"),
                    division,
                    r.text(v, "unit", False),
                    r.text(v, "object"),
                    r.text(v, "kind", False),
                    int(amount or 0),
                )
            )
    if "Perioder" in readers:
        plan.periods = _read_periods(readers["Perioder"])
    _check_unique(plan, file, findings)
    return plan


def _read_settings(wb: Any, file: str, findings: list[Finding]) -> Plan:
    ws = wb[SETTINGS_SHEET]
    values: dict[str, tuple[Any, str]] = {}
    for row in ws.iter_rows(min_row=1, max_col=2):
        if row[0].value is not None:
            values[str(row[0].value).strip()] = (row[1].value, row[1].coordinate)

    def get(label: str) -> tuple[Any, str]:
        if label not in values:
            findings.append(
                error(Rule.PLAN_INVALID, problem=f'raden "{label}" saknas i kolumn A', file=file, sheet=SETTINGS_SHEET)
            )
            return None, ""
        return values[label]

    def number(label: str, default: Decimal | None = None) -> Decimal | None:
        value, cell = get(label)
        if value in (None, ""):
            if default is None and cell:
                findings.append(
                    error(Rule.PLAN_INVALID, problem=f'"{label}" saknas', file=file, sheet=SETTINGS_SHEET, cell=cell)
                )
            return default
        try:
            return parse_cell_number(value)[0]
        except ValueError:
            findings.append(
                error(
                    Rule.PLAN_INVALID,
                    problem=f'kan inte läsa "{value}" som ett tal',
                    file=file,
                    sheet=SETTINGS_SHEET,
                    cell=cell,
                )
            )
            return default

    def text(label: str) -> str:
        value, cell = get(label)
        if (value is None or not str(value).strip()) and cell and label != "Kontakt ekonomienheten":
            findings.append(
                error(Rule.PLAN_INVALID, problem=f'"{label}" saknas', file=file, sheet=SETTINGS_SHEET, cell=cell)
            )
        return "" if value is None else str(value).strip()

    year = number("År")
    plan = Plan(
        text("Nämnd"),
        text("Region"),
        text("Diarienummer"),
        int(year or 0),
        number("Tolerans delvis uppfyllt (%)", Decimal(5)) or Decimal(0),
        number("Avvikelsetröskel kontogrupp (%)", Decimal(2)) or Decimal(0),
        number("Avvikelsetröskel kontogrupp (mkr)", Decimal(1)) or Decimal(0),
        text("Kontakt ekonomienheten"),
    )
    for label, (value, cell) in values.items():
        match = re.fullmatch(r"Besparingskrav (\d{4}) \(mkr\)", label)
        if match and value not in (None, ""):
            try:
                plan.savings_required[int(match.group(1))] = parse_cell_number(value)[0]
            except ValueError:
                findings.append(
                    error(
                        Rule.PLAN_INVALID,
                        problem=f'kan inte läsa "{value}" som ett tal',
                        file=file,
                        sheet=SETTINGS_SHEET,
                        cell=cell,
                    )
                )
    return plan


def _target(r: _SheetReader, v: dict) -> Target | None:
    text = r.text(v, "target")
    if not text:
        return None
    try:
        return with_direction(parse_target(text), r.text(v, "direction", False))
    except TargetParseError as exc:
        r.error(v["target"][1], str(exc))
        return None


def _read_key_figures(r: _SheetReader, division_ids: list[str], area_ids: set[str]) -> list[KeyFigure]:
    out = []
    for _, v in r.rows():
        target = _target(r, v)
        aggregation_text = r.text(v, "aggregation", False).lower() or "medel"
        aggregation = AGGREGATIONS.get(aggregation_text)
        if aggregation is None:
            r.error(
                v["aggregation"][1], f'okänd aggregering "{aggregation_text}" (använd summa, medel, viktat eller ej)'
            )
        area = r.text(v, "goal_area")
        if area and area not in area_ids:
            r.error(v["goal_area"][1], f'okänt målområde "{area}" (finns inte på fliken Målområden)')
        unit = r.text(v, "unit", False) or (target.unit if target else "")
        if target is None:
            continue
        out.append(
            KeyFigure(
                r.text(v, "id"),
                r.text(v, "name"),
                area,
                _id_list(r.text(v, "divisions", False), division_ids, r, v["divisions"][1]),
                unit,
                target.text,
                target,
                r.text(v, "decided_by", False),
                aggregation or "mean",
                r.text(v, "direction", False),
                r.text(v, "kolada_id", False),
            )
        )
    return out


def _read_frames(r: _SheetReader, division_ids: list[str], units: list[Unit]) -> list[BudgetFrame]:
    frames = []
    cells: dict[tuple[str, int, str], dict[str, str]] = {}  # (division, year, unit) -> cell per column
    unit_division = {u.id: u.division for u in units}
    for _, v in r.rows():
        division = r.text(v, "division")
        if division and division not in division_ids:
            r.error(v["division"][1], f'okänd division "{division}"')
        year = r.number(v, "year")
        amounts = {gid: r.number(v, gid) for gid, _ in ACCOUNT_GROUPS}
        netto = r.number(v, "netto")
        if year is None or netto is None or any(a is None for a in amounts.values()):
            continue
        for gid, amount in amounts.items():
            wrong_sign = amount < 0 if gid in INCOME_GROUPS else amount > 0
            if wrong_sign:
                kind = "intäkter anges positiva" if gid in INCOME_GROUPS else "kostnader anges med minustecken"
                r.error(v[gid][1], f"fel tecken: {kind}")
        unit = r.text(v, "unit", False)
        if unit and unit_division.get(unit) != division:
            r.error(v["unit"][1], f'enheten "{unit}" hör inte till division "{division}" (se fliken Enheter)')
        frame = BudgetFrame(division, int(year), amounts, netto, unit)  # type: ignore[arg-type]
        if frame.netto != netto:
            r.error(
                v["netto"][1],
                f"netto {format_exact(netto)} stämmer inte med summan av kontogrupperna {format_exact(frame.netto)}",
            )
        frames.append(frame)
        cells[(division, int(year), unit)] = {key: cell for key, (_, cell) in v.items()}
    _check_unit_frames(r, frames, cells)
    return frames


def _check_unit_frames(
    r: _SheetReader, frames: list[BudgetFrame], cells: dict[tuple[str, int, str], dict[str, str]]
) -> None:
    """Unit frames of a division and year must add up to the division's frame, group by group."""
    groups: dict[tuple[str, int], list[BudgetFrame]] = {}
    for frame in frames:
        if frame.unit:
            groups.setdefault((frame.division, frame.year), []).append(frame)
    for (division, year), unit_frames in groups.items():
        whole = next((f for f in frames if f.division == division and f.year == year and not f.unit), None)
        if whole is None:
            first = cells[(division, year, unit_frames[0].unit)]
            r.error(first["division"], f"enheternas ramar för {division} {year} saknar en ram för hela divisionen")
            continue
        for gid, name in [*ACCOUNT_GROUPS, ("netto", "Netto")]:
            total = sum((f.netto if gid == "netto" else f.amounts[gid] for f in unit_frames), Decimal(0))
            expected = whole.netto_given if gid == "netto" else whole.amounts[gid]
            if total != expected:
                unit_cells = ", ".join(cells[(division, year, f.unit)][gid] for f in unit_frames)
                r.error(
                    cells[(division, year, "")][gid],
                    f"{name}: enheternas summa {format_exact(total)} "
                    f"({unit_cells}) stämmer inte med divisionens ram {format_exact(expected)}",
                )


def _read_measures(r: _SheetReader, division_ids: list[str]) -> list[Measure]:
    effect_cols = {int(m.group(1)): col for h, col in r.extra_headers.items() if (m := EFFECT_RE.match(h))}
    goal_cols = {int(m.group(1)): col for h, col in r.extra_headers.items() if (m := GOAL_RE.match(h))}
    if not effect_cols:
        r.error("A1", 'inga kolumner "Effekt ÅÅÅÅ (mkr)" hittades')
    measures = []
    for row, v in r.rows():
        effects: dict[int, Decimal] = {}
        for year, col in sorted(effect_cols.items()):
            cell = f"{col}{row}"
            value = r.ws[cell].value
            if value in (None, ""):
                continue
            try:
                effects[year] = parse_cell_number(value)[0]
            except ValueError:
                r.error(cell, f'kan inte läsa "{value}" som ett tal')
        goals = {
            year: str(r.ws[f"{col}{row}"].value).strip()
            for year, col in goal_cols.items()
            if r.ws[f"{col}{row}"].value not in (None, "")
        }
        measures.append(
            Measure(
                r.text(v, "id"),
                r.text(v, "name"),
                r.text(v, "description", False),
                r.text(v, "consequence", False),
                effects,
                goals,
                _id_list(r.text(v, "divisions", False), division_ids, r, v["divisions"][1]),
            )
        )
    return measures


def _read_periods(r: _SheetReader) -> list[PeriodDef]:
    periods = []
    for _, v in r.rows():
        kind_text = r.text(v, "kind").lower()
        kind = PERIOD_KINDS.get(kind_text)
        if kind is None:
            r.error(v["kind"][1], f'okänd period "{kind_text}" (använd T1, Delår eller Helår)')
            continue
        value, cell = v["deadline"]
        deadline = None
        if isinstance(value, datetime):
            deadline = value.date()
        elif isinstance(value, date):
            deadline = value
        elif isinstance(value, str) and value.strip():
            try:
                deadline = date.fromisoformat(value.strip())
            except ValueError:
                r.error(cell, f'kan inte läsa "{value}" som datum (skriv ÅÅÅÅ-MM-DD)')
        periods.append(PeriodDef(kind, r.text(v, "label", False), deadline))
    return periods


def _check_unique(plan: Plan, file: str, findings: list[Finding]) -> None:
    for sheet, items in [
        ("Divisioner", plan.divisions),
        ("Nyckeltal", plan.key_figures),
        ("Uppdrag", plan.assignments),
        ("Åtgärdsplan", plan.measures),
        ("Investeringar", plan.investments),
    ]:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                findings.append(
                    error(Rule.PLAN_INVALID, problem=f'id "{item.id}" förekommer flera gånger', file=file, sheet=sheet)
                )
            seen.add(item.id)
