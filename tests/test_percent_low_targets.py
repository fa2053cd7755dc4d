"""A share typed without a percent sign: percentage points, unless a fraction is far nearer the målvärde.

A controller typed 0,85 for "Minska andelen inhyrda sjuksköterskor" (målvärde 2 %), as the Instruktion asks
("88,5 betyder 88,5 %"): it was read as 85 % and judged Ej uppfyllt, with a warning telling them to do what they
had done. The reading nearer the målvärde wins: 0,85 stays 0,85 %, 0,885 for "Minst 88 %" is still 88,5 %.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from reporting.plan.model import KeyFigure
from reporting.plan.targets import parse_target
from reporting.template.percent import figure_value


def _share(target: str) -> KeyFigure:
    return KeyFigure(
        "M38", "Andel inhyrda sjuksköterskor", "HS", ("MED",), "%", target, parse_target(target), "", "mean"
    )


@pytest.mark.parametrize(
    "target,typed,read,warned",
    [
        ("Högst 2 %", "0.85", "0.85", False),  # 0,85 % as typed (was 85 %)
        ("Högst 2 %", "1", "1", False),
        ("Högst 2 %", "0.02", "2.00", True),  # a fraction of 2 %
        ("Minst 4,6 %", "0.5", "0.5", False),
        ("Minst 88 %", "0.885", "88.500", True),  # a fraction, as before
        ("Minst 88 %", "88.5", "88.5", False),
        ("Högst 0,5 %", "0.003", "0.300", True),
        ("Högst 0,5 %", "0.4", "0.4", False),
    ],
)
def test_the_reading_nearer_the_target_is_taken(target, typed, read, warned):
    said: list[dict[str, str]] = []
    value = figure_value(Decimal(typed), False, "General", _share(target), lambda **kw: said.append(kw))
    assert (value, bool(said)) == (Decimal(read), warned)


def test_an_index_typed_in_a_cell_formatted_as_percent_is_read_as_it_shows_with_a_warning(
    make_template, plan, tmp_path
):
    """A controller typed 4,24 for N01 (an index, "Minst 4,01") in a cell they had formatted as percent: it shows
    "4,24 %" and its value is 0,0424, which was read as 0,0424 with only "Åtgärder saknas" to say anything."""
    from helpers import answer, complete_edits, fill, locate, read_workbook
    from reporting.findings import Rule
    from reporting.intake.checking import check_file
    from reporting.plan.periods import Period

    path = fill(make_template("MED"), complete_edits(plan, "MED"), tmp_path / "med.xlsx")
    wb = read_workbook(path)
    ws = wb["Nyckeltal"]
    cell = locate(ws, "N01", "outcome", "Nyckeltal")
    ws[cell] = 0.0424
    ws[cell].number_format = "0.00%"
    wb.save(path)
    for careful in (False, True):
        result = check_file(path, plan, Period(2025, "T1"), careful=careful)
        assert answer(result.submission, "Nyckeltal", "N01", "outcome") == Decimal("4.2400")
        (said,) = [f for f in result.findings if f.cell == cell and f.rule is Rule.OUT_OF_RANGE]
        assert said.message.startswith("Värdet 4,24 % har ett procenttecken, men N01 mäts i index, inte i procent")
