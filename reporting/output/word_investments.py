"""The Word draft's Investeringar: the objects per division with a Summa per division, and the report's total.

Investment amounts are whole tkr in every plan (the plan's Investeringar sheet says so), so the
section is in tkr whatever unit the economy is in. The total is the workbook's: budget and upparbetat over the
objects reported with an upparbetat belopp ("Summa (exkl. …)", ``investment_sum``), with the whole budget on a row
of its own when it leaves any out; a division's Summa covers the same objects of the division, its label naming the
units not in and the objects without upparbetat, as the total does. A sum of upparbetat is shown in whole tkr, as
the workbook's tkr cells show it (an amount typed with decimals, "6,4" for 6 406, stays exact on its object's row
and in the workbook's cells; Att notera names whose amounts look like mkr).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.investments import (
    InvestmentRow,
    InvestmentSum,
    investment_rams,
    investment_sum,
    investment_total,
    units_out,
)
from reporting.output.absent import why_empty
from reporting.output.economy_words import dash_zero
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
        rows = [[ram.kind, *map(dash_zero, (ram.ram, ram.objects, ram.ram - ram.objects))] for ram in rams]
        _table(doc, ["Typ", "Ram", "Objekt i planen", "Ram mot objekt"], rows, [8, 4, 4, 4])


def by_division(r: Consolidation) -> dict[str, list[InvestmentRow]]:
    """The objects per division, the divisions in the plan's order and each one's objects in the plan's."""
    order = {d.name: n for n, d in enumerate(r.plan.divisions)}
    grouped: dict[str, list[InvestmentRow]] = {}
    for item in r.investments:  # one pass: a region may have many divisions and thousands of objects
        grouped.setdefault(item.division, []).append(item)
    return {name: grouped[name] for name in sorted(grouped, key=lambda name: order.get(name, len(order)))}


def whole_tkr(value: Decimal | None) -> Decimal | None:
    """A sum of upparbetat as the workbook's whole-tkr cells show it: 17 800,9 is "17 801" (halves away from zero,
    as Excel rounds); the display only, the workbook's cell keeps the exact sum."""
    return None if value is None else value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def summed(division: str, objects: Sequence[InvestmentRow]) -> tuple[str, InvestmentSum]:
    """A division's sum row's name and its sum: in a division from some of its units' files over the units that
    reported, and of their objects those with an upparbetat belopp (``investment_sum``, one base, as the total), the
    name saying which units and objects it leaves out. A division not in at all sums its budget alone (``objects``
    all of them), its upparbetat empty."""
    out = [i for i in objects if i.unit_out]
    kept = [i for i in objects if not i.unit_out]
    found = investment_sum(kept)
    if found.spent is None:  # nothing reported: the budget of its objects, no upparbetat (never 0)
        found = InvestmentSum(sum(i.amount for i in kept), None, len(kept), ())
    parts = ([units_out(out)] if out else []) + ([found.note] if found.note else [])
    return (f"{division} (exkl. {'; '.join(parts)})" if parts else division), found


def object_rows(r: Consolidation) -> list[list[Any]]:
    """Each division's objects and its Summa row, then the workbook's total (and the whole budget beside it)."""
    rows: list[list[Any]] = []
    for division, objects in by_division(r).items():
        rows += [[i.id, i.division, i.object, i.amount, i.status, i.spent, i.comment] for i in objects]
        name, found = summed(division, objects)
        rows.append(["", f"Summa {name}", "", found.amount, "", whole_tkr(found.spent), ""])
    if r.investments:
        total = investment_total(r.investments)
        rows.append(["", total.label, "", total.amount, "", whole_tkr(total.spent), ""])
        if total.left_out:
            rows.append(["", ALL_BUDGET, "", total.amount_all, "", None, ""])
    return [[dash_zero(v) if n in (3, 5) else v for n, v in enumerate(row)] for row in rows]  # zero as the workbook


def _investment_sums(doc: Any, r: Consolidation) -> None:
    """Thousands of objects: a row per division with the number of objects and their sums, then the total."""
    doc.add_paragraph(
        f"{len(r.investments)} investeringsobjekt, summerade per division; "
        "varje objekt finns på fliken Investeringar i rapportens arbetsbok. Budget och upparbetat summeras över "
        "samma objekt, de med upparbetat belopp; objekt utan räknas i sista kolumnen."
    )
    rows: list[list[Any]] = []
    for division, all_objects in by_division(r).items():
        name, found = summed(division, all_objects)
        rows.append([name, found.objects, dash_zero(found.amount), dash_zero(whole_tkr(found.spent)), _without(found)])
    total = investment_total(r.investments)
    found = investment_sum(r.investments)
    spent = dash_zero(whole_tkr(total.spent))
    rows.append([total.label, found.objects, dash_zero(total.amount), spent, len(total.without_spent)])
    if total.left_out:
        rows.append([ALL_BUDGET, len(r.investments), dash_zero(total.amount_all), None, None])
    headers = ["Division", "Antal objekt", "Budget (tkr)", "Upparbetat (tkr)", "Objekt utan upparbetat belopp"]
    sums = range(len(rows) - (2 if total.left_out else 1), len(rows))
    _table(doc, headers, rows, [7, 3.5, 4.5, 4.5, 5.5], bold_rows=sums)


def _without(found: InvestmentSum) -> int:
    """Objects with no upparbetat amount, in neither sum, counted apart: all of a division not in."""
    return found.objects if found.spent is None else len(found.without_spent)
