"""The previous netto forecast of each division and of the nämnd total, against the frame it was made against.

A division that did not report at the period before keeps its latest earlier forecast of the year
(``previous_point``), so one column can hold forecasts made at different periods. A nämnd total
stored at one period would then not add up to the rows above it, nor its change to theirs: the
total is the sum of the rows shown, and the note says which row is from which period.

When the divisions themselves changed since (a division split off, an id changed), the rows no
longer cover the nämnd as it was: the total is then the whole nämnd's total stored at that period
(its frame is the same nämnd's), said in the note, and a division new since then is named as new.
A frame that moved since the previous forecast is set against it (``reframe``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.economy import NettoRow, is_subtotal
from reporting.consolidate.labels import TOTAL
from reporting.history import reframe
from reporting.history.groups_since import Gone, gone_groups, renamed_from, stored_groups
from reporting.history.reframe import AGAINST_FRAME, FRAME_BEFORE, Moved, join_names, stored_at
from reporting.history.store import NAMND
from reporting.history.trends import Earlier, Figures, HistoryView, earlier_economy_forecasts, previous_point
from reporting.history.words import Metric, RowKind
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.template.spec import NETTO_ID


@dataclass(frozen=True)
class Previous:
    """An overview row's previous forecast, the frame it was made against, and the change since (``reframe.change``)."""

    before: Decimal | None = None
    frame_before: Decimal | None = None
    change: Decimal | None = None


@dataclass(frozen=True)
class Comparison:
    """Each ``economy_overview`` row's ``Previous`` and the notes below the table (periods, frames, divisions)."""

    rows: list[Previous]
    notes: list[str]
    reframed: bool  # some row's frame moved: the table shows the earlier frame and the change against the frames

    @property
    def note(self) -> str:
        return " ".join(self.notes)

    def table(self, overview: list[NettoRow], now: str) -> tuple[list[str], list[list[str | Decimal | None]]]:
        """Headers and rows as the workbook and the Word draft show them (``now``: "Aktuell prognos")."""
        extra = [FRAME_BEFORE] if self.reframed else []
        headers = ["Division", "Budgetram", *extra, "Tidigare prognos", now, AGAINST_FRAME if extra else "Förändring"]
        rows: list[list[str | Decimal | None]] = [
            [o.division, o.budget, *([p.frame_before] if extra else []), p.before, o.forecast, p.change]
            for o, p in zip(overview, self.rows)
        ]
        return headers, rows


@dataclass(frozen=True)
class _Whole:
    """The whole nämnd's netto stored at an earlier period (stored only when every division reported)."""

    period: Period
    forecast: Decimal
    frame: Decimal | None


def netto_comparison(
    index: Figures, overview: list[NettoRow], period: Period, unit: str = "mkr", decimals: int = 1
) -> Comparison:
    """Each row's previous forecast, frame then and change; the notes in the plan's ``unit`` and ``decimals``.

    A division's is its own latest; the nämnd total's the sum of the divisions' it covers (a total that
    leaves divisions out: of those that reported) and of the nämnd's own frame, whose forecast is its
    frame at every period; when a covered division has none, or a division then is gone, the whole
    nämnd's stored total (for a total over every division), else none. The whole frame and a division
    from some of its units get none.
    """
    earlier = _earlier(index, overview, period)
    frames = {d: stored_at(index, NETTO_ID, d, Metric.BUDGET, p) for d, (p, _) in earlier.items()}
    whole = _whole(index, period)
    gone = _gone(index, overview, {p for p, _ in earlier.values()} | ({whole.period} if whole else set()))
    summed = None if gone else _total(overview, earlier, frames)
    total_row = next((o for o in overview if o.is_total), None)
    stored = whole if summed is None and whole and total_row is not None and total_row.submitted else None
    total = summed or ((stored.forecast, stored.frame) if stored else None)
    rows, moves = [], []
    for o in overview:
        before, frame = _before(o, earlier, frames, total)
        rows.append(Previous(before, frame, reframe.change(o.forecast, o.budget, before, frame)))
        if o.budget is not None and frame is not None and reframe.moved(o.budget, frame):
            since = stored.period if o.is_total and stored else _since(o, earlier)
            moves.append(Moved(o.division, frame, o.budget, since))
    notes = _notes(overview, earlier, whole, gone, summed is not None, stored is not None)
    notes.insert(1, reframe.frames_note(moves, unit, decimals))
    notes.append(unconverted_note(index, period, unit))
    return Comparison(rows, [n for n in notes if n], bool(moves))


