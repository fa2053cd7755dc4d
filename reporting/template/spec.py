"""The layout contract between templates (writer) and intake (reader).

Both sides use these definitions, so a header written is a header found. The
reader locates columns by their header text and rows by the id in column A,
never by fixed coordinates: inserted rows, sorting and extra sheets are fine.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE_VERSION = "1"
META_SHEET = "_meta"
HEADER_ROW = 3  # zero-based: Excel row 4; rows 1–3 hold title and help
FIRST_DATA_ROW = HEADER_ROW + 1
NETTO_ID = "NETTO"
ASSIGNMENT_STATUSES = ["Genomfört", "Pågår enligt plan", "Pågår med avvikelse", "Ej påbörjat"]
INVESTMENT_STATUSES = ["Ej påbörjad", "Pågår", "Slutförd", "Avbruten"]
DONE_ANSWERS = ["Ja", "Nej", "Delvis"]
META_KEYS = [
    "template_id",
    "template_version",
    "division_id",
    "division_name",
    "period",
    "plan_hash",
    "created",
    "board",
    "unit_id",
    "unit_name",
]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    input: bool = False
    kind: str = "text"  # text | number | mkr | tkr | list | formula


SHEET_COLUMNS: dict[str, list[Column]] = {
    "Nyckeltal": [
        Column("id", "Id", 6),
        Column("name", "Nyckeltal", 44),
        Column("target", "Målvärde", 20),
        Column("unit", "Enhet", 12),
        Column("outcome", "Utfall perioden", 13, True, "number"),
        Column("last_year", "Utfall samma period föregående år", 15, True, "number"),
        Column("forecast", "Helårsprognos", 13, True, "number"),
        Column("denominator", "Nämnare (antal) för viktning", 13, True, "number"),
        Column("analysis", "Analys / kommentar", 40, True),
        Column("actions", "Åtgärder om målet inte nås", 40, True),
    ],
    "Uppdrag": [
        Column("id", "Id", 6),
        Column("text", "Uppdrag", 60),
        Column("decided_by", "Beslutad av", 20),
        Column("status", "Status", 22, True, "list"),
        Column("comment", "Kommentar", 60, True),
    ],
    "Ekonomi": [
        Column("id", "Id", 8),
        Column("group", "Kontogrupp", 22),
        Column("budget", "Budget helår (mkr)", 13, False, "mkr"),
        Column("periodised", "Periodiserad budget (mkr)", 13, True, "mkr"),
        Column("actual", "Utfall ackumulerat (mkr)", 13, True, "mkr"),
        Column("deviation", "Avvikelse mot periodiserad budget (mkr)", 14, False, "formula"),
        Column("forecast", "Helårsprognos (mkr)", 13, True, "mkr"),
        Column("forecast_deviation", "Prognos mot budget (mkr)", 13, False, "formula"),
        Column("comment", "Kommentar (krävs vid avvikelse)", 50, True),
    ],
    "Åtgärdsplan": [
        Column("id", "Id", 6),
        Column("name", "Åtgärd", 40),
        Column("goal", "Mål", 12),
        Column("planned", "Planerad effekt året, nämnden (mkr)", 14, False, "mkr"),
        Column("achieved", "Uppnådd effekt hittills (mkr)", 14, True, "mkr"),
        Column("forecast", "Prognos effekt helår (mkr)", 14, True, "mkr"),
        Column("comment", "Kommentar", 50, True),
    ],
    "Investeringar": [
        Column("id", "Id", 6),
        Column("unit", "Enhet", 26),
        Column("object", "Objekt", 34),
        Column("kind", "Typ", 24),
        Column("amount", "Budget (tkr)", 12, False, "tkr"),
        Column("status", "Status", 14, True, "list"),
        Column("spent", "Upparbetat hittills (tkr)", 14, True, "tkr"),
        Column("comment", "Kommentar", 44, True),
    ],
}


def header_name(sheet: str) -> str:
    """Defined name that points at a sheet's header row (follows inserted rows)."""
    return (
        "rpt_header_"
        + {
            "Nyckeltal": "nyckeltal",
            "Uppdrag": "uppdrag",
            "Ekonomi": "ekonomi",
            "Åtgärdsplan": "atgardsplan",
            "Investeringar": "investeringar",
        }[sheet]
    )


def meta_name(key: str) -> str:
    return f"rpt_{key}"


def template_filename(period_key: str, division_name: str) -> str:
    """ "2025-T1 Division Medicin.xlsx": a controller sees at once that it is theirs."""
    safe = "".join(ch for ch in division_name if ch not in '\\/:*?"<>|').strip()
    return f"{period_key} {safe}.xlsx"
