"""Text from senders made safe to print and log (file names, cell texts in findings); counted words; what a file
that is no workbook is."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def plural(n: int, one: str, many: str) -> str:
    """ "1 fil", "2 filer": the count with its word, for every line the toolkit writes."""
    return f"{n} {one if n == 1 else many}"


def seconds(value: float) -> str:
    """ "1 sekund", "120 sekunder", "0,5 sekunder": a time waited or allowed, as a line the user reads writes it."""
    return f"{f'{value:g}'.replace('.', ',')} {'sekund' if value == 1 else 'sekunder'}"


def and_joined(names: list[str]) -> str:
    """ "A", "A och B", "A, B och C": a Swedish enumeration; "" for none."""
    return ", ".join(names[:-1]) + " och " + names[-1] if len(names) > 1 else "".join(names)


def printable(text: str) -> str:
    """``text`` safe to print and log: control and format characters, and bytes of a file name that are
    not UTF-8 (kept by Python as lone surrogates), become backslash escapes ("\\n", "\\x1b", "\\xff")."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if ch.isprintable() or unicodedata.category(ch) == "Zs":
            out.append(ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogateescape of an undecodable byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


USE_TEMPLATE = "Använd den utskickade mallen (.xlsx)."
SAVE_AS_XLSX = "Spara som Excel-arbetsbok (.xlsx) och skicka igen."
SAVED_AS = {  # a workbook saved as another of Excel's (or LibreOffice's) types than .xlsx; advice SAVE_AS_XLSX
    "ods": "filen är sparad i OpenDocument-format (.ods), inte som Excel-arbetsbok.",
    "xlsb": "filen är sparad som Excel-binär arbetsbok (.xlsb).",  # a zip holding xl/workbook.bin
    "strict": "filen är sparad som Strikt Open XML-kalkylblad.",  # the ISO-strict namespaces
}
ENCRYPTED = "arbetsboken är lösenordsskyddad eller krypterad och kan inte läsas."
DECRYPT = (
    "Ta bort lösenordet i Excel (Arkiv > Info > Skydda arbetsbok > Kryptera med lösenord, töm rutan), "
    "spara och skicka igen."
)
LABEL_ENCRYPTED = "arbetsboken är skyddad med en känslighetsetikett som krypterar den."  # Purview/AIP, IRM: no password
REMOVE_LABEL = "Välj en etikett utan kryptering (Start > Känslighet), spara och skicka igen."


def not_a_workbook(name: str, text: bool) -> tuple[str, str]:
    """What a file that is no zip package is, and the sender's advice; "trots namnet" only when its name says
    .xlsx (a notes.txt is not)."""
    kind = "en textfil (t.ex. CSV)" if text else "inte en Excel-arbetsbok"
    if name.lower().endswith((".xlsx", ".xlsm")):
        return f"filen är {kind} trots namnet.", USE_TEMPLATE
    return (
        f"filen är {kind}{', ingen Excel-arbetsbok (.xlsx)' if text else ' (.xlsx)'}.",
        "Öppna den utskickade mallen, fyll i den och spara som Excel-arbetsbok (.xlsx)"
        + (" (en CSV-fil har bara en flik och inga av mallens uppgifter)." if text else "."),
    )


def as_known(known: Iterable[object], typed: str) -> str:
    """An id typed in another case ("n04", "med") as the plan or history spells it; as typed when it is spelled
    so, or matches none or several (the command then says that none is known)."""
    ids = set(known)
    if typed in ids:
        return typed
    same = [i for i in ids if isinstance(i, str) and i.casefold() == typed.casefold()]
    return same[0] if len(same) == 1 else typed
