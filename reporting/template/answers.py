"""What a filled template says, typed: one frozen answer per row, the source cell of every value beside it.

The fields of each answer are the keys of the columns its sheet spec reads
(``reporting.template.spec``); a test holds the two together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from operator import attrgetter
from typing import Any

Figure = Decimal | str | None  # a number, or Ja/Nej/Delvis for a done-target


@dataclass(frozen=True, kw_only=True, slots=True)
class Answer:
    """Base of every row's answer: a field's A1 reference in the file is its column's letter and ``row``.

    ``columns`` (field -> column letter) is one mapping per sheet read, shared by all its rows: ten
    thousand files' answers held at once (intake, consolidation) keep no reference text per value.
    """

    row: int = field(default=0, compare=False, repr=False)
    columns: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def cell(self, key: str) -> str:
        """The field's A1 reference ("E12"), "" for a field not read."""
        letter = self.columns.get(key)
        return f"{letter}{self.row}" if letter else ""

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its field values in order: every intake worker sends thousands of answers, and the
        dataclass's own state methods look up the fields again for each one."""
        kind = type(self)
        return _rebuilt, (kind, _shape(kind)[0](self))


_SHAPES: dict[type, tuple[Callable[[Any], tuple[Any, ...]], tuple[Callable[[Any, Any], None], ...]]] = {}


def _shape(kind: type) -> tuple[Callable[[Any], tuple[Any, ...]], tuple[Callable[[Any, Any], None], ...]]:
    """An answer class's field values getter and its slots' setters, in field order (made once per class)."""
    found = _SHAPES.get(kind)
    if found is None:
        names = tuple(f.name for f in fields(kind))
        found = _SHAPES[kind] = (attrgetter(*names), tuple(getattr(kind, name).__set__ for name in names))
    return found


def _rebuilt(kind: type[Answer], values: tuple[Any, ...]) -> Answer:
    """An answer from its pickled values, set through its slots as the frozen dataclass's own __init__ sets them
    (the main process rebuilds every answer of every file: the slots' setters cost half of setattr by name)."""
    answer = object.__new__(kind)
    for setter, value in zip(_shape(kind)[1], values, strict=True):
        setter(answer, value)
    return answer


@dataclass(frozen=True, kw_only=True, slots=True)
class KeyFigureAnswer(Answer):
    target: str = ""
    outcome: Figure = None
    last_year: Figure = None
    forecast: Figure = None
    denominator: Decimal | None = None
    analysis: str = ""
    actions: str = ""
    # not a column: a total's values unrounded (consolidate.totals), aggregated by the total above it
    exact: KeyFigureAnswer | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, kw_only=True, slots=True)
class AssignmentAnswer(Answer):
    status: str | None = None
    comment: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class EconomyAnswer(Answer):
    budget: Decimal | None = None
    periodised: Decimal | None = None
    actual: Decimal | None = None
    deviation: Decimal | None = None
    forecast: Decimal | None = None
    forecast_deviation: Decimal | None = None
    comment: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class MeasureAnswer(Answer):
    planned: Decimal | None = None
    achieved: Decimal | None = None
    forecast: Decimal | None = None
    comment: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class InvestmentAnswer(Answer):
    amount: Decimal | None = None
    status: str | None = None
    spent: Decimal | None = None
    comment: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class InternalControlAnswer(Answer):
    done: str | None = None  # Ja | Nej | Delvis
    result: str = ""
    deviation: str | None = None  # Ja | Nej
    action: str = ""


@dataclass(frozen=True)
class Answers:
    """Every row a submission answered, by row id; a row not answered reads as an empty answer."""

    key_figures: Mapping[str, KeyFigureAnswer] = field(default_factory=dict)
    assignments: Mapping[str, AssignmentAnswer] = field(default_factory=dict)
    economy: Mapping[str, EconomyAnswer] = field(default_factory=dict)
    measures: Mapping[str, MeasureAnswer] = field(default_factory=dict)
    investments: Mapping[str, InvestmentAnswer] = field(default_factory=dict)
    internal_control: Mapping[str, InternalControlAnswer] = field(default_factory=dict)
    # per summed column key: what the file's Netto formula counts of rows without an id (an earlier template's
    # range SUM widened by an inserted "varav" row; see template.loose_rows), which no account group holds
    netto_extra: Mapping[str, Decimal] = field(default_factory=dict)

    def key_figure(self, row_id: str) -> KeyFigureAnswer:
        return self.key_figures.get(row_id) or KeyFigureAnswer()

    def assignment(self, row_id: str) -> AssignmentAnswer:
        return self.assignments.get(row_id) or AssignmentAnswer()

    def account(self, row_id: str) -> EconomyAnswer:
        return self.economy.get(row_id) or EconomyAnswer()

    def measure(self, row_id: str) -> MeasureAnswer:
        return self.measures.get(row_id) or MeasureAnswer()

    def investment(self, row_id: str) -> InvestmentAnswer:
        return self.investments.get(row_id) or InvestmentAnswer()

    def control(self, row_id: str) -> InternalControlAnswer:
        return self.internal_control.get(row_id) or InternalControlAnswer()


FIELD_OF: dict[type[Answer], str] = {
    KeyFigureAnswer: "key_figures",
    AssignmentAnswer: "assignments",
    EconomyAnswer: "economy",
    MeasureAnswer: "measures",
    InvestmentAnswer: "investments",
    InternalControlAnswer: "internal_control",
}
