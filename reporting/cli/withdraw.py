"""The withdraw command: the economy office takes back a division's current submission for a period."""

from __future__ import annotations

from pathlib import Path

import click

from reporting.cli.errors import friendly_errors
from reporting.cli.help import Command
from reporting.cli.options import period_option, plan_option, workspace_option
from reporting.cli.run import load_workspace_plan, plan_file
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.text import as_known, printable
from reporting.workspace import Workspace


@click.command(cls=Command)
@workspace_option
@plan_option
@period_option()
@click.option("--division", "-d", required=True, metavar="ID", help="Divisionens id i planen, t.ex. MED.")
@click.option("--unit", default="", metavar="ID", help="Enhetens id, när enheten lämnar in en egen fil.")
@click.option("--reason", required=True, metavar="TEXT", help="Varför inlämningen återkallas (skrivs i intagsloggen).")
@friendly_errors
def withdraw(workspace: Path, plan_path: Path | None, period: Period, division: str, unit: str, reason: str) -> None:
    """Återkalla en divisions (eller enhets) aktuella inlämning för en period.

    Inget tas bort: filen ligger kvar i arkivet, och återkallelsen skrivs med sin
    orsak i intagsloggen (archive/intagslogg.csv) och arkivets index. Nästa
    konsolidering räknar divisionen som ej inkommen tills en ny fil kommer in i inbox/.
    Periodens rapport och historik har kvar filens värden tills perioden
    konsolideras igen: kör reporting consolidate för perioden efteråt. Divisionen och
    enheten är de i planen perioden bedöms mot (den sparade planen för en konsoliderad period).

    \b
    Exempel:
      reporting withdraw --period 2025-T1 --division MED --reason "Fel siffror i Ekonomi"
      reporting withdraw -p 2025-T1 -d MED --unit E0001 --reason "Fel enhet"   # en plan med fliken Enheter
    """
    from reporting.intake.run import withdraw as withdraw_submission
    from reporting.plan.period_plan import choose

    # the plan the period is judged against (its saved plan once consolidated): last year's ids and names after
    # plan.xlsx became next year's, as consolidate takes them
    loaded = choose(
        Workspace(workspace), period, load_workspace_plan(plan_path, workspace), plan_file(plan_path, workspace), False
    ).plan
    division = as_known((d.id for d in loaded.divisions), division)  # "med" is MED, as in history show
    unit = as_known((u.id for u in loaded.units_of(division)), unit) if unit else unit
    entry = withdraw_submission(Workspace(workspace), loaded, period, division, reason, unit)
    who = Reporter.of(loaded, division, unit).name
    click.echo(
        f"Återkallade {printable(entry.file)} ({who}, {period.in_text}). "
        f"{who} räknas som ej inkommen tills en ny fil kommer in i inbox/."
    )
    # the file was archived by a consolidation, so that run's report and history still hold its values
    click.echo(
        f"Rapporten och historiken för {period.in_text} har kvar filens värden tills perioden konsolideras igen: "
        f"kör reporting consolidate --period {period.key}."
    )
