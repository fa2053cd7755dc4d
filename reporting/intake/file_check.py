"""One file checked as the consolidating run would judge it (``reporting check``): against its period's plan
(``plan.period_plans``), and a file the archive holds for its own period told as that period's leftover, not as a
wrong template. Only reads: nothing is archived or logged."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reporting.findings import Finding, Rule, Severity, error
from reporting.intake.archive import load_index
from reporting.intake.checking import check_file
from reporting.intake.leftovers import archived_leftovers
from reporting.plan.period_plans import PeriodPlans
from reporting.plan.periods import Period
from reporting.text import printable


@dataclass(frozen=True)
class Checked:
    """A file's findings, and whether it passed: accepted with no errors (a file of another period is not)."""

    findings: list[Finding]
    passed: bool


class FileChecks:
    """Files of ``period`` (None: each of its own period) checked one at a time against ``plans``; the archive's
    index is read once for all of them."""

    def __init__(self, plans: PeriodPlans, period: Period | None, careful: bool = False) -> None:
        self.plans, self.period, self.careful = plans, period, careful
        self._index: list[dict[str, str]] | None = None

    def archived(self) -> list[dict[str, str]]:
        """The workspace archive's index ([] without an archive)."""
        if self._index is None:
            ws = self.plans.ws
            self._index = load_index(ws) if ws.archive.is_dir() else []
        return self._index

    def check(self, path: Path) -> Checked:
        """The findings of one file: a folder or a missing file is one error, not an exception that ends the rest."""
        if not path.is_file():
            problem = (
                "det är en mapp, inte en fil. Ange filerna i den, t.ex. mappen/*.xlsx."
                if path.is_dir()
                else "filen finns inte."
            )
            return Checked([error(Rule.FILE_UNREADABLE, file=printable(str(path)), problem=problem)], False)
        period, plans = self.period, self.plans
        plan = plans.of(period.key) if period else plans.current
        result = check_file(path, plan, period, careful=self.careful)
        if period is None and (own := plans.of(result.period)) is not plan:  # the file's own period has its saved plan
            result = check_file(path, own, period, careful=self.careful)
        if period is not None and (index := self.archived()):  # a month's file archived for its month: a leftover
            result = archived_leftovers([result], index, period)[0]
        errors = any(f.severity is Severity.ERROR for f in result.findings)
        return Checked(result.findings, result.accepted and not errors)
