"""Content rules over a read submission: what is missing, out of range or unexplained.

Reading problems (not a number, formula without value, changed structure) are
found by ``intake``; this module judges the values that were read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reporting.findings import Finding, Rule, Severity, error, warning
from reporting.intake.read import reporter_name
from reporting.intake.submission import Submission
from reporting.plan.model import ACCOUNT_GROUPS, INCOME_GROUPS, Plan
from reporting.plan.targets import Direction, Status, evaluate
from reporting.swedish import format_number
from reporting.template.spec import NETTO_ID


class _Check:
    def __init__(self, plan: Plan, sub: Submission, prior: list[Finding]) -> None:
        self.plan, self.sub, self.prior = plan, sub, prior
        self.division = reporter_name(plan, sub.division_id, sub.unit_id)
        self.findings: list[Finding] = []

    def add(self, severity: Severity, rule: Rule, sheet: str, row_id: str, key: str, **fields: Any) -> None:
        make = error if severity is Severity.ERROR else warning
        cell = self.sub.cell(sheet, row_id, key)
        self.findings.append(make(rule, file=self.sub.file, sheet=sheet, cell=cell, division=self.division, **fields))

    def present(self, sheet: str, row_id: str) -> bool:
        return row_id in self.sub.values.get(sheet, {})


def check_submission(plan: Plan, sub: Submission, prior: list[Finding] | None = None) -> list[Finding]:
    """Every content finding of one submission, in sheet order.

    ``prior`` are the reading findings of the same file: a cell already reported
    as unreadable is not reported again as missing.
    """
    check = _Check(plan, sub, prior or [])
    _key_figures(check)
    _assignments(check)
    _economy(check)
    _measures(check)
    _investments(check)
    return check.findings


def forecast_required(sub: Submission) -> bool:
    """A helårsprognos is asked for in T1 and delår; in the annual report the outcome is the year."""
    return sub.period.kind != "helar"


def _key_figures(c: _Check) -> None:
    sheet = "Nyckeltal"
    for kf in c.plan.key_figures_for(c.sub.division_id):
        if not c.present(sheet, kf.id):
            continue
        get = lambda key: c.sub.get(sheet, kf.id, key)  # noqa: E731
        outcome = get("outcome")
        if outcome is None and c.sub.cell(sheet, kf.id, "outcome") and not _invalid_already(c, sheet, kf.id, "outcome"):
            c.add(
                Severity.ERROR, Rule.REQUIRED_MISSING, sheet, kf.id, "outcome", what="Utfall", item=f"nyckeltal {kf.id}"
            )
        if (
            forecast_required(c.sub)
            and get("forecast") is None
            and kf.target.direction is not Direction.FOLLOW
            and not _invalid_already(c, sheet, kf.id, "forecast")
        ):
            c.add(
                Severity.ERROR,
                Rule.REQUIRED_MISSING,
                sheet,
                kf.id,
                "forecast",
                what="Helårsprognos",
                item=f"nyckeltal {kf.id}",
            )
        if (
            kf.aggregation == "weighted"
            and len(kf.divisions) > 1
            and outcome is not None
            and get("denominator") is None
        ):
            c.add(
                Severity.WARNING,
                Rule.REQUIRED_MISSING,
                sheet,
                kf.id,
                "denominator",
                what="Nämnare",
                item=f"nyckeltal {kf.id}",
                note="; utfallet kan inte viktas och räknas som ett enkelt medelvärde",
            )
        if kf.is_percent:
            for key in ("outcome", "last_year", "forecast"):
                value = get(key)
                if isinstance(value, Decimal) and not Decimal(0) <= value <= Decimal(100):
                    c.add(
                        Severity.ERROR,
                        Rule.OUT_OF_RANGE,
                        sheet,
                        kf.id,
                        key,
                        what=f"Andelen {value} % för nyckeltal {kf.id}",
                        problem="ligger utanför 0–100 %",
                    )
        denominator = get("denominator")
        if isinstance(denominator, Decimal) and denominator < 0:
            c.add(
                Severity.ERROR,
                Rule.OUT_OF_RANGE,
                sheet,
                kf.id,
                "denominator",
                what=f"Nämnaren för {kf.id}",
                problem="kan inte vara negativ",
            )
        baseline = get("last_year") if kf.target.baseline_year == c.sub.period.year - 1 else None
        status = evaluate(kf.target, outcome, c.plan.tolerance_pct, baseline)
        if status is Status.NOT_MET and not get("analysis"):
            c.add(
                Severity.ERROR,
                Rule.TARGET_MISSED_NO_ANALYSIS,
                sheet,
                kf.id,
                "analysis",
                what="Målet nås inte",
                item=kf.id,
                target=kf.target_text,
                ask="skriv en analys",
            )
        elif status is Status.PARTLY and not get("analysis"):
            c.add(
                Severity.WARNING,
                Rule.TARGET_MISSED_NO_ANALYSIS,
                sheet,
                kf.id,
                "analysis",
                what="Målet nås delvis",
                item=kf.id,
                target=kf.target_text,
                ask="skriv gärna en analys",
            )
        if status is Status.NOT_MET and not get("actions"):
            c.add(
                Severity.WARNING,
                Rule.TARGET_MISSED_NO_ANALYSIS,
                sheet,
                kf.id,
                "actions",
                what="Åtgärder saknas",
                item=kf.id,
                target=kf.target_text,
                ask="beskriv vad som görs för att nå målet",
            )


def _assignments(c: _Check) -> None:
    sheet = "Uppdrag"
    for item in c.plan.assignments_for(c.sub.division_id):
        if (
            c.present(sheet, item.id)
            and c.sub.get(sheet, item.id, "status") is None
            and c.sub.cell(sheet, item.id, "status")
            and not _invalid_already(c, sheet, item.id, "status")
        ):
            c.add(
                Severity.ERROR,
                Rule.REQUIRED_MISSING,
                sheet,
                item.id,
                "status",
                what="Status",
                item=f"uppdrag {item.id}",
            )
        status = c.sub.get(sheet, item.id, "status")
        if status == "Pågår med avvikelse" and not c.sub.get(sheet, item.id, "comment"):
            c.add(
                Severity.ERROR,
                Rule.REQUIRED_MISSING,
                sheet,
                item.id,
                "comment",
                what="Kommentar",
                item=f"uppdrag {item.id}",
                note=" som pågår med avvikelse; förklara avvikelsen",
            )


def _invalid_already(c: _Check, sheet: str, row_id: str, key: str) -> bool:
    """A cell already reported as unreadable is not also reported as missing."""
    cell = c.sub.cell(sheet, row_id, key)
    return any(f.sheet == sheet and f.cell == cell for f in [*c.prior, *c.findings])


def _economy(c: _Check) -> None:
    sheet = "Ekonomi"
    if sheet in c.sub.missing_sheets:
        return
    frame = c.plan.frame(c.sub.division_id, c.sub.period.year, c.sub.unit_id)
    keys = ["periodised", "actual"] + (["forecast"] if forecast_required(c.sub) else [])
    for gid, name in ACCOUNT_GROUPS:
        if not c.present(sheet, gid):
            continue
        budget = frame.amounts.get(gid, Decimal(0)) if frame else Decimal(0)
        for key in keys:
            value = c.sub.get(sheet, gid, key)
            if value is None and budget != 0 and not _invalid_already(c, sheet, gid, key):
                label = {"periodised": "Periodiserad budget", "actual": "Utfall", "forecast": "Helårsprognos"}[key]
                c.add(Severity.ERROR, Rule.REQUIRED_MISSING, sheet, gid, key, what=label, item=name.lower())
            elif isinstance(value, Decimal):
                income = gid in INCOME_GROUPS
                if (income and value < 0) or (not income and value > 0):
                    sign = "positiva" if income else "negativa (med minustecken)"
                    c.add(
                        Severity.ERROR,
                        Rule.OUT_OF_RANGE,
                        sheet,
                        gid,
                        key,
                        what=name,
                        problem=f"ska anges {sign}; {value} har fel tecken",
                    )
        _forecast_comment(c, gid, name, budget, c.sub.get(sheet, gid, "forecast"))
    _netto(c, frame)


def _forecast_comment(c: _Check, row_id: str, name: str, budget: Decimal, forecast: Any) -> None:
    sheet = "Ekonomi"
    if not isinstance(forecast, Decimal) or not forecast_required(c.sub):
        return
    deviation = forecast - budget
    threshold = c.plan.deviation_threshold(budget)
    if abs(deviation) > threshold and not c.sub.get(sheet, row_id, "comment"):
        c.add(
            Severity.ERROR,
            Rule.FORECAST_NO_COMMENT,
            sheet,
            row_id,
            "comment",
            group=name.lower(),
            deviation=format_number(deviation, signed=True),
        )


def _netto(c: _Check, frame: Any) -> None:
    """The netto row is a formula; its stored value must equal the sum of the parts."""
    sheet = "Ekonomi"
    if not c.present(sheet, NETTO_ID):
        return
    for key in ("budget", "periodised", "actual", "forecast"):
        stored = c.sub.get(sheet, NETTO_ID, key)
        parts = [c.sub.get(sheet, gid, key) for gid, _ in ACCOUNT_GROUPS]
        total = sum((p for p in parts if isinstance(p, Decimal)), Decimal(0))
        if isinstance(stored, Decimal) and stored != total:
            c.add(
                Severity.ERROR,
                Rule.NETTO_MISMATCH,
                sheet,
                NETTO_ID,
                key,
                stored=format_number(stored),
                total=format_number(total),
            )
    forecasts = [c.sub.get(sheet, g, "forecast") for g, _ in ACCOUNT_GROUPS]
    if any(isinstance(f, Decimal) for f in forecasts):
        net_forecast = sum((f for f in forecasts if isinstance(f, Decimal)), Decimal(0))
        _forecast_comment(c, NETTO_ID, "Netto", frame.netto if frame else Decimal(0), net_forecast)


def _measures(c: _Check) -> None:
    sheet = "Åtgärdsplan"
    for measure in c.plan.measures_for(c.sub.division_id):
        if not c.present(sheet, measure.id):
            continue
        for key, label in (("achieved", "Uppnådd effekt"), ("forecast", "Prognos för effekten")):
            if c.sub.get(sheet, measure.id, key) is None and not _invalid_already(c, sheet, measure.id, key):
                c.add(
                    Severity.ERROR,
                    Rule.REQUIRED_MISSING,
                    sheet,
                    measure.id,
                    key,
                    what=label,
                    item=f"åtgärd {measure.id}",
                    note=" (skriv 0 om ingen)",
                )


def _investments(c: _Check) -> None:
    sheet = "Investeringar"
    for item in c.plan.investments_of(c.sub.division_id, c.sub.unit_id):
        if not c.present(sheet, item.id):
            continue
        status = c.sub.get(sheet, item.id, "status")
        spent = c.sub.get(sheet, item.id, "spent")
        if status is None and not _invalid_already(c, sheet, item.id, "status"):
            c.add(
                Severity.ERROR,
                Rule.REQUIRED_MISSING,
                sheet,
                item.id,
                "status",
                what="Status",
                item=f"investering {item.id}",
            )
        if status not in (None, "Ej påbörjad") and spent is None:
            c.add(
                Severity.ERROR,
                Rule.REQUIRED_MISSING,
                sheet,
                item.id,
                "spent",
                what="Upparbetat belopp",
                item=f"investering {item.id}",
            )
        if isinstance(spent, Decimal):
            if spent < 0:
                c.add(
                    Severity.ERROR,
                    Rule.OUT_OF_RANGE,
                    sheet,
                    item.id,
                    "spent",
                    what=f"Upparbetat belopp för {item.id}",
                    problem="kan inte vara negativt",
                )
            elif spent > item.amount_tkr * Decimal("1.2"):
                c.add(
                    Severity.WARNING,
                    Rule.OUT_OF_RANGE,
                    sheet,
                    item.id,
                    "spent",
                    what=f"Upparbetat {spent} tkr",
                    problem=f"överstiger budget {item.amount_tkr} tkr med mer än 20 %; kommentera",
                )
