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
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine

from reporting.errors import ReportingError
from reporting.history import schema
from reporting.history.store import figures, renames
from reporting.plan.periods import ORDER, Period
from reporting.plan.read_settings import BOARD_ID_RE as BOARD_ID  # the plan's Nämnd-id: one rule
from reporting.plan.reporter import key_division
from reporting.text import and_joined


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
    out = []
    for name, periods in _alike(conn, board, set(divisions), first).items():
        if max(periods, key=lambda p: p.sort_key) < first:
            out.append(Predecessor(name, _all_periods(conn, name)))
    return out


def _alike(conn: Connection, board: str, ours: set[str], first: Period) -> dict[str, set[Period]]:
    """The other nämnd ids sharing most divisions with the plan, each with its periods from the year before
    ``first`` on (later rows: still storing), by id."""
    if not ours:
        return {}
    query = select(figures.c.board, figures.c.year, figures.c.period, figures.c.division).distinct()
    query = query.where(figures.c.board != "", figures.c.board != board, figures.c.year >= first.year - 1)
    found: dict[str, tuple[set[Period], set[str]]] = {}
    for name, year, kind, division in conn.execute(query):
        if isinstance(year, int) and kind in ORDER:
            periods, divs = found.setdefault(name, (set(), set()))
            periods.add(Period(year, kind))
            divs.add(key_division(str(division or "")))
    return {name: periods for name, (periods, divs) in sorted(found.items()) if _mostly_shared(divs - {""}, ours)}


def twin_notes(
    conn: Connection, board: str, divisions: Iterable[str], stored: Iterable[Period], now: Period, given: bool = False
) -> list[str]:
    """A note for each other id, sharing most divisions with the plan, that holds a period the nämnd holds too (the
    nämnd stored under both, before rename-board kept its moves or before its Nämnd-id was given): the command that
    joins them into the id that is most likely the nämnd's now: the run's, when its plan gives the Nämnd-id
    (``given``) and the run is of the other id's last year or later; else the one whose last period (equal: first)
    is the later."""
    ours = sorted(set(stored), key=lambda p: p.sort_key)
    if not ours:
        return []
    notes = []
    for name, periods in _alike(conn, board, set(divisions), ours[0]).items():
        both = [p for p in ours if p in periods]
        if both:
            theirs = _all_periods(conn, name)
            earlier = (theirs[-1].sort_key, theirs[0].sort_key) < (ours[-1].sort_key, ours[0].sort_key)
            old, new = (name, board) if earlier or (given and now.year >= theirs[-1].year) else (board, name)
            notes.append(
                f'Historiken har {and_joined([p.in_text for p in both])} under både nämnd-id "{old}" och "{new}"; '
                f'Tidsserier visar bara perioderna under "{board}". Är det samma nämnd: kör reporting history '
                f"rename-board {old} {new} --keep-latest (den senast sparade körningen av perioden behålls)."
            )
    return notes


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
    engine: Engine, board: str, divisions: Iterable[str], stored: Iterable[Period], now: Period, given: bool = False
) -> list[str]:
    """``predecessor_note`` for each likely earlier id of the nämnd, whose own rows are of the periods ``stored``,
    and ``twin_notes`` for each id holding one of those periods too (none for a nämnd without an id, or a stand-in
    plan without divisions); ``given``: the run's plan gives its Nämnd-id."""
    stored = list(stored)
    first = min([*stored, now], key=lambda p: p.sort_key)
    ours = list(divisions)
    if not board or not ours:
        return []
    with engine.connect() as conn:
        earlier = [predecessor_note(p, board, now) for p in predecessors(conn, board, ours, first)]
        return earlier + twin_notes(conn, board, ours, stored, now, given)


@dataclass(frozen=True)
class Replaced:
    """A period both ids held, whose older run ``rename_board(keep_latest=True)`` removed."""

    period: Period
    kept: str  # the id whose run of the period was stored last (its rows now under the new id)
    removed: str  # the id whose older run was removed
    rows: int


@dataclass(frozen=True)
class Renamed:
    moved: int  # rows moved from the old id to the new
    replaced: tuple[Replaced, ...] = ()
    earlier: str = ""  # the same move was made before (a rerun, say after a killed one): when, in Swedish


def rename_board(engine: Engine, old: str, new: str, keep_latest: bool = False) -> Renamed:
    """Move every row of nämnd id ``old`` to ``new`` and record the move (``renames``: a later run naming ``old``,
    say of last year's period judged against its saved plan, stores under ``new``), all in one transaction.

    Refused, with nothing changed, when ``old`` has no rows, ``new`` is no valid Nämnd-id, or ``new`` already has
    rows of a period ``old`` has (two reports of one period), unless ``keep_latest``: then each such period keeps
    the run stored last, whichever id it is under, and the other is removed."""
    if not BOARD_ID.fullmatch(new):
        raise RenameRefused(
            f'"{new}" kan inte vara ett nämnd-id: bara små bokstäver a–z, siffror, - och _ (högst 60 tecken), t.ex. hsn.'
        )
    if old == new:
        raise RenameRefused(f'nämnd-id "{old}" är redan "{new}"; inget att flytta.')
    with schema.write_transaction(engine) as conn:
        theirs = _periods(conn, old)
        done = _moved_to(conn, old)
        if not theirs and done is not None and done[0] == new:  # done before: a rerun, say of a killed one
            return Renamed(0, earlier=_when(done[1]))
        if not theirs:
            raise RenameRefused(_no_rows(conn, old))
        _refuse_two_boards(conn, old, new)
        both = sorted(theirs & _periods(conn, new), key=lambda p: p.sort_key)
        latest = {p: _stored_last(conn, (old, new), p) for p in both}
        if both and not keep_latest:
            raise RenameRefused(_both_hold(old, new, latest))
        replaced = tuple(_drop_older(conn, p, board, (old, new)) for p, (board, _) in latest.items())
        moved = conn.execute(update(figures).where(figures.c.board == old).values(board=new)).rowcount
        _record(conn, old, new)
    return Renamed(int(moved), replaced)