def _earlier(index: Figures, overview: list[NettoRow], period: Period) -> dict[str, Earlier]:
    """Each whole division row's latest earlier netto forecast of the year, and its period."""
    earlier: dict[str, Earlier] = {}
    for o in overview:
        point = previous_point(index, NETTO_ID, period, o.division_id, RowKind.ECONOMY) if _own_row(o) else None
        if point is not None and isinstance(point[1], Decimal):
            earlier[o.division_id] = (point[0], point[1])
    return earlier


def new_divisions_note(index: Figures, overview: list[NettoRow], period: Period) -> str:
    """ "Division Tandvård har ingen tidigare prognos: den fanns inte bland nämndens divisioner vid T1 2025 …"

    Said only when it is known: the whole nämnd was stored at that period (every division then reported),
    and these divisions, reporting now, have no forecast of the year before.
    """
    return _new_note(overview, _earlier(index, overview, period), _whole(index, period))


def _new_note(overview: list[NettoRow], earlier: dict[str, Earlier], whole: _Whole | None) -> str:
    new = _new(overview, earlier)
    if not new or whole is None or not earlier:
        return ""
    return (
        f"{join_names(new)} har ingen tidigare prognos: {'den' if len(new) == 1 else 'de'} fanns inte bland "
        f"nämndens divisioner vid {whole.period.in_text} (ny division eller nytt id)."
    )


def _new(overview: list[NettoRow], earlier: dict[str, Earlier]) -> list[str]:
    """The divisions reporting now with no forecast earlier in the year."""
    return [o.division for o in overview if _own_row(o) and o.submitted and o.division_id not in earlier]


def _before(
    o: NettoRow,
    earlier: dict[str, Earlier],
    frames: dict[str, Decimal | None],
    total: tuple[Decimal, Decimal | None] | None,
) -> tuple[Decimal | None, Decimal | None]:
    """A row's previous forecast and the frame it was made against (None: none, or not known)."""
    if o.is_total:
        return total if total is not None else (None, None)
    if o.board_level:  # the nämnd's own frame: its forecast all year, beside a total that has a previous one
        return (o.forecast, o.budget) if total is not None else (None, None)
    if o.division_id in earlier and _own_row(o):
        return earlier[o.division_id][1], frames[o.division_id]
    return None, None


def _since(o: NettoRow, earlier: dict[str, Earlier]) -> Period:
    """The period a row's previous forecast is from (the total: its divisions' latest)."""
    if o.division_id in earlier:
        return earlier[o.division_id][0]
    return max((p for p, _ in earlier.values()), key=lambda p: p.sort_key)


def _notes(
    overview: list[NettoRow],
    earlier: dict[str, Earlier],
    whole: _Whole | None,
    gone: list[str],
    summed: bool,
    stored: bool,
) -> list[str]:
    """The notes in reading order: the rows' periods, (the frames: inserted), new divisions, the total."""
    named = {o.division_id: o.division for o in overview if o.division_id}
    periods = periods_note("Tidigare prognos", [(named[d], p) for d, (p, _) in earlier.items()])
    new = _new(overview, earlier)
    notes = [periods, _new_note(overview, earlier, whole)]
    label = next((o.division for o in overview if o.is_total), TOTAL)  # "Nämnden totalt (exkl. …)" names those out
    if summed:
        notes.append(f"{label} är summan av raderna ovan." if periods else "")
    elif stored and whole is not None:
        changed = "; ".join(
            part
            for part in (
                f"ny: {join_names(new)}" if new else "",
                f"finns inte längre: {', '.join(gone)}" if gone else "",
            )
            if part
        )
        notes.append(
            f"{label} jämförs med hela nämndens sparade prognos från {whole.period.in_text}, då med andra divisioner "
            f"än nu{f' ({changed})' if changed else ''}; den tidigare prognosen är därför inte summan av raderna ovan."
        )
    elif earlier and any(o.is_total for o in overview):
        missing = _without(_covered(overview), earlier)
        if missing:
            notes.append(f"{TOTAL} har ingen tidigare prognos: ingen finns sparad för {join_names(missing)}.")
        elif gone:
            notes.append(
                f"{TOTAL} har ingen tidigare prognos: divisionerna har ändrats (finns inte längre: {', '.join(gone)})."
            )
    return notes


