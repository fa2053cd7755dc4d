"""Content rules over a read submission: what is missing, out of range or unexplained.

Reading problems (not a number, formula without value, changed structure) are
found by ``reporting.template.read``; this module judges the values that were read
(the Ekonomi sheet's rules: ``reporting.intake.economy_rules``).
"""

from __future__ import annotations

from decimal import Decimal

from reporting.findings import Finding, Rule, Severity
from reporting.intake.check import Check, forecast_required
from reporting.intake.economy_rules import check_economy
from reporting.intake.magnitude import key_figure_checks, measure_checks, spent_checks
from reporting.intake.submission import Submission
from reporting.intake.year_end import asked_measure, year_end_key_figure
from reporting.plan.judge import judge
from reporting.plan.model import Aggregation, Plan
from reporting.plan.targets import Direction, Status
from reporting.swedish import format_number, format_typed
from reporting.template.answers import InternalControlAnswer
from reporting.template.spec import (
    ASSIGNMENT_DEVIATING,
    ASSIGNMENTS,
    CONTROL_DEVIATING,
    CONTROL_DONE_YES,
    CONTROL_NOT_DONE,
    CONTROL_PARTLY,
    INTERNAL_CONTROL,
    INVESTMENT_NOT_STARTED,
    INVESTMENTS,
    KEY_FIGURES,
    MEASURES,
    SheetSpec,
)

CONTROL_ANSWERED = (CONTROL_DONE_YES, CONTROL_PARTLY)  # a control done, wholly or in part: it found an avvikelse or not

__all__ = ["check_submission", "forecast_required"]


def check_submission(plan: Plan, sub: Submission, prior: list[Finding] | None = None) -> list[Finding]:
    """Every content finding of one submission, in sheet order.

    ``prior`` are the reading findings of the same file: a cell already reported
    as unreadable is not reported again as missing.
    """
    check = Check(plan, sub, prior or [])
    _key_figures(check)
    _assignments(check)
    check_economy(check)
    _measures(check)
    _investments(check)
    _internal_control(check)
    return check.findings


