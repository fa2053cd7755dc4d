"""Plans shaped like the seeds' (002: JH 2021, 003: Västernorrland 2025) on the demo plan's divisions and frames,
written to plan.xlsx and read back, and one period run on them: templates filled like a user, then consolidated."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from helpers import complete_edits, fill, template_copy
from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.demo.plan import demo_plan
from reporting.intake.central import read_central
from reporting.intake.run import run_intake
from reporting.plan.model import Assignment, GoalArea, KeyFigure, Plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.plan.targets import parse_target
from reporting.plan.write import write_plan
from reporting.workspace import Workspace

T1 = Period(2025, "T1")

# seed 002: strategi → insatsområde → resultatmål → mätetal; some mätetal directly under an insatsområde
JH_2021_TREE = [
    GoalArea("S2", "Strategi för vård", "", "Strategi", "2"),
    GoalArea("I21", "God och nära vård i hela Region Jämtland Härjedalen", "S2", "Insatsområde", "2.1"),
    GoalArea("R211", "Regionens vård ska redovisa effektivitet och god kvalitet", "I21", "Resultatmål", "2.1.1"),
    GoalArea("I22", "Hög tillgänglighet och kontinuitet", "S2", "Insatsområde", "2.2"),
    GoalArea("S4", "Strategi för ekonomi", "", "Strategi", "4"),
    GoalArea("I41", "En ekonomi i balans", "S4", "Insatsområde", "4.1"),
]
JH_2021_PLACES = {"N04": "R211", "N14": "R211", "N01": "I22", "N10": "I22"}

# seed 003: målområde → mål → uppdrag
VNL_2025_TREE = [
    GoalArea("M1", "Medborgare", "", "Målområde", "1"),
    GoalArea("M11", "Tillgänglig vård", "M1", "Mål", "1.1"),
    GoalArea("M2", "Ekonomi", "", "Målområde", "2"),
    GoalArea("M21", "Ekonomi i balans", "M2", "Mål", "2.1"),
]


def tree_plan(tree: list[GoalArea], places: dict[str, str], assignments: dict[str, str] | None = None) -> Plan:
    """The demo plan with ``tree`` as its Målområden, only the key figures in ``places`` (id -> node) and
    the uppdrag in ``assignments`` (id -> node; none when not given)."""
    plan = demo_plan()
    plan.goal_areas = list(tree)
    plan.key_figures = [replace(k, goal_area=places[k.id]) for k in plan.key_figures if k.id in places]
    plan.assignments = [
        replace(a, goal_area=(assignments or {})[a.id]) for a in plan.assignments if a.id in (assignments or {})
    ]
    return plan


def central_figure(kf_id: str, name: str, area: str, target: str) -> KeyFigure:
    """A key figure measured at nämnd level (Divisioner "Nämnd")."""
    return KeyFigure(kf_id, name, area, ("Nämnd",), "%", target, parse_target(target), "HSN", "mean")


def board_assignment(item_id: str, text: str, area: str) -> Assignment:
    """The nämnd's own intention ("Under planperioden avser nämnden …")."""
    return Assignment(item_id, text, area, "HSN", ("Nämnd",))


def written(plan: Plan, root: Path) -> Plan:
    """The plan through plan.xlsx: written, then read back as a user's plan is."""
    ws = Workspace(root)
    ws.root.mkdir(parents=True, exist_ok=True)
    write_plan(ws.plan, plan)
    return load_plan(ws.plan)


def run(
    plan: Plan, root: Path, edits: dict[str, dict[tuple[str, str, str], Any]], period: Period = T1
) -> Consolidation:
    """Templates for the divisions in ``edits``, filled completely and then with ``edits``; the period consolidated
    with Centrala värden when the workspace has the file."""
    ws = Workspace(root)
    ws.inbox.mkdir(parents=True, exist_ok=True)
    for division, changes in edits.items():
        template = template_copy(plan, division, period, ws.templates / f"{period.key} {division}.xlsx")
        fill(template, {**complete_edits(plan, division), **changes}, ws.inbox / f"{division}.xlsx")
    return consolidate(plan, run_intake(ws, plan, period), central=read_central(ws.root, plan, period))


def stored_figures(root: Path, result: Consolidation) -> Any:
    """The history's figures table after storing ``result`` in the workspace's database."""
    from reporting.history.store import load_figures, open_history, store

    engine = open_history(root)
    try:
        store(engine, result)
        return load_figures(engine)
    finally:
        engine.dispose()
