"""The Instruktion sheet's text: how to fill the template in, for the plan, period and reporter it is for."""

from __future__ import annotations

from typing import Any

from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.template.spec import INTERNAL_CONTROL
from reporting.text import and_joined
from reporting.xlsx.write import Formats

Line = tuple[str, Any]  # a line's text and its cell format (None for an empty line)


def instruction_lines(plan: Plan, period: Period, reporter: Reporter, fmt: Formats, sheets: list[str]) -> list[Line]:
    """The sheet's lines, top down; the first (the title) names the reporter, the rest are shared by a division's
    units (template.shared reuses the sheet when they are equal). ``sheets``: the period's data sheets that have
    rows for the reporter, those its controller fills in (an empty one says so itself)."""
    deadline = plan.deadline(period)
    control = _control_line(sheets, fmt.wrap)
    return [
        (f"{plan.period_heading(period)} – {reporter.name}", fmt.title),
        (f"{plan.board}, {plan.region} · Period: {period.label}", fmt.subtitle),
        ("", None),
        ("Så fyller du i", fmt.bold),
        (
            f"1. Fyll i de gula cellerna på flikarna {and_joined(sheets)}. "
            "Övriga celler är låsta och förifyllda från nämndens plan.",
            fmt.wrap,
        ),
        ("2. Tal skrivs med decimalkomma, t.ex. 88,5. Andelar anges i procent (88,5 betyder 88,5 %).", fmt.wrap),
        (
            f"3. Ekonomi anges i {plan.amount_unit}: intäkter positiva, kostnader med minustecken. "
            "Netto räknas ut automatiskt.",
            fmt.wrap,
        ),
        (_result_line(period), fmt.wrap),
        *control,
        (
            f"{5 + len(control)}. Du får infoga rader och lägga till egna flikar för anteckningar. "
            "Ändra inte Id, rubriker eller fliknamn.",
            fmt.wrap,
        ),
        ("", None),
        ("Inlämning", fmt.bold),
        (f"Sista dag: {deadline.isoformat() if deadline else 'enligt utskick'}.", fmt.wrap),
        (
            "Spara filen som Excel-arbetsbok (.xlsx) – gärna med samma filnamn – och skicka den till ekonomienheten"
            f"{' (' + plan.contact + ')' if plan.contact else ''}.",
            fmt.wrap,
        ),
        (
            "Frågor: kontakta ekonomienheten. Har du verktyget kan du själv kontrollera filen före inlämning med "
            "nämndens plan (plan.xlsx från ekonomienheten): reporting check --plan plan.xlsx FILNAMN.xlsx",
            fmt.wrap,
        ),
        ("", None),
        ("Färger", fmt.bold),
        ("Gula celler fyller du i. Vita celler är låsta och förifyllda. Rubrikraderna är blå.", fmt.wrap),
    ]


def _result_line(period: Period) -> str:
    """What to explain; in the årsrapport also that the year's utfall is the result (intake.year_end)."""
    if period.is_year_end:
        return (
            "4. Årsrapport: utfallet är årets resultat och uppnådd effekt årets effekt. Prognoskolumnerna och "
            "periodiserad budget behöver inte fyllas i. När ett mål inte nås eller utfallet avviker från budget: "
            "skriv en kommentar."
        )
    return "4. När ett mål inte nås: skriv analys och åtgärder. När prognosen avviker från budget: skriv en kommentar."


def _control_line(sheets: list[str], style: Any) -> list[Line]:
    """The line on Internkontroll, for a template whose Internkontroll has control points to answer."""
    if INTERNAL_CONTROL.name not in sheets:
        return []
    text = (
        "5. Internkontroll: välj för varje kontrollmoment om kontrollen är genomförd och om den visar en "
        "avvikelse. Skriv resultatet (alltid när kontrollen inte är genomförd) och åtgärden vid avvikelse."
    )
    return [(text, style)]
