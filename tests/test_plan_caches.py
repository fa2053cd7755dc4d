"""The plan reader's shortcuts give the answers of the long way: the cached målvärde and name parsing,
SheetReader.number's int/float fast path and SheetReader.rows' padding of short rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from reporting.demo.workspace import write_demo_plan
from reporting.errors import TargetParseError
from reporting.plan.read import check_plan
from reporting.plan.sheet_reader import SheetReader, parse_number
from reporting.plan.target_words import LOWER, NameDirection, name_direction
from reporting.plan.targets import Direction, Target, _parse_text, parse_target

TEXTS = [
    "Minst 88 %",
    "Högst 1,75 utlok/100 vpl senast 2027",
    "-22,4 %",
    "<250",
    "i nivå med riket",
    "Genomfört ja/nej",
    "95",
]
NAMES = ["Minska andelen inhyrda läkare", "Antal recept, nationellt mål <250 recept", "Andel ska öka", "Väntetid"]


def _clear() -> None:
    _parse_text.cache_clear()
    name_direction.cache_clear()


def test_a_cached_target_is_the_parsed_one():
    _clear()
    first = [parse_target(t) for t in TEXTS]
    again = [parse_target(t) for t in TEXTS]  # from the cache
    assert _parse_text.cache_info().hits == len(TEXTS)
    assert again == first == [_parse_text.__wrapped__(t) for t in TEXTS]
    assert again[0] == Target("Minst 88 %", Direction.AT_LEAST, Decimal(88), "%")
    assert (again[1].direction, again[1].value, again[1].unit, again[1].target_year) == (
        Direction.AT_MOST,
        Decimal("1.75"),
        "utlok/100 vpl",
        2027,
    )


def test_equal_numbers_written_differently_are_cached_apart():
    """A cell may hold a number: its text is what is cached, so 250 and 250.0 keep their own målvärde text."""
    _clear()
    assert [parse_target(v).text for v in (250, 250.0, Decimal("250"), "250")] == ["250", "250.0", "250", "250"]


def test_an_unreadable_target_raises_every_time():
    _clear()
    for _ in range(2):
        with pytest.raises(TargetParseError, match="inget tal"):
            parse_target("Minst många")


def test_a_cached_name_direction_is_the_searched_one_for_equal_values():
    _clear()
    values = [None, Decimal(14), Decimal(250)]
    first = {(n, v): name_direction(n, v) for n in NAMES for v in values}
    assert first == {(n, v): name_direction.__wrapped__(n, v) for n in NAMES for v in values}
    # 250 and 250.0 are one cache entry: the answer only compares the value with ==
    assert name_direction(NAMES[1], Decimal("250.0")) == NameDirection("<250", LOWER, "lägre än")
    assert name_direction(NAMES[1], Decimal("249")) is None  # another number: "<250" only qualifies the measure
    assert first[(NAMES[0], Decimal(14))] == NameDirection("Minska", LOWER)


@pytest.mark.parametrize("name", ["jh-2025", "jh-2021", "vasternorrland-2025"])
def test_a_plan_read_with_warm_caches_is_the_plan_read_cold(tmp_path, name):
    path = write_demo_plan(name, tmp_path / "plan.xlsx")
    _clear()
    cold = check_plan(path)
    after_cold = _parse_text.cache_info()
    warm = check_plan(path)
    after_warm = _parse_text.cache_info()
    assert after_cold.misses >= 5 and after_warm.misses == after_cold.misses  # the second reading: all from the cache
    assert after_warm.hits - after_cold.hits == after_cold.hits + after_cold.misses
    assert warm == cold and cold[0] is not None
    assert len(cold[0].key_figures) >= 5


class _Sheet:
    """A sheet as calamine's reader gives it: numbered rows holding a value."""

    def __init__(self, rows: dict[int, tuple[Any, ...]]) -> None:
        self.title, self._rows = "Budgetramar", rows

    def numbered_rows(self, max_col: int | None = None) -> Any:
        return iter(sorted(self._rows.items()))


def _reader(rows: dict[int, tuple[Any, ...]]) -> SheetReader:
    columns = [("Division", "division"), ("År", "year"), ("Belopp", "amount")]
    return SheetReader(_Sheet(rows), columns, [], "plan.xlsx")


def test_rows_pad_short_rows_and_leave_out_rows_without_a_known_value():
    r = _reader(
        {
            1: ("Division", "År", "Belopp", "Not"),
            2: ("MED",),  # shorter than the columns
            3: (None, None, None, "bara en anteckning"),  # a value in no known column
            4: ("  ", None, ""),  # blank text only
            5: ("KIR", 2025, -3158.3, "x"),
        }
    )
    assert r.rows() == [
        (2, {"division": ("MED", "A2"), "year": (None, "B2"), "amount": (None, "C2")}),
        (5, {"division": ("KIR", "A5"), "year": (2025, "B5"), "amount": (-3158.3, "C5")}),
    ]


NUMBERS = [0, -5, 10**18 - 1, 10**18, 10**100, -3158.3, 0.1, 1e99, 1e100, float("nan"), float("inf"), True]
NUMBERS += ["12,5", "=A1+1", "tolv", "  ", None]


@pytest.mark.parametrize("value", NUMBERS, ids=repr)
def test_number_reads_a_value_as_parse_number_with_its_findings(value):
    def long_way(r: SheetReader) -> Decimal | None:  # SheetReader.number without its fast path
        if value is None or (isinstance(value, str) and not value.strip()):
            r.error("C2", "saknas")
            return None
        return r.parse_number(value, "C2")

    fast, slow = _reader({1: ("Division", "År", "Belopp")}), _reader({1: ("Division", "År", "Belopp")})
    got, expected = fast.number({"amount": (value, "C2")}, "amount"), long_way(slow)
    assert str(got) == str(expected)
    assert [f.cell for f in fast.findings] == [f.cell for f in slow.findings]
    if isinstance(value, int | float) and expected is not None:
        assert got == parse_number(value)
