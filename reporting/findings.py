"""Findings: problems in the content of a plan or a submission, as data.

Each finding has a rule (a stable id with a Swedish title, a category and a
message template), a severity, and an exact position (file, sheet, cell,
division) kept in fields of its own and never repeated inside the message.
Findings are collected, never raised: one bad cell must not hide the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from reporting.finding_rules import NUMBER_ADVICE as NUMBER_ADVICE
from reporting.finding_rules import OPTIONAL_FIELDS as OPTIONAL_FIELDS
from reporting.finding_rules import Category, Rule


class Severity(str, Enum):
    ERROR = "fel"
    WARNING = "varning"


@dataclass(frozen=True)
class Finding:
    """One problem, pointing at the cell that holds it."""

    severity: Severity
    rule: Rule
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    division: str = ""

    @property
    def title(self) -> str:
        return self.rule.heading

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

    def as_dict(self) -> dict[str, str]:
        """Plain values for JSON, CSV and tables: position fields, rule id, severity word, message."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "division": self.division,
            "rule": self.rule.value,
            "title": self.rule.heading,
            "category": self.rule.category.value,
            "severity": self.severity.value,
            "message": self.message,
        }


def error(rule: Rule, *, file: str = "", sheet: str = "", cell: str = "", division: str = "", **fields: Any) -> Finding:
    """An error: the file is consolidated, but the controller must correct it."""
    return Finding(Severity.ERROR, rule, rule.render(**fields), file, sheet, cell, division)


def warning(
    rule: Rule, *, file: str = "", sheet: str = "", cell: str = "", division: str = "", **fields: Any
) -> Finding:
    """A warning: worth a look, nothing has to change."""
    return Finding(Severity.WARNING, rule, rule.render(**fields), file, sheet, cell, division)


# Errors that no correction of the file mends: it was made from an older template (version, or a plan changed
# since: a frame, a row), so the controller fills in the period's new template instead
NEW_TEMPLATE_RULES = frozenset({Rule.TEMPLATE_VERSION, Rule.FRAME_CHANGED, Rule.PLAN_ROW_CHANGED})
FILE_LEVEL = (Category.FILE, Category.IDENTITY)  # about the whole file: said before any cell's error


def telling_error(findings: list[Finding]) -> Finding | None:
    """The error that tells most about why a file was not used: the first about the whole file (wrong template,
    version or period), else about its structure, else about a cell's content; None without errors."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    rank = {**dict.fromkeys(FILE_LEVEL, 0), Category.STRUCTURE: 1}
    return min(errors, key=lambda f: rank.get(f.rule.category, 2)) if errors else None


def needs_new_template(findings: list[Finding]) -> bool:
    """Whether some error says the file is from an older template: only the new template mends it."""
    return any(f.severity is Severity.ERROR and f.rule in NEW_TEMPLATE_RULES for f in findings)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
