"""The archived files of the submissions in force must be there: never a silent "Ej inkommen".

The submission in force for a division (or unit) is re-read from the archive each run. Its file may be missing or
empty although the index names it: deleted or moved by hand, a cloud placeholder not downloaded ("Frigör
utrymme" in OneDrive: 0 bytes on some sync clients, unreadable offline on Windows), or an index line synced
before its file. Read as nothing, the division would count as not submitted although it did. So a run stops
before it writes anything (``require``), names each such file, its division and what to do; the same file put
in the inbox again puts it back in the archive (``restorable``).
"""

from __future__ import annotations

from pathlib import Path

from reporting.errors import ReportingError, os_reason
from reporting.intake.submission import FileResult
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter, key_division, key_unit
from reporting.workspace import Workspace


class ArchivedFileMissing(ReportingError):
    """The archived file of a submission in force is missing, empty or unreadable; nothing was changed."""


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
    ws: Workspace, plan: Plan, period: Period, in_force: dict[str, dict[str, str]], restored: set[Path]
) -> None:
    """Raise ArchivedFileMissing, before the run writes anything, for each submission in force (``in_force``:
    reporter -> its index entry, after this run's) whose archived file is not there; ``restored`` are the
    archived paths this run puts back. Reporters the plan no longer has are not the run's to judge."""
    problems = []
    for reporter, entry in sorted(in_force.items()):
        path = ws.root / entry["archived"]
        if path in restored:
            continue
        try:
            name = Reporter.of(plan, key_division(reporter), key_unit(reporter)).name
        except KeyError:
            continue
        wrong = state(path)
        if wrong:
            problems.append(f"{entry['archived']} för {name} (inlämnad {entry['time'][:10]}) {wrong}")
    if problems:
        raise ArchivedFileMissing(_message(problems, period))


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
