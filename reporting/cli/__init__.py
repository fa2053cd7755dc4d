"""Command-line interface: a thin layer over the library.

Every command parses its options, calls a library function and, through
``friendly_errors``, turns every error it knows into one Swedish line on stderr
("Fel: …", exit status 1); usage errors keep click's exit status 2. Every
--help ends with an "Exempel:" block. With --json, stdout holds JSON only.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import click
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from reporting.errors import InputError, PlanInvalid, ReportingError
from reporting.findings import Finding, Rule, Severity, error
from reporting.intake.run import check_file
from reporting.plan.model import Plan
from reporting.plan.periods import Period, parse_period
from reporting.plan.read import check_plan, load_plan
from reporting.plan.write import write_plan
from reporting.progress import progressbar
from reporting.workspace import Workspace

DEBUG_ENV = "REPORTING_DEBUG"  # set it to see the traceback of an unexpected error


class Fel(click.ClickException):
    """An error shown as one line "Fel: …" on stderr; exit status 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Fel: {self.format_message()}", err=True)


class SwedishUsageError(click.UsageError):
    """A usage error shown in Swedish (usage line, where to find help, "Fel: …"); exit status 2."""

    def show(self, file: IO[Any] | None = None) -> None:
        if self.ctx is not None:
            click.echo(
                f"{self.ctx.get_usage()}\nSe '{self.ctx.command_path} --help' för hjälp.\n",
                err=True,
                color=self.ctx.color,
            )
        click.echo(f"Fel: {self.format_message()}", err=True)