def _key_figures(c: Check) -> None:
    spec, answers = KEY_FIGURES, c.sub.answers.key_figures
    for kf in c.plan.key_figures_due(c.sub.division_id, c.sub.period):  # a figure not due is never flagged
        a = answers.get(kf.id)
        if a is None:
            continue
        item = f"nyckeltal {kf.id}"
        if a.outcome is None and a.cell("outcome") and not c.invalid_already(spec, a, "outcome"):
            c.add(Severity.ERROR, Rule.REQUIRED_MISSING, spec, a, "outcome", what="Utfall", item=item)
        if (
            forecast_required(c.sub)
            and a.forecast is None
            and kf.target.direction is not Direction.FOLLOW
            and not c.invalid_already(spec, a, "forecast")
        ):
            c.add(Severity.ERROR, Rule.REQUIRED_MISSING, spec, a, "forecast", what=spec.header("forecast"), item=item)
        for key, rule, fields in year_end_key_figure(c.sub.period, kf, a):
            c.add(Severity.WARNING, rule, spec, a, key, **fields)
        for key, rule, fields in key_figure_checks(c.plan, c.sub.division_id, c.sub.period.year, kf, a):
            c.add(Severity.WARNING, rule, spec, a, key, **fields)
        if (
            kf.aggregation == Aggregation.WEIGHTED
            and len(kf.divisions) > 1
            and a.outcome is not None
            and a.denominator is None
            and not c.invalid_already(spec, a, "denominator")
        ):
            c.add(
                Severity.WARNING,
                Rule.REQUIRED_MISSING,
                spec,
                a,
                "denominator",
                what="Nämnare",
                item=item,
                note="; utfallet kan inte viktas och räknas som ett enkelt medelvärde",
            )
        if kf.is_share:
            for key in ("outcome", "last_year", "forecast"):
                value = getattr(a, key)
                if isinstance(value, Decimal) and not Decimal(0) <= value <= Decimal(100):
                    c.add(
                        Severity.ERROR,
                        Rule.OUT_OF_RANGE,
                        spec,
                        a,
                        key,
                        what=f"Andelen {format_typed(value)} % för {item}",
                        problem="ligger utanför 0–100 %",
                    )
        if isinstance(a.denominator, Decimal) and a.denominator < 0:
            c.add(
                Severity.ERROR,
                Rule.OUT_OF_RANGE,
                spec,
                a,
                "denominator",
                what=f"Nämnaren för {item}",
                problem="kan inte vara negativ",
            )
        elif isinstance(a.denominator, Decimal) and a.denominator != a.denominator.to_integral_value():
            c.add(
                Severity.WARNING,
                Rule.OUT_OF_RANGE,
                spec,
                a,
                "denominator",
                what=f"Nämnaren (ett antal) för {item}",
                problem=_not_a_count(a.denominator),
            )
        year = c.sub.period.year
        last_year = a.last_year if isinstance(a.last_year, Decimal) else None
        status = judge(kf, year, a.outcome, last_year, c.plan.tolerance_pct)  # as the report will judge it
        if not kf.judges_part(c.sub.division_id, c.sub.reporter.unit.id if c.sub.reporter.unit else ""):
            continue  # a part of a sum: the nämnd's total is judged against the målvärde, not this file's part
        if status is not Status.NOT_MET and status is not Status.PARTLY:
            continue  # met, or not judged: nothing below applies
        missed = {"item": item, "target": kf.target_for(year).text}
        if status is Status.NOT_MET and not a.analysis:
            c.add(
                Severity.ERROR,
                Rule.TARGET_MISSED_NO_ANALYSIS,
                spec,
                a,
                "analysis",
                what="Målet nås inte",
                ask="skriv en analys",
                **missed,
            )
        elif status is Status.PARTLY and not a.analysis:
            c.add(
                Severity.WARNING,
                Rule.TARGET_MISSED_NO_ANALYSIS,
                spec,
                a,
                "analysis",
                what="Målet nås delvis",
                ask="skriv gärna en analys",
                **missed,
            )
        if status is Status.NOT_MET and not a.actions:
            c.add(
                Severity.WARNING,
                Rule.TARGET_MISSED_NO_ANALYSIS,
                spec,
                a,
                "actions",
                what="Åtgärder saknas",
                ask="beskriv vad som görs för att nå målet",
                **missed,
            )


def _not_a_count(denominator: Decimal) -> str:
    """Why a nämnare with decimals is suspect, and how to write it: an antal typed as "1.598" reads as 1,598."""
    example = Decimal(1598)
    if denominator < 1000 and denominator.as_tuple().exponent in (-1, -2, -3):  # "1.598", "2.5": 1 598, 2 500?
        example = denominator.scaleb(3)
    return (
        f"läses som {format_typed(denominator)}, vilket inte är ett heltal; skriv antalet utan decimaler och utan punkt, "
        f"t.ex. {example:f} eller {format_number(example, 0)}"
    )


def _assignments(c: Check) -> None:
    spec, answers = ASSIGNMENTS, c.sub.answers.assignments
    for item in c.plan.assignments_for(c.sub.division_id):
        a = answers.get(item.id)
        if a is None:
            continue
        name = f"uppdrag {item.id}"
        if a.status is None and a.cell("status") and not c.invalid_already(spec, a, "status"):
            c.add(Severity.ERROR, Rule.REQUIRED_MISSING, spec, a, "status", what="Status", item=name)
        if a.status == ASSIGNMENT_DEVIATING and not a.comment:
            c.add(
                Severity.ERROR,
                Rule.REQUIRED_MISSING,
                spec,
                a,
                "comment",
                what="Kommentar",
                item=name,
                note=" som pågår med avvikelse; förklara avvikelsen",
            )


