"""A key figure over units, divisions and the nämnd (consolidate.totals): a mean is rounded once, for the row
shown, never before it is aggregated again (qa36u)."""

from __future__ import annotations

from decimal import Decimal

from reporting.consolidate.totals import total_of
from reporting.plan.model import KeyFigure
from reporting.plan.targets import parse_target
from reporting.template.answers import KeyFigureAnswer

D = Decimal


def _kf(aggregation: str) -> KeyFigure:
    return KeyFigure(
        "N14",
        "Utlokaliserade",
        "HS",
        ("MED", "KIR"),
        "st",
        "Lägre än 1,75",
        parse_target("Lägre än 1,75"),
        "",
        aggregation,
    )


def _unit(value: str, weight: int) -> KeyFigureAnswer:
    return KeyFigureAnswer(outcome=D(value), last_year=D(value), forecast=D(value), denominator=D(weight))


def test_a_weighted_nämnd_total_over_divisions_of_units_is_the_units_weighted_mean_rounded_once():
    """qa36u #4 (N14): MED's units 1,62/2 104 and 1,94/907 make 1,7164, shown 1,72; KIR's 1,61/1 177 and
    1,49/3 806 make 1,5183, shown 1,52. The nämnd is Σv·w/Σw over the units, 12 733,97/7 994 = 1,5929: "1,59".
    From the divisions' rounded values it was (1,72·3 011 + 1,52·4 983)/7 994 = 1,5953: "1,60"."""
    kf = _kf("weighted")
    med = total_of(kf, [_unit("1.62", 2104), _unit("1.94", 907)])[0]
    kir = total_of(kf, [_unit("1.61", 1177), _unit("1.49", 3806)])[0]
    assert (med.outcome, kir.outcome) == (D("1.72"), D("1.52"))  # each division's row, shown and judged
    board = total_of(kf, [med, kir])[0]
    assert (board.outcome, board.last_year, board.forecast) == (D("1.59"), D("1.59"), D("1.59"))
    assert board.denominator == D(7994)


def test_a_mean_of_means_takes_each_divisions_unrounded_mean():
    """medel: the nämnd is the mean of the divisions' means, each unrounded: (1,005 + 2,0) / 2 = 1,5025, "1,50";
    from the rounded 1,01 it was 1,505, "1,51"."""
    kf = _kf("mean")
    med = total_of(kf, [_unit("1.00", 1), _unit("1.01", 1)])[0]
    kir = total_of(kf, [_unit("2.00", 1), _unit("2.00", 1)])[0]
    assert med.outcome == D("1.01")
    assert total_of(kf, [med, kir])[0].outcome == D("1.50")


def test_a_key_figure_not_aggregated_has_no_total_when_only_one_of_several_reporters_has_a_number():
    """qa36u #1: with Aggregering "ej", Enhet 0002's 4,15 stood as Division Kirurgi's and the nämnd's value when
    the others had none (Enhet 0006 sent nothing). Over more than one reporter asked there is no value; the one
    reporter asked is its own total."""
    kf = _kf("none")
    alone = [_unit("4.15", 1)]
    assert total_of(kf, [*alone, KeyFigureAnswer()])[0].outcome is None  # the nämnd: another division without
    assert total_of(kf, alone, asked=2)[1] == "ej aggregerbart – se divisionerna"
    assert total_of(kf, alone, asked=2)[0].outcome is None  # a division of two units, one file in
    assert total_of(kf, alone, asked=1)[0].outcome == D("4.15")


def test_an_amount_in_mkr_is_kept_to_whole_tkr_rounding_halves_away_from_zero():
    """qa36s D3: 93,5005 mkr was kept as 93,500 (half to even), where Excel's ROUND and every other rounding of
    ours give 93,501."""
    from reporting.swedish import to_mkr

    assert [to_mkr(D(v)) for v in ("93.5005", "-60.9005", "31.4004", "0.0015")] == [
        D("93.501"),
        D("-60.901"),
        D("31.400"),
        D("0.002"),
    ]
