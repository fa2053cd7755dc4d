"""history kolada and kolada-fetch: riksjämförelser from saved Kolada responses or from Kolada's API."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from reporting.cli.errors import Fel, friendly_errors
from reporting.cli.help import Command
from reporting.cli.options import db_option, json_option, workspace_option
from reporting.cli.output import echo_json
from reporting.text import and_joined, plural
from reporting.workspace import Workspace


@click.command("kolada", cls=Command)
@workspace_option
@db_option
@json_option
@click.argument(
    "files", nargs=-1, required=True, metavar="FILER...", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@friendly_errors
def kolada_command(workspace: Path, db_url: str | None, as_json: bool, files: tuple[Path, ...]) -> None:
    """Importera riksjämförelser från sparade svar från Koladas API (JSON, v2 eller v3); inget nätverk används.

    Nyckeltalen matchas genom planens kolumn Kolada-id (stora eller små bokstäver
    spelar ingen roll). En rad utan värde (null) hoppas över och ersätter aldrig ett
    sparat värde. Kommandot säger till, med en rad "Obs: …" på stderr, om värden som
    ingen rapport visar: en annan kommun än riket, ett annat år än planens eller
    året före, ett id som planen inte har. I en mapp som varken har plan.xlsx eller
    history.sqlite krävs --db. Med --json skrivs ett JSON-objekt: files (per fil
    file, stored, skipped), stored och skipped (summorna: värden sparade, rader utan
    värde), unused_kpis, other_municipalities, other_years (det som sparats men inte
    visas) och plan_checked (false: ingen läsbar plan, id och år är inte jämförda).

    \b
    Exempel:
      reporting history kolada kolada-N00945.json   # ett sparat svar från Koladas API
    """
    from reporting.history.kolada import parse_kolada, read_kolada_file, store_kolada, without_value
    from reporting.workflow import open_database

    _a_workspace(workspace, db_url)
    engine = open_database(workspace, db_url)
    stored: list[dict[str, Any]] = []
    counts: list[dict[str, Any]] = []
    try:
        for path in files:
            rows = parse_kolada(read_kolada_file(path), path.name)
            count = store_kolada(engine, rows)
            stored.extend(row for row in rows if row["value"] is not None)
            counts.append({"file": str(path), "stored": count, "skipped": without_value(rows)})
            if not as_json:
                click.echo(
                    f"{path.name}: {plural(count, 'värde importerat', 'värden importerade')}{_skipped(counts[-1]['skipped'])}"
                )
            if not rows:
                _obs(
                    f"{path.name} innehåller inga värden, så inget har sparats. Stäm av nyckeltalens id, åren och "
                    "kommunerna i frågan mot Kolada."
                )
    finally:
        engine.dispose()
    unseen = _tell_stored(workspace, stored)
    if as_json:
        total = {key: sum(c[key] for c in counts) for key in ("stored", "skipped")}
        echo_json({"files": counts, **total, **unseen})


@click.command("kolada-fetch", cls=Command)
@workspace_option
@db_option
@click.option("--kpi", "kpis", multiple=True, required=True, metavar="ID", help="Koladas nyckeltals-id (flera går).")
@click.option("--year", "years", multiple=True, required=True, type=int, metavar="ÅR", help="År (flera går).")
@click.option(
    "--municipality",
    "municipalities",
    multiple=True,
    default=("0000",),
    metavar="ID",
    help="Kommun eller region i Kolada (flera går); standard: 0000, riket.",
)
@click.option("--base-url", default=None, metavar="URL", help="Koladas API; standard: https://api.kolada.se/v3.")
@json_option
@friendly_errors
def kolada_fetch_command(
    workspace: Path,
    db_url: str | None,
    kpis: tuple[str, ...],
    years: tuple[int, ...],
    municipalities: tuple[str, ...],
    base_url: str | None,
    as_json: bool,
) -> None:
    """Hämta riksjämförelser direkt från Koladas API (kräver nätverk) och spara dem i historiken.

    Alla sidor i svaret hämtas och granskas som vid import av en sparad fil; är
    något fel sparas ingenting. Högst 25 id per fråga (fler delas upp). Som
    'history kolada' säger kommandot med "Obs: …" på stderr vad som sparats men inte
    visas, och ett id som Kolada inte gav några värden för. Med --json skrivs ett
    JSON-objekt: stored, skipped, no_values (de id:n), unused_kpis,
    other_municipalities, other_years och plan_checked, som i 'history kolada'.

    \b
    Exempel:
      reporting history kolada-fetch --kpi U07414 --year 2025
      reporting history kolada-fetch --kpi U07414 --kpi N00945 --year 2024 --year 2025 --municipality 0000
    """
    from reporting.history.kolada_fetch import DEFAULT_BASE_URL, fetch_and_store
    from reporting.workflow import open_database

    _a_workspace(workspace, db_url)
    engine = open_database(workspace, db_url)
    try:
        stored, empty_rows = fetch_and_store(
            engine, kpis=kpis, years=years, municipalities=municipalities, base_url=base_url or DEFAULT_BASE_URL
        )
    finally:
        engine.dispose()
    if not as_json:
        count = plural(len(stored), "värde hämtat och sparat", "värden hämtade och sparade")
        click.echo(f"Kolada: {count}{_skipped(empty_rows)}")
    given = {row["kpi"].upper() for row in stored}  # an id typed in lower case may come back as Kolada spells it
    empty = [kpi for kpi in dict.fromkeys(k.strip() for k in kpis) if kpi and kpi.upper() not in given]
    if empty:
        _obs(f"Kolada gav inga värden för {', '.join(empty)}. Stäm av id:t, åren och kommunerna mot Kolada.")
    unseen = _tell_stored(workspace, stored)  # what was stored, not what was asked: an id without values stored nothing
    if as_json:
        echo_json({"stored": len(stored), "skipped": empty_rows, "no_values": empty, **unseen})


def _a_workspace(workspace: Path, db_url: str | None) -> None:
    """Refuse a folder with neither a plan nor a history (say, Downloads) unless the database is given (--db or
    $REPORTING_DB_URL): the import would create a history there that no report reads."""
    from sqlalchemy import make_url

    from reporting.history.store import DB_ENV, database_url

    if db_url or os.environ.get(DB_ENV):
        return
    ws = Workspace(workspace)
    history = Path(make_url(database_url(workspace)).database or "")  # the workspace's history.sqlite
    if ws.plan.is_file() or history.exists():
        return
    raise Fel(
        f"det finns varken en plan ({ws.plan.name}) eller en historik ({history.name}) i {ws.root.resolve()}. "
        "Kör kommandot i arbetsytan eller ange den med -w, eller ange historikdatabasen med --db; ingen ny "
        "historik har skapats här."
    )


def _skipped(count: int) -> str:
    """ "; 2 rader utan värde hoppades över …" after the count: a null never replaces a stored value."""
    if not count:
        return ""
    return f"; {plural(count, 'rad', 'rader')} utan värde hoppades över (sparade värden står kvar)"


def _obs(text: str) -> None:
    """A note on what the command did ("Obs: …"), on stderr as every command's notes: standard output holds the
    counts, or with --json the JSON only."""
    click.echo(f"Obs: {text}", err=True)


def _tell_stored(workspace: Path, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Say what was stored that no report will show: values of another municipality than riket, riket's values
    for a year no report of the plan's year looks at, and Kolada ids no key figure names (``unused_kpis``), the
    plan being plan.xlsx and the saved plans of its year's and the year before's periods (``kolada_plans``: last
    year's årsrapport is judged against its own); the same as facts for --json (``plan_checked``: whether a plan
    was read to compare the years and ids with).

    History can be kept without a plan in the workspace: then only the municipality is checked. A plan that
    cannot be read is said, since the other checks were then not made."""
    from reporting.errors import ReportingError
    from reporting.history.kolada import RIKET
    from reporting.history.kolada_plans import only_saved_note, other_years, saved_plans, unused_note
    from reporting.plan.read import load_plan

    others = sorted({row["municipality"] for row in rows if row["municipality"] != RIKET})
    facts: dict[str, Any] = {
        "unused_kpis": [],
        "other_municipalities": others,
        "other_years": [],
        "plan_checked": False,
    }
    if others:
        which = "kommun eller region" if len(others) == 1 else "kommunerna eller regionerna"
        _obs(
            f"värdena för {which} {and_joined(others)} är sparade men visas i ingen rapport: rapporterna "
            f"jämför bara med riket ({RIKET}). Hämta värdena för {RIKET} om det var riket som avsågs."
        )
    ws = Workspace(workspace)
    path = ws.plan
    if not rows or not path.is_file():
        return facts
    try:
        plan = load_plan(path)
    except ReportingError:
        _obs(f"planen {path.name} kunde inte läsas, så Kolada-id:na är inte jämförda med planens.")
        return facts
    saved = saved_plans(ws, plan)  # last year's årsrapport still shows riket by its saved plan
    years, note = other_years(rows, plan, saved)
    unused, unused_said = unused_note(rows, plan, saved, path, ws.root)
    for said in (note, unused_said, only_saved_note(rows, plan, saved, path, ws.root)):
        if said:
            _obs(said)
    return facts | {"unused_kpis": unused, "other_years": years, "plan_checked": True}