def _measures(c: Check) -> None:
    spec = MEASURES
    for measure in c.plan.measures_for(c.sub.division_id):
        a = c.sub.answers.measures.get(measure.id)
        if a is None:
            continue
        for key, label in (("achieved", "Uppnådd effekt"), ("forecast", "Prognos för effekten")):
            if key in asked_measure(c.sub.period) and getattr(a, key) is None and not c.invalid_already(spec, a, key):
                c.add(
                    Severity.ERROR,
                    Rule.REQUIRED_MISSING,
                    spec,
                    a,
                    key,
                    what=label,
                    item=f"åtgärd {measure.id}",
                    note=" (skriv 0 om ingen)",
                )
        for key, rule, fields in measure_checks(c.plan, c.sub.period, measure, a):
            c.add(Severity.WARNING, rule, spec, a, key, **fields)


def _investments(c: Check) -> None:
    spec = INVESTMENTS
    for item in c.plan.investments_of(c.sub.division_id, c.sub.unit_id, c.sub.reporter.former_name):
        a = c.sub.answers.investments.get(item.id)
        if a is None:
            continue
        name = f"investering {item.id}"
        if a.status is None and not c.invalid_already(spec, a, "status"):
            c.add(Severity.ERROR, Rule.REQUIRED_MISSING, spec, a, "status", what="Status", item=name)
        unread = c.invalid_already(spec, a, "spent")  # "16 tkr", a formula without value: said once, at the cell
        if a.status not in (None, INVESTMENT_NOT_STARTED) and a.spent is None and not unread:
            c.add(Severity.ERROR, Rule.REQUIRED_MISSING, spec, a, "spent", what="Upparbetat belopp", item=name)
        for severity, rule, key, fields in spent_checks(item, a):
            c.add(severity, rule, spec, a, key, **fields)


def _internal_control(c: Check) -> None:
    """Each control point due in the period: genomförd answered; Nej and Delvis explained; a control done (Ja or
    Delvis) says whether it found an avvikelse; an avvikelse has its åtgärd."""
    spec = INTERNAL_CONTROL
    for point in c.plan.control_points_for(c.sub.division_id, c.sub.period.kind):
        a = c.sub.answers.internal_control.get(point.id)
        if a is None:
            continue
        name = f"kontrollmoment {point.id}"
        for key, what, note in _missing_control_answers(c, spec, a):
            column = f" i kolumnen {spec.header(key)}" if what == "Svar" else ""
            c.add(Severity.ERROR, Rule.REQUIRED_MISSING, spec, a, key, what=what, column=column, item=name, note=note)


def _missing_control_answers(c: Check, spec: SheetSpec, a: InternalControlAnswer) -> list[tuple[str, str, str]]:
    """(column key, what is missing, the note after the item) for each answer a control point lacks."""
    out = []
    if a.done is None and a.cell("done") and not c.invalid_already(spec, a, "done"):
        out.append(("done", "Svar", ""))
    if a.done == CONTROL_NOT_DONE and not a.result:
        out.append(("result", spec.header("result"), " som inte är genomfört; skriv varför kontrollen inte gjordes"))
    asked = a.cell("deviation") and not c.invalid_already(spec, a, "deviation")  # the column read, its cell not wrong
    if a.done in CONTROL_ANSWERED and a.deviation is None and asked:
        # left empty, it would count as no avvikelse
        said = f" som är {_done_in_words(a.done)}; svara Ja eller Nej på om kontrollen visade någon avvikelse"
        out.append(("deviation", "Svar", said))
    if a.done == CONTROL_PARTLY and not a.result:
        said = f" som är {_done_in_words(a.done)}; skriv vad kontrollen visade och vad som inte gjordes"
        out.append(("result", spec.header("result"), said))
    if a.deviation == CONTROL_DEVIATING and not a.action:
        out.append(("action", spec.header("action"), " med avvikelse; beskriv vad som görs åt avvikelsen"))
    return out


def _done_in_words(done: str) -> str:
    return "delvis genomfört" if done == CONTROL_PARTLY else "genomfört"
