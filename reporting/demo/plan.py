"""The demo plan: Hälso- och sjukvårdsnämnden, Region Jämtland Härjedalen, Plan med budget 2025.

Figures are those of the published plan (HSN/1528/2024, seed 000). Where the plan
is silent we chose, and say so here: which division reports which key figure,
which division owns each investment object, how key figures aggregate, and that
the division frames of the plan years 2026–2027 equal 2025 (the plan states no
uppräkning and an unchanged netto of −3 158,3 mkr), the internkontrollplan
(see INTERNAL_CONTROL: the seed names no control points of its own), and the besparingskrav per year, which the
seed does not state: the åtgärdsplan's total effect (51 / 65 / 75 mkr), as the README's Assumptions say.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from reporting.demo.seed_goals import ASSIGNMENTS, CARE, HSN, KEY_FIGURES, RF
from reporting.plan.model import (
    ACCOUNT_GROUPS,
    BOARD,
    Aggregation,
    Assignment,
    BudgetFrame,
    ControlPoint,
    Division,
    FinancialGoal,
    GoalArea,
    Investment,
    KeyFigure,
    Measure,
    PeriodDef,
    Plan,
)
from reporting.plan.targets import parse_target, with_direction

DIVISIONS = [
    Division("HSD", "Hälso- och sjukvårdsdirektör", "stab.hsd@example.se"),
    Division("MED", "Division Medicin", "controller.medicin@example.se"),
    Division("KIR", "Division Kirurgi", "controller.kirurgi@example.se"),
    Division("NV", "Division nära vård", "controller.naravard@example.se"),
]
GOAL_AREAS = [
    GoalArea("HS", "God och nära vård i hela Jämtland Härjedalen"),
    GoalArea("TV", "God och tillgänglig tandvård i hela Jämtland Härjedalen"),
    GoalArea("LS", "Ledning, styrning och uppföljning av beslut och verksamhet"),
]
# Budgettramar per division 2025, mkr: EI, II, EK, AV, IK, netto (as printed)
FRAMES = {
    "HSD": ("6,3", "5,9", "-250,7", "0", "-1,3", "-239,8"),
    "MED": ("94,1", "274,3", "-1282,4", "-22,3", "-181,1", "-1117,4"),
    "KIR": ("111,1", "0", "-1147,3", "-0,6", "-154,2", "-1191,0"),
    "NV": ("238,5", "753,9", "-1366,5", "-14,7", "-221,3", "-610,1"),
}
# "Budgettram i netto, förändring 2024-2025, samt plan för 2026-2027", mkr (as printed): tjänstemannabudget
# (the divisions), förtroendemannabudget (nämnd level), total nettobudgettram. Not in demo_plan() yet: the
# nämnd-level frame needs the issue-12 "Nämnd" row (reporting/demo/seed_plans.py writes it for seed 000).
NAMND_FRAMES = {
    2024: ("-3352,6", "-3,5", "-3356,1"),
    2025: ("-3158,3", "-3,5", "-3161,8"),
    2026: ("-3158,3", "-3,5", "-3161,8"),
    2027: ("-3158,3", "-3,5", "-3161,8"),
}
# "Summa tjänstemannabudget" per account group, mkr (as printed): EI, II, EK, AV, IK, netto
FRAMES_TOTAL = ("450,0", "1034,1", "-4046,9", "-37,6", "-557,9", "-3158,3")
MEASURES = [
    (
        "A1",
        "Kompetensförsörjning",
        "Verksamheten ska bedrivas med egenanställd personal, snarare än med inhyrd bemanning. Andelen egenanställd personal ska således öka och inhyrd bemanning minska.",
        "Inga direkta negativa konsekvenser för verksamhet/patienter om inte nedtrappning av inhyrd bemanning sker snabbare än ersättningsrekrytering.",
        ("20", "20", "20"),
        ("Mål 95 %", "Mål 96 %", "Mål 97 %"),
        CARE,
    ),
    (
        "A2",
        "Införande av produktions- och kapacitetsstyrning (PKS).",
        "Första steget i PKS-införandet är behovs- och kapacitetsprognos. En första sådan presenteras i början av 2025. På sikt kommer PKS att tydliggöra vilka behov som ska tillmötesgå och ge stöd i såväl kapacitetsplaneringen som vårdens vidare omställning.",
        "Inga negativa konsekvenser för verksamhet/patienter.",
        ("1", "10", "10"),
        ("", "", ""),
        ("HSD",),
    ),
    (
        "A3",
        "Verksamhetsutveckling för vårdens omställning som skapar mer tid för vård",
        "Intäktsäkring genom korrekt kodning och adekvata faktureringsprinciper samt andra utvecklingsinsatser som skapar mer tid för vård. Digitala verktyg som bidrar till effektiviserad och minskad administration ska prioriteras för införande.",
        "Inga negativa konsekvenser för verksamhet/patienter under förutsättning att undanträngning eller övervältring sker.",
        ("5", "15", "25"),
        ("", "", ""),
        ("HSD", *CARE),
    ),
    (
        "A4",
        "Förbättringsarbete som utgår från kvalitetsresultat",
        "Kvalitetsresultat ska styra vilken verksamhetsutveckling som ska prioriteras och antalet vårdskador ska minska.",
        "Inga negativa konsekvenser för verksamhet/patienter.",
        ("10", "10", "10"),
        ("", "", ""),
        CARE,
    ),
    (
        "A5",
        "Fortsatt återhållsamhet genom större fokus på medicinska prioriteringar.",
        "Tydligare och mer personcentrerat arbete med medicinskt måldatum i verksamhetens planering för att befintlig personal i större utsträckning ska kunna prioritera de med störst medicinskt behov.",
        "Under förutsättning att prioriteringar görs på ett sådant sätt att risken för patientskador ses inga negativa konsekvenser för verksamhet/patienter.",
        ("10", "10", "10"),
        ("", "", ""),
        CARE,
    ),
    (
        "A6",
        "Vårdhotell",
        "Införande av vårdhotellplatser på sjukhuset minskar dygnskostnad för patienter som har mindre omvårdnadsbehov, men behöver finnas i sjukhusets omedelbara närhet. Platserna räknas fortsatt som vårdplatser, men bedrivs till en lägre kostnad. Minskning med traditionella vårdplatser motsvarande två vårdlag bedöms kunna ske.(HSN/1536/2024)",
        "Inga negativa konsekvenser för verksamhet/patienter.",
        ("5", None, None),
        ("", "", ""),
        ("MED",),
    ),
]
NY_HSN, NY_MTA, NY_IT = "NY-investering HSN", "NY-investering RS (via MTA)", "NY-investering RS (via IT-avd.)"
INVESTMENTS = [
    ("MED", "Röntgen Östersund", "Datortomograf till akuten", NY_HSN, 16920),
    ("KIR", "Enheten för kvinnosjukvård", "Blåsvolymmätare/Bladderscanner", NY_MTA, 75),
    ("MED", "Ambulansavdelningen", "Hjärtkompressionsapparat", NY_HSN, 147),
    ("KIR", "Hörcentralen", "REM-utrustning+RECD-utrustning", NY_MTA, 1360),
    ("MED", "Klinisk kemi", "Patogenreducerade trobocyter", NY_HSN, 600),
    ("NV", "Folktandvårdsstaben", "Skanner för digitala avtryck 6 st", NY_HSN, 1920),
    ("KIR", "Sterilteknisk enhet", "Renvatten anläggning (RO) CMS-serie Combo", NY_MTA, 546),
    ("KIR", "Endoskopimottagningen", "Gastroskop", NY_MTA, 500),
    ("HSD", "Kliniskt träningscentrum", "Simulatordocka junior", NY_MTA, 350),
    ("KIR", "Områdesstab An-Op-IVA", "PDMS till Ane, Op, IVA området", NY_IT, 13000),
    ("NV", "Folktandvården Strömsund", "Kylanläggning", NY_HSN, 150),
    ("NV", "Åre hälsocentral", "Patientövervakningsmonitor", NY_HSN, 150),
    ("MED", "Hudmottagningen", "Diatermi-monopolär med rökutsug", NY_MTA, 90),
    ("MED", "Lung- och allergimottagningen", "Bladderscan portabel", NY_MTA, 80),
    ("HSD", "Medicintekniska avdelningen", "Testsystem patientövervakning", NY_MTA, 300),
    ("NV", "Kälarne hälsocentral", "Ny blåsvolymsmätare", NY_HSN, 75),
    ("NV", "Åre hälsocentral", "Datortomograf till Åre HC", NY_HSN, 10000),
    ("NV", "Järpens hälsocentral", "Ultraljud, inkl 4 prober", NY_HSN, 800),
    ("MED", "Klinisk mikrobiologi", "Amplex PCR", NY_HSN, 300),
]

# Internkontrollplan 2025. The seed says only that the nämnd decides its internkontrollplan
# 2025 separately (November 2024) and follows it up the month after the tertial and delår
# closings, in June and October ("Intern kontroll"; the "tertialvis uppföljning" in its
# meeting plan belongs to Tillgänglighet). It lists no control points, so these are ours,
# each drawn from a risk the seed itself names, and divided so:
#   - patient-safety and care-process controls (läkemedel, måldatum, kodning) go to the
#     care divisions MED, KIR and NV, which run the wards and clinics;
#   - inhyrd bemanning goes to MED and KIR, where the seed's åtgärdsplan (A1) bites hardest;
#   - the Folktandvård control goes to NV, the division that holds Folktandvården here;
#   - decision, purchasing and work-environment controls concern every division, HSD included.
# Frequencies: tertialvis for what the nämnd follows in every report (as in June and October),
# delår for the half-year purchasing and decision samples, helår/årligen for yearly reviews.
INTERNAL_CONTROL = [
    (
        "K01",
        "Stickprov av förvaring och kontroll av narkotikaklassade läkemedel på vårdenheterna",
        "Brister i läkemedelshanteringen leder till patientskada eller svinn",
        "tertialvis",
        "Divisionschef",
        CARE,
    ),
    (
        "K02",
        "Uppföljning av kostnad och andel inhyrd bemanning mot åtgärdsplanen för ekonomi i balans",
        "Kostnaderna för inhyrd bemanning överskrider åtgärdsplanen",
        "tertialvis",
        "Divisionschef",
        ("MED", "KIR"),
    ),
    (
        "K03",
        "Uppföljning av patienter som passerat medicinskt måldatum för återbesök och operation",
        "Patienter med störst medicinskt behov får inte vård i tid",
        "tertialvis",
        "Verksamhetschef",
        CARE,
    ),
    (
        "K04",
        "Stickprov av diagnos- och åtgärdskodning samt fakturering av utomlänsvård",
        "Felaktig kodning och fakturering ger uteblivna intäkter",
        "delår",
        "Divisionscontroller",
        CARE,
    ),
    (
        "K05",
        "Stickprov av inköp utanför avtal (leverantörstrohet)",
        "Inköp utanför avtal ger högre kostnader och bryter mot upphandlingsreglerna",
        "delår",
        "Ekonomichef",
        ("HSD", *CARE),
    ),
    (
        "K06",
        "Stickprov av att beslut värderar kostnad mot nytta och anger finansiering inom budgetram",
        "Beslut fattas utan finansiering och ökar underskottet",
        "delår",
        "Hälso- och sjukvårdsdirektör",
        ("HSD", *CARE),
    ),
    (
        "K07",
        "Kontroll av att barn 3–23 år listade i Folktandvården kallas inom 3 månader",
        "Barn och unga får inte tandvård i tid",
        "tertialvis",
        "Chef Folktandvården",
        ("NV",),
    ),
    (
        "K08",
        "Genomgång av vårdskador och händelseanalyser inför patientsäkerhetsberättelsen",
        "Vårdskador upprepas när lärdomar inte tas om hand",
        "helår",
        "Chefläkare",
        ("HSD", *CARE),
    ),
    (
        "K09",
        "Uppföljning av det systematiska arbetsmiljöarbetet och sjukfrånvaron",
        "Ohälsa och hög sjukfrånvaro försvagar kompetensförsörjningen",
        "årligen",
        "HR-direktör",
        ("HSD", *CARE),
    ),
]


def _dec(text: str | None) -> D | None:
    return None if text is None else D(text.replace(",", "."))


def demo_plan() -> Plan:
    """The JH HSN 2025 plan as a typed Plan (the source of the bundled plan.xlsx)."""
    plan = Plan(
        "Hälso- och sjukvårdsnämnden",
        "Region Jämtland Härjedalen",
        "HSN/1528/2024",
        2025,
        tolerance_pct=D(5),
        deviation_pct=D(2),
        deviation_mkr=D(1),
        contact="ekonomienheten@example.se",
        savings_required={2025: D(51), 2026: D(65), 2027: D(75)},
    )
    plan.divisions = list(DIVISIONS)
    plan.goal_areas = list(GOAL_AREAS)
    for kid, name, area, divisions, unit, text, aggregation in KEY_FIGURES:
        kf = KeyFigure(kid, name, area, divisions, unit, text, parse_target(text), HSN, Aggregation(aggregation))
        plan.key_figures.append(kf)
    for number, (area, decided, text) in enumerate(ASSIGNMENTS, start=1):
        divisions = ("NV",) if area == "TV" else (tuple(d.id for d in DIVISIONS) if area == "LS" else CARE)
        plan.assignments.append(Assignment(f"U{number:02d}", text, area, decided, divisions))
    plan.financial_goals = [
        FinancialGoal(
            "F1", "Bruttokostnadsutveckling", RF, "-22,4 %", with_direction(parse_target("-22,4 %"), "Högst"), "Högst"
        ),
        FinancialGoal("F2", "Leverantörstrohet", RF, "95 %", parse_target("95 %")),
    ]
    for year in (2025, 2026, 2027):
        for division, values in FRAMES.items():
            amounts = {gid: _dec(v) for (gid, _), v in zip(ACCOUNT_GROUPS, values[:5])}
            plan.budget_frames.append(BudgetFrame(division, year, amounts, _dec(values[5])))  # type: ignore[arg-type]
        # the nämnd's own frame, förtroendemannabudget -3,5 (seed 000: "Summa förtroendemannabudget")
        own = {gid: D("-3.5") if gid == "EK" else D("0.0") for gid, _ in ACCOUNT_GROUPS}
        plan.budget_frames.append(BudgetFrame(BOARD, year, own, D("-3.5")))
    plan.budget_frames.append(BudgetFrame(BOARD, 2024, {}, D("-3352.6")))  # 2024: a netto frame, no division split
    for mid, name, description, consequence, effects, goals, divisions in MEASURES:
        plan.measures.append(
            Measure(
                mid,
                name,
                description,
                consequence,
                {y: _dec(e) for y, e in zip((2025, 2026, 2027), effects) if e is not None},
                {y: g for y, g in zip((2025, 2026, 2027), goals) if g},
                divisions,
            )
        )
    plan.investments = [
        Investment(f"I{n:02d}", d, u, o, k, a) for n, (d, u, o, k, a) in enumerate(INVESTMENTS, start=1)
    ]
    plan.periods = [
        PeriodDef("T1", "Tertialrapport per april", date(2025, 5, 9)),
        PeriodDef("delar", "Delårsrapport per augusti", date(2025, 9, 10)),
        PeriodDef("helar", "Årsrapport", date(2026, 1, 23)),
    ]
    plan.internal_control = [ControlPoint(*row) for row in INTERNAL_CONTROL]
    return plan
