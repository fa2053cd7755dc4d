"""Who empties a key figure's total column: last year and the forecast over the reporters with an outcome are
unknown when one of them lacks the value (keyfigures.total_of never mixes bases), and the note says whose.

A division from 98 units of which 5 typed "ej klart" as their forecast has no forecast, nor has the nämnd: its
note names those 5 units ("helårsprognos saknas för Enhet 0003, …"), not only the units that sent nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reporting.consolidate.labels import capped
from reporting.intake.submission import Submission
from reporting.template.answers import Figure, KeyFigureAnswer

COLUMNS = (
    ("last_year", "samma period föregående år"),
    ("forecast", "helårsprognos"),
)  # as the Nyckeltal sheet heads them
EMPTY = KeyFigureAnswer()


def _keys(year_end: bool) -> list[tuple[str, str]]:
    """The columns a total can lack: at year end the forecast is the outcome (keyfigures._row), never missing."""
    return [(key, word) for key, word in COLUMNS if not (year_end and key == "forecast")]


def lacking(given: Callable[[Figure], bool], parts: Sequence[tuple[str, KeyFigureAnswer]], key: str) -> list[str]:
    """The names of the parts counted in a total (they have an outcome) that lack the ``key`` column."""
    return [name for name, a in parts if given(a.outcome) and not given(getattr(a, key))]


def _parts(sub: Submission | None, kf_id: str) -> list[tuple[str, KeyFigureAnswer]]:
    """Each unit's name and answer, for a division from its units' files (none for a division's own file)."""
    return [(p.reporter.own_name, p.answers.key_figures.get(kf_id) or EMPTY) for p in sub.parts] if sub else []


def unit_gaps(given: Callable[[Figure], bool], parts: Sequence[tuple[str, KeyFigureAnswer]], year_end: bool) -> str:
    """ "helårsprognos saknas för Enhet 0006": the units of a division from its units' files that empty a column
    (``parts``: each unit's name and answer, unit_rows.UnitKeyFigures.named)."""
    notes = [(word, lacking(given, parts, key)) for key, word in _keys(year_end)]
    return "; ".join(f"{word} saknas för {capped(names)}" for word, names in notes if names)


def board_gaps(
    given: Callable[[Figure], bool],
    divisions: Sequence[tuple[str, KeyFigureAnswer, Submission | None]],
    kf_id: str,
    year_end: bool,
) -> str:
    """The same for the nämnd's total over its divisions (name, combined answer, submission): a division from its
    units' files named by the units that empty it ("Enhet 0006 i Division Kirurgi"), any other by its name."""
    notes = []
    for key, word in _keys(year_end):
        names = [
            _whose(given, name, sub, kf_id, key)
            for name, a, sub in divisions
            if given(a.outcome) and not given(getattr(a, key))
        ]
        notes += [f"{word} saknas för {', '.join(names)}"] if names else []
    return "; ".join(notes)


def _whose(given: Callable[[Figure], bool], name: str, sub: Submission | None, kf_id: str, key: str) -> str:
    units = lacking(given, _parts(sub, kf_id), key)
    return f"{capped(units)} i {name}" if units else name


def joined(*notes: str) -> str:
    """Notes of one cell in a row ("exkl. Enhet 0009; helårsprognos saknas för Enhet 0006"), the empty left out."""
    return "; ".join(note for note in notes if note)
