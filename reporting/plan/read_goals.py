"""Reading the plan's goals: Nyckeltal, Uppdrag and Finansiella mål, with målvärde and Riktning."""

from __future__ import annotations

from dataclasses import replace

from reporting.errors import TargetParseError
from reporting.findings import Rule, warning
from reporting.plan import goal_tree
from reporting.plan.frequency import ACCEPTED, parse_frequency
from reporting.plan.model import AGGREGATIONS, Aggregation, Assignment, FinancialGoal, GoalArea, KeyFigure
from reporting.plan.sheet_reader import Row, SheetReader
from reporting.plan.sheets import GOAL_RE
from reporting.plan.targets import Target, name_disagreement, parse_target, resolve


def read_target(r: SheetReader, v: Row) -> Target | None:
    """The row's målvärde with its direction resolved; a finding at the cell at fault and None when unusable.

    Direction by precedence: Riktning > the målvärde's own word > words in the name
    ("Minska …", "… ska minska") > "minst". A målvärde that cannot be read is an error at
    the Målvärde cell. A Riktning that is unknown, stands on a målvärde without a number, or
    contradicts the målvärde's own word ("Minst 88 %" with "Högst") is an error at the
    Riktning cell. A name whose direction disagrees with the stated one is a warning at the
    name cell.
    """
    text = r.text(v, "target")
    if not text:
        return None
    try:
        target = parse_target(text)
    except TargetParseError as exc:
        r.error(r.cell(v, "target"), str(exc))
        return None
    riktning = r.text(v, "direction", False)
    name = r.text(v, "name", False)
    try:
        target = resolve(target, riktning, name)
    except TargetParseError as exc:
        r.error(r.cell(v, "direction"), str(exc))
        return None
    problem = name_disagreement(name, target, riktning)
    if problem:
        r.findings.append(
            warning(Rule.TARGET_DIRECTION_NAME, problem=problem, file=r.file, sheet=r.name, cell=r.cell(v, "name"))
        )
    return target


def read_year_targets(r: SheetReader, row: int, main: Target) -> dict[int, Target]:
    """The optional "Mål ÅÅÅÅ" columns: a target per year; a bare number takes the målvärde's direction and unit."""
    out: dict[int, Target] = {}
    for header, col in sorted(r.extra_headers.items()):
        match = GOAL_RE.match(header)
        value = r.value(row, col) if match else None
        if not match or value is None or not str(value).strip():
            continue
        try:
            target = parse_target(_cell_text(value))
        except TargetParseError as exc:
            r.error(f"{col}{row}", str(exc))
            continue
        if target.implicit and target.value is not None:
            target = replace(target, direction=main.direction, unit=target.unit or main.unit)
        out[int(match.group(1))] = target
    return out


def _cell_text(value: object) -> str:
    """A cell as målvärde text: 95 and 95.0 typed as numbers read "95"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def _goal_area(r: SheetReader, v: Row, area_ids: set[str]) -> str:
    area = r.text(v, "goal_area")
    if area and area not in area_ids:
        known = ", ".join(sorted(area_ids)) or "inga ännu"
        r.error(
            r.cell(v, "goal_area"),
            f'okänt målområde "{area}" (finns inte på fliken Målområden). Använd ett av id:na där: {known}.',
        )
    return area


def read_key_figures(r: SheetReader, division_ids: list[str], area_ids: set[str]) -> list[KeyFigure]:
    out = []
    for row, v in r.rows():
        target = read_target(r, v)
        aggregation_text = r.text(v, "aggregation", False).lower() or "medel"
        aggregation = AGGREGATIONS.get(aggregation_text)
        if aggregation is None:
            r.error(
                r.cell(v, "aggregation"),
                f'okänd aggregering "{aggregation_text}". Välj summa, medel, viktat eller ej.',
            )
        area = _goal_area(r, v, area_ids)
        unit = r.text(v, "unit", False) or (target.unit if target else "")
        if target is None:
            continue
        if target.benchmark and not r.text(v, "kolada_id", False):  # riket's value comes only by its Kolada id
            where = {"file": r.file, "sheet": r.name, "cell": r.cell(v, "kolada_id") or r.cell(v, "target")}
            r.findings.append(warning(Rule.KOLADA_ID_MISSING, target=target.text, id=r.text(v, "id"), **where))
        out.append(
            KeyFigure(
                r.text(v, "id"),
                r.text(v, "name"),
                area,
                r.id_list(v, "divisions", division_ids, board=True),
                unit,
                target.text,
                target,
                r.text(v, "decided_by", False),
                aggregation or Aggregation.MEAN,
                r.text(v, "direction", False),
                r.text(v, "kolada_id", False).upper(),  # Kolada's ids are upper case; a typed "u79014" is U79014
                read_year_targets(r, row, target),
                _frequency(r, v),
            )
        )
    return out


def _frequency(r: SheetReader, v: Row) -> str:
    """The Frekvens cell, normalised; an unknown word is an error at the cell naming the accepted words."""
    text = r.text(v, "frequency", False)
    frequency = parse_frequency(text)
    if frequency is None:
        r.error(r.cell(v, "frequency"), f'okänd frekvens "{text}". Skriv {ACCEPTED}.')
        return ""
    return frequency


def read_assignments(r: SheetReader, division_ids: list[str], area_ids: set[str]) -> list[Assignment]:
    return [
        Assignment(
            r.text(v, "id"),
            r.text(v, "text"),
            _goal_area(r, v, area_ids),
            r.text(v, "decided_by", False),
            r.id_list(v, "divisions", division_ids, board=True),
        )
        for _, v in r.rows()
    ]


def read_financial_goals(r: SheetReader) -> list[FinancialGoal]:
    """Finansiella mål with the Nyckeltal's "Mål ÅÅÅÅ" columns and target year ("senast 2027")."""
    out = []
    for row, v in r.rows():
        target = read_target(r, v)
        if target:
            out.append(
                FinancialGoal(
                    r.text(v, "id"),
                    r.text(v, "name"),
                    r.text(v, "decided_by", False),
                    target.text,
                    target,
                    r.text(v, "direction", False),
                    read_year_targets(r, row, target),
                )
            )
    return out


def read_goal_areas(r: SheetReader) -> list[GoalArea]:
    """Målområden as a goal tree: an unknown parent, a cycle or a repeated id is an error at its cell."""
    rows = []  # (node, its Id cell, its Överordnad cell)
    for _, v in r.rows():
        text = [r.text(v, key, key in ("id", "name")) for key in ("id", "name", "parent", "level", "number")]
        rows.append((GoalArea(*text), r.cell(v, "id"), r.cell(v, "parent")))
    areas = [area for area, _, _ in rows]
    first: dict[str, str] = {}
    for area, id_cell, _ in rows:
        if area.id in first:
            r.error(
                id_cell, f'id "{area.id}" förekommer flera gånger (först i {first[area.id]}). Ge varje rad ett eget id.'
            )
        first.setdefault(area.id, id_cell)
    known = ", ".join(first) or "inga"
    cycles = {id(a) for a in goal_tree.cycle_members(areas)}
    for area, _, parent_cell in rows:
        if area.parent and area.parent not in first:
            r.error(
                parent_cell,
                f'okänd överordnad "{area.parent}" (finns inte i kolumnen Id). Använd ett av id:na: {known}.',
            )
        elif id(area) in cycles:
            r.error(
                parent_cell,
                f'"{area.id}" ligger under sig själv i målträdet (överordnad "{area.parent}"). '
                "Ange en överordnad högre upp i trädet, eller lämna cellen tom för en nod på översta nivån.",
            )
    return areas
