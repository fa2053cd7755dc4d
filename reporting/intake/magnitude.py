"""Amounts that look typed in the wrong unit or for the wrong span: warnings, never guesses.

Two slips recur when a plan's unit or period is not the one a controller is used to: an amount
in tkr where mkr is asked (or the reverse), about 1 000 times off; and the year's outcome typed
where the period's accumulated outcome is asked. A key figure in mkr or tkr (seed 003's inhyrd
personal and köpt vård) has no budget of its own to compare with; it is a part of the division's
economy, so one larger than all the division's budget amounts together is taken for tkr typed as
mkr (kronor as tkr). The reverse slip, 1 000 times too small, has no such bound and is not guessed at.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from reporting.findings import Rule, Severity
from reporting.intake.year_end import year_end_measure
from reporting.plan.groups import GroupKind
from reporting.plan.model import Investment, KeyFigure, Measure, Plan
from reporting.plan.periods import Period
from reporting.swedish import AMOUNT_UNITS, format_number, format_typed
from reporting.template.answers import EconomyAnswer, InvestmentAnswer, KeyFigureAnswer, MeasureAnswer
from reporting.template.spec import INVESTMENT_DONE, INVESTMENT_NOT_STARTED, INVESTMENT_STOPPED

THOUSAND_LOW, THOUSAND_HIGH = Decimal(300), Decimal(3000)  # "about 1 000 times": a ratio in this band
TEN_LOW, TEN_HIGH = Decimal(8), Decimal("12.5")  # "about ten times": a zero typed too many, or one dropped
FULL_YEAR_CLOSE = Decimal("0.1")  # an utfall within 10 % of the year's budget
PERIOD_SMALLER = Decimal("0.85")  # … while the periodised budget is at most 85 % of it
WHAT = {"periodised": "Periodiserad budget", "actual": "Utfallet", "forecast": "Helårsprognosen"}
MONEY_UNITS = {"mkr": Decimal(1000), "mnkr": Decimal(1000), "tkr": Decimal(1)}  # a key figure's unit, in tkr
SLIP = {"mkr": "tkr", "mnkr": "tkr", "tkr": "kronor"}  # the unit typed by mistake, 1 000 times smaller
KEY_FIGURE_WHAT = {"outcome": "Utfallet", "last_year": "Fjolårets utfall", "forecast": "Helårsprognosen"}


def magnitude_checks(
    plan: Plan, period: Period, budget: Decimal, a: EconomyAnswer
) -> Iterator[tuple[str, Rule, dict[str, Any]]]:
    """(column key, rule, message fields) for each amount of an account group that looks off."""
    if budget == 0:
        return
    decimals, unit = plan.amount_decimals, plan.amount_unit
    share = Decimal(period.months) / Decimal(12)
    for key in ("periodised", "actual", "forecast"):
        value = getattr(a, key)
        if not isinstance(value, Decimal) or value == 0:
            continue
        expected = budget if key == "forecast" else budget * share
        ratio = abs(value) / abs(expected)
        size = "större" if ratio >= THOUSAND_LOW else "mindre" if ratio <= 1 / THOUSAND_LOW else ""
        if size and (THOUSAND_LOW <= ratio <= THOUSAND_HIGH or 1 / THOUSAND_HIGH <= ratio <= 1 / THOUSAND_LOW):
            other = "tkr" if unit == "mkr" else "mkr"
            hint = f", inte i {other}" if (size == "större") == (unit == "mkr") else ""
            fields = {"what": WHAT[key], "value": format_number(value, 3 if size == "mindre" else decimals)}
            yield (
                key,
                Rule.AMOUNT_UNIT_OFF,
                {**fields, "size": size, "budget": format_number(budget, decimals), "unit": unit, "hint": hint},
            )
    yield from _tenfold(plan, budget, a.forecast)
    yield from _full_year(plan, period, budget, a, share)


def _tenfold(plan: Plan, budget: Decimal, forecast: Any) -> Iterator[tuple[str, Rule, dict[str, Any]]]:
    """A helårsprognos about ten times its budget, or a tenth of it: an extra or a dropped zero (an account group's
    year seldom moves tenfold). Only where the budget is itself above the plan's deviation threshold, so that a
    small group's ordinary swing is not taken for a slip; the forecast is the one amount set against the year's."""
    if not isinstance(forecast, Decimal) or forecast == 0 or abs(budget) <= plan.deviation_threshold(budget):
        return
    ratio = forecast / budget  # the same sign: a forecast of the other sign is no typo of this kind
    larger, smaller = TEN_LOW <= ratio <= TEN_HIGH, 1 / TEN_HIGH <= ratio <= 1 / TEN_LOW
    size = "omkring tio gånger större än" if larger else "omkring en tiondel av" if smaller else ""
    if size:
        decimals, unit = plan.amount_decimals, plan.amount_unit
        fields = {"what": WHAT["forecast"], "value": format_number(forecast, decimals), "size": size}
        yield "forecast", Rule.AMOUNT_TENFOLD, {**fields, "budget": format_number(budget, decimals), "unit": unit}


def key_figure_unit_checks(
    plan: Plan, division_id: str, year: int, kf: KeyFigure, a: KeyFigureAnswer
) -> Iterator[tuple[str, Rule, dict[str, Any]]]:
    """(column key, rule, message fields) for each amount of a key figure in mkr or tkr larger than all the
    division's budget amounts of ``year`` together, without sign."""
    unit, plan_scale = kf.unit.strip().lower(), MONEY_UNITS.get(plan.amount_unit.strip().lower())
    if unit not in MONEY_UNITS or plan_scale is None:  # most key figures: no frame looked up, nothing summed
        return
    frame = plan.frame(division_id, year)
    total = sum((abs(v) for v in frame.amounts.values()), Decimal(0)) if frame else Decimal(0)
    if total == 0:
        return
    bound = total * plan_scale / MONEY_UNITS[unit]  # in the key figure's unit
    for key in ("outcome", "last_year", "forecast"):
        value = getattr(a, key)
        if isinstance(value, Decimal) and abs(value) > bound:
            yield (
                key,
                Rule.KEY_FIGURE_UNIT_OFF,
                {
                    "what": KEY_FIGURE_WHAT[key],
                    "id": kf.id,
                    "value": format_typed(value),
                    "unit": kf.unit.strip(),
                    "year": year,
                    "budget": format_number(bound, AMOUNT_UNITS.get(unit, 1)),
                    "other": SLIP[unit],
                },
            )


