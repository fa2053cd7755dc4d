"""qa35n #1: once ``history rename-board`` has moved a nämnd's rows to its new id, every run of the nämnd stores and
reads under the new id (the move is kept, migration 0008), also a run of last year's period judged against its saved
plan, which still names the old id; and a period both ids hold (stored before the move was kept, or twice because the
Nämnd-id came after the period's first run) has a way out: ``--keep-latest``, named by the refusal.
(SQLite and PostgreSQL: ``history_db``.)"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, insert, select

from reporting.cli import main
from reporting.demo.plan import demo_plan
from reporting.demo.submissions import write_demo_submissions
from reporting.history import boards, schema
from reporting.history.boards import rename_board
from reporting.history.store import current_board, figures, load_figures, open_history, renames
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.plan.write import write_plan
from reporting.workflow import run_period
from reporting.workspace import Workspace
from test_history_reorg import next_year, tidsserier

BOTH_BACKENDS = pytest.mark.usefixtures("history_db")
T1, HELAR, T1_NEXT = Period(2025, "T1"), Period(2025, "helar"), Period(2026, "T1")
OLD_ID = "halso-och-sjukvardsnamnden"  # the demo nämnd's name as a slug: its id without a Nämnd-id


def cli(ws: Workspace, *args: str) -> Any:
    return CliRunner().invoke(main, ["history", *args, "-w", str(ws.root)])


def divisions(root: Path, board: str, period: Period) -> list[str]:
    engine = open_history(root)
    try:
        frame = load_figures(engine, board)
    finally:
        engine.dispose()
    frame = frame[(frame["year"] == period.year) & (frame["period"] == period.kind)]
    return sorted(set(frame["division"]) - {""})


def runs(root: Path) -> dict[tuple[str, str], int]:
    """(nämnd id, period key) -> rows stored."""
    engine = open_history(root)
    try:
        frame = load_figures(engine)
    finally:
        engine.dispose()
    keys = [(str(b), Period(int(y), str(k)).key) for b, y, k in zip(frame["board"], frame["year"], frame["period"])]
    return {key: keys.count(key) for key in sorted(set(keys))}


def arrive(ws: Workspace, plan: Plan, period: Period, only: str = "", missing: str = "") -> None:
    """The period's demo files from ``plan`` in the inbox (``only`` one division's: a late file)."""
    made = write_demo_submissions(plan, period, ws.root / "made", missing=missing, faulty="")
    ws.inbox.mkdir(exist_ok=True)
    name = next((d.name for d in plan.divisions if d.id == only), "")
    for path in made:
        if path.stem.endswith(name):
            shutil.move(path, ws.inbox / path.name)
    shutil.rmtree(ws.root / "made")


def consolidate(
    ws: Workspace, period: Period, current_plan: bool = False, report: bool = False, said: list[str] | None = None
) -> list[Path]:
    """``reporting consolidate -p PERIOD`` as the office runs it: plan.xlsx given, the period's saved plan kept; what
    it says on the console into ``said``."""
    plan = load_plan(ws.plan)
    tell = str if said is None else said.append
    return run_period(
        ws, plan, period, report=report, feedback=False, plan_file=ws.plan, current_plan=current_plan, tell=tell
    ).written


def year_one(ws: Workspace) -> None:
    """2025's T1 and helår (NV's helår file not yet in) against the 2025 plan, which has no Nämnd-id."""
    write_plan(ws.plan, demo_plan())
    arrive(ws, demo_plan(), T1)
    consolidate(ws, T1)
    arrive(ws, demo_plan(), HELAR, missing="NV")
    consolidate(ws, HELAR)


@BOTH_BACKENDS
def test_last_years_period_run_after_rename_board_stores_and_reads_under_the_new_id(tmp_path):
    ws = Workspace(tmp_path)
    year_one(ws)
    write_plan(ws.plan, replace(next_year(demo_plan()), board_id="hsn"))  # 2026's plan, given a Nämnd-id
    arrive(ws, load_plan(ws.plan), T1_NEXT)
    consolidate(ws, T1_NEXT)
    moved = cli(ws, "rename-board", OLD_ID, "hsn")
    assert moved.exit_code == 0, moved.output
    assert divisions(tmp_path, "hsn", HELAR) == ["HSD", "KIR", "MED"]

    arrive(ws, demo_plan(), HELAR, only="NV")  # NV's late helår file; 2025-helar judged against its saved plan
    report, _ = consolidate(ws, HELAR, report=True)
    stored = runs(tmp_path)
    assert set(stored) == {("hsn", "2025-T1"), ("hsn", "2025-helar"), ("hsn", "2026-T1")}  # nothing under the old id
    assert divisions(tmp_path, "hsn", HELAR) == ["HSD", "KIR", "MED", "NV"]  # the run with NV replaced the other
    headers, table, _ = tidsserier(report)
    assert headers[3:5] == ("T1 2025", "Helår 2025")  # the re-run årsrapport keeps T1 2025
    corrected = table["N01"][4]

    report, _ = consolidate(ws, T1_NEXT, report=True)  # 2026 reads the corrected helår 2025
    headers, table, notes = tidsserier(report)
    assert headers[3:6] == ("T1 2025", "Helår 2025", "T1 2026")
    assert table["N01"][4] == corrected == 4.07  # helår 2025 with NV's late file
    assert "Historiken har" not in notes


@BOTH_BACKENDS
def test_a_period_both_ids_hold_is_refused_naming_keep_latest_which_keeps_the_run_stored_last(tmp_path):
    """qa35n wsn: the Nämnd-id given after 2026's T1 was stored; T1 run again with --current-plan: both ids hold it."""
    ws = Workspace(tmp_path)
    year_one(ws)
    write_plan(ws.plan, next_year(demo_plan()))  # 2026's plan, no Nämnd-id yet
    arrive(ws, load_plan(ws.plan), T1_NEXT)
    consolidate(ws, T1_NEXT)
    write_plan(ws.plan, replace(next_year(demo_plan()), board_id="hsn"))
    said: list[str] = []
    report, _ = consolidate(ws, T1_NEXT, current_plan=True, report=True, said=said)
    twin = (
        f'Historiken har T1 2026 under både nämnd-id "{OLD_ID}" och "hsn"; Tidsserier visar bara perioderna under '
        f'"hsn". Är det samma nämnd: kör reporting history rename-board {OLD_ID} hsn --keep-latest (den senast '
        "sparade körningen av perioden behålls)."
    )
    assert f"Obs: {twin}" in said  # on the console, and in Tidsserier, which lost 2025
    headers, _, notes = tidsserier(report)
    assert headers[3:5] == ("T1 2026", "Trend") and twin in notes
    before = runs(tmp_path)
    assert (OLD_ID, "2026-T1") in before and ("hsn", "2026-T1") in before

    refused = cli(ws, "rename-board", OLD_ID, "hsn")
    assert refused.exit_code == 1
    text = refused.output.replace("\n", " ")
    assert text.startswith(
        f'Fel: nämnd-id "hsn" har redan rader för T1 2026, som "{OLD_ID}" också har; inget flyttades (en period har '
        'bara en nämnds rader). Senast sparad: T1 2026 under "hsn" ('
    )
    assert (
        f"Kör reporting history rename-board {OLD_ID} hsn --keep-latest för att behålla den senast sparade körningen "
        "av varje sådan period och ta bort den äldre (allt i en transaktion)"
    ) in text
    assert runs(tmp_path) == before

    moved = cli(ws, "rename-board", OLD_ID, "hsn", "--keep-latest", "--json")
    assert moved.exit_code == 0, moved.output
    old_rows = sum(n for (board, _), n in before.items() if board == OLD_ID)
    assert json.loads(moved.output) == {
        "from": OLD_ID,
        "to": "hsn",
        "rows": old_rows - before[(OLD_ID, "2026-T1")],
        "replaced": [{"period": "2026-T1", "kept": "hsn", "removed": OLD_ID, "rows": before[(OLD_ID, "2026-T1")]}],
        "already": False,
    }
    assert runs(tmp_path) == {
        ("hsn", "2025-T1"): before[(OLD_ID, "2025-T1")],
        ("hsn", "2025-helar"): before[(OLD_ID, "2025-helar")],
        ("hsn", "2026-T1"): before[("hsn", "2026-T1")],
    }
    said.clear()
    report, _ = consolidate(ws, T1_NEXT, report=True, said=said)
    headers, _, notes = tidsserier(report)
    assert headers[3:6] == ("T1 2025", "Helår 2025", "T1 2026") and "Historiken har" not in notes
    assert not [line for line in said if "Historiken" in line]


