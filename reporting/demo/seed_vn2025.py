"""Seed 003: Hälso- och sjukvårdsnämnden, Region Västernorrland, Verksamhetsplan 2025 (2026–2027).

The seed's tables and lists as printed: målområde → mål → uppdrag from the nämnd to the
förvaltning, the nämnd's own intentions ("Under planperioden avser nämnden"), the
ekonomisk ram (mnkr) with utgångspunkt, handlingsplan and underskott per year, the
ekonomisk handlingsplan per åtgärdsområde, the satsningar and the economic goals.

What the seed leaves open, and what we chose:
- Organisation: the seed has one förvaltning and no divisions. For the demo the förvaltning
  reports in five parts named by the seed's own text: Primärvård ("navet", Primärvård
  Västra), Specialiserad vård (the hospitals, "utredning sjukhusstruktur"), Barn och unga
  ("En väg in", BUP, barn- och ungdomsentrén), Tandvård (allmän- och specialisttandvård,
  friskhuset) and Förvaltningsledning (kunskapsstyrning, patientsäkerhet, civil beredskap,
  kompetensförsörjning). Every uppdrag to the förvaltning goes to the part the text points at.
- The net frame per year is the seed's; its split over the five parts (FRAME_SPLIT) is ours,
  adding up to the printed frame exactly. 2024's frame (6 653) has no split: nämnd level.
- The seed has no indicator table. Its key figures with a målvärde are in the text: kostnad
  per DRG-poäng (högst 7,5 % över riket, senast 2027) and listade patienter per
  allmänspecialist (1 100). The monthly follow-up's other items (bemanning incl. inhyrd
  personal, köpt vård, egen produktion) have no målvärde and the plan format asks one of
  every key figure, so they are not key figures here.
- Financial goals: primärvårdens ram +10 % and ekonomi i balans at the end of 2027, with
  the year's planned result as that year's target.
- Handlingsplan rows: Typ, Start and Slut are ours (recurring, 2025 to the last year with an
  effect); Besparingskrav is the "Uppdrag" row. The rows add up to more than the Uppdrag
  (SUMMA 240 against 225 in 2025): the nämnd planned more on purpose ("Avvikelse").
- Periods: the seed asks for a monthly follow-up in 2025 plus delår and årsrapport; which
  months, the tertial per april and all deadlines are ours.
- No diarienummer (the seed has none); amounts in mkr (the seed's "mnkr"). Three uppdrag
  are printed with Cyrillic letters in "utarbeta"; written here in Latin letters.
"""

from __future__ import annotations

from datetime import date

BOARD = "Hälso- och sjukvårdsnämnden"
REGION = "Region Västernorrland"
YEAR = 2025
UNIT = "mkr"

# Our split of the förvaltning (see the docstring): id, name
DIVISIONS = (
    ("PV", "Primärvård"),
    ("SV", "Specialiserad vård"),
    ("BU", "Barn och unga"),
    ("TV", "Tandvård"),
    ("FL", "Förvaltningsledning"),
)
ALL = "Alla"

# Goal tree: id, name, parent, level, number (the plan's section numbers)
TREE = (
    ("MO1", "Ett attraktivt Västernorrland med hållbar utveckling", "", "Målområde", "3.1"),
    ("M1.1", "Vi agerar som en sammanhållande kraft för en hållbar samhällsutveckling", "MO1", "Mål", "3.1.1"),
    ("M1.2", "Vi främjar förutsättningarna för god och jämlik folkhälsa i Västernorrland", "MO1", "Mål", "3.1.2"),
    ("MO2", "Region Västernorrland utvecklar arbetet för en god, jämlik och nära vård", "", "Målområde", "3.2"),
    ("M2.1", "Vi erbjuder vård som utgår från individens behov och är tillgänglig", "MO2", "Mål", "3.2.1"),
    (
        "M2.2",
        "Vi bedriver kunskapsbaserad, trygg och säker hälso- och sjukvård samt tandvård",
        *("MO2", "Mål", "3.2.2"),
    ),
    ("MO3", "Vi skapar mervärde för befolkningen genom vår verksamhet", "", "Målområde", "3.3"),
    ("M3.1", "Vi erbjuder attraktiva arbetsplatser för medarbetare och chefer", "MO3", "Mål", "3.3.1"),
    ("M3.2", "Vi främjar samarbete, innovation och utveckling", "MO3", "Mål", "3.3.2"),
    ("EK", "Ekonomiska mål", "", "Målområde", "4.1"),
)

