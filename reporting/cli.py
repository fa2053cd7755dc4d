"""Command-line interface: a thin layer over the library; every command has --help with an example."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from reporting.errors import FileProblem, InputError, PlanInvalid, ReportingError
from reporting.findings import Severity
from reporting.intake.run import check_file
from reporting.plan.model import Plan
from reporting.plan.periods import Period, parse_period
from reporting.plan.read import check_plan, load_plan
from reporting.plan.write import write_plan
from reporting.progress import progressbar
from reporting.workspace import Workspace


def _period(ctx: click.Context, param: click.Parameter, value: str | None) -> Period | None:
    if value is None:
        return None
    try:
        return parse_period(value)
    except InputError as exc:
        raise click.BadParameter(str(exc)) from exc


def workspace_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--workspace: the folder with plan.xlsx, inbox/, outbox/, templates_xlsx/ and archive/."""
    return click.option(
        "--workspace",
        "-w",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        show_default=True,
        help="Workspace folder (plan.xlsx, inbox/, outbox/, templates_xlsx/).",
    )(fn)


def plan_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--plan",
        "plan_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Plan workbook; default: WORKSPACE/plan.xlsx.",
    )(fn)


def period_option(required: bool = True) -> Callable[..., Any]:
    return click.option(
        "--period",
        "-p",
        callback=_period,
        required=required,
        help="Period: YEAR-T1 (jan–apr), YEAR-delar (jan–aug) or YEAR-helar, e.g. 2025-T1.",
    )


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db_url",
        default=None,
        metavar="URL",
        help="History database (SQLAlchemy URL); default $REPORTING_DB_URL or WORKSPACE/history.sqlite.",
    )(fn)


def _load(plan_path: Path | None, workspace: Path) -> Plan:
    path = plan_path or Workspace(workspace).plan
    if not path.exists():
        raise click.ClickException(
            f"no plan at {path}. Create one with 'reporting plan new {path}' "
            "or run 'reporting demo' for the demo workspace."
        )
    try:
        return load_plan(path)
    except PlanInvalid as exc:
        lines = "\n".join(f"  {f}" for f in exc.findings[:30])
        raise click.ClickException(
            f"the plan {path} has {len(exc.findings)} error(s):\n{lines}\n"
            f"Fix them and run 'reporting plan check {path}'."
        ) from exc
    except FileProblem as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
@click.version_option(package_name="reporting")
def main() -> None:
    """Follow-up reporting for a Swedish health-care board (hälso- och sjukvårdsnämnd).

    \b
    Typical period:
      reporting templates --period 2025-T1     # one template per division
      (controllers fill them and put them in inbox/)
      reporting consolidate --period 2025-T1   # tertialrapport into outbox/
      reporting feedback --period 2025-T1      # återkoppling per division

    Try it all at once on demo data:  reporting demo
    """


@main.command()
@workspace_option
@period_option(required=False)
@click.option("--pdf", is_flag=True, help="Also write the report as PDF (needs LibreOffice).")
def demo(workspace: Path, period: Period | None, pdf: bool) -> None:
    """Run the whole flow on demo data: plan → templates → filled submissions → report and feedback.

    Uses the bundled plan of Hälso- och sjukvårdsnämnden, Region Jämtland
    Härjedalen 2025 (written to plan.xlsx if absent).

    \b
    Example:
      reporting demo --workspace . --pdf
    """
    from reporting.demo.workspace import prepare_demo
    from reporting.workflow import run_period

    period = period or Period(2025, "T1")
    try:
        ws, plan, templates = prepare_demo(workspace, period)
        click.echo(f"Plan: {ws.plan}")
        click.echo(f"Templates: {len(templates)} in {ws.templates}/")
        click.echo(f"Demo submissions for {period.key} in {ws.inbox}/ (one division missing, one with errors)")
        result = run_period(ws, plan, period, pdf=pdf)
    except ReportingError as exc:
        raise click.ClickException(str(exc)) from exc
    _summarise(result.consolidation)
    click.echo("Written:")
    for path in result.written:
        click.echo(f"  {path}")


