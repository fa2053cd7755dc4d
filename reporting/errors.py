"""Exceptions of the toolkit.

Problems *in the content* of a plan or a submission are findings (see
``reporting.findings``), not exceptions. Exceptions are for things that stop
one operation: an unreadable file, a bad argument.
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING

from reporting.findings import Rule, Severity

if TYPE_CHECKING:
    from reporting.findings import Finding


class ReportingError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class Busy(ReportingError):
    """Another run or program holds what this run needs (the workspace lock, the history): the same command later
    will do it. The command line exits with ``BUSY_EXIT_STATUS``, so a scheduled job can tell it from an error."""


BUSY_EXIT_STATUS = 75  # sysexits.h's EX_TEMPFAIL: "try again later"


class InputError(ReportingError):
    """An argument given by the user is wrong (period name, option value)."""


class TargetParseError(InputError):
    """A målvärde text could not be read as a target."""


class FileProblem(ReportingError):
    """A file cannot be opened or is not what it claims to be.

    ``message`` is written in Swedish for the person who sent the file: the ``problem``, then the ``advice``
    for a sender (resave, send again); a reader of the office's own files (the plan) gives its own advice.
    """

    def __init__(self, path: str, problem: str, rule: Rule = Rule.FILE_UNREADABLE, advice: str = "") -> None:
        self.message = f"{problem} {advice}" if advice else problem
        super().__init__(f"{path}: {self.message}")
        self.path = path
        self.problem = problem
        self.advice = advice
        self.rule = rule


class PlanInvalid(ReportingError):
    """The plan workbook has errors; ``findings`` lists them all."""

    def __init__(self, findings: list[Finding]) -> None:
        count = sum(1 for f in findings if f.severity is Severity.ERROR) or len(findings)
        super().__init__(f"planen har {count} fel")
        self.findings = findings


class LibreOfficeMissing(ReportingError):
    """LibreOffice (soffice) is needed for PDF output but is not installed."""


# --- what the operating system refused, in Swedish ------------------------------------------------------------

DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
NOT_WRITABLE = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})  # a folder the archive cannot write in
# The program that holds a file of that kind open (Windows refuses to replace it meanwhile), for the advice
OPENED_IN = {".xlsx": "Excel", ".xlsm": "Excel", ".csv": "Excel", ".docx": "Word", ".pdf": "PDF-läsaren"}

_OS_REASONS = {  # errno -> a clause of its own (after a colon, in brackets): the one table messages build on
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "disken är full",
    errno.EACCES: "åtkomst nekas",
    errno.EPERM: "åtkomst nekas",
    errno.EROFS: "skrivskyddat filsystem",
    errno.ENOENT: "filen eller mappen finns inte",
    errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
    errno.EISDIR: "sökvägen är en mapp, inte en fil",
    errno.EEXIST: "det finns redan en fil med det namnet",
    errno.ENAMETOOLONG: "sökvägen är för lång",
    errno.EBUSY: "filen används av ett annat program",
    errno.ETXTBSY: "filen används av ett annat program",
    errno.EMFILE: "för många öppna filer",
    errno.ENFILE: "för många öppna filer",
    errno.EIO: "läs- eller skrivfel på disken",
    errno.ELOOP: "sökvägen går i en ring av länkar",
}


def os_reason(exc: BaseException | None) -> str:
    """Why the operating system refused, in Swedish words ("disken är full", "åtkomst nekas"), never the system's
    English text; an errno without words here is named by its code ("felkod EXDEV"), "" when there is none."""
    code = getattr(exc, "errno", None)
    if not isinstance(code, int):
        return "åtkomst nekas" if isinstance(exc, PermissionError) else ""
    return _OS_REASONS.get(code) or f"felkod {errno.errorcode.get(code, code)}"