# "Under planperioden avser nämnden": node, text (the nämnd's own intentions, Divisioner "Nämnd")
INTENTIONS = (
    ("M1.1", "att fortsatt fördjupa samarbetet genom Hälsam och Norra sjukvårdsregionen."),
    (
        "M1.1",
        "att tillsammans med Hälsam upprätta en gemensam färdplan för att uppnå en god och nära vård samt "
        "strategier för barn och unga, vuxna och äldre.",
    ),
    ("M2.1", "att utveckla samarbetet med civilsamhället så att vi tillsammans skapar mervärde för invånarna."),
    ("M2.1", "att stärka Primärvården som nav för en utveckling mot en God och nära vård med primärvården som bas."),
    (
        "M3.2",
        "verka för förenklad styrning och modell samarbete med vårdvalsutskottet som syftar till att prioritera "
        "resurserna till patienten med störst vårdbehov.",
    ),
)

# "Uppdraget från nämnden till förvaltningen": node, text, Divisioner (ours)
ASSIGNMENTS = (
    (
        "M1.2",
        "att stärka profilen och inriktning för den fortsatta utvecklingen genom att fastställa och verka enligt den "
        "gemensamma strategin tillsammans med den regionala utvecklingsförvaltningen och länets kommuner.",
        "FL",
    ),
    (
        "M2.1",
        "att uppnå en sammanhållen hälso- och sjukvårdsorganisation där primärvården ska vara navet i hälso- och "
        "sjukvården, och med befolkningens behov som utgångspunkt skapa flexibla lösningar för att möta "
        "omställningen mot God och Nära vård.",
        "PV, SV",
    ),
    (
        "M2.1",
        "att en personcentrerad och sammanhållen vård drivs effektivt och i syfte att öka tillgängligheten. Härmed "
        "tryggas invånarnas behov av hälso- och sjukvård och i förlängningen en god och jämlik hälsa.",
        "PV, SV, BU",
    ),
    ("M2.1", "att införa 'En väg in' för barn och unga med psykisk ohälsa.", "BU"),
    (
        "M2.1",
        "att fortsätta stärka flexibla insatser som stärker barn och ungas tandhälsa genom friskhuset och samtidigt "
        "prioritera vuxna med behov av tandvård.",
        "TV",
    ),
    (
        "M2.1",
        "att fastställa och verka enligt en förvaltningsspecifik strategi för samhällsviktig verksamhet i kris och i "
        "krig.",
        "FL",
    ),
    ("M2.2", "att Kunskapsstyrningen integreras än mer i linjeorganisationens verksamhetsutveckling.", ALL),
    ("M2.2", "utarbeta lednings- och styrningsprinciper samt strukturer för egenkontroll.", "FL"),
    ("M2.2", "verkställa strategin utredningar och riskanalyser.", "FL"),
    ("M2.2", "utarbeta en omvårdnadsstrategi.", "SV"),
    ("M2.2", "utarbeta en handlingsplan för arbetet med vårdrelaterade infektioner.", "SV"),
    (
        "M3.1",
        "att erbjuda och skapa goda förutsättningar för utvecklings- och karriärmöjligheter samt en lärande miljö med "
        "möjlighet till kontinuerlig kompetensutveckling, forskning och utbildning både på egen hand och i samverkan "
        "med andra, inte minst akademien och andra lärosäten.",
        ALL,
    ),
    (
        "M3.1",
        "att uppdra till förvaltningen att tillsammans med vårdval arbeta fram en gemensam åtgärdsplan för att "
        "realisera riktvärdet antalet listade patienter per allmänspecialist i primärvården.",
        "PV",
    ),
    (
        "M3.1",
        "att stärka en långsiktig kompetensförsörjning med stöd av den redan politiskt beslutade satsningen "
        '"Kompetensförsörjningspaket" som pågår under åren 2024-2026',
        ALL,
    ),
    (
        "M3.2",
        "att verka för ny teknik och lösningar som ger invånaren tillgång till sin egen hälsoinformation via "
        "digitala tjänster.",
        "FL",
    ),
    ("M3.2", "att främja en hållbar utveckling och god organisationskultur.", ALL),
    (
        "EK",
        "att bedriva kostnadseffektiva verksamheter som optimeras och prioriteras utifrån tilldelad totalkostnadsram.",
        ALL,
    ),
    ("EK", "att beslut fattas på underlag med finansiering och konsekvensbeskrivning.", ALL),
    (
        "EK",
        "att ekonomiska resurser för nya behov och strategiska satsningar måste tillgodoses genom effektiviseringar "
        "och omfördelning av befintliga medel.",
        ALL,
    ),
    (
        "EK",
        "att styra verksamhetens omfattning till att klara kostnad per DRG poäng vid periodens slut att uppgå till "
        "högst 7,5 procent över snittet i riket för jämförbara sjukhus",
        "SV",
    ),
)

