"""``history show --division --json`` carries the † line of the text table: what changed in the division's scope.

A program reading the JSON must not lose what the terminal shows: a period after which the division's units
changed has ``scope_change`` set to the line the table gives below it; every other period has "".
"""

from __future__ import annotations

import json
from dataclasses import replace

from click.testing import CliRunner
from sqlalchemy import insert

from reporting.cli import main
from reporting.demo.plan import demo_plan
from reporting.history.store import figures, open_history
from reporting.plan.model import Unit
from reporting.plan.period_plan import saved_plan_file
from reporting.plan.periods import Period
from reporting.plan.write import write_plan
from reporting.workspace import Workspace

T1, DELAR = Period(2025, "T1"), Period(2025, "delar")
MOVED = "2025-delar: sedan T1 2025 har divisionen nya enheter: Ortopedi."


def _row(period: Period, division: str, value: str) -> dict[str, object]:
    return {
        "board": "hsn",
        "year": period.year,
        "period": period.kind,
        "division": division,
        "unit": "%",
        "kind": "nyckeltal",
        "item": "N04",
        "metric": "outcome",
        "value": value,
        "stored_at": "x",
    }


def test_the_json_names_the_scope_change_the_table_marks(tmp_path):
    ws = Workspace(tmp_path)
    med = [Unit("MAKU", "Akutkliniken", "MED"), Unit("MMED", "Medicinkliniken", "MED")]
    plan = replace(demo_plan(), board_id="hsn")
    saved_plan_file(ws, T1).parent.mkdir(parents=True)
    write_plan(saved_plan_file(ws, T1), replace(plan, units=[*med, Unit("KORT", "Ortopedi", "KIR")]))
    write_plan(ws.plan, replace(plan, units=[*med, Unit("KORT", "Ortopedi", "MED")]))  # delår: judged by plan.xlsx
    engine = open_history(ws.root)
    with engine.begin() as conn:
        conn.execute(insert(figures), [_row(T1, "MED", "61.2"), _row(DELAR, "MED", "62.5")])
    engine.dispose()

    def show(*args: str):
        result = CliRunner().invoke(main, ["history", "show", "N04", "--division", "MED", *args, "-w", str(ws.root)])
        assert result.exit_code == 0, result.output
        return result.output

    assert show().splitlines()[-1] == f"† {MOVED}"
    rows = json.loads(show("--json"))
    assert [(r["period"], r["outcome"], r["scope_change"]) for r in rows] == [
        ("2025-T1", "61.2", ""),
        ("2025-delar", "62.5", MOVED),
    ]