@BOTH_BACKENDS
def test_last_years_period_stored_again_under_the_old_id_before_the_move_was_kept_is_said_and_joined(tmp_path):
    """qa35n wsm: renamed by a version that kept no record of it (as if before migration 0008), then NV's late helår
    file run: stored under the old id beside the stale helår under the new. The run names the way out; after it,
    the helår 2025 with NV's file is the nämnd's, under the new id."""
    ws = Workspace(tmp_path)
    year_one(ws)
    write_plan(ws.plan, replace(next_year(demo_plan()), board_id="hsn"))
    arrive(ws, load_plan(ws.plan), T1_NEXT)
    consolidate(ws, T1_NEXT)
    assert cli(ws, "rename-board", OLD_ID, "hsn").exit_code == 0
    engine = open_history(tmp_path)
    with engine.begin() as conn:
        conn.execute(delete(renames))  # the move as a version before 0008 made it: not kept
    engine.dispose()
    arrive(ws, demo_plan(), HELAR, only="NV")
    said: list[str] = []
    consolidate(ws, HELAR, said=said)
    assert said[-1] == (
        f'Obs: Historiken har helår 2025 under både nämnd-id "{OLD_ID}" och "hsn"; Tidsserier visar bara perioderna '
        f'under "{OLD_ID}". Är det samma nämnd: kör reporting history rename-board {OLD_ID} hsn --keep-latest (den '
        "senast sparade körningen av perioden behålls)."
    )
    moved = cli(ws, "rename-board", OLD_ID, "hsn", "--keep-latest")
    assert moved.exit_code == 0, moved.output
    assert moved.output.startswith(
        f'Helår 2025: behöll den senast sparade körningen (under "{OLD_ID}") och tog bort den äldre under "hsn"'
    )
    assert set(runs(tmp_path)) == {("hsn", "2025-T1"), ("hsn", "2025-helar"), ("hsn", "2026-T1")}
    assert divisions(tmp_path, "hsn", HELAR) == ["HSD", "KIR", "MED", "NV"]
    report, _ = consolidate(ws, T1_NEXT, report=True)
    headers, _, notes = tidsserier(report)
    assert headers[3:6] == ("T1 2025", "Helår 2025", "T1 2026") and "Historiken har" not in notes


