"""The plan each period's files are checked against by ``reporting check``: the one ``consolidate`` would judge them
against (``period_plan.choose``), so that a late file checked "OK" after a mid-year revision is not told otherwise
by the consolidating run, or the reverse. Nothing is saved: a check only reads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reporting.errors import InputError
from reporting.plan.model import Plan
from reporting.plan.period_plan import check_note, choose
from reporting.plan.periods import parse_period
from reporting.workspace import Workspace


def _quiet(note: str) -> None:
    """No one to tell: the note is dropped."""


class PeriodPlans:
    """The plan a file of each period is judged against, chosen once per period; the note that a period is judged
    against its saved plan goes to ``tell`` once, the first time the period is asked for."""

    def __init__(
        self,
        ws: Workspace,
        current: Plan,
        current_file: Path,
        use_current: bool = False,
        tell: Callable[[str], None] = _quiet,
    ) -> None:
        self.ws, self.current, self.current_file = ws, current, current_file
        self.use_current, self.tell = use_current, tell
        self.chosen: dict[str, Plan] = {}

    def of(self, key: str) -> Plan:
        """The plan a file of the period ``key`` is judged against ("" or a key that names no period: the current
        plan, and the file's findings say what is wrong with its period)."""
        if self.use_current or not key:
            return self.current
        if key not in self.chosen:
            self.chosen[key] = self._choose(key)
        return self.chosen[key]

    def _choose(self, key: str) -> Plan:
        try:
            period = parse_period(key)
        except InputError:  # a file's own period key that names no period: its findings say so
            return self.current
        choice = choose(self.ws, period, self.current, self.current_file, False)  # only reads; refuses as consolidate
        if note := check_note(choice, self.ws.root):
            self.tell(note)
        return choice.plan
