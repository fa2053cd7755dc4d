"""Seed 002's goal tree and its 42 mätetal, målvärde exactly as printed.

The tree is strategi → insatsområde → resultatmål → mätetal; some mätetal sit
directly under an insatsområde (Ett friskare liv, Hög tillgänglighet och
kontinuitet, Digitalisering och nya arbetsmetoder, En ekonomi i balans).

What the seed leaves open, and what we chose:
- Numbering: the plan numbers nothing; ours is 1, 1.1, 1.1.1 in the plan's order.
- The 13 resultatmål: the plan says 13; the text names 13 goal sentences, and we read
  each as one (Effektiva inköp is a resultatmål under Utvecklad upphandling). The three
  läkemedel and våld resultatmål follow Hög tillgänglighet in the text without an
  insatsområde of their own; we put them under God och nära vård (effektivitet och kvalitet).
- Mätetal names: the printed text without markup and without the revision notes
  ("TILLÄGG", "Kompletterat med …"); målvärde as printed (24's is cut off in the seed).
- Which område reports which mätetal (the Divisioner column), their unit, frequency and
  aggregation are ours, read from the text ("Mäts centralt", "(okt)", "3-årsperiod",
  "mål för helår"). 1, 2 and 41 are measured centrally (Division "Nämnd").
"""

from __future__ import annotations

# Goal tree: id, name, parent, level, number
STRATEGI, INSATS, RESULTAT = "Strategi", "Insatsområde", "Resultatmål"
TREE = (
    ("S1", "Strategi för länets utveckling", "", STRATEGI, "1"),
    ("S1.1", "Regionalt ledarskap för tillväxt och utveckling", "S1", INSATS, "1.1"),
    (
        "S1.1.1",
        "Ökad robusthet i samhällsviktiga verksamheter för att klara störningar i till exempel försörjning av "
        "IT/telefoni, material, utrustning, el och vatten.",
        "S1.1",
        RESULTAT,
        "1.1.1",
    ),
    ("S1.2", "Utvecklingskraft i hela länet", "S1", INSATS, "1.2"),
    (
        "S1.2.1",
        "Minskad klimatpåverkan från regionens egna resor, interna transporter, användning av bränslen, energi "
        "och medicinska gaser",
        "S1.2",
        RESULTAT,
        "1.2.1",
    ),
    ("S1.3", "Ett friskare liv", "S1", INSATS, "1.3"),
    ("S1.3.1", "Diskriminering, trakasserier och kränkande behandling ska minska", "S1.3", RESULTAT, "1.3.1"),
    ("S1.3.2", "Minska förekomsten av övervikt och fetma hos barn och ungdomar", "S1.3", RESULTAT, "1.3.2"),
    ("S2", "Strategi för vård", "", STRATEGI, "2"),
    ("S2.1", "God och nära vård i hela Region Jämtland Härjedalen", "S2", INSATS, "2.1"),
    ("S2.1.1", "Regionens vård ska redovisa effektivitet och god kvalitet", "S2.1", RESULTAT, "2.1.1"),
    ("S2.1.2", "Samhällsekonomiskt och miljömässigt hållbar läkemedelsanvändning", "S2.1", RESULTAT, "2.1.2"),
    ("S2.1.3", "Effektiv och säker läkemedelsanvändning", "S2.1", RESULTAT, "2.1.3"),
    (
        "S2.1.4",
        "Hälso- och sjukvården ska uppmärksamma patienter som blivit utsatt för könsrelaterat våld, våld i nära "
        "relation, hedersrelaterat våld och förtryck.",
        "S2.1",
        RESULTAT,
        "2.1.4",
    ),
    ("S2.2", "Hög tillgänglighet och kontinuitet", "S2", INSATS, "2.2"),
    ("S2.3", "Digitalisering och nya arbetsmetoder", "S2", INSATS, "2.3"),
    ("S3", "Strategi för våra medarbetare", "", STRATEGI, "3"),
    ("S3.1", "Delaktighet och inflytande", "S3", INSATS, "3.1"),
    (
        "S3.1.1",
        "Medarbetarna ska vara delaktiga och ha inflytande över hur arbetet utförs och utvecklas",
        "S3.1",
        RESULTAT,
        "3.1.1",
    ),
    ("S3.2", "Utvecklande ledarskap", "S3", INSATS, "3.2"),
    (
        "S3.2.1",
        "Region Jämtland Härjedalen ska ha ett utvecklande ledarskap med fokus på stödjande, tillgängligt och "
        "coachande förhållningssätt.",
        "S3.2",
        RESULTAT,
        "3.2.1",
    ),
    ("S3.3", "Hälsofrämjande arbetsmiljö", "S3", INSATS, "3.3"),
    (
        "S3.3.1",
        "Arbetsmiljön inom Region Jämtland Härjedalen ska vara hälsofrämjande och bidra till ett hållbart arbetsliv",
        "S3.3",
        RESULTAT,
        "3.3.1",
    ),
    ("S4", "Strategi för ekonomi", "", STRATEGI, "4"),
    ("S4.1", "En ekonomi i balans", "S4", INSATS, "4.1"),
    ("S4.2", "Utvecklad upphandling och inköpsstyrning", "S4", INSATS, "4.2"),
    (
        "S4.2.1",
        "Material och produkter ska hanteras på ett sätt som minskar miljöpåverkan genom hushållning av resurser, "
        "minimering av skadliga ämnen, minimering av risker med kemikalier samt minskad klimatpåverkan.",
        "S4.2",
        RESULTAT,
        "4.2.1",
    ),
    ("S4.2.2", "Effektiva inköp", "S4.2", RESULTAT, "4.2.2"),
)
RESULTATMAL = 13

