"""A history database another program holds, or a full disk: the run says it waits, then what is wrong and where.

Another program here is a second sqlite3 connection holding a lock; the runs wait a twentieth of a second, not two
minutes (schema.SQLITE_BUSY_SECONDS).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, text

from reporting.history import schema
from reporting.history.schema import HistoryBusy, HistoryDiskFull, write_transaction
from reporting.history.store import open_history
from reporting.plan.periods import Period
from reporting.workflow import check_database, run_period


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A history.sqlite as open_history migrates it, made once per module: tests copy the file."""
    root = tmp_path_factory.mktemp("migrated")
    open_history(root).dispose()
    return root / "history.sqlite"


@pytest.fixture
def history(tmp_path, monkeypatch, migrated):
    """A migrated history.sqlite in ``tmp_path`` (a copy of the module's); runs wait 0,05 seconds for it."""
    monkeypatch.setattr(schema, "SQLITE_BUSY_SECONDS", 0.05)
    return Path(shutil.copyfile(migrated, tmp_path / "history.sqlite"))


def _held(db, how: str) -> sqlite3.Connection:
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute(f"BEGIN {how}")
    holder.execute("DELETE FROM figures WHERE 0")  # a write: the lock is the writer's from now on
    return holder


def _busy(db) -> str:
    return (
        f"historikdatabasen {db} används av ett annat program (eller en annan körning) och blev inte ledig på "
        "0,05 sekunder. Stäng programmet som har den öppen (t.ex. DB Browser for SQLite eller sqlite3) och kör igen."
    )


def _waits(db) -> str:
    return f"Väntar på ett annat program eller en annan körning som använder historikdatabasen {db} (högst 0,05 sekunder) …\n"


def test_a_history_held_exclusively_is_waited_for_aloud_then_said_to_be_in_use(history, capsys):
    holder = _held(history, "EXCLUSIVE")  # readers are shut out too: the check before intake meets it
    try:
        with pytest.raises(HistoryBusy) as caught:
            check_database(history.parent)
    finally:
        holder.rollback()
    assert str(caught.value) == _busy(history)  # not "Ange en annan --db, eller flytta undan filen"
    assert capsys.readouterr().err == _waits(history)


def test_a_write_lock_held_by_another_is_waited_for_aloud_at_the_store(tmp_path, demo_copy, monkeypatch, capfd):
    ws, plan, _ = demo_copy(tmp_path / "ws")
    run_period(ws, plan, Period(2025, "T1"), feedback=False, quiet=True)  # the history exists
    capfd.readouterr()
    monkeypatch.setattr(schema, "SQLITE_BUSY_SECONDS", 0.05)
    holder = _held(ws.root / "history.sqlite", "IMMEDIATE")  # readers may read: only the store waits
    try:
        with pytest.raises(HistoryBusy) as caught:
            run_period(ws, plan, Period(2025, "T1"), feedback=False, quiet=True)
    finally:
        holder.rollback()
    history = (ws.root / "history.sqlite").resolve()
    assert str(caught.value) == _busy(history)  # not "historikdatabasen kan inte användas … Kontrollera --db"
    assert capfd.readouterr().err == _waits(history)


def test_a_free_history_is_used_without_a_word(history, capsys):
    engine = open_history(history.parent)
    with write_transaction(engine) as conn:
        conn.execute(text("DELETE FROM figures WHERE 0"))
    engine.dispose()
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("relative", [False, True])
def test_a_full_disk_at_the_history_says_so_and_where(history, capsys, monkeypatch, relative):
    """SQLite's SQLITE_FULL ("database or disk is full"), here from a page limit as a full disk gives it; a relative
    --db (the example the tool itself gives) names the folder too, not "."."""
    monkeypatch.chdir(history.parent)
    engine = open_history(history.parent, "sqlite:///history.sqlite" if relative else None)
    event.listen(engine, "connect", lambda dbapi, record: dbapi.execute("PRAGMA max_page_count = 1"))
    engine.dispose()  # the connections from now on have no room
    with pytest.raises(HistoryDiskFull) as caught, write_transaction(engine) as conn:
        conn.execute(
            text("INSERT INTO kolada VALUES (1, 'N1', '0001', 2025, 'T', '1', '', :big)"), {"big": "x" * 100_000}
        )
    engine.dispose()
    assert str(caught.value).endswith(f"Frigör utrymme i {history.parent.resolve()} och kör igen.")
    assert str(caught.value).startswith("disken är full, historikdatabasen ")
    assert capsys.readouterr().err == ""


def test_postgresql_says_once_that_it_waits_for_another_writer(tmp_path, postgres_url, monkeypatch):
    """PostgreSQL waits for the advisory lock as long as it is held: the line says so, without a limit."""
    from sqlalchemy import create_engine

    engine = open_history(tmp_path, postgres_url)
    other = create_engine(postgres_url)
    holder = other.connect()
    holder.begin()
    holder.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": schema.LOCK_KEY})
    said: list[str] = []

    def told(line: str) -> None:  # the holder lets go once the run has said it waits
        said.append(line)
        holder.rollback()

    monkeypatch.setattr(schema, "tell_stderr", told)
    with write_transaction(engine) as conn:
        conn.execute(text("SELECT 1"))
    holder.close()
    other.dispose()
    engine.dispose()
    shown = schema.shown(engine)
    assert said == [f"Väntar på ett annat program eller en annan körning som använder historikdatabasen {shown} …"]


@pytest.mark.parametrize(("limit", "said"), [(1, "1 sekund"), (120, "120 sekunder"), (0.5, "0,5 sekunder")])
def test_the_time_waited_is_said_in_good_swedish(history, monkeypatch, limit, said):
    """ "på 1 sekund", never "på 1 sekunder"; a fraction with a decimal comma."""
    from sqlalchemy.exc import OperationalError

    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = sqlite3.SQLITE_BUSY
    monkeypatch.setattr(schema, "SQLITE_BUSY_SECONDS", limit)
    engine = open_history(history.parent)
    error = schema.plain(OperationalError("BEGIN IMMEDIATE", {}, locked), engine)
    engine.dispose()
    assert f"och blev inte ledig på {said}. Stäng programmet" in str(error)
