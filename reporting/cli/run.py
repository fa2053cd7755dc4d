"""The period's workflow commands: demo, templates, check, consolidate and feedback."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import click

from reporting.cli.errors import Fel, friendly_errors
from reporting.cli.help import Command
from reporting.cli.options import (
    current_plan_option,
    db_option,
    elsewhere,
    json_option,
    period_option,
    plan_option,
    workspace_option,
)
from reporting.cli.output import echo_json, listed
from reporting.cli.summary import finish, summarise
from reporting.demo.catalogue import DEFAULT as DEFAULT_DEMO
from reporting.demo.catalogue import DEMO_PLANS
from reporting.errors import PlanInvalid
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.progress import progressbar
from reporting.text import as_known, plural, printable
from reporting.workspace import Workspace


def plan_file(plan_path: Path | None, workspace: Path) -> Path:
    """The plan's file, which must exist (checked before anything, the workspace folder included, is made)."""
    path = plan_path or Workspace(workspace).plan
    if not path.exists():
        raise Fel(
            f"planen {path} finns inte. Skapa den med 'reporting plan new {path}' "
            f"eller kör 'reporting demo' för en arbetsyta med demodata.{elsewhere(plan_path, workspace)}"
        )
    return path


def _lock_first(workspace: Path) -> AbstractContextManager[None]:
    """The workspace's lock, taken before the pipeline is imported and the plan read, so that a busy workspace is
    told at once. A folder that does not exist is not made here: the run's own checks say what is missing."""
    return Workspace(workspace).lock() if workspace.is_dir() else nullcontext()


PLAN_ERRORS_SHOWN = 30  # a plan's errors listed on screen; `reporting plan check` lists them all


def load_workspace_plan(plan_path: Path | None, workspace: Path) -> Plan:
    """The plan of ``plan_file``, read; its errors (at most ``PLAN_ERRORS_SHOWN``) in the one error the command
    says, with the command that lists them all."""
    path = plan_file(plan_path, workspace)
    try:
        return load_plan(path)
    except PlanInvalid as exc:
        lines = listed([str(f) for f in exc.findings], PLAN_ERRORS_SHOWN, "; 'reporting plan check' listar alla")
        one = len(exc.findings) == 1
        raise Fel(  # the errors on lines before the one-line "Fel: …" (errors.fel_lines)
            f"planen {path} har {len(exc.findings)} fel, {'listat' if one else 'listade'} ovan. "
            f"Rätta {'det' if one else 'dem'} och kör 'reporting plan check {path}'.\n{lines}"
        ) from exc


@click.command(cls=Command)
@workspace_option
@period_option(required=False)
@click.option(
    "--pdf",
    is_flag=True,
    help="Skriv även rapporten som PDF för nämnden (kräver LibreOffice), utan kontorets flikar Intagslogg, "
    "Avvikelser och Källor.",
)
@click.option(
    "--plan",
    "plan_name",
    type=click.Choice(list(DEMO_PLANS)),
    default=DEFAULT_DEMO,
    help="Demoplanen (standard: jh-2025): jh-2025 (Jämtland Härjedalen 2025), jh-2021 (Jämtland Härjedalen, verksamhetsplan 2021) "
    "eller vasternorrland-2025 (Västernorrland 2025–2027), t.ex. --plan jh-2021.",
)
@friendly_errors
def demo(workspace: Path, period: Period | None, pdf: bool, plan_name: str) -> None:
    """Kör hela flödet på demodata: plan → mallar → ifyllda inlämningar → rapport och återkoppling.

    Använder den medföljande planen för Hälso- och sjukvårdsnämnden, Region Jämtland
    Härjedalen 2025 (skrivs till plan.xlsx om den saknas). Mappen skapas om den saknas.
    Med --plan väljs en annan demoplan; utan --period körs då dess månadsrapport och
    dess tertial- eller delårsrapport, i den ordningen.

    \b
    Exempel:
      reporting demo --workspace demo --pdf
      reporting demo --plan jh-2021 --workspace demo-2021
      reporting demo --plan vasternorrland-2025 --period 2025-M03 -w demo-vn
    """
    from reporting.demo.workspace import prepare_demo
    from reporting.output.libreoffice import require_office
    from reporting.workflow import run_period

    if pdf:
        require_office()  # before the demo writes its plan, templates and submissions
    if plan_name != DEFAULT_DEMO:
        _seed_demo(workspace, plan_name, period, pdf)
        return
    period = period or Period(2025, "T1")
    _only_the_demo_plan(workspace)
    workspace.mkdir(parents=True, exist_ok=True)
    with Workspace(workspace).lock():
        ws, plan, templates = prepare_demo(workspace, period)
        click.echo(f"Plan: {ws.plan}")
        click.echo(f"{plural(len(templates), 'mall', 'mallar')} i {ws.templates}/")
        click.echo(
            f"Demoinlämningar för {period.key} i {ws.inbox}/ (en division saknas, en har fel som visas i återkopplingen)"
        )
        result = run_period(ws, plan, period, pdf=pdf, plan_file=ws.plan, current_plan=True)  # made from this plan
    summarise(result.consolidation)
    click.echo("Skrivna filer:")
    for path in result.written:
        click.echo(f"  {printable(str(path))}")


