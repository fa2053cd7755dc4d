"""A file of another period than the one run, told by what the archive holds.

An earlier period's file may be removed from the inbox only when the archive holds it for its own period; one the
archive does not hold (a late bokslut file that came in after its period was run) has not been counted there yet,
and its message names the run that counts it, never "kan tas bort".

A plan that lists a month beside a report ending with it (M04 and T1, M08 and delår, M12 and helår) has two
templates for the same months. A T1 template filled in April's run is the wrong template (``read._other_period``:
an error). But April's files, consolidated for M04 and still in the inbox when T1 runs, are no one's mistake:
the archive holds them for their own period, so they are left lying as any earlier period's files are. A file
whose name names the period run stays the wrong template (``read.periods_named``): it was meant for this run.
"""

from __future__ import annotations

from dataclasses import replace

from reporting.finding_rules import EARLIER_LEFT
from reporting.findings import Finding, Rule, warning
from reporting.intake.archive import is_withdrawal
from reporting.intake.read import periods_named
from reporting.intake.submission import FileResult
from reporting.plan.periods import Period, parse_period

NOT_COUNTED = "kör reporting consolidate --period"  # in an earlier period's file's message when not yet counted


def archived_leftovers(results: list[FileResult], index: list[dict[str, str]], period: Period) -> list[FileResult]:
    """``results`` with each same-day file that the archive holds for its own period told as a leftover, and each
    earlier period's file told whether the archive holds it (then it may be removed from the inbox) or not."""
    archived = {(e["period"], e["sha256"]) for e in index if not is_withdrawal(e)}
    out = []
    for result in results:
        held = (result.period, result.sha256) in archived
        out.append(_told(_as_leftover(result, period) if held else result, period, held))
    return out


def _as_leftover(result: FileResult, period: Period) -> FileResult:
    wrong = [f for f in result.findings if f.rule is Rule.WRONG_PERIOD]
    if not wrong or result.accepted or period in periods_named(result.path.name):
        return result
    own = parse_period(result.period)
    rule = Rule.EARLIER_PERIOD if own < period else Rule.LATER_PERIOD
    archived = " (den finns redan i arkivet)" if rule is Rule.LATER_PERIOD else ""
    told = warning(
        rule,
        found=own.in_text,
        expected=period.in_text,
        archived=archived,
        left="",
        file=wrong[0].file,
        division=wrong[0].division,
    )
    return replace(result, findings=[_instead(f, wrong[0], told) for f in result.findings])


def _told(result: FileResult, period: Period, held: bool) -> FileResult:
    """An earlier period's file's message ended by what the archive holds (``EARLIER_LEFT``)."""
    earlier = [f for f in result.findings if f.rule is Rule.EARLIER_PERIOD]
    if not earlier or result.accepted:
        return result
    own = parse_period(result.period)
    left = EARLIER_LEFT["archived" if held else "not counted"].format(found=own.in_text, key=own.key)
    told = warning(
        Rule.EARLIER_PERIOD,
        found=own.in_text,
        expected=period.in_text,
        left=left,
        file=earlier[0].file,
        division=earlier[0].division,
    )
    return replace(result, findings=[_instead(f, earlier[0], told) for f in result.findings])


def not_counted(result: FileResult) -> bool:
    """An earlier period's file the archive does not hold for its period: not counted anywhere yet."""
    return result.for_another_period and any(
        f.rule is Rule.EARLIER_PERIOD and NOT_COUNTED in f.message for f in result.findings
    )


def _instead(finding: Finding, wrong: Finding, told: Finding) -> Finding:
    return told if finding is wrong else finding
