"""Which of a filled file's sheets is a template sheet, when the controller renamed it.

Excel takes sheet names without regard to case, and a name typed again gets a stray space or the division's
name ("Nyckeltal MED"): such a sheet is still the template's, and its defined header name (``rpt_header_…``),
which Excel and LibreOffice move with the sheet, says so. It is read with a warning, instead of "missing"
with all its answers dropped.
"""

from __future__ import annotations

from typing import Any

from reporting.findings import Severity
from reporting.template.spec import DATA_SHEETS, SheetSpec


def _plain(name: str) -> str:
    return " ".join(name.split()).casefold()


def sheet_of(book: Any, spec: SheetSpec) -> str | None:
    """The name ``spec``'s sheet has in ``book``: its own, the same but for case and spaces, or the sheet its
    header's defined name points at; None when the file has no such sheet."""
    names = list(book.sheetnames)
    if spec.name in names:
        return spec.name
    others = {s.name for s in DATA_SHEETS if s.name != spec.name}
    alike = [n for n in names if _plain(n) == _plain(spec.name) and n not in others]
    if len(alike) == 1:
        return alike[0]
    marked = {sheet for sheet, _ in book.defined_names.get(spec.header_name, []) if sheet in names}
    marked -= others
    return marked.pop() if len(marked) == 1 else None


def sheet_finding(spec: SheetSpec, name: str | None) -> tuple[Severity, dict[str, str]]:
    """The structure finding on a sheet that is missing (an error: its answers are not read) or renamed (a
    warning: it is read); its severity and message fields."""
    if name is None:
        return Severity.ERROR, {
            "problem": f'Fliken "{spec.name}" saknas',
            "fix": "Använd en ny mall eller återställ fliken",
        }
    return Severity.WARNING, {
        "problem": f'Fliken "{spec.name}" heter "{name}" i filen',
        "fix": f'Den läses ändå; döp om den till "{spec.name}" nästa gång',
    }