def _only_the_demo_plan(workspace: Path) -> None:
    """An office's own workspace is never filled with demo submissions: its plan.xlsx must be the demo's own."""
    from reporting.demo.plan import demo_plan

    path = Workspace(workspace).plan
    if path.exists() and load_workspace_plan(path, workspace).digest() != demo_plan().digest():
        raise Fel(
            f"{path} är inte demoplanen, och demon skulle lägga demoinlämningar i arbetsytans inkorg, arkiv och "
            "historik. Prova demon i en ny mapp, t.ex.: reporting demo -w demo"
        )


def _seed_demo(workspace: Path, name: str, period: Period | None, pdf: bool) -> None:
    """Demo plan ``name`` (seed 002 or 003): its plan.xlsx, then each run: templates, submissions, report."""
    from reporting.demo.workspace import ensure_demo_plan, is_demo_plan, prepare_seed_run
    from reporting.plan.periods import parse_period
    from reporting.workflow import run_period

    workspace.mkdir(parents=True, exist_ok=True)
    with Workspace(workspace).lock():
        path = ensure_demo_plan(workspace, name)
    plan = load_workspace_plan(path, workspace)
    if not is_demo_plan(plan, name):
        raise Fel(
            f"{path} är en annan plan ({plan.region} {plan.year}), inte demoplanen {name}. "
            f"Välj en ny mapp, t.ex.: reporting demo --plan {name} -w demo-{name}"
        )
    click.echo(f"Plan: {path} ({DEMO_PLANS[name].title})")
    for run in [period] if period else [parse_period(key) for key in DEMO_PLANS[name].runs]:
        with Workspace(workspace).lock():
            templates = prepare_seed_run(workspace, name, plan, run)
            ws = Workspace(workspace)
            click.echo(
                f"{run.key}: {plural(len(templates), 'mall', 'mallar')} i {ws.templates}/, demoinlämningar i {ws.inbox}/"
            )
            result = run_period(Workspace(workspace), plan, run, pdf=pdf, plan_file=path, current_plan=True)
        summarise(result.consolidation)
        click.echo("Skrivna filer:")
        for written in result.written:
            click.echo(f"  {printable(str(written))}")


