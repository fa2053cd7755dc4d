"""History: every consolidated period kept in a database, for time series, trends and riksjämförelser.

By default an embedded SQLite file in the workspace (``history.sqlite``), so there
is no server to start; any SQLAlchemy URL through ``REPORTING_DB_URL`` or ``--db``,
PostgreSQL first of all (``postgresql+psycopg://…``, the ``postgres`` extra), so a
whole region keeps one history. Rows are keyed by nämnd (``board``: the plan's
Nämnd-id), year, period, division, item and metric. Re-running a period replaces
that nämnd's rows for the period in one transaction under the history's write lock
(see ``schema``): a run that dies half-way leaves the previous state intact, and
concurrent runs wait for each other. The schema is migrated at ``open_history``.
Values are stored as text of the exact Decimal, never as floats; only finite
numbers of a sane size are stored, and a done-target's answer ("Ja", "Nej",
"Delvis") goes to the ``text`` column with ``value`` NULL. ``unit`` says what a number is in
(the plan's tkr/mkr, a key figure's unit). A division reported in part (combined from some of
its units; "exkl. …" in the report) has its economy and key figures stored as reported with
``left_out`` naming the units they leave out, and a nämnd key figure over it (or without some
division's value) names whom it leaves out too: exports keep them, series and forecast comparisons
pass them by (``partial``). A key figure's and a financial goal's rows carry the målvärde they were judged
against as the report showed it (``target``; "" for other rows and rows stored before migration 0006), so a
period judged against a målvärde since revised reads as such. A key figure's rows carry its name too (``name``; ""
before migration 0007), so an id reused for another measure is not read as one series. The economy's nämnd total over it is not stored (the report's total is
not the nämnd's either, and it is the sum of the stored division rows). Reading is
forgiving: rows an older run or another tool left with junk in ``value`` ("NaN", "abc") or
an unknown period are ignored, so one bad row never stops a run.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    create_engine,
    delete,
    insert,
    make_url,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from reporting.consolidate.consolidation import Consolidation
from reporting.errors import ReportingError
from reporting.history import schema
from reporting.history.rows import MEASURE_METRICS as MEASURE_METRICS
from reporting.history.rows import MEASURE_PLANNED as MEASURE_PLANNED
from reporting.history.rows import MONEY_METRICS as MONEY_METRICS
from reporting.history.rows import NAMND as NAMND
from reporting.history.rows import UNIT_LENGTH, board_of, parse_number, rows_of
from reporting.history.rows import sane_number as sane_number
from reporting.history.rows import yes_no as yes_no
from reporting.history.words import stored_kind, stored_metric
from reporting.plan.model import Plan
from reporting.plan.periods import ORDER
from reporting.plan.reporter import key_division

log = logging.getLogger(__name__)
DB_ENV = "REPORTING_DB_URL"
metadata = MetaData()
figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("board", String(60), nullable=False, server_default=""),  # the nämnd's id ("" before migrations)
    Column("year", Integer, nullable=False),
    Column("period", String(8), nullable=False),
    Column("division", String(40), nullable=False),
    Column("unit", String(UNIT_LENGTH), nullable=False, default=""),  # what ``value`` is in: tkr, mkr, %, dagar
    Column("kind", String(20), nullable=False),  # nyckeltal | ekonomi | atgard | finansmal | uppdrag (nämnd)
    Column("item", String(40), nullable=False),
    Column("metric", String(30), nullable=False),
    Column("value", String(40)),  # exact Decimal as text
    Column("text", Text),
    Column("stored_at", String(32), nullable=False),
    Column("left_out", Text, nullable=False, server_default=""),  # a value over some of its reporters: whom it omits
    Column("target", Text, nullable=False, server_default=""),  # the målvärde a key figure was judged against, as shown
    Column("name", Text, nullable=False, server_default=""),  # a key figure's name then: an id reused is seen
    UniqueConstraint("board", "year", "period", "division", "unit", "kind", "item", "metric", name="uq_figure_board"),
)
kolada = Table(
    "kolada",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kpi", String(20), nullable=False),
    Column("municipality", String(10), nullable=False),
    Column("period", Integer, nullable=False),
    Column("gender", String(2), nullable=False),
    Column("value", String(40)),
    Column("status", String(40)),
    Column("imported_at", String(32), nullable=False),
    UniqueConstraint("kpi", "municipality", "period", "gender", name="uq_kolada"),
)
renames = Table(  # history rename-board's moves (migration 0008): a run naming ``old`` stores and reads ``new``
    "board_renames",
    metadata,
    Column("old", String(60), primary_key=True),
    Column("new", String(60), nullable=False),
    Column("renamed_at", String(32), nullable=False),
)


def database_url(root: Path, url: str | None = None) -> str:
    """--db, else $REPORTING_DB_URL, else the workspace's SQLite file."""
    return url or os.environ.get(DB_ENV) or f"sqlite:///{(Path(root) / 'history.sqlite').resolve()}"


