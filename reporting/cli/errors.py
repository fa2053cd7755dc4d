"""The CLI's one error path: every error a command meets becomes one Swedish line on stderr.

Known errors become ``Fel`` ("Fel: …", exit status 1); click's usage errors are
shown in Swedish and keep exit status 2 (``swedish_usage``). An unexpected error
also gives one line; set $REPORTING_DEBUG=1 to see its traceback. Ctrl-C, SIGTERM
and SIGHUP unwind the run and end it with one line and 128 + the signal's number
(``interruptible``).
"""

from __future__ import annotations

import functools
import gc
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import PurePath
from types import FrameType
from typing import IO, Any, NoReturn

import click

from reporting.errors import BUSY_EXIT_STATUS, DISK_FULL, OPENED_IN, Busy, PlanInvalid, ReportingError, os_reason
from reporting.launch import STOP_SIGNALS, stop
from reporting.workspace import LOCK_NAME

DEBUG_ENV = "REPORTING_DEBUG"  # set it to see the traceback of an unexpected error


DETAIL = "  "  # a message's line indented so is a detail of it (a plan's errors, the templates that failed)


def fel_lines(message: str) -> list[str]:
    """An error as stderr gets it: its details first, each on a line of its own indented two spaces, then the
    one-line summary "Fel: …", always the last line (a wrapper keeping the last line of stderr has it). A line of
    the message indented two spaces is a detail; every other line break (a database driver's text has its own) is
    joined into the summary."""
    summary, details = "", []
    for line in message.splitlines() or [""]:
        if line.startswith(DETAIL) and line.strip():
            details.append(DETAIL + line.strip())
        elif piece := line.strip():
            summary += ("" if not summary or piece[0] in ").,;:" else " ") + piece
    return [*details, f"Fel: {summary}"]


class Fel(click.ClickException):
    """An error shown as one line "Fel: …" on stderr, after its details (``fel_lines``); exit status 1
    (``BUSY_EXIT_STATUS`` when busy)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo("\n".join(fel_lines(self.format_message())), err=True)


class SwedishUsageError(click.UsageError):
    """A usage error shown in Swedish (usage line, where to find help, "Fel: …"); exit status 2."""

    def show(self, file: IO[Any] | None = None) -> None:
        if self.ctx is not None:
            click.echo(
                f"{self.ctx.get_usage()}\nSe '{self.ctx.command_path} --help' för hjälp.\n",
                err=True,
                color=self.ctx.color,
            )
        click.echo("\n".join(fel_lines(self.format_message())), err=True)


_PATH_PROBLEMS = {  # click.Path's checks, as its messages end
    "does not exist.": "finns inte",
    "is a directory.": "är en mapp, inte en fil",
    "is a file.": "är en fil, inte en mapp",
    "is not readable.": "går inte att läsa",
    "is not writable.": "går inte att skriva i",
    "is not executable.": "går inte att köra",
}


def _path_text(message: str) -> str:
    """click.Path's "File 'x.docx' does not exist." as "x.docx finns inte."; any other message as it is."""
    found = re.fullmatch(r"(?:File|Directory|Path) (['\"])(.*)\1 (.+)", message)
    if found is None or found.group(3) not in _PATH_PROBLEMS:
        return message
    return f"{found.group(2)} {_PATH_PROBLEMS[found.group(3)]}."


_TYPE_PROBLEMS = (  # click's value types, as their messages read
    (re.compile(r"(.+) is not one of (.+)\.$"), "{0} är inget av {1}."),
    (re.compile(r"(.+) is not a valid integer\.$"), "{0} är inget heltal."),
    (re.compile(r"(.+) is not a valid integer range\.$"), "{0} är inget heltal."),
    (re.compile(r"(.+) is not in the range (-?\d+)<=x<=(-?\d+)\.$"), "{0} ligger utanför {1}–{2}."),
    (re.compile(r"(.+) is not a valid float\.$"), "{0} är inget tal."),
    (re.compile(r"(.+) is not a valid boolean\.$"), "{0} är varken ja eller nej."),
    (re.compile(r"(.+) is not a valid date\.$"), "{0} är inget datum."),
)


def _type_text(message: str) -> str:
    """click's "'xls' is not one of 'csv', 'parquet'." as "'xls' är inget av 'csv', 'parquet'."; else as it is."""
    for pattern, swedish in _TYPE_PROBLEMS:
        if found := pattern.match(message):
            return swedish.format(*found.groups())
    return message


