"""Write the plan workbook (``plan.xlsx``): blank with instructions, or filled from a Plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reporting.plan.frequency import frequency_word
from reporting.plan.groups import GROUP_KINDS, GROUP_SCOPES, AccountGroup, GroupKind, default_account_groups
from reporting.plan.model import AGGREGATIONS, CONTROL_FREQUENCIES, MEASURE_KINDS, NOT_COMPUTED, Measure, Plan
from reporting.plan.read_control import frequency_words
from reporting.plan.sheets import (
    AMOUNT_HEADER,
    EFFECT_HEADER,
    FRAMES_SHEET,
    GOAL_HEADER,
    GROUP_COLUMNS,
    GROUPS_SHEET,
    INITIATIVES_SHEET,
    INTERNAL_CONTROL_SHEET,
    MEASURE_TERM_HEADERS,
    PERIOD_LABELS,
    PERIOD_WORDS,
    PLANNED_RESULT_LABEL,
    SAVINGS_LABEL,
    SETTINGS,
    SETTINGS_SHEET,
    SHEETS,
    UNIT_LABEL,
    PlanSheet,
    frame_columns,
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
    "Målområden: id och namn; valfritt Överordnad (id för noden ovanför), Nivå (t.ex. Strategi, Insatsområde, Mål)",
    "  och Nummer (planens numrering, t.ex. 1.2). Nyckeltal och uppdrag kan höra till en nod på vilken nivå som helst.",
    'Nyckeltal: målvärde skrivs exakt som i planen, t.ex. "Minst 88 %", "Lägre än 1,75 utlok/100 vpl", '
    '"Kortare än 10 minuter", "2 800 tim i snitt/mån (R12)", "Genomfört ja/nej", "Lägre än 2020".',
    '  Divisioner: kommaseparerade id eller "Alla". Riktning (valfri): Minst / Högst / Exakt / Lägre än / Högre än '
    "(strikt) för mål som bara är ett tal; lämna den tom när målvärdet har ett eget ord (Minst, Lägre än …).",
    '  Mål per år (valfritt): kolumner "Mål ÅÅÅÅ", t.ex. "Mål 2026" med "96 %"; periodens år väljer målet.',
    "  Aggregering till nämndnivå: summa, medel, viktat (med divisionernas nämnare) eller ej.",
    "Nämnd: Beloppsenhet (valfri rad) är mkr (standard) eller tkr; alla belopp utom investeringar anges i den.",
    "Kontogrupper (valfritt): id, namn, Typ (Intäkt / Kostnad / Avskrivning / Netto), Extern/intern, konton och",
    "  Delsumma (namnet på summaraden gruppen ingår i). Utan fliken gäller de fem vanliga kontogrupperna; den tomma",
    "  planen visar dem: ändra till nämndens egna och skriv Budgetramars rubriker med samma namn.",
    "Budgetramar: en kolumn per kontogrupp, intäkter positiva och kostnader negativa. Netto ska vara summan av",
    '  kontogrupperna. Division "Nämnd" är nämndens egen ram (t.ex. förtroendemannabudget); ett år med bara',
    "  en Nämnd-rad är en ram utan fördelning på divisioner (då räcker Netto).",
    '  Divisioner "Nämnd" (nyckeltal och uppdrag): mäts centralt eller är nämndens eget; utfallet förs in i',
    "  Centrala värden.xlsx (reporting central --period ÅÅÅÅ-T1), aldrig i en divisions mall.",
    'Finansiella mål: målvärde som för nyckeltal, valfritt "Mål ÅÅÅÅ" och målår ("senast 2027"); utfall i Centrala värden.',
    'Åtgärdsplan: planerad effekt per år i kolumnerna "Effekt ÅÅÅÅ (mkr)", valfritt mål i "Mål ÅÅÅÅ".',
    '  Skriv "ej beräknad" när effekten inte är beräknad ännu (det är inte 0). Typ (valfri): Engångs eller',
    "  Återkommande; Start och Slut (valfria): ÅÅÅÅ-MM eller ÅÅÅÅ.",
    'Satsningar (valfritt): nämndens satsningar per år i "Belopp ÅÅÅÅ (mkr)", som i planen (kostnad negativ).',
    "  Inom ram (valfri): Nej för en satsning utanför nämndens budget; tomt eller Ja = inom ramen.",
    '  Nämnd: "Planerat resultat ÅÅÅÅ (mkr)" när planen godtar ett underskott (negativt) ett år; tomt = balans.',
    'Investeringar: belopp i hela tkr. Division "Nämnd" med tomt Objekt är nämndens investeringsram per Typ.',
    "Perioder: T1, Delår, Helår eller en månad (Januari–December, M03 eller 2021-03) med sista inlämningsdag"
    " (ÅÅÅÅ-MM-DD). Benämning (valfri) blir rapportens och mallens titel. Finns perioder här skrivs mallar"
    " bara för dem.",
    "Internkontroll (valfritt): nämndens internkontrollplan, ett kontrollmoment per rad med risk och ansvarig.",
    f"  Frekvens: {frequency_words()}. Tertialvis och kvartalsvis följs upp i varje rapport, delår i delårs- och årsrapporten,",
    '  helår och årligen bara i årsrapporten. Divisioner: kommaseparerade id eller "Alla".',
    "",
    "Kontrollera planen med:  reporting plan check plan.xlsx",
]
_YES_NO = {True: "Ja", False: "Nej"}  # Satsningar's "Inom ram"
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


def write_plan(
    path: str | Path, plan: Plan | None = None, years: int = 3, *, year: int | None = None, unit: str = "mkr"
) -> Path:
    """Write plan.xlsx; ``plan=None`` gives a blank workbook with headers and validation: for ``year`` when given
    (its År filled in, the years of its amount columns; else 2025's columns and År left to fill) in ``unit`` (a tkr
    region's blank plan is headed in tkr)."""
    path = Path(path)
    wb = new_workbook(str(path), in_memory=True)  # no temporary file per part: most of a small plan's time
    fmt = Formats(wb)
    ws = wb.add_worksheet("Instruktion")
    ws.set_column(0, 0, 120)
    amounts = plan.amount_unit if plan is not None else unit  # the Instruktion names the headers as written
    for row, line in enumerate(INSTRUCTIONS):
        ws.write_string(row, 0, line.replace("(mkr)", f"({amounts})"), fmt.title if row == 0 else fmt.wrap)
    unit = plan.amount_unit if plan else unit
    _write_settings(wb, fmt, plan, year, unit)
    first = plan.year if plan else year or 2025
    plan_years = list(range(first, first + years))
    for sheet, all_columns in _sheets(plan, unit):
        columns = [c for c in all_columns if plan is None or _used(plan, sheet, c[1])]
        headers = [h for h, _ in columns]
        if sheet == PlanSheet.MEASURES:
            headers += [EFFECT_HEADER.format(year=y, unit=unit) for y in plan_years] + [
                GOAL_HEADER.format(year=y) for y in plan_years
            ]
        if sheet == PlanSheet.MEASURES and (plan is None or _has_terms(plan)):
            headers += list(MEASURE_TERM_HEADERS)  # after the years: a plan without them keeps its columns
        if sheet == PlanSheet.KEY_FIGURES and plan:
            headers += [GOAL_HEADER.format(year=y) for y in _target_years(plan)]
        if sheet == INITIATIVES_SHEET:
            if plan and not plan.initiatives:
                continue  # written when used, and in a blank plan
            headers += [AMOUNT_HEADER.format(year=y, unit=unit) for y in _initiative_years(plan, plan_years)]
        if sheet == PlanSheet.FINANCIAL_GOALS and plan:
            headers += [GOAL_HEADER.format(year=y) for y in _target_years(plan, financial=True)]
        ws = wb.add_worksheet(sheet)
        for col, header in enumerate(headers):
            ws.write_string(0, col, header, fmt.header)
            key = columns[col][1] if col < len(columns) else "effect"
            ws.set_column(col, col, WIDTHS.get(key, 14))
        ws.freeze_panes(1, 0)
        rows = _rows(sheet, plan, plan_years) if plan else _blank_rows(sheet)
        if sheet == INITIATIVES_SHEET and plan:
            rows = _initiative_rows(plan, _initiative_years(plan, plan_years), _used(plan, sheet, "within_frame"))
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values):
                write_value(ws, r, c, value, fmt.date if isinstance(value, date) else fmt.text)
        _validate(ws, sheet, columns, plan.account_groups if plan else default_account_groups())
    wb.close()
    return path


