"""Atomic file writes: every output goes to a temporary name in the same folder and is renamed into place.

A crash, a kill or a full disk then leaves either the previous file or the new
one under the final name, never a truncated one. The temporary name starts with
"." and ends with ".tmp", so the inbox scan and people alike pass it by.
That name is never shown: an error on it (a full disk, a folder without write
permission), or one naming no file from writing it (a full disk's), names the
target, the file the user asked for.

A path the user typed (``history export -o``) must be in a folder that exists
(``existing_folder``): a mistyped folder is said, never created.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reporting.errors import InputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()  # read once, at import: setting it to read it is not thread-safe


class MissingFolder(InputError):
    """The folder of a file the user named does not exist (or is a file)."""


def existing_folder(target: str | Path) -> Path:
    """``target`` itself when its folder exists; else MissingFolder naming both, before anything is written."""
    target = Path(target)
    folder = target.parent
    if folder.is_dir():
        return target
    if folder.exists():
        raise MissingFolder(
            f"{target} kan inte skrivas: {folder} är en fil, inte en mapp. Ange en fil i en mapp som finns. "
            "Inget skrevs."
        )
    raise MissingFolder(
        f"mappen {folder} finns inte, så {target} kan inte skrivas. Skapa mappen först, eller ange en fil i en "
        "mapp som finns. Inget skrevs."
    )


@contextmanager
def atomic_path(target: str | Path, make_folder: bool = True) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed over it when the block ends without an error.

    ``make_folder``: create a missing folder (the workspace's outbox); False: ``existing_folder``'s error instead.
    """
    target = Path(target)
    if make_folder:
        target.parent.mkdir(parents=True, exist_ok=True)
    else:
        existing_folder(target)
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{target.stem[:40]}.", suffix=f"{target.suffix}.tmp", dir=target.parent
        )
    except OSError as exc:
        raise _named(exc, target) from None
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        with temp.open("rb+") as written:  # the bytes are on disk before the name points at them
            os.fsync(written.fileno())
        os.chmod(temp, 0o666 & ~_UMASK)  # as an ordinary new file: mkstemp's 0600 would lock colleagues out
        os.replace(temp, target)
    except Exception as exc:
        found = _about(exc, temp)
        if found is None:
            raise
        raise _named(found, target) from exc
    finally:
        temp.unlink(missing_ok=True)


_UNNAMED = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}  # write(), fsync(), close(): no name, the file's


def _about(exc: BaseException, temp: Path) -> OSError | None:
    """The OSError on the temporary file in ``exc`` (itself, or wrapped first in its args as xlsxwriter does).

    One naming no file at all, a full disk's from a write or an fsync (python-docx's and xlsxwriter's zip
    writes too), is the file being written: without its name the user would read "filen" and not know which.
    """
    found = exc if isinstance(exc, OSError) else next(iter(exc.args), None)
    if not isinstance(found, OSError):
        return None
    if found.filename is None and found.filename2 is None:
        return found if found.errno in _UNNAMED else None
    return found if str(temp) in (str(found.filename), str(found.filename2)) else None


def _named(exc: OSError, target: Path) -> OSError:
    """The same error (class, errno, text) on ``target``: the temporary name means nothing to the user."""
    return OSError(exc.errno, exc.strerror or str(exc), str(target))  # the subclass of its errno, as raised


def write_bytes(target: str | Path, data: bytes) -> Path:
    with atomic_path(target) as temp:
        temp.write_bytes(data)
    return Path(target)


def write_text(target: str | Path, text: str, encoding: str = "utf-8") -> Path:
    return write_bytes(target, text.encode(encoding))