def open_history(root: Path, url: str | None = None) -> Engine:
    """An engine on the history, its schema migrated to the current version (see ``schema.migrate``)."""
    parsed = make_url(database_url(root, url))
    engine = create_engine(parsed, connect_args=schema.connect_args(parsed))
    schema.prepare(engine)
    try:
        schema.migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def store(
    engine: Engine,
    result: Consolidation,
    chunk: int = 500,
    after_chunk: Callable[[int], None] | None = None,
    board: str | None = None,
) -> int:
    """Replace the nämnd's rows of the period atomically; return how many were written.

    ``board`` defaults to the plan's (``Plan.board_key``), followed through the renames ``history rename-board``
    made (``current_board``): last year's saved plan still names the old id. Other nämnder's rows are
    never touched. Rows from before nämnder were stored (board "") are taken over
    by the first nämnd that stores into the history, while it holds no other
    nämnd's rows: such a history was one nämnd's own file.
    """
    rows = rows_of(result)
    period = result.period
    with schema.write_transaction(engine) as conn:  # one transaction under the write lock: all or nothing
        board = current_board(conn, board_of(result.plan) if board is None else board)
        for row in rows:
            row["board"] = board
        _refuse_another_board(conn, board, period.year, result.plan)
        conn.execute(
            delete(figures).where(
                and_(figures.c.board == board, figures.c.year == period.year, figures.c.period == period.kind)
            )
        )
        _adopt_unowned(conn, board, period.year, period.kind, result.plan)
        for start in range(0, len(rows), chunk):
            conn.execute(insert(figures), rows[start : start + chunk])
            if after_chunk:
                after_chunk(start + chunk)
    return len(rows)


def current_board(conn: Connection, board: str) -> str:
    """The id the nämnd ``board`` is stored under now: ``board`` itself, or the id ``history rename-board`` moved
    it to (through each later rename; a loop, which rename-board never records, ends where it began)."""
    moves = dict(conn.execute(select(renames.c.old, renames.c.new)).all())
    seen = {board}
    while (board := moves.get(board, board)) not in seen:
        seen.add(board)
    return board


def stored_board(engine: Engine, board: str) -> str:
    """``current_board`` on a connection of its own (a reader's: the report's view of the history)."""
    with engine.connect() as conn:
        return current_board(conn, board)


class SameBoardId(ReportingError):
    """The history holds another nämnd under this plan's nämnd id (two regions' nämnder of the same name)."""


def _refuse_another_board(conn: Connection, board: str, year: int, plan: Plan) -> None:
    """Refuse to store beside, or over, the year's rows of a nämnd that shares none of this plan's divisions.

    Without a Nämnd-id the id is the nämnd's name, and every region has a "Hälso- och sjukvårdsnämnden":
    two regions storing into one history would silently replace each other's periods. The same year only:
    a nämnd reorganised into new divisions from one year to the next keeps its id and its history.
    """
    query = select(figures.c.division).where(and_(figures.c.board == board, figures.c.year == year))
    stored = conn.execute(query.distinct()).scalars()
    theirs = {key_division(division) for division in stored if division}
    ours = {d.id for d in plan.divisions}
    if theirs and ours and not theirs & ours:
        raise SameBoardId(
            f'historiken har redan en nämnd med id "{board}" men med andra divisioner '
            f"({', '.join(sorted(theirs)[:6])}) än planens ({', '.join(sorted(ours)[:6])}): troligen en annan "
            "regions nämnd med samma namn. Inget sparades. Ange ett eget Nämnd-id på planens flik Nämnd och kör igen"
        )


