"""``reporting check``: a filled template's findings, as the consolidating run would give them.

A period consolidated before is judged against the plan saved with it (``reporting.plan.period_plan``);
in a workspace that has one, ``check`` uses that plan too, or a late file checked "OK" after a mid-year
revision would be told otherwise by ``consolidate`` (or the reverse).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reporting.cli.errors import friendly_errors
from reporting.cli.help import Command
from reporting.cli.options import json_option, period_option, plan_option, workspace_option
from reporting.cli.output import echo_json
from reporting.cli.run import _load, _plan_file
from reporting.errors import InputError
from reporting.findings import Finding, Rule, Severity, error
from reporting.plan.model import Plan
from reporting.plan.periods import Period, parse_period
from reporting.text import plural, printable
from reporting.workspace import Workspace


class _Plans:
    """The plan each period is judged against (the current one, or the period's saved plan), each said once."""

    def __init__(self, workspace: Path, current: Plan, current_file: Path, use_current: bool, as_json: bool) -> None:
        self.ws, self.current, self.current_file = Workspace(workspace), current, current_file
        self.use_current, self.as_json = use_current, as_json
        self.chosen: dict[str, Plan] = {}
        self._index: list[dict[str, str]] | None = None

    def archived(self) -> list[dict[str, str]]:
        """The workspace archive's index, read once for all the files checked ([] without an archive)."""
        if self._index is None:
            from reporting.intake.archive import load_index

            self._index = load_index(self.ws) if self.ws.archive.is_dir() else []
        return self._index

    def of(self, key: str) -> Plan:
        """The plan a file of the period ``key`` is judged against ("" or an unknown key: the current plan)."""
        if self.use_current or not key:
            return self.current
        if key not in self.chosen:
            self.chosen[key] = self._choose(key)
        return self.chosen[key]

    def _choose(self, key: str) -> Plan:
        from reporting.plan.period_plan import check_note, choose

        try:
            period = parse_period(key)
        except InputError:  # a file's own period key that names no period: its findings say so
            return self.current
        choice = choose(self.ws, period, self.current, self.current_file, False)  # only reads; refuses as consolidate
        if note := check_note(choice, self.ws.root):
            click.echo(note, err=self.as_json)
        return choice.plan


def _check_one(path: Path, plans: _Plans, period: Period | None, careful: bool) -> tuple[list[Finding], bool]:
    """The findings of one file, and whether it passed (accepted, no errors)."""
    from reporting.intake.checking import check_file  # here: the readers load openpyxl, which templates never need

    if not path.is_file():
        problem = (
            "det är en mapp, inte en fil. Ange filerna i den, t.ex. mappen/*.xlsx."
            if path.is_dir()
            else "filen finns inte."
        )
        return [error(Rule.FILE_UNREADABLE, file=printable(str(path)), problem=problem)], False
    plan = plans.of(period.key) if period else plans.current
    result = check_file(path, plan, period, careful=careful)
    if period is None and (own := plans.of(result.period)) is not plan:  # the file's own period has its saved plan
        result = check_file(path, own, period, careful=careful)
    if period is not None and (index := plans.archived()):  # a month's file archived for its month: a leftover
        from reporting.intake.leftovers import archived_leftovers

        result = archived_leftovers([result], index, period)[0]
    return result.findings, result.accepted and not any(f.severity is Severity.ERROR for f in result.findings)


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

    Avslutas med felkod 1 när en fil har fel eller inte räknas in (en annan periods mall).
    Filerna läses bara, de ändras aldrig. En period som redan konsoliderats
    kontrolleras mot planen den bedöms mot (archive/PERIOD/plan.xlsx), som
    consolidate gör; --current-plan kontrollerar mot den nuvarande planen.
    Med --json skrivs alla fynd som en JSON-lista (file, sheet, cell, division,
    rule, title, category, severity, message).

    \b
    Exempel:
      reporting check "inbox/2025-T1 Division Medicin.xlsx"
      reporting check --json inbox/*.xlsx > fynd.json
    """
    plans = _Plans(workspace, _load(plan_path, workspace), _plan_file(plan_path, workspace), current_plan, as_json)
    everything: list[Finding] = []
    failed = 0
    for path in files:
        findings, passed = _check_one(path, plans, period, careful)
        everything += findings
        failed += not passed
        if not as_json:
            for finding in findings:  # names and cell texts come from senders: never raw control characters
                click.echo(f"{finding.severity.value.upper()}: {printable(str(finding))}")
            errors = sum(1 for f in findings if f.severity is Severity.ERROR)
            verdict = f"{errors} fel" if errors else "OK" if passed else "räknas inte in"  # another period's file
            click.echo(f"{printable(path.name)}: {verdict}, {plural(len(findings) - errors, 'varning', 'varningar')}.")
    if as_json:
        echo_json([f.as_dict() for f in everything])
    if failed:
        sys.exit(1)