def _refuse_two_boards(conn: Connection, old: str, new: str) -> None:
    """A move onto an id holding rows of none of the old id's divisions is refused: most likely a mistyped id,
    another region's nämnd on a shared history, whose periods the next run would replace (qa36p #2)."""
    theirs, ours = _divisions_of(conn, new), _divisions_of(conn, old)
    if theirs and ours and not theirs & ours:
        raise RenameRefused(
            f'nämnd-id "{new}" har redan historik med divisionerna {", ".join(sorted(theirs)[:6])}, "{old}" med '
            f"{', '.join(sorted(ours)[:6])}: inga gemensamma, troligen två olika nämnder. Inget flyttades. "
            "Kontrollera det nya id:t (planens Nämnd-id)."
        )


def _divisions_of(conn: Connection, board: str) -> set[str]:
    query = select(figures.c.division).where(figures.c.board == board).distinct()
    return {key_division(str(division)) for division in conn.execute(query).scalars() if division}


def _moved_to(conn: Connection, old: str) -> tuple[str, str] | None:
    """The recorded move of ``old``: (the new id, when), or None."""
    moved = conn.execute(select(renames.c.new, renames.c.renamed_at).where(renames.c.old == old)).first()
    return None if moved is None else (str(moved[0]), str(moved[1]))


def _no_rows(conn: Connection, old: str) -> str:
    moved = _moved_to(conn, old)
    if moved is not None:
        return (
            f'nämnd-id "{old}" flyttades redan till "{moved[0]}" {_when(moved[1])}; körningar som nämner "{old}" '
            f'sparas och läses under "{moved[0]}". Inget att flytta.'
        )
    stored = conn.execute(select(figures.c.board).distinct()).scalars()
    known = ", ".join(f'"{b}"' for b in sorted(stored) if b)
    return f'historiken har inga rader under nämnd-id "{old}". Nämnd-id i historiken: {known}.'


def _both_hold(old: str, new: str, latest: dict[Period, tuple[str, str]]) -> str:
    said = "; ".join(f'{p.in_text} under "{board}" ({_when(at)})' for p, (board, at) in latest.items())
    return (
        f'nämnd-id "{new}" har redan rader för {", ".join(p.in_text for p in latest)}, som "{old}" också har; '
        f"inget flyttades (en period har bara en nämnds rader). Senast sparad: {said}. Kör reporting history "
        f"rename-board {old} {new} --keep-latest för att behålla den senast sparade körningen av varje sådan period "
        "och ta bort den äldre (allt i en transaktion), eller stäm först av med reporting history export vilka som "
        "gäller."
    )


def _stored_last(conn: Connection, ids: tuple[str, str], period: Period) -> tuple[str, str]:
    """Which of ``ids`` holds the run of ``period`` stored last, and when: the highest row id is the latest insert
    (a run replaces its period's rows; rename-board keeps ids), which the stored time to the second may not tell."""
    query = select(figures.c.board, figures.c.stored_at).where(
        figures.c.board.in_(ids), figures.c.year == period.year, figures.c.period == period.kind
    )
    board, at = conn.execute(query.order_by(figures.c.id.desc()).limit(1)).one()
    return str(board), str(at)


def _drop_older(conn: Connection, period: Period, kept: str, ids: tuple[str, str]) -> Replaced:
    removed = ids[1] if kept == ids[0] else ids[0]
    where = (figures.c.board == removed, figures.c.year == period.year, figures.c.period == period.kind)
    rows = conn.execute(delete(figures).where(*where)).rowcount
    return Replaced(period, kept, removed, int(rows))


def _record(conn: Connection, old: str, new: str) -> None:
    """Keep the move: ``old`` (and every id moved to it before) now means ``new``; ``new`` is nobody's old id."""
    conn.execute(delete(renames).where(renames.c.old.in_((old, new))))
    conn.execute(update(renames).where(renames.c.new == old).values(new=new))
    now = datetime.now().replace(microsecond=0).isoformat()
    conn.execute(insert(renames).values(old=old, new=new, renamed_at=now))


def _when(stored_at: str) -> str:
    """ "2026-01-20 10:15" of a stored time "2026-01-20T10:15:03"."""
    return stored_at.replace("T", " ")[:16]


def _periods(conn: Connection, board: str) -> set[Period]:
    query = select(figures.c.year, figures.c.period).where(figures.c.board == board).distinct()
    return {Period(y, k) for y, k in conn.execute(query) if isinstance(y, int) and k in ORDER}