@click.command(cls=Command)
@workspace_option
@plan_option
@period_option()
@click.option(
    "--division", "-d", multiple=True, metavar="ID", help="Bara denna divisions id (kan upprepas); standard: alla."
)
@click.option(
    "--units",
    is_flag=True,
    help="En mall per enhet (planens flik Enheter) i stället för per division; en division utan enheter får sin egen.",
)
@click.option(
    "--current-plan",
    is_flag=True,
    help="Mallar från den nuvarande planen även för en period som har en annan sparad plan "
    "(archive/PERIOD/plan.xlsx, sparad när perioden först konsoliderades).",
)
@json_option
@friendly_errors
def templates(
    workspace: Path,
    plan_path: Path | None,
    period: Period,
    division: tuple[str, ...],
    units: bool,
    current_plan: bool,
    as_json: bool,
) -> None:
    """Skriv en förifylld, skyddad inmatningsarbetsbok per division i templates_xlsx/.

    Med --units en per enhet; deras siffror summeras till divisionen.
    En period som redan konsoliderats får mallar från planen den bedöms mot
    (archive/PERIOD/plan.xlsx) när planen har ändrats sedan dess, så att en sen
    inlämning görs från rätt mall; ett meddelande säger det då. Med --current-plan används den nuvarande planen.
    Med --json skrivs ett JSON-objekt: written (de skrivna mallarna), set_aside
    (äldre mallar som planen inte längre har, flyttade till templates_xlsx/äldre/) och
    failed (mallar som inte kunde skrivas: file, problem).

    \b
    Exempel:
      reporting templates --period 2025-T1
      reporting templates --period 2025-delar --division MED --units   # en plan med fliken Enheter
      reporting templates --period 2025-T1 --current-plan   # T1-mallar från den reviderade planen
      reporting templates --period 2021-03 -w demo-2021   # månadsrapport per mars (demoplanen jh-2021)
    """
    from reporting.plan.period_plan import choose, templates_note
    from reporting.template.stale import OLDER, set_aside_notes
    from reporting.template.write import write_templates

    path = plan_file(plan_path, workspace)
    current = load_workspace_plan(plan_path, workspace)
    choice = choose(Workspace(workspace), period, current, path, current_plan)  # only reads
    division = tuple(as_known((d.id for d in choice.plan.divisions), d) for d in division)  # "med" is MED
    _check_choices(choice.plan, division, units)
    if note := templates_note(choice, workspace):
        click.echo(note, err=as_json)
    folder = Workspace(workspace).templates
    with Workspace(workspace).lock():
        run = write_templates(choice.plan, period, folder, list(division) or None, units, progressbar("Skriver mallar"))
    if as_json:  # the templates set aside belong to the answer: a script must not send them out either
        echo_json(
            {
                "written": [str(p) for p in run.written],
                "set_aside": [str(p) for p in run.set_aside],
                "failed": [{"file": str(f.path), "problem": f.problem} for f in run.failed],  # also the Fel line
            }
        )
    else:
        if run.written:
            click.echo(listed([printable(str(p)) for p in run.written], rest=" (--json listar alla)"))
        click.echo(f"Skrev {plural(len(run.written), 'mall', 'mallar')} för {period.key} i {folder}/.")
    for head, names in set_aside_notes(choice.plan, period, run.set_aside, folder / OLDER):
        click.echo(f"{head}:\n{listed([printable(name) for name in names])}", err=as_json)
    if run.failed:
        lines = listed([f"{printable(f.path.name)}: {f.problem}" for f in run.failed])
        listed_above = "listad ovan" if len(run.failed) == 1 else "listade ovan"
        raise Fel(f"{plural(len(run.failed), 'mall', 'mallar')} kunde inte skrivas ({listed_above}).\n{lines}")


def _check_choices(plan: Plan, division: tuple[str, ...], units: bool) -> None:
    """--division names divisions of the plan, and --units needs a plan with units."""
    unknown = [d for d in division if d not in {x.id for x in plan.divisions}]
    if unknown:  # as withdraw says it (intake.run.withdraw)
        named = ", ".join(f'"{d}"' for d in unknown)
        which = "divisionen" if len(unknown) == 1 else "divisionerna"
        raise Fel(f"{which} {named} finns inte i planen. Ange en av: {', '.join(d.id for d in plan.divisions)}.")
    if units and not plan.units:
        raise Fel("planen har inga enheter (fliken Enheter). Fyll i fliken eller kör utan --units.")


