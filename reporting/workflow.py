"""The whole flows as library calls (the CLI and the demo call these)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .archive import Workspace, run_intake
from .consolidate import Consolidation, consolidate
from .demo import write_demo_submissions
from .demo_plan import demo_plan
from .history import open_history, store, view_for
from .periods import Period
from .plan import Plan, load_plan
from .planbook import write_plan
from .progress import progressbar
from .report import write_feedback, write_report
from .templates import generate_templates


@dataclass
class RunResult:
    consolidation: Consolidation
    written: list[Path] = field(default_factory=list)


def run_period(ws: Workspace, plan: Plan, period: Period, report: bool = True, feedback: bool = True,
               pdf: bool = False, quiet: bool = False, db_url: str | None = None,
               history: bool = True) -> RunResult:
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


def prepare_demo(root: Path, period: Period) -> tuple[Workspace, Plan, list[Path]]:
    """Bundled plan (written if absent), templates for every period, demo submissions in the inbox."""
    ws = Workspace(root)
    if not ws.plan.exists():
        write_plan(ws.plan, demo_plan())
    plan = load_plan(ws.plan)
    templates = []
    for kind in ("T1", "delar", "helar"):
        templates += generate_templates(plan, Period(period.year, kind), ws.templates)
    write_demo_submissions(plan, period, ws.inbox)
    return ws, plan, templates
