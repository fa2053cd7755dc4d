"""The whole flows as library calls (the CLI and the demo call these)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.history.store import open_history, store
from reporting.history.trends import view_for
from reporting.intake.run import run_intake
from reporting.output.feedback import write_feedback
from reporting.output.report import write_report
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.progress import progressbar
from reporting.workspace import Workspace


@dataclass
class RunResult:
    consolidation: Consolidation
    written: list[Path] = field(default_factory=list)


def run_period(
    ws: Workspace,
    plan: Plan,
    period: Period,
    report: bool = True,
    feedback: bool = True,
    pdf: bool = False,
    quiet: bool = False,
    db_url: str | None = None,
    history: bool = True,
) -> RunResult:
    """Intake of the inbox, consolidation, history, and the chosen outputs into the outbox."""
    intake = run_intake(ws, plan, period, progressbar("Läser inkorgen", quiet))
    result = RunResult(consolidate(plan, intake))
    view = None
    if history:
        engine = open_history(ws.root, db_url)
        try:
            if result.consolidation.submitted:
                store(engine, result.consolidation)
            view = view_for(engine, result.consolidation)
        finally:
            engine.dispose()
    if report:
        result.written += write_report(result.consolidation, ws.outbox, pdf=pdf, history=view)
    if feedback:
        result.written += write_feedback(result.consolidation, ws.outbox, progressbar("Skriver återkoppling", quiet))
    return result
