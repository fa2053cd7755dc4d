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
