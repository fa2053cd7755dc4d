"""A failed command's stderr (QA 35j #12): the details first, each on a line of its own indented two spaces, and
the one-line summary "Fel: …" always last, for a plan's errors, failed templates and a database driver's text."""

from __future__ import annotations

import click
import openpyxl
from click.testing import CliRunner
from sqlalchemy.exc import OperationalError

from reporting.cli import main
from reporting.cli.errors import fel_lines, friendly_errors
from reporting.errors import ReportingError

DRIVER = (
    'connection to server at "127.0.0.1", port 1 failed: Connection refused\n'
    "\tIs the server running on that host and accepting TCP/IP connections?\n"
)


def test_the_details_come_first_and_the_summary_is_the_last_line():
    assert fel_lines("3 mallar kunde inte skrivas (listade ovan).\n  a.xlsx: disken är full.\n  b.xlsx: x.") == [
        "  a.xlsx: disken är full.",
        "  b.xlsx: x.",
        "Fel: 3 mallar kunde inte skrivas (listade ovan).",
    ]
    assert fel_lines("planen kan inte läsas.") == ["Fel: planen kan inte läsas."]
    assert fel_lines(f"historikdatabasen x kan inte öppnas ({DRIVER}). Kontrollera --db.") == [
        'Fel: historikdatabasen x kan inte öppnas (connection to server at "127.0.0.1", port 1 failed: Connection '
        "refused Is the server running on that host and accepting TCP/IP connections?). Kontrollera --db."
    ]


def test_a_database_drivers_text_is_one_line(tmp_path):
    @click.command()
    @click.option("--what", default="db")
    @friendly_errors
    def command(what: str) -> None:
        if what == "db":
            raise OperationalError("SELECT 1", {}, Exception(DRIVER))
        raise ReportingError(f"historikdatabasen x kan inte öppnas ({DRIVER}). Kontrollera --db.")

    said = [CliRunner().invoke(command, ["--what", what]).stderr for what in ("db", "wrapped")]
    assert said == [
        'Fel: historikdatabasen kan inte användas (connection to server at "127.0.0.1", port 1 failed: Connection '
        "refused Is the server running on that host and accepting TCP/IP connections?). Inget av körningen sparades "
        "i historiken: kör samma kommando igen när databasen går att nå. Kontrollera --db eller $REPORTING_DB_URL.\n",
        'Fel: historikdatabasen x kan inte öppnas (connection to server at "127.0.0.1", port 1 failed: Connection '
        "refused Is the server running on that host and accepting TCP/IP connections?). Kontrollera --db.\n",
    ]


def test_a_plans_errors_come_before_the_one_line_fel(tmp_path, demo_copy):
    ws, _, _ = demo_copy(tmp_path / "ws")
    book = openpyxl.load_workbook(ws.plan)
    book["Budgetramar"]["C2"], book["Budgetramar"]["D2"] = "abc", "xyz"
    book.save(ws.plan)
    result = CliRunner().invoke(main, ["consolidate", "-p", "2025-T1", "--json", "-w", str(ws.root)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        '  plan.xlsx: Budgetramar!C2: Kan inte läsa "abc" som ett tal. Skriv ett tal med decimalkomma, t.ex. 12,5.',
        '  plan.xlsx: Budgetramar!D2: Kan inte läsa "xyz" som ett tal. Skriv ett tal med decimalkomma, t.ex. 12,5.',
        f"Fel: planen {ws.plan} har 2 fel, listade ovan. Rätta dem och kör 'reporting plan check {ws.plan}'.",
    ]
