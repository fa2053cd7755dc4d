"""Export of the stored figures for Power BI and other tools."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from reporting.errors import InputError
from reporting.history.store import load_figures


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