def netto_sign_checks(
    plan: Plan, kind: GroupKind, budget: Decimal, a: EconomyAnswer
) -> Iterator[tuple[str, Rule, dict[str, Any]]]:
    """A net frame's amount of the other sign than its budget (a plan with one Netto group, seed 003's).

    A Netto group may be either sign, so no sign is an error as an income's or a cost's is; but an utfall of
    +142,1 against a budget of −1 234,5 is a slip far more often than a division's costs turned to a profit.
    """
    if kind != GroupKind.NETTO or budget == 0:
        return
    for key in ("periodised", "actual", "forecast"):
        value = getattr(a, key)
        if isinstance(value, Decimal) and value != 0 and (value > 0) != (budget > 0):
            fields = {"what": WHAT[key], "value": format_number(value, plan.amount_decimals)}
            yield (
                key,
                Rule.NETTO_SIGN,
                {**fields, "budget": format_number(budget, plan.amount_decimals), "unit": plan.amount_unit},
            )


def _full_year(
    plan: Plan, period: Period, budget: Decimal, a: EconomyAnswer, share: Decimal
) -> Iterator[tuple[str, Rule, dict[str, Any]]]:
    """An utfall close to the full year's budget in a period shorter than the year."""
    actual = a.actual
    if period.months >= 12 or not isinstance(actual, Decimal):
        return
    periodised = a.periodised if isinstance(a.periodised, Decimal) and a.periodised else budget * share
    if abs(periodised) > PERIOD_SMALLER * abs(budget) or abs(actual - budget) > FULL_YEAR_CLOSE * abs(budget):
        return
    decimals = plan.amount_decimals
    yield (
        "actual",
        Rule.FULL_YEAR_OUTCOME,
        {
            "value": format_number(actual, decimals),
            "budget": format_number(budget, decimals),
            "periodised": format_number(periodised, decimals),
            "months": period.months,
            "unit": plan.amount_unit,
        },
    )


