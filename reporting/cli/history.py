"""The history commands: history show and export (rename-board: ``history_board``; kolada, kolada-fetch: ``history_kolada``)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reporting.cli.errors import Fel, friendly_errors
from reporting.cli.help import Group
from reporting.cli.history_board import rename_board
from reporting.cli.history_kolada import kolada_command, kolada_fetch_command
from reporting.cli.options import db_option, json_option, workspace_option
from reporting.cli.output import echo_json
from reporting.swedish import format_exact
from reporting.text import plural
from reporting.workspace import Workspace

if TYPE_CHECKING:  # the pipeline: imported by the command that runs it, not for --help
    from reporting.history.show import RegionRow

ALL_BOARDS = "all"
MARK = "†"  # a period after which a division's scope changed (``reporting.history.scope``), and its line


def board_option(fn: Any) -> Any:
    return click.option(
        "--board",
        "-b",
        default=None,
        metavar="ID",
        help="Nämndens id (planens Nämnd-id), eller all (alla nämnder i historiken); standard: alla nämnder.",
    )(fn)


@click.group(cls=Group)
def history() -> None:
    """De lagrade siffrorna för varje konsoliderad period: visa, exportera, importera riksjämförelser.

    En historik kan delas av alla nämnder i en region (t.ex. en PostgreSQL-databas
    med --db); --board väljer en nämnd.

    \b
    Exempel:
      reporting history show N04
      reporting history show N04 --board all
      reporting history export --format csv
      reporting history rename-board halso-och-sjukvardsnamnden hsn   # nämndens id har bytts
    """


history.add_command(rename_board)  # its own module (history_board): this one is full
history.add_command(kolada_command)  # riksjämförelser: history_kolada
history.add_command(kolada_fetch_command)


def _chosen_boards(engine: Any, board: str | None) -> list[str] | None:
    """None for every nämnd; else the one asked for (the id rename-board moved it to, said), which must have stored
    figures."""
    from reporting.history.store import boards, stored_board

    if board is None or board == ALL_BOARDS:
        return None
    if (moved := stored_board(engine, board)) != board:
        click.echo(
            f'Obs: nämnd-id "{board}" flyttades till "{moved}" med history rename-board; visar "{moved}".', err=True
        )
        board = moved
    known = boards(engine)
    if board not in known:
        shown = ", ".join(b or '"" (från före nämnd-id)' for b in known) or "inga ännu"
        raise Fel(f"nämnden {board} har inga lagrade siffror. Nämnder i historiken: {shown}.")
    return [board]


@history.command("show")
@workspace_option
@db_option
@click.argument("key_figure", metavar="NYCKELTAL")
@click.option("--division", "-d", default="", metavar="ID", help="Divisionens id; standard: nämnden totalt.")
@board_option
@json_option
@friendly_errors
def history_show(
    workspace: Path, db_url: str | None, key_figure: str, division: str, board: str | None, as_json: bool
) -> None:
    """Visa ett nyckeltals serie (utfall och prognos per period) i terminalen.

    Med flera nämnder i historiken (eller --board all) visas en rad per nämnd och
    period, med förändringen mot nämndens föregående period i samma enhet; ett
    nyckeltal som summeras (Aggregering summa i arbetsytans plan) jämförs med samma
    period året innan, inte med en period av annan längd. Med --json skrivs
    serien som en JSON-lista med samma nycklar för en eller flera nämnder: board,
    key_figure, division, period, outcome, forecast och change (talen som text, null
    när värde saknas; change bara med flera nämnder), unit, left_out och scope_change
    ("" när inget finns; scope_change bara med en nämnd). Ett värde som bara gäller en
    del av enheterna eller divisionerna (delvis rapporterat) markeras med * och en rad
    under tabellen säger vilka det utelämnar; ingen förändring räknas mot det. Med
    --division markeras med † en period efter vilken divisionens enheter eller ram ändrats
    (i --json: scope_change, raden som säger vad som ändrats).

    \b
    Exempel:
      reporting history show N04
      reporting history show N04 --division MED --json
      reporting history show N04 --board all
      reporting history show N04 --board halso-och-sjukvardsnamnden   # en nämnd: Nämnd-id, annars namnet
    """
    from reporting.history import show  # the pipeline: not imported for --help
    from reporting.history.store import load_figures
    from reporting.workflow import open_database

    engine = open_database(workspace, db_url, existing=True)
    try:
        frame = load_figures(engine, board=_chosen_boards(engine, board))
    finally:
        engine.dispose()
    key_figure = show.stored_key_figure(frame, key_figure)  # "n04" is N04
    division = show.stored_division(frame, division)
    per_board = show.board_series(frame, key_figure, division)
    if not per_board and not division:
        _only_divisions(frame, key_figure)
    if not per_board:
        raise Fel(
            f"det finns inga lagrade värden för {key_figure}"
            + (f" i division {division}" if division else "")
            + (f" för nämnden {board}" if board and board != ALL_BOARDS else "")
            + ". Kör 'reporting consolidate' för en period först, eller kontrollera nyckeltalets id"
            + (" och divisionens id." if division else ".")
        )
    if board == ALL_BOARDS or len(per_board) > 1:
        rows = show.region_rows(workspace, frame, per_board, key_figure, division)
        _show_region(key_figure, division, len(per_board), rows, as_json)
        return
    ((shown, (values, unit)),) = per_board.items()
    scope = show.division_scope(workspace, frame, shown, division, [v.period for v in values])  # units, frame
    if as_json:
        echo_json([_record(r, board=shown) for r in show.series_records(key_figure, division, values, scope)])
        return
    click.echo(f"{key_figure} {'(' + division + ')' if division else '(nämnden)'}{_in(unit)}")
    click.echo(f"{'period':<12}{'utfall':>12}{'prognos':>12}{_unit_column(unit, values)}")
    for v in values:
        click.echo(
            f"{v.period.key:<12}{_marked(v.outcome, v.left_out):>12}{_marked(v.forecast, v.left_out):>12}"
            f"{_unit_cell(unit, v)}{'  ' + MARK if v.period in scope else ''}"
        )
    _partly_note((v, None) for v in values)
    click.echo("".join(f"{MARK} {line}\n" for line in scope.values()), nl=False)


def _only_divisions(frame: Any, key_figure: str) -> None:
    """A key figure stored for divisions only (not aggregated, "ej"): say so and name them, not "no values"."""
    from reporting.history.show import only_divisions

    ids = only_divisions(frame, key_figure)
    if ids:
        raise Fel(
            f"{key_figure} har inget värde för nämnden (det aggregeras inte), bara för divisionerna "
            f"{', '.join(ids)}. Visa en av dem med --division, t.ex. 'reporting history show {key_figure} "
            f"--division {ids[0]}'."
        )


def _swedish(value: Decimal | str | None) -> str:
    """A stored value for the text table: a number the Swedish way with its own decimals ("4,08", "−3,2"), a
    done-target's answer as it is ("Ja"); None blank."""
    return "" if value is None else value if isinstance(value, str) else format_exact(value)


