"""The findings of one submission's content checks as they are collected, each at its cell."""

from __future__ import annotations

from typing import Any

from reporting.findings import Finding, Rule, Severity, error, warning
from reporting.intake.submission import Submission
from reporting.plan.model import Plan
from reporting.template.answers import Answer
from reporting.template.spec import SheetSpec


class Check:
    """The plan, the submission, its reading findings (``prior``) and the content findings so far."""

    def __init__(self, plan: Plan, sub: Submission, prior: list[Finding]) -> None:
        self.plan, self.sub, self.prior = plan, sub, prior
        self.findings: list[Finding] = []

    def add(self, severity: Severity, rule: Rule, spec: SheetSpec, answer: Answer, key: str, **fields: Any) -> None:
        make = error if severity is Severity.ERROR else warning
        self.findings.append(
            make(
                rule,
                file=self.sub.file,
                sheet=spec.name,
                cell=answer.cell(key),
                division=self.sub.reporter.name,
                **fields,
            )
        )

    def invalid_already(self, spec: SheetSpec, answer: Answer, key: str) -> bool:
        """A cell already reported as unreadable is not also reported as missing."""
        cell = answer.cell(key)
        return any(f.sheet == spec.name and f.cell == cell for f in [*self.prior, *self.findings])


def forecast_required(sub: Submission) -> bool:
    """A helårsprognos is asked for in T1 and delår; in the annual report the outcome is the year."""
    return not sub.period.is_year_end
