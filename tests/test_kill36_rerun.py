"""A command run again after it was killed right after its work was done (qa36k2): the rerun says it is done."""

from __future__ import annotations

import json

from sqlalchemy import insert, select

from reporting.history.store import figures, open_history
from reporting.plan.periods import Period
from reporting.workspace import Workspace
from test_year35a_rename import _row, cli

T1 = Period(2025, "T1")


def test_rename_board_run_again_after_it_was_done_says_so_and_exits_0(tmp_path):
    """qa36k2 #2: rename-board killed right after its commit; the rerun said "Fel: … flyttades redan" and exit 1,
    although the move it asks for is done. The same move again is done: exit 0, said, nothing changed."""
    engine = open_history(tmp_path)
    with engine.begin() as conn:
        conn.execute(insert(figures), [_row("gammal", T1, "1")])
    engine.dispose()
    ws = Workspace(tmp_path)
    assert cli(ws, "rename-board", "gammal", "hsn").exit_code == 0
    again = cli(ws, "rename-board", "gammal", "hsn")
    assert again.exit_code == 0, again.output
    assert again.output.startswith('Nämnd-id "gammal" flyttades redan till "hsn" 20')
    assert again.output.rstrip().endswith("inget mer att flytta.")
    shown = json.loads(cli(ws, "rename-board", "gammal", "hsn", "--json").output)
    assert shown == {"from": "gammal", "to": "hsn", "rows": 0, "replaced": [], "already": True}
    engine = open_history(tmp_path)
    with engine.connect() as conn:
        assert conn.execute(select(figures.c.board)).scalars().all() == ["hsn"]
    engine.dispose()
    assert cli(ws, "rename-board", "gammal", "annan").exit_code == 1  # another move of a moved id: refused
