"""Swedish labels of the consolidated rows and states, shared by every table."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from reporting.plan.model import Unit
from reporting.plan.reporter import reporter_key
from reporting.plan.targets import Status

NOT_SUBMITTED = "Ej inkommen"
REJECTED = "Avvisad"  # a division whose file came in and was rejected: never "Ej inkommen"
ABSENT = (NOT_SUBMITTED, REJECTED)  # an item's state when its division has no consolidated submission
PART_OF_SUM = "Del av summan"  # a division's part of a key figure summed over several: the total is judged
NOT_DUE = "Ej aktuell denna period"  # a key figure whose Frekvens does not follow it up in this period


TOTAL = "Nämnden totalt"
FRAME = "Nämndens budgetram, alla divisioner"  # beside a total that leaves divisions out
FRAME_WITH_OWN = f"{FRAME} och nämndens egen ram"  # the same, in a plan with a Budgetramar row "Nämnd"
BOARD_OWN = "Nämnden (egen ram)"  # the nämnd's own frame, e.g. förtroendemannabudget: never a division
BOARD_OWN_YEAR_END = "Nämnden (egen ram, utfall = budget)"  # the årsrapport: nobody reports it, it counts as its frame
BOARD_LEVEL = "Nämndnivå"  # the state of a nämnd-level row: no division reports it


STATUS_ORDER = Status.display_order()


LISTED_UNITS = 10  # missing units named in a row's name; a region may have thousands


def units_in(units: Sequence[Unit], division: str) -> str:
    """ "Enhet 0003 i Division Medicin": the units a division from some of its units leaves out, as rows say it."""
    return f"{capped([u.name for u in units])} i {division}"


def named_units(units: Sequence[Unit], division_id: str, rejected: Collection[str], missing: str = "") -> str:
    """ "Enhet 0001; avvisad: Enhet 0005": units a division from its units' files leaves out, those whose file came
    in and was rejected (their reporter key, "MED/E0005", in ``rejected``) named so, never as not in; ``missing``
    ("saknas: ") goes before the others. Each list ``capped``."""
    turned = [u.name for u in units if reporter_key(division_id, u.id) in rejected]
    others = [u.name for u in units if reporter_key(division_id, u.id) not in rejected]
    parts = [f"{missing}{capped(others)}"] if others else []
    return "; ".join(parts + ([f"{REJECTED.lower()}: {capped(turned)}"] if turned else []))


def capped(names: list[str]) -> str:
    """Names joined, at most ``LISTED_UNITS`` of them, then how many more: a label fits an Excel cell."""
    more = len(names) - LISTED_UNITS
    return ", ".join(names[:LISTED_UNITS]) + (f" och {more} till" if more > 0 else "")


def rejected_label(errors: int) -> str:
    """ "Avvisad (3 fel)": a rejected division's status, with how many errors its återkoppling lists."""
    return f"{REJECTED} ({errors} fel)"


def absent(division_id: str, rejected: Collection[str]) -> str:
    """An item's state for a division without a consolidated submission: "Avvisad" when its file came in and was
    rejected (``rejected``: such divisions' ids), else "Ej inkommen"."""
    return REJECTED if division_id in rejected else NOT_SUBMITTED
