"""Writing a period's templates sets aside the older ones the plan no longer names (a division renamed or
removed), so that nobody sends out an old template beside the new one; nothing else in the folder moves."""

from __future__ import annotations

from dataclasses import replace

from click.testing import CliRunner

from reporting.cli import main
from reporting.demo.units import unit_plan
from reporting.plan.periods import Period
from reporting.plan.write import write_plan
from reporting.template.write import write_templates

T1, DELAR = Period(2025, "T1"), Period(2025, "delar")


def _renamed(plan, division_id: str, name: str):
    return replace(plan, divisions=[replace(d, name=name) if d.id == division_id else d for d in plan.divisions])


def test_a_renamed_or_removed_divisions_old_template_is_moved_to_aldre(tmp_path, plan):
    out = tmp_path / "templates_xlsx"
    first = write_templates(plan, T1, out, workers=1)
    assert first.set_aside == [] and len(first.written) == 4
    other_period = write_templates(plan, DELAR, out, ["KIR"], workers=1).written[0]
    notes = out / "2025-T1 anteckningar.xlsx"
    notes.write_bytes(b"not a workbook")  # a file of the office's own: not a template, stays
    (out / "äldre").mkdir()
    (out / "äldre" / "2025-T1 Division Medicin.xlsx").write_bytes(b"set aside before")

    renamed = _renamed(plan, "MED", "Division Medicin och akut")
    again = write_templates(renamed, T1, out, workers=1)
    assert again.set_aside == [out / "äldre" / "2025-T1 Division Medicin (2).xlsx"]  # the earlier one is kept too
    assert (out / "äldre" / "2025-T1 Division Medicin.xlsx").read_bytes() == b"set aside before"
    assert sorted(p.name for p in out.glob("*.xlsx")) == [
        "2025-T1 Division Kirurgi.xlsx",
        "2025-T1 Division Medicin och akut.xlsx",
        "2025-T1 Division nära vård.xlsx",
        "2025-T1 Hälso- och sjukvårdsdirektör.xlsx",
        "2025-T1 anteckningar.xlsx",
        "2025-delar Division Kirurgi.xlsx",
    ]
    assert other_period.is_file() and notes.read_bytes() == b"not a workbook"

    without_kir = replace(renamed, divisions=[d for d in renamed.divisions if d.id != "KIR"])
    only_med = write_templates(without_kir, T1, out, ["MED"], workers=1)  # a --division run sweeps too
    assert [p.name for p in only_med.set_aside] == ["2025-T1 Division Kirurgi.xlsx"]
    assert other_period.is_file()  # another period's templates are that period's run's to judge


def test_unit_templates_stay_when_the_division_templates_are_written(tmp_path):
    plan = unit_plan(6)
    out = tmp_path / "templates_xlsx"
    units = write_templates(plan, T1, out, ["MED"], units=True, workers=1).written
    divisions = write_templates(plan, T1, out, ["MED"], workers=1)
    assert divisions.set_aside == [] and all(p.is_file() for p in units)  # both kinds are current


def test_a_unit_moved_to_another_division_has_its_old_template_set_aside(tmp_path):
    plan = unit_plan(6)  # Enhet 0001 is Division Medicin's
    out = tmp_path / "templates_xlsx"
    write_templates(plan, T1, out, units=True, workers=1)
    moved = replace(plan, units=[replace(u, division="KIR") if u.id == "E0001" else u for u in plan.units])
    again = write_templates(moved, T1, out, units=True, workers=1)
    assert [p.name for p in again.set_aside] == ["2025-T1 Division Medicin - Enhet 0001.xlsx"]
    assert (out / "2025-T1 Division Kirurgi - Enhet 0001.xlsx").is_file()


def test_the_templates_command_says_what_it_set_aside(tmp_path, plan):
    write_plan(tmp_path / "plan.xlsx", plan)
    run = lambda: CliRunner().invoke(main, ["templates", "-w", str(tmp_path), "--period", "2025-T1"])  # noqa: E731
    assert run().exit_code == 0
    write_plan(tmp_path / "plan.xlsx", _renamed(plan, "NV", "Division Nära vård"))
    out = run()
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[-2:] == [
        "Flyttade 1 äldre mall för 2025-T1 som planen inte längre har (division eller enhet borttagen, omdöpt eller "
        f"flyttad) till {tmp_path / 'templates_xlsx' / 'äldre'}/; skicka inte ut den:",
        "  2025-T1 Division nära vård.xlsx",
    ]
