"""Consolidate the current submissions of a period into tidy tables and judge them.

Targets follow the parsed målvärde; division values aggregate to the nämnd per
each key figure's rule; money stays Decimal so every total equals the sum of
its rows exactly. A division that has not submitted is shown as "Ej inkommen".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from .archive import IntakeResult
from .findings import Finding, warning
from .intake import Submission
from .layout import NETTO_ID
from .periods import Period
from .plan import ACCOUNT_GROUPS, KeyFigure, Plan
from .swedish import format_number
from .targets import Direction, Status, evaluate

NOT_SUBMITTED = "Ej inkommen"
TOTAL = "Nämnden totalt"
STATUS_ORDER = [Status.MET, Status.PARTLY, Status.NOT_MET, Status.NO_DATA, Status.FOLLOW]


@dataclass
class Consolidation:
    plan: Plan
    period: Period
    intake: IntakeResult
    key_figures: pd.DataFrame
    goal_areas: pd.DataFrame
    assignments: pd.DataFrame
    economy: pd.DataFrame
    economy_overview: pd.DataFrame
    measures: pd.DataFrame
    investments: pd.DataFrame
    submissions: pd.DataFrame
    checks: list[Finding] = field(default_factory=list)  # budget and forecast checks
    reported: list[str] = field(default_factory=list)  # divisions with a submission (own or from units)

    @property
    def submitted(self) -> list[str]:
        return [d.id for d in self.plan.divisions if d.id in self.reported]

    @property
    def missing(self) -> list[str]:
        return [d.id for d in self.plan.divisions if d.id not in self.reported]

    @property
    def findings(self) -> list[Finding]:
        return self.intake.findings + self.checks


def consolidate(plan: Plan, intake: IntakeResult) -> Consolidation:
    """Build every table of the period report from the plan and the current submissions."""
    subs, unit_subs = rollup(plan, [r.submission for r in intake.current.values() if r.submission is not None])
    kf = key_figure_table(plan, subs, intake.period, unit_subs)
    economy = economy_table(plan, subs, intake.period)
    overview = economy_overview(plan, economy)
    result = Consolidation(plan, intake.period, intake, kf, goal_area_table(plan, kf),
                           assignment_table(plan, subs), economy, overview,
                           measure_table(plan, subs, intake.period), investment_table(plan, subs),
                           submission_table(plan, intake, unit_subs))
    result.checks = budget_checks(plan, economy, overview)
    result.reported = list(subs)
    return result


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
    combined = {d: sorted(subs, key=lambda s: order.index(s.unit_id)) for d, subs in units.items() if d not in divisions}
    for division_id, unit_subs in combined.items():
        divisions[division_id] = combine(plan, division_id, unit_subs)
    return divisions, combined


def _joined(plan: Plan, subs: list[Submission], sheet: str, row_id: str, key: str) -> str:
    return "\n".join(f"{plan.unit(s.unit_id).name}: {s.get(sheet, row_id, key)}" for s in subs if s.get(sheet, row_id, key))


def combine(plan: Plan, division_id: str, subs: list[Submission]) -> Submission:
    """One division submission from its units', each key figure by its aggregation rule."""
    first = subs[0]
    out = Submission(division_id, first.period, f"{len(subs)} enheter", "", template_version=first.template_version,
                     received=max(s.received for s in subs))
    out.values = {sheet: {} for sheet in ("Nyckeltal", "Uppdrag", "Ekonomi", "Åtgärdsplan", "Investeringar")}
    for kf in plan.key_figures_for(division_id):
        weights = [s.get("Nyckeltal", kf.id, "denominator") for s in subs]
        row = {key: aggregate(kf, [s.get("Nyckeltal", kf.id, key) for s in subs], weights)[0]
               for key in ("outcome", "last_year", "forecast")}
        row["denominator"] = sum(weights, Decimal(0)) if all(isinstance(w, Decimal) for w in weights) else None
        row["analysis"] = _joined(plan, subs, "Nyckeltal", kf.id, "analysis")
        row["actions"] = _joined(plan, subs, "Nyckeltal", kf.id, "actions")
        out.values["Nyckeltal"][kf.id] = row
    for item in plan.assignments_for(division_id):
        statuses = [s.get("Uppdrag", item.id, "status") for s in subs if s.get("Uppdrag", item.id, "status")]
        status = min(statuses, key=ASSIGNMENT_RANK.index) if statuses else None
        out.values["Uppdrag"][item.id] = {"status": status, "comment": _joined(plan, subs, "Uppdrag", item.id, "comment")}
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


