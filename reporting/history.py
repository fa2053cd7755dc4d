"""History: every consolidated period kept in a database, for time series, trends and riksjämförelser.

By default an embedded SQLite file in the workspace (``history.sqlite``), so there
is no server to start; any SQLAlchemy URL (e.g. PostgreSQL) through
``REPORTING_DB_URL`` or ``--db``. Re-running a period replaces its rows in one
transaction: a run that dies half-way leaves the previous state intact.
Values are stored as text of the exact Decimal, never as floats.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pandas as pd
from sqlalchemy import (Column, Integer, MetaData, String, Table, Text, UniqueConstraint, and_, create_engine,
                        delete, insert, select)
from sqlalchemy.engine import Engine

from .consolidate import Consolidation
from .errors import InputError
from .layout import NETTO_ID
from .periods import Period
from .targets import Target, lower_is_better

DB_ENV = "REPORTING_DB_URL"
NAMND = ""  # division key of the nämnd total
metadata = MetaData()
figures = Table(
    "figures", metadata,
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
    "kolada", metadata,
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
        out.append({**base, "division": division, "kind": kind, "item": item, "metric": metric,
                    "value": number, "text": None if number is not None else str(value)})

    for _, row in result.key_figures.iterrows():
        if row["status_label"] == "Ej inkommen":
            continue
        division = NAMND if row["is_total"] else row["division_id"]
        for metric in ("outcome", "last_year", "forecast", "denominator"):
            add(division, "nyckeltal", row["id"], metric, row[metric])
        add(division, "nyckeltal", row["id"], "status", row["status"])
    for _, row in result.economy.iterrows():
        if row["submitted"]:
            for metric in ("budget", "periodised", "actual", "forecast"):
                add(row["division_id"], "ekonomi", row["group_id"], metric, row[metric])
    for _, row in result.economy_overview.iterrows():
        if row["division_id"] == "" and row["submitted"]:
            for metric in ("budget", "periodised", "actual", "forecast"):
                add(NAMND, "ekonomi", NETTO_ID, metric, row[metric])
    for _, row in result.measures.iterrows():
        for metric in ("planned", "achieved", "forecast"):
            add(NAMND, "atgard", row["id"], metric, row[metric])
    return out


def store(engine: Engine, result: Consolidation, chunk: int = 500,
          after_chunk: Callable[[int], None] | None = None) -> int:
    """Replace the period's rows atomically; return how many were written."""
    rows = rows_of(result)
    period = result.period
    with engine.begin() as conn:  # one transaction: all or nothing
        conn.execute(delete(figures).where(and_(figures.c.year == period.year, figures.c.period == period.kind)))
        for start in range(0, len(rows), chunk):
            conn.execute(insert(figures), rows[start:start + chunk])
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
    frame["value"] = [Decimal(v) if v is not None else None for v in frame["value"]]
    return frame


def series(figures_frame: pd.DataFrame, item: str, division: str = NAMND, metric: str = "outcome",
           kind: str = "nyckeltal") -> list[tuple[Period, Decimal]]:
    """A key figure's values over periods, oldest first."""
    if figures_frame.empty:
        return []
    rows = figures_frame[(figures_frame["kind"] == kind) & (figures_frame["item"] == item)
                         & (figures_frame["division"] == division) & (figures_frame["metric"] == metric)]
    points = [(Period(int(r["year"]), r["period"]), r["value"]) for _, r in rows.iterrows() if r["value"] is not None]
    return sorted(points, key=lambda p: p[0].sort_key)


def trend(points: list[tuple[Period, Decimal]], target: Target, upto: Period) -> str:
    """"Bättre" / "Sämre" / "Oförändrad" for the value at ``upto`` against the point before it."""
    earlier = [v for p, v in points if p.sort_key < upto.sort_key]
    current = [v for p, v in points if p == upto]
    if not earlier or not current or target.value is None and target.baseline_year is None:
        return ""
    change = current[0] - earlier[-1]
    if change == 0:
        return "→ Oförändrad"
    better = change < 0 if lower_is_better(target) else change > 0
    return "↑ Bättre" if better else "↓ Sämre"