def _own_row(row: NettoRow) -> bool:
    """A division's whole row: its forecast is stored under its id."""
    return bool(row.division_id) and not row.left_out


def _covered(overview: list[NettoRow]) -> list[NettoRow]:
    """The divisions the nämnd total sums: those that reported (a total that leaves some out is labelled so)."""
    return [o for o in overview if o.division_id and o.submitted]


def _total(
    overview: list[NettoRow], earlier: dict[str, Earlier], frames: dict[str, Decimal | None]
) -> tuple[Decimal, Decimal | None] | None:
    """The sum of the previous forecasts of the divisions the total covers and of the nämnd's own frame, and the
    sum of the frames they were made against (None when one is not known).

    A division that has not reported is in neither the total's forecast nor its previous one, so
    "Nämnden totalt (exkl. …)" is set against the same divisions' previous forecasts.
    """
    total, covered = next((o for o in overview if o.is_total), None), _covered(overview)
    if total is None or not covered or _without(covered, earlier):
        return None
    board = [o for o in overview if o.board_level]
    if any(o.forecast is None for o in board):
        return None
    before = _sum([earlier[o.division_id][1] for o in covered] + [o.forecast for o in board])
    frame = _sum([frames[o.division_id] for o in covered] + [o.budget for o in board])
    return (before, frame) if before is not None else None


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    return None if None in values else sum((v for v in values if v is not None), Decimal(0))


def _whole(index: Figures, period: Period) -> _Whole | None:
    """The whole nämnd's netto forecast stored latest before ``period`` in its year, and its frame then."""
    point = previous_point(index, NETTO_ID, period, NAMND, RowKind.ECONOMY)
    if point is None or not isinstance(point[1], Decimal):
        return None
    return _Whole(point[0], point[1], stored_at(index, NETTO_ID, NAMND, Metric.BUDGET, point[0]))


def _gone(index: Figures, overview: list[NettoRow], periods: set[Period]) -> list[str]:
    """The ids of divisions with a netto forecast stored at one of ``periods`` that the plan no longer has."""
    ids = {o.division_id for o in overview}
    out = []
    for (kind, item, division, metric), points in index.points.items():
        netto = (kind, item, metric) == (RowKind.ECONOMY, NETTO_ID, Metric.FORECAST)
        if netto and division not in ids and division != NAMND and any(p in periods for p, _ in points):
            out.append(division)
    return sorted(out)


def _without(rows: list[NettoRow], earlier: dict[str, Earlier]) -> list[str]:
    """The divisions among ``rows`` with no previous forecast of the year."""
    return [o.division for o in rows if o.division_id and o.division_id not in earlier]


def unconverted_note(index: Figures, period: Period, unit: str) -> str:
    """ "Prognoser sparade vid T1 2026 i mkr är omräknade till tkr." and "… i kkr kan inte räknas om till tkr och
    jämförs därför inte." ("" for none): the year's earlier forecasts stored in another amount unit."""
    converted, left = _other_units(index.converted, period), _other_units(index.unconverted, period)
    notes = [f"Prognoser sparade {_at(converted)} är omräknade till {unit}." if converted else ""]
    notes.append(
        f"Prognoser sparade {_at(left)} kan inte räknas om till {unit} och jämförs därför inte." if left else ""
    )
    return " ".join(n for n in notes if n)


def _other_units(stored: dict[tuple[str, str, str, str], dict[Period, str]], period: Period) -> dict[str, set[Period]]:
    """Stored unit -> the periods of ``period``'s year before it with an economy forecast in it."""
    found: dict[str, set[Period]] = {}
    for (kind, _item, _division, metric), units in stored.items():
        for when, was in units.items():
            if kind == RowKind.ECONOMY and metric == Metric.FORECAST and when.year == period.year and when < period:
                found.setdefault(was, set()).add(when)
    return found


def _at(found: dict[str, set[Period]]) -> str:
    """ "vid T1 2026 i mkr och vid maj 2026 i kkr"."""
    return " och ".join(
        f"vid {join_names([p.in_text for p in sorted(ps, key=lambda p: p.sort_key)])} i {was}"
        for was, ps in sorted(found.items())
    )