def _summarise(result: Any) -> None:
    intake = result.intake
    accepted = sum(1 for f in intake.files if f.accepted)
    click.echo(f"Inbox: {len(intake.files)} file(s), {accepted} accepted, {len(intake.files) - accepted} rejected.")
    click.echo(
        f"Consolidated: {len(result.submitted)} of {len(result.plan.divisions)} divisions"
        + (
            f"; not submitted: {', '.join(result.plan.division(d).name for d in result.missing)}"
            if result.missing
            else ""
        )
    )
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    click.echo(f"Findings: {errors} error(s), {len(result.findings) - errors} warning(s).")


@main.group()
def plan() -> None:
    """Create and check the plan workbook (plan.xlsx)."""


@plan.command("check")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def plan_check(path: Path) -> None:
    """Check a plan workbook and list every problem with sheet and cell.

    \b
    Example:
      reporting plan check plan.xlsx
    """
    if not path.exists():
        raise click.ClickException(f"{path} does not exist")
    try:
        loaded, findings = check_plan(path)
    except FileProblem as exc:
        raise click.ClickException(str(exc)) from exc
    for finding in findings:
        click.echo(str(finding))
    if loaded is None:
        raise click.ClickException(f"{len(findings)} problem(s) in {path}")
    click.echo(
        f"{path}: OK – {len(loaded.divisions)} divisions, {len(loaded.key_figures)} key figures, "
        f"{len(loaded.assignments)} uppdrag, {len(loaded.measures)} measures, {len(loaded.investments)} investments."
    )


@plan.command("new")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--demo", "use_demo", is_flag=True, help="Fill it with the demo plan (JH HSN 2025) instead of blank.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def plan_new(path: Path, use_demo: bool, force: bool) -> None:
    """Write a blank plan workbook with headers, instructions and validation.

    \b
    Example:
      reporting plan new plan.xlsx
      reporting plan new demo-plan.xlsx --demo
    """
    from reporting.demo.plan import demo_plan

    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; use --force to overwrite it")
    write_plan(path, demo_plan() if use_demo else None)
    click.echo(f"Wrote {path}. Fill it in, then run: reporting plan check {path}")


@main.command()
@workspace_option
@plan_option
@period_option()
@click.option("--division", "-d", multiple=True, help="Only this division id (repeatable); default all.")
@click.option("--units", is_flag=True, help="One template per unit (plan sheet Enheter) instead of per division.")
def templates(workspace: Path, plan_path: Path | None, period: Period, division: tuple[str, ...], units: bool) -> None:
    """Write one pre-filled, protected input workbook per division into templates_xlsx/.

    With --units, one per enhet; their figures roll up to the division.

    \b
    Example:
      reporting templates --period 2025-T1
      reporting templates --period 2025-delar --division MED --units
    """
    from reporting.template.write import generate_templates

    loaded = _load(plan_path, workspace)
    unknown = [d for d in division if d not in {x.id for x in loaded.divisions}]
    if unknown:
        raise click.BadParameter(
            f"unknown division {', '.join(unknown)}; known: {', '.join(d.id for d in loaded.divisions)}",
            param_hint="--division",
        )
    if units and not loaded.units:
        raise click.ClickException("the plan has no units (sheet Enheter); fill it in or drop --units")
    paths = generate_templates(
        loaded, period, Workspace(workspace).templates, list(division) or None, units, progressbar("Skriver mallar")
    )
    for path in paths:
        click.echo(f"  {path}")
    click.echo(f"Wrote {len(paths)} template(s) for {period.key}.")


@main.command()
@workspace_option
@plan_option
@period_option(required=False)
@click.option(
    "--careful", is_flag=True, help="Read through openpyxl instead of the fast reader (same findings, slower)."
)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(
    workspace: Path, plan_path: Path | None, period: Period | None, careful: bool, files: tuple[Path, ...]
) -> None:
    """Check filled templates before sending them; list every finding with its cell.

    Exit status 1 when a file has errors. The files are only read, never changed.

    \b
    Example:
      reporting check "inbox/2025-T1 Division Medicin.xlsx"
    """
    loaded = _load(plan_path, workspace)
    failed = 0
    for path in files:
        if not path.is_file():
            click.echo(f"{path}: no such file", err=True)
            failed += 1
            continue
        result = check_file(path, loaded, period, careful=careful)
        errors = [f for f in result.findings if f.severity is Severity.ERROR]
        for finding in result.findings:
            click.echo(f"{finding.severity.value.upper()}: {finding}")
        verdict = "OK" if not errors else f"{len(errors)} error(s)"
        click.echo(f"{path.name}: {verdict}, {len(result.findings) - len(errors)} warning(s)")
        failed += bool(errors) or not result.accepted
    if failed:
        sys.exit(1)


