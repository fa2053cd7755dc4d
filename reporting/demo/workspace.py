"""The demo workspace: bundled plan, templates for every period, demo submissions in the inbox."""

from __future__ import annotations

from pathlib import Path

from reporting.demo.plan import demo_plan
from reporting.demo.submissions import write_demo_submissions
from reporting.plan.model import Plan
from reporting.plan.periods import ORDER, Period
from reporting.plan.read import load_plan
from reporting.plan.write import write_plan
from reporting.template.write import generate_templates
from reporting.workspace import Workspace


def prepare_demo(root: Path, period: Period) -> tuple[Workspace, Plan, list[Path]]:
    """Bundled plan (written if absent), templates for every period, demo submissions in the inbox."""
    ws = Workspace(root)
    if not ws.plan.exists():
        write_plan(ws.plan, demo_plan())
    plan = load_plan(ws.plan)
    templates = []
    kinds = [p.kind for p in plan.periods] or [k for k in ORDER if not Period(period.year, k).is_month]
    for kind in kinds:
        templates += generate_templates(plan, Period(period.year, kind), ws.templates)
    write_demo_submissions(plan, period, ws.inbox)
    return ws, plan, templates