# Key figures: id, name, node, Divisioner, unit, målvärde, Frekvens, Aggregering
KEY_FIGURES = (
    (
        "N1",
        "Kostnad per DRG-poäng jämfört med snittet i riket för jämförbara sjukhus",
        *("EK", "SV", "%", "högst 7,5 procent över snittet i riket för jämförbara sjukhus senast 2027", "Helår", "ej"),
    ),
    (
        "N2",
        "Minska antalet listade patienter per allmänspecialist i primärvården",
        *("M3.1", "PV", "antal", "1100", "Tertial", "medel"),
    ),
    # The monthly follow-up the nämnd asks for (§ "månadsvis uppföljning"): bemanning incl. inhyrd personal,
    # egen produktion and köpt vård. The seed sets no målvärde: they are followed ("Följs upp"), every month.
    ("B1", "Bemanning, antal årsarbetare", *("M3.1", "Alla", "antal", "Följs upp", "Månad", "summa")),
    ("B2", "Inhyrd personal, kostnad ackumulerat", *("M3.1", "Alla", "mkr", "Följs upp", "Månad", "summa")),
    ("B3", "Egen produktion, vårdtillfällen och besök", *("M2.1", "Alla", "antal", "Följs upp", "Månad", "summa")),
    ("B4", "Köpt risk- och regionsjukvård, kostnad ackumulerat", *("M2.1", "SV", "mkr", "Följs upp", "Månad", "ej")),
)

# Financial goals: id, name, målvärde, targets per year (the planned result)
FINANCIAL_GOALS: tuple[tuple[str, str, str, dict[int, str]], ...] = (
    ("F1", "Den ekonomiska ramen för primärvården ska öka", "Minst 10 %", {}),
    (
        "F2",
        "Ekonomin är i balans vid utgången av 2027 (resultat mot ram, mnkr)",
        "Minst 0 senast 2027",
        {2025: "Minst -345", 2026: "Minst -95", 2027: "Minst 0"},
    ),
)

# "Ekonomisk ram", belopp mnkr: Ram 2024, Ram 2025, Ram 2026, Ram 2027 (cells as printed)
FRAME_YEARS = (2024, 2025, 2026, 2027)
FRAME = ("Ekonomisk ram HSN", "6 653", "6 894", "6 999", "7 217")
START = ("Utgångspunkt/resultat", "-600", "-570", "-345", "-95")
ACTIONS = ("Åtgärder handlingsplan", "30", "225", "250", "95")
DEFICIT = ("Underskott", "-570", "-345", "-95", "0")

