"""What a period's run tells the one who ran it: the inbox's files, who was consolidated, the findings, the
files written; on the console in Swedish, or as one JSON object (--json)."""

from __future__ import annotations

from typing import Any

import click

from reporting.cli.output import echo_json
from reporting.findings import Severity
from reporting.intake.archive import WITHDRAWN
from reporting.text import plural, printable

LISTED_REJECTED = 10  # rejected files named on screen; the report's Avvikelser sheet lists them all
_AGAIN = (("oförändrad", "oförändrade"), ("återinlämnad", "återinlämnade"))  # log results said beside "godkända"


def summarise(result: Any) -> None:
    intake = result.intake
    seen = [e.result for e in intake.log]  # what the run did with them: the same file again is not news
    withdrawn = seen.count(WITHDRAWN)  # a withdrawn file still in the inbox: checked, but not used
    accepted = sum(1 for f in intake.files if f.accepted) - withdrawn
    other = sum(1 for f in intake.files if f.for_another_period)  # leftovers of other periods: not rejected
    again = [plural(seen.count(word), word, words) for word, words in _AGAIN if seen.count(word)]
    click.echo(
        f"Inkorgen: {plural(len(intake.files), 'fil', 'filer')}, {plural(accepted, 'godkänd', 'godkända')}"
        f"{' (' + ', '.join(again) + ')' if again else ''}"
        f"{', ' + plural(withdrawn, 'återkallad', 'återkallade') if withdrawn else ''}"
        f"{f', {other} för andra perioder' if other else ''}, "
        f"{len(intake.files) - accepted - withdrawn - other} avvisade."
    )
    for line in _rejected(intake.files):
        click.echo(line)
    click.echo(
        f"Konsoliderat: {len(result.submitted)} av {len(result.plan.divisions)} divisioner"
        + (
            f"; ej inlämnat: {', '.join(result.plan.division(d).name for d in result.missing)}"
            if result.missing
            else ""
        )
        + _units_missing(result.economy_overview)
        + "."
    )
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    warnings = len(result.findings) - errors
    click.echo(f"Fynd: {errors} fel, {plural(warnings, 'varning', 'varningar')}.")


def _units_missing(overview: list[Any]) -> str:
    """ "; saknas: Enhet 0003 i Division Medicin; Enhet 0006 i …" for divisions from some of their units."""
    parts = [o.left_out for o in overview if o.left_out]
    shown = "; ".join(parts[:LISTED_REJECTED]) + (
        f"; … och {len(parts) - LISTED_REJECTED} till" if len(parts) > LISTED_REJECTED else ""
    )
    return f"; saknas: {shown}" if parts else ""


def _rejected(files: list[Any]) -> list[str]:
    """Each rejected file with its first error, so the one running the command sees at once what was not used."""
    rejected = [f for f in files if not f.accepted and not f.for_another_period]
    lines = []
    for file in rejected[:LISTED_REJECTED]:
        first = next((f for f in file.findings if f.severity is Severity.ERROR), None)
        lines.append(f"  {printable(file.path.name)}: {first.message if first else 'avvisad'}")
    if len(rejected) > LISTED_REJECTED:
        lines.append(f"  … och {len(rejected) - LISTED_REJECTED} till; alla står på fliken Avvikelser i rapporten.")
    return lines


def finish(result: Any, as_json: bool) -> None:
    """The run's summary, then every file it wrote; with ``as_json`` the same as one JSON object."""
    if as_json:
        echo_json(run_summary(result))
        return
    summarise(result.consolidation)
    for path in result.written:
        click.echo(f"Skrev {printable(str(path))}")


def run_summary(result: Any) -> dict[str, Any]:
    """A run for a script: each inbox file's result as the intake log has it, the divisions consolidated and
    missing, every finding (as ``check --json``) and every file written."""
    c = result.consolidation
    return {
        "period": c.period.key,
        "files": [
            {"file": e.file, "reporter": e.division, "result": e.result, "reason": e.reason} for e in c.intake.log
        ],
        "consolidated": list(c.submitted),
        "missing": list(c.missing),
        "findings": [f.as_dict() for f in c.findings],
        "written": [str(p) for p in result.written],
    }
