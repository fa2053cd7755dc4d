"""What the nämnd must notice, in plain Swedish: the Sammanfattning's notes and the Word draft's "Att notera".

One list for both: the Sammanfattning goes into the meeting papers (its PDF) as the Word draft does, so neither
carries the economy office's to-dos. Those (the commands that store Kolada's riket or mend Centrala värden, the
errors to follow up) are ``office_notes``: the command's output says them to the one who ran it.
"""

from __future__ import annotations

from decimal import Decimal

from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.economy import is_subtotal, left_out_names
from reporting.consolidate.labels import ABSENT, capped, left_out_text
from reporting.consolidate.planned import judge_planned
from reporting.consolidate.tables import measure_total, not_computed_note
from reporting.findings import Finding, Rule, Severity
from reporting.history.previous import netto_comparison
from reporting.history.trends import HistoryView
from reporting.intake.leftovers import not_counted
from reporting.output.outlook import outlook
from reporting.plan.periods import parse_period
from reporting.plan.targets import Status
from reporting.swedish import format_number
from reporting.template.spec import (
    ASSIGNMENT_DEVIATING,
    CONTROL_DEVIATING,
    CONTROL_NOT_DONE,
    CONTROL_PARTLY,
    MEASURES,
    NETTO_ID,
)
from reporting.text import and_joined, plural


def notice(r: Consolidation, history: HistoryView | None = None, office: bool = True) -> list[str]:
    """The few things the nämnd must notice; ``office``: the workbook's (its Sammanfattning names the divisions not
    in, which the Word draft's cover names)."""
    out = absent_notes(r, "fliken Avvikelser i arbetsboken") if office else []
    totals = [k for k in r.key_figures if k.is_total]
    for status in (Status.NOT_MET, Status.PARTLY):
        figures = [f"{row.id} {row.name}" for row in totals if row.status == status.value]
        goals = [f"{g.id} {g.name}" for g in r.financial_goals if g.outcome is not None and g.status == status.value]
        names = figures + goals
        if names:  # a name ending in "." (a key figure written as a sentence) would read ".;"
            shown = "; ".join(name.rstrip(". ") for name in names[:6]) + (" …" if len(names) > 6 else ".")
            out.append(f"{status.value} ({_counted(len(figures), len(goals))}): {shown}")
    out += riket_notes(r, office=False)
    forecast = forecast_note(r)
    if forecast:
        out.append(forecast)
    if change := change_note(r, history, office):
        out.append(change)
    out += unit_off_note(r)
    out += [f.message for f in r.checks if f.rule in (Rule.FORECAST_DEFICIT, Rule.RESULT_DEFICIT)]
    if r.measures:
        out.append(measure_note(r))
    return out + follow_up_notes(r)


def _counted(figures: int, goals: int) -> str:
    """ "7" as the Sammanfattning's table counts key figures alone; "6 nyckeltal och 1 finansiellt mål" when
    financial goals are among them, so the count is never read against the table's column and found one off."""
    if not goals:
        return str(figures)
    goal = plural(goals, "finansiellt mål", "finansiella mål")
    return f"{figures} nyckeltal och {goal}" if figures else goal


NOTE_ITEMS = 6  # rows a follow-up note names before "och 5 till"


def follow_up_notes(r: Consolidation) -> list[str]:
    """One line each for uppdrag "Pågår med avvikelse", investments over budget and control points not done or
    with avvikelse, with how many and which (``NOTE_ITEMS`` named); nothing where there is nothing to note."""
    out = []
    deviating = [f"{a.id} {a.division}" for a in r.assignments if a.status == ASSIGNMENT_DEVIATING]
    if deviating:
        out.append(f"Uppdrag med avvikelse: {len(deviating)} ({_listed(deviating)}).")
    over = [i for i in r.investments if i.status not in ABSENT and i.spent is not None and i.spent > i.amount]
    if over:
        named = [f"{i.id} {i.division} {format_number(i.spent, 0)} mot {format_number(i.amount, 0)}" for i in over]
        out.append(f"Investeringar över budget (upparbetat mot budget, tkr): {len(over)} ({_listed(named, '; ')}).")
    controls = [
        (what, [f"{c.id} {c.division}" for c in r.internal_control if test(c)])
        for what, test in (
            ("ej genomförd", lambda c: c.done == CONTROL_NOT_DONE),
            ("delvis genomförd", lambda c: c.done == CONTROL_PARTLY),
            ("med avvikelse", lambda c: c.deviation == CONTROL_DEVIATING),
        )
    ]
    parts = [f"{what} {len(names)} ({_listed(names)})" for what, names in controls if names]
    if parts:
        out.append(f"Internkontroll: {'; '.join(parts)}.")
    return out


