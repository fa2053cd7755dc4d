"""Economy per division and account group, the nämnd total, and the budget checks; exact Decimal sums."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from reporting.consolidate.amounts import round_half_up, sum_known
from reporting.consolidate.labels import TOTAL
from reporting.findings import Finding, Rule, warning
from reporting.intake.submission import Submission
from reporting.plan.model import ACCOUNT_GROUPS, Plan
from reporting.plan.periods import Period
from reporting.swedish import format_number
from reporting.template.spec import ECONOMY, NETTO_ID


# ------------------------------------------------------------- ekonomi
def economy_table(plan: Plan, subs: dict[str, Submission], period: Period) -> pd.DataFrame:
    """Division × account group (and netto): budget, periodised, actual, deviations, forecast."""
    rows = []
    for division in plan.divisions:
        frame = plan.frame(division.id, period.year)
        sub = subs.get(division.id)
        sums: dict[str, Any] = {
            "budget": Decimal(0),
            "periodised": Decimal(0),
            "actual": Decimal(0),
            "forecast": Decimal(0),
        }
        for gid, name in ACCOUNT_GROUPS:
            budget = frame.amounts.get(gid, Decimal(0)) if frame else Decimal(0)
            values: dict[str, Decimal | None] = {"budget": budget}
            for key in ("periodised", "actual", "forecast"):
                value = getattr(sub.answers.account(gid), key) if sub else None
                if value is None and sub and budget == 0:
                    value = Decimal(0)  # a group without budget may be left blank
                if sub and period.is_year_end and key == "forecast" and value is None:
                    value = sub.answers.account(gid).actual  # the year's outcome is its forecast
                values[key] = value
            for key in sums:
                sums[key] = (
                    sums[key] + values[key] if isinstance(values[key], Decimal) and sums[key] is not None else None
                )
            rows.append(
                _economy_row(
                    division.id,
                    division.name,
                    gid,
                    name,
                    values,
                    sub.answers.account(gid).comment if sub else "",
                    sub is not None,
                )
            )
        rows.append(
            _economy_row(
                division.id,
                division.name,
                NETTO_ID,
                "Netto",
                sums,
                sub.answers.account(NETTO_ID).comment if sub else "",
                sub is not None,
            )
        )
    return pd.DataFrame(rows)


def _economy_row(
    division_id: str, division: str, gid: str, name: str, values: dict[str, Any], comment: str, submitted: bool
) -> dict[str, Any]:
    deviation = _minus(values["actual"], values["periodised"])
    forecast_deviation = _minus(values["forecast"], values["budget"])
    return {
        "division_id": division_id,
        "division": division,
        "group_id": gid,
        "group": name,
        "budget": values["budget"],
        "periodised": values["periodised"],
        "actual": values["actual"],
        "deviation": deviation,
        "deviation_pct": _pct(deviation, values["periodised"]),
        "forecast": values["forecast"],
        "forecast_deviation": forecast_deviation,
        "comment": comment,
        "submitted": submitted,
    }


def _minus(a: Any, b: Any) -> Decimal | None:
    return a - b if isinstance(a, Decimal) and isinstance(b, Decimal) else None


def _pct(part: Any, whole: Any) -> Decimal | None:
    if not isinstance(part, Decimal) or not isinstance(whole, Decimal) or whole == 0:
        return None
    return round_half_up(part / abs(whole) * 100, 1)


def economy_overview(plan: Plan, economy: pd.DataFrame) -> pd.DataFrame:
    """Netto per division and the nämnd total; the total is the exact sum of the rows."""
    netto = economy[economy["group_id"] == NETTO_ID]
    rows = [
        {
            k: r[k]
            for k in (
                "division_id",
                "division",
                "budget",
                "periodised",
                "actual",
                "deviation",
                "forecast",
                "forecast_deviation",
                "submitted",
            )
        }
        for _, r in netto.iterrows()
    ]
    complete = all(r["submitted"] for r in rows)
    total: dict[str, Any] = {
        "division_id": "",
        "division": TOTAL if complete else f"{TOTAL} (exkl. ej inkomna)",
        "submitted": complete,
    }
    for key in ("budget", "periodised", "actual", "deviation", "forecast", "forecast_deviation"):
        total[key] = sum_known(r[key] for r in rows)
    return pd.DataFrame([*rows, total])


def budget_checks(plan: Plan, economy: pd.DataFrame, overview: pd.DataFrame) -> list[Finding]:
    """Forecast against the frame per division; account groups deviating over the threshold."""
    out = []
    for _, row in overview[overview["division_id"] != ""].iterrows():
        dev = row["forecast_deviation"]
        if row["submitted"] and isinstance(dev, Decimal) and dev < 0:
            out.append(
                warning(
                    Rule.FORECAST_DEFICIT,
                    who=row["division"],
                    forecast=format_number(row["forecast"]),
                    budget=format_number(row["budget"]),
                    deficit=format_number(dev),
                    sheet=ECONOMY.name,
                    division=row["division"],
                )
            )
    for _, row in economy[(economy["group_id"] != NETTO_ID) & economy["submitted"]].iterrows():
        dev = row["deviation"]
        if not isinstance(dev, Decimal) or not isinstance(row["periodised"], Decimal):
            continue
        threshold = plan.deviation_threshold(row["periodised"])
        if abs(dev) > threshold:
            out.append(
                warning(
                    Rule.BUDGET_DEVIATION,
                    who=row["division"],
                    group=row["group"].lower(),
                    deviation=format_number(dev, signed=True),
                    pct=format_number(row["deviation_pct"], signed=True),
                    sheet=ECONOMY.name,
                    division=row["division"],
                )
            )
    return out
