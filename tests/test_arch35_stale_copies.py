"""A copy of a current template in templates_xlsx/ (a sync conflict copy, "Kopia av …") is still moved to äldre/,
but told as a copy of that template, not as one the plan no longer has (qa35w #11)."""

from __future__ import annotations

import shutil
from dataclasses import replace

from click.testing import CliRunner

from reporting.cli import main
from reporting.demo.units import unit_plan
from reporting.plan.periods import Period
from reporting.plan.write import write_plan
from reporting.template.stale import set_aside_notes
from reporting.template.write import write_templates

T1 = Period(2025, "T1")


def test_the_templates_command_tells_a_conflict_copy_as_a_copy(tmp_path, plan):
    write_plan(tmp_path / "plan.xlsx", plan)
    run = lambda: CliRunner().invoke(main, ["templates", "-w", str(tmp_path), "--period", "2025-T1"])  # noqa: E731
    assert run().exit_code == 0
    folder = tmp_path / "templates_xlsx"
    medicin = folder / "2025-T1 Division Medicin.xlsx"
    shutil.copy(medicin, folder / "2025-T1 Division Medicin-DESKTOP-AB12CD.xlsx")
    shutil.copy(medicin, folder / "2025-T1 Division Medicin (1).xlsx")
    out = run()
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[-3:] == [
        f"Flyttade 2 kopior av aktuella mallar för 2025-T1 (t.ex. OneDrive-konfliktkopior) till {folder / 'äldre'}/; "
        "skicka inte ut dem:",
        "  2025-T1 Division Medicin (1).xlsx: en kopia av mallen för Division Medicin",
        "  2025-T1 Division Medicin-DESKTOP-AB12CD.xlsx: en kopia av mallen för Division Medicin",
    ]
    assert sorted(p.name for p in (folder / "äldre").iterdir()) == [
        "2025-T1 Division Medicin (1).xlsx",
        "2025-T1 Division Medicin-DESKTOP-AB12CD.xlsx",
    ]
    assert medicin.is_file()


def test_a_copy_and_a_renamed_divisions_template_each_get_their_reason(tmp_path, plan):
    out = tmp_path / "templates_xlsx"
    write_templates(plan, T1, out, workers=1)
    shutil.copy(out / "2025-T1 Division Kirurgi.xlsx", out / "Kopia av 2025-T1 Division Kirurgi.xlsx")
    shutil.copy(out / "2025-T1 Division Kirurgi.xlsx", out / "2025-T1 Division Kirurgi - Kopia.xlsx")
    renamed = replace(
        plan, divisions=[replace(d, name="Division Nära vård") if d.id == "NV" else d for d in plan.divisions]
    )
    run = write_templates(renamed, T1, out, workers=1)
    older = out / "äldre"
    assert sorted(p.name for p in run.set_aside) == [
        "2025-T1 Division Kirurgi - Kopia.xlsx",
        "2025-T1 Division nära vård.xlsx",
    ]  # "Kopia av …" does not start with the period: not a template of it by name, left where it is
    assert set_aside_notes(renamed, T1, run.set_aside, older) == [
        (
            "Flyttade 1 äldre mall för 2025-T1 som planen inte längre har (division eller enhet borttagen, omdöpt "
            f"eller flyttad) till {older}/; skicka inte ut den",
            ["2025-T1 Division nära vård.xlsx"],
        ),
        (
            f"Flyttade 1 kopia av en aktuell mall för 2025-T1 (t.ex. en OneDrive-konfliktkopia) till {older}/; "
            "skicka inte ut den",
            ["2025-T1 Division Kirurgi - Kopia.xlsx: en kopia av mallen för Division Kirurgi"],
        ),
    ]


def test_a_units_conflict_copy_is_a_copy_of_the_units_template(tmp_path):
    plan = unit_plan(6)
    out = tmp_path / "templates_xlsx"
    write_templates(plan, T1, out, ["MED"], units=True, workers=1)
    unit = out / "2025-T1 Division Medicin - Enhet 0001.xlsx"
    shutil.copy(unit, out / "2025-T1 Division Medicin - Enhet 0001-KONTOR-B.xlsx")
    run = write_templates(plan, T1, out, ["MED"], units=True, workers=1)
    assert [(head.split(" (")[0], names) for head, names in set_aside_notes(plan, T1, run.set_aside, out)] == [
        (
            "Flyttade 1 kopia av en aktuell mall för 2025-T1",
            [
                "2025-T1 Division Medicin - Enhet 0001-KONTOR-B.xlsx: en kopia av mallen för Division Medicin / Enhet 0001"
            ],
        )
    ]
