"""The rules the toolkit applies, declared once: each a stable id with a Swedish title, a category and a message
template (``Rule``), and the category a rule belongs to (``Category``). ``reporting.findings`` makes findings of them
and is where they are imported from (``from reporting.findings import Rule``)."""

from __future__ import annotations

from enum import Enum
from typing import Any

OPTIONAL_FIELDS = {"note": "", "planned": "", "parts": "", "archived": "", "column": "", "read": ""}
NUMBER_ADVICE = {"how": "", "example": "88,5"}  # not-a-number's, for a key figure


class Category(str, Enum):
    """What a rule is about; the feedback and the report group findings by it."""

    FILE = "fil"
    IDENTITY = "identitet"
    STRUCTURE = "struktur"
    CONTENT = "innehåll"
    BUDGET = "budget"
    PLAN = "plan"


# The end of an earlier period's file's message: whether the archive holds it for its own period (only then may it
# be removed from the inbox), does not (it has not been counted there yet), or is not at hand (a check outside the
# workspace). Fields: {found} the file's period in words, {key} its key ("2025-helar").
EARLIER_LEFT = {
    "archived": "Filen finns i arkivet för {found} och kan tas bort från inkorgen.",
    "not counted": "Filen finns inte i arkivet och har inte räknats in för {found} ännu: kör reporting consolidate "
    "--period {key}.",
    "unknown": "Lämnades filen in för {found}, räknas den in när ekonomienheten konsoliderar {found}.",
}


