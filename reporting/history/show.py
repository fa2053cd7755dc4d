"""What ``reporting history show`` lists for a key figure, assembled from the stored figures: each nämnd's series,
the change per row when several nämnder are shown, a division's scope changes, and the rows as ``--json`` gives
them. The table's Swedish text and layout are the CLI's (``reporting.cli.history``); what goes into it is decided
here, so that a script gets the same rows from Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import make_url

from reporting.history.changes import changes, names_of, summed_periods
from reporting.history.schema import shown_url
from reporting.history.scope import scope_changes
from reporting.history.store import database_url
from reporting.history.trends import Stored, stored_values
from reporting.history.words import RowKind
from reporting.plan.periods import Period
from reporting.plan.reporter import key_unit
from reporting.text import as_known

KEY_FIGURE = RowKind.KEY_FIGURE  # the kind of row ``history show`` lists

Series = tuple[list[Stored], str]  # a nämnd's values, oldest first, and the unit they all share ("" if none)


as_stored = as_known  # an id typed in another case, as the history spells it


def stored_key_figure(frame: pd.DataFrame, typed: str) -> str:
    """The key figure's id as stored ("n04" is N04)."""
    return as_stored(frame[frame["kind"] == KEY_FIGURE]["item"], typed)


def stored_division(frame: pd.DataFrame, typed: str) -> str:
    """The division's id as stored ("med" is MED); "" (the nämnd) stays ""."""
    return as_stored(frame["division"], typed) if typed else typed


def board_series(frame: pd.DataFrame, key_figure: str, division: str) -> dict[str, Series]:
    """Per nämnd in ``frame`` (sorted by id) with stored values of the key figure for ``division`` ("" the nämnd):
    its values and their shared unit; a nämnd with none is left out."""
    out = {}
    for board in sorted(set(frame["board"])):
        values, unit = stored_values(frame[frame["board"] == board], key_figure, division)
        if values:
            out[board] = (values, unit)
    return out


def only_divisions(frame: pd.DataFrame, key_figure: str) -> list[str]:
    """The divisions (not their units, "MED/E0001") with values of a key figure stored for divisions only (not
    aggregated, "ej"), sorted: the nämnd has none to show, and the one asking is told where the values are."""
    rows = frame[(frame["kind"] == KEY_FIGURE) & (frame["item"] == key_figure) & (frame["division"] != "")]
    return sorted({d for d in rows["division"] if not key_unit(d)})


def division_scope(
    root: Path, frame: pd.DataFrame, board: str, division: str, periods: Sequence[Period]
) -> dict[Period, str]:
    """A division's scope changes between the periods shown (``scope.scope_changes``); none for the nämnd."""
    return scope_changes(root, frame, board, division, periods) if division else {}


def series_records(
    key_figure: str, division: str, values: Sequence[Stored], scope: dict[Period, str]
) -> list[dict[str, Any]]:
    """One nämnd's rows as ``--json`` lists them; the period a Period and the values Decimal (or a done-target's
    text), for the caller to write."""
    return [
        {
            "key_figure": key_figure,
            "division": division,
            "period": v.period,
            "outcome": v.outcome,
            "forecast": v.forecast,
            "unit": v.unit,
            "left_out": v.left_out,
            "scope_change": scope.get(v.period, ""),
        }
        for v in values
    ]


@dataclass(frozen=True)
class RegionRow:
    """A nämnd's value at one period, and its change against the nämnd's previous comparable value (None: none)."""

    board: str
    value: Stored
    change: Decimal | None


def region_rows(
    root: Path, frame: pd.DataFrame, per_board: dict[str, Series], key_figure: str, division: str
) -> list[RegionRow]:
    """Nämnd × period, each nämnd's periods oldest first: the change against the nämnd's previous stored whole value
    in the same unit and under the same name (``changes``); a key figure the workspace's plans sum over the period
    against the same period the year before; none for or against a value over part of its reporters."""
    summed = summed_periods(root, key_figure, {v.period for values, _ in per_board.values() for v in values})
    rows = []
    for board, (values, _unit) in per_board.items():
        named = names_of(frame[frame["board"] == board], key_figure, division)  # no change across an id reused
        rows += [RegionRow(board, v, change) for v, change in zip(values, changes(values, summed, named))]
    return rows


def region_records(key_figure: str, division: str, rows: Sequence[RegionRow]) -> list[dict[str, Any]]:
    """The rows of several nämnder as ``--json`` lists them (as ``series_records``, with board and change)."""
    return [
        {
            "board": r.board,
            "key_figure": key_figure,
            "division": division,
            "period": r.value.period,
            "outcome": r.value.outcome,
            "forecast": r.value.forecast,
            "change": r.change,
            "unit": r.value.unit,
            "left_out": r.value.left_out,
        }
        for r in rows
    ]


def shared_unit(values: Iterable[Stored]) -> str:
    """The one unit the values are stored in, for the table's heading; "" when none is stored or they differ."""
    units = {v.unit for v in values if v.unit}
    return units.pop() if len(units) == 1 else ""


def own_units(shared: str, values: Iterable[Stored]) -> bool:
    """The rows say their own unit: no ``shared`` one in the heading, and some row has one."""
    return not shared and any(v.unit for v in values)


def where_stored(root: Path, db_url: str | None) -> str:
    """The history a command read, as the one running it knows it: the SQLite file, or the database URL without its
    password."""
    return shown_url(make_url(database_url(root, db_url)))