def _usage_text(exc: click.UsageError) -> str:
    """click's usage messages in Swedish (the common ones; others keep click's wording)."""
    hint = ""
    if isinstance(exc, click.BadParameter):
        hint = exc.param_hint if isinstance(exc.param_hint, str) else " / ".join(exc.param_hint or ())
        if not hint and exc.param is not None:
            hint = " / ".join(f"'{h}'" for h in exc.param.opts) if exc.param.opts else ""
    if isinstance(exc, click.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        what = {"argument": "argumentet", "option": "flaggan"}.get(kind, "värdet")
        if isinstance(exc.param, click.Argument):
            hint = exc.param.make_metavar(exc.ctx) if exc.ctx else exc.param.human_readable_name
        return f"{what} {hint} saknas.".replace("  ", " ")
    if isinstance(exc, click.BadParameter):
        return f"ogiltigt värde för {hint}: {exc.message}" if hint else f"ogiltigt värde: {exc.message}"
    if isinstance(exc, click.NoSuchOption):
        maybe = f" Menade du {' eller '.join(exc.possibilities)}?" if exc.possibilities else ""
        return f"flaggan {exc.option_name} finns inte.{maybe}"
    if isinstance(exc, click.exceptions.NoSuchCommand):
        maybe = f" Menade du {' eller '.join(exc.possibilities)}?" if exc.possibilities else ""
        return f"kommandot {exc.command_name} finns inte.{maybe}"
    if isinstance(exc, click.BadOptionUsage) and exc.message.endswith("requires an argument."):
        return f"flaggan {exc.option_name} behöver ett värde."
    if exc.message.startswith("Got unexpected extra argument"):
        return f"för många argument ({exc.message.partition('(')[2].rstrip(')')})."
    return exc.message


def swedish_usage(exc: click.UsageError, ctx: click.Context | None = None) -> click.UsageError:
    """The same usage error in Swedish (``ctx``: the command's context when the error does not carry one)."""
    if isinstance(exc, SwedishUsageError | click.exceptions.NoArgsIsHelpError):
        return exc
    return SwedishUsageError(_usage_text(exc), exc.ctx or ctx)


# --- one error path -------------------------------------------------------------------------------


def _os_message(exc: OSError) -> str:
    name = exc.filename or "filen"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"disken är full, {name} kunde inte skrivas. Frigör utrymme och kör igen."
    if isinstance(exc, PermissionError):
        return (
            f"åtkomst nekas till {name}. Kontrollera behörigheten till mappen och stäng filen om den är öppen i Excel."
        )
    if isinstance(exc, FileNotFoundError):
        return f"{name} finns inte. Kontrollera sökvägen; mappen måste finnas."
    if isinstance(exc, NotADirectoryError):
        return f"{name}: en del av sökvägen är en fil, inte en mapp. Kontrollera sökvägen."
    if isinstance(exc, IsADirectoryError):
        return f"{name} är en mapp, inte en fil. Ange en fil."
    if isinstance(exc, FileExistsError):
        return f"{name} finns redan och är ingen mapp. Flytta eller byt namn på den."
    return f"{name} kan inte läsas eller skrivas ({exc.strerror or exc}). Kontrollera sökvägen och behörigheten."


def error_message(exc: Exception) -> str | None:
    """The Swedish one-line message (without "Fel: ") for an error the toolkit knows, else None."""
    from xlsxwriter.exceptions import XlsxFileError

    if isinstance(exc, PlanInvalid):
        return f"planen har {len(exc.findings)} fel. Se dem med 'reporting plan check' och rätta dem."
    if isinstance(exc, ReportingError):
        return str(exc)
    if isinstance(exc, XlsxFileError) and exc.args and isinstance(exc.args[0], OSError):
        return _os_message(exc.args[0])
    if isinstance(exc, OSError):
        return _os_message(exc)
    db = "Kontrollera --db eller $REPORTING_DB_URL"
    if isinstance(exc, NoSuchModuleError):
        return f"databastypen i databasadressen finns inte. {db}, t.ex. sqlite:///historik.sqlite."
    if isinstance(exc, ArgumentError):
        return f"databasadressen går inte att tolka. {db}, t.ex. sqlite:///historik.sqlite."
    if isinstance(exc, SQLAlchemyError):
        return f"historikdatabasen kan inte användas ({getattr(exc, 'orig', None) or type(exc).__name__}). {db}."
    if isinstance(exc, ImportError):
        return f"Python-modulen {exc.name or exc} saknas. Installera den (t.ex. databasdrivrutinen) och kör igen."
    return None


def friendly_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Applied to every command: known errors become ``Fel`` (one Swedish line, exit 1), never a traceback.

    Unexpected errors also give one line; set $REPORTING_DEBUG=1 to see the traceback.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except click.UsageError as exc:
            raise swedish_usage(exc, click.get_current_context(silent=True)) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            message = error_message(exc) or (
                f"oväntat fel ({type(exc).__name__}: {exc}). "
                f"Kör igen med {DEBUG_ENV}=1 för hela felutskriften och rapportera felet."
            )
            raise Fel(message) from exc

    wrapper.friendly_errors = True  # type: ignore[attr-defined]
    return wrapper


# --- help in Swedish ------------------------------------------------------------------------------


class _SwedishHelp(click.Command):
    """Usage, option heading and the --help option in Swedish."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        super().__init__(*args, **kwargs)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            raise swedish_usage(exc) from exc

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Användning: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [record for p in self.get_params(ctx) if (record := p.get_help_record(ctx)) is not None]
        if records:
            with formatter.section("Flaggor"):
                formatter.write_dl(records)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Visa den här hjälpen och avsluta."
        return option


class Command(_SwedishHelp):
    pass


class Group(_SwedishHelp, click.Group):
    command_class = Command
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENT]...")
        super().__init__(*args, **kwargs)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            raise swedish_usage(exc) from exc

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Kommandon"):
                formatter.write_dl(rows)


# --- options and helpers --------------------------------------------------------------------------


def _period(ctx: click.Context, param: click.Parameter, value: str | None) -> Period | None:
    if value is None:
        return None
    try:
        return parse_period(value)
    except InputError as exc:
        raise click.BadParameter(
            f'okänd period "{value}": skriv ÅR-T1, ÅR-delar eller ÅR-helar, t.ex. 2025-T1'
        ) from exc


def workspace_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--workspace: the folder with plan.xlsx, inbox/, outbox/, templates_xlsx/ and archive/."""
    return click.option(
        "--workspace",
        "-w",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        metavar="MAPP",
        help="Arbetsytans mapp (plan.xlsx, inbox/, outbox/, templates_xlsx/, archive/); standard: aktuell mapp.",
    )(fn)


def plan_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--plan",
        "plan_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        metavar="FIL",
        help="Planarbetsboken; standard: WORKSPACE/plan.xlsx.",
    )(fn)