class Rule(str, Enum):
    """Every rule the toolkit applies. The value is the stable id written in outputs and logs."""

    heading: str
    category: Category
    template: str

    def __new__(cls, rule_id: str, heading: str, category: Category, template: str) -> Rule:
        member = str.__new__(cls, rule_id)
        member._value_ = rule_id
        member.heading = heading
        member.category = category
        member.template = template
        return member

    REQUIRED_MISSING = (
        "required-missing",
        "Obligatoriskt värde saknas",
        Category.CONTENT,
        "{what} saknas{column} för {item}{note}.",
    )
    NOT_A_NUMBER = (
        "not-a-number",
        "Inte ett tal",
        Category.CONTENT,
        "{value} är inte ett tal. Skriv ett tal{how}, t.ex. {example}.",
    )
    OUT_OF_RANGE = ("out-of-range", "Värde utanför tillåtet intervall", Category.CONTENT, "{what} {problem}.")
    STATUS_INVALID = (
        "status-invalid",
        "Status finns inte i listan",
        Category.CONTENT,
        '"{value}" finns inte i listan{read}. Välj ett av: {allowed}.',
    )
    NETTO_MISMATCH = (
        "netto-mismatch",
        "Netto stämmer inte med delarna",
        Category.CONTENT,
        "Netto {stored} {unit} stämmer inte med summan av kontogrupperna {total} {unit}. Formeln i nettoraden har "
        "troligen skrivits över: hämta en ny mall från ekonomienheten och för över siffrorna.",
    )
    ROW_IN_NETTO = (
        "row-in-netto",
        "Egen rad räknas in i Netto",
        Category.STRUCTURE,
        "Raden saknar id, men {value} {unit} här räknas in i Netto: i den här äldre mallen summerar nettoformeln "
        "alla rader mellan kontogrupperna. Ta bort raden, eller skriv delen i kommentaren på kontogruppens rad "
        '(t.ex. "varav hyrpersonal 1,2 {unit}").',
    )
    FORECAST_NO_COMMENT = (
        "forecast-no-comment",
        "Prognosavvikelse utan kommentar",
        Category.CONTENT,
        "Helårsprognosen för {group} är {deviation} {unit} {direction} budget; förklara avvikelsen i kommentaren.",
    )
    TARGET_MISSED_NO_ANALYSIS = (
        "target-missed-no-analysis",
        "Mål ej uppfyllt utan analys",
        Category.CONTENT,
        "{what} för {item} ({target}); {ask}.",
    )
    STRUCTURE_CHANGED = ("structure-changed", "Mallens struktur har ändrats", Category.STRUCTURE, "{problem}. {fix}.")
    NUMBER_AS_TEXT = (
        "number-as-text",
        "Tal skrivet som text",
        Category.CONTENT,
        "Talet {value} är skrivet som text; Excel räknar inte med det i summor. Skriv om det som ett tal.",
    )
    FORMULA_NO_CACHE = (
        "formula-no-cache",
        "Formel utan beräknat värde",
        Category.CONTENT,
        "Formeln {formula} saknar beräknat värde. Öppna filen i Excel eller LibreOffice, låt den räkna om och spara.",
    )
    FILE_UNREADABLE = ("file-unreadable", "Filen kan inte läsas", Category.FILE, "{problem}")
    FILE_HOSTILE = ("file-hostile", "Filen avvisas av säkerhetsskäl", Category.FILE, "{problem}")
    MACROS = ("macros", "Filen innehåller makron", Category.FILE, "{problem}")
    NOT_A_TEMPLATE = ("not-a-template", "Filen är ingen rapportmall", Category.IDENTITY, "{problem}")
    TEMPLATE_VERSION = (
        "template-version",
        "Gammal mallversion",
        Category.IDENTITY,
        "Mallversion {found} är gammal; aktuell version är {current}. Hämta periodens nya mall (ekonomienheten skickar den) "
        "och för över siffrorna till den.",
    )
    WRONG_PERIOD = (
        "wrong-period",
        "Fel period",
        Category.IDENTITY,
        "Filen gäller {found} men {expected} konsolideras. Använd mallen för rätt period.",
    )
    EARLIER_PERIOD = (
        "earlier-period",
        "Fil från en tidigare period",
        Category.IDENTITY,
        "Filen gäller {found}, en tidigare period än {expected}, och räknas inte in. Ska siffrorna gälla "
        "{expected}: fyll i mallen för {expected} (ekonomienheten skickar den). {left}",
    )
    LATER_PERIOD = (
        "later-period",
        "Fil för en senare period",
        Category.IDENTITY,
        "Filen gäller {found}, inte {expected}. Den räknas inte in här utan i rapporten för {found}{archived}; "
        "du behöver inte göra något nu.",
    )
    UNKNOWN_DIVISION = ("unknown-division", "Okänd division", Category.IDENTITY, "{problem}")
    NAME_MISMATCH = ("name-mismatch", "Filen säger emot mallens identitet", Category.IDENTITY, "{problem}")
    DUPLICATE_DIVISION = (
        "duplicate-division",
        "Flera filer för samma division",
        Category.IDENTITY,
        "Flera filer för {who} i inkorgen ({names}). Ingen av dem används; tills vidare gäller den "
        "tidigare inlämningen för {who}, om det finns någon. Behåll en fil och kör igen.",
    )
    PLAN_CHANGED = (
        "plan-changed",
        "Mallen skapades från en annan version av planen",
        Category.IDENTITY,
        "Mallen skapades från en äldre version av planen; förifyllda uppgifter kan skilja sig från gällande plan.",
    )
    PLAN_VALUE_CHANGED = (
        "plan-value-changed",
        "Planens värde har ändrats sedan mallen skapades",
        Category.IDENTITY,
        "Planen säger nu {plan}, mallen {template}: värdet har ändrats i planen sedan mallen skapades, och "
        "planens värde gäller. Inget behöver ändras i filen.",
    )
    FRAME_CHANGED = (
        "frame-changed",
        "Budgetramen har ändrats sedan mallen skapades",
        Category.IDENTITY,
        "Budget helår är nu {plan} i planen men {template} i mallen: ramen har ändrats sedan mallen skapades, och "
        "filens siffror gäller den gamla ramen. Filen används inte; fyll i periodens nya mall och skicka den.",
    )
    PLAN_ROW_CHANGED = (
        "plan-row-changed",
        "Planens rader har ändrats sedan mallen skapades",
        Category.STRUCTURE,
        "{problem}. {fix}.",
    )
    BUDGET_DEVIATION = (
        "budget-deviation",
        "Avvikelse mot budget",
        Category.BUDGET,
        "{who}, {group}: utfallet avviker med {deviation} {unit} ({pct} %) från periodiserad budget{parts}; minus "
        "betyder sämre än budget.",
    )
    CENTRAL_MISSING = (
        "central-missing",
        "Centrala värden saknas",
        Category.CONTENT,
        "Nämndens värden ({items}) saknas för {period} i Centrala värden.xlsx: kör reporting central --period {period}, fyll i "
        "filen och kör reporting consolidate igen.",
    )
    FORECAST_DEFICIT = (
        "forecast-deficit",
        "Helårsprognos sämre än budgetram",
        Category.BUDGET,
        "{who}: helårsprognos {forecast} {unit} mot budgetram {budget} {unit}{planned}, underskott {deficit} {unit}{note}"
        "{parts}.",
    )
    RESULT_DEFICIT = (
        "result-deficit",
        "Årets resultat sämre än budgetram",
        Category.BUDGET,
        "{who}: utfall helår {forecast} {unit} mot budgetram {budget} {unit}{planned}, underskott {deficit} {unit}{note}"
        "{parts}.",
    )
    YEAR_END_FORECAST = (
        "year-end-forecast",
        "Helårsprognos skiljer sig från årets utfall",
        Category.CONTENT,
        "Helårsprognosen för {item} är {forecast} men utfallet {actual}. I årsrapporten är helårsprognosen "
        "årets utfall, så utfallet används.",
    )
    YEAR_END_EFFECT = (
        "year-end-effect",
        "Effektprognos skiljer sig från uppnådd effekt",
        Category.CONTENT,
        "Prognosen för effekten av åtgärd {id} är {forecast} men uppnådd effekt {achieved}. I årsrapporten är "
        "uppnådd effekt årets effekt, så den används.",
    )
    YEAR_END_PERIODISED = (
        "year-end-periodised",
        "Periodiserad budget skiljer sig från helårsbudgeten",
        Category.BUDGET,
        "Periodiserad budget för {item} är {periodised} men budget helår {budget}. I årsrapporten är "
        "periodiserad budget hela årets budget, så budget helår används.",
    )
    NETTO_SIGN = (
        "netto-sign",
        "Netto med annat tecken än budgeten",
        Category.BUDGET,
        "{what} är {value} {unit} men nettobudgeten {budget} {unit}: tecknet skiljer. Netto anges med budgetens "
        "tecken (kostnader med minustecken); kontrollera tecknet.",
    )
    AMOUNT_UNIT_OFF = (
        "amount-unit-off",
        "Beloppet ser ut att vara i fel enhet",
        Category.BUDGET,
        "{what} för {group} är {value} {unit}, omkring 1 000 gånger {size} än budgeten {budget} {unit}. "
        "Belopp anges i {unit}{hint}; kontrollera enheten.",
    )
    KEY_FIGURE_UNIT_OFF = (
        "key-figure-unit-off",
        "Nyckeltalet ser ut att vara i fel enhet",
        Category.CONTENT,
        "{what} för nyckeltal {id} är {value} {unit}, mer än alla divisionens budgetbelopp för {year} tillsammans "
        "({budget} {unit}). Nyckeltalet anges i {unit}, inte i {other}; kontrollera enheten.",
    )
    KEY_FIGURE_SIGN = (
        "key-figure-sign",
        "Nyckeltalet har annat tecken än radens övriga värden",
        Category.CONTENT,
        "{what} för nyckeltal {id} är {value} {unit} men {other_what} {other} {unit}: tecknet skiljer. Ett nyckeltal "
        "i {unit} anges med sitt eget tecken, inte med minustecken som kostnaderna på fliken Ekonomi; kontrollera "
        "tecknet.",
    )
    ACCUMULATED_DROP = (
        "accumulated-drop",
        "Ackumulerat värde lägre än tidigare period",
        Category.CONTENT,
        "Utfallet för nyckeltal {id} är {value} {unit}, lägre än {earlier} {unit} som {who} rapporterade för "
        "{period}. Nyckeltalet är ackumulerat (från januari till och med periodens sista månad): skriv hela "
        "periodens värde, inte bara den senaste månadens.",
    )
    SPENT_DROP = (
        "spent-drop",
        "Upparbetat belopp lägre än tidigare period",
        Category.BUDGET,
        "Upparbetat belopp för investering {id} är {value} tkr, lägre än {earlier} tkr som {who} rapporterade för "
        "{period}. Upparbetat belopp är vad investeringen har kostat hittills och minskar inte under året: skriv hela "
        "beloppet hittills; var det tidigare beloppet fel, skriv det i kommentaren.",
    )
    STATUS_BACK = (
        "investment-status-back",
        "Investeringens status har gått tillbaka",
        Category.CONTENT,
        "Investering {id} har status {status}, men {who} rapporterade status {earlier} för {period}. En investerings "
        "status går inte tillbaka under året (Ej påbörjad, Pågår, Slutförd): kontrollera status; var den tidigare "
        "statusen fel, skriv det i kommentaren.",
    )
    EFFECT_DROP = (
        "effect-drop",
        "Uppnådd effekt lägre än tidigare period",
        Category.BUDGET,
        "Uppnådd effekt för åtgärd {id} är {value} {unit}, lägre än {earlier} {unit} som {who} rapporterade för "
        "{period}. Uppnådd effekt räknas från årets början och minskar inte under året: skriv hela effekten hittills "
        "i år; var den tidigare effekten fel, skriv det i kommentaren.",
    )
    KEY_FIGURE_SIGN_SPLIT = (
        "key-figure-sign-split",
        "Nyckeltalet har annat tecken än hos övriga divisioner",
        Category.CONTENT,
        "{who}: nyckeltal {id} anges {sign} ({values} {unit}) men {others} anger det {other_sign}, så nämndens "
        "summa räknar de värdena mot de andras. Ett nyckeltal i {unit} anges med sitt eget tecken, inte med "
        "minustecken som kostnaderna på fliken Ekonomi; kontrollera tecknet (summan räknas som värdena lämnats in).",
    )
    EFFECT_UNIT_OFF = (
        "effect-unit-off",
        "Effekten ser ut att vara i fel enhet",
        Category.BUDGET,
        "{what} för åtgärd {id} är {value} {unit}, {compared}. Effekter anges i {unit}{hint}; kontrollera enheten.",
    )
    SPENT_UNIT_OFF = ("spent-unit-off", "Upparbetat belopp i fel enhet", Category.BUDGET, "{what} {problem}.")
    EFFECT_SIGN = (
        "effect-sign",
        "Effekten har annat tecken än den planerade",
        Category.BUDGET,
        "{what} för åtgärd {id} är {value} {unit} men den planerade effekten {planned} {unit}: tecknet skiljer. "
        "En effekt anges med den planerade effektens tecken (en besparing positiv, inte med minustecken som "
        "kostnader på Ekonomi); kontrollera tecknet.",
    )
    AMOUNT_TENFOLD = (
        "amount-tenfold",
        "Beloppet ser ut att ha en nolla för mycket eller för lite",
        Category.BUDGET,
        "{what} för {group} är {value} {unit}, {size} budgeten {budget} {unit}. "
        "Kontrollera att ingen siffra har kommit med för mycket eller fallit bort.",
    )
    FULL_YEAR_OUTCOME = (
        "full-year-outcome",
        "Utfallet ser ut att gälla helåret",
        Category.BUDGET,
        "Utfallet för {group} är {value} {unit}, nära helårsbudgeten {budget} {unit}, men perioden omfattar "
        "{months} månader (periodiserad budget {periodised} {unit}). Ange utfallet ackumulerat för perioden.",
    )
    INVESTMENT_STATUS = (
        "investment-status-amount",
        "Status och upparbetat belopp går inte ihop",
        Category.CONTENT,
        "Investering {id} har status {status} men upparbetat {spent} tkr; {fix}.",
    )
    PLAN_INVALID = ("plan-invalid", "Fel i planen", Category.PLAN, "{problem}")
    SAVINGS_MISMATCH = (
        "savings-sum-mismatch",
        "Besparingskravet är inte åtgärdernas summa",
        Category.PLAN,
        "Besparingskrav {year} är {stated} {unit}, men åtgärdernas effekter {year} summerar till {summed} {unit}"
        "{not_computed}. Rätta besparingskravet eller effekterna på fliken Åtgärdsplan.",
    )
    KOLADA_ID_MISSING = (
        "kolada-id-missing",
        "Mål mot riket utan Kolada-id",
        Category.PLAN,
        'Målvärdet "{target}" jämförs med riket, men nyckeltalet {id} har inget Kolada-id: dess status blir alltid '
        '"Underlag saknas". Ange nyckeltalets Kolada-id (t.ex. N07402) i kolumnen Kolada-id.',
    )
    INVESTMENT_UNIT_UNKNOWN = (
        "investment-unit-unknown",
        "Investeringen hör inte till någon av divisionens enheter",
        Category.PLAN,
        "Investering {id} hör till division {owner}, som har enheter på fliken Enheter ({units}), men {unit}: "
        "när divisionen lämnar in per enhet frågar ingen mall efter investeringen, och den står som Underlag "
        "saknas. Skriv enhetens namn eller id i kolumnen Enhet.",
    )
    TARGET_DIRECTION_NAME = (
        "target-direction-name",
        "Nyckeltalets namn och riktning säger emot varandra",
        Category.PLAN,
        "{problem}",
    )

    def render(self, **fields: Any) -> str:
        """The message: the template filled in, first letter upper case."""
        text = self.template.format(**{**OPTIONAL_FIELDS, **NUMBER_ADVICE, **fields})
        return text[:1].upper() + text[1:]
