"""The plan workbook's contract: its sheets, their headers and keys (read and written by the same table)."""

from __future__ import annotations

import re
from enum import StrEnum

from reporting.plan.groups import AccountGroup, GroupKind, default_account_groups
from reporting.plan.periods import PERIOD_TABLE


class PlanSheet(StrEnum):
    """The plan workbook's sheets, as their tabs are named."""

    SETTINGS = "Nämnd"
    DIVISIONS = "Divisioner"
    UNITS = "Enheter"
    GOAL_AREAS = "Målområden"
    KEY_FIGURES = "Nyckeltal"
    ASSIGNMENTS = "Uppdrag"
    FINANCIAL_GOALS = "Finansiella mål"
    GROUPS = "Kontogrupper"
    FRAMES = "Budgetramar"
    MEASURES = "Åtgärdsplan"
    INVESTMENTS = "Investeringar"
    PERIODS = "Perioder"
    INTERNAL_CONTROL = "Internkontroll"
    INITIATIVES = "Satsningar"


# Each sheet: name and its columns as (header, key). Row 1 holds the headers.
SETTINGS_SHEET = PlanSheet.SETTINGS
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
SAVINGS_LABEL = "Besparingskrav {year} ({unit})"
UNIT_LABEL = "Beloppsenhet"  # optional row: mkr (default) or tkr
GROUPS_SHEET = PlanSheet.GROUPS
GROUP_COLUMNS: list[tuple[str, str]] = [
    ("Id", "id"),
    ("Kontogrupp", "name"),
    ("Typ", "kind"),
    ("Extern/intern", "scope"),
    ("Konton", "accounts"),
    ("Delsumma", "subtotal"),
]
FRAMES_SHEET = PlanSheet.FRAMES
PLANNED_RESULT_LABEL = "Planerat resultat {year} ({unit})"
PLANNED_RESULT_RE = re.compile(r"^Planerat resultat (\d{4}) \((mkr|tkr)\)$")
INTERNAL_CONTROL_SHEET = PlanSheet.INTERNAL_CONTROL
INITIATIVES_SHEET = PlanSheet.INITIATIVES
SHEETS: dict[str, list[tuple[str, str]]] = {  # keyed by PlanSheet (str: a workbook names any tab)
    PlanSheet.DIVISIONS: [("Id", "id"), ("Namn", "name"), ("Kontakt", "contact")],
    PlanSheet.UNITS: [("Id", "id"), ("Namn", "name"), ("Division", "division")],
    PlanSheet.GOAL_AREAS: [
        ("Id", "id"),
        ("Namn", "name"),
        ("Överordnad", "parent"),
        ("Nivå", "level"),
        ("Nummer", "number"),
    ],
    PlanSheet.KEY_FIGURES: [
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
    PlanSheet.ASSIGNMENTS: [
        ("Id", "id"),
        ("Uppdrag", "text"),
        ("Målområde", "goal_area"),
        ("Beslutad av", "decided_by"),
        ("Divisioner", "divisions"),
    ],
    PlanSheet.FINANCIAL_GOALS: [
        ("Id", "id"),
        ("Finansiellt mål", "name"),
        ("Beslutad av", "decided_by"),
        ("Målvärde", "target"),
        ("Riktning", "direction"),
    ],
    FRAMES_SHEET: [],  # by the plan's groups and unit: frame_columns
    PlanSheet.MEASURES: [
        ("Id", "id"),
        ("Åtgärd", "name"),
        ("Beskrivning", "description"),
        ("Konsekvens", "consequence"),
        ("Divisioner", "divisions"),
    ],
    PlanSheet.INVESTMENTS: [
        ("Id", "id"),
        ("Division", "division"),
        ("Enhet", "unit"),
        ("Objekt", "object"),
        ("Typ", "kind"),
        ("Belopp (tkr)", "amount"),
    ],
    PlanSheet.PERIODS: [("Period", "kind"), ("Benämning", "label"), ("Sista inlämningsdag", "deadline")],
    INTERNAL_CONTROL_SHEET: [
        ("Id", "id"),
        ("Kontrollmoment", "text"),
        ("Risk", "risk"),
        ("Frekvens", "frequency"),
        ("Ansvarig", "responsible"),
        ("Divisioner", "divisions"),
    ],
    INITIATIVES_SHEET: [
        ("Id", "id"),
        ("Satsning", "name"),
        ("Divisioner", "divisions"),
        ("Inom ram", "within_frame"),  # optional: Ja (default) or Nej for a satsning outside the nämnd's budget
    ],
}
EFFECT_HEADER = "Effekt {year} ({unit})"
GOAL_HEADER = "Mål {year}"
EFFECT_RE = re.compile(r"^Effekt (\d{4}) \((mkr|tkr)\)$")
GOAL_RE = re.compile(r"^Mål (\d{4})$")
# Åtgärdsplan's optional columns after the years' (a plan without them keeps its columns where they were)
MEASURE_TERM_HEADERS = {"Typ": "kind", "Start": "start", "Slut": "end"}
AMOUNT_HEADER = "Belopp {year} ({unit})"  # Satsningar, one column per year
AMOUNT_RE = re.compile(r"^Belopp (\d{4}) \((mkr|tkr)\)$")
WITHIN_FRAME_WORDS = {"ja": True, "nej": False}  # Satsningar's "Inom ram" (lower case); empty is Ja
# plans without units, an internkontrollplan, own account groups or satsningar (older plans)
OPTIONAL_SHEETS = {PlanSheet.UNITS, INTERNAL_CONTROL_SHEET, GROUPS_SHEET, INITIATIVES_SHEET}
OPTIONAL_COLUMNS = {
    (FRAMES_SHEET, "unit"),
    (INITIATIVES_SHEET, "divisions"),
    (INITIATIVES_SHEET, "within_frame"),
    (PlanSheet.KEY_FIGURES, "frequency"),
    *((PlanSheet.GOAL_AREAS, key) for key in ("parent", "level", "number")),
}
# Perioder sheet: accepted words (lower case) -> period kind; derived from the one table in plan.periods
PERIOD_KINDS = {name: k.id for k in PERIOD_TABLE for name in k.names()}
PERIOD_LABELS = {k.id: k.plan_label for k in PERIOD_TABLE}  # period kind -> the word written on the sheet
# The Perioder sheet's list: T1, Delår, Helår, then the months Januari..December
PERIOD_WORDS = [k.plan_label for k in sorted(PERIOD_TABLE, key=lambda k: k.is_month)]


def frame_columns(groups: list[AccountGroup] | None = None, unit: str = "mkr") -> list[tuple[str, str]]:
    """Budgetramar's columns: one per account group headed "<Kontogrupp> (<unit>)", then Netto and Enhet."""
    named = [(f"{g.name} ({unit})", g.id) for g in (groups or default_account_groups()) if g.kind != GroupKind.NETTO]
    return [("Division", "division"), ("År", "year"), *named, (f"Netto ({unit})", "netto"), ("Enhet", "unit")]