@main.command()
@workspace_option
@plan_option
@period_option()
@db_option
@click.option("--pdf", is_flag=True, help="Also write a PDF through LibreOffice headless.")
def consolidate(workspace: Path, plan_path: Path | None, period: Period, db_url: str | None, pdf: bool) -> None:
    """Read inbox/, consolidate all divisions and write the period report into outbox/.

    Tertialrapport for T1, Delårsrapport for delar, Årsrapport for helar.

    \b
    Example:
      reporting consolidate --period 2025-T1 --pdf
    """
    from reporting.workflow import run_period

    loaded = _load(plan_path, workspace)
    try:
        result = run_period(Workspace(workspace), loaded, period, feedback=False, pdf=pdf, db_url=db_url)
    except ReportingError as exc:
        raise click.ClickException(str(exc)) from exc
    _summarise(result.consolidation)
    for path in result.written:
        click.echo(f"Wrote {path}")


@main.command()
@workspace_option
@plan_option
@period_option()
@db_option
def feedback(workspace: Path, plan_path: Path | None, period: Period, db_url: str | None) -> None:
    """Write one återkoppling workbook per division (its findings, with cell links) into outbox/.

    \b
    Example:
      reporting feedback --period 2025-T1
    """
    from reporting.workflow import run_period

    loaded = _load(plan_path, workspace)
    result = run_period(Workspace(workspace), loaded, period, report=False, db_url=db_url)
    _summarise(result.consolidation)
    for path in result.written:
        click.echo(f"Wrote {path}")


@main.group()
def history() -> None:
    """The stored figures of every consolidated period: show, export, import riksjämförelser."""


@history.command("show")
@workspace_option
@db_option
@click.argument("key_figure")
@click.option("--division", "-d", default="", help="Division id; default the nämnd total.")
def history_show(workspace: Path, db_url: str | None, key_figure: str, division: str) -> None:
    """Print a key figure's series (utfall and prognos per period) in the terminal.

    \b
    Example:
      reporting history show N04
      reporting history show N04 --division MED
    """
    from reporting.history.store import load_figures, open_history
    from reporting.history.trends import series

    engine = open_history(workspace, db_url)
    frame = load_figures(engine)
    outcomes = series(frame, key_figure, division)
    forecasts = dict(series(frame, key_figure, division, "forecast"))
    if not outcomes:
        raise click.ClickException(
            f"no stored values for {key_figure}"
            + (f" in division {division}" if division else "")
            + "; run 'reporting consolidate' for a period first"
        )
    click.echo(f"{key_figure} {'(' + division + ')' if division else '(nämnden)'}")
    click.echo(f"{'period':<12}{'utfall':>12}{'prognos':>12}")
    for period, value in outcomes:
        forecast = forecasts.get(period)
        click.echo(f"{period.key:<12}{value:>12}{'' if forecast is None else forecast:>12}")


@history.command("export")
@workspace_option
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write; default outbox/historik.<format>.",
)
def history_export(workspace: Path, db_url: str | None, fmt: str, output: Path | None) -> None:
    """Export every stored figure as CSV or Parquet (for Power BI and other tools).

    \b
    Example:
      reporting history export --format parquet -o historik.parquet
    """
    from reporting.history.export import export
    from reporting.history.store import open_history

    target = output or Workspace(workspace).outbox / f"historik.{fmt}"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        export(open_history(workspace, db_url), target, fmt)
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Wrote {target}")


@history.command("kolada")
@workspace_option
@db_option
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def history_kolada(workspace: Path, db_url: str | None, files: tuple[Path, ...]) -> None:
    """Import riksjämförelser from saved Kolada API JSON responses (v2 or v3); no network is used.

    Key figures are matched through the plan's Kolada-id column.

    \b
    Example:
      reporting history kolada kolada-N00945.json
    """
    from reporting.history.kolada import import_kolada
    from reporting.history.store import open_history

    engine = open_history(workspace, db_url)
    for path in files:
        try:
            count = import_kolada(engine, path)
        except InputError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"{path.name}: {count} value(s) imported")


if __name__ == "__main__":  # pragma: no cover
    main()
