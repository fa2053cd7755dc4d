"""What the stored periods were judged against, and what history holds that the plan no longer has.

A plan revised during the year changes a key figure's målvärde (T1 judged against "Minst 88 %", the
delår against "Minst 90 %") or removes a key figure. Tables that show earlier periods beside the
plan's målvärde of today say so in a note, as the economy's notes name a moved frame.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from reporting.history.trends import Figures, same_unit, stored_targets, stored_units
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
    """Key figure id -> the latest period of ``now``'s year (up to it) history holds it for, for each the plan no
    longer has (removed, or its id changed, during the year)."""
    have = set(planned)
    out: dict[str, Period] = {}
    for (kind, item, _division, _metric), period in _stored(index):
        if kind != "nyckeltal" or item in have or period.year != now.year or now < period:
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


def removed_note(removed: dict[str, Period], year: int) -> str:
    """ "Nyckeltal som historiken har för 2025 men planen inte längre har: N09 (senast T1 2025)." ("" for none)."""
    if not removed:
        return ""
    said = ", ".join(f"{item} (senast {period.in_text})" for item, period in removed.items())
    return f"Nyckeltal som historiken har för {year} men som planen inte längre har (visas inte): {said}."
