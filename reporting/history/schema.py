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
A run that has to wait says so once ("Väntar på …", as for the workspace's lock); a
SQLite file another program keeps locked past the timeout, or a full disk, ends in
one Swedish line that says which (``HistoryBusy``, ``HistoryDiskFull``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from reporting.errors import Busy, ReportingError
from reporting.text import seconds
from reporting.workspace import tell_stderr

VERSION_TABLE = "history_version"
LOCK_KEY = 7_142_025_014  # pg_advisory_xact_lock key of the history (any constant; per database)
SQLITE_BUSY_SECONDS = 120  # how long a SQLite writer waits for another run before giving up
MIGRATIONS = Path(__file__).with_name("migrations")
_IMMEDIATE = "reporting_immediate"
_READ_PROBE = "SELECT count(*) FROM sqlite_master"  # needs the shared lock another program's EXCLUSIVE withholds
PROBE_MS = 100  # a lock held longer than this is announced: a run committing in a moment is not
_SQLITE_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED (primary codes)
_SQLITE_FULL = 13
_PG_DISK_FULL = "53100"


class HistorySchemaError(ReportingError):
    """The database's schema version is one this version of the toolkit does not know."""


class HistoryBusy(Busy):
    """Another program (or run) held the SQLite history longer than a run waits for it."""


class HistoryDiskFull(ReportingError):
    """The history could not be written: its disk (or its server's) is full. Nothing of the transaction stays."""


def shown(engine: Engine) -> str:
    """The history as the user names it: a SQLite file's path, else the URL without its password."""
    return shown_url(engine.url)


SECRET_WORDS = ("pass", "secret", "token")  # a query parameter naming one holds a secret: "password", "sslpassword"
CONNECT_SECONDS = 15  # a server that takes the connection and never answers: said after this, never a silent hang


def shown_url(url: Any) -> str:
    """A database URL as every message shows it: a SQLite file's path, else the URL with its password hidden,
    in the user part and in the query ("?password=…", qa36p #3), and no part of a password with an unescaped "@",
    which the URL's parser reads as the host's ("rep:Vinter@2026@server": host "2026@server")."""
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    host = url.host or ""
    hidden = url.set(host="***" + host[host.rfind("@") :]) if "@" in host else url
    return without_secrets(str(hidden.render_as_string(hide_password=True)))


def without_secrets(text: str) -> str:
    """A URL or a driver's text with its passwords hidden, "user:…@" and "password=…" (also a URL that cannot
    be parsed, or the driver's text quoting one)."""
    text = re.sub(r"(://[^:/@\s]*:)[^/\s]*@", r"\1***@", text)
    words = "|".join(SECRET_WORDS)
    return re.sub(rf"((?:{words})\w*=)[^&\s]*", r"\1***", text, flags=re.IGNORECASE)


def connect_args(url: Any) -> dict[str, Any]:
    """The driver's connect arguments: SQLite's busy wait; PostgreSQL's connect timeout unless the URL gives one."""
    if url.get_backend_name() == "sqlite":
        return {"timeout": SQLITE_BUSY_SECONDS}
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        return {"connect_timeout": CONNECT_SECONDS}
    return {}


def _code(exc: DBAPIError) -> tuple[int | None, str | None]:
    """SQLite's primary result code and PostgreSQL's SQLSTATE of a driver error (None where it has none)."""
    code = getattr(exc.orig, "sqlite_errorcode", None)
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return (code & 0xFF if isinstance(code, int) else None), state


def plain(exc: DBAPIError, engine: Engine) -> ReportingError | None:
    """A locked or full history as the user's error (what, where, what to do); None for any other error."""
    code, state = _code(exc)
    said = str(exc.orig)
    if code in _SQLITE_BUSY or (code is None and "database is locked" in said):
        return HistoryBusy(
            f"historikdatabasen {shown(engine)} används av ett annat program (eller en annan körning) och blev inte "
            f"ledig på {seconds(SQLITE_BUSY_SECONDS)}. Stäng programmet som har den öppen (t.ex. DB Browser for "
            "SQLite eller sqlite3) och kör igen."
        )
    if code == _SQLITE_FULL or (code is None and "database or disk is full" in said):
        folder = Path(str(engine.url.database)).resolve().parent  # "." for a relative --db names no place
        return HistoryDiskFull(
            f"disken är full, historikdatabasen {shown(engine)} kunde inte skrivas (inget av körningen sparades i "
            f"den). Frigör utrymme i {folder} och kör igen."
        )
    if state == _PG_DISK_FULL:
        return HistoryDiskFull(
            f"databasservern har inte plats kvar, historiken i {shown(engine)} kunde inte skrivas (inget av "
            "körningen sparades i den). Be den som sköter servern frigöra utrymme och kör igen."
        )
    return None


@contextmanager
def plain_errors(engine: Engine) -> Iterator[None]:
    """Raise ``plain``'s error for a locked or full history inside the block; any other error as it is."""
    try:
        yield
    except DBAPIError as exc:
        if (error := plain(exc, engine)) is None:
            raise
        raise error from exc


def _waiting(engine: Engine) -> str:
    return f"Väntar på ett annat program eller en annan körning som använder historikdatabasen {shown(engine)}"


def announce_wait(conn: Connection, probe: str = _READ_PROBE) -> None:
    """SQLite: ``probe`` tried, waiting only briefly; if the lock it needs is still held, say once that the run waits.

    The statement after it then waits as always (the busy timeout); the probe itself changes nothing.
    """
    if conn.dialect.name != "sqlite":
        return
    raw: Any = conn.connection.driver_connection  # the sqlite3 connection, outside SQLAlchemy's transaction
    patience = raw.execute("PRAGMA busy_timeout").fetchone()[0]
    raw.execute(f"PRAGMA busy_timeout = {PROBE_MS}")
    try:
        raw.execute(probe)
    except raw.Error as exc:  # any other error is met again, and said, by the statement the probe is for
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF in _SQLITE_BUSY:
            tell_stderr(f"{_waiting(conn.engine)} (högst {seconds(patience / 1000)}) …")
    finally:
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        raw.execute(f"PRAGMA busy_timeout = {int(patience)}")


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
    """One transaction that holds the history's write lock until commit or rollback (saying so when it waits)."""
    with plain_errors(engine), engine.connect() as conn:
        announce_wait(conn, "BEGIN IMMEDIATE")
        conn.execution_options(**{_IMMEDIATE: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                _advisory_lock(conn)
            yield conn


def _advisory_lock(conn: Connection) -> None:
    """PostgreSQL's write lock of the history: taken at once, or after saying that the run waits for it."""
    if not conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": LOCK_KEY}).scalar():
        tell_stderr(f"{_waiting(conn.engine)} …")
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


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
    with plain_errors(engine), engine.connect() as conn:
        announce_wait(conn)
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
