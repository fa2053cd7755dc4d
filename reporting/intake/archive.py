"""The archive of accepted files: a copy per file under its SHA-256, an index, and the intake log.

Each inbox file is read once, into a staged copy in ``archive/.incoming/`` whose
SHA-256 is computed from the very bytes written; that copy is checked and, when
accepted, renamed into ``archive/<period>/<reporter>/``. The archive therefore
holds exactly the bytes that were checked, even if the file is saved over meanwhile.

Everything a run changes in ``archive/`` is first written as one journal record
(``archive/.journal.json``, atomically): the staged copies to move into place,
the index lines and the log lines. Only then is it applied, each step idempotent.
A run that dies before the journal leaves nothing but staged copies, which the
next run removes; one that dies after it is completed by the next run
(``recover``). So a copy is never orphaned and a log line is never lost or doubled.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reporting.atomic import write_bytes, write_text
from reporting.errors import NOT_WRITABLE, ReportingError, os_reason
from reporting.intake import intake_log, staging
from reporting.intake.intake_log import HEADER, LogEntry, log_text
from reporting.intake.staging import STAGING
from reporting.workspace import Workspace

JOURNAL = ".journal.json"
SUBMITTED, WITHDRAWN = "inlämnad", "återkallad"  # the kinds of index entries
MAX_NAME_BYTES = 160  # "<stamp>_<sha12>_<name>" in UTF-8; far below NAME_MAX (255)
MAX_RELATIVE = 160  # "archive/<period>/<reporter>/<name>" in characters: a 90-character root stays under 260
_NOT_IN_NAMES = set('\\/:*?"<>|')  # not in a file name on Windows (nor "/" anywhere)
SYNC_THREADS = 16


def _hook(step: str) -> None:
    """Called after each step that changes the archive; tests make it kill the process (fault injection)."""


# --- names ----------------------------------------------------------------------------------------------


def archive_name(stamp: str, sha256: str, name: str, folder: str = "") -> str:
    """``<stamp>_<sha12>_<name>`` with the name made safe: printable, no path characters, bounded length.

    ``folder``, the archived file's folder relative to the workspace (``archive/2025-T1/MED``), cuts the stem
    (never the suffix; the same arguments, the same name) so that ``<folder>/<name>`` has at most MAX_RELATIVE
    characters: under a workspace root of up to 90 the path stays within Windows' 260, which Explorer and Excel
    need. Archived paths already in the index are never renamed: the index names them as they are.
    """
    safe = "".join(
        "_" if ch in _NOT_IN_NAMES or not ch.isprintable() else ch for ch in unicodedata.normalize("NFC", name)
    )
    stem, dot, suffix = safe.rpartition(".")
    if not dot or not stem or len(suffix) > 10:
        stem, suffix = safe, ""
    suffix = f".{suffix}" if suffix else ""
    prefix = f"{stamp}_{sha256[:12]}_"
    budget = MAX_NAME_BYTES - len(prefix.encode()) - len(suffix.encode())
    stem = stem.encode("utf-8")[: max(budget, 1)].decode("utf-8", "ignore")
    if folder:  # in UTF-16 code units, as Windows counts a path (a character beyond U+FFFF is two)
        room = MAX_RELATIVE - len(f"{folder}/{prefix}{suffix}".encode("utf-16-le")) // 2
        while len(stem.encode("utf-16-le")) // 2 > max(room, 1):
            stem = stem[:-1]
    return f"{prefix}{stem.strip(' .') or 'fil'}{suffix}"


# --- staging --------------------------------------------------------------------------------------------


class SourceUnreadable(Exception):
    """The inbox file could not be read (open in Excel, removed meanwhile, no permission)."""


def stage(ws: Workspace, source: Path, number: int, limit: int) -> tuple[Path, str, os.stat_result]:
    """Copy ``source`` once into the staging folder; (copy, SHA-256 of exactly those bytes, stat at opening).

    The copy is not synced here: most runs archive few of their files. The run starts the
    sync of a copy once its file is accepted and new to the archive (``Syncer``), and ``commit``
    waits for every copy it moves before the journal refers to them.

    Raises SourceUnreadable for a problem reading the inbox file, OSError for one
    writing the copy (a full disk stops the run), ValueError beyond ``limit`` bytes.
    """
    suffix = source.suffix if source.suffix[1:].isalnum() and source.suffix.isascii() else ""
    target = staging.staged_path(ws.archive / STAGING, number, suffix[:10])  # the run's own name (``staging``)
    try:
        src = source.open("rb")
        info = os.fstat(src.fileno())
    except OSError as exc:
        raise SourceUnreadable(exc.strerror or str(exc)) from exc
    digest, size = hashlib.sha256(), 0
    with src, _named(target), target.open("wb") as dst:
        while True:
            try:
                chunk = src.read(1 << 20)
            except OSError as exc:
                raise SourceUnreadable(exc.strerror or str(exc)) from exc
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise ValueError(size)
            digest.update(chunk)
            dst.write(chunk)
    _hook("staged")  # not yet on disk for sure: ``commit`` syncs the copies it moves, before its journal
    return target, digest.hexdigest(), info


def clear_staging(ws: Workspace) -> None:
    """End this process's staging run and remove the copies of runs that are gone (``staging``); while a journal
    is pending, its copies (this run's or a killed one's) are kept for ``recover``."""
    pending = (ws.archive / JOURNAL).exists()
    staging.end_run(ws.archive / STAGING, keep_copies=pending)
    if not pending:
        staging.clear_gone(ws.archive / STAGING)


# --- index and log --------------------------------------------------------------------------------------


class ArchiveDamaged(ReportingError):
    """A file that records the archive (its index, a pending journal) cannot be read. It is never guessed at:
    the message names the file and the line, and says what to do."""


_INDEX_KEYS = ("time", "period", "division", "sha256", "file", "archived")  # in every entry, old ones too


def load_index(ws: Workspace) -> list[dict[str, str]]:
    """The index's entries in order; ArchiveDamaged for a line that is not a whole entry.

    The index is only ever written whole (``_splice``: atomically), and a journal a killed run left is
    applied before it is read (``recover``), which writes it again from the journal's offset: a torn
    line left after that was cut or changed outside the tool (a copy broken off, a sync, an edit).
    Which submission or withdrawal it was cannot be known, so the run stops and names it.
    """
    if not ws.index_file.exists():
        return []
    lines = ws.index_file.read_bytes().removeprefix(codecs.BOM_UTF8).split(b"\n")
    entries = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        entry = _index_entry(line)
        if entry is None:
            raise ArchiveDamaged(_torn_index(ws, number, last=not any(rest.strip() for rest in lines[number:])))
        entries.append(entry)
    return entries


def _index_entry(line: bytes) -> dict[str, str] | None:
    try:
        entry = json.loads(line.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError both
        return None
    if not isinstance(entry, dict) or not all(isinstance(entry.get(key), str) for key in _INDEX_KEYS):
        return None
    return entry


def _torn_index(ws: Workspace, number: int, last: bool) -> str:
    where = f"rad {number}{' (den sista)' if last else ''}"
    return (
        f"{where} i arkivets index {ws.index_file} går inte att läsa: den är avbruten eller ändrad utanför "
        "verktyget. Indexet förtecknar arkivets inlämningar och återkallelser och gissas aldrig fram. Återställ "
        "filen från en säkerhetskopia, eller rätta raden för hand efter de andra radernas mönster (intagsloggen "
        f"{ws.log_file.name} har samma inlämningar med tid, fil och sha256), och kör sedan igen. Inget har ändrats."
    )


def is_withdrawal(entry: dict[str, str]) -> bool:
    return entry.get("kind") == WITHDRAWN


def _index_text(entries: list[dict[str, str]]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def commit(
    ws: Workspace,
    moves: list[tuple[Path, Path]],
    entries: list[dict[str, str]],
    log: list[LogEntry],
    syncer: Syncer | None = None,
) -> None:
    """Write the run's changes as one journal record (the commit point), then apply it.

    ``syncer`` holds the syncs the run started early (``Syncer``); the copies to move are all on disk
    before the journal refers to them either way.
    """
    if not (moves or entries or log):
        return
    for folder in {_nearest(target.parent) for _, target in moves}:  # a new archive: one probe, not one per unit
        _writable(folder, "Inget har arkiverats.")
    if syncer is None:
        _sync([source for source, _ in moves])
    else:
        syncer.finish([source for source, _ in moves])
    root = ws.root
    record: dict[str, Any] = {
        "moves": [[str(s.relative_to(root)), str(t.relative_to(root))] for s, t in moves],
        "index": {"offset": _size(ws.index_file), "text": _index_text(entries)},
        "log": {"offset": _size(ws.log_file), "text": log_text(log, header=_size(ws.log_file) == 0)},
    }
    write_text(ws.archive / JOURNAL, json.dumps(record, ensure_ascii=True))
    _hook("journal")
    _apply(ws, record)


class Syncer:
    """Staged copies forced onto disk in threads, started while the run goes on (its files still being checked).

    The file system batches concurrent syncs into few journal commits, where one after another each
    waits for its own; started as soon as a copy's file is accepted and new to the archive (it may
    still be set aside as one of two files for a division: a sync spent for nothing), the waiting
    overlaps the checking of the other files. The intake's process pools may fork while these threads
    run: they hold no lock a worker needs (each waits in fsync or on its own queue).

    One syncfs(2) of the file system would be faster for many copies, but it reports fewer write-back
    errors than fsync does: before Linux 5.17 none from the file system's own flush, none that another
    program's syncfs saw first, and none on overlayfs, SMB shares or FUSE. A copy the journal refers
    to must be whole.
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=SYNC_THREADS)
        self._started: dict[Path, Future[None]] = {}

    def __enter__(self) -> Syncer:
        return self

    def __exit__(self, *_: object) -> None:
        self._pool.shutdown(wait=True)  # a copy started but not archived: its error, if any, concerns no one

    def start(self, path: Path) -> None:
        if path not in self._started:
            self._started[path] = self._pool.submit(_fsync, path)

    def finish(self, paths: list[Path]) -> None:
        """Every one of ``paths`` on disk: those not started are started; an error of any of them is raised."""
        for path in paths:
            self.start(path)
        for path in paths:
            self._started[path].result()