def _row(board: str, period: Period, value: str) -> dict[str, Any]:
    key = {"division": "MED", "unit": "%", "kind": "nyckeltal", "item": "N01", "metric": "outcome"}
    return {"board": board, "year": period.year, "period": period.kind, **key, "value": value, "stored_at": "x"}


@BOTH_BACKENDS
def test_keep_latest_keeps_the_old_ids_run_when_it_was_stored_last(tmp_path, history_db):
    """qa35n wsm: renamed before the move was kept, then 2025-helar run again under the old id: its run is the
    latest (NV's late file counted) and replaces the stale one under the new id; said on the console."""
    engine = open_history(tmp_path)
    with engine.begin() as conn:
        conn.execute(insert(figures), [_row("hsn", T1, "3.8"), _row("hsn", HELAR, "3.96"), _row("hsn", T1_NEXT, "4")])
        conn.execute(insert(figures), [_row(OLD_ID, HELAR, "4.12")])  # stored last
    engine.dispose()
    moved = cli(Workspace(tmp_path), "rename-board", OLD_ID, "hsn", "--keep-latest")
    assert moved.exit_code == 0, moved.output
    assert moved.output == (
        f'Helår 2025: behöll den senast sparade körningen (under "{OLD_ID}") och tog bort den äldre under "hsn" '
        f'(1 rad).\nFlyttade 1 rad från nämnd-id "{OLD_ID}" till "hsn".\n'
    )
    engine = open_history(tmp_path)
    frame = load_figures(engine)
    engine.dispose()
    got = sorted(
        (b, Period(int(y), k).key, str(v))
        for b, y, k, v in zip(*(frame[c] for c in ("board", "year", "period", "value")))
    )
    assert got == [("hsn", "2025-T1", "3.8"), ("hsn", "2025-helar", "4.12"), ("hsn", "2026-T1", "4")]


