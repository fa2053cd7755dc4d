"""Intake: recognise a filled template, read its inputs with cell-precise findings.

A file is identified by its metadata (hidden ``_meta`` sheet and defined names), never by its file name. Inputs
are found by header text and row id, so inserted rows, sorted rows and extra sheets do not break reading. Typed
Swedish numbers ("88,5 %", "1 234,5", "−3,2"), formulas (cached values) and LibreOffice files read as Excel's.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from reporting.errors import FileProblem, InputError, os_reason
from reporting.finding_rules import EARLIER_LEFT
from reporting.findings import Rule, error, warning
from reporting.intake.submission import FileResult, Submission
from reporting.intake.unit_name import check_unit_name
from reporting.plan.model import Plan
from reporting.plan.periods import Period, parse_period
from reporting.plan.reporter import Reporter
from reporting.template.read import read_answers, read_metadata
from reporting.template.spec import TEMPLATE_VERSION
from reporting.text import printable
from reporting.xlsx.readers import Book, CarefulBook, FastBook
from reporting.xlsx.safety import MAX_FILE_BYTES, RESEND, MemoryZip, open_package

_NON_WORD = re.compile(r"[\W_]+")
UNREADABLE = f"filen kunde inte läsas. {RESEND}"  # a file no reader could make sense of (RESEND: xlsx.safety)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_file(
    path: str | Path,
    plan: Plan,
    expected_period: Period | None = None,
    display_name: str | None = None,
    careful: bool = False,
    sha256: str | None = None,
    today: date | None = None,
) -> FileResult:
    """Read one file. Never raises for a bad file: problems come back as findings.

    ``display_name`` is the name findings show (the sender's name of an archived copy).
    ``careful`` reads through openpyxl instead of the streaming reader (same findings, slower).
    ``sha256`` is the file's digest when the caller has it (intake hashes the bytes it stages).
    ``today`` tells whether a later period's file is for a period already over (default: the clock).
    """
    path = Path(path)
    shown = Path(display_name) if display_name else path
    if not shown.name.isprintable():
        shown = shown.with_name(printable(shown.name))
    result = FileResult(shown, "", [])
    try:
        book = open_book(path, careful)
    except FileProblem as problem:
        result.sha256 = _digest(path, None, sha256)
        result.findings.append(error(problem.rule, problem=problem.message, file=result.path.name))
        return result
    result.sha256 = _digest(path, book, sha256)
    try:
        _read(book, plan, expected_period, result, today or date.today())
    except FileProblem as problem:
        result.findings.append(error(problem.rule, problem=problem.message, file=result.path.name))
        result.submission = None
    except Exception:  # a file we did not foresee must not stop the run
        result.findings.append(
            error(
                Rule.FILE_UNREADABLE,
                problem=UNREADABLE,
                file=result.path.name,
            )
        )
        result.submission = None
    finally:
        book.close()
    return result


def _digest(path: Path, book: Book | None, known: str | None) -> str:
    """The file's SHA-256: the caller's, else of the very bytes the fast reader read and checked (one read)."""
    if known is not None:
        return known
    whole = book.package.zip if isinstance(book, FastBook) else None
    if isinstance(whole, MemoryZip) and len(whole.data) <= MAX_FILE_BYTES:  # the whole file, read at once
        return hashlib.sha256(whole.data).hexdigest()
    return sha256_of(path) if path.is_file() else ""


def open_book(path: Path, careful: bool = False) -> Book:
    """Inspect the file for hostile content, then open it with the chosen reader."""
    if careful:
        return CarefulBook(path)
    package = open_package(path)  # read and unzipped once: the scan and the reader share it
    try:
        return FastBook(package)
    except Exception as exc:  # malformed parts: same message as the careful path
        package.close()
        raise FileProblem(path.name, UNREADABLE) from exc


def _identify(
    meta: dict[str, str], plan: Plan, expected: Period | None, result: FileResult, today: date
) -> Period | None:
    name = result.path.name
    if "division_id" not in meta or "period" not in meta or "template_version" not in meta:
        result.findings.append(
            error(
                Rule.NOT_A_TEMPLATE,
                problem="filen är ingen rapportmall från ekonomienheten (mallens inbyggda uppgifter saknas). "
                "Använd den utskickade mallen och fyll i den.",
                file=name,
            )
        )
        return None
    result.division_id, result.period, result.template_version = (
        meta["division_id"],
        meta["period"],
        meta["template_version"],
    )
    if _unit_of(plan, meta.get("unit_id", ""), meta["division_id"]):  # whose the file is, even if it is refused
        result.unit_id = meta["unit_id"]
    if meta["template_version"] != TEMPLATE_VERSION:
        result.findings.append(
            error(
                Rule.TEMPLATE_VERSION,
                found=meta["template_version"],
                current=TEMPLATE_VERSION,
                file=name,
            )
        )
        return None
    try:
        period = parse_period(meta["period"])
    except InputError:
        result.findings.append(
            error(
                Rule.NOT_A_TEMPLATE, problem=f'okänd period "{meta["period"]}" i mallens inbyggda uppgifter.', file=name
            )
        )
        return None
    if expected and period != expected:  # judged by its own period's plan, which may have divisions this one has not
        _another_period(meta, plan, period, expected, result, today)
        return None
    if meta["division_id"] not in {d.id for d in plan.divisions}:
        result.findings.append(
            error(Rule.UNKNOWN_DIVISION, problem=f'divisionen "{meta["division_id"]}" finns inte i planen.', file=name)
        )
        return None
    unit = meta.get("unit_id", "")
    if unit and not _unit_of(plan, unit, meta["division_id"]):
        result.findings.append(
            error(
                Rule.UNKNOWN_DIVISION,
                problem=_unit_problem(plan, unit, meta),
                file=name,
            )
        )
        return None
    result.unit_id = unit
    own = Reporter.of(plan, meta["division_id"], unit).name  # as the plan the run judges by names it
    _check_name(name, plan, meta["division_id"], unit, result)
    check_unit_name(name, plan, meta["division_id"], unit, result)  # another unit's name: that unit still missing
    _check_period_name(name, period, own, result)
    _check_identity(meta, plan, result)
    if meta.get("plan_hash") and meta["plan_hash"] != plan.digest():
        result.findings.append(
            warning(
                Rule.PLAN_CHANGED,
                file=name,
                division=Reporter.of(plan, meta["division_id"], unit).name,
            )
        )
    return period


def _unit_problem(plan: Plan, unit: str, meta: dict[str, str]) -> str:
    """Why a unit's file is not its division's: the plan moved the unit (where to, what to do) or has it nowhere."""
    ids, named = {d.id for d in plan.divisions}, (unit, meta.get("unit_name"))  # an edited _meta is no move
    moved = [Reporter.of(plan, u.division, unit) for u in plan.units if (u.id, u.name) == named and u.division in ids]
    if not moved:
        return f'enheten "{unit}" finns inte under division "{meta["division_id"]}" i planen.'
    new, period, fix = moved[0], meta["period"], f"(reporting templates --period {meta['period']} --units)."
    moved_to = f"{new.own_name} hör sedan mallen skapades till {new.division.name}"
    return f'{moved_to}. Filen används inte; fyll i den nya mallen "{new.file_name(period)}" {fix}'


def _another_period(
    meta: dict[str, str], plan: Plan, period: Period, expected: Period, result: FileResult, today: date
) -> None:
    """The finding of a file of another period than the one run, with its division named as the run's plan names
    it (its own year's name when this plan has not the division), and a period named in its name said too."""
    name, division, unit = result.path.name, meta["division_id"], meta.get("unit_id", "")
    known = division in {d.id for d in plan.divisions} and (not unit or _unit_of(plan, unit, division))
    own = Reporter.of(plan, division, unit).name if known else meta.get("division_name", division)
    named = periods_named(name)
    # a file named for the period run is meant for it: the wrong template, never a leftover to leave lying
    rule = Rule.WRONG_PERIOD if expected in named and period not in named else _other_period(period, expected, today)
    left = EARLIER_LEFT["unknown"].format(found=period.in_text, key=period.key)  # the archive tells (leftovers)
    result.findings.append(
        (error if rule is Rule.WRONG_PERIOD else warning)(
            rule, found=period.in_text, expected=expected.in_text, left=left, file=name, division=own
        )
    )
    _check_period_name(name, period, own, result)


def _other_period(period: Period, expected: Period, today: date) -> Rule:
    """The rule for a file of another period than the one consolidated.

    An earlier period's file is a leftover (last month's still in the inbox), and so is
    a later period's once that period is over: its file waits for its own run while an
    earlier period is run again as a correction. A later period not over yet is a
    mistake: the template of a period still running, or to come, was filled in; so is one
    ending the same day (T1's template in April's run): the same months, the other template.
    """
    if period.last_day == expected.last_day:
        return Rule.WRONG_PERIOD
    if period < expected:
        return Rule.EARLIER_PERIOD
    return Rule.LATER_PERIOD if period.has_ended(today) else Rule.WRONG_PERIOD


def unreadable_in_inbox(cause: BaseException | None) -> str:
    """What to say of an inbox file the operating system would not let us read: in Swedish, never its English text.

    Its own sentences, not ``cli.errors._os_message``'s: only these causes are a reader's, and the advice is the
    inbox's; any other cause is named by ``os_reason``.
    """
    if isinstance(cause, PermissionError):  # no read permission, or (Windows) open and locked in another program
        return (
            "filen kunde inte läsas i inkorgen: åtkomst nekas. Stäng filen om den är öppen i Excel eller ett annat "
            "program, kontrollera behörigheten till den och kör igen."
        )
    if isinstance(cause, FileNotFoundError):
        return "filen försvann ur inkorgen medan den lästes (flyttad eller borttagen). Lägg tillbaka den och kör igen."
    reason = f" ({said})" if (said := os_reason(cause)) else ""
    return f"filen kunde inte läsas i inkorgen{reason}. Stäng den om den är öppen i ett annat program och kör igen."


def _unit_of(plan: Plan, unit_id: str, division_id: str) -> bool:
    """The plan has this unit under this division (a lookup first: a plan may have 10 000 units)."""
    try:
        if plan.unit(unit_id).division == division_id:
            return True
    except KeyError:
        return False
    return any(u.id == unit_id for u in plan.units_of(division_id))  # an id used twice (the plan check reports it)


def _words(text: str) -> str:
    """Lower-case words separated by single spaces, with a space at each end (for whole-word search)."""
    words = " ".join(_NON_WORD.split(unicodedata.normalize("NFC", text).casefold())).strip()
    return f" {words} "


@lru_cache(maxsize=4096)  # a pure function of the name, asked per division per file
def _name_key(division_name: str) -> str:
    """The words that tell a division by name ("Division Kirurgi" -> "kirurgi")."""
    words = _words(division_name).strip()
    for prefix in ("divisionen ", "division "):
        words = words.removeprefix(prefix)
    return words


def _check_identity(meta: dict[str, str], plan: Plan, result: FileResult) -> None:
    """A warning when the identity was edited: the template was written for another division than it now claims.

    The template writes the reporter's name beside its id; with the plan unchanged
    (same plan hash) the two can only disagree when someone edited the hidden sheet.
    """
    written_for = meta.get("division_name", "")
    if not written_for or meta.get("plan_hash") != plan.digest():
        return
    claimed = Reporter.of(plan, meta["division_id"], result.unit_id).name
    if written_for != claimed:
        result.findings.append(
            warning(
                Rule.NAME_MISMATCH,
                problem=f"filen är mallen för {claimed}, men rubriken säger {written_for}. "
                f"Filen räknas till {claimed}; använd mallen för rätt division.",
                file=result.path.name,
                division=claimed,
            )
        )


_PERIOD_IN_NAME = re.compile(r"(?<!\d)(\d{4}[-_ ](?:T1|[Dd]el[aå]r|[Hh]el[aå]r|M?\d{2}))(?![\w])")


def periods_named(name: str) -> set[Period]:
    """The periods a file's name names ("2025-helar Division Medicin.xlsx": helår 2025)."""
    named = set()
    for text in _PERIOD_IN_NAME.findall(Path(name).stem):
        try:
            named.add(parse_period(text))
        except InputError:
            continue
    return named


def _check_period_name(name: str, period: Period, own: str, result: FileResult) -> None:
    """A warning when the file name names another period than the template is for: last period's filled file saved
    under this period's name (a controller's check said "OK" and the division then read "Ej inkommen"); also in the
    run of another period than the template's, so the run the name names says it."""
    named = periods_named(name)
    if not named or period in named:
        return
    others = " och ".join(p.in_text for p in sorted(named))
    result.findings.append(
        warning(
            Rule.NAME_MISMATCH,
            problem=f"filnamnet nämner {others}, men filen är mallen för {period.in_text} enligt mallens inbyggda "
            f"uppgifter. Filen räknas till {period.in_text}; gäller siffrorna {others}, fyll i mallen för {others}.",
            file=name,
            division=own,
        )
    )


def _check_name(name: str, plan: Plan, division_id: str, unit_id: str, result: FileResult) -> None:
    """A warning when the file name names another division than the one its metadata says."""
    words = _words(Path(name).stem)
    named = [d for d in plan.divisions if len(key := _name_key(d.name)) >= 4 and f" {key} " in words]
    if not named or any(d.id == division_id for d in named):
        return
    own = Reporter.of(plan, division_id, unit_id).name
    others = " och ".join(d.name for d in named)
    result.named = tuple(d.id for d in named)  # its sender is likely one of them: their återkoppling says so
    result.findings.append(
        warning(
            Rule.NAME_MISMATCH,
            problem=f"filnamnet nämner {others}, men filen är mallen för {own} enligt mallens inbyggda uppgifter. "
            f"Filen räknas till {own}; kontrollera att rätt mall fylldes i och byt annars till mallen för {others}.",
            file=name,
            division=own,
        )
    )


# ---------------------------------------------------------------- reading
def _read(book: Book, plan: Plan, expected: Period | None, result: FileResult, today: date) -> None:
    meta = read_metadata(book)
    period = _identify(meta, plan, expected, result, today)
    if period is None:
        return
    reporter = Reporter.of(plan, meta["division_id"], result.unit_id)
    if reporter.unit and meta.get("unit_name", reporter.unit.name) != reporter.unit.name:  # renamed since
        reporter = replace(reporter, former_name=meta["unit_name"])
    older = bool(meta.get("plan_hash")) and meta["plan_hash"] != plan.digest()  # said by plan-changed above
    answers, missing = read_answers(book, plan, reporter, period, result.path.name, result.findings, older)
    if any(f.rule is Rule.FRAME_CHANGED for f in result.findings):
        return  # figures for another frame: not used (the finding says to fill in the new template)
    result.submission = Submission(
        reporter,
        period,
        result.path.name,
        result.sha256,
        answers,
        meta.get("template_id", ""),
        meta["template_version"],
        meta.get("plan_hash", ""),
        meta.get("created", ""),
        missing,
    )


OS_FILES = {"thumbs.db", "ehthumbs.db", "desktop.ini"}
# Excel's save temp files (8 hex digits, no extension; "~DF1A2B.tmp"), its backups ("Säkerhetskopia av x.xlk") and
# Windows' Mark-of-the-Web stream written as a file of its own ("x.xlsx:Zone.Identifier", by Samba, WSL, unzip tools)
_EXCEL_TEMP = re.compile(r"[0-9A-Fa-f]{8}")
_TEMP_ENDINGS = (".tmp", ".xlk", ":zone.identifier")


def is_lock_or_temp(path: Path) -> bool:
    """Excel's "~$x.xlsx", LibreOffice's ".~lock.x.xlsx#", hidden files, Windows' folder files (Thumbs.db,
    desktop.ini, which a shared folder grows by itself), Excel's temp and backup files and a Zone.Identifier stream
    are not submissions: skipped silently, as the owner file "~$x.xlsx" is."""
    name = path.name
    lower = name.lower()
    return (
        name.startswith(("~$", ".~lock.", "."))
        or name.endswith("#")
        or lower in OS_FILES
        or lower.endswith(_TEMP_ENDINGS)
        or _EXCEL_TEMP.fullmatch(name) is not None
    )


def nested_files(inbox: Path, most: int = 1000) -> list[str]:
    """Workbooks in the inbox's subfolders ("Medicin/fil.xlsx"), which intake does not read: the run names them, so
    a division that put its file one folder down is not just "ej inkommen". The extension in any case ("FIL.XLSX", as
    e-mail clients write it). At most ``most`` are looked at."""
    found: list[str] = []
    for folder in sorted(p for p in inbox.iterdir() if p.is_dir() and not is_lock_or_temp(p)) if inbox.is_dir() else []:
        for path in folder.rglob("*"):  # lazily: an archive copied into the inbox is not walked whole
            if path.suffix.lower().startswith(".xls") and path.is_file() and not is_lock_or_temp(path):
                found.append(str(path.relative_to(inbox)))
            if len(found) >= most:
                return sorted(found)
    return sorted(found)


def iter_inbox(inbox: Path) -> Iterator[Path]:
    """Files in the inbox worth reading, in name order; lock and temp files are skipped."""
    for path in sorted(inbox.iterdir()) if inbox.is_dir() else []:
        if path.is_file() and not is_lock_or_temp(path):
            yield path