# Who reports (our choice, see the docstring)
ALL, CENTRAL = "Alla", "Nämnd"
SPEC = "BUM, BUV, HIM, HNR, KIR, KVI, ORT, PSY, OGO"  # specialiserad vård with waiting lists
WARDS = "AKU, BUM, HIM, HNR, KIR, KVI, ORT, PSY, OGO"  # områden with slutenvård
OPS = "AOI, KIR, KVI, ORT, OGO"  # områden that operate
MONTH, TERTIAL, DELAR, HELAR = "Månad", "Tertial", "Delår", "Helår"

# Mätetal: id, name, node, Divisioner, unit, målvärde as printed, Frekvens, Aggregering
KEY_FIGURES = (
    (
        "M01",
        "Minska regionens tjänsteresor och interna transporter inom alla verksamheter samt välja teknik och "
        "transportsätt, så att regionens klimatpåverkan från tjänsteresor och transporter minskar. Mål 2021: -10 % "
        "CO2 jämfört med 2018. (Mäts centralt, data finns att rekvirera tertiär och helår)",
        *("S1.2.1", CENTRAL, "%", "-10 %", "Centralt", "ej"),
    ),
    (
        "M02",
        "Minskad energianvändning, mål för helår. Ju högre minskning desto bättre, målet är att uppnå en "
        "energianvändning på högst 203,5 kWh/m2 - (Mäts på övergripande nivå - verksamheterna bidrar med aktiviteter)",
        *("S1.2.1", CENTRAL, "kWh/m2", "203,5", "Centralt", "ej"),
    ),
    (
        "M03",
        "Andel genomförda hälsosamtal för åldersgruppen 40,50,60,70 av de som tackat ja till erbjudande om samtal.",
        *("S1.3", "PV", "%", "100 %", TERTIAL, "medel"),
    ),
    (
        "M04",
        "Ökad andel medarbetare som upplever att det inte förekommer sexuella trakasserier eller andra trakasserier "
        "kopplade till diskrimineringsgrunderna på arbetsplatsen",
        *("S1.3.1", ALL, "%", "100 %", HELAR, "medel"),
    ),
    (
        "M05",
        "Antal enheter inom hälso- och sjukvården som deltagit i utbildningsomgångar (enligt diplomeringskoncept) "
        "inom normkritik och hbtq+.",
        *("S1.3.1", ALL, "antal", "4", DELAR, "summa"),
    ),
    ("M06", "Andel 4-åringar som har ett normalt IsoBMI. Ju högre desto bättre.", "S1.3.2", "PV", "%", "90 %", HELAR),
    (
        "M07",
        "Andel vårdtillfällen med oplanerade återinskrivningar inom 30 dagar ska minska. Alla åldrar",
        *("S2.1.1", WARDS, "%", "17", TERTIAL, "medel"),
    ),
    ("M08", "Andel områden med patientsäkerhets- och förbättringsteam", "S2.1.1", "PS", "%", "100 %", DELAR),
    ("M09", "Alla opanmälningar ska vara korrekta", "S2.1.1", OPS, "%", "100 %", TERTIAL),
    (
        "M10",
        "Andel implementerade Personcentrerade och sammanhållna vårdförlopp (PSV) av nationellt beslutade",
        *("S2.1.1", "HSD", "%", "100 %", DELAR),
    ),
    (
        "M11",
        "Andel barn och unga som får ett första besök inom område barn, unga vuxna, inom 30 dagar.",
        *("S2.2", "BUV", "%", "72 %", MONTH),
    ),
    (
        "M12",
        "Andel barn och unga som får en behandling eller fördjupad utredning inom 30 dagar.",
        *("S2.2", "BUV", "%", "72 %", MONTH),
    ),
    (
        "M13",
        "0 – Om en person söker primärvården, till exempel vårdcentralen eller sjukvårdsrådgivningen, så ska "
        "personen få kontakt med dem samma dag som du söker dem. (kan ändras beroende på vad vad överenskommelsen "
        "med staten säger)",
        *("S2.2", "PV", "%", "90 %", MONTH),
    ),
    (
        "M14",
        "3 – Om en person söker primärvården, så ska personen inom 3 dagar få en medicinsk bedömning av en läkare "
        "eller annan legitimerad hälso- och sjukvårdspersonal inom primärvården (kan ändras beroende på vilken "
        "överenskommelse det blir med staten)",
        *("S2.2", "PV", "%", "90 %", MONTH),
    ),
    (
        "M15",
        "90 – En patient ska som mest behöva vänta i 90 dagar, efter det att en remiss har gått iväg, på ett första "
        "besök i den specialiserade vården. (kan ändras beroende på vilken överenskommelse det blir med staten)",
        *("S2.2", SPEC, "%", "85 %", MONTH),
    ),
    (
        "M16",
        "90 – En patient ska inte behöva vänta i mer än 90 dagar på den behandling eller operation som ska utföras "
        "inom den specialiserade vården (kan ändras beroende på vilken överenskommelse det blir med staten)",
        *("S2.2", SPEC, "%", "85 %", MONTH),
    ),
    (
        "M17",
        "Andel av återbesöken inom den specialiserade vården som genomfördes inom det medicinska måldatumet",
        *("S2.2", SPEC, "%", "75 %", MONTH),
    ),
    ("M18", "Andel långtidsväntande besök >90 dagar ska minska", "S2.2", SPEC, "%", "25 %", MONTH),
    ("M19", "Andel långtidsväntande med genomförd behandling >90 dagar ska minska", "S2.2", SPEC, "%", "25 %", MONTH),
    (
        "M20",
        "Andel barn 3-23 år som är listade i Folktandvården och som får en tid inom 3 mån. Det får inte vara mer "
        "försening än 3 månader från det individuellt planerade datumet.",
        *("S2.2", "FTV", "%", "100 %", TERTIAL),
    ),
    ("M21", "Andel påbörjade behandlingar inom 90 dagar, Specialisttandvården", "S2.2", "FTV", "%", "50 %", TERTIAL),
    ("M22", "Under 2021 ska verksamheten kunna mäta kontinuitet", "S2.2", "HSD", "", "Genomfört ja/nej", HELAR),
    (
        "M23",
        "Minskad antibiotikaanvändning - minskad användning jämfört med föregående år. Nationellt mål <250 recept "
        "per 1000 invånare.",
        *("S2.1.2", "PV", "recept/1000 inv", "250", TERTIAL, "ej"),
    ),
    (
        "M24",
        "Kostnadsutveckling recept- och rekvisitionsläkemedel i nivå med nationell utveckling. (målvärde revideras "
        "månad för månad)",
        *("S2.1.2", "HSD", "%", 'Mäts mot nationell utveckling, dvs "Kostnadsutvecklingen (i procent, %)', MONTH),
    ),
    (
        "M25",
        "Minska definierad dygnsdos per 1000 invånare över 80 år av olämpliga läkemedel till äldre jämfört med 2020 "
        "(Utfall 2019: 18787 DDD/TIN)",
        *("S2.1.3", "PV, HIM", "DDD/TIN", "Lägre än 2020", HELAR),
    ),
    ("M26", "Andel inskickade narkotikakontroller enligt rutin till central funktion", "S2.1.3", WARDS, "%", "90 %"),
    (
        "M27",
        "Andel patienter inom grupperna BUP och vuxenpsykiatri, Kvinna, Långtidssjukskrivna och Akuten som fått "
        "frågan om våldsutsatthet.",
        *("S2.1.4", "PSY, BUV, KVI, AKU, PV", "%", "100 %", TERTIAL),
    ),
    (
        "M28",
        "Antal patienter med digitalt egenvårdsstöd ska öka (jmf 2020)",
        *("S2.3", ALL, "antal", "1 600", TERTIAL, "summa"),
    ),
    ("M29", "Antal öppnade webbtidböcker ska öka.", "S2.3", ALL, "antal", "20", TERTIAL, "summa"),
    (
        "M30",
        "Antal distansbesök i specialiserad vård (hembesök, video, telefon) ska öka jämfört med 2020 Utfall 2020: "
        "25 400 (exkl. telefonrecept)",
        *("S2.3", SPEC, "antal", "30 000", TERTIAL, "summa"),
    ),
    (
        "M31",
        "Antal distansbesök i primärvården (hembesök, video, telefon) ska öka jämfört med 2020 Utfall 2020: 29 500 "
        "(exkl. telefonrecept)",
        *("S2.3", "PV", "antal", "35 000", TERTIAL, "summa"),
    ),
    (
        "M32",
        "Medarbetarnas upplevelse av hur de kan påverka hur arbetet organiseras på sin arbetsplats. Mätning över "
        "3-årsperiod. Resultat över nuvarande medelvärde.",
        *("S3.1.1", ALL, "index", "4", "Treårsperiod"),
    ),
    ("M33", 'Arbetsmiljöenkät: "Index hälsofrämjande arbetsplats"', "S3.3.1", ALL, "index", "4,65", HELAR),
    ("M34", "Sjukfrånvaron ska vara lägre än utsatt målvärde", "S3.3.1", ALL, "%", "4,6 %", MONTH),
    (
        "M35",
        "Medarbetarenkät: På min arbetsplats upplever jag att vi tar tag i samarbetsproblem och konflikter då de "
        "uppstår 4,5 (okt)",
        *("S3.3.1", ALL, "index", "4,5", "Årligen (okt)"),
    ),
    (
        "M36",
        "För minst (90 %) av de kemiska produkter som hanteras i verksamheterna ska riskbedömningar vara slutförda "
        "och signerade under året i regionens kemikaliehanteringssystem.",
        *("S3.3.1", ALL, "%", "90", HELAR),
    ),
    ("M37", "Bruttokostnadsutveckling", "S4.1", ALL, "%", "-0,7 %", MONTH),
    (
        "M38",
        "Minska andelen inhyrda sjuksköterskor av totala personalkostnaden för sjuksköterskor",
        *("S4.1", ALL, "%", "2 %", MONTH),
    ),
    ("M39", "Minska andelen inhyrda läkare av totala personalkostnaden för läkare", "S4.1", ALL, "%", "14 %", MONTH),
    ("M40", "Andel avfall som går till materialåtervinning ska vara hög, minst 41%", "S4.2.1", ALL, "%", "41 %"),
    (
        "M41",
        "Regionens totala avfallsmängd ska inte öka jämfört med 2018 (867 ton2018). Mäts på övergripande nivå.",
        *("S4.2.1", CENTRAL, "ton", "867", "Centralt", "ej"),
    ),
    ("M42", "Leverantörstrohet", "S4.2.2", ALL, "%", "95 %", TERTIAL),
)
DEFAULTS = ("", "medel")  # Frekvens (every period) and Aggregering for rows that stop early


def key_figure_rows() -> list[tuple[str, ...]]:
    """Every mätetal with all eight fields (the short rows take DEFAULTS)."""
    return [row + DEFAULTS[len(row) - 6 :] for row in KEY_FIGURES]
