"""`reporting templates` and the older templates it sets aside: named in --json's answer, and a file named
äldre where the folder must be stops the run before any template is written."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from reporting.cli import main
from reporting.plan.write import write_plan


def _templates(ws: Path, *extra: str):
    return CliRunner().invoke(main, ["templates", "-w", str(ws), "--period", "2025-T1", *extra])


def _renamed_nv(ws: Path, plan) -> None:
    divisions = [replace(d, name="Division Nära vård") if d.id == "NV" else d for d in plan.divisions]
    write_plan(ws / "plan.xlsx", replace(plan, divisions=divisions))


def test_the_json_answer_names_the_templates_set_aside(tmp_path, plan):
    write_plan(tmp_path / "plan.xlsx", plan)
    assert _templates(tmp_path).exit_code == 0
    _renamed_nv(tmp_path, plan)
    result = _templates(tmp_path, "--json")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "templates_xlsx"
    answer = json.loads(result.stdout)
    assert answer["set_aside"] == [str(folder / "äldre" / "2025-T1 Division nära vård.xlsx")]
    assert str(folder / "2025-T1 Division Nära vård.xlsx") in answer["written"] and len(answer["written"]) == 4
    assert result.stderr.startswith("Flyttade 1 äldre mall för 2025-T1")  # the person at the terminal is told too


def test_a_file_named_äldre_stops_the_run_before_any_template_is_written(tmp_path, plan):
    write_plan(tmp_path / "plan.xlsx", plan)
    assert _templates(tmp_path).exit_code == 0
    folder = tmp_path / "templates_xlsx"
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    (folder / "äldre").write_text("en anteckning")
    _renamed_nv(tmp_path, plan)
    result = _templates(tmp_path)
    assert result.exit_code == 1
    assert result.output == (
        f"Fel: {folder / 'äldre'} är en fil, men äldre måste vara en mapp: dit flyttas mallar som planen inte längre "
        "har (2025-T1 Division nära vård.xlsx). Flytta eller byt namn på filen och kör kommandot igen; inga mallar "
        "har skrivits.\n"
    )
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.name != "äldre"} == before  # nothing written
    assert (folder / "äldre").read_text() == "en anteckning"


def test_a_file_named_äldre_is_no_obstacle_when_nothing_is_to_be_set_aside(tmp_path, plan):
    write_plan(tmp_path / "plan.xlsx", plan)
    (tmp_path / "templates_xlsx").mkdir()
    (tmp_path / "templates_xlsx" / "äldre").write_text("en anteckning")
    result = _templates(tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"Skrev 4 mallar för 2025-T1 i {tmp_path / 'templates_xlsx'}/."
