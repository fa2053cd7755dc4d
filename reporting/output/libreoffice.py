"""LibreOffice headless: PDF output for meeting papers and the real-client round trip in tests.

Every run gets a throw-away user profile whose settings name the locale sv-SE, so numbers
and dates print the Swedish way ("−3 158,3") even on a machine without a generated sv_SE
system locale (where LANG=sv_SE.UTF-8 would break the conversion instead). PDFs are tagged
(PDF/UA), carry bookmarks per sheet, and show the document's title instead of its file name.

A program that converts many times (the tests) can keep one office running with ``running_office``:
every conversion in the process then hands its files to that office instead of starting its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reporting.atomic import atomic_path
from reporting.errors import LibreOfficeMissing, ReportingError
from reporting.text import and_joined, seconds

LOCALE = "sv-SE"
DETAIL_MAX = 160  # characters of LibreOffice's own words quoted in an error
PDF_OPTIONS = {  # calc_pdf_Export filter options (as JSON on the command line: LibreOffice ≥ 7.4)
    "UseTaggedPDF": True,  # structure tags: headings, tables, reading order for screen readers
    "PDFUACompliance": True,  # PDF/UA (universal accessibility)
    "ExportBookmarks": True,  # one bookmark per sheet
    "DisplayPDFDocumentTitle": True,  # the reader's window shows the title, not the file name
}
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse"><value>{locale}</value></prop></item>
</oor:items>
"""
# An empty flat ODS spreadsheet: kept open (hidden) by a running office, so it does not quit after a conversion
_KEEP_OPEN = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2" \
office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet/></office:body>\
</office:document>
"""


def soffice_path() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def write_profile(folder: str | Path, locale: str = LOCALE) -> str:
    """A fresh LibreOffice user profile in ``folder`` set to ``locale``; return its -env:UserInstallation URL."""
    user = Path(folder) / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_REGISTRY.format(locale=locale), encoding="utf-8")
    return Path(folder).resolve().as_uri()


def filter_for(target_format: str) -> str:
    """The --convert-to argument for "pdf", "xlsx" or "ods" (anything else is passed through)."""
    if target_format == "pdf":
        options = {name: {"type": "boolean", "value": str(value).lower()} for name, value in PDF_OPTIONS.items()}
        return "pdf:calc_pdf_Export:" + json.dumps(options, separators=(",", ":"))
    return {"xlsx": "xlsx:Calc MS Excel 2007 XML", "ods": "ods"}.get(target_format, target_format)


def _binary() -> str:
    """The soffice binary, or LibreOfficeMissing with how to install it."""
    binary = soffice_path()
    if binary is None:
        raise LibreOfficeMissing(
            "LibreOffice (soffice) är inte installerat och behövs för PDF. Installera det "
            "(Debian/Ubuntu: apt-get install libreoffice-calc) eller kör utan --pdf."
        )
    return binary


def require_office() -> None:
    """Before a run that writes PDFs: LibreOfficeMissing now, not after the report and the archive are written."""
    _binary()


class Office:
    """One headless LibreOffice kept running with its own Swedish throw-away profile.

    ``soffice --convert-to`` started with the same profile does not start a second office: it
    hands its files to this one over LibreOffice's own pipe and waits until they are written.
    A hidden open document keeps the office from quitting after each conversion.
    """

    def __init__(self, start_timeout: float = 60) -> None:
        self.start_timeout = start_timeout
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self.options: list[str] = []

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the office; return once it has the kept document open (its lock file exists).

        Only then does it take requests without quitting after them: a request that comes while
        it is still starting would end it once converted, as no document was open yet.
        """
        binary = _binary()
        self._folder = tempfile.TemporaryDirectory(prefix="lo-office-")
        folder = Path(self._folder.name)
        self.options = [f"-env:UserInstallation={write_profile(folder)}"]
        keep = folder / "open.fods"
        keep.write_text(_KEEP_OPEN, encoding="utf-8")
        command = [binary, *self.options, "--headless", "--norestore", str(keep)]
        self._process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + self.start_timeout
        while not (folder / f".~lock.{keep.name}#").exists():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise ReportingError(
                    "LibreOffice gick inte att starta. Kontrollera installationen (soffice) och försök igen."
                )
            time.sleep(0.02)

    def stop(self) -> None:
        """End the office (its whole process group) and remove its profile."""
        if self._process is not None:
            if self._process.poll() is None:
                os.killpg(self._process.pid, signal.SIGTERM)
                try:
                    self._process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(self._process.pid, signal.SIGKILL)
                    self._process.wait()
            self._process = None
        if self._folder is not None:
            if self.options:
                _pipe(self.options[0].partition("=")[2]).unlink(missing_ok=True)
            self._folder.cleanup()
            self._folder = None


def _pipe(profile: str) -> Path:
    """The socket of an office's pipe, which a killed office leaves behind in /tmp.

    LibreOffice names it after the MD5 of the profile URL (UTF-16), each byte in hex without padding.
    """
    digest = hashlib.md5(profile.encode("utf-16-le"), usedforsecurity=False).digest()
    return Path("/tmp") / f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{''.join(format(b, 'x') for b in digest)}"


