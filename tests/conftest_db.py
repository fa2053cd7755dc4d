"""The history database of the tests: SQLite, and PostgreSQL when $REPORTING_TEST_PG_URL names a server.

``.ci/run`` starts a throwaway PostgreSQL cluster (unix socket only) and exports the URL
with REQUIRE_POSTGRES=1: then a missing or unreachable server fails the PostgreSQL
variant instead of skipping it. One server per session; each test gets a fresh database
(CREATE DATABASE, dropped WITH (FORCE) afterwards, which also ends forgotten connections).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # imported in the fixtures, so that xdist's controller never loads SQLAlchemy (see conftest.py)
    from sqlalchemy.engine import Engine

PG_ENV = "REPORTING_TEST_PG_URL"
REQUIRE_ENV = "REQUIRE_POSTGRES"
BACKENDS = ["sqlite", "postgresql"]


def _missing(why: str) -> None:
    if os.environ.get(REQUIRE_ENV):
        pytest.fail(f"PostgreSQL is required here (REQUIRE_POSTGRES=1) but {why}")
    pytest.skip(f"PostgreSQL variant skipped: {why} (.ci/run starts a throwaway server)")


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """An AUTOCOMMIT engine on the server's base database, to create and drop the tests' databases."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = os.environ.get(PG_ENV)
    if not url:
        _missing(f"${PG_ENV} is not set")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _missing('psycopg is not installed (pip install -e ".[postgres]")')
    engine = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        engine.dispose()
        _missing(f"the server at {make_url(url).render_as_string(hide_password=True)} does not answer ({exc})")
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_url(postgres_admin: Engine) -> Iterator[str]:
    """The URL of a fresh, empty database on the test server; dropped after the test."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"t_{uuid.uuid4().hex[:16]}"
    with postgres_admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(postgres_admin.url).set(database=name).render_as_string(hide_password=False)
    with postgres_admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=BACKENDS)
def history_db(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """Runs the test once per backend: $REPORTING_DB_URL is set to a fresh PostgreSQL database,
    or unset (the workspace's history.sqlite). Returns the URL (None for SQLite)."""
    from reporting.history.store import DB_ENV

    if request.param == "sqlite":
        monkeypatch.delenv(DB_ENV, raising=False)
        return None
    url = request.getfixturevalue("postgres_url")
    monkeypatch.setenv(DB_ENV, url)
    return url
