"""The history's closed word sets, declared once: what a stored row is (``kind``) and which of its values (``metric``).

Each member's value is the word stored in the ``figures`` table, and so in every CSV and Parquet export and in every
history an earlier version wrote: a value is never changed. The module imports nothing heavy, so the CLI can name a
word without loading the database layer.

A word this version does not know (a newer version's, another tool's row) is read as the text it is (``stored_kind``,
``stored_metric``): kept in exports and asked for by no query, as before the words were declared.
"""

from __future__ import annotations

from enum import StrEnum


class RowKind(StrEnum):
    """The ``kind`` of a stored row: which part of the report it is from."""

    KEY_FIGURE = "nyckeltal"
    ECONOMY = "ekonomi"  # an account group's row (or Netto's) of a division, or the nämnd's Netto
    MEASURE = "atgard"  # an Åtgärdsplan measure (nämnd level)
    FINANCIAL_GOAL = "finansmal"  # from Centrala värden (nämnd level)
    ASSIGNMENT = "uppdrag"  # the nämnd's own uppdrag (nämnd level)
    # a reporter's own answer (its division key "MED", or "MED/AKUT" for a unit's file), for the next period to set
    # against: an investment object's upparbetat belopp and status, its share of an åtgärd's uppnådd effekt
    INVESTMENT = "investering"
    MEASURE_SHARE = "atgardsbidrag"


class Metric(StrEnum):
    """The ``metric`` of a stored row: which of the row's values it holds (the consolidated row's field of that name)."""

    OUTCOME = "outcome"
    LAST_YEAR = "last_year"
    FORECAST = "forecast"
    DENOMINATOR = "denominator"
    STATUS = "status"
    BUDGET = "budget"
    PERIODISED = "periodised"
    ACTUAL = "actual"
    PLANNED = "planned"
    ACHIEVED = "achieved"
    SPENT = "spent"  # an investment's upparbetat belopp (tkr)


_KINDS: dict[str, RowKind] = {k.value: k for k in RowKind}
_METRICS: dict[str, Metric] = {m.value: m for m in Metric}


def stored_kind(word: str) -> RowKind | str:
    """A stored ``kind`` as its member; a word this version does not know as the text it is (never an error)."""
    return _KINDS.get(word, word)


def stored_metric(word: str) -> Metric | str:
    """A stored ``metric`` as its member; a word this version does not know as the text it is (never an error)."""
    return _METRICS.get(word, word)
