"""What a period's run tells the one who ran it: the inbox's files, who was consolidated, the findings, the
files written; on the console in Swedish, or as one JSON object (--json)."""

from __future__ import annotations

from typing import Any

import click

from reporting.cli.output import echo_json
from reporting.consolidate.labels import units_in
from reporting.findings import NEW_TEMPLATE_RULES, Finding, Rule, Severity, telling_error
from reporting.intake.intake_log import LogResult
from reporting.text import plural, printable

LISTED_REJECTED = 10  # rejected files named on screen; the report's Avvikelser sheet lists them all
# the log's results as the summary counts them: "1 godkänd", "2 godkända"
_PLURAL = {
    LogResult.ACCEPTED: "godkända",
    LogResult.REJECTED: "avvisade",
    LogResult.UNCHANGED: "oförändrade",
    LogResult.RESUBMITTED: "återinlämnade",
    LogResult.WITHDRAWN: "återkallade",
}


def _counted(count: int, result: LogResult) -> str:
    return plural(count, result, _PLURAL[result])


def summarise(result: Any, findings_at: str = "fliken Avvikelser") -> None:
    """The run in a few lines; ``findings_at`` is where the run's output lists the errors (the report's sheet, or
    the återkoppling when no report was written). The counts are ``run_facts.inbox_counts``."""
    from reporting.output.run_facts import inbox_counts  # the pipeline: not imported for --help

    intake = result.intake
    counts = inbox_counts(intake)
    again = [_counted(count, word) for word, count in counts.again.items()]
    click.echo(
        f"Inkorgen: {plural(counts.files, 'fil', 'filer')}, {_counted(counts.accepted, LogResult.ACCEPTED)}"
        f"{' (' + ', '.join(again) + ')' if again else ''}"
        f"{', ' + _counted(counts.withdrawn, LogResult.WITHDRAWN) if counts.withdrawn else ''}"
        f"{f', {counts.other_period} för andra perioder' if counts.other_period else ''}, "
        f"{_counted(counts.rejected, LogResult.REJECTED)}."
    )
    for line in _rejected(intake.files) + _misnamed(intake.files):
        click.echo(line)
    if intake.nested:  # a file one folder down is not read: say so, or its division reads as not submitted
        more = len(intake.nested) - 5
        names = ", ".join(printable(n) for n in intake.nested[:5]) + (f" och {more} till" if more > 0 else "")
        click.echo(f"Läses inte (i en undermapp till inkorgen; lägg filen direkt i inkorgen): {names}")
    never = result.never_in
    click.echo(
        f"Konsoliderat: {len(result.submitted)} av {len(result.plan.divisions)} divisioner"
        + _rejected_divisions(result, findings_at)
        + (f"; ej inkommen: {', '.join(result.plan.division(d).name for d in never)}" if never else "")
        + _units_missing(result)
        + "."
    )
    for line in _set_aside(result):
        click.echo(line)
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    warnings = len(result.findings) - errors
    click.echo(f"Fynd: {errors} fel, {plural(warnings, 'varning', 'varningar')}.")


def _set_aside(result: Any) -> list[str]:
    """ "Hälso- och sjukvårdsdirektör: divisionens egen fil gäller; 2 enhetsfiler används inte (…).": the unit files
    the inbox line counts as accepted that the report does not use (Inlämningar and the återkoppling say so too)."""
    from reporting.output.run_facts import sender_name, set_aside_of  # the pipeline: not imported for --help

    lines = []
    for division, files in list(set_aside_of(result).items())[:LISTED_REJECTED]:
        count = plural(len(files), "enhetsfil", "enhetsfiler")
        names = ", ".join(sender_name(f) for f in files[:3]) + (" …" if len(files) > 3 else "")
        lines.append(
            f"{result.plan.division(division).name}: divisionens egen fil gäller; {count} används inte ({names})."
        )
    return lines


def _rejected_divisions(result: Any, findings_at: str) -> str:
    """ "; avvisad: Division Kirurgi (3 fel, se fliken Avvikelser)": divisions whose file came in and was
    rejected, never counted as not submitted."""
    rejected = list(result.rejected)
    if not rejected:
        return ""
    names = ", ".join(f"{result.plan.division(d).name} ({result.rejected_errors(d)} fel)" for d in rejected)
    return f"; {'avvisad' if len(rejected) == 1 else 'avvisade'}: {names}, se {findings_at}"


