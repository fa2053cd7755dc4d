"""Open untrusted workbooks safely.

Every file from ``inbox/`` may be broken or hostile. Before openpyxl sees it we
check what it really is (zip? OLE? text?), refuse zip bombs and XML with
DTDs/entities (anywhere in a part's prolog, however long), and report macros and
encryption (an OLE-encrypted workbook or an encrypted zip entry). Each problem
becomes one ``FileProblem`` with a Swedish message naming the file; no traceback escapes.
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar
from xml.etree import ElementTree

from defusedxml.ElementTree import fromstring

from reporting.errors import FileProblem, os_reason
from reporting.findings import Rule
from reporting.text import (
    DECRYPT,
    ENCRYPTED,
    LABEL_ENCRYPTED,
    REMOVE_LABEL,
    SAVE_AS_XLSX,
    SAVED_AS,
    USE_TEMPLATE,
    not_a_workbook,
)
from reporting.xlsx.prolog import DTD_RE, prolog_verdict

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # a sheet compresses well, but not a thousand times
MAX_MEMBERS = 2000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
T = TypeVar("T")
PART_CACHE_BYTES = 4 << 20  # XML parts up to this size are read once, whole, for scan and reader
PACKAGE_CACHE_BYTES = 16 << 20  # and at most this much of one package is held in memory
# Excel's "Strikt Open XML-kalkylblad": the same workbook in the ISO-strict namespaces, which neither reader (nor
# openpyxl) knows; refused with its own advice, not read as "no template" because no sheet was found
STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
_ENCRYPTION_MARKERS = (
    b"EncryptedPackage",
    "EncryptedPackage".encode("utf-16-le"),
    "EncryptionInfo".encode("utf-16-le"),
)

# A container encrypted by a sensitivity label (Purview/AIP) or IRM names a DRM transform in its data spaces
# (the stream "DRMEncryptedTransform", the transform "Microsoft.Metadata.DRMTransform")
_DRM_MARKERS = tuple(
    word.encode(codec) for word in ("DRMEncryptedTransform", "DRMTransform") for codec in ("utf-16-le", "ascii")
)


class MemoryZip(zipfile.ZipFile):
    """A zip read whole into memory; a small member is inflated from it in one call.

    For a template's small parts zipfile's reader costs more than the inflating.
    ``inflate`` gives exactly the bytes zipfile would, or None on any doubt, and
    then zipfile opens the member as before (and raises what it raises).
    """

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self.data = data

    def open(self, name: Any, mode: Any = "r", pwd: bytes | None = None, *, force_zip64: bool = False) -> IO[bytes]:
        if mode == "r" and pwd is None and self.fp is not None:
            member = name if isinstance(name, zipfile.ZipInfo) else self.NameToInfo.get(name)
            whole = self.inflate(member) if member is not None and member.file_size <= PART_CACHE_BYTES else None
            if whole is not None:
                return io.BytesIO(whole)
        return super().open(name, mode, pwd, force_zip64=force_zip64)

    def compressed(self, member: zipfile.ZipInfo) -> bytes | None:
        """The member's stored bytes when zipfile's checks before inflating pass: method, flags, local header, bounds."""
        data, offset = self.data, member.header_offset
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or member.flag_bits & 0x61:
            return None  # another method; encrypted, compressed patch data or strong encryption: zipfile refuses
        if offset < 0 or len(data) < offset + 30 or data[offset : offset + 4] != ZIP_MAGIC:
            return None
        flags, name_length, extra_length = struct.unpack_from("<6xH18xHH", data, offset)
        name = data[offset + 30 : offset + 30 + name_length]
        encoding = "utf-8" if flags & 0x800 else getattr(self, "metadata_encoding", None) or "cp437"
        try:  # an ASCII name reads alike in both (cp437's decoder is Python code, ASCII's is C)
            local = name.decode("ascii" if encoding in ("utf-8", "cp437") and name.isascii() else encoding)
        except UnicodeDecodeError:
            return None
        start = offset + 30 + name_length + extra_length
        end = start + member.compress_size
        limit = getattr(member, "_end_offset", None)  # newer zipfile refuses an entry overlapping the next
        if local != member.orig_filename or end > len(data) or (limit is not None and end > limit):
            return None
        return data[start:end]

    def inflate(self, member: zipfile.ZipInfo) -> bytes | None:
        """The member's bytes when every check zipfile makes passes: ``compressed``'s, then size and CRC."""
        raw = self.compressed(member)
        if raw is None:
            return None
        most = member.file_size + 1  # one byte more than the entry says tells a longer stream
        try:
            whole = raw if member.compress_type == zipfile.ZIP_STORED else zlib.decompressobj(-15).decompress(raw, most)
        except zlib.error:
            return None
        if len(whole) != member.file_size or zlib.crc32(whole) != member.CRC:
            return None  # short, long or corrupt: zipfile reports it (or reads a longer stream's head) as before
        return whole


class Package:
    """An inspected .xlsx package, opened once: the safety scan and the reader share it.

    Parts the scan read whole (XML parts up to ``PART_CACHE_BYTES``) are kept as the
    very bytes checked, so the reader neither unzips them again nor reads anything
    that was not checked. Larger parts are streamed from the zip as before.
    """

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.zip = archive
        self.parts: dict[str, bytes] = {}
        self.held = 0  # bytes in ``parts``, kept as they are added (a sum per member was quadratic)
        self.names = set(archive.namelist())

    def read(self, part: str) -> bytes:
        cached = self.parts.get(part)
        return cached if cached is not None else self.zip.read(part)

    def open(self, part: str) -> IO[bytes]:
        cached = self.parts.get(part)
        return io.BytesIO(cached) if cached is not None else self.zip.open(part)

    def close(self) -> None:
        self.parts.clear()
        self.held = 0
        self.zip.close()


def inspect_file(path: Path) -> None:
    """Raise FileProblem unless ``path`` looks like a safe .xlsx package."""
    open_package(path).close()


# What a sender does with a file no reader makes sense of; no exception's name or English text reaches them
RESEND = "Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och skicka den igen."

# A 0-byte workbook in a synced folder is most often a cloud placeholder not downloaded yet, a broken zip one whose
# sync has not finished: said beside the sender's advice, for the office that runs the check
NOT_SYNCED = (
    "I en synkad mapp (OneDrive, SharePoint) är filen kanske inte nedladdad än: "
    "välj Behåll alltid på den här enheten och kör igen."
)
HALF_SYNCED = (
    "I en synkad mapp (OneDrive, SharePoint) är filen kanske inte färdigsynkad än: "
    "vänta tills synkningen är klar och kör igen."
)


def _not_readable(name: str, exc: OSError) -> FileProblem:
    """A file the operating system would not let us read, said in Swedish with what to do."""
    if isinstance(exc, PermissionError):  # no read permission, or (Windows) open and locked in another program
        return FileProblem(
            name, "filen kan inte läsas: åtkomst nekas.", advice="Stäng filen om den är öppen och kör igen."
        )
    reason = f": {said}" if (said := os_reason(exc)) else ""
    return FileProblem(name, f"filen kan inte läsas{reason}.", advice="Kontrollera att filen finns kvar och kör igen.")


def open_package(path: Path) -> Package:
    """The file read once and inspected; raise FileProblem unless it looks like a safe .xlsx package."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _not_readable(name, exc) from exc
    if size == 0:
        raise FileProblem(
            name, "filen är tom (0 byte).", advice=f"Spara om arbetsboken och skicka den igen. {NOT_SYNCED}"
        )
    if size > MAX_FILE_BYTES:
        raise FileProblem(
            name,
            f"filen är {size // 1_000_000} MB; en ifylld mall är under 1 MB.",
            Rule.FILE_HOSTILE,
            "Skicka den ifyllda mallen.",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _not_readable(name, exc) from exc
    if data.startswith(OLE_MAGIC):
        if _is_encrypted_ooxml(data):
            if any(marker in data for marker in _DRM_MARKERS):  # a sensitivity label's encryption, no password
                raise FileProblem(name, LABEL_ENCRYPTED, advice=REMOVE_LABEL)
            raise FileProblem(name, ENCRYPTED, advice=DECRYPT)
        raise FileProblem(name, "filen är i det gamla Excel-formatet (.xls).", advice=SAVE_AS_XLSX)
    if not data.startswith(ZIP_MAGIC):
        problem, advice = not_a_workbook(name, _looks_like_text(data))
        raise FileProblem(name, problem, advice=advice)
    return _inspect_zip(data, name)


def _is_encrypted_ooxml(data: bytes) -> bool:
    """An OLE file holding an encrypted OOXML package (its streams' names appear in the directory).

    The whole file is searched (it is at most MAX_FILE_BYTES): the directory
    sectors may sit anywhere, not only near the start.
    """
    return any(marker in data for marker in _ENCRYPTION_MARKERS)


def _looks_like_text(data: bytes) -> bool:
    sample = data[:2048]
    try:
        sample.decode("utf-8")
        return b"\x00" not in sample
    except UnicodeDecodeError:
        return False


def _inspect_zip(data: bytes, name: str) -> Package:
    archive: zipfile.ZipFile | None = None
    try:
        archive = MemoryZip(data)
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise FileProblem(name, "filen innehåller orimligt många delar och avvisas.", Rule.FILE_HOSTILE)
        total = sum(m.file_size for m in members)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise FileProblem(
                name, f"filen packas upp till {total // 1_000_000} MB (zip-bomb?) och avvisas.", Rule.FILE_HOSTILE
            )
        if any(m.flag_bits & 0x1 for m in members):  # bit 0: the entry is encrypted
            raise FileProblem(name, ENCRYPTED, advice=DECRYPT)
        names = {m.filename for m in members}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            if "mimetype" in names and archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
                raise FileProblem(name, SAVED_AS["ods"], advice=SAVE_AS_XLSX)
            if "xl/workbook.bin" in names:  # Excel's "Excel-binär arbetsbok" (.xlsb)
                raise FileProblem(name, SAVED_AS["xlsb"], advice=SAVE_AS_XLSX)
            raise FileProblem(name, "filen är ett zip-arkiv, ingen Excel-arbetsbok.", advice=_zip_advice(name, names))
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise FileProblem(
                name,
                "filen innehåller makron (VBA).",
                Rule.MACROS,
                "Makron körs aldrig; spara som .xlsx utan makron och skicka igen.",
            )
        package = Package(archive)
        for member in members:
            _check_member(package, member, name)
        if STRICT_NS in package.read("xl/workbook.xml")[:65536]:  # its namespace is declared on the root element
            raise FileProblem(name, SAVED_AS["strict"], advice=SAVE_AS_XLSX)
        return package
    except (zipfile.BadZipFile, zlib.error) as exc:  # zlib: a part's deflate stream is broken
        _close(archive)
        raise FileProblem(
            name, "filen är trasig (skadad zip).", advice=f"Spara om arbetsboken och skicka igen. {HALF_SYNCED}"
        ) from exc
    except (EOFError, zipfile.LargeZipFile, NotImplementedError, OSError, RuntimeError) as exc:
        _close(archive)
        raise FileProblem(name, "filen är trasig och kan inte packas upp.", advice=RESEND) from exc
    except BaseException:
        _close(archive)
        raise


def _zip_advice(name: str, members: set[str]) -> str:
    """An archive sent as it is (a .zip, or one holding a workbook) is unpacked; any other zip is no template."""
    if name.lower().endswith(".zip") or any(m.lower().endswith((".xlsx", ".xlsm")) for m in members):
        return "Packa upp arkivet och lägg arbetsboken i inkorgen."
    return USE_TEMPLATE


def _close(archive: zipfile.ZipFile | None) -> None:
    if archive is not None:
        archive.close()


def _check_member(package: Package, member: zipfile.ZipInfo, name: str) -> None:
    """Refuse members that inflate absurdly, and XML parts with DTDs or entities."""
    if (
        member.compress_size
        and member.file_size / member.compress_size > MAX_MEMBER_RATIO
        and member.file_size > 5_000_000
    ):
        raise FileProblem(
            name,
            f'delen "{member.filename}" packas upp {member.file_size // member.compress_size} gånger (zip-bomb?) och avvisas.',
            Rule.FILE_HOSTILE,
        )
    if not member.filename.endswith((".xml", ".rels", ".vml")):
        return
    known = _passed_before(package, member)
    if known is not None:  # the very stored bytes of a part that passed: the same part, the same verdict
        _hold(package, member, known)
        return
    whole = _read_whole(package, member)
    with io.BytesIO(whole) if whole is not None else package.zip.open(member) as handle:
        # Only the prolog: a DTD must come before the root element. A member that lies
        # about its size cannot inflate beyond it either: zipfile stops at the declared
        # size and fails the CRC, which the readers report as a broken file.
        verdict = prolog_verdict(handle, whole)
    if verdict == "dtd":
        raise FileProblem(
            name, f'delen "{member.filename}" innehåller DTD/entiteter (XML-attack?) och avvisas.', Rule.FILE_HOSTILE
        )
    if verdict == "long":
        raise FileProblem(
            name,
            f'delen "{member.filename}" har en orimligt lång inledning före XML-innehållet och avvisas.',
            Rule.FILE_HOSTILE,
        )
    if whole is not None:
        _hold(package, member, whole)
        _remember(package, member, whole)
    elif member.filename in package.parts:  # a later entry of the name is the one zipfile reads, not the held one
        package.held -= len(package.parts.pop(member.filename))


def _hold(package: Package, member: zipfile.ZipInfo, whole: bytes) -> None:
    package.held += len(whole) - len(package.parts.get(member.filename, b""))  # a repeated name replaces
    package.parts[member.filename] = whole


# (method, CRC, size) -> (stored bytes, part) that passed; a template's files share most parts (styles, theme, ...)
_PASSED: dict[tuple[int, int, int], tuple[bytes, bytes]] = {}
PASSED_MAX, PASSED_MAX_PART = 128, 64 << 10  # bounded: at most 16 MiB held, the first parts met


def _passed_before(package: Package, member: zipfile.ZipInfo) -> bytes | None:
    """The part, when its stored bytes equal those of a part that passed (and it fits the package's budget)."""
    found = _PASSED.get((member.compress_type, member.CRC, member.file_size))
    if found is None or len(found[0]) != member.compress_size or not _fits(package, member):
        return None
    zip_ = package.zip
    return found[1] if isinstance(zip_, MemoryZip) and zip_.compressed(member) == found[0] else None


def _remember(package: Package, member: zipfile.ZipInfo, whole: bytes) -> None:
    """Keep a part that passed, read whole through zipfile's checks (so its length and CRC are the entry's)."""
    zip_, most = package.zip, max(len(whole), member.compress_size)  # stored bytes too: junk may follow a stream
    if len(_PASSED) >= PASSED_MAX or most > PASSED_MAX_PART or not isinstance(zip_, MemoryZip):
        return
    if (raw := zip_.compressed(member)) is not None:
        _PASSED.setdefault((member.compress_type, member.CRC, member.file_size), (raw, whole))


def _fits(package: Package, member: zipfile.ZipInfo) -> bool:
    """The part is small enough to be held whole, and so is the package with it."""
    return member.file_size <= PART_CACHE_BYTES and package.held + member.file_size <= PACKAGE_CACHE_BYTES


def _read_whole(package: Package, member: zipfile.ZipInfo) -> bytes | None:
    """A small part read whole (one unzip for scan and reader), or None: too large, or it fails to unzip.

    A part that fails (bad CRC, broken deflate) is scanned by streaming its prolog as
    before, so its verdict does not change: the reader reports it when it reads it.
    """
    if not _fits(package, member):
        return None
    try:
        return package.zip.read(member)
    except Exception:  # the streaming scan meets the same problem as before, or none
        return None


_REMEMBERED: dict[tuple[Any, ...], Any] = {}  # (reader, parts) -> what it read: the files of one template share parts


def remembered(read: Callable[..., T], *parts: bytes) -> T:
    """``read(*parts)``, kept for the next file with the same parts; an exception is raised each time, never kept."""
    key = (read, *parts)
    found = _REMEMBERED.get(key)
    if found is None:
        found = read(*parts)
        if len(_REMEMBERED) < 32 and sum(map(len, parts)) < 1 << 20:  # bounded: at most 32 MiB held
            _REMEMBERED[key] = found
    return found


def parse_part(data: bytes) -> Any:
    """An XML part as an element tree, parsed in C.

    The part is bytes the safety scan read and passed (no DTD in its prolog, and a
    DTD cannot come later), so there is nothing for defusedxml to refuse; a part
    that mentions a DTD anywhere still goes through defusedxml, as before.
    """
    if DTD_RE.search(data):
        return fromstring(data)
    return ElementTree.fromstring(data)


def open_workbook(path: str | Path, data_only: bool = True, read_only: bool = True) -> Any:
    """Inspect, then open with openpyxl; any failure becomes a FileProblem."""
    from openpyxl import load_workbook

    path = Path(path)
    inspect_file(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions; not the user's concern
            return load_workbook(path, read_only=read_only, data_only=data_only, keep_links=False)
    except FileProblem:
        raise
    except Exception as exc:  # openpyxl raises many types on malformed parts
        raise FileProblem(
            path.name,
            "arbetsboken kan inte läsas.",
            advice=RESEND,
        ) from exc
