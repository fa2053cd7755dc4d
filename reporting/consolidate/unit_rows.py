"""A division's units' answers row by row, read unit by unit.

A division combined from thousands of units' files is asked row by row (each key figure, uppdrag, account
group): a lookup per row and unit went through every unit's dict once per row, touching memory all over the
intake, and grew faster than the number of units. Here each unit's dict is read once for all its rows, and the
answers are then turned into rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import TypeVar

from reporting.intake.submission import Submission
from reporting.template.answers import Answer, KeyFigureAnswer

A = TypeVar("A", bound=Answer)
EMPTY_KEY_FIGURE = KeyFigureAnswer()  # a row a unit left unanswered reads as this (frozen: shared)


def by_row(answers: Sequence[Mapping[str, A]], row_ids: Sequence[str], empty: A) -> list[list[A]]:
    """Per row of ``row_ids``, every unit's answer on it (``empty`` where a unit has none, as ``Answers`` reads it)."""
    if not answers:
        return [[] for _ in row_ids]
    per_unit = [list(map(answer.get, row_ids, repeat(empty))) for answer in answers]
    return list(map(list, zip(*per_unit)))


@dataclass(frozen=True)
class UnitKeyFigures:
    """A division's units' files as the key figure table asks about them for each of its key figures."""

    ids: list[str]  # the units' ids, in the division's order
    names: list[str]  # their own names ("Enhet 0005")
    rows: dict[str, list[KeyFigureAnswer]]  # key figure id -> each unit's answer

    def answers(self, kf_id: str) -> list[KeyFigureAnswer]:
        found = self.rows.get(kf_id)
        return found if found is not None else [EMPTY_KEY_FIGURE] * len(self.ids)

    def named(self, kf_id: str) -> list[tuple[str, KeyFigureAnswer]]:
        """Each unit's name and answer on the key figure."""
        return list(zip(self.names, self.answers(kf_id)))


def unit_key_figures(sub: Submission, kf_ids: Sequence[str]) -> UnitKeyFigures:
    """The units' answers on ``kf_ids`` of a division from its units' files (``sub.parts``)."""
    rows = by_row([part.answers.key_figures for part in sub.parts], kf_ids, EMPTY_KEY_FIGURE)
    names = [part.reporter.own_name for part in sub.parts]
    return UnitKeyFigures([part.unit_id for part in sub.parts], names, dict(zip(kf_ids, rows)))