def previous_forecast(figures_frame: pd.DataFrame, item: str, period: Period, division: str = NAMND,
                      kind: str = "nyckeltal") -> Decimal | None:
    """The forecast made at the previous period of the same year (T1's at delår, delår's at helår)."""
    earlier = [(p, v) for p, v in series(figures_frame, item, division, "forecast", kind)
               if p.year == period.year and p.sort_key < period.sort_key]
    return earlier[-1][1] if earlier else None


# ------------------------------------------------------------------ Kolada
def parse_kolada(data: Any) -> list[dict[str, Any]]:
    """Rows of a saved Kolada response, API v2 or v3 (period int or str, ``isdeleted`` skipped)."""
    rows = data.get("values") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise InputError('not a Kolada response: expected an object with a "values" list')
    out = []
    for row in rows:
        if not isinstance(row, dict) or row.get("isdeleted"):
            continue
        try:
            kpi, municipality, period = str(row["kpi"]), str(row["municipality"]), int(str(row["period"])[:4])
        except (KeyError, ValueError) as exc:
            raise InputError(f"Kolada row without kpi/municipality/period: {str(row)[:80]}") from exc
        for value in row.get("values") or []:
            number = value.get("value")
            out.append({"kpi": kpi, "municipality": municipality, "period": period,
                        "gender": str(value.get("gender", "T")),
                        "value": None if number is None else str(Decimal(str(number)))})
    return out


def import_kolada(engine: Engine, path: str | Path) -> int:
    """Import (or replace) comparison values from a saved Kolada JSON file; never calls the network."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{Path(path).name}: cannot read Kolada JSON ({exc})") from exc
    rows = parse_kolada(data)
    now = datetime.now().replace(microsecond=0).isoformat()
    with engine.begin() as conn:
        for row in rows:
            conn.execute(delete(kolada).where(and_(kolada.c.kpi == row["kpi"], kolada.c.municipality == row["municipality"],
                                                   kolada.c.period == row["period"], kolada.c.gender == row["gender"])))
        if rows:
            conn.execute(insert(kolada), [{**r, "imported_at": now} for r in rows])
    return len(rows)


def kolada_value(engine: Engine, kpi: str, year: int, municipality: str = "0000") -> Decimal | None:
    """The comparison value (both genders, "T") for a year; riket (0000) by default."""
    with engine.connect() as conn:
        value = conn.execute(select(kolada.c.value).where(and_(
            kolada.c.kpi == kpi, kolada.c.period == year, kolada.c.municipality == municipality,
            kolada.c.gender == "T"))).scalar()
    return Decimal(value) if value is not None else None


# ------------------------------------------------------------------ for the report
@dataclass
class HistoryView:
    """What the report needs from the database, fetched once."""

    figures: pd.DataFrame
    kolada: dict[str, Decimal | None] = field(default_factory=dict)  # key figure id -> riket value

    def periods(self) -> list[Period]:
        if self.figures.empty:
            return []
        keys = {(int(y), k) for y, k in zip(self.figures["year"], self.figures["period"])}
        return sorted((Period(y, k) for y, k in keys), key=lambda p: p.sort_key)


def view_for(engine: Engine, result: Consolidation) -> HistoryView:
    view = HistoryView(load_figures(engine))
    for kf in result.plan.key_figures:
        if kf.kolada_id:
            view.kolada[kf.id] = kolada_value(engine, kf.kolada_id, result.period.year) \
                or kolada_value(engine, kf.kolada_id, result.period.year - 1)
    return view


def export(engine: Engine, path: str | Path, fmt: str) -> Path:
    """All figures as CSV or Parquet for Power BI and other tools (values as exact text)."""
    frame = load_figures(engine)
    frame["value"] = [str(v) if v is not None else None for v in frame["value"]]
    path = Path(path)
    if fmt == "csv":
        frame.to_csv(path, index=False, encoding="utf-8")
    elif fmt == "parquet":
        try:
            frame.to_parquet(path, index=False)
        except ImportError as exc:
            raise InputError("Parquet export needs pyarrow: pip install pyarrow") from exc
    else:
        raise InputError(f"unknown format {fmt!r}: use csv or parquet")
    return path
