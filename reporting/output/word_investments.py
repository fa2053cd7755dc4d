"""The Word draft's Investeringar: the objects per division with a Summa per division, and the report's total.

Investment amounts are whole tkr in every plan (the plan's Investeringar sheet says so), so the
section is in tkr whatever unit the economy is in. The total is the workbook's: over the divisions and units
that reported ("Summa (exkl. …)"), with the whole budget on a row of its own when one is missing; a division's
Summa covers the units that reported, named so, as the total does.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.investments import InvestmentRow, investment_rams, investment_total, units_out
from reporting.consolidate.labels import ABSENT
from reporting.output.absent import why_empty
from reporting.output.word_table import paragraph
from reporting.output.word_table import table as _table

WORD_OBJECTS_MAX = 200  # investment objects listed one by one in the draft; more are summed per division
ALL_BUDGET = "Budget, alla investeringar"  # the workbook's row beside a total that leaves divisions out


def investments(doc: Any, r: Consolidation) -> None:
    """Each investment object, or with thousands of units' objects a row per division with their sums.

    The meeting papers need the divisions' totals; every object stays on the report's Investeringar sheet.
    """
    paragraph(doc, "Investeringar (tkr)", "Heading 1")
    if len(r.investments) <= WORD_OBJECTS_MAX:
        rows = object_rows(r)
        _table(
            doc,
            ["Id", "Division", "Objekt", "Budget (tkr)", "Status", "Upparbetat (tkr)", "Kommentar"],
            rows,
            [1.2, 4.5, 6.5, 2.6, 2.6, 2.6, 5],
            empty=why_empty(r.plan, r.period, "Investeringar") or "Inga investeringsobjekt följs upp denna period.",
            bold_rows=[n for n, row in enumerate(rows) if not row[0]],  # the sums: no object id
        )
    else:
        _investment_sums(doc, r)
    rams = investment_rams(r.plan)
    if rams:  # as the workbook: the nämnd's ram per Typ beside the plan's objects of that Typ
        paragraph(doc, "Nämndens investeringsram (tkr)", "Heading 2")
        rows = [[ram.kind, ram.ram, ram.objects, ram.ram - ram.objects] for ram in rams]
        _table(doc, ["Typ", "Ram", "Objekt i planen", "Ram mot objekt"], rows, [8, 4, 4, 4])


def by_division(r: Consolidation) -> dict[str, list[InvestmentRow]]:
    """The objects per division, the divisions in the plan's order and each one's objects in the plan's."""
    order = {d.name: n for n, d in enumerate(r.plan.divisions)}
    grouped: dict[str, list[InvestmentRow]] = {}
    for item in r.investments:  # one pass: a region may have many divisions and thousands of objects
        grouped.setdefault(item.division, []).append(item)
    return {name: grouped[name] for name in sorted(grouped, key=lambda name: order.get(name, len(order)))}


def _spent(objects: Sequence[InvestmentRow]) -> Decimal | None:
    """Upparbetat summed over the objects that have it; none for a division that has not reported."""
    if all(i.status in ABSENT for i in objects):
        return None
    return sum((i.spent for i in objects if isinstance(i.spent, Decimal)), Decimal(0))


def summed(division: str, objects: Sequence[InvestmentRow]) -> tuple[str, Sequence[InvestmentRow]]:
    """A division's sum row's name and the objects it sums: all of them, or in a division from some of its units'
    files those of the units that reported, the name saying which units it leaves out (one base, as the total)."""
    out = [i for i in objects if i.unit_out]
    if not out:
        return division, objects
    return f"{division} (exkl. {units_out(out)})", [i for i in objects if not i.unit_out]


def object_rows(r: Consolidation) -> list[list[Any]]:
    """Each division's objects and its Summa row, then the workbook's total (and the whole budget beside it)."""
    rows: list[list[Any]] = []
    for division, objects in by_division(r).items():
        rows += [[i.id, i.division, i.object, i.amount, i.status, i.spent, i.comment] for i in objects]
        name, summed_objects = summed(division, objects)
        rows.append(["", f"Summa {name}", "", sum(i.amount for i in summed_objects), "", _spent(summed_objects), ""])
    if r.investments:
        total = investment_total(r.investments)
        rows.append(["", total.label, "", total.amount, "", total.spent, ""])
        if total.left_out:
            rows.append(["", ALL_BUDGET, "", total.amount_all, "", None, ""])
    return rows


def _investment_sums(doc: Any, r: Consolidation) -> None:
    """Thousands of objects: a row per division with the number of objects and their sums, then the total."""
    doc.add_paragraph(
        f"{len(r.investments)} investeringsobjekt, summerade per division; "
        "varje objekt finns på fliken Investeringar i rapportens arbetsbok."
    )
    rows: list[list[Any]] = []
    for division, all_objects in by_division(r).items():
        name, objects = summed(division, all_objects)
        rows.append([name, len(objects), sum(i.amount for i in objects), _spent(objects), _without_spent(objects)])
    total = investment_total(r.investments)
    reported = [i for i in r.investments if i.status not in ABSENT]
    rows.append([total.label, len(reported), total.amount, total.spent, _without_spent(reported)])
    if total.left_out:
        rows.append([ALL_BUDGET, len(r.investments), total.amount_all, None, None])
    headers = ["Division", "Antal objekt", "Budget (tkr)", "Upparbetat (tkr)", "Objekt utan upparbetat belopp"]
    sums = range(len(rows) - (2 if total.left_out else 1), len(rows))
    _table(doc, headers, rows, [7, 3.5, 4.5, 4.5, 5.5], bold_rows=sums)


def _without_spent(objects: Sequence[InvestmentRow]) -> int:
    """Objects with no upparbetat amount: said apart, so the spent sum never silently covers fewer objects."""
    return sum(i.spent is None for i in objects)
