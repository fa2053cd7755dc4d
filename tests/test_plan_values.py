"""The plan read whole by calamine is the plan openpyxl streams: same values, same digest; far cells fall back."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from helpers import edit_workbook
from reporting.demo.plan import demo_plan
from reporting.demo.units import unit_plan
from reporting.plan.read import load_plan
from reporting.plan.write import write_plan
from reporting.xlsx import values


def _both(path, monkeypatch):
    fast = load_plan(path)
    with monkeypatch.context() as m:
        m.setattr(values, "open_values", lambda _: None)  # the streaming openpyxl path
        slow = load_plan(path)
    return fast, slow


@pytest.mark.parametrize("make", [demo_plan, lambda: unit_plan(12)], ids=["demo", "units"])
def test_calamine_and_openpyxl_read_the_same_plan(tmp_path, monkeypatch, make):
    path = write_plan(tmp_path / "plan.xlsx", make())
    assert values.open_values(path) is not None  # the fast path is the one taken
    fast, slow = _both(path, monkeypatch)
    assert fast == slow and fast.digest() == slow.digest()
    assert fast.periods == slow.periods and all(isinstance(p.deadline, date) for p in fast.periods)


def test_a_plan_edited_and_saved_by_openpyxl_reads_the_same_both_ways(demo_plan_xlsx, tmp_path, monkeypatch):
    def change(wb) -> None:
        wb["Nämnd"]["B5"] = 5.5  # a decimal typed over a whole number (the tolerance)
        wb["Perioder"]["C2"] = datetime(2025, 5, 12)

    path = edit_workbook(demo_plan_xlsx, change, tmp_path / "plan.xlsx")  # the demo plan, as written
    fast, slow = _both(path, monkeypatch)
    assert fast == slow and fast.digest() == slow.digest()
    assert str(fast.tolerance_pct) == "5.5" and fast.periods[0].deadline == date(2025, 5, 12)


@pytest.mark.parametrize("cell", ["Z1048576", "A1048576", "XFD30"])
def test_a_sheet_reaching_far_is_streamed_not_read_whole(demo_plan_xlsx, tmp_path, cell):
    def change(wb) -> None:
        wb["Åtgärdsplan"][cell] = "x"

    path = edit_workbook(demo_plan_xlsx, change, tmp_path / "plan.xlsx")  # the demo plan, as written
    xml = b'<row r="3"><c r="B3"/></row><x:row r="1048576"><x:c s="1" r="Z1048576"/></x:row>'
    assert values.dense_extent(xml) == (1048576, 26, 2)
    assert not values.fits_dense(path) and values.open_values(path) is None


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("", None),
        ("Minst 88 %", "Minst 88 %"),
        (2025.0, 2025),
        (451.25, 451.25),
        (-0.0, 0),
        (1e20, 1e20),
        (date(2025, 5, 9), datetime(2025, 5, 9)),
        (True, True),
    ],
)
def test_calamine_values_are_given_as_openpyxl_gives_them(given, expected):
    got = values._openpyxl_value(given)
    assert got == expected and type(got) is type(expected)
