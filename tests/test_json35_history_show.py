"""``history show --json`` has one row shape (QA 35j #6d): the same keys, in the same order, with one nämnd or
several; what a row has no value for is "" for text and null for a number."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import insert

from reporting.cli import main
from reporting.history.store import figures, open_history

KEYS = [
    "board",
    "key_figure",
    "division",
    "period",
    "outcome",
    "forecast",
    "change",
    "unit",
    "left_out",
    "scope_change",
]


def _row(board: str, kind: str, value: str) -> dict[str, object]:
    return {
        "board": board,
        "year": 2025,
        "period": kind,
        "division": "",
        "unit": "%",
        "kind": "nyckeltal",
        "item": "N04",
        "metric": "outcome",
        "value": value,
        "stored_at": "x",
    }


def test_one_board_and_several_give_the_same_keys(tmp_path):
    engine = open_history(tmp_path)
    with engine.begin() as conn:
        conn.execute(insert(figures), [_row("hsn", "T1", "61.2"), _row("hsn", "delar", "62.5"), _row("bun", "T1", "7")])
    engine.dispose()

    def show(*args: str) -> list[dict[str, object]]:
        result = CliRunner().invoke(main, ["history", "show", "N04", "--json", "-w", str(tmp_path), *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    one = show("--board", "hsn")
    assert one == [
        {
            "board": "hsn",
            "key_figure": "N04",
            "division": "",
            "period": "2025-T1",
            "outcome": "61.2",
            "forecast": None,
            "change": None,
            "unit": "%",
            "left_out": "",
            "scope_change": "",
        },
        {
            "board": "hsn",
            "key_figure": "N04",
            "division": "",
            "period": "2025-delar",
            "outcome": "62.5",
            "forecast": None,
            "change": None,
            "unit": "%",
            "left_out": "",
            "scope_change": "",
        },
    ]
    several = show("--board", "all")
    assert all(list(r) == KEYS for r in several)
    assert [(r["board"], r["period"], r["outcome"], r["scope_change"]) for r in several] == [
        ("bun", "2025-T1", "7", ""),
        ("hsn", "2025-T1", "61.2", ""),
        ("hsn", "2025-delar", "62.5", ""),
    ]
