"""Trend marks judged by the målvärde: an Exakt target by the distance to it, a riket-relative one by its direction
("Minst 2 procentenheter över riket") or, "I nivå med riket", by the distance to riket's value of the year."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from reporting.history.trends import HistoryView, trend
from reporting.output.timeseries import _trend
from reporting.plan.model import KeyFigure
from reporting.plan.periods import Period
from reporting.plan.targets import improved, parse_target, resolve

D = Decimal
T1, DELAR, HELAR, T1_26 = Period(2025, "T1"), Period(2025, "delar"), Period(2025, "helar"), Period(2026, "T1")
EXACTLY_100 = resolve(parse_target("100 %"), "Exakt")  # as the plan's Riktning column makes it
ABOVE_RIKET = parse_target("Minst 2 procentenheter över riket")
LEVEL_WITH_RIKET = parse_target("I nivå med riket")


def _points(*values: str, periods: tuple[Period, ...] = (T1, DELAR, HELAR)) -> list[tuple[Period, Decimal]]:
    return [(p, D(v)) for p, v in zip(periods, values)]


def test_an_exact_target_is_judged_by_the_distance_to_it():
    """QA 34h defect 1: N23 Budgetföljsamhet, 100 % Exakt: 100 → 104 moves away (the status falls), 104 → 101 back."""
    points = _points("100", "104", "101")
    assert trend(points, EXACTLY_100, DELAR) == "↓ Sämre"
    assert trend(points, EXACTLY_100, HELAR) == "↑ Bättre"
    below_to_above = _points("97", "102", "98")  # 3 under → 2 over: closer; 2 over → 2 under: the same distance
    assert trend(below_to_above, EXACTLY_100, DELAR) == "↑ Bättre"
    assert trend(below_to_above, EXACTLY_100, HELAR) == "→ Oförändrad"
    assert trend(_points("104", "104"), EXACTLY_100, DELAR) == "→ Oförändrad"


def test_improved_by_direction_and_by_distance():
    assert improved(EXACTLY_100, D(100), D(103)) is False
    assert improved(EXACTLY_100, D(95), D(103)) is True
    assert improved(EXACTLY_100, D(98), D(102)) is None  # the same distance: neither better nor worse
    assert improved(parse_target("Högst 10"), D(12), D(11)) is True
    assert improved(parse_target("Minst 10"), D(12), D(11)) is False
    assert improved(parse_target("Minst 10"), D(12), D(12)) is None
    assert improved(LEVEL_WITH_RIKET, D(60), D(61)) is None  # riket's value not known: no distance
    assert improved(LEVEL_WITH_RIKET, D(60), D(63), (D(65), D(62))) is True  # 5 from riket then, 1 now


def test_a_riket_relative_target_has_a_trend_by_its_direction():
    """QA 34h defect 5: N04 "Minst 2 procentenheter över riket", 67,5 → 68,5: better, whatever riket's value."""
    points = _points("67.5", "68.5", "66")
    assert trend(points, ABOVE_RIKET, DELAR) == "↑ Bättre"
    assert trend(points, ABOVE_RIKET, HELAR) == "↓ Sämre"
    national = resolve(parse_target("Mäts mot nationell utveckling"), None, "Andel som ska minska")  # Högst (name)
    assert trend(_points("3", "2.5"), national, DELAR) == "↑ Bättre"


def test_level_with_riket_is_judged_by_the_distance_to_riket_of_each_period():
    points = _points("70", "67", "65")
    riket = {2025: D("66.4")}
    assert trend(points, LEVEL_WITH_RIKET, DELAR, riket=riket) == "↑ Bättre"  # 3,6 from riket → 0,6
    assert trend(points, LEVEL_WITH_RIKET, HELAR, riket=riket) == "↓ Sämre"  # 0,6 → 1,4
    assert trend(points, LEVEL_WITH_RIKET, DELAR) == ""  # no riket value stored: no distance, no mark
    over_the_turn = _points("65", "66", periods=(HELAR, T1_26))
    assert trend(over_the_turn, LEVEL_WITH_RIKET, T1_26, riket={2026: D(66)}) == ""  # 2025's riket not given
    both = {2025: D(60), 2026: D(66)}
    assert trend(over_the_turn, LEVEL_WITH_RIKET, T1_26, riket=both) == "↑ Bättre"  # 5 from 2025's riket → 0


def _view(values: dict[Period, str], kolada: dict[str, Decimal | None]) -> HistoryView:
    rows = [
        {
            "kind": "nyckeltal",
            "item": "N04",
            "division": "",
            "metric": "outcome",
            "year": p.year,
            "period": p.kind,
            "value": D(v),
            "text": None,
            "left_out": "",
            "target": "",
            "unit": "%",
            "name": "Andel",
        }
        for p, v in values.items()
    ]
    return HistoryView(pd.DataFrame(rows), kolada=kolada)


def _key_figure(target_text: str) -> KeyFigure:
    target = parse_target(target_text)
    return KeyFigure("N04", "Andel", "HS", ("MED", "KIR"), "%", target_text, target, "", "weighted")


def test_tidsserier_sets_a_riket_target_by_the_year_riket_value():
    """The Tidsserier trend (``_trend``) hands riket's stored value of the period's year to the trend."""
    view = _view({T1: "70", DELAR: "67"}, {"N04": D("66.4")})
    assert _trend(view, _key_figure("I nivå med riket"), DELAR) == "↑ Bättre"
    assert _trend(_view({T1: "70", DELAR: "67"}, {}), _key_figure("I nivå med riket"), DELAR) == ""
    assert _trend(view, _key_figure("Minst 2 procentenheter över riket"), DELAR) == "↓ Sämre"


def test_level_with_riket_at_t1_sets_last_years_helar_against_the_same_riket_value():
    """review34b #5: at T1 the point before is last year's Helår; riket's latest value (of last year, say) serves
    both, as the status uses it, instead of no trend at all."""
    view = _view({HELAR: "70", T1_26: "67"}, {"N04": D("66.4")})
    view.kolada_year["N04"] = 2025
    assert _trend(view, _key_figure("I nivå med riket"), T1_26) == "↑ Bättre"
