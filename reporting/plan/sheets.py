"""The plan workbook's contract: its sheets, their headers and keys (read and written by the same table)."""

from __future__ import annotations

import re

from reporting.plan.model import ACCOUNT_GROUPS
from reporting.plan.periods import PERIOD_TABLE

# Each sheet: name and its columns as (header, key). Row 1 holds the headers.
SETTINGS_SHEET = "Nämnd"
SETTINGS: list[tuple[str, str]] = [
    ("Nämnd", "board"),
    ("Region", "region"),
    ("Diarienummer", "dnr"),
    ("År", "year"),
    ("Tolerans delvis uppfyllt (%)", "tolerance_pct"),
    ("Avvikelsetröskel kontogrupp (%)", "deviation_pct"),
    ("Avvikelsetröskel kontogrupp (mkr)", "deviation_mkr"),
    ("Kontakt ekonomienheten", "contact"),
    ("Nämnd-id", "board_id"),  # optional: the nämnd's id in a shared history (default: the name as a slug)
]
SAVINGS_LABEL = "Besparingskrav {year} (mkr)"
INTERNAL_CONTROL_SHEET = "Internkontroll"
SHEETS: dict[str, list[tuple[str, str]]] = {
    "Divisioner": [("Id", "id"), ("Namn", "name"), ("Kontakt", "contact")],
    "Enheter": [("Id", "id"), ("Namn", "name"), ("Division", "division")],
    "Målområden": [("Id", "id"), ("Namn", "name")],
    "Nyckeltal": [
        ("Id", "id"),
        ("Nyckeltal", "name"),
        ("Målområde", "goal_area"),
        ("Divisioner", "divisions"),
        ("Enhet", "unit"),
        ("Målvärde", "target"),
        ("Riktning", "direction"),
        ("Beslutad av", "decided_by"),
        ("Aggregering", "aggregation"),
        ("Kolada-id", "kolada_id"),
        ("Frekvens", "frequency"),  # optional: plans before it follow every figure up every period
    ],
    "Uppdrag": [
        ("Id", "id"),
        ("Uppdrag", "text"),
        ("Målområde", "goal_area"),
        ("Beslutad av", "decided_by"),
        ("Divisioner", "divisions"),
    ],
    "Finansiella mål": [
        ("Id", "id"),
        ("Finansiellt mål", "name"),
        ("Beslutad av", "decided_by"),
        ("Målvärde", "target"),
        ("Riktning", "direction"),
    ],
    "Budgetramar": [("Division", "division"), ("År", "year")]
    + [(f"{name} (mkr)", gid) for gid, name in ACCOUNT_GROUPS]
    + [("Netto (mkr)", "netto"), ("Enhet", "unit")],
    "Åtgärdsplan": [
        ("Id", "id"),
        ("Åtgärd", "name"),
        ("Beskrivning", "description"),
        ("Konsekvens", "consequence"),
        ("Divisioner", "divisions"),
    ],
    "Investeringar": [
        ("Id", "id"),
        ("Division", "division"),
        ("Enhet", "unit"),
        ("Objekt", "object"),
        ("Typ", "kind"),
        ("Belopp (tkr)", "amount"),
    ],
    "Perioder": [("Period", "kind"), ("Benämning", "label"), ("Sista inlämningsdag", "deadline")],
    INTERNAL_CONTROL_SHEET: [
        ("Id", "id"),
        ("Kontrollmoment", "text"),
        ("Risk", "risk"),
        ("Frekvens", "frequency"),
        ("Ansvarig", "responsible"),
        ("Divisioner", "divisions"),
    ],
}
EFFECT_HEADER = "Effekt {year} (mkr)"
GOAL_HEADER = "Mål {year}"
EFFECT_RE = re.compile(r"^Effekt (\d{4}) \(mkr\)$")
GOAL_RE = re.compile(r"^Mål (\d{4})$")
OPTIONAL_SHEETS = {"Enheter", INTERNAL_CONTROL_SHEET}  # plans without units or an internkontrollplan (older plans)
OPTIONAL_COLUMNS = {("Budgetramar", "unit"), ("Nyckeltal", "frequency")}
# Perioder sheet: accepted words (lower case) -> period kind; derived from the one table in plan.periods
PERIOD_KINDS = {name: k.id for k in PERIOD_TABLE for name in k.names()}
PERIOD_LABELS = {k.id: k.plan_label for k in PERIOD_TABLE}  # period kind -> the word written on the sheet
# The Perioder sheet's list: T1, Delår, Helår, then the months Januari..December
PERIOD_WORDS = [k.plan_label for k in sorted(PERIOD_TABLE, key=lambda k: k.is_month)]