def _sync(paths: list[Path]) -> None:
    """Force the staged copies onto disk before the journal refers to them (a crash must not leave it a torn copy)."""
    if paths:
        with Syncer() as syncer:
            syncer.finish(paths)


def _fsync(path: Path) -> None:
    try:
        handle = path.open("r+b")  # opened for writing: Windows syncs only such handles
    except FileNotFoundError as exc:  # removed under this run: by another that does not see its lock
        raise staging.StagingLost(staging.LOST) from exc
    with _named(path), handle:
        os.fsync(handle.fileno())


@contextmanager
def _named(path: Path) -> Iterator[None]:
    """An OSError without a file name (a full disk at write or fsync) gets ``path``'s folder: the one line the
    user sees says where the disk is full."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(path.parent)
        raise


def _apply(ws: Workspace, record: dict[str, Any]) -> None:
    """Apply a journal record; every step can be done again with the same result."""
    for staged, target in record["moves"]:
        source, final = ws.root / staged, ws.root / target
        if source.exists():
            _move(source, final)
        _hook("copy")
    _splice(ws.index_file, record["index"]["offset"], record["index"]["text"])
    _hook("index")
    record = _log_as_left(ws, record)
    _splice(ws.log_file, record["log"]["offset"], record["log"]["text"])
    _hook("log")
    (ws.archive / JOURNAL).unlink()


def _log_as_left(ws: Workspace, record: dict[str, Any]) -> dict[str, Any]:
    """The record, its log lines appended at the log's end when the log is not as the journal left it.

    Excel may save the log between the journal and its application (a run killed, the log opened
    before the next one): spliced at the old offset, it would be cut. It is read back first
    (``intake_log.normalise``: rewritten, or set aside), and the journal written again with the new
    offset before the log is changed, so that the append is still done once. Lines the log already ends
    with (spliced before the run was killed, then the log saved in Excel) are not added again.
    """
    log = record["log"]
    data = ws.log_file.read_bytes() if ws.log_file.exists() else b""
    if not log["text"] or _as_left(data, log["offset"], log["text"].encode("utf-8")):
        return record
    intake_log.normalise(ws.log_file)
    size, body = _size(ws.log_file), log["text"].removeprefix(HEADER)
    body = "" if intake_log.ends_with(ws.log_file, body) else body
    record = {**record, "log": {"offset": size, "text": body if size else HEADER + body}}
    write_text(ws.archive / JOURNAL, json.dumps(record, ensure_ascii=True))
    return record


def _as_left(data: bytes, offset: int, text: bytes) -> bool:
    """The log is the one the journal saw (``offset`` bytes, in the tool's form), or has its lines already."""
    if offset and not data.startswith(HEADER.encode()):
        return False
    return len(data) == offset or data[offset:] == text


class ArchiveNotWritable(ReportingError):
    """A folder of the archive cannot be written; the message names it, never the staged copy."""


def _move(source: Path, final: Path) -> None:
    """The staged copy renamed into its folder; a folder that cannot be written is named, never the copy."""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, final)
    except OSError as exc:
        if exc.errno not in NOT_WRITABLE:
            raise
        folder = _nearest(final.parent)
        tail = "Kör igen när mappen går att skriva i: den avbrutna arkiveringen slutförs då."
        raise ArchiveNotWritable(_read_only(folder, exc, tail)) from exc


