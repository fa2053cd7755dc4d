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
from datetime import datetime
from decimal import Decimal, InvalidOperation
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

from reporting.consolidate.board import NOT_REPORTED
from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.labels import NOT_DUE, NOT_SUBMITTED, REJECTED
from reporting.errors import ReportingError
from reporting.history import schema
from reporting.history.words import Metric, RowKind, stored_kind, stored_metric
from reporting.plan.central import BOARD
from reporting.plan.model import Plan
from reporting.plan.periods import ORDER
from reporting.plan.targets import NO, PARTLY, YES, Direction
from reporting.template.economy_sums import SUMMED
from reporting.template.spec import NETTO_ID

log = logging.getLogger(__name__)
MAX_ABS = Decimal("1e15")  # no figure of a health-care board comes near this; beyond it is an error

DB_ENV = "REPORTING_DB_URL"
UNIT_LENGTH = 120  # a unit as a plan writes it; longer is cut (migration 0004 widened the column)
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


def database_url(root: Path, url: str | None = None) -> str:
    """--db, else $REPORTING_DB_URL, else the workspace's SQLite file."""
    return url or os.environ.get(DB_ENV) or f"sqlite:///{(Path(root) / 'history.sqlite').resolve()}"


def open_history(root: Path, url: str | None = None) -> Engine:
    """An engine on the history, its schema migrated to the current version (see ``schema.migrate``)."""
    parsed = make_url(database_url(root, url))
    engine = create_engine(parsed, connect_args=schema.sqlite_connect_args(parsed))
    schema.prepare(engine)
    try:
        schema.migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def board_of(plan: Plan) -> str:
    """The nämnd's id of a plan (``Plan.board_key``)."""
    return plan.board_key


# ------------------------------------------------------------------ storing
def rows_of(result: Consolidation) -> list[dict[str, Any]]:
    """The figures of a consolidation as database rows (key figures, economy, measures)."""
    period, now = result.period, datetime.now().replace(microsecond=0).isoformat()
    base = {"board": board_of(result.plan), "year": period.year, "period": period.kind, "stored_at": now}
    money = result.plan.amount_unit
    out: list[dict[str, Any]] = []

    def add(
        division: str,
        kind: RowKind,
        item: str,
        metric: Metric,
        value: Any,
        done: bool = False,
        unit: str = "",
        part: str = "",
        target: str = "",
        name: str = "",
    ) -> None:
        if value is None or value == "":
            return
        number, text = None, None
        if done:
            text = yes_no(value)
        elif isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            number = sane_number(value)
            if number is None:
                log.warning(
                    "sparas inte: %s %s %s %s = %r är inget ändligt tal av rimlig storlek",
                    kind,
                    item,
                    division,
                    metric,
                    value,
                )
                return
        else:
            text = str(value)
        out.append(
            {
                **base,
                "division": division,
                "unit": unit[:UNIT_LENGTH] if number is not None else "",  # what the number is in; text has none
                "kind": kind.value,  # the stored word as plain text (a driver may adapt an enum by its name)
                "item": item,
                "metric": metric.value,
                "value": number,
                "text": text,
                "left_out": part,
                "target": target,
                "name": name,
            }
        )

    done_targets = {k.id for k in result.plan.key_figures if k.target.direction is Direction.DONE}
    for kf in result.key_figures:
        if kf.status_label in (NOT_SUBMITTED, REJECTED, NOT_DUE):  # nothing reported: nothing stored
            continue
        division, part = NAMND if kf.is_total else kf.division_id, kf.left_out  # a value over some units: marked
        target = kf.target  # the year's målvärde as the report shows it ("Minst 88 %")
        name = kf.name  # as the plan names it now: the same id of another name later is another key figure
        for metric in (Metric.OUTCOME, Metric.LAST_YEAR, Metric.FORECAST):
            value = getattr(kf, metric)
            add(division, RowKind.KEY_FIGURE, kf.id, metric, value, kf.id in done_targets, kf.unit, part, target, name)
        add(
            division, RowKind.KEY_FIGURE, kf.id, Metric.DENOMINATOR, kf.denominator, part=part, target=target, name=name
        )
        add(division, RowKind.KEY_FIGURE, kf.id, Metric.STATUS, kf.status, part=part, target=target, name=name)
    for e in result.economy:
        if e.submitted:  # a division from some of its units as reported, marked (``partial``): never as the whole
            for metric in MONEY_METRICS:
                add(
                    e.division_id,
                    RowKind.ECONOMY,
                    e.group_id,
                    metric,
                    getattr(e, metric),
                    unit=money,
                    part=e.left_out,
                    name=e.group,
                )
    for netto in result.economy_overview:
        if netto.is_total and netto.submitted:
            for metric in MONEY_METRICS:
                add(NAMND, RowKind.ECONOMY, NETTO_ID, metric, getattr(netto, metric), unit=money)
    for m in result.measures:  # effects some division has not reported are not the nämnd's: the plan's only
        for metric in MEASURE_PLANNED if m.missing else MEASURE_METRICS:
            add(NAMND, RowKind.MEASURE, m.id, metric, getattr(m, metric), unit=money)
    goal_units = {g.id: g.target.unit for g in result.plan.financial_goals}  # "%" of "Minst 2 %"
    for goal in result.financial_goals:  # from Centrala värden: stored like a nämnd-level key figure
        if goal.outcome is not None:
            done = isinstance(goal.outcome, str)
            add(
                NAMND,
                RowKind.FINANCIAL_GOAL,
                goal.id,
                Metric.OUTCOME,
                goal.outcome,
                done,
                goal_units.get(goal.id, ""),
                target=goal.target,
            )
            add(NAMND, RowKind.FINANCIAL_GOAL, goal.id, Metric.STATUS, goal.status, target=goal.target)
    for a in result.assignments:
        if a.division_id == BOARD and a.status != NOT_REPORTED:  # the nämnd's own uppdrag
            add(NAMND, RowKind.ASSIGNMENT, a.id, Metric.STATUS, a.status)
    return out


