"""The history database's schema under Alembic migrations, and the lock every write takes.

``migrate`` brings any history database to the current schema in place: a new
one, one written by an older version (tables without a stored version, ``kolada``
without ``status``, ``figures`` without ``board``) or one already current (a
quick version check, nothing else). The version is kept in the table
``history_version`` (not Alembic's default name, so a PostgreSQL database shared
with other tools keeps theirs). The migration scripts ship inside the package
(``reporting/history/migrations``); no ``alembic.ini`` is needed.

Writers serialise: on PostgreSQL a transaction-scoped advisory lock
(``pg_advisory_xact_lock``), on SQLite ``BEGIN IMMEDIATE`` with a busy timeout, so
concurrent runs (same or different nämnd) wait for each other instead of failing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine

from reporting.errors import ReportingError

VERSION_TABLE = "history_version"
LOCK_KEY = 7_142_025_014  # pg_advisory_xact_lock key of the history (any constant; per database)
SQLITE_BUSY_SECONDS = 120  # how long a SQLite writer waits for another run before giving up
MIGRATIONS = Path(__file__).with_name("migrations")
_IMMEDIATE = "reporting_immediate"


class HistorySchemaError(ReportingError):
    """The database's schema version is one this version of the toolkit does not know."""


def sqlite_connect_args(url: Any) -> dict[str, Any]:
    return {"timeout": SQLITE_BUSY_SECONDS} if url.get_backend_name() == "sqlite" else {}


def prepare(engine: Engine) -> None:
    """SQLite: let the toolkit emit BEGIN itself, so a writer can BEGIN IMMEDIATE (the documented recipe)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_IMMEDIATE) else "BEGIN")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that holds the history's write lock until commit or rollback."""
    with engine.connect() as conn:
        conn.execution_options(**{_IMMEDIATE: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            yield conn


@lru_cache(maxsize=1)
def _script() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS), version_locations=[str(MIGRATIONS / "versions")])


def head() -> str:
    return str(_script().get_current_head())


def current_version(conn: Connection) -> str | None:
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest version, under the write lock; a current database costs one query."""
    with engine.connect() as conn:
        version = current_version(conn)
    if version == head():
        return
    with write_transaction(engine) as conn:  # a concurrent first run waits here, then finds the work done
        version = current_version(conn)
        if version == head():
            return
        if version is not None and version not in {s.revision for s in _script().walk_revisions()}:
            raise HistorySchemaError(
                f"historikdatabasen har schemaversion {version}, som den här versionen av reporting inte känner till "
                "(den är skriven av en nyare version). Uppgradera reporting, eller ange en annan --db."
            )
        _upgrade(conn)


def _upgrade(conn: Connection) -> None:
    from alembic.runtime.environment import EnvironmentContext

    script = _script()
    config = _config()

    def steps(revision: Any, context: Any) -> Any:
        return script._upgrade_revs("head", revision)

    with EnvironmentContext(config, script, fn=steps, destination_rev="head") as env:
        env.configure(connection=conn, version_table=VERSION_TABLE, render_as_batch=True)
        with env.begin_transaction():  # inside our transaction: Alembic neither begins nor commits
            env.run_migrations()


def _config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config
