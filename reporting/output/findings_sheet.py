"""The findings table shared by the report's Avvikelser sheet and the feedback workbooks."""

from __future__ import annotations

from typing import Any

from reporting.findings import Finding, Severity
from reporting.xlsx.write import Formats, row_height


def write_findings(ws: Any, fmt: Formats, findings: list[Finding], row: int, link_to: str | None = None) -> int:
    """Findings as a table; with ``link_to`` (the division's file name) each cell reference is a link."""
    headers = ["Allvarlighet", "Division", "Fil", "Flik", "Cell", "Regel", "Beskrivning"]
    widths = [11, 24, 34, 14, 8, 30, 80]
    for col, (header, width) in enumerate(zip(headers, widths)):
        ws.write_string(row, col, header, fmt.header)
        ws.set_column(col, col, width)
    ordered = sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, f.division, f.file, f.sheet))
    for offset, f in enumerate(ordered, start=1):
        word = "Ej uppfyllt" if f.severity is Severity.ERROR else "Delvis uppfyllt"
        ws.write_string(row + offset, 0, f.severity.value, fmt.status(word))
        for col, value in enumerate([f.division, f.file, f.sheet], start=1):
            ws.write_string(row + offset, col, value, fmt.text)
        if link_to and f.sheet and f.cell:
            ws.write_url(row + offset, 4, f"external:{link_to}#'{f.sheet}'!{f.cell}", fmt.text, f.cell)
        else:
            ws.write_string(row + offset, 4, f.cell, fmt.text)
        ws.write_string(row + offset, 5, f.title, fmt.text)
        ws.write_string(row + offset, 6, f.message, fmt.text)
        ws.set_row(row + offset, row_height(["", f.division, f.file, "", "", f.title, f.message], widths))
    if not findings:
        ws.write_string(row + 1, 0, "Inga avvikelser.", fmt.text)
    ws.autofilter(row, 0, row + max(len(findings), 1), len(headers) - 1)
    return row + len(findings) + 1
