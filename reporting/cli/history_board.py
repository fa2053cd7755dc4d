"""history rename-board: a nämnd whose id changed (renamed, or given a Nämnd-id) joins its earlier rows to the new id."""

from __future__ import annotations

from pathlib import Path

import click

from reporting.cli.errors import friendly_errors
from reporting.cli.help import Command
from reporting.cli.options import db_option, json_option, workspace_option
from reporting.cli.output import echo_json
from reporting.text import plural


@click.command("rename-board", cls=Command)
@workspace_option
@db_option
@click.argument("old", metavar="GAMMALT-ID")
@click.argument("new", metavar="NYTT-ID")
@click.option(
    "--keep-latest",
    is_flag=True,
    help="Har båda id:na rader för samma period: behåll den senast sparade körningen och ta bort den äldre.",
)
@json_option
@friendly_errors
def rename_board(workspace: Path, db_url: str | None, old: str, new: str, keep_latest: bool, as_json: bool) -> None:
    """Flytta historikens rader från ett nämnd-id till ett annat, t.ex. när nämnden bytt namn eller fått ett Nämnd-id.

    Raderna lagras under nämndens id (planens Nämnd-id, annars namnet). Byts id:t
    vid ett årsskifte syns inte de tidigare åren i Tidsserier; körningen säger då
    vilket id de ligger under. Allt flyttas i en transaktion, och flytten sparas:
    en senare körning som nämner GAMMALT-ID (t.ex. förra årets period, som bedöms
    mot sin sparade plan) sparas och läses under NYTT-ID. Har NYTT-ID redan rader
    för en period som GAMMALT-ID också har flyttas inget, och perioderna nämns; med
    --keep-latest behålls för varje sådan period den senast sparade körningen och
    den äldre tas bort. Med --json skrivs {"from", "to", "rows", "replaced"}.

    \b
    Exempel:
      reporting history rename-board halso-och-sjukvardsnamnden hsn
      reporting history rename-board halso-och-sjukvardsnamnden hsn --keep-latest
      reporting history rename-board halso-och-sjukvardsnamnden hsn --db postgresql+psycopg://rapport@server/region
    """
    from reporting.history.boards import rename_board as move
    from reporting.workflow import open_database

    engine = open_database(workspace, db_url, existing=True)
    try:
        done = move(engine, old, new, keep_latest)  # refused (RenameRefused): one "Fel: …" line, nothing moved
    finally:
        engine.dispose()
    if as_json:
        replaced = [
            {"period": r.period.key, "kept": r.kept, "removed": r.removed, "rows": r.rows} for r in done.replaced
        ]
        echo_json({"from": old, "to": new, "rows": done.moved, "replaced": replaced, "already": bool(done.earlier)})
        return
    if done.earlier:
        click.echo(f'Nämnd-id "{old}" flyttades redan till "{new}" {done.earlier}; inget mer att flytta.')
        return
    for r in done.replaced:
        click.echo(
            f'{r.period.short_label}: behöll den senast sparade körningen (under "{r.kept}") och tog bort '
            f'den äldre under "{r.removed}" ({plural(r.rows, "rad", "rader")}).'
        )
    click.echo(f'Flyttade {plural(done.moved, "rad", "rader")} från nämnd-id "{old}" till "{new}".')
