"""History: every consolidated period kept in a database, for time series, trends and riksjämförelser.

By default an embedded SQLite file in the workspace (``history.sqlite``), so there
is no server to start; any SQLAlchemy URL (e.g. PostgreSQL) through
``REPORTING_DB_URL`` or ``--db``. Re-running a period replaces its rows in one
transaction: a run that dies half-way leaves the previous state intact.
Values are stored as text of the exact Decimal, never as floats.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
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
    select,
)
from sqlalchemy.engine import Engine

from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.labels import NOT_SUBMITTED
from reporting.template.spec import NETTO_ID

DB_ENV = "REPORTING_DB_URL"
metadata = MetaData()
figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("year", Integer, nullable=False),
    Column("period", String(8), nullable=False),
    Column("division", String(40), nullable=False),
    Column("unit", String(40), nullable=False, default=""),
    Column("kind", String(20), nullable=False),  # nyckeltal | ekonomi | atgard
    Column("item", String(40), nullable=False),
    Column("metric", String(30), nullable=False),
    Column("value", String(40)),  # exact Decimal as text
    Column("text", Text),
    Column("stored_at", String(32), nullable=False),
    UniqueConstraint("year", "period", "division", "unit", "kind", "item", "metric", name="uq_figure"),
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
    Column("imported_at", String(32), nullable=False),
    UniqueConstraint("kpi", "municipality", "period", "gender", name="uq_kolada"),
)


def database_url(root: Path, url: str | None = None) -> str:
    """--db, else $REPORTING_DB_URL, else the workspace's SQLite file."""
    return url or os.environ.get(DB_ENV) or f"sqlite:///{(Path(root) / 'history.sqlite').resolve()}"


def open_history(root: Path, url: str | None = None) -> Engine:
    engine = create_engine(database_url(root, url))
    metadata.create_all(engine)
    return engine


# ------------------------------------------------------------------ storing
def rows_of(result: Consolidation) -> list[dict[str, Any]]:
    """The figures of a consolidation as database rows (key figures, economy, measures)."""
    period, now = result.period, datetime.now().replace(microsecond=0).isoformat()
    base = {"year": period.year, "period": period.kind, "unit": "", "stored_at": now}
    out: list[dict[str, Any]] = []

    def add(division: str, kind: str, item: str, metric: str, value: Any) -> None:
        if value is None or value == "":
            return
        number = str(value) if isinstance(value, (Decimal, int)) else None
        out.append(
            {
                **base,
                "division": division,
                "kind": kind,
                "item": item,
                "metric": metric,
                "value": number,
                "text": None if number is not None else str(value),
            }
        )

    for kf in result.key_figures:
        if kf.status_label == NOT_SUBMITTED:
            continue
        division = NAMND if kf.is_total else kf.division_id
        for metric in ("outcome", "last_year", "forecast", "denominator"):
            add(division, "nyckeltal", kf.id, metric, getattr(kf, metric))
        add(division, "nyckeltal", kf.id, "status", kf.status)
    for e in result.economy:
        if e.submitted:
            for metric in MONEY_METRICS:
                add(e.division_id, "ekonomi", e.group_id, metric, getattr(e, metric))
    for netto in result.economy_overview:
        if netto.is_total and netto.submitted:
            for metric in MONEY_METRICS:
                add(NAMND, "ekonomi", NETTO_ID, metric, getattr(netto, metric))
    for m in result.measures:
        for metric in ("planned", "achieved", "forecast"):
            add(NAMND, "atgard", m.id, metric, getattr(m, metric))
    return out


def store(
    engine: Engine, result: Consolidation, chunk: int = 500, after_chunk: Callable[[int], None] | None = None
) -> int:
    """Replace the period's rows atomically; return how many were written."""
    rows = rows_of(result)
    period = result.period
    with engine.begin() as conn:  # one transaction: all or nothing
        conn.execute(delete(figures).where(and_(figures.c.year == period.year, figures.c.period == period.kind)))
        for start in range(0, len(rows), chunk):
            conn.execute(insert(figures), rows[start : start + chunk])
            if after_chunk:
                after_chunk(start + chunk)
    return len(rows)


# ------------------------------------------------------------------ reading
def load_figures(engine: Engine) -> pd.DataFrame:
    """All stored figures; ``value`` as Decimal."""
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(select(figures)).mappings().all())
    if frame.empty:
        return pd.DataFrame(columns=[c.name for c in figures.columns])
    return frame.assign(value=pd.Series([Decimal(v) if v is not None else None for v in frame["value"]], dtype=object))


NAMND = ""
MONEY_METRICS = ("budget", "periodised", "actual", "forecast")  # division key of the nämnd total
