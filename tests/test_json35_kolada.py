"""`history kolada` and `kolada-fetch` for a script (QA 35j #11): the counts on standard output, every "Obs:" on
stderr as `history export` has them, and with --json one object with the counts and what was stored unseen."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from reporting.cli import main
from test_kolada_fetch import server  # noqa: F401 (a fixture)
from test_kolada_import_notes import MUNICIPALITY_NOTE, row, saved, ws  # noqa: F401 (ws: a fixture)

pytestmark = pytest.mark.usefixtures("history_db")

UNUSED_NOTE = (
    "Obs: X999 finns inte i planens kolumn Kolada-id; värdena är sparade men visas vid inget nyckeltal. Stäm av id:t "
    "mot Kolada, eller skriv in det vid nyckeltalet i plan.xlsx."
)
YEAR_NOTE = (
    "Obs: värdena för 2019 är sparade men visas i ingen rapport för 2025: rapporterna visar riket för periodens år "
    "eller året före (2025 eller 2024)."
)


def _rows():
    return (
        row("U79002", 2025, 66.4),
        row("U79014", 2025, None),
        row("X999", 2025, 3),
        row("U79002", 2025, 12, municipality="2380"),
        row("U79002", 2019, 60),
    )


def test_history_kolada_says_its_notes_on_stderr_and_its_counts_on_stdout(ws, tmp_path):  # noqa: F811
    path = saved(tmp_path, "svar.json", *_rows())
    result = CliRunner().invoke(main, ["history", "kolada", "-w", str(ws), path])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "svar.json: 4 värden importerade; 1 rad utan värde hoppades över (sparade värden står kvar)"
    ]
    assert result.stderr.splitlines() == [MUNICIPALITY_NOTE, YEAR_NOTE, UNUSED_NOTE]


def test_history_kolada_json(ws, tmp_path):  # noqa: F811
    path = saved(tmp_path, "svar.json", *_rows())
    empty = saved(tmp_path, "tom.json")
    result = CliRunner().invoke(main, ["history", "kolada", "--json", "-w", str(ws), path, empty])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "files": [
            {"file": path, "stored": 4, "skipped": 1},
            {"file": empty, "stored": 0, "skipped": 0},
        ],
        "stored": 4,
        "skipped": 1,
        "unused_kpis": ["X999"],
        "other_municipalities": ["2380"],
        "other_years": [2019],
        "plan_checked": True,
    }
    assert result.stderr.splitlines() == [
        "Obs: tom.json innehåller inga värden, så inget har sparats. Stäm av nyckeltalens id, åren och kommunerna "
        "i frågan mot Kolada.",
        MUNICIPALITY_NOTE,
        YEAR_NOTE,
        UNUSED_NOTE,
    ]


def test_kolada_fetch_json(server, tmp_path):  # noqa: F811
    server.pages["/v3/data/kpi/U07414,N99999/municipality/0000/year/2025"] = {"values": [row("U07414", 2025, 58.3)]}
    args = ["history", "kolada-fetch", "--json", "-w", str(tmp_path), "--kpi", "U07414", "--kpi", "N99999"]
    result = CliRunner().invoke(main, [*args, "--year", "2025", "--base-url", server.base])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "stored": 1,
        "skipped": 0,
        "no_values": ["N99999"],
        "unused_kpis": [],
        "other_municipalities": [],
        "other_years": [],
        "plan_checked": False,  # a history without a plan: the ids and years are not compared
    }
    assert result.stderr == "Obs: Kolada gav inga värden för N99999. Stäm av id:t, åren och kommunerna mot Kolada.\n"
