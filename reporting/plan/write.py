"""Write the plan workbook (``plan.xlsx``): blank with instructions, or filled from a Plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reporting.plan.frequency import frequency_word
from reporting.plan.model import ACCOUNT_GROUPS, CONTROL_FREQUENCIES, Plan
from reporting.plan.read_control import frequency_words
from reporting.plan.sheets import (
    EFFECT_HEADER,
    GOAL_HEADER,
    INTERNAL_CONTROL_SHEET,
    PERIOD_LABELS,
    PERIOD_WORDS,
    SAVINGS_LABEL,
    SETTINGS,
    SETTINGS_SHEET,
    SHEETS,
)
from reporting.plan.targets import DROPDOWN_WORDS, RIKTNING
from reporting.xlsx.write import Formats, new_workbook, write_value

INSTRUCTIONS = [
    "Planen för uppföljning – så fyller du i",
    "",
    "Varje flik har rubriker på rad 1 och en rad per post. Ändra inte rubrikerna.",
    "Nämnd: nämndens namn, region, diarienummer och planår samt toleranser för bedömning.",
    "Divisioner: kort id (t.ex. MED) och namn (t.ex. Division Medicin). Id används på övriga flikar.",
    "Enheter (valfritt): enheter/områden som rapporterar var för sig och summeras till sin division.",
    "  Budgetramar per enhet anges med enhetens id i kolumnen Enhet och ska summera till divisionens ram.",
    "Målområden: id och namn.",
    'Nyckeltal: målvärde skrivs exakt som i planen, t.ex. "Minst 88 %", "Lägre än 1,75 utlok/100 vpl", '
    '"Kortare än 10 minuter", "2 800 tim i snitt/mån (R12)", "Genomfört ja/nej", "Lägre än 2020".',
    '  Divisioner: kommaseparerade id eller "Alla". Riktning (valfri): Minst / Högst / Exakt / Lägre än / Högre än '
    "(strikt) för mål som bara är ett tal; lämna den tom när målvärdet har ett eget ord (Minst, Lägre än …).",
    '  Mål per år (valfritt): kolumner "Mål ÅÅÅÅ", t.ex. "Mål 2026" med "96 %"; periodens år väljer målet.',
    "  Aggregering till nämndnivå: summa, medel, viktat (med divisionernas nämnare) eller ej.",
    "Budgetramar: belopp i mkr, intäkter positiva och kostnader negativa. Netto ska vara summan av kontogrupperna.",
    'Åtgärdsplan: planerad effekt per år i mkr i kolumnerna "Effekt ÅÅÅÅ (mkr)", valfritt mål i "Mål ÅÅÅÅ".',
    "Investeringar: belopp i hela tkr.",
    "Perioder: T1, Delår, Helår eller en månad (Januari–December, M03 eller 2021-03) med sista inlämningsdag"
    " (ÅÅÅÅ-MM-DD). Benämning (valfri) blir rapportens och mallens titel. Finns perioder här skrivs mallar"
    " bara för dem.",
    "Internkontroll (valfritt): nämndens internkontrollplan, ett kontrollmoment per rad med risk och ansvarig.",
    f"  Frekvens: {frequency_words()}. Tertialvis följs upp i varje rapport, delår i delårs- och årsrapporten,",
    '  helår och årligen bara i årsrapporten. Divisioner: kommaseparerade id eller "Alla".',
    "",
    "Kontrollera planen med:  reporting plan check plan.xlsx",
]
_RIKTNING_WORDS = [word.capitalize() for word in list(RIKTNING)[:DROPDOWN_WORDS]]  # Minst … Högre än
WIDTHS = {
    "id": 8,
    "name": 40,
    "text": 60,
    "description": 50,
    "consequence": 40,
    "target": 26,
    "divisions": 18,
    "decided_by": 24,
    "object": 34,
    "unit": 28,
    "label": 28,
    "deadline": 16,
    "risk": 40,
    "frequency": 14,
    "responsible": 24,
}


def write_plan(path: str | Path, plan: Plan | None = None, years: int = 3) -> Path:
    """Write plan.xlsx; ``plan=None`` gives a blank workbook with headers and validation."""
    path = Path(path)
    wb = new_workbook(str(path))
    fmt = Formats(wb)
    ws = wb.add_worksheet("Instruktion")
    ws.set_column(0, 0, 120)
    for row, line in enumerate(INSTRUCTIONS):
        ws.write_string(row, 0, line, fmt.title if row == 0 else fmt.wrap)
    _write_settings(wb, fmt, plan)
    year = plan.year if plan else 2025
    plan_years = list(range(year, year + years))
    for sheet, all_columns in SHEETS.items():
        columns = [c for c in all_columns if plan is None or _used(plan, sheet, c[1])]
        headers = [h for h, _ in columns]
        if sheet == "Åtgärdsplan":
            headers += [EFFECT_HEADER.format(year=y) for y in plan_years] + [
                GOAL_HEADER.format(year=y) for y in plan_years
            ]
        if sheet == "Nyckeltal" and plan:
            headers += [GOAL_HEADER.format(year=y) for y in _target_years(plan)]
        ws = wb.add_worksheet(sheet)
        for col, header in enumerate(headers):
            ws.write_string(0, col, header, fmt.header)
            key = columns[col][1] if col < len(columns) else "effect"
            ws.set_column(col, col, WIDTHS.get(key, 14))
        ws.freeze_panes(1, 0)
        rows = _rows(sheet, plan, plan_years) if plan else []
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values):
                write_value(ws, r, c, value, fmt.date if isinstance(value, date) else fmt.text)
        _validate(ws, sheet, columns)
    wb.close()
    return path


def _used(plan: Plan, sheet: str, key: str) -> bool:
    """Optional new columns are written only when the plan uses them (a blank plan shows them all)."""
    if (sheet, key) == ("Nyckeltal", "frequency"):
        return any(k.frequency for k in plan.key_figures)
    return True


def _write_settings(wb: Any, fmt: Formats, plan: Plan | None) -> None:
    ws = wb.add_worksheet(SETTINGS_SHEET)
    ws.set_column(0, 0, 36)
    ws.set_column(1, 1, 50)
    labels = [label for label, _ in SETTINGS]
    values = [getattr(plan, key) if plan else None for _, key in SETTINGS]
    if plan:
        for year, amount in sorted(plan.savings_required.items()):
            labels.append(SAVINGS_LABEL.format(year=year))
            values.append(amount)
    for row, (label, value) in enumerate(zip(labels, values)):
        ws.write_string(row, 0, label, fmt.bold)
        write_value(ws, row, 1, value, fmt.text)


def _rows(sheet: str, plan: Plan, years: list[int]) -> list[list[Any]]:
    def ids(items: tuple[str, ...]) -> str:
        return "Alla" if set(items) == {d.id for d in plan.divisions} else ", ".join(items)

    aggregation_words = {"sum": "summa", "mean": "medel", "weighted": "viktat", "none": "ej"}
    if sheet == "Divisioner":
        return [[d.id, d.name, d.contact] for d in plan.divisions]
    if sheet == "Enheter":
        return [[u.id, u.name, u.division] for u in plan.units]
    if sheet == "Målområden":
        return [[a.id, a.name] for a in plan.goal_areas]
    if sheet == "Nyckeltal":
        return [
            [
                k.id,
                k.name,
                k.goal_area,
                ids(k.divisions),
                k.unit,
                k.target_text,
                k.direction_override,
                k.decided_by,
                aggregation_words[k.aggregation],
                k.kolada_id,
                *([frequency_word(k.frequency)] if any(k.frequency for k in plan.key_figures) else []),
                *[k.targets[y].text if y in k.targets else "" for y in _target_years(plan)],
            ]
            for k in plan.key_figures
        ]
    if sheet == "Uppdrag":
        return [[a.id, a.text, a.goal_area, a.decided_by, ids(a.divisions)] for a in plan.assignments]
    if sheet == "Finansiella mål":
        return [[g.id, g.name, g.decided_by, g.target_text, g.direction_override] for g in plan.financial_goals]
    if sheet == "Budgetramar":
        return [
            [b.division, b.year, *[b.amounts[g] for g, _ in ACCOUNT_GROUPS], b.netto_given, b.unit]
            for b in plan.budget_frames
        ]
    if sheet == "Åtgärdsplan":
        return [
            [
                m.id,
                m.name,
                m.description,
                m.consequence,
                ids(m.divisions),
                *[m.effects.get(y) for y in years],
                *[m.goals.get(y, "") for y in years],
            ]
            for m in plan.measures
        ]
    if sheet == "Investeringar":
        return [[i.id, i.division, i.unit, i.object, i.kind, i.amount_tkr] for i in plan.investments]
    if sheet == "Perioder":
        return [[PERIOD_LABELS[p.kind], p.label, p.deadline] for p in plan.periods]
    if sheet == INTERNAL_CONTROL_SHEET:
        return [[p.id, p.text, p.risk, p.frequency, p.responsible, ids(p.divisions)] for p in plan.internal_control]
    return []


def _target_years(plan: Plan) -> list[int]:
    """The years of the key figures' "Mål ÅÅÅÅ" columns; none for a plan without targets per year."""
    return sorted({year for k in plan.key_figures for year in k.targets})