_shared: Office | None = None


@contextmanager
def running_office() -> Iterator[Office]:
    """One office for every conversion in this process until the block ends (tests convert hundreds of times)."""
    global _shared
    office, previous = Office(), _shared
    office.start()
    _shared = office
    try:
        yield office
    finally:
        _shared = previous
        office.stop()


class ConversionFailed(ReportingError):
    """LibreOffice made no file of ``failed`` (their names): ``reason`` says how it ended, in Swedish;
    ``detail`` is LibreOffice's own first line that says something (its warnings say nothing), or ""."""

    def __init__(self, failed: list[str], reason: str, detail: str = "") -> None:
        self.failed, self.reason, self.detail = failed, reason, detail
        quoted = f" LibreOffice skrev: ”{detail}”." if detail else ""
        super().__init__(f"LibreOffice kunde inte konvertera {named(failed)}: {reason}.{quoted} Försök igen.")


def named(files: Sequence[str]) -> str:
    """ "a.xlsx", "a.xlsx och b.xlsx", "4 filer (a.xlsx, …)": a batch's files in one line, however many."""
    return and_joined(list(files)) if len(files) <= 2 else f"{len(files)} filer ({files[0]}, …)"


def convert(source: str | Path, target_format: str, out_dir: str | Path, timeout: float = 180) -> Path:
    """Convert ``source`` with LibreOffice ("pdf", "xlsx", "ods"); return the written file.

    Each call uses its own throw-away user profile (or the running office's, see
    ``running_office``), so runs never collide with an open LibreOffice window or with each
    other. LibreOffice writes into a hidden temporary folder beside the target; the result is
    renamed into place only when the conversion succeeded, so a crash never leaves half a PDF
    under the final name.
    """
    return convert_many([source], target_format, out_dir, timeout)[0]


def convert_many(
    sources: Sequence[str | Path], target_format: str, out_dir: str | Path, timeout: float | None = None
) -> list[Path]:
    """Convert several files with one LibreOffice start; return the written files in the order given.

    As ``convert``: one throw-away profile (or the running office), each result renamed into place
    on its own. Files that converted are kept when another fails; then ConversionFailed names those
    that did not and how LibreOffice ended. ``timeout`` (seconds, for the whole batch) defaults to 120 plus 30 per file.
    """
    binary = _binary()
    paths = [Path(s).resolve() for s in sources]
    if not paths:
        return []
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [out_dir / f"{p.stem}.{target_format}" for p in paths]
    if len(set(targets)) != len(targets):
        raise ValueError("two sources would convert to the same file name: " + ", ".join(p.name for p in paths))
    limit = timeout if timeout is not None else 120 + 30 * len(paths)
    with (
        tempfile.TemporaryDirectory(prefix="lo-profile-") as profile,
        tempfile.TemporaryDirectory(prefix=".lo-out-", dir=out_dir) as scratch,
    ):
        office = _shared if _shared is not None and _shared.running else None
        options = office.options if office else [f"-env:UserInstallation={write_profile(profile)}"]
        command = [
            binary,
            *options,
            "--headless",
            "--norestore",
            "--convert-to",
            filter_for(target_format),
            "--outdir",
            scratch,
            *map(str, paths),
        ]
        try:
            result = _run_office(command, limit)
        except subprocess.TimeoutExpired as exc:
            raise ConversionFailed(
                [p.name for p in paths], f"LibreOffice blev inte klart inom {seconds(limit)}"
            ) from exc
        failed = []
        for source, target in zip(paths, targets):
            produced = Path(scratch) / target.name
            if result.returncode != 0 or not produced.is_file():
                failed.append(source.name)
                continue
            with atomic_path(target) as temp:
                os.replace(produced, temp)
        if failed:
            raise ConversionFailed(failed, _ended(result.returncode, target_format), _detail(result.stderr))
    return targets


def _run_office(command: list[str], limit: float) -> subprocess.CompletedProcess[str]:
    """Run a converting office in a process group of its own, and end the whole group if the run does not wait for
    it (a timeout, Ctrl-C, a stop signal): killing only the launcher left soffice.bin writing into folders being
    removed, and its profile in /tmp."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = process.communicate(timeout=limit)
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _ended(returncode: int, target_format: str) -> str:
    """How a conversion that wrote nothing ended, for the user: killed, failed with a code, or silent."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"LibreOffice avbröts ({name}), som när det kraschar eller stoppas av systemet vid minnesbrist"
    if returncode > 0:
        return f"LibreOffice avslutades med felkod {returncode}"
    return f"LibreOffice skrev ingen {target_format.upper()}-fil"


_NOISE = ("warning", "javaldx", "java may not function")  # printed by every start, on any machine without Java


def _detail(stderr: str | None) -> str:
    """The first line of LibreOffice's stderr that is not start-up noise, cut short; "" when none is left."""
    for line in (stderr or "").splitlines():
        line = " ".join(line.split())
        if line and not any(word in line.lower() for word in _NOISE):
            return line if len(line) <= DETAIL_MAX else line[: DETAIL_MAX - 1] + "…"
    return ""
