"""The nämnd's previous forecast when a division was missing at the period before: the sum of the rows shown.

Period A (2021-M02) every division, B (2021-M03) without Division Kirurgi (not submitted, or withdrawn
after a complete run), then C (2021-T1): Kirurgi's previous forecast is its M02 one, the others' their
M03 one. A stored nämnd total of A (the latest complete one) would not add up to those rows.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from itertools import takewhile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from helpers import fill, rows_of
from reporting.consolidate.economy import NettoRow
from reporting.history.previous import Previous, netto_comparison, periods_note
from reporting.history.store import load_figures, open_history
from reporting.history.trends import HistoryView
from reporting.intake.run import withdraw
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.swedish import format_number
from reporting.template.write import generate_templates
from reporting.workflow import run_period
from reporting.workspace import Workspace
from test_periods_monthly import monthly_plan

D = Decimal
A, B, C = Period(2021, "M02"), Period(2021, "M03"), Period(2021, "T1")
# each division's helårsprognos netto against its frame (EK's forecast moved by it), per period
DELTA = {
    A: {"HSD": -1, "MED": -2, "KIR": -3, "NV": -4},
    B: {"HSD": -2, "MED": -4, "KIR": -6, "NV": -5},
    C: {"HSD": -2.5, "MED": -3, "KIR": -7, "NV": -5},
}
NOTE = (
    "Tidigare prognos är från mars 2021, för Division Kirurgi från februari 2021 (senaste sparade prognos). "
    "Nämnden totalt är summan av raderna ovan."
)


def _submit(plan: Plan, ws: Workspace, period: Period, without: str = "") -> None:
    """Every division's Ekonomi (but ``without``'s): each group at its frame, EK moved by DELTA."""
    shutil.rmtree(ws.inbox, ignore_errors=True)
    ws.inbox.mkdir()
    for path in generate_templates(plan, period, ws.templates):
        division = next(d for d in plan.divisions if path.name.endswith(f"{d.name}.xlsx"))
        if division.id == without:
            continue
        edits: dict[tuple[str, str, str], Any] = {}
        for gid, amount in plan.frame(division.id, 2021).amounts.items():
            edits[("Ekonomi", gid, "periodised")] = float(amount) * period.months / 12
            edits[("Ekonomi", gid, "actual")] = float(amount) * period.months / 12
            edits[("Ekonomi", gid, "forecast")] = float(amount) + (DELTA[period][division.id] if gid == "EK" else 0)
        fill(path, edits, ws.inbox / path.name)


_RUNS: dict[bool, tuple[Plan, Path]] = {}


@pytest.fixture(scope="module")
def three_periods(tmp_path_factory):
    """``_three_periods`` once per variant for the module: its tests only read what the runs wrote."""

    def run(withdrawn: bool) -> tuple[Plan, Path]:
        if withdrawn not in _RUNS:
            _RUNS[withdrawn] = _three_periods(tmp_path_factory.mktemp("three-periods"), withdrawn)
        return _RUNS[withdrawn]

    yield run
    _RUNS.clear()


def _three_periods(tmp_path: Path, withdrawn: bool) -> tuple[Plan, Path]:
    """A, B and C run and stored (A and B without outputs: only their history counts); C's report."""
    plan, ws = monthly_plan(tmp_path), Workspace(tmp_path)
    _submit(plan, ws, A)
    run_period(ws, plan, A, report=False, feedback=False)
    _submit(plan, ws, B, without="" if withdrawn else "KIR")
    run_period(ws, plan, B, report=False, feedback=False)
    if withdrawn:  # the complete B is stored first, then replaced by B without Kirurgi
        withdraw(ws, plan, B, "KIR", "fel siffror i Ekonomi")
        shutil.rmtree(ws.inbox)
        ws.inbox.mkdir()
        run_period(ws, plan, B, report=False, feedback=False)
    _submit(plan, ws, C)
    return plan, run_period(ws, plan, C, feedback=False).written[0]


def _netto_table(report: Path) -> tuple[dict[str, list[Any]], str]:
    """Tidsserier's economy table by row name (Budgetram, Tidigare, Aktuell, Förändring) and the note below it (its
    lines joined)."""
    rows = rows_of(report, "Tidsserier")
    start = next(
        i for i, r in enumerate(rows) if r[1] == "Ekonomi: helårsprognos netto jämfört med föregående prognos (mkr)"
    )
    table: dict[str, list[Any]] = {}
    for at, r in enumerate(rows[start + 2 :], start=start + 2):
        if r[1] is None or r[2] is None:
            lines = takewhile(lambda line: isinstance(line[1], str) and line[2] is None, rows[at:])
            return table, " ".join(line[1] for line in lines)
        table[r[1]] = [None if v is None else D(str(v)) for v in r[2:6]]
    return table, ""


