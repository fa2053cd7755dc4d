"""The demo workspace: bundled plan, templates, demo submissions in the inbox.

``prepare_demo`` is today's demo (seed 000, templates for every period);
``prepare_seed_demo`` prepares one run of any demo plan in ``catalogue.DEMO_PLANS``,
writing that seed's plan.xlsx when the workspace has none.
"""

from __future__ import annotations

from pathlib import Path

from reporting.demo.catalogue import DEMO_PLANS
from reporting.demo.central import fill_demo_central
from reporting.demo.plan import demo_plan
from reporting.demo.seed_plans import write_seed_plan
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
    plan.require_period(period)  # before any file: a refused period leaves no submissions behind in the inbox
    templates = []
    kinds = [p.kind for p in plan.periods] or [k for k in ORDER if not Period(period.year, k).is_month]
    for kind in kinds:
        templates += generate_templates(plan, Period(period.year, kind), ws.templates)
    write_demo_submissions(plan, period, ws.inbox)
    fill_demo_central(ws.root, plan, period)
    return ws, plan, templates


def write_demo_plan(name: str, path: Path) -> Path:
    """Demo plan ``name``'s plan.xlsx: seed 000 through the typed plan, the others from their seed's rows."""
    return write_plan(path, demo_plan()) if name == "jh-2025" else write_seed_plan(name, path)


def ensure_demo_plan(root: Path, name: str) -> Path:
    """The workspace's plan.xlsx, written from demo plan ``name`` when absent (an existing plan is kept)."""
    ws = Workspace(root)
    if not ws.plan.exists():
        write_demo_plan(name, ws.plan)
    return ws.plan


def is_demo_plan(plan: Plan, name: str) -> bool:
    """Whether a loaded plan is demo plan ``name`` (same region and year), so a run never mixes two plans."""
    wanted = DEMO_PLANS[name]
    return (plan.region, plan.year) == (wanted.region, wanted.year)


def prepare_seed_run(root: Path, name: str, plan: Plan, period: Period) -> list[Path]:
    """The period's templates, and the demo submissions of demo plan ``name`` in the inbox."""
    plan.require_period(period)  # before any file, as prepare_demo
    ws = Workspace(root)
    wanted = DEMO_PLANS[name]
    for key in wanted.runs:  # an earlier run's demo files are archived: the office clears its inbox per period
        if key != period.key:
            for old in ws.inbox.glob(f"{key} *.xlsx"):
                old.unlink()
    templates = generate_templates(plan, period, ws.templates)
    write_demo_submissions(plan, period, ws.inbox, missing=wanted.missing, faulty=wanted.faulty)
    fill_demo_central(ws.root, plan, period)
    return templates
