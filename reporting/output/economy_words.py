"""What the report's economy tables mean, worded once for the workbook and the Word draft.

The sign convention under every economy table (costs negative, plus better than budget), the spelling of
a zero amount ("–", as the workbook's number formats show it), and the labels of the nämnd's own frame
and of the nämnd total during the year: the own frame has a budget and a forecast (its frame) but no
periodised budget or utfall (no one reports on it before the årsrapport), and the labels say so.
"""

from __future__ import annotations

from decimal import Decimal

from reporting.consolidate.labels import BOARD_OWN, TOTAL
from reporting.output.outlook import outlook
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.swedish import format_number

ZERO = "–"  # a zero amount: the zero section of the workbook's money formats (xlsx.write.MKR_FORMAT)
OUT_OF_PERIODISED = "ingår inte i periodiserad budget och utfall"
OWN_FRAME_DURING_YEAR = f"Nämnden (egen ram, {OUT_OF_PERIODISED})"
TOTAL_WITHOUT_OWN = f"egen ram {OUT_OF_PERIODISED}"
# amounts typed with more decimals than shown (31,44 mkr, 30 281,5 tkr) are summed exactly (qa36s D1, D2)
ROUNDING = (
    "Varje belopp visas avrundat för sig och summor och avvikelser räknas på de exakta beloppen, "
    "så avrundningsdifferenser kan förekomma."
)


def sign_note(period: Period) -> str:
    """The one sentence under the economy tables saying how to read their signs and percentages."""
    words = outlook(period)
    return (
        "Så läses beloppen: kostnader är negativa och intäkter positiva. Avvikelse = utfall − periodiserad budget, "
        f"{words.against_frame}/budget = {words.word} − budget; plus betyder bättre än budget, minus sämre. "
        f"Avvikelse (%) är i procent av periodiserad budget. {ZERO} betyder noll. {ROUNDING}"
    )


def amount_text(value: Decimal | None, decimals: int) -> str:
    """An amount in a table cell as the workbook's cell shows it: "−3 158,3", a zero "–", none empty."""
    if value is None:
        return ""
    return ZERO if value == 0 else format_number(value, decimals)


def dash_zero(value: object) -> object:
    """A table cell's amount with a zero as "–" (the workbook's tkr cells), any other value as it is."""
    return ZERO if isinstance(value, Decimal | int) and not isinstance(value, bool) and value == 0 else value


def own_frame_apart(plan: Plan, period: Period) -> bool:
    """Whether the nämnd's own frame is in the budget and forecast columns but not in the periodised budget and
    utfall (during the year, for a plan with an own frame); at year end its utfall is its frame."""
    return not period.is_year_end and plan.board_frame(period.year) is not None


def economy_label(label: str, plan: Plan, period: Period) -> str:
    """An economy row's division label as the tables print it: during the year the own frame's and the nämnd
    total's say that the own frame is not in their periodised budget and utfall; other labels as they are."""
    if not own_frame_apart(plan, period):
        return label
    if label == BOARD_OWN:
        return OWN_FRAME_DURING_YEAR
    if label == TOTAL or label.startswith(f"{TOTAL} (exkl. "):
        return f"{label[:-1]}; {TOTAL_WITHOUT_OWN})" if label.endswith(")") else f"{label} ({TOTAL_WITHOUT_OWN})"
    return label