@BOTH_BACKENDS
def test_renames_are_kept_and_followed_through_each_later_one(tmp_path):
    engine = open_history(tmp_path)
    with engine.begin() as conn:
        conn.execute(insert(figures), [_row("a", T1, "1")])
    assert rename_board(engine, "a", "b").moved == 1
    assert rename_board(engine, "b", "c").moved == 1
    with engine.connect() as conn:
        assert [current_board(conn, b) for b in ("a", "b", "c", "other")] == ["c", "c", "c", "other"]
        assert sorted(conn.execute(select(renames.c.old, renames.c.new)).all()) == [("a", "c"), ("b", "c")]
    assert rename_board(engine, "c", "a").moved == 1  # back to the first id: "a" is nobody's old id any more
    with engine.connect() as conn:
        assert [current_board(conn, b) for b in ("a", "b", "c")] == ["a", "a", "a"]
        assert schema.current_version(conn) == schema.head() == "0008"
    engine.dispose()
    again = cli(Workspace(tmp_path), "rename-board", "b", "x")
    assert again.exit_code == 1
    assert again.output.startswith('Fel: nämnd-id "b" flyttades redan till "a" 20') and again.output.replace(
        "\n", " "
    ).endswith('körningar som nämner "b" sparas och läses under "a". Inget att flytta. ')


def test_history_show_and_export_of_a_renamed_id_show_the_id_it_was_moved_to(tmp_path):
    engine = open_history(tmp_path)
    with engine.begin() as conn:
        conn.execute(insert(figures), [{**_row(OLD_ID, HELAR, "4.12"), "division": ""}])
    rename_board(engine, OLD_ID, "hsn")
    engine.dispose()
    note = f'Obs: nämnd-id "{OLD_ID}" flyttades till "hsn" med history rename-board; visar "hsn".'
    shown = cli(Workspace(tmp_path), "show", "N01", "--board", OLD_ID)
    assert shown.exit_code == 0, shown.output
    assert shown.stderr.splitlines() == [note]
    assert shown.stdout.splitlines()[-1].split() == ["2025-helar", "4,12"]
    exported = cli(Workspace(tmp_path), "export", "--board", OLD_ID, "-o", "-")
    assert exported.exit_code == 0, exported.output
    assert exported.stderr.splitlines() == [note] and ",hsn,2025,helar," in exported.stdout


def _twin(old: str, new: str, period: str, shown: str) -> str:
    return (
        f'Historiken har {period} under både nämnd-id "{old}" och "{new}"; Tidsserier visar bara perioderna under '
        f'"{shown}". Är det samma nämnd: kör reporting history rename-board {old} {new} --keep-latest (den senast '
        "sparade körningen av perioden behålls)."
    )


@BOTH_BACKENDS
def test_the_period_both_ids_hold_is_joined_into_the_id_the_runs_plan_gives(tmp_path):
    """qa35n wsn: 2026's T1 and delår stored under the name's id, then the Nämnd-id given and T1 run again: the id
    the plan gives is the nämnd's, though the other id's last period is the later. Without a Nämnd-id of its own
    (or run for a year before the other id's last), the id whose periods are the later is."""
    delar = Period(2026, "delar")
    engine = open_history(tmp_path)
    rows = [_row(OLD_ID, p, "1") for p in (T1, HELAR, T1_NEXT, delar)] + [_row("hsn", T1_NEXT, "2")]
    with engine.begin() as conn:
        conn.execute(insert(figures), [{**r, "division": d} for r in rows for d in ("MED", "KIR")])
    notes = boards.board_notes(engine, "hsn", ["MED", "KIR"], [T1_NEXT], T1_NEXT, given=True)
    assert notes == [_twin(OLD_ID, "hsn", "T1 2026", "hsn")]
    notes = boards.board_notes(engine, "hsn", ["MED", "KIR"], [T1_NEXT], T1_NEXT)
    assert notes == [_twin("hsn", OLD_ID, "T1 2026", "hsn")]
    rows = [_row("ny", p, "1") for p in (T1, HELAR, T1_NEXT)] + [_row("gammal", HELAR, "2")]  # qa35n wsm
    with engine.begin() as conn:
        conn.execute(insert(figures), [{**r, "division": d} for r in rows for d in ("NV", "HSD")])
    # last year's helår run again under the id its saved plan gives: the id of the later periods is the nämnd's
    notes = boards.board_notes(engine, "gammal", ["NV", "HSD"], [HELAR], HELAR, given=True)
    assert notes == [_twin("gammal", "ny", "helår 2025", "gammal")]
    engine.dispose()
