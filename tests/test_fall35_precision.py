"""The accumulated-drop message writes both values as the report shows the key figure: a figure in mkr typed 57,0
reads "57,0" in the Nyckeltal cell and the Word draft, so the message says "57,0 mkr", not "57 mkr" (qa35r). Two
values the report's precision shows alike are written with the decimals they were typed with."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from helpers import complete_edits, fill, template_copy
from reporting.demo.plan import demo_plan
from reporting.findings import Rule
from reporting.history.accumulated import shown_apart
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.swedish import format_key_figure
from reporting.workflow import run_period
from reporting.workspace import Workspace

T1, DELAR = Period(2025, "T1"), Period(2025, "delar")
COSTS = {"N14": "Inhyrd personal, kostnad ackumulerat", "N12": "Inhyrd personal läkare, kostnad ackumulerat"}


def _plan() -> Plan:
    plan = demo_plan()
    plan.key_figures = [replace(kf, name=COSTS[kf.id], unit="mkr") if kf.id in COSTS else kf for kf in plan.key_figures]
    return plan


def _run(tmp: Path, ws: Workspace, plan: Plan, period: Period, n14: float, n12: float) -> dict[str, str]:
    """Division Medicin's file with N14's and N12's utfall, taken in with history: accumulated-drop's messages."""
    for old in ws.inbox.glob("*.xlsx"):
        old.unlink()
    values = {("Nyckeltal", "N14", "outcome"): n14, ("Nyckeltal", "N12", "outcome"): n12}
    fill(
        template_copy(plan, "MED", period, tmp / f"mall-{period.key}.xlsx"),
        {**complete_edits(plan, "MED"), **values},
        ws.inbox / "med.xlsx",
    )
    result = run_period(ws, plan, period, report=False, feedback=False, quiet=True)
    found = [f for f in result.consolidation.checks if f.rule is Rule.ACCUMULATED_DROP]
    return {f.message.split(" är ")[0].rsplit(" ", 1)[1]: f.message for f in found}


@pytest.fixture(scope="module")
def delar(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("precision")
    ws = Workspace(tmp / "ws")
    ws.inbox.mkdir(parents=True)
    plan = _plan()
    assert _run(tmp, ws, plan, T1, 57.0, 57.04) == {}
    return _run(tmp, ws, plan, DELAR, 40.5, 57.03)


ADVICE = (
    "Nyckeltalet är ackumulerat (från januari till och med periodens sista månad): skriv hela periodens värde, "
    "inte bara den senaste månadens."
)


def test_a_key_figure_in_mkr_typed_57_0_reads_57_0_as_in_the_report(delar):
    assert delar["N14"] == (
        f"Utfallet för nyckeltal N14 är 40,5 mkr, lägre än 57,0 mkr som Division Medicin rapporterade för T1 2025. {ADVICE}"
    )
    assert format_key_figure(Decimal("57"), "mkr") == "57,0"  # the report's Nyckeltal cell and Word draft


def test_two_values_the_reports_precision_shows_alike_keep_their_typed_decimals(delar):
    assert delar["N12"] == (
        f"Utfallet för nyckeltal N12 är 57,03 mkr, lägre än 57,04 mkr som Division Medicin rapporterade för T1 "
        f"2025. {ADVICE}"
    )


@pytest.mark.parametrize(
    ("value", "earlier", "unit", "shown"),
    [
        ("40.5", "57", "mkr", ("40,5", "57,0")),
        ("57.03", "57.04", "mkr", ("57,03", "57,04")),
        ("97", "412", "antal", ("97", "412")),
        ("2", "5", "utlok/100 vpl", ("2,0", "5,0")),
        ("1.813", "1.814", "%", ("1,813", "1,814")),  # both "1,81" at the report's two decimals
    ],
)
def test_shown_apart_writes_a_key_figures_values_as_the_report_does(value, earlier, unit, shown):
    assert shown_apart(Decimal(value), Decimal(earlier), lambda v: format_key_figure(v, unit)) == shown
