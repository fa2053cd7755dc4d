"""The demo's Centrala värden: the economy office's nämnd-level outcomes, filled as the office would.

``reporting central`` writes the period's rows; the demo then types an utfall for every
centrally measured key figure and financial goal (near its target, most of them met) and a
status for every uppdrag of the nämnd's own, in the file itself with openpyxl, the way a
colleague fills it in Excel.
"""

from __future__ import annotations

import random
from pathlib import Path

from reporting.demo.submissions import kf_value
from reporting.plan.model import FinancialGoal, KeyFigure, Plan
from reporting.plan.periods import Period
from reporting.template.central import ASSIGNMENT, CENTRAL_SHEET, FINANCIAL_GOAL, KEY_FIGURE, write_central
from reporting.template.spec import ASSIGNMENT_STATUSES


def fill_demo_central(root: Path, plan: Plan, period: Period, seed: int = 2025) -> Path:
    """``Centrala värden.xlsx`` with the period's rows written and filled; other periods' rows kept."""
    from openpyxl import load_workbook

    path, _ = write_central(root, plan, period)
    goals: dict[tuple[str, str], KeyFigure | FinancialGoal] = {(KEY_FIGURE, k.id): k for k in plan.key_figures}
    goals.update({(FINANCIAL_GOAL, g.id): g for g in plan.financial_goals})
    wb = load_workbook(path)
    ws = wb[CENTRAL_SHEET]
    for row in ws.iter_rows(min_row=2):
        item_id, what, key = (str(c.value or "").strip() for c in row[:3])
        kind = what.split(":", 1)[0].strip()
        if key != period.key or row[3].value not in (None, "") or row[4].value not in (None, ""):
            continue  # another period's row, or one already filled: kept as it is
        rng = random.Random(f"{seed}-central-{kind}-{item_id}-{key}")
        if kind == ASSIGNMENT:
            row[4].value = rng.choice(ASSIGNMENT_STATUSES[:3])
        elif (kind, item_id) in goals:
            row[3].value = kf_value(goals[(kind, item_id)], rng, rng.random() < 0.7, period.year)
        row[5].value = "Uppgift från ekonomienheten."
    wb.save(path)
    return path
