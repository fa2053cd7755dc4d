"""One error path: every known failure is one Swedish line "Fel: …" on stderr, exit 1, no traceback.

The preflight (``check_workspace``) stops a run before intake has archived anything.
"""

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporting import workflow
from reporting.cli import error_message, main
from reporting.plan.read import PLAN_FILE_ADVICE
from reporting.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo_once(tmp_path_factory, demo_cli):
    """The demo workspace (the session's `reporting demo` run); tests work on a copy without archive/, outbox/
    and history."""
    demo, result = demo_cli
    assert result.exit_code == 0, result.output
    ws = Path(shutil.copytree(demo, tmp_path_factory.mktemp("demo") / "ws"))
    for name in ("archive", "outbox"):
        shutil.rmtree(ws / name)
    (ws / "history.sqlite").unlink()
    return ws


@pytest.fixture
def ws(demo_once, tmp_path):
    return Path(shutil.copytree(demo_once, tmp_path / "ws"))


def one_line_error(result, text=None):
    """exit 1, nothing on stdout after the run started failing, one line "Fel: …" on stderr."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("Fel: ") and result.stderr.count("\n") == 1, result.stderr
    if text is not None:
        assert result.stderr == f"Fel: {text}\n"
    return result.stderr


def consolidate(ws, *extra):
    return CliRunner().invoke(main, ["consolidate", "-w", str(ws), "-p", "2025-T1", *extra])


def test_malformed_db_url_fails_before_anything_is_archived(ws):
    result = consolidate(ws, "--db", "notaurl")
    one_line_error(
        result,
        'databasadressen "notaurl" går inte att tolka. Ange en SQLAlchemy-URL med --db eller $REPORTING_DB_URL, '
        "t.ex. sqlite:///historik.sqlite eller postgresql+psycopg://användare@server/databas.",
    )
    assert result.stdout == ""
    assert not (ws / "archive").exists()
    assert not (ws / "outbox").exists()


def test_unknown_dialect(ws):
    one_line_error(
        consolidate(ws, "--db", "foo://x"),
        'databastypen "foo" i foo://x finns inte. Ange en SQLAlchemy-URL, '
        "t.ex. sqlite:///historik.sqlite eller postgresql+psycopg://användare@server/databas.",
    )
    assert not (ws / "archive").exists()


def test_missing_driver_hides_the_password(ws, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_psycopg(name, *args, **kwargs):
        if name.split(".")[0] == "psycopg":
            raise ModuleNotFoundError("No module named 'psycopg'", name="psycopg")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    monkeypatch.setenv("REPORTING_DB_URL", "postgresql+psycopg://anna:hemligt@server/hsn")
    line = one_line_error(
        consolidate(ws),
        "databasdrivrutinen för postgresql+psycopg://anna:***@server/hsn saknas (Python-modulen psycopg går inte "
        "att importera). Installera drivrutinen (för PostgreSQL: pip install 'reporting[postgres]') eller välj en annan databas.",
    )
    assert "hemligt" not in line
    assert not (ws / "archive").exists()


def test_sqlite_in_a_missing_folder(ws, tmp_path):
    target = tmp_path / "finns-inte" / "h.sqlite"
    one_line_error(
        consolidate(ws, "--db", f"sqlite:///{target}"),
        f"mappen {target.parent} för historikdatabasen h.sqlite finns inte. Skapa mappen eller ange en annan --db.",
    )
    assert not (ws / "archive").exists()


def test_sqlite_file_that_is_no_database(ws):
    one_line_error(
        consolidate(ws, "--db", f"sqlite:///{ws / 'plan.xlsx'}"),
        f"historikdatabasen sqlite:///{ws / 'plan.xlsx'} kan inte öppnas (file is not a database). "
        "Ange en annan --db, eller flytta undan filen om den inte är en historikdatabas.",
    )
    assert not (ws / "archive").exists()


def test_outbox_that_is_a_file(ws):
    (ws / "outbox").write_text("inte en mapp", encoding="utf-8")
    one_line_error(
        consolidate(ws),
        f"utkorgen {ws / 'outbox'} kan inte skapas: {ws / 'outbox'} är en fil, inte en mapp. "
        "Flytta eller byt namn på filen.",
    )
    assert not (ws / "archive").exists()


def test_archive_under_a_file(ws):
    (ws / "archive").write_text("inte en mapp", encoding="utf-8")
    one_line_error(consolidate(ws))
    assert (ws / "archive").read_text(encoding="utf-8") == "inte en mapp"
    assert not (ws / "outbox").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write in a read-only folder")
def test_read_only_outbox(ws):
    (ws / "outbox").mkdir()
    (ws / "outbox").chmod(0o500)
    try:
        line = one_line_error(consolidate(ws))
    finally:
        (ws / "outbox").chmod(0o700)
    assert line.startswith(f"Fel: utkorgen {ws / 'outbox'} går inte att skriva i (")
    assert not (ws / "archive").exists()


def test_missing_inbox(ws):
    shutil.rmtree(ws / "inbox")
    one_line_error(
        consolidate(ws),
        f"inkorgen {ws / 'inbox'} finns inte. Kontrollera --workspace, eller skapa mappen och lägg de "
        "ifyllda mallarna i den.",
    )


def test_check_workspace_accepts_a_good_workspace(ws):
    workflow.check_workspace(Workspace(ws))
    assert not (ws / "archive").exists() and not (ws / "outbox").exists()  # nothing is created


def test_history_commands_check_the_database(ws):
    result = CliRunner().invoke(main, ["history", "show", "-w", str(ws), "--db", "notaurl", "N04"])
    one_line_error(result)
    assert result.stderr.startswith('Fel: databasadressen "notaurl" går inte att tolka.')
    result = CliRunner().invoke(main, ["history", "export", "-w", str(ws), "--db", "foo://x"])
    assert one_line_error(result).startswith('Fel: databastypen "foo" i foo://x finns inte.')


def test_empty_and_garbage_plan(tmp_path):
    """The office's own plan file gets the office's advice, not a sender's ("skicka igen", "den utskickade mallen")."""
    (tmp_path / "tom.xlsx").write_bytes(b"")
    (tmp_path / "skräp.xlsx").write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    runner = CliRunner()
    one_line_error(
        runner.invoke(main, ["plan", "check", str(tmp_path / "tom.xlsx")]),
        f"tom.xlsx: filen är tom (0 byte). {PLAN_FILE_ADVICE}",
    )
    one_line_error(
        runner.invoke(
            main, ["templates", "--plan", str(tmp_path / "skräp.xlsx"), "-w", str(tmp_path), "-p", "2025-T1"]
        ),
        f"skräp.xlsx: filen är en textfil (t.ex. CSV) trots namnet. {PLAN_FILE_ADVICE}",
    )
    assert PLAN_FILE_ADVICE.startswith("Öppna planen i Excel eller LibreOffice, spara den som Excel-arbetsbok")


