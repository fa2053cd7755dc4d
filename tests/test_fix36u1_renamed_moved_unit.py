"""A unit renamed (same id) after its template went out keeps its investments; a unit moved to another division is
told where it now reports and which template to fill in (qa36u #3, #5)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reporting.demo.units import unit_plan, write_unit_submissions
from reporting.intake.read import read_file
from reporting.plan.model import Plan
from reporting.plan.periods import parse_period


def _files(tmp_path: Path, renamed: bool) -> tuple[Plan, Path]:
    plan = unit_plan(8)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_unit_submissions(plan, parse_period("2025-T1"), inbox)
    if renamed:
        units = [replace(u, name="Akutmottagning Östersund") if u.id == "E0007" else u for u in plan.units]
    else:
        units = [replace(u, division="KIR") if u.id == "E0005" else u for u in plan.units]
    return replace(plan, units=units), inbox


def test_renamed_unit_keeps_its_investments(tmp_path: Path) -> None:
    plan, inbox = _files(tmp_path, renamed=True)
    [own] = [read_file(p, plan, parse_period("2025-T1")) for p in inbox.glob("*Enhet 0007.xlsx")]
    assert own.submission is not None
    assert not [f for f in own.findings if f.rule.value == "plan-row-changed"]
    ids = [i.id for i in plan.investments if i.unit == "Enhet 0007"]
    assert ids and all(own.submission.answers.investments[i].status for i in ids)


def test_moved_unit_is_told_its_new_division_and_template(tmp_path: Path) -> None:
    plan, inbox = _files(tmp_path, renamed=False)
    [own] = [read_file(p, plan, parse_period("2025-T1")) for p in inbox.glob("*Enhet 0005.xlsx")]
    [finding] = [f for f in own.findings if f.rule.value == "unknown-division"]
    assert "hör sedan mallen skapades till Division Kirurgi" in finding.message
    assert "2025-T1 Division Kirurgi - Enhet 0005.xlsx" in finding.message
    assert "reporting templates --period 2025-T1 --units" in finding.message
