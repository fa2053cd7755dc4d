"""What the stored periods were judged against, and what history holds that the plan no longer has.

A plan revised during the year changes a key figure's målvärde (T1 judged against "Minst 88 %", the
delår against "Minst 90 %") or removes a key figure. Tables that show earlier periods beside the
plan's målvärde of today say so in a note, as the economy's notes name a moved frame.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from reporting.history.trends import Figures, same_name, same_unit, stored_names, stored_targets, stored_units
from reporting.history.words import RowKind
from reporting.plan.model import KeyFigure
from reporting.plan.periods import Period

Change = tuple[str, str, Period]  # (målvärde before, after, the last period judged against the one before)


def target_changes(targets: dict[Period, str]) -> list[Change]:
    """Each change of the målvärde over the periods, oldest first; a period without one (stored before it was
    kept) is passed by, so the change is said after the last period known to have the old one."""
    out: list[Change] = []
    last: tuple[Period, str] | None = None
    for period in sorted(targets, key=lambda p: p.sort_key):
        text = targets[period]
        if not text:
            continue
        if last is not None and text != last[1]:
            out.append((last[1], text, last[0]))
        last = (period, text)
    return out


def change_sentence(item: str, changes: Sequence[Change]) -> str:
    """ "N02: målvärdet ändrades från Minst 88 % till Minst 90 % efter T1 2025." ("" without a change)."""
    if not changes:
        return ""
    said = " och ".join(f"från {before} till {after} efter {period.in_text}" for before, after, period in changes)
    return f"{item}: målvärdet ändrades {said}."


def target_notes(index: Figures, key_figures: Iterable[KeyFigure], now: Period, periods: Iterable[Period]) -> list[str]:
    """One sentence per key figure whose målvärde differs between ``periods`` (as stored) and ``now`` (the plan's
    målvärde for its year, as the report shows it)."""
    shown = [p for p in periods if p.sort_key < now.sort_key]
    out = []
    for kf in key_figures:
        stored = stored_targets(index, kf.id)
        targets = {p: stored[p] for p in shown if p in stored}
        targets[now] = kf.target_for(now.year).text
        if sentence := change_sentence(kf.id, target_changes(targets)):
            out.append(sentence)
    return out


def unit_notes(index: Figures, key_figures: Iterable[KeyFigure], now: Period, periods: Iterable[Period]) -> list[str]:
    """One sentence per key figure whose stored unit differs between ``periods`` and ``now`` (the plan's Enhet):
    "N22: enheten ändrades från antal till per 1 000 inv efter helår 2025; värdena före och efter är inte
    jämförbara." No trend, change or chart line is set across it."""
    shown = [p for p in periods if p.sort_key < now.sort_key]
    out = []
    for kf in key_figures:
        stored = stored_units(index, kf.id)
        units = {p: stored[p] for p in shown if p in stored}
        units[now] = kf.unit
        changes = [c for c in target_changes(units) if not same_unit(c[0], c[1])]
        if changes:
            said = " och ".join(
                f"från {before} till {after} efter {period.in_text}" for before, after, period in changes
            )
            out.append(f"{kf.id}: enheten ändrades {said}; värdena före och efter är inte jämförbara.")
    return out


def year_periods(index: Figures, now: Period) -> list[Period]:
    """The periods of ``now``'s year before it that hold a stored målvärde, oldest first."""
    found = {p for targets in index.targets.values() for p in targets if p.year == now.year and p < now}
    return sorted(found, key=lambda p: p.sort_key)


def no_longer_planned(index: Figures, planned: Iterable[str], now: Period) -> dict[str, Period]:
    """Key figure id -> the latest period of ``now``'s year or the year before (up to ``now``) history holds it
    for, for each the plan no longer has (removed, or its id changed, during the year or at its turn: the periods
    Tidsserier would have set today's against)."""
    have = set(planned)
    out: dict[str, Period] = {}
    for (kind, item, _division, _metric), period in _stored(index):
        if kind != RowKind.KEY_FIGURE or item in have or period.year < now.year - 1 or now < period:
            continue
        if item not in out or out[item] < period:
            out[item] = period
    return dict(sorted(out.items()))


def _stored(index: Figures) -> Iterator[tuple[tuple[str, str, str, str], Period]]:
    """Each stored row's key and period, those over part of the reporters too."""
    for key, points in index.points.items():
        for period, _ in points:
            yield key, period
    for key, parts in index.parts.items():
        for period in parts:
            yield key, period


def removed_note(removed: dict[str, Period], index: Figures, key_figures: Iterable[KeyFigure]) -> str:
    """ "Nyckeltal som historiken har för 2025 och 2026 men som planen inte längre har (visas inte): N06 (senast
    helår 2025), N22 (senast helår 2025; planens N30 har samma namn)." ("" for none). A key figure of the plan
    under the stored name of a removed one is named: most likely its new id."""
    if not removed:
        return ""
    years = " och ".join(str(y) for y in sorted({p.year for p in removed.values()}))
    said = ", ".join(
        f"{item} (senast {period.in_text}{_same_name(index, item, key_figures)})" for item, period in removed.items()
    )
    return f"Nyckeltal som historiken har för {years} men som planen inte längre har (visas inte): {said}."


def _same_name(index: Figures, item: str, key_figures: Iterable[KeyFigure]) -> str:
    """ "; planens N30 har samma namn" when the removed ``item``'s latest stored name is one of the plan's."""
    names = stored_names(index, item)
    if not names:
        return ""
    name = names[max(names, key=lambda p: p.sort_key)]
    ids = [kf.id for kf in key_figures if kf.id != item and same_name(name, kf.name)]
    return f"; planens {ids[0]} har samma namn" if len(ids) == 1 else ""


def name_notes(index: Figures, key_figures: Iterable[KeyFigure], now: Period, periods: Iterable[Period]) -> list[str]:
    """One sentence per key figure stored under another name in ``periods`` than the plan's today (``same_name``):
    'N21 hette "Andel …" 2025 och "Andel patienter med fast tandläkarkontakt" nu; värdena jämförs inte.' An id
    reused for another measure: no trend, chart line or change is set across it (``trends.comparable``)."""
    shown = [p for p in periods if p < now]
    out = []
    for kf in key_figures:
        names = stored_names(index, kf.id)
        other = [p for p in shown if p in names and not same_name(names[p], kf.name)]
        if other:
            last = max(other, key=lambda p: p.sort_key)
            when = str(last.year) if last.year < now.year else f"t.o.m. {last.in_text}"
            out.append(f'{kf.id} hette "{names[last]}" {when} och "{kf.name}" nu; värdena jämförs inte.')
    return out
