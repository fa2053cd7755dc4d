"""Why a report section has no rows at all: the period does not follow it up, or the plan has none of it.

A month follows up key figures, economy and the åtgärdsplan only (``Period.sheets``); a plan may have no
investments or internkontroll (seed 003). The workbook's sheet then says why in one sentence, and the Word
draft, the meeting papers, leaves the section out. A section the plan has but with nothing due this period
keeps its own sentence ("Inga kontrollmoment följs upp denna period.").
"""

from __future__ import annotations

from reporting.plan.central import BOARD
from reporting.plan.model import Plan
from reporting.plan.periods import Period

_SECTIONS = {  # sheet -> (the section named in definite form, the plan's items as "Planen har inga …")
    "Uppdrag": ("Uppdragen", "uppdrag"),
    "Investeringar": ("Investeringarna", "investeringsobjekt"),
    "Internkontroll": ("Internkontrollen", "kontrollmoment i internkontrollplanen"),
}


def _in_plan(plan: Plan, sheet: str) -> bool:
    """Whether the plan has items of the section: an investment object, not the nämnd's ram alone."""
    if sheet == "Investeringar":
        return any(i.division != BOARD for i in plan.investments)
    return bool(plan.assignments if sheet == "Uppdrag" else plan.internal_control)


def leaves_out(plan: Plan, period: Period, sheet: str) -> bool:
    """Whether the Word draft leaves the section out: the period does not follow it up, or the plan has nothing of
    it to show (a plan with the nämnd's investment ram but no objects keeps the section for the ram's table)."""
    if sheet not in period.sheets:
        return True
    return not _in_plan(plan, sheet) and not (sheet == "Investeringar" and plan.investments)


def why_empty(plan: Plan, period: Period, sheet: str) -> str:
    """The sentence a section (Uppdrag, Investeringar, Internkontroll) says instead of rows when the period does
    not follow it up or the plan has none of it; "" when the plan's items may be due this period."""
    definite, items = _SECTIONS[sheet]
    if not _in_plan(plan, sheet):  # first: a month would otherwise promise a follow-up the plan has nothing for
        return f"Planen har inga {items}."
    if sheet not in period.sheets:
        return f"{definite} följs upp i tertial-, delårs- och årsrapporterna, inte per månad."
    return ""
