"""A database URL as the office gives it: never a password on the console, a malformed one said in Swedish, a
server that does not answer or refuses a right said for what it is (qa36p #3–#7)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import make_url
from sqlalchemy.exc import ProgrammingError

from reporting.cli import main
from reporting.history.schema import CONNECT_SECONDS, connect_args, shown_url
from reporting.workflow import WorkspaceNotReady, _not_opened, open_database

SECRET = "S3cr3tQAx"


def test_a_password_in_the_query_or_with_an_at_sign_is_never_shown():
    """qa36p #3: "?password=…" was printed in every error and in the "Väntar på …" line of a good run; a password
    with an unescaped "@" showed its tail as the host."""
    query = make_url(f"postgresql+psycopg://rep@db:5432/reporting?password={SECRET}&sslmode=require")
    assert shown_url(query) == "postgresql+psycopg://rep@db:5432/reporting?password=***&sslmode=require"
    at = make_url("postgresql+psycopg://rep:Vinter@2026kalla@127.0.0.1:5432/reporting")
    assert "2026kalla" not in shown_url(at) and "Vinter" not in shown_url(at)
    assert shown_url(make_url("sqlite:////tmp/x/history.sqlite")) == "/tmp/x/history.sqlite"


def test_a_password_with_an_at_sign_is_told_to_be_written_percent_40(tmp_path):
    with pytest.raises(WorkspaceNotReady, match="%40") as caught:
        open_database(tmp_path, "postgresql+psycopg://rep:Vinter@2026kalla@127.0.0.1:5432/reporting")
    assert "2026kalla" not in str(caught.value) and "Vinter" not in str(caught.value)


@pytest.mark.parametrize("port", ["notaport", "54 32"])
def test_a_port_that_is_no_number_is_a_plain_fel_line_without_the_password(tmp_path, port):
    """qa36p #5: "oväntat fel (av typen ValueError)", as for a bug."""
    url = f"postgresql+psycopg://rep:{SECRET}@127.0.0.1:{port}/reporting?password={SECRET}"
    result = CliRunner().invoke(main, ["history", "show", "N04", "-w", str(tmp_path), "--db", url])
    assert result.exit_code == 1
    assert result.stderr.startswith('Fel: databasadressen "postgresql+psycopg://rep:***@127.0.0.1:')
    assert "porten är ett tal" in result.stderr and SECRET not in result.stderr and "oväntat" not in result.stderr


def test_postgresql_waits_for_a_server_at_most_a_while_unless_the_url_says_otherwise():
    """qa36p #6: a server that takes the connection and never answers hung the run without a word."""
    assert connect_args(make_url("postgresql+psycopg://rep@db/reporting")) == {"connect_timeout": CONNECT_SECONDS}
    assert connect_args(make_url("postgresql+psycopg://rep@db/reporting?connect_timeout=60")) == {}
    assert "timeout" in connect_args(make_url("sqlite:///h.sqlite"))


class _Refused(Exception):
    sqlstate = "42501"


def test_a_driver_text_on_several_lines_is_one_line_and_a_missing_right_is_said_as_such():
    """qa36p #4: PostgreSQL's "LINE 2: CREATE TABLE … / ^" put the advice above the Fel: line, which ended in "(",
    and told a user without the CREATE right to check that the server runs."""
    parsed = make_url("postgresql+psycopg://nocreate:pw@127.0.0.1:5432/ronly")
    exc = ProgrammingError(
        "CREATE TABLE", {}, _Refused("permission denied for schema public\nLINE 2: CREATE TABLE h (\n  ^")
    )
    said = _not_opened(exc, parsed, shown_url(parsed))
    assert "\n" not in said
    assert "(permission denied for schema public LINE 2: CREATE TABLE h ( ^)" in said
    assert "Användaren nocreate får inte skapa historikens tabeller" in said and "igång" not in said
