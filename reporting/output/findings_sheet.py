"""The findings table shared by the report's Avvikelser sheet and the feedback workbooks."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from reporting.findings import Finding, Severity
from reporting.xlsx.write import Formats, row_height

# A link may only point at a plain file name in the feedback's own folder: no folder, drive, host or
# scheme, no "#" (which would start the in-file location), nothing percent-encoded.
_UNSAFE_NAME = re.compile(r'[\\/:#%?*"<>|]')
_CELL = re.compile(r"^\$?[A-Z]{1,3}\$?[1-9][0-9]{0,6}$")
_SHEET_UNSAFE = re.compile(r"[\\/:?*\[\]'#]")
FINDINGS_WIDTHS = [12, 16, 20, 11, 6, 18, 41]  # 124 characters: printed at ≥ 80 %, long text wraps


def safe_link_target(name: str | None) -> str | None:
    """``name`` when it is a plain file name to link to in the same folder; None for anything else.

    Refused: UNC and absolute paths, drives, URLs and other schemes, sub-folders, "." and "..",
    names with "#", "%", control characters or characters Windows does not allow in a file name.
    """
    if not name or name != name.strip() or len(name) > 200 or name in {".", ".."} or name.startswith("."):
        return None
    if _UNSAFE_NAME.search(name) or any(unicodedata.category(ch).startswith("C") for ch in name):
        return None
    return name


def _link(file_name: str | None, sheet: str, cell: str) -> str | None:
    """The ``external:`` URL of a cell in a sender's file, or None when any part is not plain."""
    target = safe_link_target(file_name)
    if target is None or not _CELL.match(cell or "") or not sheet or _SHEET_UNSAFE.search(sheet):
        return None
    return f"external:{target}#'{sheet}'!{cell}"


def write_findings(ws: Any, fmt: Formats, findings: list[Finding], row: int, link_to: str | None = None) -> int:
    """Findings as a table; with ``link_to`` (the division's file name) each cell reference is a link into the
    finding's own file (``link_to`` for a finding without one).

    The link only ever points at a plain file name in the same folder (see ``safe_link_target``);
    otherwise the cell reference is written as plain text.
    """
    headers = ["Allvarlighet", "Division", "Fil", "Flik", "Cell", "Regel", "Beskrivning"]
    widths = FINDINGS_WIDTHS
    for col, (header, width) in enumerate(zip(headers, widths)):
        ws.write_string(row, col, header, fmt.header)
        ws.set_column(col, col, width)
    ws.set_row(row, row_height(headers, widths))
    ordered = sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, f.division, f.file, f.sheet))
    for offset, f in enumerate(ordered, start=1):
        word = "Ej uppfyllt" if f.severity is Severity.ERROR else "Delvis uppfyllt"
        ws.write_string(row + offset, 0, f.severity.value, fmt.status(word))
        for col, value in enumerate([f.division, f.file, f.sheet], start=1):
            ws.write_string(row + offset, col, value, fmt.text)
        target = f.file or link_to  # the file the finding is in: the division's, or another it sent
        url = _link(target, f.sheet, f.cell) if link_to and target else None
        # write_url returns a negative number (and writes nothing) for a URL it refuses: then plain text
        if url is None or ws.write_url(row + offset, 4, url, fmt.text, f.cell) < 0:
            ws.write_string(row + offset, 4, f.cell, fmt.text)
        ws.write_string(row + offset, 5, f.title, fmt.text)
        ws.write_string(row + offset, 6, f.message, fmt.text)
        shown = [f.severity.value, f.division, f.file, f.sheet, f.cell, f.title, f.message]
        ws.set_row(row + offset, row_height(shown, widths))
    if not findings:
        ws.write_string(row + 1, 0, "Inga avvikelser.", fmt.text)
    ws.autofilter(row, 0, row + max(len(findings), 1), len(headers) - 1)
    return row + len(findings) + 1
