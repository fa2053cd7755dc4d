"""Time series, trend marks and the previous forecast, read from the stored figures."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import pandas as pd
from sqlalchemy.engine import Engine

from reporting.consolidate.consolidation import Consolidation
from reporting.history.boards import board_notes
from reporting.history.kolada import KoladaValue, kolada_latest_many
from reporting.history.store import NAMND, board_of, load_figures, partial, stored_board
from reporting.history.words import Metric, RowKind
from reporting.plan.model import Aggregation, KeyFigure, Plan
from reporting.plan.periods import Period
from reporting.plan.targets import Direction, Target, improved

Point = tuple[Period, Decimal | str]
Earlier = tuple[Period, Decimal]  # a previous forecast and the period it was made at
ByPeriod = dict[Period, str]  # a stored row's unit, name or målvärde at each period


class Figures:
    """The stored figures' points per (kind, item, division, metric), oldest first: built in one pass.

    A report asks for a few series per key figure; filtering the whole frame for each would
    scan it hundreds of times, so ``HistoryView.index`` is made once and looked up instead.
    With ``money`` (the plan's Beloppsenhet) every amount stored in tkr or mkr is in it, exactly: a plan
    revised from mkr to tkr during the year sets its forecast against the earlier ones in one unit. An amount
    stored in another unit cannot be converted: it is left out and kept in ``unconverted`` for a note.
    """

    def __init__(self, frame: pd.DataFrame, money: str = "") -> None:
        self.points: dict[tuple[str, str, str, str], list[Point]] = {}
        self.parts: dict[tuple[str, str, str, str], dict[Period, tuple[Decimal | str, str]]] = {}  # partial rows
        self.targets: dict[tuple[str, str, str], dict[Period, str]] = {}  # (kind, item, division): målvärde per period
        self.units: dict[tuple[str, str, str], dict[Period, str]] = {}  # (kind, item, division): stored unit
        self.names: dict[tuple[str, str, str], dict[Period, str]] = {}  # (kind, item, division): its name then
        self.unconverted: dict[tuple[str, str, str, str], dict[Period, str]] = {}  # amounts in no known unit
        self.converted: dict[tuple[str, str, str, str], dict[Period, str]] = {}  # amounts converted: unit stored
        if frame.empty:
            return
        keys = zip(frame["kind"], frame["item"], frame["division"], frame["metric"])
        lefts = frame["left_out"] if "left_out" in frame else [""] * len(frame)
        targets = frame["target"] if "target" in frame else [""] * len(frame)
        units = frame["unit"] if "unit" in frame else [""] * len(frame)
        names = frame["name"] if "name" in frame else [""] * len(frame)
        rows = zip(keys, _points(frame, with_partial=True), lefts, targets, units, names)
        for key, point, left_out, target, unit, name in rows:
            if point is not None and isinstance(name, str) and name:  # "" before migration 0007: not known
                self.names.setdefault(key[:3], {})[point[0]] = name
            unit = unit if isinstance(unit, str) else ""
            if point is not None and key[0] in MONEY_KINDS and isinstance(point[1], Decimal):
                amount = in_amount_unit(point[1], unit, money)
                if amount is None:
                    self.unconverted.setdefault(key, {})[point[0]] = unit
                    continue
                if money and unit and unit != money:
                    self.converted.setdefault(key, {})[point[0]] = unit
                point, unit = (point[0], amount), money or unit
            if point is not None and partial(left_out):
                self.parts.setdefault(key, {})[point[0]] = (point[1], left_out)
            elif point is not None:
                self.points.setdefault(key, []).append(point)
            if point is not None and target:  # "" before migration 0006: no målvärde known
                self.targets.setdefault(key[:3], {})[point[0]] = target
            if point is not None and unit and isinstance(point[1], Decimal):
                self.units.setdefault(key[:3], {})[point[0]] = unit
        for points in self.points.values():
            points.sort(key=lambda p: p[0].sort_key)  # stable: rows of one period keep the frame's order


Source = pd.DataFrame | Figures  # the frame of ``load_figures``, or its index
MONEY_KINDS = (RowKind.ECONOMY, RowKind.MEASURE, RowKind.MEASURE_SHARE)  # rows stored in the plan's Beloppsenhet
AMOUNT_EXPONENTS = {"tkr": 3, "mkr": 6}  # a unit's power of ten kronor: mkr = 1 000 tkr


def in_amount_unit(value: Decimal, unit: str, wanted: str) -> Decimal | None:
    """An amount stored in ``unit`` expressed in ``wanted``, exactly (mkr to tkr ×1 000); as it is when either is
    not said or they are the same; None when it cannot be converted (a unit that is neither tkr nor mkr)."""
    if not unit or not wanted or unit == wanted:
        return value
    if unit not in AMOUNT_EXPONENTS or wanted not in AMOUNT_EXPONENTS:
        return None
    shift = AMOUNT_EXPONENTS[unit] - AMOUNT_EXPONENTS[wanted]
    return value * 10**shift if shift > 0 else value / 10**-shift  # not scaleb: "-2.402E+5" would reach a CSV


def _points(rows: pd.DataFrame, with_partial: bool = False) -> list[Point | None]:
    """Each row's (period, number or text), None for a row with neither and, unless ``with_partial``, for a
    division reported in part (``partial``: not the division's figure, so no series or previous forecast holds it)."""
    out: list[Point | None] = []
    parts = rows["left_out"] if "left_out" in rows else [""] * len(rows)
    for year, period, value, text, part in zip(rows["year"], rows["period"], rows["value"], rows["text"], parts):
        if partial(part) and not with_partial:
            out.append(None)
        elif isinstance(value, Decimal):
            out.append((Period(int(year), period), value))
        elif isinstance(text, str) and text:
            out.append((Period(int(year), period), text))
        else:
            out.append(None)
    return out


def series(
    figures: Source,
    item: str,
    division: str = NAMND,
    metric: Metric = Metric.OUTCOME,
    kind: RowKind = RowKind.KEY_FIGURE,
) -> list[tuple[Period, Decimal]]:
    """A key figure's numbers over periods, oldest first (text answers such as "Ja" are left out)."""
    return [(p, v) for p, v in answers(figures, item, division, metric, kind) if isinstance(v, Decimal)]


def answers(
    figures: Source,
    item: str,
    division: str = NAMND,
    metric: Metric = Metric.OUTCOME,
    kind: RowKind = RowKind.KEY_FIGURE,
) -> list[Point]:
    """A key figure's values over periods, oldest first: the number, or the text (a done-target's "Ja"/"Nej").

    ``figures`` is the frame of ``load_figures`` (filtered here) or its ``Figures`` index (looked up).
    """
    if isinstance(figures, Figures):
        return list(figures.points.get((kind, item, division, metric), []))
    if figures.empty:
        return []
    rows = figures[
        (figures["kind"] == kind)
        & (figures["item"] == item)
        & (figures["division"] == division)
        & (figures["metric"] == metric)
    ]
    return sorted((p for p in _points(rows) if p is not None), key=lambda p: p[0].sort_key)


def partial_points(
    figures: Figures,
    item: str,
    division: str = NAMND,
    metric: Metric = Metric.OUTCOME,
    kind: RowKind = RowKind.KEY_FIGURE,
) -> dict[Period, tuple[Decimal | str, str]]:
    """The values stored over part of the reporters (``partial``), per period, with whom each leaves out: for a
    table to show, marked, where the series has none; never a series point nor a previous forecast."""
    return dict(figures.parts.get((kind, item, division, metric), {}))


@dataclass(frozen=True)
class Stored:
    """A key figure's stored values at one period, as ``history show`` lists them: partial ones too, marked; a
    done-target's as its text ("Ja", "Nej", "Delvis")."""

    period: Period
    outcome: Decimal | str
    forecast: Decimal | str | None
    left_out: str  # whom a value over part of its reporters leaves out ("" for a whole one)
    unit: str = ""  # what the values are in, as stored for the period ("" when none is)


def stored_values(frame: pd.DataFrame, item: str, division: str = NAMND) -> tuple[list[Stored], str]:
    """A key figure's values per period, oldest first (numbers, or a done-target's Ja/Nej/Delvis), those over part
    of its reporters included (their ``left_out`` said), each with its unit as stored; and the unit they all share
    ("%", "index"; "" when none is stored or they differ: a key figure whose unit changed)."""
    index = Figures(frame)
    whole = dict(_given(index, item, division, Metric.OUTCOME))
    forecasts = dict(_given(index, item, division, Metric.FORECAST))
    parts = partial_points(index, item, division)
    part_forecasts = partial_points(index, item, division, Metric.FORECAST)
    units = stored_units(index, item, division)
    out = [Stored(p, v, forecasts.get(p), "", units.get(p, "")) for p, v in whole.items()]
    for period, (value, left_out) in parts.items():
        forecast = part_forecasts.get(period, (None, ""))[0]
        if period not in whole and (isinstance(value, Decimal) or value):
            given = forecast if isinstance(forecast, Decimal) or forecast else None
            out.append(Stored(period, value, given, left_out, units.get(period, "")))
    shared = {v.unit for v in out if v.unit}
    return sorted(out, key=lambda s: s.period.sort_key), shared.pop() if len(shared) == 1 else ""


def _given(index: Figures, item: str, division: str, metric: Metric) -> list[tuple[Period, Decimal | str]]:
    """The values stored for a row: numbers, and a done-target's answers ("Ja"), never an empty text."""
    return [(p, v) for p, v in answers(index, item, division, metric) if isinstance(v, Decimal) or v]


def stored_units(figures: Figures, item: str, division: str = NAMND, kind: RowKind = RowKind.KEY_FIGURE) -> ByPeriod:
    """The unit each stored period of a key figure is in (the plan's Enhet then: "antal", "per 1 000 inv")."""
    return dict(figures.units.get((kind, item, division), {}))


def same_unit(stored: str, unit: str) -> bool:
    """Whether a value stored in ``stored`` compares with one in ``unit``: the same word (case and spacing aside),
    or either not known (rows another tool stored without one)."""
    return not stored or not unit or " ".join(stored.lower().split()) == " ".join(unit.lower().split())


def in_unit(points: list[tuple[Period, Decimal]], units: dict[Period, str], unit: str) -> list[tuple[Period, Decimal]]:
    """The points stored in ``unit``: a count and a rate of the same key figure are no series together."""
    return [(p, v) for p, v in points if same_unit(units.get(p, ""), unit)]


def stored_names(figures: Figures, item: str, division: str = NAMND, kind: RowKind = RowKind.KEY_FIGURE) -> ByPeriod:
    """The name each stored period of a key figure had in its plan (none for rows stored before migration 0007)."""
    return dict(figures.names.get((kind, item, division), {}))


def same_name(stored: str, name: str) -> bool:
    """Whether a key figure stored as ``stored`` is the plan's ``name``: the same words, case, spacing, punctuation,
    dashes and accents aside ("Hälso- och sjukvård" is "Hälso och sjukvård"), or either not known. Another word,
    or another number ("högst 60 dagar", "högst 90 dagar"), is another key figure."""
    return not stored or not name or _plain(stored) == _plain(name)


def _plain(text: str) -> str:
    """Letters and digits only, lower case, accents dropped (NFKD's combining marks are no letters)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if c.isalnum())


def comparable(figures: Figures, kf: KeyFigure, points: list[tuple[Period, Decimal]]) -> list[tuple[Period, Decimal]]:
    """The points of ``kf`` stored in its unit of today and under its name of today (or of unknown unit or name):
    a count and a rate, or an id reused for another measure, are no series together."""
    names = stored_names(figures, kf.id)
    alike = in_unit(points, stored_units(figures, kf.id), kf.unit)
    return [(p, v) for p, v in alike if same_name(names.get(p, ""), kf.name)]


def stored_targets(figures: Figures, item: str, division: str = NAMND, kind: RowKind = RowKind.KEY_FIGURE) -> ByPeriod:
    """The målvärde each stored period of a key figure (or financial goal) was judged against, as the report showed
    it; periods stored before migration 0006 have none and are not in it."""
    return dict(figures.targets.get((kind, item, division), {}))


def summed_over_period(kf: KeyFigure) -> bool:
    """A key figure summed over its reporters (``summa``: a count, an amount) is a total of the period's months, so
    its T1 (four months) is no trend against M03 (three) or delår (eight): only the same span compares.

    Not so a rolling figure ("2 800 tim i snitt/mån (R12)": the last twelve months, whatever the period) or one per
    month ("st/mån", "i snitt"): a month's value compares with the month before, as a mean's does."""
    if kf.aggregation != Aggregation.SUM or kf.target.direction is Direction.DONE:
        return False
    return not (kf.target.rolling or PER_MONTH.search(f"{kf.target.unit} {kf.unit}"))


PER_MONTH = re.compile(r"/\s*mån|\bper\s+mån|\bsnitt\b", re.IGNORECASE)  # a monthly rate or mean, not a total


def trend(
    points: list[tuple[Period, Decimal]],
    target: Target,
    upto: Period,
    same_span: bool = False,
    last_year: Decimal | None = None,
    riket: Mapping[int, Decimal | None] | None = None,
) -> str:
    """ "Bättre" / "Sämre" / "Oförändrad" for the value at ``upto`` against the point before it, judged by the
    target's direction (``improved``): an Exakt target's by the distance to it, the same distance "Oförändrad".

    With ``same_span`` (``summed_over_period``) against the same period of the year before instead: its stored
    value (T1 against T1, else a report of the same months, M04 against T1), else ``last_year`` (the period's
    "Utfall samma period föregående år" as reported); none without either. A riket-relative target ("Minst 2
    procentenheter över riket") by its direction; "I nivå med riket" by the distance to riket's value of each
    period's year (``riket``: year -> value), none where either is not known.
    """
    earlier: list[tuple[Period | None, Decimal]]
    if same_span:
        spans = [(p, v) for p, v in points if p.year == upto.year - 1 and p.months == upto.months]
        earlier = [(p, v) for p, v in sorted(spans, key=lambda pv: (pv[0].kind == upto.kind, pv[0].sort_key))]
        earlier = earlier or ([] if last_year is None else [(None, last_year)])
    else:
        earlier = [(p, v) for p, v in points if p.sort_key < upto.sort_key]
    current = [v for p, v in points if p == upto]
    if not earlier or not current or (target.value is None and target.baseline_year is None and not target.benchmark):
        return ""
    (at, before), now = earlier[-1], current[0]
    if now == before:
        return "→ Oförändrad"
    goals = tuple(None if p is None or riket is None else target.goal(riket.get(p.year)) for p in (at, upto))
    if target.direction is Direction.EXACTLY and target.benchmark and None in goals:
        return ""  # riket's value of either period not known: no distance to judge by
    better = improved(target, before, now, goals)
    return "→ Oförändrad" if better is None else "↑ Bättre" if better else "↓ Sämre"


def previous_forecast(
    figures_frame: pd.DataFrame | Figures,
    item: str,
    period: Period,
    division: str = NAMND,
    kind: RowKind = RowKind.KEY_FIGURE,
    unit: str = "",
    name: str = "",
) -> Decimal | None:
    """The forecast made at the previous period of the same year (T1's at delår, delår's at helår); with ``unit``
    one stored in it only (a forecast of a count is no previous forecast of a rate), with ``name`` one stored
    under that name (``same_name``: an id reused for another measure has none)."""
    answer = previous_answer(figures_frame, item, period, division, kind, unit, name)
    return answer if isinstance(answer, Decimal) else None


def previous_answer(
    figures_frame: pd.DataFrame | Figures,
    item: str,
    period: Period,
    division: str = NAMND,
    kind: RowKind = RowKind.KEY_FIGURE,
    unit: str = "",
    name: str = "",
) -> Decimal | str | None:
    """The previous forecast of the year as stored: a number, or a done-target's "Ja"/"Nej"."""
    earlier = previous_point(figures_frame, item, period, division, kind, unit, name=name)
    return None if earlier is None else earlier[1]


def previous_point(
    figures_frame: pd.DataFrame | Figures,
    item: str,
    period: Period,
    division: str = NAMND,
    kind: RowKind = RowKind.KEY_FIGURE,
    unit: str = "",
    metric: Metric = Metric.FORECAST,
    name: str = "",
) -> Point | None:
    """The latest forecast (``metric``) stored before ``period`` in its year, with the period it is from: a
    division that did not report at the period before has its forecast from an earlier one, which a report must
    say. With ``unit`` or ``name`` (and the ``Figures`` index, which knows each period's) only one stored in that
    unit and under that name (``same_unit``, ``same_name``)."""
    index = figures_frame if isinstance(figures_frame, Figures) else None
    units = index.units.get((kind, item, division), {}) if index is not None else {}
    names = index.names.get((kind, item, division), {}) if index is not None else {}
    earlier = [
        (p, v)
        for p, v in answers(figures_frame, item, division, metric, kind)
        if p.year == period.year
        and p.sort_key < period.sort_key
        and same_unit(units.get(p, ""), unit)
        and same_name(names.get(p, ""), name)
    ]
    return earlier[-1] if earlier else None


# ------------------------------------------------------------------ for the report
@dataclass
class HistoryView:
    """What the report needs from the database, fetched once."""

    figures: pd.DataFrame  # the nämnd's own rows (a shared history holds every nämnd of the region)
    kolada: dict[str, Decimal | None] = field(default_factory=dict)  # key figure id -> riket value
    kolada_year: dict[str, int] = field(default_factory=dict)  # key figure id -> the year of that value
    money: str = ""  # the plan's Beloppsenhet: the index has every stored amount in it (``Figures``)
    board_notes: list[str] = field(default_factory=list)  # earlier periods under another nämnd id (``boards``)

    @cached_property
    def index(self) -> Figures:
        """The figures indexed for lookups (``series``, ``answers`` and the previous forecasts take it)."""
        return Figures(self.figures, self.money)

    def periods(self) -> list[Period]:
        if self.figures.empty:
            return []
        keys = {(int(y), k) for y, k in zip(self.figures["year"], self.figures["period"])}
        return sorted((Period(y, k) for y, k in keys), key=lambda p: p.sort_key)


def riket_values(engine: Engine, plan: Plan, year: int) -> dict[str, Decimal | None]:
    """Riket's latest stored value up to ``year`` per key figure with a Kolada-id (the Tidsserier's value)."""
    latest = kolada_latest_many(engine, (kf.kolada_id for kf in plan.key_figures if kf.kolada_id), year)
    return {kf.id: _value(latest.get(kf.kolada_id)) for kf in plan.key_figures if kf.kolada_id}


def _value(latest: KoladaValue | None) -> Decimal | None:
    return None if latest is None else latest.value


def view_for(engine: Engine, result: Consolidation, board: str | None = None) -> HistoryView:
    """The nämnd's figures (``board``, default the plan's; with rows from before nämnd-id) and riket's values.

    Earlier periods the history holds under another id of the nämnd (renamed, or given a Nämnd-id) are kept in
    ``board_notes`` for Tidsserier; the caller says them on its console (``run_period``'s ``tell``), not this."""
    board = stored_board(engine, board_of(result.plan) if board is None else board)  # renamed: the new id
    view = HistoryView(load_figures(engine, board=[board, ""]), money=getattr(result.plan, "amount_unit", ""))
    divisions = [d.id for d in getattr(result.plan, "divisions", ())]
    given = bool(getattr(result.plan, "board_id", ""))  # the plan's own Nämnd-id: the id a joined history keeps
    view.board_notes = board_notes(engine, board, divisions, view.periods(), result.period, given)
    with_id = [kf for kf in result.plan.key_figures if kf.kolada_id]
    stored = kolada_latest_many(engine, (kf.kolada_id for kf in with_id), result.period.year)
    for kf in with_id:
        latest = stored.get(kf.kolada_id)
        view.kolada[kf.id] = _value(latest)
        if latest is not None:
            view.kolada_year[kf.id] = latest.year
    return view


def earlier_economy_forecasts(history: HistoryView | None, result: Consolidation) -> dict[tuple[str, str], Earlier]:
    """(division, account group) -> the helårsprognos stored at the latest earlier period of the year, and that period.

    The monthly report compares each forecast with it (2021-M03 against 2021-M02; T1 against a
    stored month or nothing); read from the stored economy rows, so only periods consolidated
    into this history count.
    """
    if history is None or history.figures.empty:
        return {}
    out: dict[tuple[str, str], Earlier] = {}
    for e in result.economy:
        earlier = previous_point(history.index, e.group_id, result.period, e.division_id, kind=RowKind.ECONOMY)
        if earlier is not None and isinstance(earlier[1], Decimal):
            out[(e.division_id, e.group_id)] = (earlier[0], earlier[1])
    return out
