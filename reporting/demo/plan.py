"""The demo plan: Hälso- och sjukvårdsnämnden, Region Jämtland Härjedalen, Plan med budget 2025.

Figures are those of the published plan (HSN/1528/2024, seed 000). Where the plan
is silent we chose, and say so here: which division reports which key figure,
which division owns each investment object, how key figures aggregate, and that
the division frames of the plan years 2026–2027 equal 2025 (the plan states no
uppräkning and an unchanged netto of −3 158,3 mkr).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from reporting.plan.model import (
    ACCOUNT_GROUPS,
    Assignment,
    BudgetFrame,
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

RF, HSN = "1. Regionfullmäktige", "2. Hälso - och sjukvårdsnämnden"
DIVISIONS = [
    Division("HSD", "Hälso- och sjukvårdsdirektör", "stab.hsd@example.se"),
    Division("MED", "Division Medicin", "controller.medicin@example.se"),
    Division("KIR", "Division Kirurgi", "controller.kirurgi@example.se"),
    Division("NV", "Division nära vård", "controller.naravard@example.se"),
]
CARE = ("MED", "KIR", "NV")
GOAL_AREAS = [
    GoalArea("HS", "God och nära vård i hela Jämtland Härjedalen"),
    GoalArea("TV", "God och tillgänglig tandvård i hela Jämtland Härjedalen"),
    GoalArea("LS", "Ledning, styrning och uppföljning av beslut och verksamhet"),
]
# id, name, goal area, divisions, unit, målvärde, aggregation
KEY_FIGURES = [
    ("N01", "Hållbart Säkerhets Engagemang (HSE)", "HS", ("HSD", *CARE), "index", "Minst 4,01", "mean"),
    (
        "N02",
        "Andelen patienter som når hälsocentralen via telefon samma dag",
        "HS",
        ("NV",),
        "%",
        "Minst 88 %",
        "weighted",
    ),
    (
        "N03",
        "Andelen patienter som får medicinsk bedömning inom 3 dagar i primärvården",
        "HS",
        ("NV",),
        "%",
        "Minst 75 %",
        "weighted",
    ),
    (
        "N04",
        "Andel patienter som väntat 90 dagar eller kortare till första besök i specialiserad vård.",
        "HS",
        ("MED", "KIR"),
        "%",
        "Minst 64 %",
        "weighted",
    ),
    (
        "N05",
        "Andel patienter som väntat 90 dagar eller kortare till planerade operationer/ åtgärder/ behandlingar (exkluderat utprovning av hörapparat)",
        "HS",
        ("MED", "KIR"),
        "%",
        "Minst 62 %",
        "weighted",
    ),
    (
        "N06",
        "Andel patienter som väntat 90 dagar eller kortare till utprovning av hörapparat",
        "HS",
        ("KIR",),
        "%",
        "Minst 33 %",
        "weighted",
    ),
    (
        "N07",
        "Andel genomförda förstabesök inom barn- och ungdomspsykiatri inom 30 dagar",
        "HS",
        ("NV",),
        "%",
        "Minst 75 %",
        "weighted",
    ),
    (
        "N08",
        "Andel genomförda utredningar inom barn- och ungdomspsykiatri inom 30 dagar",
        "HS",
        ("NV",),
        "%",
        "Minst 75 %",
        "weighted",
    ),
    (
        "N09",
        "Andel genomförda behandlingar inom barn- och ungdomspsykiatri inom 30 dagar",
        "HS",
        ("NV",),
        "%",
        "Minst 75 %",
        "weighted",
    ),
    (
        "N10",
        "Andel återbesök inom den specialiserade vården som sker inom medicinskt måldatum",
        "HS",
        ("MED", "KIR"),
        "%",
        "Minst 80 %",
        "weighted",
    ),
    (
        "N11",
        "Andel elektiva operationer som sker inom medicinskt måldatum",
        "HS",
        ("KIR",),
        "%",
        "Minst 60 %",
        "weighted",
    ),
    (
        "N12",
        "Andel patienter (alla åldrar) som har vistelsetid maximalt 4 timmar på den somatiska akutmottagningen",
        "HS",
        ("MED",),
        "%",
        "Minst 60 %",
        "weighted",
    ),
    (
        "N13",
        "Andel patienter (80 år och äldre) som har vistelsetid maximalt 4 timmar på den somatiska akutmottagningen",
        "HS",
        ("MED",),
        "%",
        "Minst 80 %",
        "weighted",
    ),
    (
        "N14",
        "Utlokaliseringar / 100 vårdplatser",
        "HS",
        ("MED", "KIR"),
        "utlok/100 vpl",
        "Lägre än 1,75 utlok/100 vpl",
        "weighted",
    ),
    (
        "N15",
        "Medelväntetid för besvarade samtal, 1177 Vårdguiden på telefon",
        "HS",
        ("NV",),
        "minuter",
        "Kortare än 10 minuter",
        "mean",
    ),
    (
        "N16",
        "Andelen ambulansuppdrag där transport till akutmottagning inte sker.",
        "HS",
        ("NV",),
        "%",
        "Minst 41 %",
        "weighted",
    ),
    (
        "N17",
        "Kontinuitetsindex för alla patienter, senaste 18 månaderna, läkare",
        "HS",
        ("NV",),
        "index",
        "Minst 0,42",
        "mean",
    ),
    ("N18", "Hållbart SäkerhetsEngagemang (HSE), tandvård", "TV", ("NV",), "index", "Minst 4,07", "mean"),
    (
        "N19",
        "Andel barn 3-23 år som är listade i Folktandvården och som får en tid inom 3 månader.",
        "TV",
        ("NV",),
        "%",
        "100 %",
        "weighted",
    ),
    (
        "N20",
        "Antal timmar bokad tid för vuxna i Folktandvården",
        "TV",
        ("NV",),
        "tim i snitt/mån",
        "2 800 tim i snitt/mån (R12)",
        "sum",
    ),
    ("N21", "Andel bokad tid för vuxna i allmäntandvård", "TV", ("NV",), "%", "Minst 55 %", "weighted"),
]
ASSIGNMENTS = [
    ("HS", RF, "Tillhandahåll en säker vård, där vårdskador förebyggs."),
    ("HS", RF, "Upprätthåll en robust och säker läkemedelshantering samt tillse att läkemedel förskrivs restriktivt."),
    ("HS", RF, "Tillse att vård ges i rimlig tid."),
    ("HS", HSN, "Tillämpa Kloka Kliniska Val och därigenom öka kvalitet och välja bort verkningslös vård."),
    ("HS", RF, "Öka graden av personcentrering i vården."),
    (
        "HS",
        RF,
        "Tidigt stödja förändring av levnadsvanor och andra riskfaktorer för ohälsa, samt främja psykisk hälsa och uppmärksamma våldsutsatthet.",
    ),
    (
        "HS",
        RF,
        "Använd digitalisering som en integrerad del i verksamhetsutvecklingen för vårdens omställning, med särskilt fokus på att skapa mer tid för vård.",
    ),
    (
        "HS",
        RF,
        "Bedriv förbättringsarbete som utgår från kvalitetsresultat och i högre grad inkluderar patientmedverkan.",
    ),
    (
        "HS",
        HSN,
        "Identifiera och vidta åtgärder som minskar behov av slutenvård och (i relevanta verksamheter) särskilt fokusera på att minska oplanerad återinskrivning i slutenvård för invånare 65 år och äldre.",
    ),
    ("HS", RF, "Verka för ökad samisk kulturkompetens och att samers rättigheter är kända och implementeras."),
    ("TV", RF, "Tillhandahåll en säker tandvård, där vårdskador förebyggs."),
    ("TV", RF, "Verka för att såväl akut som förebyggande tandvård ges till både barn och vuxna."),
    (
        "TV",
        RF,
        "Tillhandahålla tandvård med hög kvalitet, där förbättringsarbete utifrån kvalitetsresultat ständigt pågår.",
    ),
    (
        "TV",
        RF,
        "Verka för att tandvården på lång sikt stärker sin roll som instans för hälsofrämjande insatser på individ- och samhällsnivå.",
    ),
    ("TV", HSN, "Upprätta en långsiktig planering för ST-tandläkare inom specialisttandvården"),
    ("TV", RF, "Verka för ökad samisk kulturkompetens och att samers rättigheter är kända och implementeras."),
    ("LS", RF, "Minska miljö- och klimatpåverkan."),
    (
        "LS",
        RF,
        "Upprätta åtgärdsplaner och arbeta enligt Långsiktig ekonomi i balans. Senast på fullmäktige i november 2024 ska regionstyrelsen och nämnder återredovisa åtgärdsplaner utifrån fastställd verksamhetsplan.",
    ),
    ("LS", RF, "Väva in effektiviseringar som en naturlig del i planerings-, budget- och uppföljningsarbetet."),
    (
        "LS",
        HSN,
        "Arbeta med friskfaktorer för att säkerställa en god arbetsmiljö, och som en del i detta implementera arbetssättet organisera in återhämtning i arbetsvardagen.",
    ),
    (
        "LS",
        HSN,
        "Verksamheten ska identifiera och verkställa ytterligare kostnadsminskande åtgärder med effekt 2025-2027.",
    ),
    (
        "LS",
        HSN,
        "Verksamheten ska inför samtliga beslut värdera kostnad mot nytta samt beskriva hur kostnaden ska inrymmas inom budgetram.",
    ),
    (
        "LS",
        HSN,
        "Verksamheten ska verkställa kostnadsminskningar genom effektiviserade vårdflöden i enlighet med åtgärdsplan till Långsiktiga plan för ekonomi i balans.",
    ),
    (
        "LS",
        HSN,
        "Verksamheten ska verkställa kostnadsminskningar genom minskad hyrbemanning i enlighet med åtgärdsplan till Långsiktiga plan för ekonomi i balans.",
    ),
    (
        "LS",
        HSN,
        "Verksamheten ska verkställa kostnadsminskningar genom minskning av köpt vård i enlighet med åtgärdsplan till Långsiktiga plan för ekonomi i balans.",
    ),
    (
        "LS",
        HSN,
        "Verksamheten ska verkställa åtgärder för ökade intäkter i enlighet med åtgärdsplan till Långsiktiga plan för ekonomi i balans.",
    ),
]
# Budgettramar per division 2025, mkr: EI, II, EK, AV, IK, netto (as printed)
FRAMES = {
    "HSD": ("6,3", "5,9", "-250,7", "0", "-1,3", "-239,8"),
    "MED": ("94,1", "274,3", "-1282,4", "-22,3", "-181,1", "-1117,4"),
    "KIR": ("111,1", "0", "-1147,3", "-0,6", "-154,2", "-1191,0"),
    "NV": ("238,5", "753,9", "-1366,5", "-14,7", "-221,3", "-610,1"),
}
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
        plan.key_figures.append(KeyFigure(kid, name, area, divisions, unit, text, parse_target(text), HSN, aggregation))
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
    for mid, name, description, consequence, effects, goals, divisions in MEASURES:
        plan.measures.append(
            Measure(
                mid,
                name,
                description,
                consequence,
                {y: _dec(e) for y, e in zip((2025, 2026, 2027), effects) if e is not None},  # type: ignore[misc]
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
    return plan
