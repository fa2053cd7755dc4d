"""Atomic file writes: every output goes to a temporary name in the same folder and is renamed into place.

A crash, a kill or a full disk then leaves either the previous file or the new
one under the final name, never a truncated one. The temporary name starts with
"." and ends with ".tmp", so the inbox scan and people alike pass it by.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()  # read once, at import: setting it to read it is not thread-safe


def _kernel_reports_syncfs_errors() -> bool:
    """Linux 5.8 and later: before it, syncfs returned 0 even when writing a file back had failed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        major, minor = (int(part) for part in os.uname().release.split(".")[:2])
    except ValueError:
        return False
    return (major, minor) >= (5, 8)


def _libc_syncfs() -> Callable[[int], int] | None:
    if not _kernel_reports_syncfs_errors():
        return None
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):  # no C library by that name, or one without syncfs
        return None
    syncfs.argtypes, syncfs.restype = [ctypes.c_int], ctypes.c_int
    return cast(Callable[[int], int], syncfs)


_SYNCFS = _libc_syncfs()


def sync_file_system(folder: str | Path) -> bool:
    """Write everything cached for ``folder``'s file system to disk (Linux ``syncfs``); False where there is none.

    One call instead of an fsync per file, for a batch of many new files (PostgreSQL's
    ``recovery_init_sync_method = syncfs`` does the same). It also flushes unrelated files
    on that file system: callers use it only for large batches. A write-back error raises
    OSError, as fsync's would.
    """
    if _SYNCFS is None:
        return False
    handle = os.open(folder, os.O_RDONLY)
    try:
        if _SYNCFS(handle) != 0:
            code = ctypes.get_errno() or errno.EIO
            raise OSError(code, os.strerror(code), str(folder))
    finally:
        os.close(handle)
    return True


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed over it when the block ends without an error."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.stem[:40]}.", suffix=f"{target.suffix}.tmp", dir=target.parent)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        with temp.open("rb+") as written:  # the bytes are on disk before the name points at them
            os.fsync(written.fileno())
        os.chmod(temp, 0o666 & ~_UMASK)  # as an ordinary new file: mkstemp's 0600 would lock colleagues out
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write_bytes(target: str | Path, data: bytes) -> Path:
    with atomic_path(target) as temp:
        temp.write_bytes(data)
    return Path(target)


def write_text(target: str | Path, text: str, encoding: str = "utf-8") -> Path:
    return write_bytes(target, text.encode(encoding))
