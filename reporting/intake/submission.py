"""What intake hands to consolidation: one typed submission per reporting party, and one result per file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from reporting.findings import Finding, Rule
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter, reporter_key
from reporting.template.answers import Answers


@dataclass(frozen=True)
class Submission:
    """What one division (or unit) reported, with the file and SHA-256 every value came from.

    A division combined from its units' files has ``parts``: the unit submissions,
    so each of its values can still be traced to a file and cell.
    """

    reporter: Reporter
    period: Period
    file: str
    sha256: str
    answers: Answers = field(default_factory=Answers)
    template_id: str = ""
    template_version: str = ""
    plan_hash: str = ""
    created: str = ""
    missing_sheets: tuple[str, ...] = ()
    received: str = ""  # when intake archived it
    parts: tuple[Submission, ...] = ()

    @property
    def division_id(self) -> str:
        return self.reporter.division_id

    @property
    def unit_id(self) -> str:
        return self.reporter.unit_id

    @property
    def key(self) -> str:
        return self.reporter.key


OTHER_PERIOD_RULES = (Rule.EARLIER_PERIOD, Rule.LATER_PERIOD)  # a leftover waiting for (or done with) its own run


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
    named: tuple[str, ...] = ()  # divisions the file's name names when it is another's template (name-mismatch)

    @property
    def accepted(self) -> bool:
        return self.submission is not None

    @property
    def for_another_period(self) -> bool:
        """Not used, as a file of another period left in the inbox (earlier, or later and over), not for an error."""
        return not self.accepted and any(f.rule in OTHER_PERIOD_RULES for f in self.findings)

    @property
    def reporter(self) -> str:
        """The reporting party's key ("MED", "MED/AKUT"), known once the file's identity is read."""
        return reporter_key(self.division_id, self.unit_id)


class _Party(Protocol):
    """A file or submission of a division (``unit_id`` "") or of one of its units."""

    @property
    def division_id(self) -> str: ...

    @property
    def unit_id(self) -> str: ...


P = TypeVar("P", bound=_Party)


def own_file_wins(parties: Sequence[P]) -> tuple[list[P], list[P]]:
    """(used, set aside): a division's own file wins, so its units' files are set aside.

    The one place the rule is declared: rollup combines only what is used, and the run's
    findings (``IntakeResult.findings``, Inlämningar, återkoppling) count only those files.
    """
    own = {p.division_id for p in parties if not p.unit_id}
    used: list[P] = []
    aside: list[P] = []
    for party in parties:
        (aside if party.unit_id and party.division_id in own else used).append(party)
    return used, aside
