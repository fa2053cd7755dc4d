"""click's messages on a value of the wrong type or outside a choice read in Swedish, as every other line does."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from reporting.cli import main


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["history", "export", "--format", "xls"],
            "Fel: ogiltigt värde för '--format': 'xls' är inget av 'csv', 'parquet'.",
        ),
        (
            ["history", "kolada-fetch", "--kpi", "N1", "--year", "abc"],
            "Fel: ogiltigt värde för '--year': 'abc' är inget heltal.",
        ),
        (["plan", "new", "--year", "3000"], "Fel: ogiltigt värde för '--year': 3000 ligger utanför 1900–2200."),
        (["plan", "new", "--year", "abc"], "Fel: ogiltigt värde för '--year': 'abc' är inget heltal."),
        (
            ["demo", "--plan", "x"],
            "Fel: ogiltigt värde för '--plan': 'x' är inget av 'jh-2025', 'jh-2021', 'vasternorrland-2025'.",
        ),
    ],
)
def test_a_bad_value_is_told_in_swedish(tmp_path, args, line):
    result = CliRunner().invoke(main, [*args, "-w", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == line


def test_a_ranges_bounds_read_in_swedish_in_help():
    help_text = CliRunner().invoke(main, ["plan", "new", "--help"]).output
    assert "--year ÅR" in help_text and "[1900–2200]" in help_text and "INTEGER" not in help_text


def test_plan_new_makes_the_inbox_the_first_consolidate_reads(tmp_path):
    result = CliRunner().invoke(main, ["plan", "new", "-w", str(tmp_path / "kontoret")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "kontoret").iterdir()) == ["inbox", "plan.xlsx"]
    assert CliRunner().invoke(main, ["plan", "new", str(tmp_path / "egen.xlsx")]).exit_code == 0  # a file alone
    assert not (tmp_path / "inbox").exists()
