"""The unit-name check of every unit file grows linearly with the files: the division's unit names are read once
per plan, not once per file (a division may have thousands of units; 10 000 files took 50 s of CPU)."""

from __future__ import annotations

from pathlib import Path

from reporting.demo.units import unit_plan
from reporting.intake import unit_name
from reporting.intake.submission import FileResult


def test_the_unit_names_are_read_once_per_plan_however_many_files(monkeypatch):
    plan = unit_plan(400)
    calls = [0]
    words = unit_name._words

    def counted(text: str) -> str:
        calls[0] += 1
        return words(text)

    monkeypatch.setattr(unit_name, "_words", counted)
    files = plan.units[:200]
    results = [FileResult(Path("x.xlsx"), "", []) for _ in files]
    for unit, result in zip(files, results, strict=True):
        other = next(u for u in plan.units_of(unit.division) if u.id != unit.id)
        unit_name.check_unit_name(f"2025-T1 - {other.name}.xlsx", plan, unit.division, unit.id, result)
    assert all(len(r.findings) == 1 for r in results)  # each named for another unit of its division: warned
    assert calls[0] <= len(plan.units) + 2 * len(files)  # the plan's names once, two per file