def periods_note(label: str, sources: Iterable[tuple[str, Period]], latest: Period | None = None) -> str:
    """ "Tidigare prognos är från 2025-M06, för Specialiserad vård från 2025-M05 (senaste sparade prognos)."

    Empty when every row's previous forecast is from one period (``latest``, default the latest of them);
    ``sources`` are (row name, period). When none is from ``latest``: "Föregående prognos för N01 och N04 är
    från T1 2025 (senaste sparade prognos)."
    """
    pairs = list(dict.fromkeys(sources))
    if not pairs:
        return ""
    latest = latest or max((p for _, p in pairs), key=lambda p: p.sort_key)
    older: dict[Period, list[str]] = {}
    for name, p in sorted(pairs, key=lambda pair: pair[1].sort_key, reverse=True):
        if p != latest:
            older.setdefault(p, []).append(name)
    if not older:
        return ""
    said = [(join_names(names), p.in_text) for p, names in older.items()]
    if all(p != latest for _, p in pairs):  # "Föregående prognos för N01 är från T1 2025, för N04 från mars 2025"
        tail = "".join(f", för {names} från {at}" for names, at in said[1:])
        return f"{label} för {said[0][0]} är från {said[0][1]}{tail} (senaste sparade prognos)."
    parts = ", ".join(f"för {names} från {at}" for names, at in said)
    return f"{label} är från {latest.in_text}, {parts} (senaste sparade prognos)."


@dataclass(frozen=True)
class EarlierEconomy:
    """The Ekonomi sheet's previous forecasts per (division, account group), the frames they were made against,
    and the notes on new divisions and on earlier forecasts in an amount unit that cannot be converted."""

    forecasts: dict[tuple[str, str], Earlier] = field(default_factory=dict)
    frames: dict[tuple[str, str], Decimal | None] = field(default_factory=dict)
    new_note: str = ""
    new: set[tuple[str, str]] = field(
        default_factory=set
    )  # (division, group) with no row stored then (``groups_since``)
    gone: list[Gone] = field(default_factory=list)  # groups stored then and not reported now (``groups_since``)


def is_computed_group(plan: Plan, group_id: str) -> bool:
    """Netto or a subtotal: sums of the groups, never a group new or gone of its own."""
    return group_id == NETTO_ID or is_subtotal(plan, group_id)


def earlier_economy(history: HistoryView | None, result: Consolidation) -> EarlierEconomy:
    """``earlier_economy_forecasts`` (in the plan's amount unit) with each one's stored budget at its period and
    the notes."""
    forecasts = earlier_economy_forecasts(history, result)
    if history is None:
        return EarlierEconomy(forecasts)
    if not forecasts:
        return EarlierEconomy(forecasts, new_note=unconverted_note(history.index, result.period, history.money))
    index = history.index
    frames = {key: stored_at(index, key[1], key[0], Metric.BUDGET, p) for key, (p, _) in forecasts.items()}
    new = new_divisions_note(index, result.economy_overview, result.period)
    unconverted = unconverted_note(index, result.period, history.money)
    computed = {e.group_id for e in result.economy if is_computed_group(result.plan, e.group_id)}
    periods = {division: p for (division, _), (p, _) in forecasts.items()}
    groups = stored_groups(index, periods, computed)
    now: dict[str, set[str]] = {}
    for e in result.economy:
        if e.submitted and not e.left_out and e.group_id not in computed:
            now.setdefault(e.division_id, set()).add(e.group_id)
    gone = [g for d, p in periods.items() if d in now for g in gone_groups(index, d, p, groups[d], now[d])]
    for e in result.economy:  # a group of a new id and the same name as one gone: the same group
        fresh = (
            e.division_id in groups
            and e.group_id in now.get(e.division_id, ())
            and e.group_id not in groups[e.division_id]
        )
        was = renamed_from(index, gone, e.division_id, e.group) if fresh else None
        if was is not None and was.forecast is not None:
            forecasts[(e.division_id, e.group_id)] = (was.period, was.forecast)
            frames[(e.division_id, e.group_id)] = was.budget
            gone.remove(was)
    added = {(d, g) for d in now if d in groups for g in now[d] - groups[d] if (d, g) not in forecasts}
    return EarlierEconomy(forecasts, frames, " ".join(n for n in (new, unconverted) if n), added, gone)