@click.command(cls=Command)
@workspace_option
@plan_option
@period_option()
@db_option
@click.option(
    "--pdf",
    is_flag=True,
    help="Skriv även rapporten som PDF för nämndens handlingar genom LibreOffice (headless): utan kontorets flikar "
    "Intagslogg, Avvikelser och Källor, som finns i arbetsboken.",
)
@click.option(
    "--docx-template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    metavar="FIL",
    help="Kontorets egen Word-mall (.docx/.dotx) för Word-utkastet; standard: inbyggd.",
)
@current_plan_option
@json_option
@friendly_errors
def consolidate(
    workspace: Path,
    plan_path: Path | None,
    period: Period,
    db_url: str | None,
    pdf: bool,
    docx_template: Path | None,
    current_plan: bool,
    as_json: bool,
) -> None:
    """Läs inbox/, konsolidera alla divisioner och skriv periodens rapport i outbox/.

    Tertialrapport för T1, delårsrapport för delar, årsrapport för helar,
    månadsrapport för en månad (2021-03; helårsprognosen mot föregående prognos), som
    arbetsbok och som Word-utkast (.docx) för sekreteraren att redigera.
    Arbetsytan och databasen kontrolleras först; inget arkiveras om något är fel.
    Perioden bedöms mot planen som gällde när den först konsoliderades (sparad i
    archive/PERIOD/plan.xlsx); har planen ändrats sedan dess visas ett meddelande om det, och
    --current-plan bedömer perioden mot den nuvarande planen i stället.
    Med --json skrivs körningen som ett JSON-objekt (se reporting feedback --help).
    Avslutas med 0 när rapporten är skriven, också när filer avvisats eller divisioner
    saknas (rapporten och --json säger vilka); 1 vid fel, 75 när arbetsytan är upptagen.

    \b
    Exempel:
      reporting consolidate --period 2025-T1 --pdf
      reporting consolidate --period 2025-T1 --json > körning.json
      reporting consolidate --period 2025-T1 --docx-template kontorets-mall.docx
      reporting consolidate --period 2025-T1 --current-plan   # T1 mot den reviderade planen, inte T1:s sparade
      reporting consolidate --period 2021-03 -w demo-2021   # månadsrapporten per mars 2021 (demoplanen jh-2021)
    """
    _run_and_say(
        workspace,
        plan_path,
        period,
        current_plan,
        as_json,
        feedback=False,
        pdf=pdf,
        db_url=db_url,
        docx_template=docx_template,
    )


@click.command(cls=Command)
@workspace_option
@plan_option
@period_option()
@db_option
@click.option("--pdf", is_flag=True, help="Skriv även varje återkoppling som PDF (kräver LibreOffice).")
@current_plan_option
@json_option
@friendly_errors
def feedback(
    workspace: Path,
    plan_path: Path | None,
    period: Period,
    db_url: str | None,
    pdf: bool,
    current_plan: bool,
    as_json: bool,
) -> None:
    """Skriv en återkopplingsarbetsbok per division (dess fynd, med celllänkar) i outbox/återkoppling/.

    Med --json skrivs körningen som ett JSON-objekt: period, files (file, reporter, result, reason,
    received, late, set_aside), consolidated, missing, rejected (id), units (enheter som saknas/avvisades per
    division), set_aside (enheter vars filer inte används, per division vars egen fil gäller),
    findings (som check --json, med division och division_id, utan counts_against,
    med reporter), to_do (ekonomienhetens att göra) och
    written (skrivna filer).
    Perioden bedöms mot sin sparade plan som i reporting consolidate (se dess --help).
    Avslutas med 0 när återkopplingen är skriven, också när filer avvisats; 1 vid fel,
    75 när arbetsytan är upptagen.

    \b
    Exempel:
      reporting feedback --period 2025-T1
      reporting feedback --period 2025-T1 --pdf
      reporting feedback --period 2025-T1 --json > körning.json
      reporting feedback --period 2025-T1 --current-plan   # mot den nuvarande planen, som blir periodens
    """
    _run_and_say(workspace, plan_path, period, current_plan, as_json, report=False, db_url=db_url, feedback_pdf=pdf)


def _run_and_say(
    workspace: Path, plan_path: Path | None, period: Period, current_plan: bool, as_json: bool, **options: Any
) -> None:
    """The period's run (``run_period`` with ``options``) under the workspace lock, then what it did on the console
    or as --json; when only its PDFs failed, what it did is said first (a script must know what was written), then
    the error's line (exit status 1)."""
    from reporting.output.pdf import PdfNotMade
    from reporting.workflow import run_period

    path = plan_file(plan_path, workspace)
    with _lock_first(workspace):
        loaded = load_workspace_plan(plan_path, workspace)
        try:
            result = run_period(
                Workspace(workspace), loaded, period, **options, **_period_plan(path, current_plan, as_json)
            )
        except PdfNotMade as exc:
            if exc.partial is not None:
                finish(exc.partial, as_json)
            raise
    finish(result, as_json)


def _period_plan(path: Path, current_plan: bool, as_json: bool) -> dict[str, Any]:
    """``run_period``'s arguments for the period's saved plan; its note beside the output (stderr with --json)."""
    return {"plan_file": path, "current_plan": current_plan, "tell": lambda note: click.echo(note, err=as_json)}
