"""``reporting check``'s choices from Python: the plan a file of a period is judged against
(reporting.plan.period_plans) and one file's verdict (reporting.intake.file_check), as the command uses them.

The demo's 2025-T1 is consolidated once; then the office moves 20 mkr of costs into Medicin's frame in plan.xlsx.
A T1 file is still judged against the plan T1 was consolidated with (archive/2025-T1/plan.xlsx).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import built_once
from reporting.findings import Rule, Severity
from reporting.intake.file_check import Checked, FileChecks
from reporting.plan.model import Plan
from reporting.plan.period_plans import PeriodPlans
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.plan.write import write_plan
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
SAVED_NOTE = (
    "2025-T1 bedöms mot planen som gällde när perioden först konsoliderades (archive/2025-T1/plan.xlsx), som "
    "'reporting consolidate' gör; planen har ändrats sedan dess. Kör med --current-plan för att kontrollera mot den "
    "nuvarande planen."
)


@pytest.fixture(scope="module")
def t1_consolidated(tmp_path_factory: pytest.TempPathFactory, demo_copy) -> Path:
    def build(folder: Path) -> None:
        from reporting.workflow import run_period

        ws, plan, _ = demo_copy(folder, T1)
        run_period(ws, plan, T1, report=False, feedback=False, quiet=True, plan_file=ws.plan)

    return built_once(tmp_path_factory, "cli35-t1-consolidated", build)


def _moved(plan: Plan) -> Plan:
    """The June decision: 20 mkr more Externa kostnader (and netto) in Medicin's 2025 frame."""
    old = plan.frame("MED", 2025)
    moved = replace(old, amounts={**old.amounts, "EK": old.amounts["EK"] + 20}, netto_given=old.netto + 20)
    return replace(plan, budget_frames=[moved if f is old else f for f in plan.budget_frames])


@pytest.fixture
def ws(t1_consolidated: Path, tmp_path: Path) -> Workspace:
    """A copy of the consolidated workspace, its inbox cleared and its plan.xlsx revised."""
    ws = Workspace(Path(shutil.copytree(t1_consolidated, tmp_path / "ws")))
    for path in ws.inbox.glob("*.xlsx"):
        path.unlink()
    write_plan(ws.plan, _moved(load_plan(ws.plan)))
    return ws


def _medicin(ws: Workspace) -> Path:
    (med,) = (ws.archive / "2025-T1" / "MED").glob("*.xlsx")
    return med


def test_a_file_of_an_earlier_consolidated_period_is_judged_against_the_period_s_saved_plan(ws):
    current, notes = load_plan(ws.plan), []
    plans = PeriodPlans(ws, current, ws.plan, tell=notes.append)
    saved = load_plan(ws.archive / "2025-T1" / "plan.xlsx")
    chosen = plans.of("2025-T1")
    assert chosen == saved and chosen != current
    assert (chosen.frame("MED", 2025).netto, current.frame("MED", 2025).netto) == (
        saved.frame("MED", 2025).netto,
        saved.frame("MED", 2025).netto + 20,
    )
    assert plans.of("2025-T1") is chosen and notes == [SAVED_NOTE]  # chosen and said once
    assert plans.of("2025-delar") is current  # never consolidated: the current plan, nothing said
    assert plans.of("") is current and plans.of("2025-X9") is current  # no period: the file's findings say so
    assert notes == [SAVED_NOTE]


def test_with_the_current_plan_asked_for_no_saved_plan_is_chosen_or_said(ws):
    current, notes = load_plan(ws.plan), []
    plans = PeriodPlans(ws, current, ws.plan, use_current=True, tell=notes.append)
    assert plans.of("2025-T1") is current and notes == []


def test_the_archived_file_passes_against_its_period_s_plan_and_fails_against_the_revised_one(ws):
    current = load_plan(ws.plan)
    for period in (None, T1):  # the file's own period, or the one given
        checked = FileChecks(PeriodPlans(ws, current, ws.plan), period).check(_medicin(ws))
        assert checked.passed and not [f for f in checked.findings if f.severity is Severity.ERROR]
    revised = FileChecks(PeriodPlans(ws, current, ws.plan, use_current=True), T1).check(_medicin(ws))
    assert not revised.passed
    assert [f.rule for f in revised.findings if f.severity is Severity.ERROR] == [Rule.FRAME_CHANGED]


def test_a_missing_file_or_a_folder_is_one_finding_not_an_exception(ws, tmp_path):
    checks = FileChecks(PeriodPlans(ws, load_plan(ws.plan), ws.plan), T1)
    missing = checks.check(tmp_path / "saknas.xlsx")
    folder = checks.check(tmp_path)
    assert [(f.rule, f.file, f.message) for f in missing.findings] == [
        (Rule.FILE_UNREADABLE, str(tmp_path / "saknas.xlsx"), "Filen finns inte.")
    ]
    assert [(f.rule, f.file, f.message) for f in folder.findings] == [
        (Rule.FILE_UNREADABLE, str(tmp_path), "Det är en mapp, inte en fil. Ange filerna i den, t.ex. mappen/*.xlsx.")
    ]
    assert missing.passed is False and folder == Checked(folder.findings, False)


def test_the_archive_index_is_read_once_and_is_empty_without_an_archive(ws, tmp_path):
    checks = FileChecks(PeriodPlans(ws, load_plan(ws.plan), ws.plan), T1)
    index = checks.archived()
    assert [(e["period"], e["division"]) for e in index if e["division"] == "MED"] == [("2025-T1", "MED")]
    assert checks.archived() is index
    bare = Workspace(tmp_path / "bare")
    assert FileChecks(PeriodPlans(bare, load_plan(ws.plan), ws.plan), T1).archived() == []