def _sheets(plan: Plan | None, unit: str = "mkr") -> list[tuple[str, list[tuple[str, str]]]]:
    """The sheets to write: Budgetramar by the plan's groups and unit; Kontogrupper when the plan has its own."""
    sheets = [(name, columns) for name, columns in SHEETS.items()]
    if plan is None:  # the blank plan shows the five usual groups on Kontogrupper, for the office to make its own
        sheets = [(n, frame_columns(unit=unit) if n == FRAMES_SHEET else c) for n, c in sheets]
    else:
        sheets = [
            (n, frame_columns(plan.account_groups, plan.amount_unit) if n == FRAMES_SHEET else c) for n, c in sheets
        ]
    if plan is None or plan.account_groups != default_account_groups():
        sheets.insert(next(i for i, (n, _) in enumerate(sheets) if n == FRAMES_SHEET), (GROUPS_SHEET, GROUP_COLUMNS))
    return sheets


def _used(plan: Plan, sheet: str, key: str) -> bool:
    """Optional new columns are written only when the plan uses them (a blank plan shows them all)."""
    if (sheet, key) == (PlanSheet.KEY_FIGURES, "frequency"):
        return any(k.frequency for k in plan.key_figures)
    if (sheet, key) == (INITIATIVES_SHEET, "within_frame"):
        return not all(i.within_frame for i in plan.initiatives)
    return True


