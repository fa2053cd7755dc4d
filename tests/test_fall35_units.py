"""A division reported by its units' files: history keeps each unit's own upparbetat, status and uppnådd effekt under
its reporter key ("MED/E0001"), and a unit whose amount fell is warned at its own file's cell, named as the unit;
its division's återkoppling lists it. Another unit whose answers did not fall is not warned about.

Medicin of the unit plan (Enhet 0001, 0005, 0009) from Enhet 0001's and 0005's files at T1 and delår: the demo's
values (which never fall within the year), Enhet 0001's IU0001a and A1 typed lower at delår."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from helpers import locate_in, rows_of
from reporting.demo.submissions import demo_fill
from reporting.demo.units import unit_plan
from reporting.findings import Rule, Severity
from reporting.history.store import load_figures, open_history
from reporting.history.words import Metric, RowKind
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.template.write import build_template
from reporting.workflow import run_period
from reporting.workspace import Workspace

T1, DELAR = Period(2025, "T1"), Period(2025, "delar")
RULES = (Rule.SPENT_DROP, Rule.STATUS_BACK, Rule.EFFECT_DROP)
UNIT = "Division Medicin / Enhet 0001"


def _unit_files(plan: Plan, ws: Workspace, period: Period) -> Path:
    """Enhet 0001's and 0005's files of ``period`` in the inbox (0001's with its typed answers); 0001's path."""
    for old in ws.inbox.glob("*.xlsx"):
        old.unlink()
    paths = {}
    for unit_id in ("E0001", "E0005"):
        values = demo_fill(plan, "MED", period, unit_id=unit_id)
        if unit_id == "E0001":
            values["Investeringar"]["IU0001a"].update(
                {"status": "Pågår", "spent": Decimal(400) if period == T1 else Decimal(250)}
            )
            values["Åtgärdsplan"]["A1"]["achieved"] = Decimal("2.5") if period == T1 else Decimal("1.5")
        name = Reporter(plan.division("MED"), plan.unit(unit_id)).file_name(period.key)
        paths[unit_id] = build_template(plan, "MED", period, ws.inbox / name, values, unit_id=unit_id)
    return paths["E0001"]


@pytest.fixture(scope="module")
def delar(tmp_path_factory):
    """(the workspace, Enhet 0001's delår file, T1's findings, delår's findings, the delår run)."""
    ws = Workspace(tmp_path_factory.mktemp("units-to-date") / "ws")
    ws.inbox.mkdir(parents=True)
    plan = unit_plan(12)
    _unit_files(plan, ws, T1)
    first = run_period(ws, plan, T1, report=False, feedback=False, quiet=True)
    mine = _unit_files(plan, ws, DELAR)
    run = run_period(ws, plan, DELAR, report=False, feedback=True, quiet=True)
    found = [f for f in run.consolidation.checks if f.rule in RULES]
    return ws, mine, [f for f in first.consolidation.checks if f.rule in RULES], found, run


def test_history_keeps_each_units_own_answers_under_its_reporter_key(delar):
    ws = delar[0]
    engine = open_history(ws.root)
    try:
        frame = load_figures(engine)
    finally:
        engine.dispose()
    t1 = frame[(frame["period"] == "T1") & frame["kind"].isin([RowKind.INVESTMENT, RowKind.MEASURE_SHARE])]
    assert set(t1["division"]) == {"MED/E0001", "MED/E0005"}  # no division key: Medicin has no file of its own
    spent = t1[(t1["item"] == "IU0001a") & (t1["metric"] == Metric.SPENT)]
    assert list(zip(spent["division"], spent["value"], spent["unit"])) == [("MED/E0001", Decimal(400), "tkr")]
    effect = t1[(t1["item"] == "A1") & (t1["division"] == "MED/E0001")]
    assert list(zip(effect["metric"], effect["value"], effect["unit"])) == [(Metric.ACHIEVED, Decimal("2.5"), "mkr")]


def test_a_units_fallen_amounts_are_warned_at_its_own_files_cells(delar):
    _, mine, first, found, _ = delar
    assert first == []
    got = {(f.rule, f.cell): (f.severity, f.file, f.division, f.message) for f in found}
    unit_file = (Severity.WARNING, mine.name, UNIT)
    assert got == {
        (Rule.SPENT_DROP, locate_in(mine, "Investeringar", "IU0001a", "spent")): (
            *unit_file,
            f"Upparbetat belopp för investering IU0001a är 250 tkr, lägre än 400 tkr som {UNIT} rapporterade för T1 "
            "2025. Upparbetat belopp är vad investeringen har kostat hittills och minskar inte under året: skriv hela "
            "beloppet hittills; var det tidigare beloppet fel, skriv det i kommentaren.",
        ),
        (Rule.EFFECT_DROP, locate_in(mine, "Åtgärdsplan", "A1", "achieved")): (
            *unit_file,
            f"Uppnådd effekt för åtgärd A1 är 1,5 mkr, lägre än 2,5 mkr som {UNIT} rapporterade för T1 2025. Uppnådd "
            "effekt räknas från årets början och minskar inte under året: skriv hela effekten hittills i år; var den "
            "tidigare effekten fel, skriv det i kommentaren.",
        ),
    }


def test_the_units_warnings_reach_its_divisions_aterkoppling(delar):
    *_, found, run = delar
    feedback = next(p for p in run.written if p.parent.name == "återkoppling" and "Division Medicin" in p.name)
    shown = {cell for row in rows_of(feedback, "Återkoppling") for cell in row if isinstance(cell, str)}
    assert {f.message for f in found} <= shown and len(found) == 2