def _usage_text(exc: click.UsageError) -> str:
    """click's usage messages in Swedish (the common ones; others keep click's wording)."""
    hint = ""
    if isinstance(exc, click.BadParameter):
        hint = exc.param_hint if isinstance(exc.param_hint, str) else " / ".join(exc.param_hint or ())
        if not hint and isinstance(exc.param, click.Argument):  # its metavar (FILER...), not its English name
            hint = exc.param.make_metavar(exc.ctx) if exc.ctx else exc.param.human_readable_name
        if not hint and exc.param is not None:
            hint = " / ".join(f"'{h}'" for h in exc.param.opts) if exc.param.opts else ""
    if isinstance(exc, click.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        what = {"argument": "argumentet", "option": "flaggan"}.get(kind, "värdet")
        if isinstance(exc.param, click.Argument):
            hint = exc.param.make_metavar(exc.ctx) if exc.ctx else exc.param.human_readable_name
        return f"{what} {hint} saknas.".replace("  ", " ")
    if isinstance(exc, click.BadParameter):
        message = _type_text(_path_text(exc.message))
        return f"ogiltigt värde för {hint}: {message}" if hint else f"ogiltigt värde: {message}"
    if isinstance(exc, click.NoSuchOption):
        maybe = f" Menade du {' eller '.join(exc.possibilities)}?" if exc.possibilities else ""
        return f"flaggan {exc.option_name} finns inte.{maybe}"
    if isinstance(exc, click.exceptions.NoSuchCommand):
        maybe = f" Menade du {' eller '.join(exc.possibilities)}?" if exc.possibilities else ""
        return f"kommandot {exc.command_name} finns inte.{maybe}"
    if isinstance(exc, click.BadOptionUsage) and exc.message.endswith("requires an argument."):
        return f"flaggan {exc.option_name} behöver ett värde."
    if exc.message.startswith("Got unexpected extra argument"):
        return f"för många argument ({exc.message.partition('(')[2].rstrip(')')})."
    return exc.message


def swedish_usage(exc: click.UsageError, ctx: click.Context | None = None) -> click.UsageError:
    """The same usage error in Swedish (``ctx``: the command's context when the error does not carry one)."""
    if isinstance(exc, SwedishUsageError | click.exceptions.NoArgsIsHelpError):
        return exc
    return SwedishUsageError(_usage_text(exc), exc.ctx or ctx)


# --- one error path -------------------------------------------------------------------------------


def _denied_advice(path: str) -> str:
    """What to do about a file the system refused: close it in the program that holds it (Windows locks a file open
    in Excel or Word), clear the lock file's read-only mark, else check the folder's permissions."""
    name = PurePath(path).name if path else ""
    if name == LOCK_NAME:
        return "Ta bort skrivskyddet på filen, eller radera den när ingen körning pågår."
    program = OPENED_IN.get(PurePath(name).suffix.lower())
    if program:
        return f"Stäng filen om den är öppen i {program}, kontrollera att den inte är skrivskyddad och kör igen."
    return "Kontrollera behörigheten till mappen och att filen inte är skrivskyddad."


def _os_message(exc: OSError) -> str:
    name = exc.filename or "filen"
    if exc.errno in DISK_FULL:
        return f"disken är full, {name} kunde inte skrivas. Frigör utrymme och kör igen."
    if isinstance(exc, PermissionError):
        return f"åtkomst nekas till {name}. {_denied_advice(str(exc.filename or ''))}"
    if isinstance(exc, FileNotFoundError):
        return f"{name} finns inte. Kontrollera sökvägen; mappen måste finnas."
    if isinstance(exc, NotADirectoryError):
        return f"{name}: en del av sökvägen är en fil, inte en mapp. Kontrollera sökvägen."
    if isinstance(exc, IsADirectoryError):
        return f"{name} är en mapp, inte en fil. Ange en fil."
    if isinstance(exc, FileExistsError):
        return f"{name} finns redan och är ingen mapp. Flytta eller byt namn på den."
    return (
        f"{name} kan inte läsas eller skrivas ({os_reason(exc) or 'okänt fel'}). Kontrollera sökvägen och behörigheten."
    )


def error_message(exc: Exception) -> str | None:
    """The Swedish one-line message (without "Fel: ") for an error the toolkit knows, else None."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError  # here: most commands need no database
    from xlsxwriter.exceptions import XlsxFileError

    if isinstance(exc, PlanInvalid):
        return f"planen har {len(exc.findings)} fel. Se dem med 'reporting plan check' och rätta dem."
    if isinstance(exc, ReportingError):
        return str(exc)
    if isinstance(exc, XlsxFileError) and exc.args and isinstance(exc.args[0], OSError):
        return _os_message(exc.args[0])
    if isinstance(exc, OSError):
        return _os_message(exc)
    db = "Kontrollera --db eller $REPORTING_DB_URL"
    if isinstance(exc, NoSuchModuleError):
        return f"databastypen i databasadressen finns inte. {db}, t.ex. sqlite:///historik.sqlite."
    if isinstance(exc, ArgumentError):
        return f"databasadressen går inte att tolka. {db}, t.ex. sqlite:///historik.sqlite."
    if isinstance(exc, SQLAlchemyError):  # opened, then lost (a server restarted mid-run): the transaction is undone
        said = " ".join(str(getattr(exc, "orig", None) or type(exc).__name__).split())
        return (
            f"historikdatabasen kan inte användas ({said}). Inget av körningen sparades i historiken: kör samma "
            f"kommando igen när databasen går att nå. {db}."
        )
    if isinstance(exc, ImportError):
        return f"Python-modulen {exc.name or exc} saknas. Installera den (t.ex. databasdrivrutinen) och kör igen."
    return None


def unexpected(exc: BaseException) -> str:
    """An error the toolkit did not expect (a bug): its type for the bug report, in a Swedish sentence; the
    exception's own English text only with $REPORTING_DEBUG=1, in the traceback."""
    return (
        f"ett oväntat fel (av typen {type(exc).__name__}) stoppade kommandot. Kör igen med {DEBUG_ENV}=1 för hela "
        "felutskriften och skicka den med när du rapporterar felet."
    )


def _quiet_stdout() -> None:
    """Point standard output at the null device, so that Python's flush at exit does not fail again on the
    closed pipe (as the Python documentation advises for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (a test runner's capture)
        pass


def friendly_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Applied to every command: known errors become ``Fel`` (one Swedish line, exit 1), never a traceback.

    Unexpected errors also give one line; set $REPORTING_DEBUG=1 to see the traceback.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except click.UsageError as exc:
            raise swedish_usage(exc, click.get_current_context(silent=True)) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # the output went to a pipe that closed (`... | head -1`): nothing to say
            _quiet_stdout()
            raise click.exceptions.Exit(1) from None
        except Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            message = error_message(exc) or unexpected(exc)
            raise Fel(message, BUSY_EXIT_STATUS if isinstance(exc, Busy) else 1) from exc

    wrapper.friendly_errors = True  # type: ignore[attr-defined]
    return wrapper


# --- Ctrl-C and stop signals ----------------------------------------------------------------------


class Interrupted(BaseException):
    """A stop signal, raised wherever the run is, so that it unwinds: temporary files are removed, worker
    processes and LibreOffice ended, the lock let go. Not an ``Exception``: no ``except Exception`` takes it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_received: list[int] = []  # the stop signals of this command, also one whose exception something swallowed


def _raise(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    raise Interrupted(signum)


def _quit_now(signum: int, frame: FrameType | None) -> None:
    """A second stop signal while the first one's message is being given: end at once."""
    os._exit(128 + _received[0])


@contextmanager
def _handlers(handler: Callable[[int, FrameType | None], None]) -> Iterator[None]:
    """``handler`` for every stop signal this platform has, while the block runs (only the main thread may)."""
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for name in STOP_SIGNALS:
            if (number := getattr(signal, name, None)) is not None:
                previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def interruptible(command: Callable[[], Any]) -> Any:
    """``command()`` (click's main); a stop signal during it ends the process with one Swedish line on stderr and
    exit status 128 + its number (Ctrl-C 130, SIGTERM 143, SIGHUP 129), never click's English "Aborted!" or a
    traceback; also when something swallowed the signal's exception and the command went on to its end."""
    _received.clear()
    with _handlers(_raise):
        try:
            return command()
        except Interrupted:
            pass
        except SystemExit:
            if not _received:
                raise
    with _handlers(_quit_now):
        _stopped(_received[0])


def _stopped(signum: int) -> NoReturn:
    gc.collect()  # process pools left suspended in generators by the interruption end their workers now
    stop(signum)
