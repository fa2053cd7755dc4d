"""``reporting check``: a filled template's findings, as the consolidating run would give them.

A period consolidated before is judged against the plan saved with it (``reporting.plan.period_plan``);
in a workspace that has one, ``check`` uses that plan too, or a late file checked "OK" after a mid-year
revision would be told otherwise by ``consolidate`` (or the reverse).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from reporting.cli.errors import friendly_errors
from reporting.cli.help import Command
from reporting.cli.options import json_option, period_option, plan_option, workspace_option
from reporting.cli.output import echo_json
from reporting.cli.run import load_workspace_plan, plan_file
from reporting.findings import Severity
from reporting.plan.periods import Period
from reporting.text import plural, printable
from reporting.workspace import Workspace


@click.command(cls=Command)
@workspace_option
@plan_option
@period_option(required=False)
@click.option("--careful", is_flag=True, help="Läs filen långsammare med en andra läsare (samma fynd); för felsökning.")
@click.option(
    "--current-plan",
    "current_plan",
    is_flag=True,
    help="Kontrollera mot den nuvarande planen (plan.xlsx eller --plan) även för en period som konsoliderats och "
    "bedöms mot planen som sparades i archive/PERIOD/plan.xlsx. Inget sparas.",
)
@json_option
@click.argument("files", nargs=-1, required=True, metavar="FILER...", type=click.Path(path_type=Path))
@friendly_errors
def check(
    workspace: Path,
    plan_path: Path | None,
    period: Period | None,
    careful: bool,
    current_plan: bool,
    as_json: bool,
    files: tuple[Path, ...],
) -> None:
    """Kontrollera ifyllda mallar innan de skickas; lista varje fynd med sin cell.

    Avslutas med felkod 1 när en fil har fel eller inte räknas in (en annan periods mall:
    varningen earlier-period eller later-period). Filerna läses bara, de ändras aldrig.
    En period som redan konsoliderats kontrolleras mot planen den bedöms mot
    (archive/PERIOD/plan.xlsx), som consolidate gör; --current-plan kontrollerar mot
    den nuvarande planen. Med --json skrivs alla fynd som en JSON-lista (file: filen
    som den angavs, sheet, cell, division: namnet, division_id, rule, title, category,
    severity, message, counts_against: true för fynden som gör att filen inte
    godkänns, dvs. ett fel eller varningen earlier-period/later-period).

    \b
    Exempel:
      reporting check "inbox/2025-T1 Division Medicin.xlsx"
      reporting check --json inbox/*.xlsx > fynd.json
    """
    from reporting.intake.file_check import FileChecks  # the pipeline: not imported for --help
    from reporting.intake.read import is_lock_or_temp
    from reporting.plan.period_plans import PeriodPlans

    def tell(note: str) -> None:  # that a period is judged against its saved plan: on stderr with --json
        click.echo(note, err=as_json)

    current = load_workspace_plan(plan_path, workspace)
    plans = PeriodPlans(Workspace(workspace), current, plan_file(plan_path, workspace), current_plan, tell)
    if period is not None:  # a period the plan does not list is refused, as every other command refuses it
        plans.of(period.key).require_period(period)
    checks = FileChecks(plans, period, careful)
    everything: list[dict[str, Any]] = []
    failed = 0
    for path in files:
        if is_lock_or_temp(path):  # "inbox/*.xlsx" takes Excel's owner file of an open workbook: no submission
            click.echo(
                f"{printable(path.name)}: hoppas över (Excels eller systemets tillfälliga fil, ingen inlämning).",
                err=as_json,
            )
            continue
        checked = checks.check(path)
        findings, passed = checked.findings, checked.passed
        everything += checked.records()
        failed += not passed
        if not as_json:
            for finding in findings:  # names and cell texts come from senders: never raw control characters
                click.echo(f"{finding.severity.value.upper()}: {printable(str(finding))}")
            errors = sum(1 for f in findings if f.severity is Severity.ERROR)
            verdict = f"{errors} fel" if errors else "OK" if passed else "räknas inte in"  # another period's file
            click.echo(f"{printable(path.name)}: {verdict}, {plural(len(findings) - errors, 'varning', 'varningar')}.")
    if as_json:
        echo_json(everything)
    if failed:
        sys.exit(1)