def store(
    engine: Engine,
    result: Consolidation,
    chunk: int = 500,
    after_chunk: Callable[[int], None] | None = None,
    board: str | None = None,
) -> int:
    """Replace the nämnd's rows of the period atomically; return how many were written.

    ``board`` defaults to the plan's (``Plan.board_key``). Other nämnder's rows are
    never touched. Rows from before nämnder were stored (board "") are taken over
    by the first nämnd that stores into the history, while it holds no other
    nämnd's rows: such a history was one nämnd's own file.
    """
    rows = rows_of(result)
    board = board_of(result.plan) if board is None else board
    for row in rows:
        row["board"] = board
    period = result.period
    with schema.write_transaction(engine) as conn:  # one transaction under the write lock: all or nothing
        _refuse_another_board(conn, board, period.year, result.plan)
        conn.execute(
            delete(figures).where(
                and_(figures.c.board == board, figures.c.year == period.year, figures.c.period == period.kind)
            )
        )
        _adopt_unowned(conn, board, period.year, period.kind)
        for start in range(0, len(rows), chunk):
            conn.execute(insert(figures), rows[start : start + chunk])
            if after_chunk:
                after_chunk(start + chunk)
    return len(rows)


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
    theirs = {division.split("/")[0] for division in stored if division}
    ours = {d.id for d in plan.divisions}
    if theirs and ours and not theirs & ours:
        raise SameBoardId(
            f'historiken har redan en nämnd med id "{board}" men med andra divisioner '
            f"({', '.join(sorted(theirs)[:6])}) än planens ({', '.join(sorted(ours)[:6])}): troligen en annan "
            "regions nämnd med samma namn. Inget sparades. Ange ett eget Nämnd-id på planens flik Nämnd och kör igen"
        )


def _adopt_unowned(conn: Connection, board: str, year: int, kind: str) -> None:
    if not board:
        return
    others = conn.execute(
        select(figures.c.id).where(and_(figures.c.board != "", figures.c.board != board)).limit(1)
    ).first()
    if others is not None or conn.execute(select(figures.c.id).where(figures.c.board == "").limit(1)).first() is None:
        return
    conn.execute(delete(figures).where(and_(figures.c.board == "", figures.c.year == year, figures.c.period == kind)))
    conn.execute(update(figures).where(figures.c.board == "").values(board=board))
    log.info("historikens rader från före nämnd-id hör nu till nämnden %s", board)


def boards(engine: Engine) -> list[str]:
    """The nämnder with stored figures, sorted."""
    with engine.connect() as conn:
        return sorted(conn.execute(select(figures.c.board).distinct()).scalars())


def sane_number(value: Decimal | int | float) -> str | None:
    """The exact text of a finite number with |x| <= 1e15, else None (NaN, Infinity, 1E+20 are never stored)."""
    number = parse_number(value if isinstance(value, Decimal) else str(value))
    return None if number is None else str(number)


def parse_number(value: Any) -> Decimal | None:
    """A stored value as a finite, sane Decimal; None for NULL and for junk ("NaN", "Infinity", "abc", "1e400")."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):  # a number another tool stored
        number = Decimal(str(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    if not number.is_finite() or abs(number) > MAX_ABS:
        return None
    return number


def yes_no(value: Any) -> str:
    """A done-target's answer in the words shown everywhere: Ja, Nej or Delvis (other text kept as written)."""
    answer = " ".join(str(value).split())
    word = answer.lower()
    if word in YES:
        return "Ja"
    if word in NO:
        return "Nej"
    if word in PARTLY:
        return "Delvis"
    return answer


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


NAMND = ""  # division key of the nämnd total
# the Ekonomi sheet's typed columns (its deviations are computed from them again), each a declared metric
MONEY_METRICS = tuple(Metric(m) for m in SUMMED)
MEASURE_METRICS = (Metric.PLANNED, Metric.ACHIEVED, Metric.FORECAST)  # a measure every division has reported
MEASURE_PLANNED = (Metric.PLANNED,)  # one some division has not: the plan's effect only
