"""Investeringar of a period: each object with its reporter's answer, and totals that never mix bases.

An object is its division's, or, in a division reported by its units, the unit's its Enhet names. A total sums
budget and upparbetat over the same objects, those whose reporter is in: the objects of a division or unit that has
not reported (or whose file was rejected) have no upparbetat, so they are left out of both sums and named ("Summa
(exkl. Division Kirurgi, Enhet 0013 i Division Medicin)"), the whole budget on a row of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from reporting.consolidate.labels import ABSENT, NOT_SUBMITTED, REJECTED, absent, capped
from reporting.consolidate.rollup import units_left_out
from reporting.intake.submission import Submission
from reporting.plan.model import BOARD, Plan, Unit
from reporting.plan.targets import Status
from reporting.template.answers import InvestmentAnswer


@dataclass(frozen=True)
class InvestmentTotal:
    """Budget and upparbetat over the objects whose reporter is in; the whole budget beside it."""

    label: str
    amount: int  # tkr
    spent: Decimal
    amount_all: int
    left_out: tuple[str, ...]  # divisions that have not reported, and "Enhet 0013 i Division Medicin"


@dataclass(frozen=True)
class InvestmentRow:
    id: str
    division: str
    unit: str
    object: str
    kind: str
    amount: int  # tkr
    status: str
    spent: Decimal | None
    comment: str
    unit_out: str = ""  # the unit's name when the object's unit did not report in a division from its units' files


def investment_total(rows: Sequence[InvestmentRow]) -> InvestmentTotal:
    """Summa over the objects whose division (or unit) reported; the label names whom it leaves out."""
    reported = [i for i in rows if i.status not in ABSENT]
    left_out = investments_left_out(rows)
    return InvestmentTotal(
        f"Summa (exkl. {', '.join(left_out)})" if left_out else "Summa",
        sum(i.amount for i in reported),
        sum((i.spent for i in reported if isinstance(i.spent, Decimal)), Decimal(0)),
        sum(i.amount for i in rows),
        left_out,
    )


def investments_left_out(rows: Sequence[InvestmentRow]) -> tuple[str, ...]:
    """Whom a sum over ``rows`` leaves out, in the rows' order: a division not in by its name, the units of a
    division in part as "Enhet 0013; avvisad: Enhet 0005 i Division Medicin"."""
    out: dict[str, list[InvestmentRow]] = {}
    for item in rows:
        if item.status in ABSENT:
            out.setdefault(item.division, []).append(item)
    return tuple(f"{units_out(items)} i {name}" if items[0].unit_out else name for name, items in out.items())


def units_out(rows: Sequence[InvestmentRow]) -> str:
    """ "Enhet 0013, Enhet 0017; avvisad: Enhet 0005": the units whose objects among ``rows`` are left out, each
    once and ``capped``, those whose file was rejected named so."""
    missing = list(dict.fromkeys(i.unit_out for i in rows if i.unit_out and i.status == NOT_SUBMITTED))
    turned = list(dict.fromkeys(i.unit_out for i in rows if i.unit_out and i.status == REJECTED))
    parts = [capped(missing)] if missing else []
    return "; ".join(parts + ([f"{REJECTED.lower()}: {capped(turned)}"] if turned else []))


@dataclass(frozen=True)
class InvestmentRam:
    """The nämnd's investment ram for one Typ (Investeringar's Division "Nämnd"), beside its objects' sum (tkr)."""

    kind: str
    ram: int
    objects: int  # the plan's objects of this Typ, all divisions


def investment_rams(plan: Plan) -> list[InvestmentRam]:
    """Each ram row of the plan with the sum of the objects of the same Typ (case ignored)."""
    objects = [i for i in plan.investments if i.division != BOARD]
    return [
        InvestmentRam(r.kind, r.amount_tkr, sum(i.amount_tkr for i in objects if i.kind.lower() == r.kind.lower()))
        for r in plan.investments
        if r.division == BOARD
    ]


def investment_table(plan: Plan, subs: dict[str, Submission], rejected: Collection[str] = ()) -> list[InvestmentRow]:
    """Each object with its answer; "Ej inkommen" or "Avvisad" when its division, or its unit in a division from
    its units' files, is not in (``rejected``: division ids and unit reporter keys, "MED/E0005")."""
    rows = []
    names: dict[str, str] = {}  # division id -> name, looked up once per division, not per object (thousands)
    out: dict[str, dict[str, Unit]] = {}  # division id -> its units left out, by name and id (an Enhet is either)
    for item in plan.investments:
        if item.division == BOARD:
            continue  # the nämnd's ram: investment_rams
        sub = subs.get(item.division)
        if item.division not in names:
            names[item.division] = plan.division(item.division).name
            out[item.division] = {k: u for u in units_left_out(plan, item.division, sub) for k in (u.name, u.id)}
        unit = out[item.division].get(item.unit)
        answer = sub.answers.investment(item.id) if sub and not unit else InvestmentAnswer()
        if sub is None or unit:
            status = absent(f"{item.division}/{unit.id}" if unit else item.division, rejected)
        else:
            status = answer.status or Status.NO_DATA.value
        rows.append(
            InvestmentRow(
                item.id,
                names[item.division],
                item.unit,
                item.object,
                item.kind,
                item.amount_tkr,
                status,
                answer.spent,
                answer.comment,
                unit.name if unit else "",
            )
        )
    return rows
