"""The plan commands: plan new and plan check."""

from __future__ import annotations

from pathlib import Path

import click

from reporting.cli.errors import Fel, friendly_errors
from reporting.cli.help import Group
from reporting.cli.options import elsewhere, json_option, workspace_option
from reporting.cli.output import echo_json
from reporting.findings import Severity
from reporting.plan.central import BOARD
from reporting.plan.model import Plan
from reporting.plan.read import check_plan
from reporting.plan.write import write_plan
from reporting.text import plural
from reporting.workspace import Workspace


@click.group(cls=Group)
def plan() -> None:
    """Skapa och kontrollera planarbetsboken (plan.xlsx).

    \b
    Exempel:
      reporting plan new -w kontoret
      reporting plan check -w kontoret
    """


@plan.command("check")
@workspace_option
@json_option
@click.argument("path", required=False, metavar="[PLAN]", type=click.Path(dir_okay=False, path_type=Path))
@friendly_errors
def plan_check(workspace: Path, as_json: bool, path: Path | None) -> None:
    """Kontrollera en planarbetsbok och lista varje problem med flik och cell.

    Utan PLAN kontrolleras WORKSPACE/plan.xlsx. Avslutas med felkod 1 när planen har fel.
    Med --json skrivs fynden som en JSON-lista, med samma nycklar som i
    'reporting check --json' utom counts_against.

    \b
    Exempel:
      reporting plan check plan.xlsx
      reporting plan check -w kontoret --json
    """
    given, path = path, path or Workspace(workspace).plan
    if not path.exists():
        hint = elsewhere(given, workspace, "sökvägen, t.ex. 'reporting plan check kontoret/plan.xlsx'")
        raise Fel(f"planen {path} finns inte. Skapa den med 'reporting plan new {path}'.{hint}")
    loaded, findings = check_plan(path)
    if as_json:
        from reporting.intake.file_check import division_ids, finding_record

        # a plan's own findings name a division by its Division column's id, the one thing known of a plan in error
        ids = division_ids(loaded) if loaded else {f.division: f.division for f in findings}
        echo_json([finding_record(f, ids) for f in findings])
    else:
        for finding in findings:
            click.echo(f"{finding.severity.value.upper()}: {finding}")
    if loaded is None:
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        them = "det" if errors == 1 else "dem"
        raise Fel(f"planen {path} har {errors} fel. Rätta {them} och kör 'reporting plan check {path}' igen.")
    if not as_json:
        click.echo(f"{path}: OK – {_summary(loaded)}.")


def _summary(plan: Plan) -> str:
    """What the plan holds. The nämnd's investment frames (Division "Nämnd") are no investment objects:
    counting them as investments would make a plan of two frames and no objects say "2 investeringar"."""
    frames = sum(1 for i in plan.investments if i.division == BOARD)
    text = (
        f"{plural(len(plan.divisions), 'division', 'divisioner')}, "
        f"{len(plan.key_figures)} nyckeltal, {len(plan.assignments)} uppdrag, "
        f"{plural(len(plan.measures), 'åtgärd', 'åtgärder')}, "
        f"{plural(len(plan.investments) - frames, 'investering', 'investeringar')}"
    )
    return text + (f" och {plural(frames, 'investeringsram', 'investeringsramar')} för nämnden" if frames else "")


@plan.command("new")
@workspace_option
@click.argument("path", required=False, metavar="[PLAN]", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--demo", "use_demo", is_flag=True, help="Fyll den med demoplanen (JH HSN 2025) i stället för tom.")
@click.option("--force", is_flag=True, help="Skriv över en befintlig fil.")
@click.option(
    "--year", type=click.IntRange(1900, 2200), default=None, metavar="ÅR", help="Planens första år (fyller i År)."
)
@click.option(
    "--amount-unit",
    "unit",
    type=click.Choice(["mkr", "tkr"]),
    default="mkr",
    show_default=True,
    help="Beloppsenhet för planens belopp (rubrikerna skrivs i den).",
)
@friendly_errors
def plan_new(workspace: Path, path: Path | None, use_demo: bool, force: bool, year: int | None, unit: str) -> None:
    """Skriv en tom planarbetsbok med rubriker, instruktioner och validering.

    Utan PLAN skrivs WORKSPACE/plan.xlsx och mappen inbox/ skapas. Mappar som saknas skapas. Med --year och
    --amount-unit får den tomma planen sitt år och sin beloppsenhet (rubrikerna för
    effekter och ramar skrivs med dem); med --year har fliken Nämnd tomma rader för
    årets besparingskrav och planerade resultat.

    \b
    Exempel:
      reporting plan new -w kontoret
      reporting plan new -w kontoret --year 2026 --amount-unit tkr
      reporting plan new demo-plan.xlsx --demo
    """
    from reporting.demo.plan import demo_plan

    if use_demo and (year is not None or unit != "mkr"):
        raise Fel(
            "--demo skriver demoplanen med dess eget år (2025) och enhet (mkr). Ta bort --year och --amount-unit."
        )
    in_workspace = path is None
    path = path or Workspace(workspace).plan
    if path.exists() and not force:
        raise Fel(f"{path} finns redan. Använd --force för att skriva över den.")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_plan(path, demo_plan() if use_demo else None, year=year, unit=unit)
    if in_workspace:  # the folder the controllers' files are dropped in: the first consolidate needs it
        Workspace(workspace).inbox.mkdir(exist_ok=True)
    done = "Den är ifylld med demodatan; ändra den och kör" if use_demo else "Fyll i den och kör sedan"
    click.echo(f"Skrev {path}. {done}: reporting plan check {path}")