def _listed(names: list[str], sep: str = ", ") -> str:
    """The first ``NOTE_ITEMS`` names, then how many more."""
    more = len(names) - NOTE_ITEMS
    return sep.join(names[:NOTE_ITEMS]) + (f" och {more} till" if more > 0 else "")


def office_notes(r: Consolidation) -> list[str]:
    """What only the economy office acts on before the papers go out: the commands that store riket, its own
    Centrala värden forgotten, the errors in the files (on the report's Avvikelser sheet)."""
    out = riket_notes(r, office=True)
    out += [f.message for f in r.checks if f.rule is Rule.CENTRAL_MISSING]
    out += uncounted_notes(r)
    errors = sum(1 for f in r.findings if f.severity is Severity.ERROR)
    if errors:
        out.append(f"{errors} fel i inlämnade underlag; se fliken Avvikelser i rapporten och återkopplingarna.")
    return out


def measure_note(r: Consolidation) -> str:
    """The åtgärdsplan's forecast against the planned effect of the same measures; when units of the divisions
    that gave them have not reported, the forecast of the units that have, beside the whole planned effect, never
    set against it (the plan gives no unit's share)."""
    total = measure_total(r.measures)
    required = r.plan.savings_required.get(r.period.year)
    d, unit = r.plan.amount_decimals, r.plan.amount_unit
    against = f" (besparingskrav {format_number(required, d)} {unit})." if required is not None else "."
    if len(total.left_out) == len(r.measures):  # nothing summed: no "0,0 mkr mot planerad effekt 0,0 mkr"
        return (
            "Åtgärdsplanen: ingen åtgärd har ännu rapporterats av alla berörda divisioner. Planerad effekt för alla "
            f"åtgärder {format_number(total.planned_all, d)} {unit}{not_computed_note(total.not_computed_all)}{against}"
        )
    scope = f" (exkl. {', '.join(total.left_out)}, som inte alla divisioner har rapporterat)" if total.left_out else ""
    effect = f"{outlook(r.period).effect.lower()} {format_number(total.forecast, d)} {unit}"
    planned = f"{format_number(total.planned, d)} {unit}{not_computed_note(total.not_computed)}"
    text = f"Åtgärdsplanen{scope}: {effect} mot planerad effekt {planned}"
    if total.units_out:
        text = (
            f"Åtgärdsplanen{scope}: {effect} från de enheter som har rapporterat (exkl. {left_out_text(total.units_out)})"
            f"; planerad effekt {planned} gäller alla enheter och ställs mot prognosen först när alla har rapporterat"
        )
    if total.left_out:
        text += (
            f"; planerad effekt för alla åtgärder {format_number(total.planned_all, d)} {unit}"
            f"{not_computed_note(total.not_computed_all)}"
        )
    return text + against


def unit_off_note(r: Consolidation) -> list[str]:
    """Amounts intake flags as typed in the wrong unit are used as typed, a warning and never a guess: the nämnd is
    told whose they are, since its totals count them. The economy's amounts about 1 000 times their budget (tkr in
    an mkr plan, or the reverse), an åtgärd's effect far over the measure's planned effect or its forecast, an
    upparbetat belopp that is not whole tkr (mkr typed where tkr is asked); the last two with the ids flagged."""
    out = []
    whose = list(dict.fromkeys(f.division for f in r.findings if f.rule is Rule.AMOUNT_UNIT_OFF))
    if whose:
        out.append(f"Belopp som ser ut att vara i fel enhet (omkring 1 000 gånger budgeten) från {', '.join(whose)}")
    effects = _flagged(r, [f for f in r.findings if f.rule is Rule.EFFECT_UNIT_OFF and f.sheet == MEASURES.name])
    if effects:
        out.append(
            "Effekter i åtgärdsplanen som ser ut att vara i fel enhet (långt över åtgärdens planerade effekt eller "
            f"prognosen för helåret) från {effects}"
        )
    spent_whose = _flagged(r, [f for f in r.findings if f.rule is Rule.SPENT_UNIT_OFF])
    if spent_whose:
        out.append(f"Upparbetat belopp som inte är hela tkr (kanske skrivna i mkr) från {spent_whose}")
    return [f"{text}: summorna räknar med dem som de är skrivna. Se fliken Avvikelser i arbetsboken." for text in out]


