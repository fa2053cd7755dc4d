"""One file checked as the consolidating run would judge it (``reporting check``): against its period's plan
(``plan.period_plans``), and a file the archive holds for its own period told as that period's leftover, not as a
wrong template. Only reads: nothing is archived or logged."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporting.findings import Finding, Rule, Severity, error
from reporting.intake.archive import load_index
from reporting.intake.checking import check_file
from reporting.intake.leftovers import archived_leftovers
from reporting.intake.submission import OTHER_PERIOD_RULES
from reporting.plan.model import Plan
from reporting.plan.period_plans import PeriodPlans
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.text import printable

# The rules of a warning that keeps a file out of its run, so that `check` says "räknas inte in" and exits 1: the
# file is another period's (README and `check --help` name them; a test holds the three to the same list)
NOT_COUNTED_IN = OTHER_PERIOD_RULES


def division_ids(plan: Plan) -> dict[str, str]:
    """A finding's ``division`` -> its division's id: a division's name, a unit's reporter name ("Division Medicin /
    Akutvård", its division's id) and an id itself (a plan's own findings name the Division column's id)."""
    ids = {d.id: d.id for d in plan.divisions} | {d.name: d.id for d in plan.divisions}
    for unit in plan.units:
        if unit.division in ids:
            ids[Reporter(plan.division(unit.division), unit).name] = unit.division
    return ids


def finding_record(finding: Finding, ids: Mapping[str, str], **more: Any) -> dict[str, Any]:
    """``Finding.as_dict`` with ``division_id`` after ``division`` (``ids``: ``division_ids``; "" for a finding
    about no division or one the plan does not have), then ``more``."""
    record: dict[str, Any] = {}
    for key, value in finding.as_dict().items():
        record[key] = value
        if key == "division":
            record["division_id"] = ids.get(value, "")
    return record | more


@dataclass(frozen=True)
class Checked:
    """A file's findings, and whether it passed: accepted with no errors (a file of another period is not);
    ``shown`` is the file as the one checking it named it, ``ids`` the division ids of the plan it was judged by."""

    findings: list[Finding]
    passed: bool
    shown: str = field(default="", compare=False)  # how the findings are shown, not what they are
    ids: Mapping[str, str] = field(default_factory=dict, compare=False)

    def records(self) -> list[dict[str, Any]]:
        """The findings for ``check --json``: ``file`` the path as given (two files of one name in two folders
        stay apart), ``division_id`` beside ``division``, and ``counts_against``: whether the finding is why the
        file did not pass (an error, or the warning that it is another period's file)."""
        return [
            finding_record(
                f,
                self.ids,
                counts_against=f.severity is Severity.ERROR or (not self.passed and f.rule in NOT_COUNTED_IN),
            )
            | ({"file": self.shown} if self.shown and f.file in ("", Path(self.shown).name) else {})
            for f in self.findings
        ]


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
            shown = printable(str(path))
            return Checked([error(Rule.FILE_UNREADABLE, file=shown, problem=problem)], False, shown)
        period, plans = self.period, self.plans
        plan = plans.of(period.key) if period else plans.current
        result = check_file(path, plan, period, careful=self.careful)
        if period is None and (own := plans.of(result.period)) is not plan:  # the file's own period has its saved plan
            plan, result = own, check_file(path, own, period, careful=self.careful)
        if period is not None and (index := self.archived()):  # a month's file archived for its month: a leftover
            result = archived_leftovers([result], index, period)[0]
        errors = any(f.severity is Severity.ERROR for f in result.findings)
        return Checked(result.findings, result.accepted and not errors, printable(str(path)), division_ids(plan))
