"""Who reports: a division, or one of its units. One value with its key, display name and file name."""

from __future__ import annotations

from dataclasses import dataclass, field

from reporting.plan.model import Division, Plan, Unit

FILE_NAME_FORBIDDEN = '\\/:*?"<>|'


UNIT_SEPARATOR = " / "  # between a division's and its unit's names in ``Reporter.name``
KEY_SEPARATOR = "/"  # between a division's and its unit's ids in a reporter's key ("MED/AKUT")


def reporter_key(division_id: str, unit_id: str = "") -> str:
    """ "MED" for a division's own file, "MED/AKUT" for a unit's: the key of one reporting party, as the intake
    log, the archive's index, the withdrawals and the history spell it."""
    return f"{division_id}{KEY_SEPARATOR}{unit_id}" if unit_id else division_id


def key_division(key: str) -> str:
    """The division id of a reporter's key ("MED/AKUT" and "MED" are MED's)."""
    return key.split(KEY_SEPARATOR, 1)[0]


def key_unit(key: str) -> str:
    """The unit id of a reporter's key ("MED/AKUT" -> "AKUT"; "" for a division's own key)."""
    return key.partition(KEY_SEPARATOR)[2]


def concerns(reporter_name: str, division: Division) -> bool:
    """Whether a finding's ``division`` (a ``Reporter.name``) is this division's: its own or one of its units'."""
    return reporter_name == division.name or reporter_name.startswith(f"{division.name}{UNIT_SEPARATOR}")


@dataclass(frozen=True)
class Reporter:
    division: Division
    unit: Unit | None = None
    # a unit's name in its template when the plan has renamed the unit since (same id): the plan's Investeringar
    # may still name the unit so (``Plan.investments_of``); not part of who reports
    former_name: str = field(default="", compare=False)

    @classmethod
    def of(cls, plan: Plan, division_id: str, unit_id: str = "") -> Reporter:
        return cls(plan.division(division_id), plan.unit(unit_id) if unit_id else None)

    @property
    def division_id(self) -> str:
        return self.division.id

    @property
    def unit_id(self) -> str:
        return self.unit.id if self.unit else ""

    @property
    def key(self) -> str:
        """ "MED" for a division's own file, "MED/AKUT" for a unit's: the key of one reporting party."""
        return reporter_key(self.division.id, self.unit_id)

    @property
    def name(self) -> str:
        """ "Division Medicin", or "Division Medicin / Akutvård" for a unit: how people see it everywhere."""
        return f"{self.division.name}{UNIT_SEPARATOR}{self.unit.name}" if self.unit else self.division.name

    @property
    def own_name(self) -> str:
        """A unit's own name ("Akutvård"), a division's its name: how a unit is named within its division."""
        return self.unit.name if self.unit else self.division.name

    def file_name(self, period_key: str, kind: str = "") -> str:
        """ "2025-T1 Division Medicin - Akutvård.xlsx" (``kind`` e.g. "Återkoppling" goes after the period)."""
        base = f"{self.division.name} - {self.unit.name}" if self.unit else self.division.name
        safe = "".join(ch for ch in base if ch not in FILE_NAME_FORBIDDEN).strip()
        middle = f" {kind}" if kind else ""
        return f"{period_key}{middle} {safe}.xlsx"
