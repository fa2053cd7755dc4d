"""Reading the plan's goals: Nyckeltal, Uppdrag and Finansiella mål, with målvärde and Riktning."""

from __future__ import annotations

from reporting.errors import TargetParseError
from reporting.plan.model import AGGREGATIONS, Assignment, FinancialGoal, KeyFigure
from reporting.plan.sheet_reader import Row, SheetReader
from reporting.plan.targets import Target, parse_target, with_direction


def read_target(r: SheetReader, v: Row) -> Target | None:
    """The row's målvärde with its Riktning applied; a finding at the cell at fault and None when unusable.

    A målvärde that cannot be read is an error at the Målvärde cell. A Riktning that is
    unknown, stands on a målvärde without a number, or contradicts the målvärde's own
    word ("Minst 88 %" with "Högst") is an error at the Riktning cell.
    """
    text = r.text(v, "target")
    if not text:
        return None
    try:
        target = parse_target(text)
    except TargetParseError as exc:
        r.error(r.cell(v, "target"), str(exc))
        return None
    try:
        return with_direction(target, r.text(v, "direction", False))
    except TargetParseError as exc:
        r.error(r.cell(v, "direction"), str(exc))
        return None


def _goal_area(r: SheetReader, v: Row, area_ids: set[str]) -> str:
    area = r.text(v, "goal_area")
    if area and area not in area_ids:
        known = ", ".join(sorted(area_ids)) or "inga ännu"
        r.error(
            r.cell(v, "goal_area"),
            f'okänt målområde "{area}" (finns inte på fliken Målområden). Använd ett av id:na där: {known}',
        )
    return area


def read_key_figures(r: SheetReader, division_ids: list[str], area_ids: set[str]) -> list[KeyFigure]:
    out = []
    for _, v in r.rows():
        target = read_target(r, v)
        aggregation_text = r.text(v, "aggregation", False).lower() or "medel"
        aggregation = AGGREGATIONS.get(aggregation_text)
        if aggregation is None:
            r.error(
                r.cell(v, "aggregation"),
                f'okänd aggregering "{aggregation_text}". Välj summa, medel, viktat eller ej',
            )
        area = _goal_area(r, v, area_ids)
        unit = r.text(v, "unit", False) or (target.unit if target else "")
        if target is None:
            continue
        out.append(
            KeyFigure(
                r.text(v, "id"),
                r.text(v, "name"),
                area,
                r.id_list(v, "divisions", division_ids),
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


def read_assignments(r: SheetReader, division_ids: list[str], area_ids: set[str]) -> list[Assignment]:
    return [
        Assignment(
            r.text(v, "id"),
            r.text(v, "text"),
            _goal_area(r, v, area_ids),
            r.text(v, "decided_by", False),
            r.id_list(v, "divisions", division_ids),
        )
        for _, v in r.rows()
    ]


def read_financial_goals(r: SheetReader) -> list[FinancialGoal]:
    out = []
    for _, v in r.rows():
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
                )
            )
    return out
