"""Account groups (Kontogrupper): the rows of a plan's budget, today's five unless the plan gives its own."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

ACCOUNT_GROUPS: list[tuple[str, str]] = [
    # id, Swedish name; incomes positive, costs negative (as in the plan's tables)
    ("EI", "Externa intäkter"),
    ("II", "Interna intäkter"),
    ("EK", "Externa kostnader"),
    ("AV", "Avskrivningar"),
    ("IK", "Interna kostnader"),
]
INCOME_GROUPS = {"EI", "II"}


class GroupKind(StrEnum):
    """An account group's Typ, which says its sign: incomes positive, costs and depreciation negative."""

    INCOME = "income"
    COST = "cost"
    DEPRECIATION = "depreciation"
    NETTO = "netto"  # a frame of either sign: the plan's only group
    UNREAD = ""  # the plan's Typ could not be read (the plan check says what to write): no sign is checked


class GroupScope(StrEnum):
    """An account group's Extern/intern."""

    EXTERNAL = "external"
    INTERNAL = "internal"
    UNSAID = ""


GROUP_KINDS = {  # Typ: the plan's word (lower case) -> the kind
    "intäkt": GroupKind.INCOME,
    "kostnad": GroupKind.COST,
    "avskrivning": GroupKind.DEPRECIATION,
    "netto": GroupKind.NETTO,
}
GROUP_SCOPES = {"extern": GroupScope.EXTERNAL, "intern": GroupScope.INTERNAL, "": GroupScope.UNSAID}  # Extern/intern


@dataclass(frozen=True)
class AccountGroup:
    """A row of the plan's Kontogrupper: incomes are positive, costs and depreciation negative."""

    id: str
    name: str
    kind: GroupKind = GroupKind.COST
    scope: GroupScope = GroupScope.UNSAID
    accounts: str = ""  # free text such as "5550–5553"
    subtotal: str = ""  # the Delsumma row it is summed into ("Summa intäktsbudget"); "" for none

    @property
    def is_income(self) -> bool:
        return self.kind == GroupKind.INCOME

    def sign_ok(self, amount: Decimal) -> bool:
        """Incomes are positive, costs and depreciation negative; a netto frame may be either, and so may a group
        whose Typ the plan check could not read (its error says what to write; a sign error would guess)."""
        if self.kind in (GroupKind.NETTO, GroupKind.UNREAD):
            return True
        return amount >= 0 if self.is_income else amount <= 0


def default_account_groups() -> list[AccountGroup]:
    """Today's five groups (a plan without a Kontogrupper sheet)."""
    kinds = {"EI": GroupKind.INCOME, "II": GroupKind.INCOME, "AV": GroupKind.DEPRECIATION}
    external, internal = GroupScope.EXTERNAL, GroupScope.INTERNAL
    scopes = {"EI": external, "EK": external, "II": internal, "IK": internal}
    return [
        AccountGroup(gid, name, kinds.get(gid, GroupKind.COST), scopes.get(gid, GroupScope.UNSAID))
        for gid, name in ACCOUNT_GROUPS
    ]


SUBTOTAL_PREFIX = "DS"  # ids of the Delsumma rows in templates and reports: DS1, DS2, …


@dataclass(frozen=True)
class Subtotal:
    """A Delsumma row: computed from its groups, shown after the last of them, never entered."""

    id: str
    name: str
    groups: tuple[str, ...]


def subtotals(groups: list[AccountGroup]) -> list[Subtotal]:
    """The plan's Delsumma rows in the order their names first appear."""
    names = list(dict.fromkeys(g.subtotal for g in groups if g.subtotal))
    return [
        Subtotal(f"{SUBTOTAL_PREFIX}{n}", name, tuple(g.id for g in groups if g.subtotal == name))
        for n, name in enumerate(names, start=1)
    ]


def layout(groups: list[AccountGroup]) -> list[AccountGroup | Subtotal]:
    """The rows of an economy table: each group, and each Delsumma right after the last of its groups."""
    rows: list[AccountGroup | Subtotal] = []
    pending = {s.groups[-1]: s for s in subtotals(groups)}
    for group in groups:
        rows.append(group)
        if group.id in pending:
            rows.append(pending[group.id])
    return rows
