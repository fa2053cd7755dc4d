"""The history commands: history show, export and kolada."""

from __future__ import annotations

from pathlib import Path

import click

from reporting.cli.errors import Fel, friendly_errors
from reporting.cli.help import Group
from reporting.cli.options import db_option, json_option, workspace_option
from reporting.cli.output import echo_json, plural
from reporting.workspace import Workspace


@click.group(cls=Group)
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
        echo_json(
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
@click.option(
    "--swedish-excel",
    is_flag=True,
    help="Skriv CSV för svensk Excel (UTF-8 med BOM, semikolon, decimalkomma).",
)
@friendly_errors
def history_export(workspace: Path, db_url: str | None, fmt: str, output: Path | None, swedish_excel: bool) -> None:
    """Exportera alla lagrade siffror som CSV eller Parquet (för Power BI och andra verktyg).

    \b
    Exempel:
      reporting history export --format parquet -o historik.parquet
      reporting history export --swedish-excel -o historik.csv
    """
    from reporting.history.export import export
    from reporting.workflow import open_database

    target = output or Workspace(workspace).outbox / f"historik.{fmt}"
    engine = open_database(workspace, db_url)
    try:
        export(engine, target, fmt, swedish_excel=swedish_excel)
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
            click.echo(f"{path.name}: {plural(count, 'värde', 'värden')} importerade")
    finally:
        engine.dispose()
