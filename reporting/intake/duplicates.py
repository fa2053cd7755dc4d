"""Two accepted files for one division in one run: identical bytes are one submission, anything else is refused."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

from reporting.findings import Rule, error
from reporting.intake.submission import FileResult


def reject_duplicates(files: list[FileResult], names: list[str], received: list[str]) -> dict[int, int]:
    """Two accepted files for one division in one run: use neither, never guess.

    Identical bytes are one submission, not two: the copies are returned (copy's number -> the
    number of the one kept). The one kept is the original, whose name the copies' names hold
    ("x (1)", "x-DATORNAMN", "Kopia av x", "x - Kopia" beside "x"), else the earliest to arrive.
    ``names`` and ``received`` are each file's shown name and arrival time, by number.
    """
    by_reporter: dict[str, list[int]] = defaultdict(list)
    for number, file in enumerate(files):
        if file.accepted:
            by_reporter[file.reporter].append(number)
    copies: dict[int, int] = {}
    for numbers in by_reporter.values():
        if len(numbers) < 2:
            continue
        if len({files[n].sha256 for n in numbers}) == 1:
            stems = {n: _stem(names[n]) for n in numbers}
            copied = {
                n for n in numbers if any(o != n and stems[o] != stems[n] and stems[o] in stems[n] for o in numbers)
            }
            keep, *rest = sorted(numbers, key=lambda n: (n in copied, received[n], names[n]))
            copies.update(dict.fromkeys(rest, keep))
            continue
        listed = ", ".join(files[n].path.name for n in numbers)
        first = files[numbers[0]]
        who = first.submission.reporter.name if first.submission else first.reporter
        for n in numbers:
            files[n].submission = None
            files[n].findings.insert(
                0, error(Rule.DUPLICATE_DIVISION, who=who, names=listed, file=files[n].path.name, division=who)
            )
    return copies


def _stem(name: str) -> str:
    """The name without its extension, in one spelling and case: a copy's name holds its original's."""
    return unicodedata.normalize("NFC", Path(name).stem).casefold()