def _marked(value: Decimal | str | None, left_out: str) -> str:
    """A value reported in part ends with "*" (the note below the table says whom it leaves out); no value, no mark."""
    return _swedish(value) + ("*" if left_out and value is not None else "")


def _unit_column(shared: str, values: Iterable[Any]) -> str:
    """The heading of an enhet column when the rows' units differ (``show.own_units``)."""
    from reporting.history.show import own_units

    return "  enhet" if own_units(shared, values) else ""


def _unit_cell(shared: str, v: Any) -> str:
    """A row's own unit, when the heading above cannot say one for all (see ``_unit_column``)."""
    return f"  {v.unit}" if not shared and v.unit else ""


def _in(unit: str) -> str:
    """ ", enhet: %" after the heading: what the numbers are in (figures.unit); nothing when none is stored."""
    return f", enhet: {unit}" if unit else ""


def _partly_note(marked: Iterable[tuple[Any, str | None]]) -> None:
    """ "* 2025-T1: delvis rapporterat, exkl. Hudmottagningen i Division Medicin" per marked value (with its
    nämnd before the period when ``marked`` names one: (value, nämnd or None))."""
    for v, board in marked:
        if v.left_out:
            where = "" if board is None else f"{board or '(utan id)'} "
            click.echo(f"* {where}{v.period.key}: delvis rapporterat, exkl. {v.left_out}")


