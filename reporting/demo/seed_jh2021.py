"""Seed 002: Hälso- och sjukvårdsnämnden, Region Jämtland Härjedalen, Verksamhetsplan 2021 (HSN/1071/2020).

The seed's economy and calendar as printed: the 16 områden's budget table (tkr, with
its subtotal columns and TOTALT), the nämnd's budget table (mkr, 2020 and 2021), the
förtroendevalda table (tkr), the investment ram (tkr) and the sammanträdesplan's
månadsrapporter. Its goal tree and 42 mätetal are in ``seed_jh2021_goals``.

What the seed leaves open, and what we chose:
- Divisions: the 16 områden of the area table are the divisions (ids ours, names
  without the PDF's hyphenation: "Folk-tand-vård" is Folktandvård).
- Account groups: the area table's seven plus Inhyrd personal (5550–5553), which only
  the nämnd table has (2020: −78,6 mkr; 2021 blank: folded into Personal). Eight groups,
  ids ours; the areas' Inhyrd personal is 0.
- 2020 has no area split: it is a frame at nämnd level (Division "Nämnd"), converted from
  the nämnd table's mkr to the plan's tkr. The förtroendevalda table is the region's frame
  for its elected bodies (fullmäktige, regionstyrelse, nämnder), outside the nämnd's
  −2 729,3 mkr; it is kept here as printed and not written as a frame.
- Investments: the seed gives only the two ram totals (HS totalt), no objects.
- The seed has no åtgärdsplan table, no uppdrag list, no financial-goal table (its
  Bruttokostnadsutveckling and Leverantörstrohet are mätetal) and no internkontroll points.
- Periods: the seven månadsrapporter of the sammanträdesplan ("Månadsrapport per maj och
  juni" on 22 September is read as June: May was reported on 16 June), the tertial report
  per april and the delårsbokslut per augusti; the årsbokslut 2021 is ours (the seed
  treats 2020's in March). Deadlines are ours: 14 days before the meeting.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

BOARD = "Hälso- och sjukvårdsnämnden"
REGION = "Region Jämtland Härjedalen"
DNR = "HSN/1071/2020"
YEAR = 2021
UNIT = "tkr"

# Kontogrupper: id, name, Typ, Extern/intern, Konton (as printed), Delsumma
GROUPS = (
    ("EI", "Externa intäkter", "Intäkt", "Extern", "30-39", "Summa intäktsbudget"),
    ("II", "Interna intäkter", "Intäkt", "Intern", "30-39", "Summa intäktsbudget"),
    ("PE", "Personal", "Kostnad", "Extern", "40-45", "Summa kostnadsbudget"),
    ("IP", "Inhyrd personal", "Kostnad", "Extern", "5550-5553", "Summa kostnadsbudget"),
    ("LM", "Läkemedel", "Kostnad", "Extern", "5600-5619", "Summa kostnadsbudget"),
    (
        "OE",
        "Övriga externa omkostnader",
        "Kostnad",
        "Extern",
        "46-78, exkl. 5550-5553, 5600-5619",
        "Summa kostnadsbudget",
    ),
    ("AV", "Avskrivningar", "Avskrivning", "Extern", "79-89", "Summa kostnadsbudget"),
    ("IK", "Interna kostnader", "Kostnad", "Intern", "40-89", "Summa kostnadsbudget"),
)

# "Budgetramar per område inom förvaltningsområde hälso- och sjukvård", tkr, cells as printed:
# område, Externa intäkter, Interna intäkter, Summa intäktsbudget, Personalkostnader, Läkemedel,
# Övriga externa omkostnader, Avskrivningskostnader, Interna kostnader, Summa kostnadsbudget,
# SUMMA NETTOBUDGET
AREA_COLUMNS = ("EI", "II", "Summa intäktsbudget", "PE", "LM", "OE", "AV", "IK", "Summa kostnadsbudget", "Netto")
AREAS = (
    ("AKU", "Akutvård", "44437", "0", "44437", "-147056", "-1523", "-23866", "-8007", "-4903", "-185355", "-140918"),
    (
        "AOI",
        "Anestesi operation IVA",
        *("18668", "0", "18668", "-145125", "-7409", "-53573", "-6134", "-10341", "-222582", "-203914"),
    ),
    (
        "BUM",
        "Barn- och ungdomsmedicin",
        *("11298", "0", "11298", "-76938", "-7743", "-33517", "-1017", "-9256", "-128471", "-117173"),
    ),
    (
        "BUV",
        "Barn och unga vuxna",
        *("14715", "101", "14816", "-94503", "-225", "-12998", "-174", "-9416", "-117316", "-102500"),
    ),
    (
        "DT",
        "Diagnostik och teknik",
        *("12 606", "218 407", "231013", "-125 700", "-4 600", "-63 585", "-17 109", "-5 386", "-216 380", "14 633"),
    ),
    (
        "FTV",
        "Folktandvård",
        *("70 314", "100 467", "170781", "-107 499", "-2 000", "-32 959", "-2 620", "-68 722", "-213 800", "-43 019"),
    ),
    (
        "HIM",
        "Hud, infektion och medicin",
        *("15 610", "0", "15610", "-216 362", "-136 781", "-60 055", "-684", "-87 760", "-501 642", "-486 032"),
    ),
    (
        "HNR",
        "Hjärta, neurologi och rehab",
        *("20 510", "0", "20510", "-157 770", "-89 945", "-65 661", "-2 852", "-32 691", "-348 919", "-328 409"),
    ),
    (
        "KIR",
        "Kirurgi",
        *("21 893", "825", "22718", "-149 629", "-45 040", "-83 173", "-2 830", "-59 924", "-340 596", "-317 878"),
    ),
    ("KVI", "Kvinna", "7807", "0", "7807", "-72599", "-6165", "-14797", "-1105", "-8298", "-102 964", "-95 157"),
    (
        "ORT",
        "Ortopedi",
        *("23 014", "0", "23014", "-114 288", "-2 263", "-74 370", "-595", "-24 647", "-216 163", "-193 149"),
    ),
    ("PS", "Patientsäkerhet", "180", "0", "180", "-9 205", "0", "-1 654", "0", "0", "-10 859", "-10 679"),
    (
        "PV",
        "Primärvård",
        *("114879", "635174", "750053", "-452930", "-153732", "-40537", "-3025", "-142049", "-792273", "-42220"),
    ),
    (
        "PSY",
        "Psykiatri",
        *("7 788", "0", "7788", "-165 176", "-22 770", "-25 801", "-92", "-6 522", "-220 361", "-212 573"),
    ),
    (
        "OGO",
        "Ögon och öron",
        *("8 717", "0", "8717", "-75 246", "-15 760", "-38 442", "-1 738", "-5 054", "-136 240", "-127 523"),
    ),
    (
        "HSD",
        "Hälso- och sjukvårdsdirektör",
        *("1 600", "8 895", "10495", "-84 701", "-8 049", "-238 708", "-20", "-1 806", "-333 284", "-322 789"),
    ),
)
AREA_TOTAL = (
    "TOTALT",
    *("394 036", "963 869", "1 357 905", "-2 194 727", "-504 005", "-863 696", "-48 002", "-476 775", "-4 087 205"),
    "-2 729 300",
)

# "Budgetram för Hälso- och sjukvårdsnämnden", mkr: row, group id (or subtotal), Budget 2020, Budget 2021
NAMND = (
    ("Externa intäkter (30-39)", "EI", "394,2", "394,0"),
    ("Interna intäkter (30-39)", "II", "949,3", "963,9"),
    ("Summa Intäktsbudget", "Summa intäktsbudget", "1343,5", "1357,9"),
    ("Personalbudget (40-45)", "PE", "-1956,5", "-2194,7"),
    ("Inhyrd personal (5550-5553)", "IP", "-78,6", ""),
    ("Läkemedel (5600-5619)", "LM", "-461,5", "-504,0"),
    ("Övriga externa omkostnader (46-78, exkl. 5550-5553, 5600-5619)", "OE", "-954,6", "-863,7"),
    ("Avskrivningskostnader (79-89)", "AV", "-40,3", "-48,0"),
    ("Interna kostnader (40-89)", "IK", "-480,9", "-476,8"),
    ("Summa kostnadsbudget", "Summa kostnadsbudget", "-3972,4", "-4087,2"),
    ("Total nettobudgetram enligt regionplan 2021-2023", "Netto", "-2628,9", "-2729,3"),
)
NAMND_YEARS = (2020, 2021)

# "Budgetram Förtroendevalda", tkr: Budget 2020, Budget 2021
ELECTED = (
    ("Fullmäktige", "-17 009", "-17 332"),
    ("Regionstyrelse", "-4 035", "-4 112"),
    ("Hälsa- och sjukvårdsnämnd", "-2 983", "-3 040"),
    ("Regional utvecklingsnämnd", "-3 273", "-3 335"),
)
ELECTED_TOTAL = ("Totalt , tkr", "-27 300", "-27 819")

# "Planerade investeringar", tkr: Område, Benämning/objekt, Ny- eller reinvestering, Belopp
INVESTMENT_RAM = (
    ("HS totalt", "", "Reinvestering", "55810"),
    ("HS totalt", "", "Nyinvestering", "6050"),
)

# The sammanträdesplan's reports: meeting date, the text as printed, period (plan-format word), Benämning
MEETINGS = (
    (date(2021, 2, 24), "Månadsrapport per januari och information om prel. Årsbokslut", "M01"),
    (date(2021, 3, 31), "Månadsrapport februari", "M02"),
    (date(2021, 4, 21), "Månadsrapport per mars", "M03"),
    (date(2021, 5, 19), "Tertialrapport per april", "T1"),
    (date(2021, 6, 16), "Månadsrapport maj", "M05"),
    (date(2021, 9, 22), "Månadsrapport per maj och juni", "M06"),
    (date(2021, 9, 22), "Delårsbokslut augusti 2021", "Delår"),
    (date(2021, 11, 24), "Månadsrapport per oktober", "M10"),
    (date(2021, 12, 15), "Månadsrapport per november", "M11"),
    (date(2022, 2, 23), "Årsbokslut 2021", "Helår"),  # ours: the seed's calendar ends in December
)
MONTHLY_REPORTS = 7
DEADLINE_BEFORE = timedelta(days=14)
RUNS = ("2021-M03", "2021-delar")  # Månadsrapport per mars and Delår 2021


def amount(text: str) -> Decimal | None:
    """A printed amount ("-2 729 300", "394,2") as a Decimal; None for an empty cell."""
    clean = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    return Decimal(clean) if clean else None


def periods() -> list[tuple[str, str, date]]:
    """The Perioder sheet: period word, Benämning, Sista inlämningsdag."""
    return [(kind, text, meeting - DEADLINE_BEFORE) for meeting, text, kind in MEETINGS]
