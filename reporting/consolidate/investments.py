"""Investeringar of a period: each object with its reporter's answer, and totals that never mix bases.

An object is its division's, or, in a division reported by its units, the unit's its Enhet names. A total sums
budget and upparbetat over the same objects, those reported with an upparbetat belopp: the objects of a division or
unit that has not reported (or whose file was rejected) have no upparbetat, nor has an object its reporter left
without a valid amount, so they are left out of both sums and named ("Summa (exkl. Division Kirurgi; avvisad:
Division nära vård; I13, I14 utan upparbetat belopp)"), the whole budget on a row of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from reporting.consolidate.labels import ABSENT, NOT_SUBMITTED, REJECTED, absent, capped
from reporting.consolidate.rollup import units_left_out
from reporting.intake.submission import Submission
from reporting.plan.model import BOARD, Plan, Unit
from reporting.plan.reporter import reporter_key
from reporting.plan.targets import Status
from reporting.template.answers import InvestmentAnswer
from reporting.template.spec import INVESTMENT_NOT_STARTED


@dataclass(frozen=True)
class InvestmentTotal:
    """Budget and upparbetat over the objects reported with an upparbetat belopp; the whole budget beside it."""

    label: str
    amount: int  # tkr
    spent: Decimal
    amount_all: int
    left_out: tuple[str, ...]  # whom and what the sums leave out, as the label names them; empty: nothing
    without_spent: tuple[str, ...] = ()  # ids of objects reported without an upparbetat belopp (in neither sum)


@dataclass(frozen=True)
class InvestmentSum:
    """Budget and upparbetat of some objects (a division's, the nämnd's) over the same ones: those reported with an
    upparbetat belopp. An object reported without one is in neither sum and named in ``without_spent``."""

    amount: int  # tkr
    spent: Decimal | None  # None when none of the objects is reported (nothing to sum, never 0)
    objects: int  # the objects summed
    without_spent: tuple[str, ...]  # ids of the objects reported without an upparbetat belopp

    @property
    def note(self) -> str:
        """ "I13, I14 utan upparbetat belopp" ("" when every reported object has one)."""
        return without_spent_note(self.without_spent)


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


def investment_sum(rows: Sequence[InvestmentRow]) -> InvestmentSum:
    """Budget and upparbetat over the objects among ``rows`` reported with an upparbetat belopp (one base); the
    objects reported without one named apart. Every sum of investments (the workbook's, the Word draft's per division
    and for the nämnd, with few objects or thousands) is this one."""
    reported = [i for i in rows if i.status not in ABSENT]
    summed = [i for i in reported if _spent(i) is not None]
    return InvestmentSum(
        sum(i.amount for i in summed),
        sum((spent for i in summed if (spent := _spent(i)) is not None), Decimal(0)) if reported else None,
        len(summed),
        tuple(i.id for i in reported if _spent(i) is None),
    )


def _spent(item: InvestmentRow) -> Decimal | None:
    """The object's upparbetat belopp; 0 for one not started left empty (intake asks none of it): in every sum."""
    return Decimal(0) if item.spent is None and item.status == INVESTMENT_NOT_STARTED else item.spent


def without_spent_note(ids: Sequence[str]) -> str:
    """ "I13, I14 utan upparbetat belopp": the objects a sum leaves out for want of an upparbetat ("" for none)."""
    return f"{capped(list(ids))} utan upparbetat belopp" if ids else ""


def investment_total(rows: Sequence[InvestmentRow]) -> InvestmentTotal:
    """Summa over the objects reported with an upparbetat belopp; the label names whom and what it leaves out."""
    summed = investment_sum(rows)
    left_out = investments_left_out(rows) + ((summed.note,) if summed.note else ())
    return InvestmentTotal(
        f"Summa (exkl. {'; '.join(left_out)})" if left_out else "Summa",
        summed.amount,
        summed.spent or Decimal(0),
        sum(i.amount for i in rows),
        left_out,
        summed.without_spent,
    )


def investments_left_out(rows: Sequence[InvestmentRow]) -> tuple[str, ...]:
    """Whom a sum over ``rows`` leaves out: the divisions not in ("Hälso- och sjukvårdsdirektör"), those whose file
    was rejected ("avvisad: Division Kirurgi", as their rows read), the units of a division in part ("Enhet 0013;
    avvisad: Enhet 0005 i Division Medicin"), each group in the rows' order."""
    out: dict[str, list[InvestmentRow]] = {}
    for item in rows:
        if item.status in ABSENT:
            out.setdefault(item.division, []).append(item)
    whole = {name: items[0].status for name, items in out.items() if not items[0].unit_out}
    missing = [name for name, status in whole.items() if status != REJECTED]
    turned = [name for name, status in whole.items() if status == REJECTED]
    groups = [", ".join(missing)] if missing else []
    groups += [f"{REJECTED.lower()}: {', '.join(turned)}"] if turned else []
    return tuple(groups) + tuple(f"{units_out(items)} i {name}" for name, items in out.items() if items[0].unit_out)


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
    shown: dict[str, dict[str, str]] = {}  # division id -> its units' names by id and name: an Enhet given by id
    for item in plan.investments:
        if item.division == BOARD:
            continue  # the nämnd's ram: investment_rams
        sub = subs.get(item.division)
        if item.division not in names:
            names[item.division] = plan.division(item.division).name
            out[item.division] = {k: u for u in units_left_out(plan, item.division, sub) for k in (u.name, u.id)}
            units = plan.units_of(item.division)
            shown[item.division] = {u.id: u.name for u in units} | {u.name: u.name for u in units}
        unit = out[item.division].get(item.unit)
        answer = sub.answers.investment(item.id) if sub and not unit else InvestmentAnswer()
        if sub is None or unit:
            status = absent(reporter_key(item.division, unit.id if unit else ""), rejected)
        else:
            status = answer.status or Status.NO_DATA.value
        rows.append(
            InvestmentRow(
                item.id,
                names[item.division],
                shown[item.division].get(item.unit, item.unit),  # "Klinisk kemi", never the plan's "E02"
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