def _write_settings(wb: Any, fmt: Formats, plan: Plan | None, year: int | None, unit: str) -> None:
    ws = wb.add_worksheet(SETTINGS_SHEET)
    ws.set_column(0, 0, 36)
    ws.set_column(1, 1, 50)
    labels = [label for label, _ in SETTINGS]
    values = [getattr(plan, key) if plan else (year if key == "year" else None) for _, key in SETTINGS]
    if unit != "mkr":
        labels.append(UNIT_LABEL)
        values.append(unit)
    if plan is None and year is not None:  # the blank plan's year: its optional amounts, left empty to fill in
        labels += [SAVINGS_LABEL.format(year=year, unit=unit), PLANNED_RESULT_LABEL.format(year=year, unit=unit)]
        values += [None, None]
    if plan:
        for when, amount in sorted(plan.savings_required.items()):
            labels.append(SAVINGS_LABEL.format(year=when, unit=unit))
            values.append(amount)
        for when, amount in sorted(plan.planned_result.items()):
            labels.append(PLANNED_RESULT_LABEL.format(year=when, unit=unit))
            values.append(amount)
    for row, (label, value) in enumerate(zip(labels, values)):
        ws.write_string(row, 0, label, fmt.bold)
        write_value(ws, row, 1, value, fmt.text)


def _rows(sheet: str, plan: Plan, years: list[int]) -> list[list[Any]]:
    def ids(items: tuple[str, ...]) -> str:
        return "Alla" if set(items) == {d.id for d in plan.divisions} else ", ".join(items)

    aggregation_words = {rule: word for word, rule in AGGREGATIONS.items()}
    if sheet == PlanSheet.DIVISIONS:
        return [[d.id, d.name, d.contact] for d in plan.divisions]
    if sheet == PlanSheet.UNITS:
        return [[u.id, u.name, u.division] for u in plan.units]
    if sheet == PlanSheet.GOAL_AREAS:
        return [[a.id, a.name, a.parent, a.level, a.number] for a in plan.goal_areas]
    if sheet == PlanSheet.KEY_FIGURES:
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
    if sheet == PlanSheet.ASSIGNMENTS:
        return [[a.id, a.text, a.goal_area, a.decided_by, ids(a.divisions)] for a in plan.assignments]
    if sheet == PlanSheet.FINANCIAL_GOALS:
        return [
            [
                g.id,
                g.name,
                g.decided_by,
                g.target_text,
                g.direction_override,
                *[g.targets[y].text if y in g.targets else "" for y in _target_years(plan, financial=True)],
            ]
            for g in plan.financial_goals
        ]
    if sheet == FRAMES_SHEET:
        entered = [g.id for g in plan.account_groups if g.kind != GroupKind.NETTO]
        return [
            [b.division, b.year, *[b.amounts.get(g) for g in entered], b.netto_given, b.unit]
            for b in plan.budget_frames
        ]
    if sheet == GROUPS_SHEET:
        return [_group_row(g) for g in plan.account_groups]
    if sheet == PlanSheet.MEASURES:
        return [
            [
                m.id,
                m.name,
                m.description,
                m.consequence,
                ids(m.divisions),
                *[_effect(m, y) for y in years],
                *[m.goals.get(y, "") for y in years],
                *([MEASURE_KINDS.get(m.kind, ""), m.start, m.end] if _has_terms(plan) else []),
            ]
            for m in plan.measures
        ]
    if sheet == PlanSheet.INVESTMENTS:
        return [[i.id, i.division, i.unit, i.object, i.kind, i.amount_tkr] for i in plan.investments]
    if sheet == PlanSheet.PERIODS:
        return [[PERIOD_LABELS[p.kind], p.label, p.deadline] for p in plan.periods]
    if sheet == INTERNAL_CONTROL_SHEET:
        return [[p.id, p.text, p.risk, p.frequency, p.responsible, ids(p.divisions)] for p in plan.internal_control]
    return []


