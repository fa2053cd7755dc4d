"""What the reader says of a cell typed not quite as asked: the advice for text in a number cell, fitted to the
column, and a status typed in another form of a word of the cell's own list (read as that word, with a warning).

The lists differ by a letter: an investment is "Ej påbörjad", an uppdrag "Ej påbörjat"; "Genomförd" is typed for
an uppdrag's "Genomfört", "Slutfört" for an investment's "Slutförd". Only another gender or number of a word in
the very list is read; "Påbörjad" or "Klar" stay errors.
"""

from __future__ import annotations

from collections.abc import Sequence

from reporting.plan.model import Plan
from reporting.template.spec import Kind

VARIANTS = {  # a list's word -> its other forms, lower case
    "genomfört": ("genomförd", "genomförda"),
    "ej påbörjat": ("ej påbörjad", "ej påbörjade"),
    "ej påbörjad": ("ej påbörjat", "ej påbörjade"),
    "slutförd": ("slutfört", "slutförda"),
    "avbruten": ("avbrutet", "avbrutna"),
    "delvis": ("delvis genomförd", "delvis genomfört"),
}


def near_miss(typed: str, allowed: Sequence[str]) -> str | None:
    """The word of ``allowed`` that ``typed`` is another form of, or None."""
    said = " ".join(typed.split()).lower()
    return next((word for word in allowed if said in VARIANTS.get(word.lower(), ())), None)


def number_advice(said: str, kind: Kind, amount_unit: str) -> dict[str, str]:
    """The not-a-number message's fields for ``said`` (a text typed, or "Ett datum") in a column of ``kind``: how to
    write the number, and an example; the same for a date as for a text."""
    if kind is Kind.TKR:
        return {"value": said, "how": " i hela tkr, utan enhet", "example": "1 250"}
    if kind in (Kind.MKR, Kind.FORMULA):
        unit = amount_unit
        return {"value": said, "how": f" i {unit}, utan enhet", "example": "1 250" if unit == "tkr" else "5,5"}
    return {"value": said, "how": "", "example": "88,5"}


def percent_in_amount(value: object, kind: Kind, plan: Plan) -> dict[str, str]:
    """out-of-range's fields for a percent sign typed in an amount's cell ("12,5 %" read as 12,5 mkr)."""
    unit = "tkr" if kind is Kind.TKR else plan.amount_unit
    return {
        "what": f'"{str(value).strip()}"',
        "problem": f"har ett procenttecken, men cellen är ett belopp i {unit}: talet läses som {unit}. Skriv beloppet "
        "utan procenttecken",
    }
