"""Content rules over a read submission: what is missing, out of range or unexplained.

Reading problems (not a number, formula without value, changed structure) are
found by ``intake``; this module judges the values that were read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reporting.findings import Finding, error, warning
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

    def add(self, severity: str, rule: str, message: str, sheet: str, row_id: str, key: str) -> None:
        cell = self.sub.cell(sheet, row_id, key)
        where = f" ({sheet}!{cell})" if cell else ""
        make = error if severity == "error" else warning
        self.findings.append(
            make(rule, message + where, file=self.sub.file, sheet=sheet, cell=cell, division=self.division)
        )

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
            c.add("error", "required-missing", f"Utfall saknas för nyckeltal {kf.id}", sheet, kf.id, "outcome")
        if (
            forecast_required(c.sub)
            and get("forecast") is None
            and kf.target.direction is not Direction.FOLLOW
            and not _invalid_already(c, sheet, kf.id, "forecast")
        ):
            c.add("error", "required-missing", f"Helårsprognos saknas för nyckeltal {kf.id}", sheet, kf.id, "forecast")
        if (
            kf.aggregation == "weighted"
            and len(kf.divisions) > 1
            and outcome is not None
            and get("denominator") is None
        ):
            c.add(
                "warning",
                "required-missing",
                f"Nämnare saknas för nyckeltal {kf.id}; utfallet kan inte viktas och räknas som ett enkelt medelvärde",
                sheet,
                kf.id,
                "denominator",
            )
        if kf.target.is_percent or kf.unit.startswith("%"):
            for key in ("outcome", "last_year", "forecast"):
                value = get(key)
                if isinstance(value, Decimal) and not Decimal(0) <= value <= Decimal(100):
                    c.add(
                        "error",
                        "out-of-range",
                        f"Andelen {value} % för nyckeltal {kf.id} ligger utanför 0–100 %",
                        sheet,
                        kf.id,
                        key,
                    )
        denominator = get("denominator")
        if isinstance(denominator, Decimal) and denominator < 0:
            c.add("error", "out-of-range", f"Nämnaren för {kf.id} kan inte vara negativ", sheet, kf.id, "denominator")
        baseline = get("last_year") if kf.target.baseline_year == c.sub.period.year - 1 else None
        status = evaluate(kf.target, outcome, c.plan.tolerance_pct, baseline)
        if status is Status.NOT_MET and not get("analysis"):
            c.add(
                "error",
                "target-missed-no-analysis",
                f"Målet för {kf.id} nås inte ({kf.target_text}); skriv en analys",
                sheet,
                kf.id,
                "analysis",
            )
        elif status is Status.PARTLY and not get("analysis"):
            c.add(
                "warning",
                "target-missed-no-analysis",
                f"Målet för {kf.id} nås delvis ({kf.target_text}); skriv gärna en analys",
                sheet,
                kf.id,
                "analysis",
            )
        if status is Status.NOT_MET and not get("actions"):
            c.add(
                "warning",
                "target-missed-no-analysis",
                f"Åtgärder saknas för {kf.id} som inte når målet",
                sheet,
                kf.id,
                "actions",
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
            c.add("error", "required-missing", f"Status saknas för uppdrag {item.id}", sheet, item.id, "status")
        status = c.sub.get(sheet, item.id, "status")
        if status == "Pågår med avvikelse" and not c.sub.get(sheet, item.id, "comment"):
            c.add(
                "error",
                "required-missing",
                f"Uppdrag {item.id} pågår med avvikelse; förklara i kommentaren",
                sheet,
                item.id,
                "comment",
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
                c.add("error", "required-missing", f"{label} saknas för {name.lower()}", sheet, gid, key)
            elif isinstance(value, Decimal):
                income = gid in INCOME_GROUPS
                if (income and value < 0) or (not income and value > 0):
                    sign = "positiva" if income else "negativa (med minustecken)"
                    c.add("error", "out-of-range", f"{name} ska anges {sign}; {value} har fel tecken", sheet, gid, key)
        _forecast_comment(c, gid, name, budget, c.sub.get(sheet, gid, "forecast"))
    _netto(c, frame)


def _forecast_comment(c: _Check, row_id: str, name: str, budget: Decimal, forecast: Any) -> None:
    sheet = "Ekonomi"
    if not isinstance(forecast, Decimal) or not forecast_required(c.sub):
        return
    deviation = forecast - budget
    threshold = max(c.plan.deviation_mkr, abs(budget) * c.plan.deviation_pct / Decimal(100))
    if abs(deviation) > threshold and not c.sub.get(sheet, row_id, "comment"):
        c.add(
            "error",
            "forecast-no-comment",
            f"Helårsprognosen för {name.lower()} avviker {format_number(deviation, signed=True)} mkr från "
            "budget; förklara avvikelsen i kommentaren",
            sheet,
            row_id,
            "comment",
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
                "error",
                "netto-mismatch",
                f"Netto {format_number(stored)} mkr stämmer inte med summan av kontogrupperna {format_number(total)} mkr "
                "(nettoformeln har skrivits över?)",
                sheet,
                NETTO_ID,
                key,
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
                    "error",
                    "required-missing",
                    f"{label} saknas för åtgärd {measure.id} (skriv 0 om ingen)",
                    sheet,
                    measure.id,
                    key,
                )


def _investments(c: _Check) -> None:
    sheet = "Investeringar"
    for item in c.plan.investments_of(c.sub.division_id, c.sub.unit_id):
        if not c.present(sheet, item.id):
            continue
        status = c.sub.get(sheet, item.id, "status")
        spent = c.sub.get(sheet, item.id, "spent")
        if status is None and not _invalid_already(c, sheet, item.id, "status"):
            c.add("error", "required-missing", f"Status saknas för investering {item.id}", sheet, item.id, "status")
        if status not in (None, "Ej påbörjad") and spent is None:
            c.add(
                "error",
                "required-missing",
                f"Upparbetat belopp saknas för investering {item.id}",
                sheet,
                item.id,
                "spent",
            )
        if isinstance(spent, Decimal):
            if spent < 0:
                c.add(
                    "error",
                    "out-of-range",
                    f"Upparbetat belopp för {item.id} kan inte vara negativt",
                    sheet,
                    item.id,
                    "spent",
                )
            elif spent > item.amount_tkr * Decimal("1.2"):
                c.add(
                    "warning",
                    "out-of-range",
                    f"Upparbetat {spent} tkr överstiger budget {item.amount_tkr} tkr med mer än 20 %; kommentera",
                    sheet,
                    item.id,
                    "spent",
                )