def _blank_rows(sheet: str) -> list[list[Any]]:
    """The blank plan's only rows: the five usual account groups, which the office changes into its own."""
    return [_group_row(g) for g in default_account_groups()] if sheet == GROUPS_SHEET else []


def _group_row(group: AccountGroup) -> list[str]:
    """A Kontogrupper row in the plan's words (Typ "Intäkt", Extern/intern "Extern")."""
    kind = next((word for word, kind in GROUP_KINDS.items() if kind == group.kind), "").capitalize()  # "": unread
    scope = next(word for word, scope in GROUP_SCOPES.items() if scope == group.scope).capitalize()
    return [group.id, group.name, kind, scope, group.accounts, group.subtotal]


def _effect(measure: Measure, year: int) -> Any:
    """The year's effect cell: the amount, "ej beräknad" (None in the model), or empty when none is planned."""
    if year in measure.effects and measure.effects[year] is None:
        return NOT_COMPUTED
    return measure.effects.get(year)


def _has_terms(plan: Plan) -> bool:
    return any(m.kind or m.start or m.end for m in plan.measures)


def _initiative_years(plan: Plan | None, years: list[int]) -> list[int]:
    used = sorted({y for i in plan.initiatives for y in i.amounts}) if plan else []
    return used or years


def _initiative_rows(plan: Plan, years: list[int], within_frame: bool) -> list[list[Any]]:
    """Id, Satsning, Divisioner, Inom ram (when a satsning is outside the frame), an amount per year."""
    return [
        [i.id, i.name, ", ".join(i.divisions), *([_YES_NO[i.within_frame]] if within_frame else [])]
        + [i.amounts.get(y) for y in years]
        for i in plan.initiatives
    ]


def _target_years(plan: Plan, financial: bool = False) -> list[int]:
    """The years of the key figures' (or financial goals') "Mål ÅÅÅÅ" columns; none for a plan without them."""
    goals = plan.financial_goals if financial else plan.key_figures
    return sorted({year for goal in goals for year in goal.targets})


def _validate(ws: Any, sheet: str, columns: list[tuple[str, str]], groups: list[AccountGroup]) -> None:
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

    if sheet == PlanSheet.KEY_FIGURES:
        lst("aggregation", list(AGGREGATIONS), "Aggregering")
        lst("direction", _RIKTNING_WORDS, "Riktning")
    if sheet == PlanSheet.FINANCIAL_GOALS:
        lst("direction", _RIKTNING_WORDS, "Riktning")
    if sheet == INTERNAL_CONTROL_SHEET:
        lst("frequency", list(CONTROL_FREQUENCIES), "Frekvens")
    if sheet == INITIATIVES_SHEET and "within_frame" in keys:
        lst("within_frame", list(_YES_NO.values()), "Inom ram")
    if sheet == PlanSheet.PERIODS:
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
    if sheet == GROUPS_SHEET:
        lst("kind", [word.capitalize() for word in GROUP_KINDS], "Typ")
        lst("scope", [word.capitalize() for word in GROUP_SCOPES if word], "Extern/intern")
    if sheet == FRAMES_SHEET:  # a number of either sign: an office that renames the groups changes their signs, and
        for group in [g for g in groups if g.kind != GroupKind.NETTO]:  # plan check says a wrong sign at its cell
            ws.data_validation(
                1,
                col(group.id),
                999,
                col(group.id),
                {
                    "validate": "decimal",
                    "criteria": "between",
                    "minimum": -(10**15),
                    "maximum": 10**15,
                    "error_title": "Inte ett tal",
                    "error_message": "Skriv ett belopp: intäkter positiva, kostnader med minustecken.",
                },
            )
    if sheet == PlanSheet.INVESTMENTS:
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
