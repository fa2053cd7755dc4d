"""Tidsserier's previous forecast: never across an id reused for another measure, and the period it is from said
when the period before holds no whole value of the key figure (a division missing then)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from helpers import rows_of
from reporting.demo.plan import demo_plan
from reporting.demo.submissions import write_demo_submissions
from reporting.history.previous import periods_note
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.plan.write import write_plan
from reporting.workflow import run_period
from reporting.workspace import Workspace

T1, DELAR, HELAR = Period(2025, "T1"), Period(2025, "delar"), Period(2025, "helar")
NEW_N02 = "Andelen patienter som får återbesök inom 7 dagar"


def _run(ws: Workspace, plan: Plan, period: Period, missing: str = "", report: bool = True) -> list[Path]:
    plan = load_plan(write_plan(ws.plan, plan))
    shutil.rmtree(ws.inbox, ignore_errors=True)
    write_demo_submissions(plan, period, ws.inbox, missing=missing, faulty="")
    return run_period(ws, plan, period, report=report, feedback=False).written


def _renamed(plan: Plan) -> Plan:
    """N02 reused for another measure: the same id, another name."""
    return replace(plan, key_figures=[replace(k, name=NEW_N02) if k.id == "N02" else k for k in plan.key_figures])


@pytest.fixture(scope="module")
def helar(tmp_path_factory) -> tuple[dict[str, tuple[Any, ...]], str]:
    """T1 every division, delår without Division Kirurgi, helår every division with N02 renamed: the helår
    report's Tidsserier rows by id and the notes below the table."""
    ws = Workspace(tmp_path_factory.mktemp("trend-periods"))
    _run(ws, demo_plan(), T1, report=False)
    _run(ws, demo_plan(), DELAR, missing="KIR", report=False)
    report = _run(ws, _renamed(demo_plan()), HELAR)[0]
    rows = rows_of(report, "Tidsserier")
    table = {r[0]: r for r in rows[4:] if r and r[0]}
    notes = []
    for r in rows[4 + len(table) :]:
        if len(r) < 2 or not isinstance(r[1], str) or r[1].startswith("Ekonomi:"):
            break
        notes.append(r[1])
    return table, " ".join(notes)


def test_no_previous_forecast_or_change_across_a_name_change(helar):
    """QA 34h defect 2: N02's delår forecast was of the old measure; the new one has none to be set against."""
    table, notes = helar
    row = table["N02"]
    # Målvärde, then T1, delår and helår as stored: the demo's N02 for the nämnd (delår's forecast was 100 %)
    assert row[2:6] == ("Minst 88 %", 95.5, 79.1, 97.1)
    assert row[6] == ""  # no trend (as before the fix)
    assert row[7] is None and row[9] is None  # no Föregående prognos, no Förändring
    assert row[8] == 97.1  # helår's own value is shown as Utfall helår
    assert 'N02 hette "Andelen patienter som når hälsocentralen via telefon samma dag"' in notes


def test_the_note_names_the_period_an_older_previous_forecast_is_from(helar):
    """QA 34h defect 7: delår's N04 (MED and KIR) was reported by MED only, so its previous forecast is T1's."""
    table, notes = helar
    assert table["N04"][7:10] == (69.58, 64.82, -4.76)  # T1's forecast, set against helår's utfall: the change
    assert "Föregående prognos är från delår 2025, för N01, N04, N05, N06, N10, N11 och N14 från T1 2025" in notes
    assert "(senaste sparade prognos)" in notes
    assert "N02 och" not in notes.split("Föregående prognos")[1]  # no previous forecast shown: not named


def test_periods_note_with_the_period_before_named_when_none_is_from_it():
    t1, m05 = T1, Period(2025, "M05")
    assert periods_note("Föregående prognos", [("N01", t1), ("N04", t1)], DELAR) == (
        "Föregående prognos för N01 och N04 är från T1 2025 (senaste sparade prognos)."
    )
    assert periods_note("Föregående prognos", [("N01", m05), ("N04", t1)], DELAR) == (
        "Föregående prognos för N01 är från maj 2025, för N04 från T1 2025 (senaste sparade prognos)."
    )
    assert periods_note("Föregående prognos", [("N01", DELAR), ("N04", DELAR)], DELAR) == ""
