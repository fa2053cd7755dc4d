"""Declared table rows: each consolidated table is built from frozen rows and checked where it is made.

A table's columns are the fields of its row type, so the report, the feedback
and history read declared names; ``frame`` gives the pandas view for tabular
work and export, with exactly those columns even when there are no rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, fields
from typing import Any

import pandas as pd


def columns_of(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type)]


def frame(rows: Sequence[Any], row_type: type | None = None) -> pd.DataFrame:
    """The rows as a DataFrame whose columns are exactly the row type's fields (validated).

    ``row_type`` is needed only for an empty table (its columns still declared).
    """
    if row_type is None:
        if not rows:
            raise ValueError("an empty table needs its row type")
        row_type = type(rows[0])
    for row in rows:
        if not isinstance(row, row_type):
            raise TypeError(f"expected {row_type.__name__}, got {type(row).__name__}")
    return pd.DataFrame([asdict(r) for r in rows], columns=columns_of(row_type))
