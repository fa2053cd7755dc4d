"""The report's Internkontroll sheet: the internkontrollplan's follow-up, per control point and division.

Status in the key figures' legend, colour *and* symbol and word: Kontroll genomförd Ja
is ✔ Uppfyllt, Delvis ◐ Delvis uppfyllt, Nej ✘ Ej uppfyllt, no answer ? Underlag saknas,
and a division without a submission Ej inkommen (Avvisad when its file came in and was rejected). A control done
that found deviations (Avvikelse Ja) is "◐ Delvis uppfyllt (genomförd med avvikelse)", in the partly colour and
counted so: never the green tick beside the brister. The Word draft uses the same legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reporting.consolidate.labels import NOT_SUBMITTED, REJECTED
from reporting.consolidate.tables import CONTROL_STATUS, CONTROL_STATUS_ORDER, DONE_DEVIATING, InternalControlRow
from reporting.output.absent import why_empty
from reporting.output.sheet_writer import SheetWriter
from reporting.plan.targets import Status
from reporting.template.spec import CONTROL_DEVIATING as DEVIATING
from reporting.xlsx.write import write_table

SHEET = "Internkontroll"
HEADERS = [
    "Id",
    "Kontrollmoment",
    "Risk",
    "Frekvens",
    "Ansvarig",
    "Division",
    "Kontroll genomförd",
    "Status",
    "Resultat",
    "Avvikelse",
    "Åtgärd",
]
WIDTHS: list[float] = [
    5,
    20,
    12,
    8,
    10,
    12,
    8,
    12,
    15,
    7,
    14,
]  # ≤ 124 characters: printed at ≥ 80 % like the other sheets
STATUS_COL = HEADERS.index("Status")
HEADER_ROW = 3
LEGEND = [(s.label, s.value) for s in CONTROL_STATUS_ORDER] + [(NOT_SUBMITTED, NOT_SUBMITTED)]  # (label, colour word)
MEANING = (
    "Kontroll genomförd: "
    + ", ".join(f"{done} = {status.label}" for done, status in CONTROL_STATUS.items())
    + f", inget svar = {Status.NO_DATA.label}; Ja med avvikelse = {Status.PARTLY.label} ({DONE_DEVIATING}); "
    + f"{NOT_SUBMITTED} = divisionen har inte lämnat något underlag."
)


REJECTED_MEANING = f" {REJECTED} = divisionens fil kom in men avvisades och räknas inte med."


def legend(rows: Sequence[InternalControlRow]) -> list[tuple[str, str]]:
    """The legend's (label, colour word): Avvisad too when a division's file was rejected (never for nothing)."""
    return [*LEGEND, (REJECTED, REJECTED)] if any(r.status == REJECTED for r in rows) else LEGEND


def meaning(rows: Sequence[InternalControlRow]) -> str:
    """The legend's words, with what Avvisad means when it is in the legend."""
    return MEANING + (REJECTED_MEANING if len(legend(rows)) > len(LEGEND) else "")


def legend_text(rows: Sequence[InternalControlRow] = ()) -> str:
    """The legend in one line, for the Word draft: "Teckenförklaring: ✔ Uppfyllt   ◐ Delvis uppfyllt   …"."""
    return "Teckenförklaring: " + "   ".join(label for label, _ in legend(rows))


def row_values(r: InternalControlRow) -> list[Any]:
    return [
        r.id,
        r.text,
        r.risk,
        r.frequency,
        r.responsible,
        r.division,
        r.done,
        r.status_label,
        r.result,
        r.deviation,
        r.action,
    ]


def write_internal_control_sheet(writer: SheetWriter) -> None:
    """Add the Internkontroll sheet to the report workbook ``writer`` writes (after Investeringar)."""
    fmt, rows = writer.fmt, writer.r.internal_control
    ws = writer.sheet(SHEET, "Internkontroll – uppföljning av internkontrollplanen", HEADER_ROW, WIDTHS)
    end = write_table(
        ws, HEADER_ROW, HEADERS, [row_values(r) for r in rows], [fmt.text] * len(HEADERS), fmt.header, WIDTHS
    )
    for offset, r in enumerate(rows, start=1):
        ws.write_string(HEADER_ROW + offset, STATUS_COL, r.status_label, fmt.status(r.status))
    if rows:
        ws.autofilter(HEADER_ROW, 0, HEADER_ROW + len(rows), len(HEADERS) - 1)
    else:
        why = why_empty(writer.r.plan, writer.r.period, SHEET)
        ws.write_string(end, 0, why or "Inga kontrollmoment följs upp denna period.", fmt.wrap)
        end += 1
        if why:  # not followed up at all: no legend for statuses that cannot occur
            return
    at = end + 1
    ws.write_string(at, 0, "Teckenförklaring:", fmt.bold)
    entries = legend(rows)
    for col, (label, word) in enumerate(entries, start=1):
        ws.write_string(at, col, label, fmt.status(word))
    ws.write_string(at + 1, 0, meaning(rows), fmt.subtitle)
    counts = [(label, word, sum(1 for r in rows if r.status == word)) for label, word in entries]
    ws.write_string(at + 3, 1, "Antal per status", fmt.header)
    ws.write_string(at + 3, 2, "Antal", fmt.header)
    for offset, (label, word, count) in enumerate(counts, start=at + 4):
        ws.write_string(offset, 1, label, fmt.status(word))
        ws.write_number(offset, 2, count, writer.count)
    deviations = at + 4 + len(counts)
    ws.write_string(deviations, 1, "Med avvikelse", fmt.bold)
    ws.write_number(deviations, 2, sum(1 for r in rows if r.deviation == DEVIATING), writer.count)