def _flagged(r: Consolidation, found: list[Finding]) -> str:
    """ "Division Medicin (A1, A3), Division Kirurgi (A2)": whose values the findings ``found`` point at, with the
    rows' ids, among the values consolidated (a rejected file's are in no total)."""
    if not found:
        return ""
    places = {(f.file, f.sheet, f.cell): f.division for f in found}
    items: dict[str, list[str]] = {}
    for source in r.sources:  # one pass, only when something is flagged: a region has 800 000 values
        division = places.get((source.file, source.sheet, source.cell))
        if division is None:
            continue
        ids = items.setdefault(division, [])
        if source.item not in ids:
            ids.append(source.item)
    return ", ".join(f"{division} ({capped(ids)})" for division, ids in items.items())


def forecast_note(r: Consolidation) -> str:
    """The nämnd's helårsprognos (at year end the year's result) against the frame, and against the planned
    result when the plan states one; or why it cannot be summed (``unsummed_note``)."""
    total = r.economy_total
    if not isinstance(total.forecast_deviation, Decimal):
        return unsummed_note(r)
    word = "överskott" if total.forecast_deviation >= 0 else "underskott"
    scope = "" if total.submitted else f" (exkl. {_left_out(r)})"
    d, unit = r.plan.amount_decimals, r.plan.amount_unit
    text = (
        f"{outlook(r.period).subject}{scope} visar {word} {format_number(abs(total.forecast_deviation), d)} {unit} "
        "mot budgetramen"
    )
    judged = judge_planned(r.plan, total, r.period.year)
    planned = r.plan.planned_result.get(r.period.year)
    if judged is None and planned is not None and not total.submitted:
        # the accepted deficit is the whole nämnd's: a total that leaves divisions out cannot be set against it
        return (
            f"{text}; planerat resultat {r.period.year} är {format_number(planned, d)} {unit} "
            "och kan bedömas först när alla divisioner har kommit in."
        )
    if judged is None:
        return text + "."
    return f"{text} {format_number(judged.budget, d)} {unit} och {judged.planned_text}: {judged.verdict}."


def unsummed_note(r: Consolidation) -> str:
    """ "Helårsprognosen för nämnden kan inte summeras: helårsprognos saknas för Division Medicin (Personalkostnader).
    Se fliken Avvikelser i arbetsboken." A division's amount left empty (in its file or a unit's) is unknown, never 0: the total
    is then empty, and the nämnd is told whose amount it waits for ("" when nothing reported is missing)."""
    words = outlook(r.period)
    lacking: dict[str, list[str]] = {}
    for e in r.economy:
        if e.submitted and e.group_id != NETTO_ID and e.forecast is None and not is_subtotal(r.plan, e.group_id):
            lacking.setdefault(e.division, []).append(e.group)
    if not lacking:
        return ""
    whose = and_joined([f"{division} ({', '.join(groups)})" for division, groups in lacking.items()])
    return f"{words.subject} för nämnden kan inte summeras: {words.word} saknas för {whose}. Se fliken Avvikelser i arbetsboken."


def change_note(r: Consolidation, history: HistoryView | None, office: bool = True) -> str:
    """The nämnd total's helårsprognos against the previous forecast of the year, in one line: the first thing a
    month's papers are read for ("" without history, or when the total has no previous forecast). It points at the
    workbook's Tidsserier sheet, or (not ``office``) at the Word draft's own section on it."""
    if history is None:
        return ""
    found = netto_comparison(history.index, r.economy_overview, r.period, r.plan.amount_unit, r.plan.amount_decimals)
    change = next((p.change for o, p in zip(r.economy_overview, found.rows) if o.is_total), None)
    if change is None:
        return ""
    words = outlook(r.period)
    left_out = left_out_names(r.economy_overview)  # the change is the total's over the divisions in, as it says
    subject = f"{words.subject} (exkl. {left_out_text(left_out)})" if left_out else words.subject
    where = "fliken Tidsserier" if office else f"avsnittet {words.column} jämfört med föregående prognos"
    if found.reframed:  # a frame moved since: the change is the deviation's against the frames, then and now
        subject = f"Avvikelsen mot budgetramen i {subject[:1].lower()}{subject[1:]}"
    if change == 0:
        return f"{subject} är oförändrad sedan föregående prognos; se {where}."
    how = "förbättrats" if change > 0 else "försämrats"  # netto: a smaller deficit is better
    return (
        f"{subject} har {how} med {format_number(abs(change), r.plan.amount_decimals)} {r.plan.amount_unit} sedan "
        f"föregående prognos; se {where}."
    )


