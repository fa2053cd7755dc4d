"""Which unit texts a division's summary shows first: each unit judged on its own values, however many units
share them (unit_status judges each distinct value once)."""

from decimal import Decimal

from reporting.consolidate.unit_status import key_figure_rank, key_figure_ranks
from reporting.demo.units import unit_plan
from reporting.plan.model import KeyFigure
from reporting.plan.targets import parse_target
from reporting.template.answers import KeyFigureAnswer


def _kf(target: str) -> KeyFigure:
    return KeyFigure("X", "Test", "HS", ("MED",), "%", target, parse_target(target), "", "mean")


def _answer(outcome: str, last_year: str, analysis: str = "Text.") -> KeyFigureAnswer:
    return KeyFigureAnswer(outcome=Decimal(outcome), last_year=Decimal(last_year), analysis=analysis)


def test_a_target_against_last_year_judges_each_units_last_year_too():
    plan, kf = unit_plan(4), _kf("Lägre än 2024")
    answers = [_answer("10", "12"), _answer("10", "8"), _answer("10", "12"), _answer("10", "8", analysis="")]
    assert key_figure_ranks(plan, kf, 2025, answers) == [3, 0, 3, 0]  # met, missed (same outcome), met, no text
    assert key_figure_ranks(plan, kf, 2025, answers) == [key_figure_rank(plan, kf, 2025, a) for a in answers]


def test_a_fixed_target_judges_the_outcome_alone():
    plan, kf = unit_plan(4), _kf("Minst 90 %")
    answers = [_answer("95", "12"), _answer("95", "99"), _answer("80", "12"), _answer("89", "12")]
    assert key_figure_ranks(plan, kf, 2025, answers) == [3, 3, 0, 1]
