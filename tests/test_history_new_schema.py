"""A new SQLite history is given the current schema at once (schema._create_at_head), not migration by migration:
what it holds must be what the migrations leave."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine

from reporting.history import schema


def _made(path: Path, *, every_migration: bool) -> Path:
    engine = create_engine(f"sqlite:///{path}")
    schema.prepare(engine)
    try:
        if every_migration:
            with schema.write_transaction(engine) as conn:
                schema._upgrade(conn)
        else:
            schema.migrate(engine)
    finally:
        engine.dispose()
    return path


def _described(path: Path) -> list[object]:
    with sqlite3.connect(path) as db:
        master = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid").fetchall()
        tables = [row[1] for row in master if row[0] == "table"]
        pragmas = [
            [db.execute(f"PRAGMA {pragma}({table})").fetchall() for pragma in ("table_info", "index_list")]
            for table in tables
        ]
        return [master, pragmas, db.execute(f"SELECT * FROM {schema.VERSION_TABLE}").fetchall()]


def test_a_new_sqlite_history_has_the_schema_and_version_the_migrations_leave(tmp_path):
    new = _described(_made(tmp_path / "new.sqlite", every_migration=False))
    assert new == _described(_made(tmp_path / "migrated.sqlite", every_migration=True))
    assert [row[1] for row in new[0]] == [
        schema.VERSION_TABLE,
        f"sqlite_autoindex_{schema.VERSION_TABLE}_1",
        "kolada",
        "sqlite_autoindex_kolada_1",
        "figures",
        "sqlite_autoindex_figures_1",
    ]
    assert new[2] == [(schema.head(),)] == [("0007",)]


def test_a_sqlite_file_with_a_table_of_its_own_but_no_version_is_migrated_and_keeps_it(tmp_path):
    path = tmp_path / "h.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.execute("INSERT INTO notes VALUES ('kvar')")
    _made(path, every_migration=False)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT text FROM notes").fetchall() == [("kvar",)]
        assert db.execute(f"SELECT version_num FROM {schema.VERSION_TABLE}").fetchall() == [("0007",)]
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert names == {"notes", "kolada", "figures", schema.VERSION_TABLE}
