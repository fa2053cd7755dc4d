"""Account groups (Kontogrupper): the rows of a plan's budget, today's five unless the plan gives its own."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ACCOUNT_GROUPS: list[tuple[str, str]] = [
    # id, Swedish name; incomes positive, costs negative (as in the plan's tables)
    ("EI", "Externa intäkter"),
    ("II", "Interna intäkter"),
    ("EK", "Externa kostnader"),
    ("AV", "Avskrivningar"),
    ("IK", "Interna kostnader"),
]
INCOME_GROUPS = {"EI", "II"}
GROUP_KINDS = {"intäkt": "income", "kostnad": "cost", "avskrivning": "depreciation", "netto": "netto"}  # Typ
GROUP_SCOPES = {"extern": "external", "intern": "internal", "": ""}  # Extern/intern


@dataclass(frozen=True)
class AccountGroup:
    """A row of the plan's Kontogrupper: incomes are positive, costs and depreciation negative."""

    id: str
    name: str
    kind: str = "cost"  # income | cost | depreciation | netto; "" while the plan's Typ could not be read
    scope: str = ""  # external | internal | ""
    accounts: str = ""  # free text such as "5550–5553"
    subtotal: str = ""  # the Delsumma row it is summed into ("Summa intäktsbudget"); "" for none

    @property
    def is_income(self) -> bool:
        return self.kind == "income"

    def sign_ok(self, amount: Decimal) -> bool:
        """Incomes are positive, costs and depreciation negative; a netto frame may be either, and so may a group
        whose Typ the plan check could not read (its error says what to write; a sign error would guess)."""
        if self.kind in ("netto", ""):
            return True
        return amount >= 0 if self.is_income else amount <= 0


def default_account_groups() -> list[AccountGroup]:
    """Today's five groups (a plan without a Kontogrupper sheet)."""
    kinds = {"EI": "income", "II": "income", "AV": "depreciation"}
    scopes = {"EI": "external", "EK": "external", "II": "internal", "IK": "internal"}
    return [AccountGroup(gid, name, kinds.get(gid, "cost"), scopes.get(gid, "")) for gid, name in ACCOUNT_GROUPS]


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
