"""Templates of a period that the plan no longer names, set aside so that no old one is sent out.

A division renamed in the plan gets its template under the new name; the old file would stay beside it in
templates_xlsx/, looking as current as the new one (a removed division's or unit's likewise). Before the
templates are written, every template of the period in the folder is identified by its metadata (``_meta``):
one whose division or unit the plan no longer has (or has the unit under another division), or whose file
name is no longer the one the plan gives it, is moved into ``äldre/`` beside it once the new ones are written
(nothing is deleted). Other files, and templates of other periods, stay. Finding them first lets a file named
``äldre`` (where the folder must be) stop the run before any template is written.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

from reporting.errors import ReportingError
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.template.read import read_metadata
from reporting.text import plural
from reporting.xlsx.readers import FastBook
from reporting.xlsx.safety import open_package

OLDER = "äldre"  # the subfolder of templates_xlsx/ that set-aside templates are moved into


def stale_templates(plan: Plan, period: Period, folder: Path, current: Collection[Path]) -> list[Path]:
    """The period's templates in ``folder`` that ``plan`` no longer names, found before this run writes anything
    (so that a blocked ``äldre/`` stops the run before it, see ``require_older_folder``). ``current`` (this run's
    templates) are current by definition and not opened."""
    names = {Path(p).name for p in current}
    return [
        path
        for path in sorted(folder.glob(f"{period.key} *.xlsx"))
        if path.name not in names and path.is_file() and _outdated(plan, period, path)
    ]


def require_older_folder(folder: Path, stale: Collection[Path]) -> None:
    """Raise, before any template is written, when ``stale`` templates are to be moved but ``folder/äldre``
    is a file: the run would otherwise write the new templates and then stop with the old ones beside them."""
    older = folder / OLDER
    if stale and (older.exists() or older.is_symlink()) and not older.is_dir():
        first, more = next(iter(stale)).name, len(stale) - 1
        names = first + (f" och {more} till" if more else "")
        raise ReportingError(
            f"{older} är en fil, men {OLDER} måste vara en mapp: dit flyttas mallar som planen inte längre har "
            f"({names}). Flytta eller byt namn på filen och kör kommandot igen; inga mallar har skrivits."
        )


def set_aside(stale: Collection[Path], folder: Path) -> list[Path]:
    """Move ``stale`` (from ``stale_templates``) into ``folder/äldre``; their new paths."""
    return [_move(path, folder / OLDER) for path in stale if path.is_file()]


def set_aside_notes(plan: Plan, period: Period, moved: Collection[Path], older: Path) -> list[tuple[str, list[str]]]:
    """What the templates command says about the templates it set aside (now in ``older``): a sentence and the file
    names, per reason. A copy of a current template under another name (a sync conflict copy "… (1).xlsx",
    "…-DATORNAMN.xlsx", a "Kopia av …") is told as a copy of that template, not as one the plan no longer has."""
    copies = {path: _copy_of(plan, period, path) for path in moved}
    old = [p.name for p, reporter in copies.items() if reporter is None]
    copied = [f"{p.name}: en kopia av mallen för {r.name}" for p, r in copies.items() if r is not None]
    notes = []
    if old:
        head = (
            f"Flyttade {plural(len(old), 'äldre mall', 'äldre mallar')} för {period.key} som planen inte längre har "
            f"(division eller enhet borttagen, omdöpt eller flyttad) till {older}/; skicka inte ut "
        )
        notes.append((head + ("den" if len(old) == 1 else "dem"), old))
    if copied:
        one = len(copied) == 1
        head = (
            f"Flyttade {plural(len(copied), 'kopia', 'kopior')} av {'en aktuell mall' if one else 'aktuella mallar'} "
            f"för {period.key} (t.ex. {'en OneDrive-konfliktkopia' if one else 'OneDrive-konfliktkopior'}) till "
            f"{older}/; skicka inte ut {'den' if one else 'dem'}"
        )
        notes.append((head, copied))
    return notes


def _copy_of(plan: Plan, period: Period, path: Path) -> Reporter | None:
    """The reporter whose current template ``path`` is a copy of: its metadata names a division (or unit) the plan
    has, where the plan has it, under the name the plan gives it now; its file name is not the plan's only because
    it was copied. None for a template of a division (or unit) removed, renamed or moved since."""
    meta = _metadata(path)
    if meta is None or meta.get("period") != period.key:
        return None
    try:
        reporter = Reporter.of(plan, meta.get("division_id", ""), meta.get("unit_id", ""))
    except KeyError:
        return None
    unit = reporter.unit
    if unit is not None and unit.division != reporter.division_id:
        return None
    named = (meta.get("division_name", ""), meta.get("unit_name") or "")
    return reporter if named == (reporter.name, unit.name if unit else "") else None  # as the template writes them


def _outdated(plan: Plan, period: Period, path: Path) -> bool:
    meta = _metadata(path)
    if meta is None or meta.get("period") != period.key:
        return False  # not one of our templates of this period: not ours to move
    try:
        reporter = Reporter.of(plan, meta.get("division_id", ""), meta.get("unit_id", ""))
    except KeyError:
        return True  # a division or unit the plan no longer has
    if reporter.unit is not None and reporter.unit.division != reporter.division_id:
        return True  # a unit the plan has moved to another division: its file would keep the old division's name
    return reporter.file_name(period.key) != path.name  # renamed since (or a copy under another name)


def _metadata(path: Path) -> dict[str, str] | None:
    """The template's metadata; None for a file that is no readable workbook (it is left where it is)."""
    try:
        package = open_package(path)
    except (ReportingError, OSError):
        return None
    try:
        return read_metadata(FastBook(package))
    except Exception:  # a damaged package: not ours to judge here
        return None
    finally:
        package.close()


def _move(path: Path, target_dir: Path) -> Path:
    """Rename ``path`` into ``target_dir`` under a free name ("… (2).xlsx" when an older one is there)."""
    target_dir.mkdir(exist_ok=True)
    target, number = target_dir / path.name, 2
    while target.exists():
        target, number = target_dir / f"{path.stem} ({number}){path.suffix}", number + 1
    os.rename(path, target)
    return target
