"""What intake hands to consolidation: one submission per reporting party, and one result per file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporting.findings import Finding
from reporting.plan.periods import Period


def reporter_key(division_id: str, unit_id: str = "") -> str:
    """ "MED" for a division's own file, "MED/AKUT" for a unit's: the key of one reporting party."""
    return f"{division_id}/{unit_id}" if unit_id else division_id


@dataclass
class Submission:
    """What one division reported: values[sheet][row id][column key], cells[...] = "F9"."""

    division_id: str
    period: Period
    file: str
    sha256: str
    template_id: str = ""
    template_version: str = ""
    plan_hash: str = ""
    created: str = ""
    values: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    cells: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    missing_sheets: list[str] = field(default_factory=list)
    received: str = ""  # when intake archived it
    unit_id: str = ""  # set when a unit (not the whole division) reported

    @property
    def reporter(self) -> str:
        return reporter_key(self.division_id, self.unit_id)

    def get(self, sheet: str, row_id: str, key: str) -> Any:
        return self.values.get(sheet, {}).get(row_id, {}).get(key)

    def cell(self, sheet: str, row_id: str, key: str) -> str:
        return self.cells.get(sheet, {}).get(row_id, {}).get(key, "")


@dataclass
class FileResult:
    """The outcome of reading one file: a submission (or None) and its findings."""

    path: Path
    sha256: str
    findings: list[Finding]
    submission: Submission | None = None
    division_id: str = ""
    period: str = ""
    template_version: str = ""
    unit_id: str = ""

    @property
    def accepted(self) -> bool:
        return self.submission is not None

    @property
    def reporter(self) -> str:
        return reporter_key(self.division_id, self.unit_id)