def _writable(folder: Path, tail: str) -> None:
    """Raise ArchiveNotWritable when ``folder`` (or the nearest existing folder above it) cannot be written."""
    existing = _nearest(folder)
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        if exc.errno in NOT_WRITABLE:
            raise ArchiveNotWritable(_read_only(existing, exc, tail)) from exc


def _nearest(folder: Path) -> Path:
    """``folder``, or the nearest folder above it that exists (where it would be created)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _read_only(folder: Path, exc: OSError, tail: str) -> str:
    return (
        f"mappen {folder} i arkivet går inte att skriva i ({os_reason(exc)}), så godkända filer kan inte "
        "arkiveras där. Ge ditt konto skrivbehörighet till mappen (den kan ha skapats eller kopierats med en "
        f"annan användares rättigheter). {tail}"
    )


def _splice(path: Path, offset: int, text: str) -> None:
    """The file's first ``offset`` bytes followed by ``text``, written atomically (append that can be redone)."""
    if not text:
        return
    existing = path.read_bytes() if path.exists() else b""
    write_bytes(path, existing[:offset] + text.encode("utf-8"))


def recover(ws: Workspace) -> None:
    """Before a run: complete a journal a killed run left, drop uncommitted copies and temporary files, and
    bring a log Excel saved back into the tool's form (``intake_log.normalise``)."""
    journal = ws.archive / JOURNAL
    if journal.exists():
        _apply(ws, _read_journal(journal))
    clear_staging(ws)
    for leftover in ws.archive.glob(".*.tmp") if ws.archive.is_dir() else []:
        leftover.unlink(missing_ok=True)  # an atomic write that was killed before its rename
    intake_log.normalise(ws.log_file)


def _read_journal(path: Path) -> dict[str, Any]:
    """The pending journal record; ArchiveDamaged when it is not one (it is written atomically, so it was
    changed outside the tool), before anything is changed."""
    try:
        record = json.loads(path.read_bytes().decode("utf-8"))
        _check_record(record)
    except (ValueError, KeyError, TypeError) as exc:
        line = f" (rad {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ArchiveDamaged(
            f"{path}{line} går inte att läsa: den håller ändringarna från en körning som avbröts och kan varken "
            "slutföras eller gissas fram. Byt namn på filen (ta inte bort den) och kör igen: filerna i inkorgen "
            "arkiveras då på nytt, men en återkallelse (reporting withdraw) som avbröts måste göras om. "
            "Inget har ändrats."
        ) from exc
    return record


def _check_record(record: Any) -> None:
    """ValueError unless ``record`` has the shape ``commit`` writes."""
    moves = record["moves"]
    if not all(isinstance(m, list) and len(m) == 2 and all(isinstance(p, str) for p in m) for m in moves):
        raise ValueError("moves")
    for part in (record["index"], record["log"]):
        if not isinstance(part["offset"], int) or part["offset"] < 0 or not isinstance(part["text"], str):
            raise ValueError("offset or text")