def period_option(required: bool = True) -> Callable[..., Any]:
    return click.option(
        "--period",
        "-p",
        callback=_period,
        required=required,
        metavar="PERIOD",
        help="Period: ÅR-T1 (jan–apr), ÅR-delar (jan–aug) eller ÅR-helar, t.ex. 2025-T1.",
    )


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db_url",
        default=None,
        metavar="URL",
        help="Historikdatabasen (SQLAlchemy-URL); standard: $REPORTING_DB_URL eller WORKSPACE/history.sqlite.",
    )(fn)


def json_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--json", "as_json", is_flag=True, help="Skriv resultatet som JSON på stdout (och inget annat där)."
    )(fn)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal | Path):
        return str(value)
    if isinstance(value, Period):
        return value.key
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_value))


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _load(plan_path: Path | None, workspace: Path) -> Plan:
    path = plan_path or Workspace(workspace).plan
    if not path.exists():
        raise Fel(
            f"planen {path} finns inte. Skapa den med 'reporting plan new {path}' "
            "eller kör 'reporting demo' för en arbetsyta med demodata."
        )
    try:
        return load_plan(path)
    except PlanInvalid as exc:
        lines = "\n".join(f"  {f}" for f in exc.findings[:30])
        raise Fel(
            f"planen {path} har {len(exc.findings)} fel:\n{lines}\nRätta dem och kör 'reporting plan check {path}'."
        ) from exc


def _summarise(result: Any) -> None:
    intake = result.intake
    accepted = sum(1 for f in intake.files if f.accepted)
    click.echo(
        f"Inkorgen: {_count(len(intake.files), 'fil', 'filer')}, {accepted} godkända, "
        f"{len(intake.files) - accepted} avvisade."
    )
    click.echo(
        f"Konsoliderat: {len(result.submitted)} av {len(result.plan.divisions)} divisioner"
        + (
            f"; ej inlämnat: {', '.join(result.plan.division(d).name for d in result.missing)}"
            if result.missing
            else ""
        )
        + "."
    )
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    warnings = len(result.findings) - errors
    click.echo(f"Fynd: {errors} fel, {_count(warnings, 'varning', 'varningar')}.")


# --- commands -------------------------------------------------------------------------------------


@click.group(cls=Group, name="reporting")
@click.version_option(
    package_name="reporting", message="%(prog)s, version %(version)s", help="Visa versionen och avsluta."
)
def main() -> None:
    """Uppföljningsrapportering för en hälso- och sjukvårdsnämnd: mallar ut, ifyllda filer in, rapporter ut.

    \b
    Exempel:
      reporting templates --period 2025-T1     # en mall per division i templates_xlsx/
      (controllerna fyller i dem och lägger dem i inbox/)
      reporting consolidate --period 2025-T1   # tertialrapporten i outbox/
      reporting feedback --period 2025-T1      # återkoppling per division

    Prova hela flödet på demodata:  reporting demo -w demo
    """


@main.command()
@workspace_option
@period_option(required=False)
@click.option("--pdf", is_flag=True, help="Skriv även rapporten som PDF (kräver LibreOffice).")
@friendly_errors
def demo(workspace: Path, period: Period | None, pdf: bool) -> None:
    """Kör hela flödet på demodata: plan → mallar → ifyllda inlämningar → rapport och återkoppling.

    Använder den medföljande planen för Hälso- och sjukvårdsnämnden, Region Jämtland
    Härjedalen 2025 (skrivs till plan.xlsx om den saknas). Mappen skapas om den saknas.

    \b
    Exempel:
      reporting demo --workspace demo --pdf
    """
    from reporting.demo.workspace import prepare_demo
    from reporting.workflow import run_period

    period = period or Period(2025, "T1")
    workspace.mkdir(parents=True, exist_ok=True)
    ws, plan, templates = prepare_demo(workspace, period)
    click.echo(f"Plan: {ws.plan}")
    click.echo(f"Mallar: {len(templates)} st i {ws.templates}/")
    click.echo(f"Demoinlämningar för {period.key} i {ws.inbox}/ (en division saknas, en har fel)")
    result = run_period(ws, plan, period, pdf=pdf)
    _summarise(result.consolidation)
    click.echo("Skrivna filer:")
    for path in result.written:
        click.echo(f"  {path}")


