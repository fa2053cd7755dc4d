"""Commands that only read the history never create it: a mistyped -w left an empty history.sqlite behind."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from reporting.cli import main


@pytest.mark.parametrize("args", [["history", "show", "N04"], ["history", "export", "-o", "x.csv"]])
def test_reading_a_workspace_without_history_says_so_and_creates_nothing(tmp_path, args, monkeypatch):
    monkeypatch.delenv("REPORTING_DB_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*args, "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Fel: det finns ingen historik i {tmp_path.resolve()}: history.sqlite saknas. Kör 'reporting consolidate' "
        "för en period först, eller ange arbetsytan med -w eller databasen med --db."
    )
    assert list(tmp_path.iterdir()) == []
