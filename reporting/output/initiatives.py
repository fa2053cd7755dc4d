"""The report's Satsningar sheet: the nämnd's planned increases per year, their own list.

Satsningar (seed 003 §4.2.4) are money the frame sets aside for new or growing work,
printed negative as costs. They are never netted into the åtgärdsplan as negative
savings: the sheet lists them as the plan prints them, with a Summa per year.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reporting.output.sheet_writer import SheetWriter
from reporting.plan.model import Initiative, Plan
from reporting.xlsx.write import write_table, write_value

SHEET = "Satsningar"
HEADER_ROW = 3
NAMND_WORD = "Nämnden"  # an initiative of the nämnd as a whole (Divisioner "Nämnd" or empty)


def initiative_years(plan: Plan) -> list[int]:
    """Every year a satsning has an amount for, in order."""
    return sorted({year for i in plan.initiatives for year in i.amounts})


def divisions_text(plan: Plan, initiative: Initiative) -> str:
    """ "Nämnden", or the divisions' names."""
    ids = [d for d in initiative.divisions if d.lower() != "nämnd"]
    return ", ".join(plan.division(d).name for d in ids) if ids else NAMND_WORD


def initiative_rows(plan: Plan) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows (Id, Satsning, Divisioner, an amount per year), the Summa row last."""
    years = initiative_years(plan)
    headers = ["Id", "Satsning", "Divisioner", *[str(y) for y in years]]
    rows: list[list[Any]] = [
        [i.id, i.name, divisions_text(plan, i), *[i.amounts.get(y) for y in years]] for i in plan.initiatives
    ]
    sums = [sum((i.amounts.get(y, Decimal(0)) for i in plan.initiatives), Decimal(0)) for y in years]
    rows.append(["", "Summa satsningar", "", *sums])
    return headers, rows


def write_initiatives(writer: SheetWriter) -> None:
    """The Satsningar sheet, only for a plan that has satsningar."""
    plan, fmt = writer.r.plan, writer.fmt
    if not plan.initiatives:
        return
    headers, rows = initiative_rows(plan)
    years = len(headers) - 3
    widths = [5, 48, 16, *[9] * years]
    ws = writer.sheet(SHEET, "Satsningar enligt plan (mkr)", HEADER_ROW, widths)
    end = write_table(ws, HEADER_ROW, headers, rows[:-1], [fmt.text] * 3 + [fmt.mkr] * years, fmt.header, widths)
    ws.write_string(end, 1, rows[-1][1], fmt.bold)
    for col, value in enumerate(rows[-1][3:], start=3):
        write_value(ws, end, col, value, fmt.mkr_bold)
    ws.write_string(
        end + 2,
        0,
        "Satsningarna ingår i den ekonomiska ramen; de är inte åtgärder och räknas inte in i åtgärdsplanen.",
        fmt.subtitle,
    )
