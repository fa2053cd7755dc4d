"""Account groups new or gone since a division's previous forecast (a group split out, merged, or given a new id).

The Ekonomi sheet's Förändring column adds up to Netto only over the same groups. A group the division had no
row for at its earlier period (none stored, not even a budget) is new: its whole deviation is its change. A group
stored then and not reported now is gone: its deviation then is in Netto's change and in no group's, which a note
says. A group only missing its earlier forecast (left blank then) is neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reporting.history.reframe import join_names, stored_at
from reporting.history.trends import Figures, same_name
from reporting.history.words import Metric, RowKind
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.swedish import format_number


@dataclass(frozen=True)
class Gone:
    """A group stored at the division's earlier period (``period``) and not reported now: its forecast and budget then."""

    division_id: str
    group_id: str
    period: Period
    forecast: Decimal | None
    budget: Decimal | None
    name: str = ""  # as stored then ("" for rows stored before names were kept)

    @property
    def deviation(self) -> Decimal | None:
        return self.forecast - self.budget if self.forecast is not None and self.budget is not None else None


def stored_groups(index: Figures, periods: dict[str, Period], computed: set[str]) -> dict[str, set[str]]:
    """Division -> the account groups (not ``computed`` rows: Netto, subtotals) stored for it at its period in
    ``periods``; one pass over the index for every division (a region's history holds a key per unit row)."""
    out: dict[str, set[str]] = {division: set() for division in periods}
    for (kind, item, division, metric), points in index.points.items():
        wanted = kind == RowKind.ECONOMY and metric == Metric.BUDGET and division in periods and item not in computed
        if wanted and any(p == periods[division] for p, _ in points):
            out[division].add(item)
    return out


def gone_groups(index: Figures, division_id: str, period: Period, then: set[str], now: set[str]) -> list[Gone]:
    """Groups stored at ``period`` (``then``) that the division does not report now, with their deviation then."""
    return [
        Gone(
            division_id,
            group,
            period,
            stored_at(index, group, division_id, Metric.FORECAST, period),
            stored_at(index, group, division_id, Metric.BUDGET, period),
            index.names.get((RowKind.ECONOMY, group, division_id), {}).get(period, ""),
        )
        for group in sorted(then - now)
    ]


def renamed_from(index: Figures, gone: list[Gone], division_id: str, name: str) -> Gone | None:
    """The gone group of the division stored under ``name`` then: a group whose id changed and name did not is the
    same group, its forecast then its previous one (rows stored before names were kept match none)."""
    for g in gone:
        stored = index.names.get((RowKind.ECONOMY, g.group_id, division_id), {}).get(g.period, "")
        if g.division_id == division_id and stored and same_name(stored, name):
            return g
    return None


def groups_note_for(plan: Plan, new: dict[str, list[str]], gone: list[Gone]) -> str:
    """``new_groups_note`` with each gone group and division named as the plan names them."""
    names = {g.id: g.name for g in plan.account_groups}
    divisions = {d.id: d.name for d in plan.divisions}
    named = [
        (divisions.get(g.division_id, g.division_id), g.name or names.get(g.group_id, g.group_id), g.deviation)
        for g in gone
    ]
    return new_groups_note(new, named, plan.amount_decimals, plan.amount_unit)


def new_groups_note(
    groups: dict[str, list[str]], gone: list[tuple[str, str, Decimal | None]], decimals: int, unit: str
) -> str:
    """What Förändring means for account groups new since the previous forecast, and for groups gone since (their
    deviation then is in Netto's change and in no group's); "" for none."""
    notes = []
    if groups:
        named = "; ".join(f"{group} ({join_names(divisions)})" for group, divisions in groups.items())
        new, their = ("Ny kontogrupp", "Dess") if len(groups) == 1 else ("Nya kontogrupper", "Deras")
        notes.append(
            f"{new} sedan föregående prognos: {named}. {their} avvikelse mot budget räknas som förändring, så att "
            "kolumnen summerar till Netto."
        )
    if gone:
        named = "; ".join(
            f"{group} ({division}{'' if dev is None else f', avvikelse då {format_number(dev, decimals)} {unit}'})"
            for division, group, dev in gone
        )
        notes.append(
            f"Fanns vid föregående prognos men inte nu: {named}. Avvikelsen då ingår i Nettos förändring men i "
            "ingen kontogrupps, så för de divisionerna summerar kolumnen inte till Netto."
        )
    return " ".join(notes)