EFFECT_WHAT = {"achieved": "Uppnådd effekt", "forecast": "Prognosen för effekten"}
EFFECT_OFF = Decimal(30)  # a division's effect over 30 times the whole measure's: tkr (1 000 times) typed for mkr
EFFECT_CLEAR = Decimal(3)  # over 3 times the whole measure's: a division's part seldom is; tkr typed, most likely
TIMES = {EFFECT_OFF: "30", EFFECT_CLEAR: "tre"}


def measure_checks(
    plan: Plan, period: Period, measure: Measure, a: MeasureAnswer
) -> Iterator[tuple[str, Rule, dict[str, Any]]]:
    """A measure's warnings: the årsrapport's (``year_end.year_end_measure``) and the effects' size and sign."""
    yield from year_end_measure(plan, period, measure.id, a)
    yield from effect_checks(plan, period, measure, a)


def effect_checks(
    plan: Plan, period: Period, measure: Measure, a: MeasureAnswer
) -> Iterator[tuple[str, Rule, dict[str, Any]]]:
    """A division's effect of a measure that looks typed in tkr where mkr is asked, or with the wrong sign.

    In tkr: more than 3 times the whole measure's planned effect for the year (a division's part is seldom above
    the whole; over 30 times the message says so), or, outside the årsrapport, an effect achieved so far more than
    3 times the same row's forecast for the year, which includes it (450 typed for 0,45 mkr beside a forecast of 5,5).
    The other sign than the planned effect: a saving typed with the Ekonomi sheet's minus for costs. Not judged
    against a planned effect "ej beräknad" or 0, except achieved against forecast, which needs no plan.
    """
    planned = measure.effect(period.year)
    decimals, unit = plan.amount_decimals, plan.amount_unit
    hint = ", inte i tkr" if unit == "mkr" else ""
    flagged: set[str] = set()
    for key in ("achieved", "forecast"):
        value = getattr(a, key)
        if not planned or not isinstance(value, Decimal) or value == 0:
            continue
        fields = {"what": EFFECT_WHAT[key], "id": measure.id, "value": format_number(value, decimals), "unit": unit}
        fields["planned"] = format_number(planned, decimals)
        times = next((t for t in (EFFECT_OFF, EFFECT_CLEAR) if abs(value) > t * abs(planned)), None)
        if times is not EFFECT_OFF and (value < 0) != (planned < 0):
            yield key, Rule.EFFECT_SIGN, fields
        elif times is not None:
            flagged.add(key)
            compared = f"över {TIMES[times]} gånger hela åtgärdens planerade effekt {fields['planned']} {unit}"
            yield key, Rule.EFFECT_UNIT_OFF, {**fields, "compared": compared, "hint": hint}
    achieved, forecast = a.achieved, a.forecast
    if (
        not period.is_year_end  # the årsrapport's forecast is not asked (year_end_measure says the rest)
        and "achieved" not in flagged
        and isinstance(achieved, Decimal)
        and isinstance(forecast, Decimal)
        and forecast != 0
        and abs(achieved) > EFFECT_CLEAR * abs(forecast)  # far over it: a unit slip, not an effect a little ahead
        and (achieved > 0) == (forecast > 0)  # the same sign: a sign slip is another warning
    ):
        compared = (
            f"över tre gånger prognosen för helåret {format_number(forecast, decimals)} {unit}, "
            "som ska rymma det som redan är uppnått"
        )
        fields = {"what": "Uppnådd effekt hittills", "id": measure.id, "value": format_number(achieved, decimals)}
        yield "achieved", Rule.EFFECT_UNIT_OFF, {**fields, "unit": unit, "compared": compared, "hint": hint}


