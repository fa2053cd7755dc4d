"""Rollup from units to their division, each key figure by its aggregation rule."""

from __future__ import annotations

from decimal import Decimal

from reporting.consolidate.amounts import sum_known
from reporting.consolidate.keyfigures import aggregate
from reporting.intake.submission import Submission
from reporting.plan.model import ACCOUNT_GROUPS, Plan
from reporting.template.spec import NETTO_ID

# ------------------------------------------------------------- rollup unit -> division
ASSIGNMENT_RANK = ["Pågår med avvikelse", "Ej påbörjat", "Pågår enligt plan", "Genomfört"]


def rollup(plan: Plan, submissions: list[Submission]) -> tuple[dict[str, Submission], dict[str, list[Submission]]]:
    """Division submissions, with units' submissions combined into their division's.

    A division's own file wins over its units' files. Returns (division id -> submission,
    division id -> the unit submissions it was combined from, for combined divisions only).
    """
    divisions: dict[str, Submission] = {}
    units: dict[str, list[Submission]] = {}
    for sub in submissions:
        if sub.unit_id:
            units.setdefault(sub.division_id, []).append(sub)
        else:
            divisions[sub.division_id] = sub
    order = [u.id for u in plan.units]
    combined = {
        d: sorted(subs, key=lambda s: order.index(s.unit_id)) for d, subs in units.items() if d not in divisions
    }
    for division_id, unit_subs in combined.items():
        divisions[division_id] = combine(plan, division_id, unit_subs)
    return divisions, combined


def _joined(plan: Plan, subs: list[Submission], sheet: str, row_id: str, key: str) -> str:
    return "\n".join(
        f"{plan.unit(s.unit_id).name}: {s.get(sheet, row_id, key)}" for s in subs if s.get(sheet, row_id, key)
    )


def combine(plan: Plan, division_id: str, subs: list[Submission]) -> Submission:
    """One division submission from its units', each key figure by its aggregation rule."""
    first = subs[0]
    out = Submission(
        division_id,
        first.period,
        f"{len(subs)} enheter",
        "",
        template_version=first.template_version,
        received=max(s.received for s in subs),
    )
    out.values = {sheet: {} for sheet in ("Nyckeltal", "Uppdrag", "Ekonomi", "Åtgärdsplan", "Investeringar")}
    for kf in plan.key_figures_for(division_id):
        weights = [s.get("Nyckeltal", kf.id, "denominator") for s in subs]
        row = {
            key: aggregate(kf, [s.get("Nyckeltal", kf.id, key) for s in subs], weights)[0]
            for key in ("outcome", "last_year", "forecast")
        }
        row["denominator"] = sum(weights, Decimal(0)) if all(isinstance(w, Decimal) for w in weights) else None
        row["analysis"] = _joined(plan, subs, "Nyckeltal", kf.id, "analysis")
        row["actions"] = _joined(plan, subs, "Nyckeltal", kf.id, "actions")
        out.values["Nyckeltal"][kf.id] = row
    for item in plan.assignments_for(division_id):
        statuses = [s.get("Uppdrag", item.id, "status") for s in subs if s.get("Uppdrag", item.id, "status")]
        status = min(statuses, key=ASSIGNMENT_RANK.index) if statuses else None
        out.values["Uppdrag"][item.id] = {
            "status": status,
            "comment": _joined(plan, subs, "Uppdrag", item.id, "comment"),
        }
    for gid in [g for g, _ in ACCOUNT_GROUPS] + [NETTO_ID]:
        row = {key: sum_known(s.get("Ekonomi", gid, key) for s in subs) for key in ("periodised", "actual", "forecast")}
        row["comment"] = _joined(plan, subs, "Ekonomi", gid, "comment")
        out.values["Ekonomi"][gid] = row
    for measure in plan.measures_for(division_id):
        row = {key: sum_known(s.get("Åtgärdsplan", measure.id, key) for s in subs) for key in ("achieved", "forecast")}
        row["comment"] = _joined(plan, subs, "Åtgärdsplan", measure.id, "comment")
        out.values["Åtgärdsplan"][measure.id] = row
    for s in subs:
        out.values["Investeringar"].update(s.values.get("Investeringar", {}))
    return out
