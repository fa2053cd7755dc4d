"""Findings: problems in the content of a plan or a submission, as data.

Each finding has a stable rule id, a severity, and an exact position (file,
sheet, cell) so a controller can go straight to it. Findings are collected,
never raised: one bad cell must not hide the next.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "fel"
    WARNING = "varning"


# rule id -> short Swedish title (shown in feedback and Avvikelser sheets)
RULES: dict[str, str] = {
    "required-missing": "Obligatoriskt värde saknas",
    "not-a-number": "Inte ett tal",
    "out-of-range": "Värde utanför tillåtet intervall",
    "status-invalid": "Status finns inte i listan",
    "netto-mismatch": "Netto stämmer inte med delarna",
    "forecast-no-comment": "Prognosavvikelse utan kommentar",
    "target-missed-no-analysis": "Mål ej uppfyllt utan analys",
    "structure-changed": "Mallens struktur har ändrats",
    "formula-no-cache": "Formel utan beräknat värde",
    "file-unreadable": "Filen kan inte läsas",
    "file-hostile": "Filen avvisas av säkerhetsskäl",
    "not-a-template": "Filen är ingen rapportmall",
    "template-version": "Gammal mallversion",
    "wrong-period": "Fel period",
    "unknown-division": "Okänd division",
    "duplicate-division": "Flera filer för samma division",
    "plan-changed": "Mallen skapades från en annan version av planen",
    "macros": "Filen innehåller makron",
    "budget-deviation": "Avvikelse mot budget",
    "forecast-deficit": "Helårsprognos sämre än budgetram",
    "missing-submission": "Inlämning saknas",
    "plan-invalid": "Fel i planen",
}


@dataclass(frozen=True)
class Finding:
    """One problem, pointing at the cell that holds it."""

    severity: Severity
    rule: str
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    division: str = ""

    @property
    def title(self) -> str:
        return RULES.get(self.rule, self.rule)

    @property
    def where(self) -> str:
        """ "Nyckeltal!F9" style reference, or the sheet alone, or nothing."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def __str__(self) -> str:
        place = f"{self.file}: " if self.file else ""
        where = f"{self.where}: " if self.where else ""
        return f"{place}{where}{self.message}"

    def as_row(self) -> dict[str, str]:
        row = asdict(self)
        row["severity"] = self.severity.value
        row["title"] = self.title
        return row


def error(rule: str, message: str, **where: str) -> Finding:
    return Finding(Severity.ERROR, rule, message, **where)


def warning(rule: str, message: str, **where: str) -> Finding:
    return Finding(Severity.WARNING, rule, message, **where)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