def spent_checks(item: Investment, a: InvestmentAnswer) -> Iterator[tuple[Severity, Rule, str, dict[str, str]]]:
    """(severity, rule, column key, message fields) for an investment's upparbetat belopp (whole tkr) and status.

    Negative: an error. More than 20 % over the object's budget with no comment: a warning, to comment on (the
    comment ends it). Not whole and under a hundredth of the budget: a warning ("15,7" for an object of 16 920 tkr
    is an amount in mkr typed where tkr is asked). And a status the amount contradicts (``status_checks``).
    """
    spent = a.spent
    if not isinstance(spent, Decimal):
        return
    what = f"Upparbetat belopp för {item.id}"
    if spent < 0:
        yield Severity.ERROR, Rule.OUT_OF_RANGE, "spent", {"what": what, "problem": "kan inte vara negativt"}
        return
    if spent > item.amount_tkr * Decimal("1.2") and not a.comment:
        over = f"överstiger budget {format_number(item.amount_tkr, 0)} tkr med mer än 20 %; kommentera"
        fields = {"what": f"Upparbetat {format_typed(spent)} tkr", "problem": over}
        yield Severity.WARNING, Rule.OUT_OF_RANGE, "spent", fields
    if spent != spent.to_integral_value() and spent * 100 < item.amount_tkr:  # a small amount with decimals: mkr
        whole = (
            f"är inte ett helt antal tkr (budget {format_number(item.amount_tkr, 0)} tkr); belopp anges i hela tkr, "
            "inte i mkr: kontrollera enheten"
        )
        fields = {"what": f"Upparbetat {format_typed(spent)} tkr", "problem": whole}
        yield Severity.WARNING, Rule.SPENT_UNIT_OFF, "spent", fields
    yield from status_checks(item, a, spent)


def status_checks(
    item: Investment, a: InvestmentAnswer, spent: Decimal
) -> Iterator[tuple[Severity, Rule, str, dict[str, str]]]:
    """A status the upparbetat belopp contradicts, at the cell more likely wrong: "Ej påbörjad" with an amount (the
    status left from last period), "Slutförd" with nothing spent (the amount not filled in). "Avbruten" may well have
    cost something before it was stopped; the amount then wants a comment on what it was spent on."""
    fields = {"id": item.id, "status": a.status or "", "spent": format_number(spent, 0)}
    if a.status == INVESTMENT_NOT_STARTED and spent > 0:
        fix = "ändra status till Pågår (eller Slutförd), eller rätta beloppet om inget har upparbetats"
        yield Severity.WARNING, Rule.INVESTMENT_STATUS, "status", {**fields, "fix": fix}
    elif a.status == INVESTMENT_DONE and spent == 0:
        fix = "skriv vad investeringen har kostat, eller rätta status om den inte är slutförd"
        yield Severity.WARNING, Rule.INVESTMENT_STATUS, "spent", {**fields, "fix": fix}
    elif a.status == INVESTMENT_STOPPED and spent > 0 and not a.comment:
        fix = "skriv i kommentaren vad beloppet avser (t.ex. kostnader före beslutet att avbryta)"
        yield Severity.WARNING, Rule.INVESTMENT_STATUS, "comment", {**fields, "fix": fix}


def key_figure_checks(
    plan: Plan, division_id: str, year: int, kf: KeyFigure, a: KeyFigureAnswer
) -> Iterator[tuple[str, Rule, dict[str, Any]]]:
    """A key figure's amount checks: its size (``key_figure_unit_checks``) and, in mkr or tkr, its sign."""
    yield from key_figure_unit_checks(plan, division_id, year, kf, a)
    if kf.unit.strip().lower() in MONEY_UNITS:
        yield from _sign_checks(kf, a)


def _sign_checks(kf: KeyFigure, a: KeyFigureAnswer) -> Iterator[tuple[str, Rule, dict[str, Any]]]:
    """A key figure in mkr or tkr (a cost such as seed 003's inhyrd personal) negative where another value of its
    row is positive: Ekonomi's minus for costs typed on Nyckeltal, which the nämnd's sum would count against the
    other divisions' plus (111,1 mkr instead of 222,1)."""
    values = {key: v for key in ("outcome", "last_year", "forecast") if isinstance(v := getattr(a, key), Decimal)}
    positive = [(key, v) for key, v in values.items() if v > 0]
    for key, value in values.items():
        if value < 0 and positive:
            fields = {"what": KEY_FIGURE_WHAT[key], "id": kf.id, "value": format_typed(value), "unit": kf.unit.strip()}
            other = {"other_what": KEY_FIGURE_WHAT[positive[0][0]].lower(), "other": format_typed(positive[0][1])}
            yield key, Rule.KEY_FIGURE_SIGN, {**fields, **other}
