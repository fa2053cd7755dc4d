"""The Ekonomi sheet's content rules: required amounts, signs, sizes, forecast comments and the netto row."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from reporting.findings import Rule, Severity
from reporting.intake.check import Check, forecast_required
from reporting.intake.magnitude import magnitude_checks, netto_sign_checks
from reporting.intake.year_end import asked_economy, year_end_economy
from reporting.swedish import format_number, format_typed
from reporting.template.answers import EconomyAnswer
from reporting.template.economy_sums import SUMMED, difference, without_budget
from reporting.template.spec import ECONOMY, KEY_FIGURES, NETTO_ID


def check_economy(c: Check) -> None:
    spec = ECONOMY
    if spec.name in c.sub.missing_sheets:
        return
    frame = c.plan.frame(c.sub.division_id, c.sub.period.year, c.sub.unit_id)
    unframed = without_budget(c.plan, c.sub.division_id, c.sub.period.year, c.sub.unit_id)  # no deviation from 0
    keys = asked_economy(c.sub.period)  # at year end the utfall alone: forecast and periodised follow
    labels = {"periodised": "Periodiserad budget", "actual": "Utfall", "forecast": KEY_FIGURES.header("forecast")}
    for group in c.plan.account_groups:
        gid, name = group.id, group.name
        a = c.sub.answers.economy.get(gid)
        if a is None:
            continue
        budget = frame.amounts.get(gid, Decimal(0)) if frame else Decimal(0)
        for key in keys:
            value = getattr(a, key)
            if value is None and budget != 0 and not c.invalid_already(spec, a, key):
                c.add(Severity.ERROR, Rule.REQUIRED_MISSING, spec, a, key, what=labels[key], item=name)
            elif isinstance(value, Decimal) and not group.sign_ok(value):
                sign = "utan minustecken" if group.is_income else "med minustecken"
                c.add(
                    Severity.ERROR,
                    Rule.OUT_OF_RANGE,
                    spec,
                    a,
                    key,
                    what=name,
                    problem=f"ska anges {sign}: skriv {format_typed(-value)}, inte {format_typed(value)}",
                )
        magnitudes = list(magnitude_checks(c.plan, c.sub.period, budget, a))
        if not unframed and not _mistyped(c, a.cell("forecast"), magnitudes):  # a slip's deviation is none to explain
            _forecast_comment(c, a, name, budget, a.forecast)
        for key, rule, fields in magnitudes:
            c.add(Severity.WARNING, rule, spec, a, key, group=name, **fields)
        for key, rule, fields in netto_sign_checks(c.plan, group.kind, budget, a):
            c.add(Severity.WARNING, rule, spec, a, key, **fields)
        for key, rule, fields in year_end_economy(c.plan, c.sub.period, budget, a, name):
            if not (unframed and rule == Rule.YEAR_END_PERIODISED):  # no budget helår to equal
                c.add(Severity.WARNING, rule, spec, a, key, **fields)
    _netto(c, frame.netto if frame else Decimal(0), frame.amounts if frame else {}, judge_forecast=not unframed)


def _forecast_comment(c: Check, a: EconomyAnswer, name: str, budget: Decimal, forecast: Any) -> None:
    if not isinstance(forecast, Decimal) or not forecast_required(c.sub):
        return
    deviation = difference({"forecast": forecast, "budget": budget}, "forecast_deviation") or Decimal(0)
    if abs(deviation) > c.plan.deviation_threshold(budget) and not a.comment:
        c.add(
            Severity.ERROR,
            Rule.FORECAST_NO_COMMENT,
            ECONOMY,
            a,
            "comment",
            group=name,
            deviation=format_number(abs(deviation), c.plan.amount_decimals),
            direction="bättre än" if deviation > 0 else "sämre än",  # amounts are signed so that more is better
            unit=c.plan.amount_unit,
        )


def _netto(c: Check, budget: Decimal, amounts: Mapping[str, Decimal], judge_forecast: bool = True) -> None:
    """The netto row is a formula; its stored value must equal the sum of the parts.

    A netto that differs from the parts by exactly what rows without an id add (an earlier template's range
    SUM, which a row inserted between the groups widens) is no mismatch: each such cell has its own warning
    (``Rule.ROW_IN_NETTO``). Not judged for a column where the reader reported on a part (a number typed as
    text, which the spreadsheet's SUM skipped; a date or a too large number, which it counted; an error value):
    the stored netto differs although the formula is intact, and the part's own finding says what to correct.
    The netto forecast is judged only when every group with a budget has its forecast: the rest alone (a formula
    without a value, a blank cell, each already a finding) is no netto, and its "deviation" no deviation to
    explain; nor is a netto whose deviation a mistyped group forecast makes (the wrong sign, tkr for mkr); nor,
    without ``judge_forecast``, the forecast of a unit that has no frame of its own.
    """
    netto = c.sub.answers.economy.get(NETTO_ID)
    if netto is None:
        return
    groups = [c.sub.answers.account(g.id) for g in c.plan.account_groups]
    extra = c.sub.answers.netto_extra  # rows without an id that an earlier template's netto formula counts
    for key in SUMMED:
        if _unread_part(c, {g.cell(key) for g in groups}):
            continue
        stored = getattr(netto, key)
        total = sum((v for g in groups if isinstance(v := getattr(g, key), Decimal)), Decimal(0))
        if isinstance(stored, Decimal) and stored not in (total, total + extra.get(key, Decimal(0))):
            c.add(
                Severity.ERROR,
                Rule.NETTO_MISMATCH,
                ECONOMY,
                netto,
                key,
                stored=format_number(stored, c.plan.amount_decimals),
                total=format_number(total, c.plan.amount_decimals),
                unit=c.plan.amount_unit,
            )
    if not judge_forecast:
        return
    forecasts = [g.forecast for g in groups if isinstance(g.forecast, Decimal)]
    lacking = [
        g.id
        for g, a in zip(c.plan.account_groups, groups, strict=True)
        if not isinstance(a.forecast, Decimal) and amounts.get(g.id, Decimal(0)) != 0
    ]
    if forecasts and not lacking and not any(_mistyped(c, g.cell("forecast")) for g in groups):
        _forecast_comment(c, netto, "Netto", budget, sum(forecasts, Decimal(0)))


# What the reader reports at a cell whose number it did not read, or read as text: the spreadsheet's SUM counted
# something else there (a date's serial number, a too large number) or nothing (text, an error value)
UNREAD = frozenset({Rule.NOT_A_NUMBER, Rule.OUT_OF_RANGE, Rule.NUMBER_AS_TEXT, Rule.FORMULA_NO_CACHE})
# A group's amount that is itself wrong: the wrong sign (an error), or about 1 000 or ten times its budget
MISTYPED = frozenset({Rule.OUT_OF_RANGE, Rule.AMOUNT_UNIT_OFF, Rule.AMOUNT_TENFOLD})


def _unread_part(c: Check, cells: set[str]) -> bool:
    """Whether the reader reported on one of these economy cells (see UNREAD): the stored netto's SUM counted
    that cell otherwise than its part here, and the cell's own finding says what to correct."""
    cells.discard("")
    return any(f.rule in UNREAD and f.sheet == ECONOMY.name and f.cell in cells for f in c.prior)


def _mistyped(c: Check, cell: str, pending: list[tuple[str, Rule, dict[str, Any]]] | None = None) -> bool:
    """Whether a group's forecast (``cell``) has a finding of its own that says it is mistyped (see MISTYPED):
    among the findings so far, or the group's ``pending`` magnitude warnings not yet added."""
    if any(key == "forecast" and rule in MISTYPED for key, rule, _ in pending or []):
        return True
    return bool(cell) and any(
        f.rule in MISTYPED and f.sheet == ECONOMY.name and f.cell == cell for f in [*c.prior, *c.findings]
    )