# ------------------------------------------------------------- key figures
def _round(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


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
        return _round(sum((v * w for v, w in numbers), Decimal(0)) / total_weight), "viktat med nämnare"
    note = "medelvärde" if kf.aggregation == "mean" else "medelvärde (nämnare saknas)"
    return _round(sum((v for v, _ in numbers), Decimal(0)) / len(numbers)), note


def _status(plan: Plan, kf: KeyFigure, period: Period, value: Any, last_year: Any) -> Status:
    baseline = last_year if kf.target.baseline_year == period.year - 1 else None
    return evaluate(kf.target, value, plan.tolerance_pct, baseline)


def key_figure_table(plan: Plan, subs: dict[str, Submission], period: Period,
                     unit_subs: dict[str, list[Submission]] | None = None) -> pd.DataFrame:
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
            get = (lambda key: sub.get("Nyckeltal", kf.id, key)) if sub else (lambda key: None)  # noqa: E731
            for key in values:
                values[key].append(get(key))
            status = _status(plan, kf, period, get("outcome"), get("last_year"))
            division_statuses.append(status)
            from_units = sub is not None and kf.aggregation == "none" and division_id in unit_subs
            if from_units:
                unit_statuses = [_status(plan, kf, period, u.get("Nyckeltal", kf.id, "outcome"),
                                         u.get("Nyckeltal", kf.id, "last_year")) for u in unit_subs[division_id]]
                status = _worst(unit_statuses)
            rows.append(_kf_row(plan, kf, division_id, plan.division(division_id).name, get("outcome"),
                                get("last_year"), get("forecast"), get("denominator"),
                                status.label if sub else NOT_SUBMITTED, status,
                                _status(plan, kf, period, get("forecast"), get("last_year")),
                                ("ej aggregerbart – se enheterna" if from_units else get("analysis") or ""),
                                get("actions") or "", sub.cell("Nyckeltal", kf.id, "outcome") if sub else ""))
            if from_units:
                for unit in unit_subs[division_id]:
                    uget = lambda key: unit.get("Nyckeltal", kf.id, key)  # noqa: E731
                    ustatus = _status(plan, kf, period, uget("outcome"), uget("last_year"))
                    rows.append(_kf_row(plan, kf, unit.reporter, f"{plan.division(division_id).name} / "
                                        f"{plan.unit(unit.unit_id).name}", uget("outcome"), uget("last_year"),
                                        uget("forecast"), uget("denominator"), ustatus.label, ustatus,
                                        _status(plan, kf, period, uget("forecast"), uget("last_year")),
                                        uget("analysis") or "", uget("actions") or "",
                                        unit.cell("Nyckeltal", kf.id, "outcome")))
        total, note = aggregate(kf, values["outcome"], values["denominator"])
        last, _ = aggregate(kf, values["last_year"], values["denominator"])
        forecast, _ = aggregate(kf, values["forecast"], values["denominator"])
        status = _status(plan, kf, period, total, last)
        if kf.aggregation == "none" and len([v for v in values["outcome"] if v is not None]) > 1:
            status = _worst(division_statuses)
        rows.append(_kf_row(plan, kf, "", TOTAL, total, last, forecast, None, status.label, status,
                            _status(plan, kf, period, forecast, last), note, "", ""))
    return pd.DataFrame(rows)


def _worst(statuses: list[Status]) -> Status:
    for candidate in (Status.NOT_MET, Status.PARTLY, Status.NO_DATA, Status.MET):
        if candidate in statuses:
            return candidate
    return Status.FOLLOW


def _kf_row(plan: Plan, kf: KeyFigure, division_id: str, division: str, outcome: Any, last_year: Any,
            forecast: Any, denominator: Any, label: str, status: Status, forecast_status: Status,
            analysis: str, actions: str, cell: str) -> dict[str, Any]:
    return {"id": kf.id, "name": kf.name, "goal_area": kf.goal_area, "goal_area_name": plan.goal_area_name(kf.goal_area),
            "division_id": division_id, "division": division, "target": kf.target_text, "unit": kf.unit,
            "outcome": outcome, "last_year": last_year, "forecast": forecast, "denominator": denominator,
            "status": status.value, "status_label": label, "forecast_status": forecast_status.value,
            "analysis": analysis, "actions": actions, "cell": cell, "is_total": division_id == "",
            "is_unit": "/" in division_id}


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


# ------------------------------------------------------------- uppdrag, åtgärder, investeringar
def assignment_table(plan: Plan, subs: dict[str, Submission]) -> pd.DataFrame:
    rows = []
    for item in plan.assignments:
        for division_id in item.divisions:
            sub = subs.get(division_id)
            rows.append({"id": item.id, "text": item.text, "goal_area": item.goal_area, "decided_by": item.decided_by,
                         "division_id": division_id, "division": plan.division(division_id).name,
                         "status": (sub.get("Uppdrag", item.id, "status") or Status.NO_DATA.value) if sub else NOT_SUBMITTED,
                         "comment": (sub.get("Uppdrag", item.id, "comment") or "") if sub else ""})
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
            a, f = sub.get("Åtgärdsplan", measure.id, "achieved"), sub.get("Åtgärdsplan", measure.id, "forecast")
            achieved += a if isinstance(a, Decimal) else Decimal(0)
            forecast += f if isinstance(f, Decimal) else Decimal(0)
            reporters.append(division_id)
            if sub.get("Åtgärdsplan", measure.id, "comment"):
                comments.append(f"{plan.division(division_id).name}: {sub.get('Åtgärdsplan', measure.id, 'comment')}")
        planned = measure.effects.get(period.year, Decimal(0))
        missing = [plan.division(d).name for d in measure.divisions if d not in reporters]
        rows.append({"id": measure.id, "name": measure.name, "goal": measure.goals.get(period.year, ""),
                     "planned": planned, "achieved": achieved, "forecast": forecast,
                     "forecast_deviation": forecast - planned,
                     "missing": ", ".join(missing), "comment": "\n".join(comments)})
    return pd.DataFrame(rows)


def investment_table(plan: Plan, subs: dict[str, Submission]) -> pd.DataFrame:
    rows = []
    for item in plan.investments:
        sub = subs.get(item.division)
        get = (lambda key: sub.get("Investeringar", item.id, key)) if sub else (lambda key: None)  # noqa: E731
        rows.append({"id": item.id, "division": plan.division(item.division).name, "unit": item.unit,
                     "object": item.object, "kind": item.kind, "amount": item.amount_tkr,
                     "status": (get("status") or Status.NO_DATA.value) if sub else NOT_SUBMITTED,
                     "spent": get("spent"), "comment": get("comment") or ""})
    return pd.DataFrame(rows)


# ------------------------------------------------------------- ekonomi
def economy_table(plan: Plan, subs: dict[str, Submission], period: Period) -> pd.DataFrame:
    """Division × account group (and netto): budget, periodised, actual, deviations, forecast."""
    rows = []
    for division in plan.divisions:
        frame = plan.frame(division.id, period.year)
        sub = subs.get(division.id)
        sums: dict[str, Any] = {"budget": Decimal(0), "periodised": Decimal(0), "actual": Decimal(0), "forecast": Decimal(0)}
        for gid, name in ACCOUNT_GROUPS:
            budget = frame.amounts.get(gid, Decimal(0)) if frame else Decimal(0)
            values = {"budget": budget}
            for key in ("periodised", "actual", "forecast"):
                value = sub.get("Ekonomi", gid, key) if sub else None
                if value is None and sub and budget == 0:
                    value = Decimal(0)  # a group without budget may be left blank
                if sub and period.kind == "helar" and key == "forecast" and value is None:
                    value = sub.get("Ekonomi", gid, "actual")  # the year's outcome is its forecast
                values[key] = value
            for key in sums:
                sums[key] = sums[key] + values[key] if isinstance(values[key], Decimal) and sums[key] is not None else None
            rows.append(_economy_row(division.id, division.name, gid, name, values,
                                     (sub.get("Ekonomi", gid, "comment") or "") if sub else "", sub is not None))
        rows.append(_economy_row(division.id, division.name, NETTO_ID, "Netto", sums,
                                 (sub.get("Ekonomi", NETTO_ID, "comment") or "") if sub else "", sub is not None))
    return pd.DataFrame(rows)


def _economy_row(division_id: str, division: str, gid: str, name: str, values: dict[str, Any], comment: str,
                 submitted: bool) -> dict[str, Any]:
    deviation = _minus(values["actual"], values["periodised"])
    forecast_deviation = _minus(values["forecast"], values["budget"])
    return {"division_id": division_id, "division": division, "group_id": gid, "group": name,
            "budget": values["budget"], "periodised": values["periodised"], "actual": values["actual"],
            "deviation": deviation, "deviation_pct": _pct(deviation, values["periodised"]),
            "forecast": values["forecast"], "forecast_deviation": forecast_deviation,
            "comment": comment, "submitted": submitted}


def _minus(a: Any, b: Any) -> Decimal | None:
    return a - b if isinstance(a, Decimal) and isinstance(b, Decimal) else None


def _pct(part: Any, whole: Any) -> Decimal | None:
    if not isinstance(part, Decimal) or not isinstance(whole, Decimal) or whole == 0:
        return None
    return _round(part / abs(whole) * 100, 1)


def economy_overview(plan: Plan, economy: pd.DataFrame) -> pd.DataFrame:
    """Netto per division and the nämnd total; the total is the exact sum of the rows."""
    netto = economy[economy["group_id"] == NETTO_ID]
    rows = [{k: r[k] for k in ("division_id", "division", "budget", "periodised", "actual", "deviation",
                               "forecast", "forecast_deviation", "submitted")} for _, r in netto.iterrows()]
    complete = all(r["submitted"] for r in rows)
    total: dict[str, Any] = {"division_id": "", "division": TOTAL if complete else f"{TOTAL} (exkl. ej inkomna)",
                             "submitted": complete}
    for key in ("budget", "periodised", "actual", "deviation", "forecast", "forecast_deviation"):
        total[key] = sum_known(r[key] for r in rows)
    return pd.DataFrame([*rows, total])


def sum_known(values: Any) -> Decimal | None:
    """The exact sum of the amounts that are known; None when none is."""
    known = [v for v in values if isinstance(v, Decimal)]
    return sum(known, Decimal(0)) if known else None


def budget_checks(plan: Plan, economy: pd.DataFrame, overview: pd.DataFrame) -> list[Finding]:
    """Forecast against the frame per division; account groups deviating over the threshold."""
    out = []
    for _, row in overview[overview["division_id"] != ""].iterrows():
        dev = row["forecast_deviation"]
        if row["submitted"] and isinstance(dev, Decimal) and dev < 0:
            out.append(warning("forecast-deficit", f"{row['division']}: helårsprognos {format_number(row['forecast'])} mkr "
                               f"mot budgetram {format_number(row['budget'])} mkr, underskott {format_number(dev)} mkr",
                               sheet="Ekonomi",
                               division=row["division"]))
    for _, row in economy[(economy["group_id"] != NETTO_ID) & economy["submitted"]].iterrows():
        dev = row["deviation"]
        if not isinstance(dev, Decimal) or not isinstance(row["periodised"], Decimal):
            continue
        threshold = max(plan.deviation_mkr, abs(row["periodised"]) * plan.deviation_pct / 100)
        if abs(dev) > threshold:
            out.append(warning("budget-deviation", f"{row['division']}, {row['group'].lower()}: utfall avviker {format_number(dev, signed=True)} mkr "
                               f"({format_number(row['deviation_pct'], signed=True)} %) från periodiserad budget", sheet="Ekonomi",
                               division=row["division"]))
    return out


# ------------------------------------------------------------- inlämningar
def submission_table(plan: Plan, intake: IntakeResult, unit_subs: dict[str, list[Submission]] | None = None) -> pd.DataFrame:
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
            status = f"Inkommen från {len(reported)} av {len(units)} enheter" + \
                (f"; saknas: {', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}" if missing else "")
        files = [r for r in intake.current.values() if r.division_id == division.id]
        findings = [f for r in files for f in r.findings]
        rows.append({"division": division.name, "status": status,
                     "file": sub.file if sub else (f"{len(files)} enhetsfiler" if files else ""),
                     "received": received or max((r.submission.received for r in files if r.submission), default=""),
                     "deadline": deadline.isoformat() if deadline else "",
                     "template_version": sub.template_version if sub else "", "sha256": sub.sha256 if sub else "",
                     "errors": sum(1 for f in findings if f.severity.value == "fel"),
                     "warnings": sum(1 for f in findings if f.severity.value == "varning")})
    return pd.DataFrame(rows)