@main.group()
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

    Utan PLAN kontrolleras WORKSPACE/plan.xlsx. Slutstatus 1 när planen har fel.
    Med --json skrivs fynden som en JSON-lista.

    \b
    Exempel:
      reporting plan check plan.xlsx
      reporting plan check -w kontoret --json
    """
    path = path or Workspace(workspace).plan
    if not path.exists():
        raise Fel(f"planen {path} finns inte. Skapa den med 'reporting plan new {path}'.")
    loaded, findings = check_plan(path)
    if as_json:
        _echo_json([f.as_dict() for f in findings])
    else:
        for finding in findings:
            click.echo(f"{finding.severity.value.upper()}: {finding}")
    if loaded is None:
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        raise Fel(f"planen {path} har {errors} fel. Rätta dem och kör 'reporting plan check {path}' igen.")
    if not as_json:
        click.echo(
            f"{path}: OK – {len(loaded.divisions)} divisioner, {len(loaded.key_figures)} nyckeltal, "
            f"{len(loaded.assignments)} uppdrag, {len(loaded.measures)} åtgärder, "
            f"{len(loaded.investments)} investeringar."
        )


@plan.command("new")
@workspace_option
@click.argument("path", required=False, metavar="[PLAN]", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--demo", "use_demo", is_flag=True, help="Fyll den med demoplanen (JH HSN 2025) i stället för tom.")
@click.option("--force", is_flag=True, help="Skriv över en befintlig fil.")
@friendly_errors
def plan_new(workspace: Path, path: Path | None, use_demo: bool, force: bool) -> None:
    """Skriv en tom planarbetsbok med rubriker, instruktioner och validering.

    Utan PLAN skrivs WORKSPACE/plan.xlsx. Mappar som saknas skapas.

    \b
    Exempel:
      reporting plan new -w kontoret
      reporting plan new demo-plan.xlsx --demo
    """
    from reporting.demo.plan import demo_plan

    path = path or Workspace(workspace).plan
    if path.exists() and not force:
        raise Fel(f"{path} finns redan. Använd --force för att skriva över den.")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_plan(path, demo_plan() if use_demo else None)
    click.echo(f"Skrev {path}. Fyll i den och kör sedan: reporting plan check {path}")


@main.command()
@workspace_option
@plan_option
@period_option()
@click.option(
    "--division", "-d", multiple=True, metavar="ID", help="Bara denna divisions id (kan upprepas); standard: alla."
)
@click.option("--units", is_flag=True, help="En mall per enhet (planens flik Enheter) i stället för per division.")
@json_option
@friendly_errors
def templates(
    workspace: Path, plan_path: Path | None, period: Period, division: tuple[str, ...], units: bool, as_json: bool
) -> None:
    """Skriv en förifylld, skyddad inmatningsarbetsbok per division i templates_xlsx/.

    Med --units en per enhet; deras siffror summeras till divisionen.
    Med --json skrivs de skrivna filerna som en JSON-lista.

    \b
    Exempel:
      reporting templates --period 2025-T1
      reporting templates --period 2025-delar --division MED --units
    """
    from reporting.template.write import generate_templates

    loaded = _load(plan_path, workspace)
    unknown = [d for d in division if d not in {x.id for x in loaded.divisions}]
    if unknown:
        raise click.BadParameter(
            f"okänd division {', '.join(unknown)}; planen har: {', '.join(d.id for d in loaded.divisions)}",
            param_hint="--division",
        )
    if units and not loaded.units:
        raise Fel("planen har inga enheter (fliken Enheter). Fyll i fliken eller kör utan --units.")
    folder = Workspace(workspace).templates
    paths = generate_templates(loaded, period, folder, list(division) or None, units, progressbar("Skriver mallar"))
    if as_json:
        _echo_json([str(p) for p in paths])
        return
    for path in paths:
        click.echo(f"  {path}")
    click.echo(f"Skrev {_count(len(paths), 'mall', 'mallar')} för {period.key} i {folder}/.")


def _check_one(path: Path, plan: Plan, period: Period | None, careful: bool) -> tuple[list[Finding], bool]:
    """The findings of one file, and whether it passed (accepted, no errors)."""
    if not path.is_file():
        return [error(Rule.FILE_UNREADABLE, file=str(path), problem="filen finns inte.")], False
    result = check_file(path, plan, period, careful=careful)
    return result.findings, result.accepted and not any(f.severity is Severity.ERROR for f in result.findings)


@main.command()
@workspace_option
@plan_option
@period_option(required=False)
@click.option(
    "--careful", is_flag=True, help="Läs genom openpyxl i stället för den snabba läsaren (samma fynd, långsammare)."
)
@json_option
@click.argument("files", nargs=-1, required=True, metavar="FILER...", type=click.Path(path_type=Path))
@friendly_errors
def check(
    workspace: Path,
    plan_path: Path | None,
    period: Period | None,
    careful: bool,
    as_json: bool,
    files: tuple[Path, ...],
) -> None:
    """Kontrollera ifyllda mallar innan de skickas; lista varje fynd med sin cell.

    Slutstatus 1 när en fil har fel. Filerna läses bara, de ändras aldrig.
    Med --json skrivs alla fynd som en JSON-lista (file, sheet, cell, division,
    rule, title, category, severity, message).

    \b
    Exempel:
      reporting check "inbox/2025-T1 Division Medicin.xlsx"
      reporting check --json inbox/*.xlsx > fynd.json
    """
    loaded = _load(plan_path, workspace)
    everything: list[Finding] = []
    failed = 0
    for path in files:
        findings, passed = _check_one(path, loaded, period, careful)
        everything += findings
        failed += not passed
        if not as_json:
            for finding in findings:
                click.echo(f"{finding.severity.value.upper()}: {finding}")
            errors = sum(1 for f in findings if f.severity is Severity.ERROR)
            verdict = "OK" if not errors else f"{errors} fel"
            click.echo(f"{path.name}: {verdict}, {_count(len(findings) - errors, 'varning', 'varningar')}.")
    if as_json:
        _echo_json([f.as_dict() for f in everything])
    if failed:
        sys.exit(1)


@main.command()
@workspace_option
@plan_option
@period_option()
@db_option
@click.option("--pdf", is_flag=True, help="Skriv även en PDF genom LibreOffice (headless).")
@friendly_errors
def consolidate(workspace: Path, plan_path: Path | None, period: Period, db_url: str | None, pdf: bool) -> None:
    """Läs inbox/, konsolidera alla divisioner och skriv periodens rapport i outbox/.

    Tertialrapport för T1, delårsrapport för delar, årsrapport för helar.
    Arbetsytan och databasen kontrolleras först; inget arkiveras om något är fel.

    \b
    Exempel:
      reporting consolidate --period 2025-T1 --pdf
    """
    from reporting.workflow import run_period

    loaded = _load(plan_path, workspace)
    result = run_period(Workspace(workspace), loaded, period, feedback=False, pdf=pdf, db_url=db_url)
    _summarise(result.consolidation)
    for path in result.written:
        click.echo(f"Skrev {path}")


@main.command()
@workspace_option
@plan_option
@period_option()
@db_option
@friendly_errors
def feedback(workspace: Path, plan_path: Path | None, period: Period, db_url: str | None) -> None:
    """Skriv en återkopplingsarbetsbok per division (dess fynd, med celllänkar) i outbox/.

    \b
    Exempel:
      reporting feedback --period 2025-T1
    """
    from reporting.workflow import run_period

    loaded = _load(plan_path, workspace)
    result = run_period(Workspace(workspace), loaded, period, report=False, db_url=db_url)
    _summarise(result.consolidation)
    for path in result.written:
        click.echo(f"Skrev {path}")


@main.group()
def history() -> None:
    """De lagrade siffrorna för varje konsoliderad period: visa, exportera, importera riksjämförelser.

    \b
    Exempel:
      reporting history show N04
      reporting history export --format csv
    """


@history.command("show")
@workspace_option
@db_option
@click.argument("key_figure", metavar="NYCKELTAL")
@click.option("--division", "-d", default="", metavar="ID", help="Divisionens id; standard: nämnden totalt.")
@json_option
@friendly_errors
def history_show(workspace: Path, db_url: str | None, key_figure: str, division: str, as_json: bool) -> None:
    """Visa ett nyckeltals serie (utfall och prognos per period) i terminalen.

    Med --json skrivs serien som en JSON-lista (period, outcome, forecast; talen som text).

    \b
    Exempel:
      reporting history show N04
      reporting history show N04 --division MED --json
    """
    from reporting.history.store import load_figures
    from reporting.history.trends import series
    from reporting.workflow import open_database

    engine = open_database(workspace, db_url)
    try:
        frame = load_figures(engine)
    finally:
        engine.dispose()
    outcomes = series(frame, key_figure, division)
    forecasts = dict(series(frame, key_figure, division, "forecast"))
    if not outcomes:
        raise Fel(
            f"det finns inga lagrade värden för {key_figure}"
            + (f" i division {division}" if division else "")
            + ". Kör 'reporting consolidate' för en period först, eller kontrollera nyckeltalets id."
        )
    if as_json:
        _echo_json(
            [
                {
                    "key_figure": key_figure,
                    "division": division,
                    "period": period,
                    "outcome": value,
                    "forecast": forecasts.get(period),
                }
                for period, value in outcomes
            ]
        )
        return
    click.echo(f"{key_figure} {'(' + division + ')' if division else '(nämnden)'}")
    click.echo(f"{'period':<12}{'utfall':>12}{'prognos':>12}")
    for period, value in outcomes:
        forecast = forecasts.get(period)
        click.echo(f"{period.key:<12}{value:>12}{'' if forecast is None else forecast:>12}")


@history.command("export")
@workspace_option
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv", help="Filformat; standard: csv.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FIL",
    help="Filen som skrivs; standard: outbox/historik.<format>.",
)
@friendly_errors
def history_export(workspace: Path, db_url: str | None, fmt: str, output: Path | None) -> None:
    """Exportera alla lagrade siffror som CSV eller Parquet (för Power BI och andra verktyg).

    \b
    Exempel:
      reporting history export --format parquet -o historik.parquet
    """
    from reporting.history.export import export
    from reporting.workflow import open_database

    target = output or Workspace(workspace).outbox / f"historik.{fmt}"
    engine = open_database(workspace, db_url)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        export(engine, target, fmt)
    finally:
        engine.dispose()
    click.echo(f"Skrev {target}")


@history.command("kolada")
@workspace_option
@db_option
@click.argument(
    "files", nargs=-1, required=True, metavar="FILER...", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@friendly_errors
def history_kolada(workspace: Path, db_url: str | None, files: tuple[Path, ...]) -> None:
    """Importera riksjämförelser från sparade svar från Koladas API (JSON, v2 eller v3); inget nätverk används.

    Nyckeltalen matchas genom planens kolumn Kolada-id.

    \b
    Exempel:
      reporting history kolada kolada-N00945.json
    """
    from reporting.history.kolada import import_kolada
    from reporting.workflow import open_database

    engine = open_database(workspace, db_url)
    try:
        for path in files:
            count = import_kolada(engine, path)
            click.echo(f"{path.name}: {_count(count, 'värde', 'värden')} importerade")
    finally:
        engine.dispose()


if __name__ == "__main__":  # pragma: no cover
    main()
