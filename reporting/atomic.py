"""Atomic file writes: every output goes to a temporary name in the same folder and is renamed into place.

A crash, a kill or a full disk then leaves either the previous file or the new
one under the final name, never a truncated one. The temporary name starts with
"." and ends with ".tmp", so the inbox scan and people alike pass it by.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()  # read once, at import: setting it to read it is not thread-safe


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
