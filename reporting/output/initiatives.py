"""The report's Satsningar sheet: the nämnd's planned increases per year, their own list.

Satsningar (seed 003 §4.2.4) are money the frame sets aside for new or growing work,
printed negative as costs. They are never netted into the åtgärdsplan as negative
savings: the sheet lists them as the plan prints them, with a Summa per year. A satsning
the plan marks outside the nämnd's budget ("Inom ram" Nej) is listed too, but summed on
its own row below the Summa, which holds only those within the frame and then says so
("Summa satsningar inom ram").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reporting.output.sheet_writer import SheetWriter
from reporting.plan.model import Initiative, Plan
from reporting.text import and_joined
from reporting.xlsx.write import write_table, write_value

SHEET = "Satsningar"
HEADER_ROW = 3
NAMND_WORD = "Nämnden"  # an initiative of the nämnd as a whole (Divisioner "Nämnd" or empty)
SUM_LABEL = "Summa satsningar"  # all of them, every one within the frame
WITHIN_LABEL = "Summa satsningar inom ram"  # those within the frame, when some are outside it
OUTSIDE_LABEL = "Utanför nämndens budget"  # those the plan marks outside it, when any


def initiative_years(plan: Plan) -> list[int]:
    """Every year a satsning has an amount for, in order."""
    return sorted({year for i in plan.initiatives for year in i.amounts})


def divisions_text(plan: Plan, initiative: Initiative) -> str:
    """ "Nämnden", or the divisions' names."""
    ids = [d for d in initiative.divisions if d.lower() != "nämnd"]
    return ", ".join(plan.division(d).name for d in ids) if ids else NAMND_WORD


def initiative_rows(plan: Plan) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows (Id, Satsning, Divisioner, an amount per year), then the Summa row of those within
    the frame and, when a satsning is outside the nämnd's budget, a row with their sum."""
    years = initiative_years(plan)
    headers = ["Id", "Satsning", "Divisioner", *[str(y) for y in years]]
    rows: list[list[Any]] = [
        [i.id, i.name, divisions_text(plan, i), *[i.amounts.get(y) for y in years]] for i in plan.initiatives
    ]
    within = [i for i in plan.initiatives if i.within_frame]
    outside = [i for i in plan.initiatives if not i.within_frame]
    rows.append(["", WITHIN_LABEL if outside else SUM_LABEL, "", *_sums(within, years)])
    if outside:
        rows.append(["", OUTSIDE_LABEL, "", *_sums(outside, years)])
    return headers, rows


def _sums(initiatives: list[Initiative], years: list[int]) -> list[Decimal]:
    return [sum((i.amounts.get(y, Decimal(0)) for i in initiatives), Decimal(0)) for y in years]


def frame_sentence(plan: Plan) -> str:
    """ "Satsningarna ingår i den ekonomiska ramen", naming those outside the nämnd's budget when any."""
    outside = [i.id for i in plan.initiatives if not i.within_frame]
    if not outside:
        return "Satsningarna ingår i den ekonomiska ramen"
    return f"Satsningarna ingår i den ekonomiska ramen (utom {and_joined(outside)}, som ligger utanför nämndens budget)"


def write_initiatives(writer: SheetWriter) -> None:
    """The Satsningar sheet, only for a plan that has satsningar."""
    plan, fmt = writer.r.plan, writer.fmt
    if not plan.initiatives:
        return
    headers, rows = initiative_rows(plan)
    items, totals = rows[: len(plan.initiatives)], rows[len(plan.initiatives) :]
    years = len(headers) - 3
    widths = [5, 48, 16, *[9] * years]
    ws = writer.sheet(SHEET, "Satsningar enligt plan (mkr)", HEADER_ROW, widths)
    end = write_table(ws, HEADER_ROW, headers, items, [fmt.text] * 3 + [fmt.mkr] * years, fmt.header, widths)
    for n, total in enumerate(totals):  # the Summa in bold; the sum outside the budget below it
        ws.write_string(end + n, 1, total[1], fmt.bold if n == 0 else fmt.text)
        for col, value in enumerate(total[3:], start=3):
            write_value(ws, end + n, col, value, fmt.mkr_bold if n == 0 else fmt.mkr)
    ws.write_string(
        end + len(totals) + 1,
        0,
        f"{frame_sentence(plan)}; de är inte åtgärder och räknas inte in i åtgärdsplanen.",
        fmt.subtitle,
    )
