"""Consolidate the current submissions of a period into tidy tables and judge them.

Targets follow the parsed målvärde; division values aggregate to the nämnd per
each key figure's rule; money stays Decimal so every total equals the sum of
its rows exactly. A division that has not submitted is shown as "Ej inkommen".
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from reporting.consolidate.labels import NOT_SUBMITTED
from reporting.intake.run import IntakeResult
from reporting.intake.submission import Submission
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.targets import Status
from reporting.template.answers import InvestmentAnswer


# ------------------------------------------------------------- uppdrag, åtgärder, investeringar
def assignment_table(plan: Plan, subs: dict[str, Submission]) -> pd.DataFrame:
    rows = []
    for item in plan.assignments:
        for division_id in item.divisions:
            sub = subs.get(division_id)
            rows.append(
                {
                    "id": item.id,
                    "text": item.text,
                    "goal_area": item.goal_area,
                    "decided_by": item.decided_by,
                    "division_id": division_id,
                    "division": plan.division(division_id).name,
                    "status": (sub.answers.assignment(item.id).status or Status.NO_DATA.value)
                    if sub
                    else NOT_SUBMITTED,
                    "comment": sub.answers.assignment(item.id).comment if sub else "",
                }
            )
    return pd.DataFrame(rows)


def measure_table(plan: Plan, subs: dict[str, Submission], period: Period) -> pd.DataFrame:
    """Planned (nämnd) vs achieved and forecast effect (sum of the divisions' contributions)."""
    rows = []
    for measure in plan.measures:
        achieved, forecast, reporters, comments = Decimal(0), Decimal(0), [], []
        for division_id in measure.divisions:
            sub = subs.get(division_id)
            if not sub:
                continue
            answer = sub.answers.measure(measure.id)
            a, f = answer.achieved, answer.forecast
            achieved += a if isinstance(a, Decimal) else Decimal(0)
            forecast += f if isinstance(f, Decimal) else Decimal(0)
            reporters.append(division_id)
            if answer.comment:
                comments.append(f"{plan.division(division_id).name}: {answer.comment}")
        planned = measure.effects.get(period.year, Decimal(0))
        missing = [plan.division(d).name for d in measure.divisions if d not in reporters]
        rows.append(
            {
                "id": measure.id,
                "name": measure.name,
                "goal": measure.goals.get(period.year, ""),
                "planned": planned,
                "achieved": achieved,
                "forecast": forecast,
                "forecast_deviation": forecast - planned,
                "missing": ", ".join(missing),
                "comment": "\n".join(comments),
            }
        )
    return pd.DataFrame(rows)


def investment_table(plan: Plan, subs: dict[str, Submission]) -> pd.DataFrame:
    rows = []
    for item in plan.investments:
        sub = subs.get(item.division)
        answer = sub.answers.investment(item.id) if sub else InvestmentAnswer()
        rows.append(
            {
                "id": item.id,
                "division": plan.division(item.division).name,
                "unit": item.unit,
                "object": item.object,
                "kind": item.kind,
                "amount": item.amount_tkr,
                "status": (answer.status or Status.NO_DATA.value) if sub else NOT_SUBMITTED,
                "spent": answer.spent,
                "comment": answer.comment,
            }
        )
    return pd.DataFrame(rows)


# ------------------------------------------------------------- inlämningar
def submission_table(
    plan: Plan, intake: IntakeResult, unit_subs: dict[str, list[Submission]] | None = None
) -> pd.DataFrame:
    """Who submitted (division or units), when, which file and version; who is missing."""
    period_def = plan.period_def(intake.period.kind)
    deadline = period_def.deadline if period_def else None
    unit_subs = unit_subs or {}
    rows = []
    for division in plan.divisions:
        current = intake.current.get(division.id)
        sub = current.submission if current else None
        received = sub.received if sub else ""
        late = bool(deadline and received and received[:10] > deadline.isoformat())
        status = ("Inkommen" + (" (sent)" if late else "")) if sub else NOT_SUBMITTED
        if sub is None and division.id in unit_subs:
            units = plan.units_of(division.id)
            reported = {s.unit_id for s in unit_subs[division.id]}
            missing = [u.name for u in units if u.id not in reported]
            status = f"Inkommen från {len(reported)} av {len(units)} enheter" + (
                f"; saknas: {', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}" if missing else ""
            )
        files = [r for r in intake.current.values() if r.division_id == division.id]
        findings = [f for r in files for f in r.findings]
        rows.append(
            {
                "division": division.name,
                "status": status,
                "file": sub.file if sub else (f"{len(files)} enhetsfiler" if files else ""),
                "received": received or max((r.submission.received for r in files if r.submission), default=""),
                "deadline": deadline.isoformat() if deadline else "",
                "template_version": sub.template_version if sub else "",
                "sha256": sub.sha256 if sub else "",
                "errors": sum(1 for f in findings if f.severity.value == "fel"),
                "warnings": sum(1 for f in findings if f.severity.value == "varning"),
            }
        )
    return pd.DataFrame(rows)
