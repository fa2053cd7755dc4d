"""The central command: the economy office's file of nämnd-level outcomes for a period."""

from __future__ import annotations

from pathlib import Path

import click

from reporting.cli.errors import friendly_errors
from reporting.cli.help import Command
from reporting.cli.options import period_option, plan_option, workspace_option
from reporting.cli.run import load_workspace_plan, plan_file
from reporting.plan.periods import Period
from reporting.text import plural
from reporting.workspace import Workspace


@click.command(cls=Command)
@workspace_option
@plan_option
@period_option()
@click.option(
    "--current-plan",
    is_flag=True,
    help="Skriv raderna från den nuvarande planen (plan.xlsx eller --plan) även för en period som bedöms mot planen "
    "som sparades i archive/PERIOD/plan.xlsx. Inget sparas.",
)
@friendly_errors
def central(workspace: Path, plan_path: Path | None, period: Period, current_plan: bool) -> None:
    """Skriv eller uppdatera Centrala värden.xlsx i arbetsytan för en period.

    Filen har en rad per centralt mätt nyckeltal (Frekvens "Centralt" eller
    Divisioner "Nämnd"), per finansiellt mål och per nämndens eget uppdrag
    (Divisioner "Nämnd"). Ekonomienheten fyller i utfall, status och kommentar;
    inga divisioner tillfrågas. Värden som redan är ifyllda behålls, och rader för
    andra perioder ligger kvar. Konsolideringen läser filen för perioden, kontrollerar
    varje värde och visar utfallen på nämndnivå ("Nämnden") i rapporten. En period som
    redan konsoliderats får raderna från planen den bedöms mot (archive/PERIOD/plan.xlsx).

    \b
    Exempel:
      reporting central --period 2025-T1
      reporting central -p 2025-delar -w demo
    """
    from reporting.plan.period_plan import choose
    from reporting.template.central import write_central

    ws = Workspace(workspace)
    choice = choose(
        ws, period, load_workspace_plan(plan_path, workspace), plan_file(plan_path, workspace), current_plan
    )  # reads
    with ws.lock():
        path, added = write_central(ws.root, choice.plan, period)
    rows = plural(added, "ny rad", "nya rader") if added else "inga nya rader"
    click.echo(f"Skrev {path}: {rows} för {period.key}; ifyllda värden behölls.")
