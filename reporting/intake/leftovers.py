"""A file of a period that ends the same day as the one run: a mistake when new, a leftover when archived.

A plan that lists a month beside a report ending with it (M04 and T1, M08 and delår, M12 and helår) has two
templates for the same months. A T1 template filled in April's run is the wrong template (``read._other_period``:
an error). But April's files, consolidated for M04 and still in the inbox when T1 runs, are no one's mistake:
the archive holds them for their own period, so they are left lying as any earlier period's files are.
"""

from __future__ import annotations

from dataclasses import replace

from reporting.findings import Finding, Rule, warning
from reporting.intake.archive import is_withdrawal
from reporting.intake.submission import FileResult
from reporting.plan.periods import Period, parse_period


def archived_leftovers(results: list[FileResult], index: list[dict[str, str]], period: Period) -> list[FileResult]:
    """``results`` with each same-day file that the archive holds for its own period told as a leftover."""
    archived = {(e["period"], e["sha256"]) for e in index if not is_withdrawal(e)}
    return [_as_leftover(r, period) if (r.period, r.sha256) in archived else r for r in results]


def _as_leftover(result: FileResult, period: Period) -> FileResult:
    wrong = [f for f in result.findings if f.rule is Rule.WRONG_PERIOD]
    if not wrong or result.accepted:
        return result
    own = parse_period(result.period)
    rule = Rule.EARLIER_PERIOD if own < period else Rule.LATER_PERIOD
    archived = " (den finns redan i arkivet)" if rule is Rule.LATER_PERIOD else ""
    told = warning(
        rule,
        found=own.in_text,
        expected=period.in_text,
        archived=archived,
        file=wrong[0].file,
        division=wrong[0].division,
    )
    return replace(result, findings=[_instead(f, wrong[0], told) for f in result.findings])


def _instead(finding: Finding, wrong: Finding, told: Finding) -> Finding:
    return told if finding is wrong else finding
