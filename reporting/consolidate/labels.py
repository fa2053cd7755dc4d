"""Swedish labels of the consolidated rows and states, shared by every table."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from reporting.plan.model import Unit
from reporting.plan.reporter import reporter_key
from reporting.plan.targets import Status
from reporting.text import and_joined

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


MISSING_SAID = ", som inte har kommit in"  # after whom a total leaves out because nothing of theirs came in


def rejected_said(count: int) -> str:
    """ ", vars fil avvisades" (", vars filer avvisades" for several): after whom a total leaves out for a rejected
    file; said so, never as not in."""
    return ", vars fil avvisades" if count == 1 else ", vars filer avvisades"


def named_units(
    units: Sequence[Unit], division_id: str, rejected: Collection[str], missing: str = "", division: str = ""
) -> str:
    """The units a division from its units' files leaves out, as running text: "Enhet 0001", or with a unit whose
    file came in and was rejected (its reporter key, "MED/E0005", in ``rejected``) "Enhet 0001, som inte har kommit
    in, och Enhet 0005, vars fil avvisades"; with ``division`` each group is placed in it ("Enhet 0001 i Division
    Medicin"). With ``missing`` ("saknas: ") a list instead, as a table's cell says it: "saknas: Enhet 0001;
    avvisad: Enhet 0005". Each list ``capped``."""
    turned = [u.name for u in units if reporter_key(division_id, u.id) in rejected]
    others = [u.name for u in units if reporter_key(division_id, u.id) not in rejected]
    at = f" i {division}" if division else ""
    if missing or not turned:
        parts = [f"{missing}{capped(others)}{at}"] if others else []
        return "; ".join(parts + ([f"{REJECTED.lower()}: {capped(turned)}{at}"] if turned else []))
    said = f"{capped(turned)}{at}{rejected_said(len(turned))}"
    return f"{capped(others)}{at}{MISSING_SAID}, och {said}" if others else said


def left_out_text(parts: Sequence[str], always: bool = False) -> str:
    """Whom a total leaves out, as running text: "A, B" when no file was rejected (unless ``always``); else
    "A och B, som inte har kommit in, och C i Division X, vars fil avvisades". ``parts`` are names, or phrases that
    already say why (``named_units``, a rejected division's "X, vars fil avvisades"); the others are not in."""
    marks = (MISSING_SAID, rejected_said(1), rejected_said(2), f" ({REJECTED.lower()})")  # tables._named's too
    said = [p for p in parts if any(mark in p for mark in marks)]
    bare = [p for p in parts if p not in said]
    if not said and not always:
        return ", ".join(parts)
    groups = ([and_joined(bare) + MISSING_SAID] if bare else []) + said
    return ", ".join(groups[:-1]) + ", och " + groups[-1] if len(groups) > 1 else "".join(groups)


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