# Our split of the net frame over the parts, mkr of cost per year (adds up to FRAME exactly)
FRAME_SPLIT = {
    2025: {"PV": "1450", "SV": "4250", "BU": "380", "TV": "420", "FL": "394"},
    2026: {"PV": "1482", "SV": "4300", "BU": "375", "TV": "430", "FL": "412"},
    2027: {"PV": "1500", "SV": "4450", "BU": "370", "TV": "445", "FL": "452"},
}

# "Ekonomisk handlingsplan – Åtgärdsområden", mnkr: Budget 2025, 2026, 2027, 2025-2027 (as printed)
MEASURE_YEARS = (2025, 2026, 2027)
MEASURES = (
    ("Hyroberonde vård", "70", "50", "30", "150"),
    ("Effektivare bemanningsplanering", "20", "40", "40", "100"),
    ("Strukturförändringar inkl utredning sjukhusstruktur", "25", "65", "85", "175"),
    ("Läkemedel", "25", "25", "25", "75"),
    ("Effektivare administration", "15", "", "", "15"),
    ("Köpt vård", "50", "30", "15", "95"),
    ("Smarta Inköp", "35", "25", "20", "80"),
)
# The table's last rows (SUMMA, Uppdrag, Avvikelse), without their labels (the template spells those words)
MEASURE_SUM = ("240", "235", "215", "690")
MEASURE_TASK = ("225", "250", "95", "570")
MEASURE_GAP = ("15", "-15", "120", "120")
MEASURE_DIVISIONS = (ALL, ALL, "SV", "PV, SV", "FL", "SV, BU", ALL)  # ours

# "Pågående och tillkommande satsningar, miljoner kronor": 2024, 2025, 2026, 2027 (as printed)
INVESTMENT_YEARS = (2024, 2025, 2026, 2027)
SATSNINGAR = (
    ("Minskat antal listade per läkare i Primärvården/Primärvårdssatsning", "-15", "-40", "-72", "-73"),
    ("Särskild satsning Primärvård Västra (Statsbidrag)", "-12", "-15", "-16", "-17"),
    ("BUP-förflyttning barn och ungdomsentrén tillfällig satsning", "-18", "-15", "-10", "-5"),
    ("Färre medarbetare per chef*", "-5", "-15", "-30", "-50"),
)
SATSNING_DIVISIONS = ("PV", "PV", "BU", ALL)  # ours
# "Inom ram": the fourth is outside the nämnd's budget (footnote *: "Rekvireras enligt rutin via
# Regionledningsförvaltningen, ingår inte i Hälso- och sjukvårdsnämndens budget")
SATSNING_WITHIN_FRAME = ("", "", "", "Nej")

# Periods: word, Benämning, Sista inlämningsdag (ours; the seed asks for a monthly follow-up in 2025)
PERIODS = (
    ("M01", "Månadsuppföljning januari", date(2025, 2, 10)),
    ("M02", "Månadsuppföljning februari", date(2025, 3, 10)),
    ("M03", "Månadsuppföljning mars", date(2025, 4, 10)),
    ("T1", "Tertialuppföljning per april", date(2025, 5, 9)),
    ("M05", "Månadsuppföljning maj", date(2025, 6, 10)),
    ("M06", "Månadsuppföljning juni", date(2025, 7, 10)),
    ("Delår", "Delårsrapport januari–augusti", date(2025, 9, 10)),
    ("M09", "Månadsuppföljning september", date(2025, 10, 10)),
    ("M10", "Månadsuppföljning oktober", date(2025, 11, 10)),
    ("M11", "Månadsuppföljning november", date(2025, 12, 10)),
    ("Helår", "Årsrapport", date(2026, 1, 23)),
)
RUNS = ("2025-M03", "2025-T1")
