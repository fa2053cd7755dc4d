"""The nämnd's previous netto forecast as the sum of its rows, and a note when the rows are from different periods.

A division that did not report at the period before keeps its latest earlier forecast of the year
(``previous_point``), so one column can hold forecasts made at different periods. A nämnd total
stored at one period would then not add up to the rows above it, nor its change to theirs: the
total is the sum of the rows shown, and the note says which row is from which period.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from reporting.consolidate.economy import NettoRow
from reporting.consolidate.labels import TOTAL
from reporting.history.trends import Earlier, Figures, previous_point
from reporting.plan.periods import Period
from reporting.template.spec import NETTO_ID


def netto_previous(index: Figures, overview: list[NettoRow], period: Period) -> tuple[list[Decimal | None], str]:
    """Each ``economy_overview`` row's previous forecast and the note on their periods ("" when one period).

    A division's is its own latest; the nämnd total's the sum of the divisions' it covers (a total that
    leaves divisions out: of those that reported) and of the nämnd's own frame, whose forecast is its
    frame at every period (nothing when a covered division has none); the whole frame and a division
    from some of its units get none.
    """
    earlier: dict[str, Earlier] = {}
    for o in overview:
        point = previous_point(index, NETTO_ID, period, o.division_id, "ekonomi") if _own_row(o) else None
        if point is not None and isinstance(point[1], Decimal):
            earlier[o.division_id] = (point[0], point[1])
    total = _total(overview, earlier)
    covered = _covered(overview)
    before: list[Decimal | None] = []
    for o in overview:
        if o.is_total:
            before.append(total)
        elif o.board_level:
            before.append(o.forecast if total is not None else None)  # the frame: its forecast all year
        else:
            before.append(earlier[o.division_id][1] if o.division_id in earlier else None)
    named = {o.division_id: o.division for o in overview if o.division_id}
    note = periods_note("Tidigare prognos", [(named[d], p) for d, (p, _) in earlier.items()])
    if total is not None:
        label = next(o.division for o in overview if o.is_total)  # "Nämnden totalt (exkl. …)" names the rows left out
        return before, f"{note} {label} är summan av raderna ovan." if note else ""
    missing = _without(covered, earlier)
    if earlier and missing and any(o.is_total for o in overview):
        note = f"{note} {TOTAL} har ingen tidigare prognos: ingen finns sparad för {_names(missing)}.".lstrip()
    return before, note


def _own_row(row: NettoRow) -> bool:
    """A division's whole row: its forecast is stored under its id."""
    return bool(row.division_id) and not row.left_out


def _covered(overview: list[NettoRow]) -> list[NettoRow]:
    """The divisions the nämnd total sums: those that reported (a total that leaves some out is labelled so)."""
    return [o for o in overview if o.division_id and o.submitted]


def _total(overview: list[NettoRow], earlier: dict[str, Earlier]) -> Decimal | None:
    """The sum of the previous forecasts of the divisions the total covers and of the nämnd's own frame.

    A division that has not reported is in neither the total's forecast nor its previous one, so
    "Nämnden totalt (exkl. …)" is set against the same divisions' previous forecasts.
    """
    total, covered = next((o for o in overview if o.is_total), None), _covered(overview)
    if total is None or not covered or _without(covered, earlier):
        return None
    parts: list[Decimal | None] = [earlier[o.division_id][1] for o in covered]
    parts += [o.forecast for o in overview if o.board_level]
    return sum((p for p in parts if isinstance(p, Decimal)), Decimal(0)) if None not in parts else None


def _without(rows: list[NettoRow], earlier: dict[str, Earlier]) -> list[str]:
    """The divisions among ``rows`` with no previous forecast of the year."""
    return [o.division for o in rows if o.division_id and o.division_id not in earlier]


def periods_note(label: str, sources: Iterable[tuple[str, Period]]) -> str:
    """ "Tidigare prognos är från 2025-M06, för Specialiserad vård från 2025-M05 (senaste sparade prognos)."

    Empty when every row's previous forecast is from one period; ``sources`` are (row name, period).
    """
    pairs = list(dict.fromkeys(sources))
    if not pairs:
        return ""
    latest = max((p for _, p in pairs), key=lambda p: p.sort_key)
    older: dict[Period, list[str]] = {}
    for name, p in sorted(pairs, key=lambda pair: pair[1].sort_key, reverse=True):
        if p != latest:
            older.setdefault(p, []).append(name)
    if not older:
        return ""
    parts = ", ".join(f"för {_names(names)} från {p.in_text}" for p, names in older.items())
    return f"{label} är från {latest.in_text}, {parts} (senaste sparade prognos)."


def _names(names: list[str]) -> str:
    unique = list(dict.fromkeys(names))
    return ", ".join(unique[:-1]) + " och " + unique[-1] if len(unique) > 1 else unique[0]
