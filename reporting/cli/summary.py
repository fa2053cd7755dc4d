"""What a period's run tells the one who ran it: the inbox's files, who was consolidated, the findings, the
files written; on the console in Swedish, or as one JSON object (--json)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from reporting.cli.output import echo_json
from reporting.consolidate.labels import units_in
from reporting.findings import NEW_TEMPLATE_RULES, Finding, Severity, telling_error
from reporting.intake.archive import WITHDRAWN
from reporting.text import plural, printable

LISTED_REJECTED = 10  # rejected files named on screen; the report's Avvikelser sheet lists them all
_AGAIN = (("oförändrad", "oförändrade"), ("återinlämnad", "återinlämnade"))  # log results said beside "godkända"


def summarise(result: Any, findings_at: str = "fliken Avvikelser") -> None:
    """The run in a few lines; ``findings_at`` is where the run's output lists the errors (the report's sheet, or
    the återkoppling when no report was written)."""
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
        f"{plural(len(intake.files) - accepted - withdrawn - other, 'avvisad', 'avvisade')}."
    )
    for line in _rejected(intake.files):
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
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    warnings = len(result.findings) - errors
    click.echo(f"Fynd: {errors} fel, {plural(warnings, 'varning', 'varningar')}.")


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
    divisions from some of their units: a unit whose file came in and was rejected is never said as missing."""
    out = _units_out_of(result)
    missing: list[str] = []
    rejected: list[str] = []
    for o in result.economy_overview:
        if not o.left_out:
            continue
        name = result.plan.division(o.division_id).name
        for group, units in zip((missing, rejected), out.get(o.division_id, ([], []))):
            group += [units_in(units, name)] if units else []
    return _listed("saknas", missing) + _listed("avvisad", rejected)


def _units_out_of(result: Any) -> dict[str, tuple[list[Any], list[Any]]]:
    """Per division with units and no file of its own in use: its units left out, as (missing, rejected: their
    file came in and was rejected)."""
    from reporting.consolidate.consolidation import rejected_units  # the pipeline: not imported for --help

    used, turned = {f.reporter for f in result.intake.used}, rejected_units(result.intake)
    out = {}
    for division in result.plan.divisions:
        left = [u for u in result.plan.units_of(division.id) if f"{division.id}/{u.id}" not in used]
        if left and division.id not in used:  # a division's own file covers its units
            marked = [(u, f"{division.id}/{u.id}" in turned) for u in left]
            out[division.id] = ([u for u, was in marked if not was], [u for u, was in marked if was])
    return out


def _listed(word: str, parts: list[str]) -> str:
    """ "; saknas: A i Division X; B i Division Y", at most ``LISTED_REJECTED`` divisions' parts, then how many more."""
    shown = "; ".join(parts[:LISTED_REJECTED]) + (
        f"; … och {len(parts) - LISTED_REJECTED} till" if len(parts) > LISTED_REJECTED else ""
    )
    return f"; {word}: {shown}" if parts else ""


def _rejected(files: list[Any]) -> list[str]:
    """Each rejected file with its first error, so the one running the command sees at once what was not used."""
    rejected = [f for f in files if not f.accepted and not f.for_another_period]
    lines = []
    for file in rejected[:LISTED_REJECTED]:
        lines.append(f"  {printable(file.path.name)}: {_why(file.findings)}")
    if len(rejected) > LISTED_REJECTED:
        lines.append(f"  … och {len(rejected) - LISTED_REJECTED} till; alla står på fliken Avvikelser i rapporten.")
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
    if as_json:
        echo_json(run_summary(result))
        return
    report = any(p.suffix == ".xlsx" and p.parent.name != "återkoppling" for p in result.written)
    summarise(result.consolidation, "fliken Avvikelser" if report else "återkopplingen")  # where the errors are
    to_do = _office_notes(result.consolidation)
    if to_do:  # the office's own to-dos: never in the Sammanfattning or the draft, which go into the papers
        click.echo("Att åtgärda innan rapporten går till nämnden:")
        for note in to_do:
            click.echo(f"  • {note}")
    for path in result.written:
        click.echo(f"Skrev {printable(str(path))}")


def _office_notes(c: Any) -> list[str]:
    from reporting.output.notices import office_notes  # the pipeline: not imported for --help

    return office_notes(c)


def run_summary(result: Any) -> dict[str, Any]:
    """A run for a script: each inbox file's result as the intake log has it, the divisions consolidated,
    missing and (of those) rejected, every finding (as ``check --json``, with the reporter's id as ``files`` and
    ``consolidated`` name it), the office's to-dos (``to_do``) and every file written."""
    from reporting.consolidate.tables import is_late  # the pipeline: not imported for --help

    c = result.consolidation
    reporter, deadline = _reporters(c), c.plan.deadline(c.period)
    return {
        "period": c.period.key,
        "files": [
            {
                "file": e.file,
                "reporter": e.division,
                "result": e.result,
                "reason": e.reason,
                "received": e.received,
                "late": e.period == c.period.key and is_late(e.received, deadline),  # this period's deadline
            }
            for e in c.intake.log
        ],
        "consolidated": list(c.submitted),
        "missing": list(c.missing),
        "rejected": list(c.rejected),
        "units": _units_out(c),
        "findings": [{**f.as_dict(), "reporter": reporter(f)} for f in c.findings],
        "to_do": _office_notes(c),  # the office's to-dos before the papers go out (the console says them too)
        "written": [str(p) for p in result.written],
    }


def _units_out(c: Any) -> dict[str, dict[str, list[str]]]:
    """Per division reported by its units' files (or by none of them): the ids of its units left out, those whose
    file came in and was rejected apart (the console and Inlämningar name them)."""
    return {
        division: {"missing": [u.id for u in missing], "rejected": [u.id for u in rejected]}
        for division, (missing, rejected) in _units_out_of(c).items()
    }


def _reporters(c: Any) -> Callable[[Any], str]:
    """finding -> the id ("MED", "MED/E0001") of the reporter it is about: its (first) file's, as the intake log
    and the current files have it, else its division's by name; "" for a finding about the run."""
    by_file = {e.file: e.division for e in c.intake.log if e.division}
    by_file.update({r.path.name: r.reporter for r in c.intake.current.values() if r.reporter})
    by_name = {d.name: d.id for d in c.plan.divisions}
    return lambda f: str(by_file.get(f.file.split("\n")[0]) or by_name.get(f.division, ""))