def _validate(ws: Any, sheet: str, columns: list[tuple[str, str]]) -> None:
    """Dropdowns and number checks on the data rows (2..1000), with Swedish messages."""
    keys = [key for _, key in columns]

    def col(key: str) -> int:
        return keys.index(key)

    def lst(key: str, values: list[str], title: str) -> None:
        ws.data_validation(
            1,
            col(key),
            999,
            col(key),
            {
                "validate": "list",
                "source": values,
                "ignore_blank": True,
                "input_title": title[:32],
                "input_message": "Välj i listan.",
                "error_title": "Ogiltigt värde",
                "error_message": "Välj ett värde i listan: " + ", ".join(values),
            },
        )

    if sheet == "Nyckeltal":
        lst("aggregation", ["summa", "medel", "viktat", "ej"], "Aggregering")
        lst("direction", _RIKTNING_WORDS, "Riktning")
    if sheet == "Finansiella mål":
        lst("direction", _RIKTNING_WORDS, "Riktning")
    if sheet == INTERNAL_CONTROL_SHEET:
        lst("frequency", list(CONTROL_FREQUENCIES), "Frekvens")
    if sheet == "Perioder":
        lst("kind", PERIOD_WORDS, "Period")
        ws.data_validation(
            1,
            col("deadline"),
            999,
            col("deadline"),
            {
                "validate": "date",
                "criteria": ">",
                "value": date(2000, 1, 1),
                "error_title": "Ogiltigt datum",
                "error_message": "Skriv datum som ÅÅÅÅ-MM-DD.",
            },
        )
    if sheet == "Budgetramar":
        for gid, name in ACCOUNT_GROUPS:
            income = gid in {"EI", "II"}
            ws.data_validation(
                1,
                col(gid),
                999,
                col(gid),
                {
                    "validate": "decimal",
                    "criteria": ">=" if income else "<=",
                    "value": 0,
                    "error_title": "Fel tecken",
                    "error_message": f"{name}: "
                    + ("intäkter anges positiva." if income else "kostnader anges med minustecken."),
                },
            )
    if sheet == "Investeringar":
        ws.data_validation(
            1,
            col("amount"),
            999,
            col("amount"),
            {
                "validate": "integer",
                "criteria": ">=",
                "value": 0,
                "error_title": "Ogiltigt belopp",
                "error_message": "Belopp anges i hela tkr (0 eller mer).",
            },
        )
