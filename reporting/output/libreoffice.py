"""LibreOffice headless: PDF output for meeting papers and the real-client round trip in tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from reporting.atomic import atomic_path
from reporting.errors import LibreOfficeMissing, ReportingError


def soffice_path() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: str | Path, target_format: str, out_dir: str | Path, timeout: int = 180) -> Path:
    """Convert ``source`` with LibreOffice ("pdf", "xlsx", "ods"); return the written file.

    Each call uses its own throw-away user profile, so runs never collide with an
    open LibreOffice window or with each other. LibreOffice writes into a hidden
    temporary folder beside the target; the result is renamed into place only when
    the conversion succeeded, so a crash never leaves half a PDF under the final name.
    """
    binary = soffice_path()
    if binary is None:
        raise LibreOfficeMissing(
            "LibreOffice (soffice) is not installed; install it for PDF output "
            "(Debian/Ubuntu: apt-get install libreoffice-calc)"
        )
    source, out_dir = Path(source).resolve(), Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "pdf": "pdf:calc_pdf_Export", "ods": "ods"}
    target = out_dir / f"{source.stem}.{target_format}"
    with (
        tempfile.TemporaryDirectory(prefix="lo-profile-") as profile,
        tempfile.TemporaryDirectory(prefix=".lo-out-", dir=out_dir) as scratch,
    ):
        command = [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            filters.get(target_format, target_format),
            "--outdir",
            scratch,
            str(source),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise ReportingError(f"LibreOffice timed out converting {source.name}") from exc
        produced = Path(scratch) / target.name
        if result.returncode != 0 or not produced.is_file():
            raise ReportingError(
                f"LibreOffice could not convert {source.name}: {(result.stderr or result.stdout).strip()[:300]}"
            )
        with atomic_path(target) as temp:
            os.replace(produced, temp)
    return target
