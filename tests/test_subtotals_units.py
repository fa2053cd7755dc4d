"""Delsumma rows of a division combined from its units, one unit missing: every sum reconciles with its parts.

Seed 002's eight groups and two Delsumma rows, each division's frame split over three units; one
unit per division does not report. The division's Delsumma rows, its netto, the nämnd total per
group and per Delsumma, and the whole nämnd's frame row are each checked against the units' own
frames and answers, and against the report workbook's "Nämnden totalt per kontogrupp" table.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from econ_plans import SEED002_AREAS, T1, seed002_plan
from helpers import rows_of
from reporting.consolidate.consolidation import consolidate
from reporting.consolidate.economy import board_amounts, group_frames, group_totals
from reporting.demo.units import _apportion, write_unit_submissions
from reporting.intake.run import run_intake
from reporting.output.report import write_report
from reporting.plan.groups import subtotals
from reporting.plan.model import BudgetFrame, Plan, Unit
from reporting.plan.read import load_plan
from reporting.plan.write import write_plan
from reporting.template.spec import NETTO_ID
from reporting.workspace import Workspace

D = Decimal
WEIGHTS = [D(5), D(7), D(11)]


def units_plan() -> Plan:
    """seed002_plan with three units per division, each division's frame split over them to the tkr."""
    base = seed002_plan()
    units = [Unit(f"{d}{k}", f"Enhet {k} {d}", d) for d in SEED002_AREAS for k in (1, 2, 3)]
    frames = list(base.budget_frames)
    for frame in base.budget_frames:
        split = {gid: _apportion(amount, WEIGHTS, D(1)) for gid, amount in frame.amounts.items()}
        for n, unit in enumerate(u for u in units if u.division == frame.division):
            amounts = {gid: parts[n] for gid, parts in split.items()}
            frames.append(BudgetFrame(frame.division, 2025, amounts, sum(amounts.values(), D(0)), unit.id))
    return replace(base, units=units, budget_frames=frames)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("delsumma-units")
    plan = load_plan(write_plan(tmp / "plan.xlsx", units_plan()))  # the plan as users give it
    ws = Workspace(tmp / "ws")
    write_unit_submissions(plan, T1, ws.inbox, skip_every=3)  # the third unit of each division is missing
    intake = run_intake(ws, plan, T1)
    result = consolidate(plan, intake)
    write_report(result, ws.outbox)
    return plan, intake, result, next(ws.outbox.glob("*.xlsx"))


def test_a_divisions_delsumma_rows_are_its_reporting_units_sums(run):
    plan, intake, result, _ = run
    delsummor = subtotals(plan.account_groups)
    assert [s.name for s in delsummor] == ["Summa intäktsbudget", "Summa kostnadsbudget"]
    checked = 0
    for division in SEED002_AREAS:
        units = [u.id for u in plan.units_of(division)]
        reporting = [f.submission for f in intake.current.values() if f.division_id == division]
        assert sorted(s.unit_id for s in reporting) == units[:2]
        rows = {e.group_id: e for e in result.economy if e.division_id == division}
        for item in delsummor:
            row = rows[item.id]
            frames = [plan.frame(division, 2025, u).amounts[g] for u in units[:2] for g in item.groups]
            actuals = [s.answers.account(g).actual for s in reporting for g in item.groups]
            assert row.budget == sum(frames, D(0)) == sum((rows[g].budget for g in item.groups), D(0))
            assert row.actual == sum(actuals, D(0)) == sum((rows[g].actual for g in item.groups), D(0))
            assert row.forecast == sum((rows[g].forecast for g in item.groups), D(0))
            assert row.whole_budget == sum((plan.frame(division, 2025).amounts[g] for g in item.groups), D(0))
            assert row.left_out == f"Enhet 3 {division} i {plan.division(division).name}"
            checked += 1
        # netto is the groups' sum, the Delsumma rows are not counted twice
        groups = [g.id for g in plan.account_groups]
        assert rows[NETTO_ID].budget == sum((rows[g].budget for g in groups), D(0))
        assert rows[NETTO_ID].budget == sum((rows[s.id].budget for s in delsummor), D(0))
    assert checked == 8


def test_the_nämnd_totals_per_delsumma_reconcile_and_the_report_shows_them(run):
    plan, _, result, report = run
    board = board_amounts(plan, 2025)
    totals = {t.group_id: t for t in group_totals(result.economy, board)}
    frames = {t.group_id: t for t in group_frames(result.economy, board)}
    units = {d: [u.id for u in plan.units_of(d)] for d in SEED002_AREAS}
    for item in subtotals(plan.account_groups):
        parts = item.groups
        assert totals[item.id].budget == sum((totals[g].budget for g in parts), D(0))
        assert totals[item.id].actual == sum((totals[g].actual for g in parts), D(0))
        reporting_frames = sum(
            (plan.frame(d, 2025, u).amounts[g] for d in units for u in units[d][:2] for g in parts), D(0)
        )
        assert totals[item.id].budget == reporting_frames + sum((board.get(g, D(0)) for g in parts), D(0))
        whole = sum((plan.frame(d, 2025).amounts[g] for d in SEED002_AREAS for g in parts), D(0))
        assert (
            frames[item.id].budget == whole + sum((board.get(g, D(0)) for g in parts), D(0)) != totals[item.id].budget
        )
    assert totals[NETTO_ID].budget == sum((totals[g.id].budget for g in plan.account_groups), D(0))
    # the report's tables per account group show the same sums, and the whole frame is seed 002's own table's
    rows = rows_of(report, "Ekonomi")
    shown, frame = _table(rows, "Nämnden totalt (exkl. Enhet 3 HSD i "), _table(rows, "Nämndens budgetram")
    for item in [*subtotals(plan.account_groups), NETTO_ID]:
        gid, name = (item.id, item.name) if not isinstance(item, str) else (NETTO_ID, "Netto")
        assert D(str(shown[name])) == totals[gid].budget, name
    assert [frame[n] for n in ("Summa intäktsbudget", "Summa kostnadsbudget", "Netto")] == [
        840_222,
        -1_534_387,
        -694_165,
    ]


def _table(rows: list[tuple], heading: str) -> dict[str, object]:
    """Kontogrupp -> Budget helår of the report's table under the heading that starts with ``heading``."""
    start = next(i for i, r in enumerate(rows) if str(r[0] or "").startswith(heading)) + 2
    end = next(i for i in range(start, len(rows)) if rows[i][0] == "Netto") + 1
    return {r[0]: r[1] for r in rows[start:end]}
