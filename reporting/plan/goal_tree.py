"""The plan's goal tree: målområden, strategier, insatsområden, mål … of any depth, numbered as in the plan.

A flat plan (seed 000: målområde → nyckeltal) is a tree of one level; a deeper one (seed 002:
strategi → insatsområde → resultatmål → mätetal) names each node's parent. Key figures and
uppdrag may hang on any node. These helpers take the plan's list of nodes, so the model and
the readers share them without importing each other. A cycle (which the plan reader reports)
never makes them loop: a path stops at the first node seen twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reporting.plan.model import GoalArea

DEFAULT_LEVEL = "Målområde"
PATH_SEPARATOR = " › "


def level_name(area: GoalArea) -> str:
    """The plan's word for the node's level; "Målområde" when the plan gives none."""
    return area.level or DEFAULT_LEVEL


def title(area: GoalArea) -> str:
    """Number and name as the plan prints them: "1.2 Kortare väntetider" (the name alone without a number)."""
    return f"{area.number} {area.name}".strip() if area.number else area.name


def goal_word(areas: Sequence[GoalArea]) -> str:
    """What the rows of a goal table are: "Målområde" in a flat plan; "Mål" in a tree, whose rows name their own
    level ("Perspektiv 1 …", "Delmål 1.2 …"), never a word the plan does not use."""
    return "Mål" if is_tree(areas) else DEFAULT_LEVEL


def is_tree(areas: Sequence[GoalArea]) -> bool:
    """Whether the plan uses the tree's columns (parent, level or number): a flat plan's report is as before."""
    return any(a.parent or a.level or a.number for a in areas)


def path(areas: Sequence[GoalArea], area_id: str) -> list[GoalArea]:
    """The nodes from the top down to ``area_id`` (empty for an unknown id)."""
    by_id = {a.id: a for a in reversed(areas)}  # the first of a repeated id wins, as elsewhere in the plan
    out: list[GoalArea] = []
    node = by_id.get(area_id)
    while node is not None and node not in out:
        out.append(node)
        node = by_id.get(node.parent) if node.parent else None
    return out[::-1]


def path_label(areas: Sequence[GoalArea], area_id: str) -> str:
    """ "1 Tillgänglighet › 1.2 Kortare väntetider"; the id itself for an unknown node."""
    return PATH_SEPARATOR.join(title(a) for a in path(areas, area_id)) or area_id


def children(areas: Sequence[GoalArea], area_id: str = "") -> list[GoalArea]:
    """A node's children in plan order; ``""`` gives the top-level nodes (and those whose parent is unknown)."""
    known = {a.id for a in areas}
    if area_id:
        return [a for a in areas if a.parent == area_id and a.id != area_id]
    return [a for a in areas if not a.parent or a.parent not in known]


def depth(areas: Sequence[GoalArea], area_id: str) -> int:
    """0 for a top-level node, 1 for its children …"""
    return max(len(path(areas, area_id)) - 1, 0)


def walk(areas: Sequence[GoalArea]) -> list[tuple[GoalArea, int]]:
    """Every node once, depth first in plan order, with its depth: the order of an indented tree."""
    out: list[tuple[GoalArea, int]] = []
    seen: set[str] = set()

    def visit(node: GoalArea, level: int) -> None:
        if node.id in seen:
            return
        seen.add(node.id)
        out.append((node, level))
        for child in children(areas, node.id):
            visit(child, level + 1)

    for top in children(areas):
        visit(top, 0)
    for node in areas:  # nodes only reachable through a cycle: still listed once
        visit(node, depth(areas, node.id))
    return out


def subtree(areas: Sequence[GoalArea], area_id: str) -> set[str]:
    """The ids of a node and every node below it."""
    found: set[str] = set()
    todo = [area_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(a.id for a in areas if a.parent == current)
    return found


def cycle_members(areas: Sequence[GoalArea]) -> list[GoalArea]:
    """The nodes whose chain of parents comes back to themselves (a plan error at their Överordnad cell)."""
    by_id = {a.id: a for a in reversed(areas)}
    out = []
    for node in areas:
        seen: set[str] = set()
        current = node.parent
        while current and current in by_id and current not in seen:
            if current == node.id:
                out.append(node)
                break
            seen.add(current)
            current = by_id[current].parent
    return out