@pytest.mark.parametrize("withdrawn", [False, True], ids=["missing", "withdrawn"])
def test_the_nämnd_total_previous_forecast_is_the_sum_of_the_rows_shown(three_periods, withdrawn):
    plan, report = three_periods(withdrawn)
    engine = open_history(report.parent.parent)
    try:
        stored = HistoryView(load_figures(engine)).index.points
    finally:
        engine.dispose()
    totals = {p.key: v for p, v in stored[("ekonomi", "NETTO", "", "forecast")]}
    assert totals == {"2021-M02": D("-3171.800"), "2021-T1": D("-3179.300")}  # B's total: not complete, not stored
    table, note = _netto_table(report)
    divisions = [d.name for d in plan.divisions]
    previous = {name: table[name][1] for name in divisions}
    # Kirurgi's from A (−3), the others' from B (−2, −4, −5); the nämnd's own frame −3,5 all year
    frames = {d.name: plan.frame(d.id, 2021).netto for d in plan.divisions}
    assert previous == {d.name: frames[d.name] + D(DELTA[B if d.id != "KIR" else A][d.id]) for d in plan.divisions}
    total = table["Nämnden totalt"]
    assert total[1] == sum(previous.values()) + D("-3.5") == D("-3175.8")  # not A's stored −3 171,8
    assert total[2] == D("-3179.3")
    assert total[3] == sum(table[name][3] for name in divisions) == D("-3.5")  # not −7,5
    assert table["Nämnden (egen ram)"] == [D("-3.5"), D("-3.5"), D("-3.5"), D(0)]
    assert note == NOTE
    # the Word draft, which the nämnd reads, sets the same forecasts against each other, with the same note
    word = _word_table(report.with_suffix(".docx"))
    assert word["Nämnden totalt"] == [format_number(v, 1) for v in (D("-3175.8"), D("-3179.3"), D("-3.5"))]
    assert word["Division Kirurgi"][0] == format_number(previous["Division Kirurgi"], 1)
    assert NOTE in [p.text for p in Document(str(report.with_suffix(".docx"))).paragraphs]


def _word_table(path: Path) -> dict[str, list[str]]:
    """The Word draft's table of forecasts against the previous ones, by row name."""
    (table,) = [t for t in Document(str(path)).tables if t.rows[0].cells[2].text == "Tidigare prognos"]
    return {row.cells[0].text: [c.text for c in row.cells[2:]] for row in table.rows[1:]}  # after the Budgetram


def test_the_ekonomi_sheet_names_the_division_whose_earlier_forecast_is_older(three_periods):
    _, report = three_periods(False)
    rows = rows_of(report, "Ekonomi")
    kir = next(r for r in rows if r[0] == "Division Kirurgi" and r[1] == "Externa kostnader")
    med = next(r for r in rows if r[0] == "Division Medicin" and r[1] == "Externa kostnader")
    assert (kir[10], med[10]) == (-4, 1)  # −7 against M02's −3; −3 against M03's −4
    notes = [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("Föregående prognos är")]
    assert notes == [
        "Föregående prognos är från mars 2021, för Division Kirurgi från februari 2021 (senaste sparade prognos)."
    ]


def _row(division_id: str, name: str, forecast: str, **flags: Any) -> NettoRow:
    return NettoRow(division_id, name, D(0), None, None, None, D(forecast), None, True, **flags)


def test_no_nämnd_previous_forecast_when_a_division_has_none_of_the_year(tmp_path):
    """A division new in the year's history: the total gets no previous forecast, and the note says why."""
    import pandas as pd

    from reporting.history.trends import Figures

    frame = pd.DataFrame(
        [
            {"kind": "ekonomi", "item": "NETTO", "division": "MED", "metric": "forecast", "year": 2021}
            | {"period": "M02", "value": D("-100"), "text": None},
        ]
    )
    overview = [_row("MED", "Division Medicin", "-101"), _row("KIR", "Division Kirurgi", "-50")]
    overview.append(_row("", "Nämnden totalt", "-151"))
    found = netto_comparison(Figures(frame), overview, B)
    assert found.rows == [Previous(D("-100"), None, D("-1")), Previous(), Previous()]
    assert found.note == "Nämnden totalt har ingen tidigare prognos: ingen finns sparad för Division Kirurgi."


def test_periods_note_groups_the_older_periods_and_is_empty_for_one_period():
    m1, m2, m3 = Period(2021, "M01"), Period(2021, "M02"), Period(2021, "M03")
    assert periods_note("Tidigare prognos", [("X", m3), ("Y", m3)]) == ""
    assert periods_note("Tidigare prognos", [("X", m3), ("Y", m1), ("Z", m2), ("W", m1), ("Y", m1)]) == (
        "Tidigare prognos är från mars 2021, för Z från februari 2021, för Y och W från januari 2021 (senaste sparade prognos)."
    )
