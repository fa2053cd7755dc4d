"""A month's own value typed where the accumulated (januari–period) value is asked: lower than the division's own
stored utfall of an earlier period of the year, a warning at its cell naming that value (a controller's tester
typed the month's count; the nämnd's sum then fell from 412 to 97 without a word)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from helpers import complete_edits, fill, template_copy
from reporting.demo.plan import demo_plan
from reporting.findings import Rule, Severity
from reporting.history.accumulated import is_accumulated
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.workflow import run_period
from reporting.workspace import Workspace

T1, DELAR = Period(2025, "T1"), Period(2025, "delar")


def _plan() -> Plan:
    plan = demo_plan()
    plan.key_figures = [
        replace(kf, name="Utlokaliseringar, antal ackumulerat") if kf.id == "N14" else kf for kf in plan.key_figures
    ]
    return plan


def _run(tmp: Path, ws: Workspace, plan: Plan, period: Period, n14: float, n01: float) -> list:
    """Division Medicin's file for ``period`` with N14's and N01's utfall, taken in with history; the run's checks."""
    for old in ws.inbox.glob("*.xlsx"):
        old.unlink()
    edits = {**complete_edits(plan, "MED"), ("Nyckeltal", "N14", "outcome"): n14, ("Nyckeltal", "N01", "outcome"): n01}
    fill(template_copy(plan, "MED", period, tmp / f"mall-{period.key}.xlsx"), edits, ws.inbox / "med.xlsx")
    result = run_period(ws, plan, period, report=False, feedback=False, quiet=True)
    return [f for f in result.consolidation.checks if f.rule is Rule.ACCUMULATED_DROP]


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """T1 with N14 at 5,0 and N01 at 4,5; delår with N14 at 2,0 (a month's own) and N01 at 4,1 (an index)."""
    tmp = tmp_path_factory.mktemp("accumulated")
    ws = Workspace(tmp / "ws")
    ws.inbox.mkdir(parents=True)
    plan = _plan()
    first = _run(tmp, ws, plan, T1, 5.0, 4.5)
    return first, _run(tmp, ws, plan, DELAR, 2.0, 4.1)


def test_an_accumulated_utfall_below_the_divisions_earlier_one_is_warned_about_at_its_cell(year):
    first, (found,) = year
    assert first == []  # nothing stored before T1
    assert (found.severity, found.division, found.sheet, found.file) == (
        Severity.WARNING,
        "Division Medicin",
        "Nyckeltal",
        "med.xlsx",
    )
    assert found.cell.startswith("E") and found.message == (
        "Utfallet för nyckeltal N14 är 2,0 utlok/100 vpl, lägre än 5,0 utlok/100 vpl som Division Medicin rapporterade "
        "för T1 2025. Nyckeltalet är ackumulerat (från januari till och med periodens sista månad): skriv hela "
        "periodens värde, inte bara den senaste månadens."
    )


@pytest.mark.parametrize(
    "name,unit,accumulated",
    [
        ("Inhyrd personal, kostnad ackumulerat", "mkr", True),
        ("Antal vårddygn", "st ack.", True),
        ("Antal besök, ack", "st", True),
        ("Hållbart Säkerhets Engagemang (HSE)", "index", False),
        ("Tillgänglighet akut (backup)", "%", False),
    ],
)
def test_a_key_figure_is_accumulated_when_its_name_or_unit_says_so(name, unit, accumulated):
    kf = replace(demo_plan().key_figures[0], name=name, unit=unit)
    assert is_accumulated(kf) is accumulated


def test_an_id_given_to_another_accumulated_measure_is_not_set_against_the_old_ones_utfall(tmp_path):
    """An id reused mid-year for another measure: its first utfall is not "lower" than the old measure's."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    plan = _plan()
    assert _run(tmp_path, ws, plan, T1, 5.0, 4.5) == []
    renamed = [replace(kf, name="Vårdplatser, antal ackumulerat") if kf.id == "N14" else kf for kf in plan.key_figures]
    assert _run(tmp_path, ws, replace(plan, key_figures=renamed), DELAR, 2.0, 4.1) == []