def test_plan_new_creates_missing_folders(tmp_path):
    target = tmp_path / "ny" / "mapp" / "plan.xlsx"
    result = CliRunner().invoke(main, ["plan", "new", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file()


def test_plan_new_under_a_file(tmp_path):
    (tmp_path / "fil").write_text("x", encoding="utf-8")
    target = tmp_path / "fil" / "plan.xlsx"
    one_line_error(
        CliRunner().invoke(main, ["plan", "new", str(target)]),
        f"{tmp_path / 'fil'} finns redan och är ingen mapp. Flytta eller byt namn på den.",
    )


def test_demo_into_a_folder_under_a_file(tmp_path):
    (tmp_path / "fil").write_text("x", encoding="utf-8")
    one_line_error(
        CliRunner().invoke(main, ["demo", "-w", str(tmp_path / "fil" / "demo")]),
        f"{tmp_path / 'fil' / 'demo'}: en del av sökvägen är en fil, inte en mapp. Kontrollera sökvägen.",
    )


@pytest.mark.parametrize(
    "exc,text",
    [
        (PermissionError(errno.EACCES, "Permission denied", "outbox/r.xlsx"), "åtkomst nekas till outbox/r.xlsx."),
        (OSError(errno.ENOSPC, "No space left on device", "outbox/r.xlsx"), "disken är full, outbox/r.xlsx kunde"),
        (FileNotFoundError(errno.ENOENT, "No such file", "x/y"), "x/y finns inte. Kontrollera sökvägen"),
        (ModuleNotFoundError("No module named 'pyarrow'", name="pyarrow"), "Python-modulen pyarrow saknas."),
        # the system's other refusals in Swedish words, never its English text (os_reason's one table)
        (OSError(errno.EROFS, "Read-only file system", "r.xlsx"), "r.xlsx kan inte läsas eller skrivas (skrivskyddat"),
        (OSError(errno.EIO, "Input/output error", "r.xlsx"), "r.xlsx kan inte läsas eller skrivas (läs- eller skriv"),
        (
            OSError(errno.EXDEV, "Invalid cross-device link", "r.xlsx"),
            "r.xlsx kan inte läsas eller skrivas (felkod EXDEV)",
        ),
    ],
)
def test_error_messages(exc, text):
    said = error_message(exc)
    assert said.startswith(text), said
    assert "file system" not in said and "error" not in said and "link" not in said


def test_every_error_reaches_the_user_as_one_line(ws, monkeypatch):
    """The decorator maps errors raised deep inside a command, including ones nobody planned for."""
    from sqlalchemy.exc import OperationalError
    from xlsxwriter.exceptions import FileCreateError

    cases = [
        (PermissionError(errno.EACCES, "Permission denied", "r.xlsx"), "Fel: åtkomst nekas till r.xlsx."),
        (OSError(errno.ENOSPC, "No space left on device", "r.xlsx"), "Fel: disken är full, r.xlsx kunde inte"),
        (FileCreateError(PermissionError(errno.EACCES, "denied", "r.xlsx")), "Fel: åtkomst nekas till r.xlsx."),
        (OperationalError("SELECT", {}, Exception("database is locked")), "Fel: historikdatabasen kan inte"),
        (
            RuntimeError("oj"),
            "Fel: ett oväntat fel (av typen RuntimeError) stoppade kommandot. Kör igen med REPORTING_DEBUG=1 för hela "
            "felutskriften och skicka den med när du rapporterar felet.",
        ),
    ]
    for exc, start in cases:

        def boom(*args, exc=exc, **kwargs):
            raise exc

        monkeypatch.setattr(workflow, "run_intake", boom)
        result = consolidate(ws)
        assert one_line_error(result).startswith(start), result.stderr
    monkeypatch.setenv("REPORTING_DEBUG", "1")
    assert isinstance(consolidate(ws).exception, RuntimeError)  # the traceback, when asked for


def test_output_to_a_closed_pipe_ends_quietly_not_with_a_file_error():
    """`reporting consolidate ... | head -1`: the reader closed the pipe; no "Fel: filen kan inte läsas"."""
    import click

    from reporting.cli.errors import friendly_errors

    @click.command()
    @friendly_errors
    def prints() -> None:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    result = CliRunner().invoke(prints, [])
    assert result.exit_code == 1 and result.stderr == "" and "Fel" not in result.output


def test_a_text_file_not_named_xlsx_is_not_told_it_is_one_despite_its_name(tmp_path):
    (tmp_path / "anteckning.txt").write_text("kom ihåg att skicka\n", encoding="utf-8")
    (tmp_path / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = CliRunner().invoke(main, ["check", "--json", str(tmp_path / "anteckning.txt"), str(tmp_path / "bild.png")])
    messages = [f["message"] for f in json.loads(result.stdout)]
    assert messages == [
        "Filen är en textfil (t.ex. CSV), ingen Excel-arbetsbok (.xlsx). Öppna den utskickade mallen, fyll i den och "
        "spara som Excel-arbetsbok (.xlsx) (en CSV-fil har bara en flik och inga av mallens uppgifter).",
        "Filen är inte en Excel-arbetsbok (.xlsx). Öppna den utskickade mallen, fyll i den och spara som "
        "Excel-arbetsbok (.xlsx).",
    ]
