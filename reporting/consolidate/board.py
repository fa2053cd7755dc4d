"""Nämnd-level items of a period: centrally measured key figures, financial goals and the nämnd's own uppdrag.

Their outcomes come from ``Centrala värden.xlsx`` (reporting.intake.central), never from a
division: they are shown as "Nämnden", judged by the same rule as key figures
(plan.judge: a target year makes a miss before it "Delvis"), traced in Källor with the file's
hash, and stored in history at nämnd level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from reporting.consolidate.keyfigures import KeyFigureRow
from reporting.consolidate.sources import SourceRow
from reporting.consolidate.tables import AssignmentRow
from reporting.intake.central import CentralValue, CentralValues
from reporting.plan.central import BOARD, central_due, is_board_level, is_central
from reporting.plan.judge import judge
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.template.central import ASSIGNMENT, CENTRAL_SHEET, FINANCIAL_GOAL, KEY_FIGURE

BOARD_NAME = "Nämnden"  # how nämnd-level rows are named: never as a division
NOT_REPORTED = "Ej rapporterad"  # a nämnd-level item without a value in Centrala värden


@dataclass(frozen=True)
class FinancialGoalRow:
    """A financial goal's outcome for the period against the year's target."""

    id: str
    name: str
    decided_by: str
    target: str
    outcome: Decimal | str | None
    status: str
    status_label: str
    comment: str
    cell: str
    file: str
    sha256: str
    unit: str = ""  # the målvärde's unit ("tkr", "mkr", "%"): the outcome is shown as the plan writes amounts


def _value(central: CentralValues | None, kind: str, item_id: str) -> CentralValue | None:
    return central.get(kind, item_id) if central else None


def _trace(central: CentralValues | None, value: CentralValue | None) -> tuple[str, str, str]:
    """(cell, file, hash) of a value; empty when there is none."""
    if central is None or value is None:
        return "", "", ""
    return value.cell, central.file, central.sha256


def financial_goal_table(plan: Plan, central: CentralValues | None, period: Period) -> list[FinancialGoalRow]:
    """Every financial goal judged like a key figure; "Ej rapporterad" without a value."""
    rows = []
    for goal in plan.financial_goals:
        value = _value(central, FINANCIAL_GOAL, goal.id)
        outcome = value.outcome if value else None
        status = judge(goal, period.year, outcome, None, plan.tolerance_pct)
        label = status.label if outcome is not None else NOT_REPORTED
        rows.append(
            FinancialGoalRow(
                goal.id,
                goal.name,
                goal.decided_by,
                goal.target_for(period.year).text,
                outcome,
                status.value,
                label,
                value.comment if value else "",
                *_trace(central, value),
                goal.target_for(period.year).unit,
            )
        )
    return rows


def central_key_figure_rows(
    plan: Plan, central: CentralValues | None, period: Period, riket: Mapping[str, Decimal | None] | None = None
) -> list[KeyFigureRow]:
    """A nämnd row per centrally measured key figure, in the key figures' table shape (``is_total``)."""
    rows = []
    for kf in plan.key_figures:
        if not is_central(kf) or not central_due(kf, period, plan.listed_kinds):
            continue
        value = _value(central, KEY_FIGURE, kf.id)
        outcome = value.outcome if value else None
        bench = (riket or {}).get(kf.id)
        status = judge(kf, period.year, outcome, None, plan.tolerance_pct, bench)
        # no division forecasts a central figure: its forecast is missing, as a division's unfilled one ("Underlag
        # saknas" when there is a mål; "Följs (inget mål)" only when there is none)
        forecast = judge(kf, period.year, None, None, plan.tolerance_pct, bench)
        cell, file, sha = _trace(central, value)
        rows.append(
            KeyFigureRow(
                kf.id,
                kf.name,
                kf.goal_area,
                plan.goal_area_name(kf.goal_area),
                "",
                BOARD_NAME,
                kf.target_for(period.year).text,
                kf.unit,
                outcome,
                None,
                None,
                None,
                status.value,
                status.label if outcome is not None else NOT_REPORTED,
                forecast.value,
                f"{BOARD_NAME} (mäts centralt)" + (f": {value.comment}" if value and value.comment else ""),
                "",
                cell,
                file,
                sha,
                True,
                False,
            )
        )
    return rows


def board_assignment_rows(plan: Plan, central: CentralValues | None) -> list[AssignmentRow]:
    """The nämnd's own uppdrag ("Under planperioden avser nämnden") with their status from Centrala värden."""
    rows = []
    for item in plan.assignments:
        if not is_board_level(item):
            continue
        value = _value(central, ASSIGNMENT, item.id)
        status = value.status if value and value.status else NOT_REPORTED
        comment = value.comment if value else ""
        rows.append(
            AssignmentRow(item.id, item.text, item.goal_area, item.decided_by, BOARD, BOARD_NAME, status, comment)
        )
    return rows


def board_sources(central: CentralValues | None) -> list[SourceRow]:
    """Källor rows: each value of Centrala värden with its file, sheet, cell and hash."""
    if central is None:
        return []
    rows = []
    for value in central.values.values():
        shown = value.status if value.kind == ASSIGNMENT else value.outcome
        if shown is None or shown == "":
            continue
        metric = "Status" if value.kind == ASSIGNMENT else "Utfall"
        rows.append(
            SourceRow(CENTRAL_SHEET, value.id, "", BOARD_NAME, metric, shown, central.file, value.cell, central.sha256)
        )
    return rows