def _units_missing(result: Any) -> str:
    """ "; saknas: Enhet 0003 i Division Medicin; Enhet 0006 i …; avvisad: Enhet 0005 i Division Medicin" for
    divisions from some of their units (``run_facts.divisions_in_part``)."""
    from reporting.output.run_facts import divisions_in_part  # the pipeline: not imported for --help

    missing: list[str] = []
    rejected: list[str] = []
    for division, *left_out in divisions_in_part(result):
        name = result.plan.division(division).name
        for group, units in zip((missing, rejected), left_out):
            group += [units_in(units, name)] if units else []
    return _listed("saknas", missing) + _listed("avvisad", rejected)


def _listed(word: str, parts: list[str]) -> str:
    """ "; saknas: A i Division X; B i Division Y", at most ``LISTED_REJECTED`` divisions' parts, then how many more."""
    shown = "; ".join(parts[:LISTED_REJECTED]) + (
        f"; … och {len(parts) - LISTED_REJECTED} till" if len(parts) > LISTED_REJECTED else ""
    )
    return f"; {word}: {shown}" if parts else ""


def _rejected(files: list[Any]) -> list[str]:
    """Each rejected file with its first error, so the one running the command sees at once what was not used."""
    from reporting.output.run_facts import rejected_files  # the pipeline: not imported for --help

    rejected = rejected_files(files)
    lines = []
    for file in rejected[:LISTED_REJECTED]:
        lines.append(f"  {printable(file.path.name)}: {_why(file.findings)}")
    if len(rejected) > LISTED_REJECTED:
        lines.append(f"  … och {len(rejected) - LISTED_REJECTED} till; alla står på fliken Avvikelser i rapporten.")
    return lines


def _misnamed(files: list[Any]) -> list[str]:
    """Each accepted file whose name says another reporter than its template (``name-mismatch``), so the one
    running sees why a unit the inbox seems to have is reported missing; a rejected file's line says its error."""
    said = [(file, f) for file in files if file.accepted for f in file.findings if f.rule is Rule.NAME_MISMATCH]
    lines = [f"  {printable(file.path.name)}: {finding.message}" for file, finding in said[:LISTED_REJECTED]]
    if len(said) > LISTED_REJECTED:
        lines.append(f"  … och {len(said) - LISTED_REJECTED} filnamn till; alla står på fliken Avvikelser i rapporten.")
    return lines


def _why(findings: list[Finding]) -> str:
    """Why a file was rejected, short: the reason about the whole file (wrong template, version or period, a
    frame changed) before the sheets' and cells', then how many errors more."""
    first = telling_error(findings)
    if first is None:
        return "avvisad"
    text = f"{first.rule.heading}; fyll i periodens nya mall." if first.rule in NEW_TEMPLATE_RULES else first.message
    more = sum(1 for f in findings if f.severity is Severity.ERROR) - 1
    return f"{text.rstrip('.')} (och {more} fel till)." if more else text


def finish(result: Any, as_json: bool) -> None:
    """The run's summary, then every file it wrote; with ``as_json`` the same as one JSON object."""
    from reporting.output.notices import office_notes  # the pipeline: not imported for --help
    from reporting.output.run_facts import report_written

    if as_json:
        echo_json(run_summary(result))
        return
    report = report_written(result.written)  # where the errors are listed: the report's sheet, or the feedback
    summarise(result.consolidation, "fliken Avvikelser" if report else "återkopplingen")
    to_do = office_notes(result.consolidation)
    if to_do:  # the office's own to-dos: never in the Sammanfattning or the draft, which go into the papers
        click.echo("Att åtgärda innan rapporten går till nämnden:")
        for note in to_do:
            click.echo(f"  • {note}")
    for path in result.written:
        click.echo(f"Skrev {printable(str(path))}")


def run_summary(result: Any) -> dict[str, Any]:
    """The run (``workflow.RunResult``) as one JSON object: ``run_facts.run_summary``."""
    from reporting.output import run_facts  # the pipeline: not imported for --help

    return run_facts.run_summary(result.consolidation, result.written)
