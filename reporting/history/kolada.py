"""Riksjämförelser from saved Kolada API responses (v2 and v3 shapes); never calls the network."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, insert, select
from sqlalchemy.engine import Engine

from reporting.errors import InputError
from reporting.history.store import kolada


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
            out.append(
                {
                    "kpi": kpi,
                    "municipality": municipality,
                    "period": period,
                    "gender": str(value.get("gender", "T")),
                    "value": None if number is None else str(Decimal(str(number))),
                }
            )
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
            conn.execute(
                delete(kolada).where(
                    and_(
                        kolada.c.kpi == row["kpi"],
                        kolada.c.municipality == row["municipality"],
                        kolada.c.period == row["period"],
                        kolada.c.gender == row["gender"],
                    )
                )
            )
        if rows:
            conn.execute(insert(kolada), [{**r, "imported_at": now} for r in rows])
    return len(rows)


def kolada_value(engine: Engine, kpi: str, year: int, municipality: str = "0000") -> Decimal | None:
    """The comparison value (both genders, "T") for a year; riket (0000) by default."""
    with engine.connect() as conn:
        value = conn.execute(
            select(kolada.c.value).where(
                and_(
                    kolada.c.kpi == kpi,
                    kolada.c.period == year,
                    kolada.c.municipality == municipality,
                    kolada.c.gender == "T",
                )
            )
        ).scalar()
    return Decimal(value) if value is not None else None
