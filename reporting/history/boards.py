"""A nämnd whose history id changed: its earlier periods stored under the old id, and moving them to the new one.

History rows are keyed by the nämnd's id (``Plan.board_key``: the Nämnd-id, else the name as a slug). A nämnd
renamed at the turn of the year, or given the Nämnd-id the README recommends, stores under a new id, and its
earlier years silently leave Tidsserier and the trends. ``predecessors`` finds the ids it most likely had (their
rows end before the nämnd's own begin, and most of their division ids are the plan's and most of the plan's are
theirs); the run says so and names the command, ``rename_board``, that moves them over in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine

from reporting.errors import ReportingError
from reporting.history import schema
from reporting.history.store import figures
from reporting.plan.periods import ORDER, Period
from reporting.plan.read_settings import BOARD_ID_RE as BOARD_ID  # the plan's Nämnd-id: one rule
from reporting.plan.reporter import key_division


class RenameRefused(ReportingError):
    """history rename-board cannot move the rows (no such nämnd, an invalid id, or periods both ids hold)."""


@dataclass(frozen=True)
class Predecessor:
    """Another nämnd id whose stored periods all precede the nämnd's own and whose divisions are mostly the plan's."""

    board: str
    periods: tuple[Period, ...]  # oldest first

    def years(self) -> str:
        """ "2025", "2024, 2025"."""
        return ", ".join(str(y) for y in sorted({p.year for p in self.periods}))


def predecessors(conn: Connection, board: str, divisions: Iterable[str], first: Period) -> list[Predecessor]:
    """The other nämnd ids that are most likely this nämnd's before its id changed: each shares most divisions with
    the plan (``_mostly_shared``) and has rows only of periods before ``first`` (the nämnd's first stored period, or
    the period run now), the last of them of that year or the year before (a nämnd dissolved long ago is not asked
    about on every run)."""
    ours = set(divisions)
    if not ours:
        return []
    query = select(figures.c.board, figures.c.year, figures.c.period, figures.c.division).distinct()
    query = query.where(figures.c.board != "", figures.c.year >= first.year - 1)  # later rows: still storing
    found: dict[str, tuple[set[Period], set[str]]] = {}
    for name, year, kind, division in conn.execute(query):
        if isinstance(year, int) and kind in ORDER:
            periods, divs = found.setdefault(name, (set(), set()))
            periods.add(Period(year, kind))
            divs.add(key_division(str(division or "")))
    out = []
    for name, (periods, divs) in sorted(found.items()):
        if name != board and _mostly_shared(divs - {""}, ours) and max(periods, key=lambda p: p.sort_key) < first:
            out.append(Predecessor(name, _all_periods(conn, name)))
    return out


def _mostly_shared(theirs: set[str], ours: set[str]) -> bool:
    """At least half of each side's division ids are the other's: one shared "ADM" makes no other live nämnd this
    one's earlier id, while a nämnd that gained or lost a division at the turn of the year still is."""
    shared = len(theirs & ours)
    return shared > 0 and 2 * shared >= len(ours) and 2 * shared >= len(theirs)


def _all_periods(conn: Connection, board: str) -> tuple[Period, ...]:
    return tuple(sorted(_periods(conn, board), key=lambda p: p.sort_key))


def predecessor_note(found: Predecessor, board: str, now: Period) -> str:
    """The note the run's console line and Tidsserier (the office's sheet) carry: where the earlier periods are and
    the command that joins them (not the Word draft: a command means nothing to the nämnd's politicians)."""
    earlier = "tidigare år" if all(p.year < now.year for p in found.periods) else "tidigare perioder"
    return (
        f'Historiken har {earlier} under nämnd-id "{found.board}" ({found.years()}), inte "{board}". Är det samma '
        f"nämnd: kör reporting history rename-board {found.board} {board}"
    ) + "."


def board_notes(
    engine: Engine, board: str, divisions: Iterable[str], stored: Iterable[Period], now: Period
) -> list[str]:
    """``predecessor_note`` for each likely earlier id of the nämnd, whose own rows are of the periods ``stored``
    (none for a nämnd without an id, or a stand-in plan without divisions)."""
    first = min([*stored, now], key=lambda p: p.sort_key)
    ours = list(divisions)
    if not board or not ours:
        return []
    with engine.connect() as conn:
        return [predecessor_note(p, board, now) for p in predecessors(conn, board, ours, first)]


def rename_board(engine: Engine, old: str, new: str) -> int:
    """Move every row of nämnd id ``old`` to ``new`` in one transaction; return how many moved.

    Refused, with nothing changed, when ``old`` has no rows, ``new`` is no valid Nämnd-id, or ``new`` already has
    rows of a period ``old`` has (they would be two reports of one period: the office removes one first)."""
    if not BOARD_ID.fullmatch(new):
        raise RenameRefused(
            f'"{new}" kan inte vara ett nämnd-id: bara små bokstäver a–z, siffror, - och _ (högst 60 tecken), t.ex. hsn.'
        )
    if old == new:
        raise RenameRefused(f'nämnd-id "{old}" är redan "{new}"; inget att flytta.')
    with schema.write_transaction(engine) as conn:
        theirs = _periods(conn, old)
        if not theirs:
            stored = conn.execute(select(figures.c.board).distinct()).scalars()
            known = ", ".join(f'"{b}"' for b in sorted(stored) if b)
            raise RenameRefused(f'historiken har inga rader under nämnd-id "{old}". Nämnd-id i historiken: {known}.')
        both = sorted(theirs & _periods(conn, new), key=lambda p: p.sort_key)
        if both:
            raise RenameRefused(
                f'nämnd-id "{new}" har redan rader för {", ".join(p.in_text for p in both)}, som "{old}" också har; '
                "inget flyttades (en period har bara en nämnds rader). Stäm av med reporting history export vilka "
                "som gäller."
            )
        moved = conn.execute(update(figures).where(figures.c.board == old).values(board=new)).rowcount
    return int(moved)


def _periods(conn: Connection, board: str) -> set[Period]:
    query = select(figures.c.year, figures.c.period).where(figures.c.board == board).distinct()
    return {Period(y, k) for y, k in conn.execute(query) if isinstance(y, int) and k in ORDER}