def _adopt_unowned(conn: Connection, board: str, year: int, kind: str, plan: Plan) -> None:
    """The rows from before Nämnd-id become this nämnd's, its period's replaced by this run, but only when they
    share a division with the plan: another region's nämnd storing first into an upgraded shared history must
    neither take them over nor delete them (qa36p #1)."""
    if not board:
        return
    others = conn.execute(
        select(figures.c.id).where(and_(figures.c.board != "", figures.c.board != board)).limit(1)
    ).first()
    if others is not None or conn.execute(select(figures.c.id).where(figures.c.board == "").limit(1)).first() is None:
        return
    stored = conn.execute(select(figures.c.division).where(figures.c.board == "").distinct()).scalars()
    if not {key_division(division) for division in stored if division} & {d.id for d in plan.divisions}:
        log.info("historikens rader från före nämnd-id har andra divisioner än nämnden %s: de lämnas", board)
        return
    conn.execute(delete(figures).where(and_(figures.c.board == "", figures.c.year == year, figures.c.period == kind)))
    conn.execute(update(figures).where(figures.c.board == "").values(board=board))
    log.info("historikens rader från före nämnd-id hör nu till nämnden %s", board)


def boards(engine: Engine) -> list[str]:
    """The nämnder with stored figures, sorted."""
    with engine.connect() as conn:
        return sorted(conn.execute(select(figures.c.board).distinct()).scalars())


# ------------------------------------------------------------------ reading
def load_figures(engine: Engine, board: str | Iterable[str] | None = None) -> pd.DataFrame:
    """All stored figures (or those of ``board``: one nämnd's id or several); ``value`` as Decimal (or None), ``text`` as str (or None).

    Rows that cannot be used are left out with a warning, never raised: a ``value``
    that is not a finite number of sane size with no ``text`` beside it, and a row
    of an unknown period kind. A run must never fail on data an earlier run let in.
    """
    columns = [c.name for c in figures.columns]
    query = select(figures).order_by(figures.c.id)
    if board is not None:
        wanted = [board] if isinstance(board, str) else list(board)
        query = query.where(figures.c.board.in_(wanted))
    with engine.connect() as conn:  # plain rows zipped with their column names: half the time of .mappings()
        found = conn.execute(query)
        names, rows = list(found.keys()), found.all()
    kept = []
    for row in rows:
        record = dict(zip(names, row))
        record["kind"], record["metric"] = stored_kind(record["kind"]), stored_metric(record["metric"])
        raw = record["value"]
        record["value"] = parse_number(raw)
        text = record["text"]
        record["text"] = text if isinstance(text, str) and text != "" else None
        record["left_out"] = record["left_out"] or ""
        record["target"] = record["target"] if isinstance(record["target"], str) else ""  # "" before migration 0006
        record["name"] = record["name"] if isinstance(record["name"], str) else ""  # "" before migration 0007
        unusable = raw is not None and record["value"] is None and record["text"] is None
        if unusable or record["period"] not in ORDER or not isinstance(record["year"], int):
            log.warning(
                "historikrad %s hoppas över: värde %r, period %r %r",
                record["id"],
                raw,
                record["year"],
                record["period"],
            )
            continue
        kept.append(record)
    frame = pd.DataFrame(kept, columns=columns)
    for column in ("value", "text", "kind", "metric"):  # as read: Decimal, None, the words' members (pandas: str)
        frame[column] = pd.Series([r[column] for r in kept], dtype=object, index=frame.index)
    return frame


def partial(left_out: Any) -> bool:
    """Whether a stored row is of a division reported in part (its ``left_out`` names units): not the division's whole
    figure, so never set against one, nor the previous forecast of one."""
    return isinstance(left_out, str) and left_out != ""
