"""Key figures per division and for the nämnd: aggregation, status against the målvärde, per målområde."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from reporting.consolidate.amounts import round_half_up
from reporting.consolidate.labels import NOT_SUBMITTED, STATUS_ORDER, TOTAL
from reporting.intake.submission import Submission
from reporting.plan.model import KeyFigure, Plan
from reporting.plan.periods import Period
from reporting.plan.targets import Direction, Status, evaluate


def aggregate(kf: KeyFigure, values: list[Any], weights: list[Any]) -> tuple[Any, str]:
    """The nämnd value of a key figure from its divisions' values, and a note on how."""
    numbers = [(v, w) for v, w in zip(values, weights) if isinstance(v, Decimal)]
    if kf.target.direction is Direction.DONE:
        answers = [v for v in values if v]
        if not answers:
            return None, ""
        if all(a == "Ja" for a in answers):
            return "Ja", "alla genomförda"
        return ("Nej" if all(a == "Nej" for a in answers) else "Delvis"), "sammanvägt"
    if not numbers:
        return None, ""
    if len(numbers) == 1:
        return numbers[0][0], ""
    if kf.aggregation == "none":
        return None, "ej aggregerbart – se divisionerna"
    if kf.aggregation == "sum":
        return sum((v for v, _ in numbers), Decimal(0)), "summa"
    if kf.aggregation == "weighted" and all(isinstance(w, Decimal) and w > 0 for _, w in numbers):
        total_weight = sum((w for _, w in numbers), Decimal(0))
        return round_half_up(sum((v * w for v, w in numbers), Decimal(0)) / total_weight), "viktat med nämnare"
    note = "medelvärde" if kf.aggregation == "mean" else "medelvärde (nämnare saknas)"
    return round_half_up(sum((v for v, _ in numbers), Decimal(0)) / len(numbers)), note


def _status(plan: Plan, kf: KeyFigure, period: Period, value: Any, last_year: Any) -> Status:
    baseline = last_year if kf.target.baseline_year == period.year - 1 else None
    return evaluate(kf.target, value, plan.tolerance_pct, baseline)


def key_figure_table(
    plan: Plan, subs: dict[str, Submission], period: Period, unit_subs: dict[str, list[Submission]] | None = None
) -> pd.DataFrame:
    """One row per key figure × reporting division, plus a total row per key figure.

    A key figure that cannot be aggregated ("ej") is also listed per unit.
    """
    unit_subs = unit_subs or {}
    rows = []
    for kf in plan.key_figures:
        values: dict[str, list[Any]] = {"outcome": [], "last_year": [], "forecast": [], "denominator": []}
        division_statuses = []
        for division_id in kf.divisions:
            sub = subs.get(division_id)
            get = (lambda key: sub.get("Nyckeltal", kf.id, key)) if sub else (lambda key: None)
            for key in values:
                values[key].append(get(key))
            status = _status(plan, kf, period, get("outcome"), get("last_year"))
            division_statuses.append(status)
            from_units = sub is not None and kf.aggregation == "none" and division_id in unit_subs
            if from_units:
                unit_statuses = [
                    _status(
                        plan, kf, period, u.get("Nyckeltal", kf.id, "outcome"), u.get("Nyckeltal", kf.id, "last_year")
                    )
                    for u in unit_subs[division_id]
                ]
                status = _worst(unit_statuses)
            rows.append(
                _kf_row(
                    plan,
                    kf,
                    division_id,
                    plan.division(division_id).name,
                    get("outcome"),
                    get("last_year"),
                    get("forecast"),
                    get("denominator"),
                    status.label if sub else NOT_SUBMITTED,
                    status,
                    _status(plan, kf, period, get("forecast"), get("last_year")),
                    ("ej aggregerbart – se enheterna" if from_units else get("analysis") or ""),
                    get("actions") or "",
                    sub.cell("Nyckeltal", kf.id, "outcome") if sub else "",
                )
            )
            if from_units:
                for unit in unit_subs[division_id]:
                    uget = lambda key: unit.get("Nyckeltal", kf.id, key)  # noqa: E731
                    ustatus = _status(plan, kf, period, uget("outcome"), uget("last_year"))
                    rows.append(
                        _kf_row(
                            plan,
                            kf,
                            unit.reporter,
                            f"{plan.division(division_id).name} / {plan.unit(unit.unit_id).name}",
                            uget("outcome"),
                            uget("last_year"),
                            uget("forecast"),
                            uget("denominator"),
                            ustatus.label,
                            ustatus,
                            _status(plan, kf, period, uget("forecast"), uget("last_year")),
                            uget("analysis") or "",
                            uget("actions") or "",
                            unit.cell("Nyckeltal", kf.id, "outcome"),
                        )
                    )
        total, note = aggregate(kf, values["outcome"], values["denominator"])
        last, _ = aggregate(kf, values["last_year"], values["denominator"])
        forecast, _ = aggregate(kf, values["forecast"], values["denominator"])
        status = _status(plan, kf, period, total, last)
        if kf.aggregation == "none" and len([v for v in values["outcome"] if v is not None]) > 1:
            status = _worst(division_statuses)
        rows.append(
            _kf_row(
                plan,
                kf,
                "",
                TOTAL,
                total,
                last,
                forecast,
                None,
                status.label,
                status,
                _status(plan, kf, period, forecast, last),
                note,
                "",
                "",
            )
        )
    return pd.DataFrame(rows)


def _worst(statuses: list[Status]) -> Status:
    for candidate in (Status.NOT_MET, Status.PARTLY, Status.NO_DATA, Status.MET):
        if candidate in statuses:
            return candidate
    return Status.FOLLOW


def _kf_row(
    plan: Plan,
    kf: KeyFigure,
    division_id: str,
    division: str,
    outcome: Any,
    last_year: Any,
    forecast: Any,
    denominator: Any,
    label: str,
    status: Status,
    forecast_status: Status,
    analysis: str,
    actions: str,
    cell: str,
) -> dict[str, Any]:
    return {
        "id": kf.id,
        "name": kf.name,
        "goal_area": kf.goal_area,
        "goal_area_name": plan.goal_area_name(kf.goal_area),
        "division_id": division_id,
        "division": division,
        "target": kf.target_text,
        "unit": kf.unit,
        "outcome": outcome,
        "last_year": last_year,
        "forecast": forecast,
        "denominator": denominator,
        "status": status.value,
        "status_label": label,
        "forecast_status": forecast_status.value,
        "analysis": analysis,
        "actions": actions,
        "cell": cell,
        "is_total": division_id == "",
        "is_unit": "/" in division_id,
    }


def goal_area_table(plan: Plan, kf: pd.DataFrame) -> pd.DataFrame:
    """Måluppfyllelse per målområde: how many key figures (nämnd level) have each status."""
    rows = []
    totals = kf[kf["is_total"]] if not kf.empty else kf
    for area in plan.goal_areas:
        in_area = totals[totals["goal_area"] == area.id] if not totals.empty else totals
        row: dict[str, Any] = {"goal_area": area.id, "name": area.name}
        for status in STATUS_ORDER:
            row[status.value] = int((in_area["status"] == status.value).sum()) if not in_area.empty else 0
        row["Antal"] = len(in_area)
        rows.append(row)
    return pd.DataFrame(rows)
