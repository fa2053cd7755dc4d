"""A key figure over several reporters: units for their division, divisions for the nämnd, by its Aggregering.

A mean or weighted mean is shown and judged with two decimals, but a total above it is aggregated from the
unrounded values (``KeyFigureAnswer.exact``): a nämnd over divisions combined from their units would otherwise
round twice, and 1,5929 read 1,60 instead of 1,59 (qa36u #4).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from reporting.consolidate.amounts import round_half_up, sum_all
from reporting.plan.model import Aggregation, KeyFigure
from reporting.plan.targets import Direction
from reporting.template.answers import Figure, KeyFigureAnswer

NOT_AGGREGATED = "ej aggregerbart – se divisionerna"


def aggregate(kf: KeyFigure, values: list[Any], weights: list[Any], *, exact: bool = False) -> tuple[Any, str]:
    """The nämnd value of a key figure from its divisions' values, and a note on how; a mean to two decimals,
    or unrounded with ``exact``."""
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
    if kf.aggregation == Aggregation.NONE:
        return None, NOT_AGGREGATED
    if kf.aggregation == Aggregation.SUM:
        return sum((v for v, _ in numbers), Decimal(0)), "summa"
    if kf.aggregation == Aggregation.WEIGHTED and all(isinstance(w, Decimal) and w > 0 for _, w in numbers):
        total_weight = sum((w for _, w in numbers), Decimal(0))
        mean = sum((v * w for v, w in numbers), Decimal(0)) / total_weight
        return _rounded(mean, exact), "vägt med antalen (nämnarna)"
    note = "medelvärde" if kf.aggregation == Aggregation.MEAN else "medelvärde (nämnare saknas)"
    return _rounded(sum((v for v, _ in numbers), Decimal(0)) / len(numbers), exact), note


def _rounded(mean: Decimal, exact: bool) -> Decimal:
    return mean if exact else round_half_up(mean)


def total_of(kf: KeyFigure, answers: list[KeyFigureAnswer], asked: int = 0) -> tuple[KeyFigureAnswer, str, list[bool]]:
    """A key figure over several reporters' answers (divisions for the nämnd, units for their division): the
    value, a note on how, and which answers were counted (those with an outcome).

    Every column is over the reporters with an outcome: last year or the forecast over others would mix bases
    (a mean of two beside a mean of three), so such a column is unknown when one of them lacks it. The
    nämnare is theirs summed (unknown when one lacks it), so a weighted figure can be weighted again above.
    A reporter that is itself a total counts with its unrounded values (``exact``), which the result carries too.
    A key figure not aggregated ("ej") has no value over more than one reporter asked (``asked``: how many were,
    when some sent nothing; by default ``answers``), also when only one of them has a number: it is not the whole's.
    """
    counted = counted_answers(kf, answers)
    parts = [a.exact or a for a, given in zip(answers, counted) if given]
    if not parts:
        return KeyFigureAnswer(), "", counted
    if (
        kf.aggregation == Aggregation.NONE
        and max(asked, len(answers)) > 1
        and kf.target.direction is not Direction.DONE
    ):
        return KeyFigureAnswer(), NOT_AGGREGATED, counted
    weights = [a.denominator for a in parts]
    if kf.aggregation == Aggregation.SUM and kf.target.direction is not Direction.DONE:
        outcome, note = (
            sum_all(a.outcome for a in parts),
            "summa" if len(parts) < len(answers) or len(parts) > 1 else "",
        )
        last_year, forecast = sum_all(a.last_year for a in parts), sum_all(a.forecast for a in parts)
        summed = KeyFigureAnswer(outcome=outcome, last_year=last_year, forecast=forecast, denominator=sum_all(weights))
        return summed, note, counted
    columns = {key: [getattr(a, key) for a in parts] for key in ("outcome", "last_year", "forecast")}
    outcome, note = aggregate(kf, columns["outcome"], weights)
    exact = KeyFigureAnswer(
        outcome=aggregate(kf, columns["outcome"], weights, exact=True)[0],
        last_year=_on_the_same_base(kf, columns["last_year"], weights, exact=True),
        forecast=_on_the_same_base(kf, columns["forecast"], weights, exact=True),
        denominator=sum_all(weights),
    )
    combined = KeyFigureAnswer(
        outcome=outcome,
        last_year=_on_the_same_base(kf, columns["last_year"], weights),
        forecast=_on_the_same_base(kf, columns["forecast"], weights),
        denominator=exact.denominator,
        exact=exact,
    )
    return combined, note, counted


def with_left_out(note: str, left_out: list[str], outcome: Figure) -> str:
    """The note naming whom a total leaves out ("medelvärde exkl. Division Kirurgi"); as it was when none is."""
    return f"{note} exkl. {', '.join(left_out)}".strip() if left_out and outcome is not None else note


def given(kf: KeyFigure, value: Figure) -> bool:
    """An answer counts: a number, or for a done-target its Ja/Nej/Delvis (never a word where a number belongs)."""
    return given_rule(kf)(value)


def given_rule(kf: KeyFigure) -> Callable[[Figure], bool]:
    return _is_answer if kf.target.direction is Direction.DONE else _is_number


def _is_answer(value: Figure) -> bool:
    return isinstance(value, str) and value != ""


def _is_number(value: Figure) -> bool:
    return isinstance(value, Decimal)


def counted_answers(kf: KeyFigure, answers: list[KeyFigureAnswer]) -> list[bool]:
    """``given`` of each answer's outcome, the rule looked up once: a division combined from thousands of units
    asks it per unit and key figure."""
    rule = given_rule(kf)
    return [rule(a.outcome) for a in answers]


def _on_the_same_base(kf: KeyFigure, values: list[Figure], weights: list[Any], *, exact: bool = False) -> Any:
    """The column's nämnd value over exactly these divisions; unknown when one of them lacks it."""
    return aggregate(kf, values, weights, exact=exact)[0] if all(given(kf, v) for v in values) else None
