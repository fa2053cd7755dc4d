"""A division's text from its units' texts: a bounded summary, not every unit's text pasted into one cell.

A division reported by a hundred units once showed every unit's analysis in its cell (9 000 characters, a
hundred times "Målet nås; arbetet fortsätter enligt plan."): rows hit a spreadsheet's tallest row, the text was
clipped on screen and in print, and the Word draft ran to hundreds of pages. The summary gives each distinct text
once with whom it is from ("Enhet 0005: …", or "… (94 enheter)"), the texts of units with a deviation or a
target miss first, at most ``SUMMARY_TEXTS`` texts and ``SUMMARY_CHARS`` characters, then how many units' texts
it leaves out and where every unit's whole text is: the report's Källor (consolidate.sources lists each unit's
texts with its file, sheet and cell).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

from reporting.text import plural

SUMMARY_TEXTS = 5  # distinct texts shown for a division from its units
SUMMARY_CHARS = 400  # characters of their lines in all (units named too); a longer text is shortened ("…")
NAMED_UNITS = 3  # a text given by at most this many units names them; by more, it counts them
MIN_SHOWN = 80  # a text is not started with fewer characters left than this: it is counted instead
ALL_TEXTS = "fliken Källor i arbetsboken"  # the report workbook's (not in the papers' PDF), where every unit's whole text is (or the CSV it names)
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class UnitText:
    """One unit's text on one row, and how it ranks: lower first (a deviation or target miss is 0)."""

    unit: str  # the unit's own name, "Enhet 0005"
    text: str
    rank: int = 0


@dataclass
class _Group:
    """Units that gave the same text (spaces and line breaks aside)."""

    text: str
    rank: int
    first: int  # position of its first unit: equal ranks and counts keep the units' order
    units: list[str] = field(default_factory=list)

    def key(self) -> tuple[int, int, int]:
        return self.rank, -len(self.units), self.first


def grouped(units: Sequence[str], texts: Sequence[str], ranks: Sequence[int]) -> list[_Group]:
    """The distinct non-empty texts (spaces and line breaks aside), each with its units, worst rank first, then the
    most units, then unit order.

    Runs per row over a division's thousands of units, who often type the same: the units are sorted by their text
    as typed (a stable sort keeps their order), so each typed text is made one line and looked up once.
    """
    found: dict[str, tuple[list[int], int]] = {}  # one line -> its units' positions, their worst rank
    order = sorted(range(len(texts)), key=texts.__getitem__)
    for typed, positions in groupby(order, key=texts.__getitem__):
        text = " ".join(typed.split())  # one line per text: its line breaks are Källor's to keep
        if not text:
            continue
        at = list(positions)
        rank = min(map(ranks.__getitem__, at))
        if text in found:  # typed differently, reads the same: one text, its units in their order
            earlier, earlier_rank = found[text]
            at, rank = sorted(earlier + at), min(earlier_rank, rank)
        found[text] = at, rank
    groups = [_Group(text, rank, at[0], list(map(units.__getitem__, at))) for text, (at, rank) in found.items()]
    return sorted(groups, key=_Group.key)


def summary(texts: Sequence[UnitText]) -> str:
    """The division's text from its units' texts (``summed_up``'s of them as one list)."""
    return summed_up([t.unit for t in texts], [t.text for t in texts], [t.rank for t in texts])


def summed_up(units: Sequence[str], texts: Sequence[str], ranks: Sequence[int]) -> str:
    """The division's text from its units' texts (``units``, ``texts`` and ``ranks`` side by side, one per unit),
    bounded in size whatever the number of units.

    One line per distinct text: "Enhet 0005: …" (up to ``NAMED_UNITS`` units named), "… (94 enheter)" beyond;
    then "… och 12 enheter till; alla enheters texter: fliken Källor." when texts are left out, or "Hela texten:
    fliken Källor." when one was shortened. "" when no unit wrote anything. The lines take at most about
    ``SUMMARY_CHARS`` characters: a text gets what its line has left, and the first at least ``MIN_SHOWN``.
    """
    groups = grouped(units, texts, ranks)
    lines: list[str] = []
    left, shown, cut = SUMMARY_CHARS, 0, False
    for group in groups[:SUMMARY_TEXTS]:
        room = left - len(_line(group.units, ""))  # what the text may take beside whom it is from
        if room < MIN_SHOWN and lines:
            break
        whole = len(group.text) <= room
        line = _line(group.units, group.text if whole else shortened(group.text, max(room, MIN_SHOWN)))
        cut = cut or not whole
        left -= len(line)
        lines.append(line)
        shown += len(group.units)
    more = sum(len(g.units) for g in groups) - shown
    if more:
        lines.append(f"{ELLIPSIS} och {plural(more, 'enhet', 'enheter')} till; alla enheters texter: {ALL_TEXTS}.")
    elif cut:
        lines.append(f"Hela texten: {ALL_TEXTS}.")
    return "\n".join(lines)


def _line(units: list[str], text: str) -> str:
    """ "Enhet 0001, Enhet 0005: text", or "text (94 enheter)" for more units than are named."""
    if len(units) > NAMED_UNITS:
        return f"{text} ({len(units)} enheter)"
    return f"{', '.join(units)}: {text}"


def shortened(text: str, chars: int) -> str:
    """``text`` cut to at most ``chars`` characters at a word's end, "…" after it."""
    limit = max(chars - 1, 1)  # room for the "…"
    space = limit if text[limit : limit + 1] == " " else text.rfind(" ", 0, limit)  # a word ending at the cut stays
    cut = text[:space] if space > 0 else text[:limit]  # one long word: cut inside it
    return cut.rstrip(" ,;:.\n") + ELLIPSIS
