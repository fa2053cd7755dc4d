"""The ``reporting`` command's entry point: what must hold before the command line is imported.

Importing the command line takes 0,3–0,5 s. A stop signal in that time (a quick Ctrl-C, a job cancelled at once)
must end as any other does, with one Swedish line and 128 + the signal's number, never a traceback or silence.
And a terminal or pipe that cannot encode the toolkit's typography (a redirected Windows stdout is cp1252, which
has no "−"; a Latin-1 locale has no "–" or "•") gets a plain stand-in, so no run fails at its last line after it
wrote its files. Only the standard library is imported here, so both hold from the first instruction.
"""

from __future__ import annotations

import codecs
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any, NoReturn, TextIO

STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")  # Ctrl-C, kill and systemd's stop, a closed terminal
STOPPED = "Avbrutet{how}; inget halvfärdigt finns kvar – kör igen."
STAND_IN_ERRORS = "reporting-stand-in"  # the codec error handler's name, for a stream that cannot encode a character
# The toolkit's typography a narrow encoding may lack, and what is written instead; any other character is "?".
STAND_INS = {
    "\u2212": "-",  # minus sign
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2022": "*",  # bullet
    "\u2026": "...",
    "\u00a0": " ",  # no-break space (thousands)
    "\u202f": " ",  # narrow no-break space
    "\u201d": '"',
    "\u201c": '"',
    "\u2019": "'",
    "\u2192": "->",
    "\u2191": "^",
    "\u2193": "v",
    "\u2714": "OK",
    "\u2718": "X",
    "\u25d0": "~",
}


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(STAND_INS.get(c, "?") for c in bad), error.end


codecs.register_error(STAND_IN_ERRORS, _stand_in)


def is_utf8(stream: TextIO | None) -> bool:
    """Whether ``stream`` encodes every character (UTF-8, or no stream at all: nothing to spoil)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig", "utf-16", "utf-32")


def plain_where_narrow(*streams: TextIO | None) -> None:
    """Each stream that cannot encode every character writes a stand-in for those it lacks (``STAND_INS``)."""
    for stream in streams:
        if stream is not None and not is_utf8(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=STAND_IN_ERRORS)


class EarlyStop(BaseException):
    """A stop signal while the command line is being imported."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise(signum: int, frame: FrameType | None) -> None:
    raise EarlyStop(signum)


def stopped_line(signum: int) -> str:
    """ "Avbrutet (SIGTERM); …": the one line every stopped command ends with (Ctrl-C names no signal)."""
    how = "" if signum == signal.SIGINT else f" ({signal.Signals(signum).name})"
    return STOPPED.format(how=how)


def stop(signum: int) -> NoReturn:
    """End the process as a stopped command does: its line on stderr, exit status 128 + the signal's number."""
    newline = "\n" if sys.stderr is not None and sys.stderr.isatty() else ""  # after the terminal's "^C"
    if sys.stderr is not None:
        sys.stderr.write(f"{newline}{stopped_line(signum)}\n")
        sys.stderr.flush()
    sys.exit(128 + signum)


def _load() -> Callable[..., Any]:
    from reporting.cli import main as command

    return command


def main(*args: Any, load: Callable[[], Callable[..., Any]] = _load, **kwargs: Any) -> Any:
    """Run the command line (``reporting``, ``python -m reporting``); ``load`` imports it (a test's stand-in)."""
    plain_where_narrow(sys.stdout, sys.stderr)
    previous = {}
    for name in STOP_SIGNALS:
        if (number := getattr(signal, name, None)) is not None:
            previous[number] = signal.signal(number, _raise)
    try:
        command = load()
    except KeyboardInterrupt:
        stop(signal.SIGINT)
    except EarlyStop as early:
        stop(early.signum)
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
    return command(*args, **kwargs)  # the command line installs its own handlers (cli.errors.interruptible)