# history show --json's keys, the same with one nämnd or several; what a row has no value for is "" (text) or null
SHOWN_KEYS = {
    "board": "",
    "key_figure": "",
    "division": "",
    "period": "",
    "outcome": None,
    "forecast": None,
    "change": None,  # worked out only between the periods of several nämnder
    "unit": "",
    "left_out": "",
    "scope_change": "",  # worked out only for one nämnd: the workspace's plans say a division's scope
}


def _record(row: dict[str, Any], **given: Any) -> dict[str, Any]:
    """A row of ``history show --json`` with every key of ``SHOWN_KEYS``, in its order."""
    row = {**row, **given}
    return {key: row.get(key, empty) for key, empty in SHOWN_KEYS.items()}


def _show_region(key_figure: str, division: str, boards: int, rows: list[RegionRow], as_json: bool) -> None:
    """Board × period (``show.region_rows``): outcome, forecast and the change, a value over part of its reporters
    marked ``*``."""
    from reporting.history.show import region_records, shared_unit

    if as_json:
        echo_json([_record(r) for r in region_records(key_figure, division, rows)])
        return
    width = max(12, *(len(r.board) + 2 for r in rows))
    what = f"({division})" if division else "(nämnden)"
    shared = shared_unit(r.value for r in rows)
    click.echo(f"{key_figure} {what}, {plural(boards, 'nämnd', 'nämnder')}{_in(shared)}")
    heading = f"{'nämnd':<{width}}{'period':<12}{'utfall':>12}{'prognos':>12}{'förändring':>12}"
    click.echo(heading + _unit_column(shared, (r.value for r in rows)))
    for r in rows:
        v = r.value
        click.echo(
            f"{r.board or '(utan id)':<{width}}{v.period.key:<12}{_marked(v.outcome, v.left_out):>12}"
            f"{_marked(v.forecast, v.left_out):>12}{_swedish(r.change):>12}{_unit_cell(shared, v)}"
        )
    _partly_note((r.value, r.board) for r in rows)


@history.command("export")
@workspace_option
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet"]),
    default="csv",
    help="Filformat (parquet kräver pyarrow: pip install pyarrow); standard: csv.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    metavar="FIL",
    help="Filen som skrivs, eller - för standard ut (CSV); standard: outbox/historik.<format>.",
)
@click.option(
    "--swedish-excel",
    is_flag=True,
    help="Skriv CSV för svensk Excel (UTF-8 med BOM, semikolon, decimalkomma).",
)
@board_option
@friendly_errors
def history_export(
    workspace: Path, db_url: str | None, fmt: str, output: Path | None, swedish_excel: bool, board: str | None
) -> None:
    """Exportera de lagrade siffrorna som CSV eller Parquet (för Power BI och andra verktyg).

    Alla nämnder i historiken kommer med (kolumnen board), om inte --board väljer en.
    Med -o - skrivs CSV till standard ut och inget annat där.

    \b
    Exempel:
      reporting history export --format parquet -o historik.parquet
      reporting history export --swedish-excel -o historik.csv
      reporting history export --board halso-och-sjukvardsnamnden -o - > hsn.csv
    """
    from reporting.atomic import existing_folder
    from reporting.history.export import STDOUT, export
    from reporting.workflow import open_database

    target = output or Workspace(workspace).outbox / f"historik.{fmt}"
    if output is not None and str(output) != STDOUT:
        existing_folder(output)  # a mistyped folder is said before anything is opened or written, never created
    from reporting.history.store import boards

    engine = open_database(workspace, db_url, existing=True)
    try:
        chosen = _chosen_boards(engine, board)
        empty = not boards(engine)
        if str(target) == STDOUT:
            export(engine, STDOUT, fmt, swedish_excel, chosen, stdout=click.get_binary_stream("stdout"))
        else:
            export(engine, target, fmt, swedish_excel=swedish_excel, board=chosen)
            click.echo(f"Skrev {target}")
    finally:
        engine.dispose()
    if empty:  # on stderr: with -o - standard output holds the CSV only
        click.echo(f"Obs: {_empty_history(workspace, db_url)}", err=True)


def _empty_history(workspace: Path, db_url: str | None) -> str:
    """What to do when the history holds no figures: most often the wrong workspace or database."""
    from reporting.history.show import where_stored

    return (
        f"historiken {where_stored(workspace, db_url)} har inga lagrade siffror, så exporten har bara rubrikerna. "
        "Kör 'reporting consolidate' för en period först, eller ange arbetsytan med -w eller databasen med --db."
    )
