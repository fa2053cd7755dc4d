"""The archived files of the submissions in force must be there: never a silent "Ej inkommen".

The submission in force for a division (or unit) is re-read from the archive each run. Its file may be missing or
empty although the index names it: deleted or moved by hand, a cloud placeholder not downloaded ("Frigör
utrymme" in OneDrive: 0 bytes on some sync clients, unreadable offline on Windows), or an index line synced
before its file. Read as nothing, the division would count as not submitted although it did. So a run stops
before it writes anything (``require``), names each such file, its division and what to do; the same file put
in the inbox again puts it back in the archive (``restorable``).

An archived file whose bytes are no longer those its index entry's SHA-256 names (edited by hand, replaced by a
sync client, bit rot) is not the file that was checked and handed in, and is refused the same way
(``ArchivedFileChanged``): where the run reads it, that is every submission in force it does not hold from this
run's inbox. The run reads those files to consolidate them anyway; hashing them costs about 1 ms per MB.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from reporting.errors import ReportingError, os_reason
from reporting.intake.submission import FileResult
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter, key_division, key_unit
from reporting.workspace import Workspace


class ArchivedFileMissing(ReportingError):
    """The archived file of a submission in force is missing, empty or unreadable; nothing was changed."""


class ArchivedFileChanged(ReportingError):
    """The archived file of a submission in force is not the bytes its index entry's SHA-256 names; nothing was
    changed."""


CHANGED = "har ändrats"  # ``state``'s word for bytes that are not the index entry's


def _hashed(path: Path, sha256: str) -> str:
    """``state`` of a file read whole: also CHANGED when its SHA-256 is not ``sha256``."""
    digest, size = hashlib.sha256(), 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        return "saknas"
    except OSError as exc:
        return f"går inte att läsa ({os_reason(exc)})"
    if not size:
        return "är tom (0 byte)"
    return "" if digest.hexdigest() == sha256 else CHANGED


def state(path: Path) -> str:
    """What is wrong with an archived file, in Swedish ("saknas", "är tom (0 byte)", "går inte att läsa (…)"), or
    "" when its first byte can be read (on Windows, reading a cloud placeholder downloads it)."""
    try:
        with path.open("rb") as handle:
            first = handle.read(1)
    except FileNotFoundError:
        return "saknas"
    except OSError as exc:
        return f"går inte att läsa ({os_reason(exc)})"
    return "" if first else "är tom (0 byte)"


def restorable(ws: Workspace, entry: dict[str, str]) -> bool:
    """Whether the archived file ``entry`` names is missing or empty, so that the same bytes, sent again, are put
    back in its place (never over a file that is there)."""
    return state(ws.root / entry["archived"]) in ("saknas", "är tom (0 byte)")


def unread(plan: Plan, reporter: str, entry: dict[str, str], result: FileResult | None) -> str:
    """A note for a submission in force whose archived file is there but cannot be read as a submission (damaged,
    changed outside the tool): its division then counts as not submitted, and is said to. "" for a reporter the
    plan no longer has, or a file read."""
    if result is not None and result.submission is not None:
        return ""
    try:
        name = Reporter.of(plan, key_division(reporter), key_unit(reporter)).name
    except KeyError:
        return ""
    return (
        f"arkivfilen {entry['archived']} för {name} (inlämnad {entry['time'][:10]}) kan inte läsas som inlämning "
        f"(skadad eller ändrad utanför verktyget), så {name} räknas som ej inkommen. Återställ filen från "
        "säkerhetskopian, eller be om en ny fil, och kör igen"
    )


def require(
    ws: Workspace,
    plan: Plan,
    period: Period,
    in_force: dict[str, dict[str, str]],
    restored: set[Path],
    held: set[tuple[str, str]] | None = None,
) -> None:
    """Raise ArchivedFileMissing, before the run writes anything, for each submission in force (``in_force``:
    reporter -> its index entry, after this run's) whose archived file is not there, then ArchivedFileChanged for
    each whose bytes are not its entry's SHA-256; ``restored`` are the archived paths this run puts back.
    Reporters the plan no longer has are not the run's to judge. ``held``: (SHA-256, file name) of the files this
    run read from the inbox; an entry of those is used from the inbox's bytes, its archived file only looked at
    (its first byte). Without ``held`` (None) every archived file in force is hashed."""
    problems, changed = [], []
    for reporter, entry in sorted(in_force.items()):
        path = ws.root / entry["archived"]
        if path in restored:
            continue
        try:
            name = Reporter.of(plan, key_division(reporter), key_unit(reporter)).name
        except KeyError:
            continue
        read_here = held is not None and (entry["sha256"], entry["file"]) in held
        wrong = state(path) if read_here else _hashed(path, entry["sha256"])
        said = f"{entry['archived']} för {name} (inlämnad {entry['time'][:10]})"
        if wrong == CHANGED:
            changed.append(said)
        elif wrong:
            problems.append(f"{said} {wrong}")
    if problems:
        raise ArchivedFileMissing(_message(problems, period))
    if changed:
        raise ArchivedFileChanged(_changed(changed, period))


def _changed(files: list[str], period: Period) -> str:
    one = len(files) == 1
    what = (
        f"arkivfilen {files[0]} har ändrats sedan den arkiverades"
        if one
        else f"arkivfilerna för {len(files)} gällande inlämningar har ändrats sedan de arkiverades: {'; '.join(files)}"
    )
    it, its, division = (
        ("den", "dess", "divisionens originalfil") if one else ("de", "deras", "divisionernas originalfiler")
    )
    return (
        f"{what}: {its} innehåll stämmer inte med arkivets index (sha256), så {it} är inte vad som kontrollerades och "
        f"lämnades in (ändrad för hand, ersatt av en synkroniseringsklient eller skadad). "
        f"{'Inlämningen' if one else 'Inlämningarna'} för {period.key} räknas inte på "
        f"{'en ändrad fil' if one else 'ändrade filer'}. Flytta {'den ändrade filen' if one else 'de ändrade filerna'} "
        f"ut ur arkivet (spara {it}) och lägg {division} i inkorgen igen (samma fil läggs då tillbaka i arkivet), "
        f"eller återställ {'filen' if one else 'filerna'} från säkerhetskopian, och kör igen. Är ändringen avsedd: "
        f"lägg den ändrade filen i inkorgen, så lämnas den in som en ny fil. Inget har ändrats."
    )


def _message(problems: list[str], period: Period) -> str:
    if len(problems) == 1:
        return (
            f"arkivfilen {problems[0]}. Inlämningen gäller för {period.key} och får inte räknas som ej inkommen. "
            "Återställ filen från säkerhetskopian, eller, om mappen synkas (OneDrive/SharePoint), vänta tills den är "
            "nedladdad (välj Behåll alltid på den här enheten) och kör igen. Finns ingen kopia: lägg divisionens fil "
            "i inkorgen igen (samma fil läggs då tillbaka i arkivet), eller återkalla inlämningen med reporting "
            "withdraw. Inget har ändrats."
        )
    return (
        f"arkivfilerna för {len(problems)} gällande inlämningar saknas eller är tomma: {'; '.join(problems)}. "
        f"Inlämningarna gäller för {period.key} och får inte räknas som ej inkomna. Återställ filerna från "
        "säkerhetskopian, eller, om mappen synkas (OneDrive/SharePoint), vänta tills de är nedladdade (välj Behåll "
        "alltid på den här enheten) och kör igen. Finns ingen kopia: lägg divisionernas filer i inkorgen igen "
        "(samma filer läggs då tillbaka i arkivet), eller återkalla inlämningarna med reporting withdraw. "
        "Inget har ändrats."
    )
