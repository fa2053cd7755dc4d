"""Reading the plan's internkontrollplan (sheet Internkontroll): one control point per row.

Every column but Divisioner must be filled; Frekvens must be one of the words of
``CONTROL_FREQUENCIES`` (tertialvis, kvartalsvis, delår, helår, årligen; case and the å/a spelling
ignored); Divisioner is a list of ids or "Alla" (empty means every division).
"""

from __future__ import annotations

from reporting.plan.model import CONTROL_FREQUENCIES, ControlPoint
from reporting.plan.sheet_reader import SheetReader

_SPELLINGS = {word.replace("å", "a"): word for word in CONTROL_FREQUENCIES} | {w: w for w in CONTROL_FREQUENCIES}


def frequency_word(text: str) -> str:
    """The plan's frequency word for a spelling ("Tertialvis", "delar", "Helår"), or "" when unknown."""
    return _SPELLINGS.get(" ".join(text.split()).lower(), "")


def frequency_words() -> str:
    """ "tertialvis, delår, helår eller årligen": the words a user may write."""
    words = list(CONTROL_FREQUENCIES)
    return ", ".join(words[:-1]) + f" eller {words[-1]}"


def read_internal_control(r: SheetReader, division_ids: list[str]) -> list[ControlPoint]:
    out = []
    for _, v in r.rows():
        text = r.text(v, "frequency")
        frequency = frequency_word(text) if text else ""
        if text and not frequency:
            r.error(r.cell(v, "frequency"), f'okänd frekvens "{text}". Skriv {frequency_words()}.')
        out.append(
            ControlPoint(
                r.text(v, "id"),
                r.text(v, "text"),
                r.text(v, "risk"),
                frequency,
                r.text(v, "responsible"),
                r.id_list(v, "divisions", division_ids),
            )
        )
    return out