def _left_out(r: Consolidation) -> str:
    """ "Division Medicin, som inte har kommit in, och Division Kirurgi, vars fil avvisades": whom a total leaves out
    (divisions not in, units of divisions in part), a rejected division or unit said as such (``left_out_text``)."""
    return left_out_text(left_out_names(r.economy_overview), always=True)


def absent_notes(r: Consolidation, where: str = "fliken Avvikelser") -> list[str]:
    """ "Ej inkommen: …" and "Avvisad: Division Kirurgi (3 fel; …)": divisions not consolidated, a rejected
    one never said as not submitted; ``where`` tells where its errors are listed."""
    out = []
    if r.never_in:
        out.append("Ej inkommen: " + ", ".join(r.plan.division(d).name for d in r.never_in) + ".")
    if r.rejected:
        word = "Avvisad" if len(r.rejected) == 1 else "Avvisade"
        names = ", ".join(f"{r.plan.division(d).name} ({r.rejected_errors(d)} fel)" for d in r.rejected)
        out.append(f"{word}: {names}; felen står på {where} och i divisionens återkoppling.")
    return out


def riket_notes(r: Consolidation, office: bool = True) -> list[str]:
    """Key figures with an utfall that stand as "Underlag saknas" because their riket-relative målvärde has no
    stored riket value: which ones and why; for the ``office`` also the command that stores it (the report never
    calls the network)."""
    plan = {kf.id: kf for kf in r.plan.key_figures}
    unjudged = {  # any row with an utfall: a key figure not aggregated (ej) has none at the nämnd's
        k.id for k in r.key_figures if k.status == Status.NO_DATA.value and isinstance(k.outcome, Decimal)
    }
    waiting = [kf for kf in plan.values() if kf.id in unjudged and kf.target_for(r.period.year).benchmark]
    if waiting and not office:
        return [
            f"Jämförelsevärde för riket saknas för {', '.join(kf.id for kf in waiting)}: målvärdet jämförs med riket, "
            "så utfallet kan inte bedömas än."
        ]
    notes = []
    stored = [kf for kf in waiting if kf.kolada_id]
    if stored:
        ids = " ".join(f"--kpi {kpi}" for kpi in dict.fromkeys(kf.kolada_id for kf in stored))
        notes.append(
            f"Riket saknas för {', '.join(kf.id for kf in stored)}: målvärdet jämförs med riket, men inget "
            f"Kolada-värde är lagrat, så utfallet kan inte bedömas. Hämta det med 'reporting history kolada-fetch "
            f"{ids} --year {r.period.year}' (eller läs in en sparad fil med 'reporting history kolada') och "
            "sammanställ igen."
        )
    unnamed = [kf.id for kf in waiting if not kf.kolada_id]
    if unnamed:
        notes.append(
            f"Riket saknas för {', '.join(unnamed)}: målvärdet jämförs med riket, men nyckeltalet har inget "
            "Kolada-id i planen, så utfallet kan inte bedömas. Ange Kolada-id på planens flik Nyckeltal och hämta "
            "riket med 'reporting history kolada-fetch'."
        )
    return notes


def uncounted_notes(r: Consolidation) -> list[str]:
    """Per earlier period: its files in the inbox that the archive does not hold for it (a late bokslut file),
    which no run has counted yet, and the command that counts them (``leftovers.not_counted``)."""
    by_period: dict[str, list[str]] = {}
    for file in r.intake.files:
        if not_counted(file):
            by_period.setdefault(file.period, []).append(file.path.name)
    out = []
    for key, names in sorted(by_period.items()):
        words = parse_period(key).in_text
        files = plural(len(names), "fil", "filer")
        out.append(
            f"{files} för {words} i inkorgen har inte räknats in ännu ({_listed(names)}): kör "
            f"reporting consolidate --period {key}."
        )
    return out
