"""A month ending the same day as a tertial (M04 and T1): April's files left in the inbox are leftovers at T1.

The plan lists 2025-M04 beside 2025-T1; MED's April file is consolidated for M04 and stays in the inbox.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import complete_edits, fill, template_copy
from reporting.demo.plan import demo_plan
from reporting.findings import Rule, Severity
from reporting.intake.run import run_intake
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.plan_periods import PeriodDef
from reporting.workspace import Workspace

M04, T1 = Period(2025, "M04"), Period(2025, "T1")


@pytest.fixture
def plan() -> Plan:
    plan = demo_plan()
    plan.periods = [PeriodDef("M04", "Månadsrapport per april", None), *plan.periods]
    return plan


def _april_file(plan: Plan, ws: Workspace, name: str = "2025-M04 MED.xlsx") -> Path:
    template = template_copy(plan, "MED", M04, ws.root / "t" / name)
    return fill(template, complete_edits(plan, "MED", 2025, "M04"), ws.inbox / name)


def test_a_month_file_archived_for_its_month_is_a_leftover_at_the_tertial_ending_the_same_day(plan, tmp_path):
    ws = Workspace(tmp_path)
    ws.inbox.mkdir(parents=True)
    _april_file(plan, ws)
    assert [f.accepted for f in run_intake(ws, plan, M04).files] == [True]  # April's run archives it
    (file,) = run_intake(ws, plan, T1).files  # T1's run: the file is still in the inbox
    assert not file.accepted and file.for_another_period
    assert [(f.severity, f.rule) for f in file.findings] == [(Severity.WARNING, Rule.EARLIER_PERIOD)]
    assert file.findings[0].message.startswith("Filen gäller april 2025, en tidigare period än T1 2025")


def test_a_month_file_never_archived_is_still_the_wrong_template_at_the_tertial(plan, tmp_path):
    ws = Workspace(tmp_path)
    ws.inbox.mkdir(parents=True)
    _april_file(plan, ws)  # April's template filled in for T1: the same months, the other template
    (file,) = run_intake(ws, plan, T1).files
    assert [(f.severity, f.rule) for f in file.findings] == [(Severity.ERROR, Rule.WRONG_PERIOD)]


def test_check_in_the_workspace_tells_the_archived_month_file_a_leftover_as_consolidate_does(plan, tmp_path):
    import json

    from click.testing import CliRunner

    from reporting.cli import main
    from reporting.plan.write import write_plan

    ws = Workspace(tmp_path)
    ws.inbox.mkdir(parents=True)
    write_plan(ws.plan, plan)
    april = _april_file(plan, ws)
    run_intake(ws, plan, M04)
    result = CliRunner().invoke(main, ["check", "-w", str(tmp_path), "-p", "2025-T1", "--json", str(april)])
    assert [(f["severity"], f["rule"]) for f in json.loads(result.stdout)] == [("varning", "earlier-period")]


def test_a_tertial_file_archived_for_its_tertial_is_a_leftover_at_the_month_run_again(plan, tmp_path):
    """April run again after T1: T1's file, archived by T1's run, is said to be in the archive already."""
    ws = Workspace(tmp_path)
    ws.inbox.mkdir(parents=True)
    template = template_copy(plan, "MED", T1, ws.root / "t" / "2025-T1 MED.xlsx")
    fill(template, complete_edits(plan, "MED"), ws.inbox / "2025-T1 MED.xlsx")
    assert [f.accepted for f in run_intake(ws, plan, T1).files] == [True]
    (file,) = run_intake(ws, plan, M04).files
    assert [(f.severity, f.rule) for f in file.findings] == [(Severity.WARNING, Rule.LATER_PERIOD)]
    assert file.findings[0].message == (
        "Filen gäller T1 2025, inte april 2025. Den räknas inte in här utan i rapporten för T1 2025 (den finns redan "
        "i arkivet); du behöver inte göra något nu."
    )
