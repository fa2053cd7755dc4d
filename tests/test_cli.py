"""The command line: help with an example on every command, exact messages and exit codes, the demo flow."""

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reporting.cli import main

ROOT = Path(__file__).resolve().parents[1]


def all_commands(group=main, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize(
    "path,command", list(all_commands()), ids=lambda x: " ".join(x) if isinstance(x, tuple) else ""
)
def test_every_command_has_help_with_an_example(path, command):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    if not isinstance(command, click.Group):
        assert "Example:" in result.output, path
        assert "reporting " + " ".join(path) in result.output


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path, command in all_commands():
        if not isinstance(command, click.Group):
            assert f"reporting {' '.join(path)}" in readme, path


def test_bad_period_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(
        main, ["templates", "--plan", str(ROOT / "plan.xlsx"), "-w", str(tmp_path), "--period", "2025-Q3"]
    )
    assert result.exit_code == 2
    assert 'unknown period "2025-Q3": use YEAR-T1, YEAR-delar or YEAR-helar, e.g. 2025-T1' in result.output


def test_missing_plan_says_how_to_fix(tmp_path):
    result = CliRunner().invoke(main, ["consolidate", "-w", str(tmp_path), "-p", "2025-T1"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no plan at {tmp_path / 'plan.xlsx'}. Create one with 'reporting plan new "
        f"{tmp_path / 'plan.xlsx'}' or run 'reporting demo' for the demo workspace.\n"
    )


def test_plan_check_lists_problems_with_cells(tmp_path):
    runner = CliRunner()
    blank = tmp_path / "blank.xlsx"
    assert runner.invoke(main, ["plan", "new", str(blank)]).exit_code == 0
    assert runner.invoke(main, ["plan", "new", str(blank)]).exit_code == 1  # refuses to overwrite
    result = runner.invoke(main, ["plan", "check", str(blank)])
    assert result.exit_code == 1
    assert 'blank.xlsx: Nämnd!B1: "Nämnd" saknas' in result.output
    ok = runner.invoke(main, ["plan", "check", str(ROOT / "plan.xlsx")])
    assert ok.exit_code == 0 and "OK – 4 divisions, 21 key figures" in ok.output


def test_templates_command(tmp_path):
    result = CliRunner().invoke(
        main, ["templates", "-w", str(tmp_path), "--plan", str(ROOT / "plan.xlsx"), "-p", "2025-delar", "-d", "MED"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "templates_xlsx" / "2025-delar Division Medicin.xlsx").exists()
    bad = CliRunner().invoke(
        main, ["templates", "-w", str(tmp_path), "--plan", str(ROOT / "plan.xlsx"), "-p", "2025-T1", "-d", "XX"]
    )
    assert bad.exit_code == 2 and "unknown division XX" in bad.output


def test_demo_runs_the_whole_flow(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["demo", "-w", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Inbox: 3 file(s), 3 accepted, 0 rejected." in result.output
    assert "not submitted: Hälso- och sjukvårdsdirektör" in result.output
    assert "Findings: 3 error(s)" in result.output
    assert (tmp_path / "outbox" / "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden.xlsx").exists()
    assert len(list((tmp_path / "outbox" / "återkoppling").glob("*.xlsx"))) == 4
    assert len(list((tmp_path / "templates_xlsx").glob("*.xlsx"))) == 12
    check = runner.invoke(
        main, ["check", "-w", str(tmp_path), str(tmp_path / "inbox" / "2025-T1 Division Kirurgi.xlsx")]
    )
    assert check.exit_code == 1
    assert "FEL: 2025-T1 Division Kirurgi.xlsx: Nyckeltal!E5: Utfall saknas för nyckeltal N01." in check.output
    for command in (["consolidate", "-p", "2025-T1"], ["feedback", "-p", "2025-T1"]):
        again = runner.invoke(main, [*command, "-w", str(tmp_path)])
        assert again.exit_code == 0 and "Traceback" not in again.output
