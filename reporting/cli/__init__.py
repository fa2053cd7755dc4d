"""Command-line interface: a thin layer over the library.

Every command parses its options, calls a library function and, through
``friendly_errors``, turns every error it knows into one Swedish line on stderr
("Fel: …", exit status 1), the last line, after its details if it has any (``errors.fel_lines``); usage errors
keep click's exit status 2. Every
--help ends with an "Exempel:" block. With --json, stdout holds JSON only.

This module defines the ``reporting`` group and adds the commands: ``run`` (demo,
templates, consolidate, feedback), ``check``, ``plan`` and ``history``; ``errors``,
``help``, ``options`` and ``output`` hold what they share.
"""

from __future__ import annotations

import click

from reporting.cli import central, check, history, plan, run, withdraw
from reporting.cli.errors import error_message
from reporting.cli.help import Group

__all__ = ["error_message", "main"]


@click.group(cls=Group, name="reporting")
@click.version_option(
    package_name="reporting", message="%(prog)s, version %(version)s", help="Visa versionen och avsluta."
)
def main() -> None:
    """Uppföljningsrapportering för en hälso- och sjukvårdsnämnd: mallar ut, ifyllda filer in, rapporter ut.

    Ett fel ger en rad "Fel: …", alltid den sista på stderr; har felet detaljer
    (t.ex. planens fel) står de före den, var och en på en indragen rad.

    \b
    Exempel:
      reporting templates --period 2025-T1     # en mall per division i templates_xlsx/
      (controllerna fyller i dem och lägger dem i inbox/)
      reporting consolidate --period 2025-T1   # tertialrapporten i outbox/
      reporting feedback --period 2025-T1      # återkoppling per division
      reporting consolidate --period 2021-03 -w demo-2021   # en månadsrapport (demoplanen jh-2021)

    \b
    Prova hela flödet på demodata:
      reporting demo -w demo                       # planen med budget 2025, tertialrapporten 2025-T1
      reporting demo --plan jh-2021 -w demo-2021   # en plan med månadsrapporter: 2021-M03, sedan 2021-delar
    """


for command in (
    run.demo,
    plan.plan,
    run.templates,
    check.check,
    run.consolidate,
    run.feedback,
    withdraw.withdraw,
    central.central,
    history.history,
):
    main.add_command(command)
