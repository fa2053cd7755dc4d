"""The template contract: one declared object per sheet, shared by the writer, the reader and the feedback.

A sheet spec names the sheet, its columns (key, header, width, kind, input or
locked, checked on read) and its row source (which plan items become rows,
with the locked values they show). The writer iterates the columns to write a
template, the reader to find columns by header text and coerce by kind, and
the answers it builds (``reporting.template.answers``) carry the same keys.
Nothing else spells a sheet name, a header or a column position.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from reporting.plan import goal_tree
from reporting.plan.groups import Subtotal, layout
from reporting.plan.model import NOT_COMPUTED, Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.template.answers import (
    Answer,
    AssignmentAnswer,
    EconomyAnswer,
    InternalControlAnswer,
    InvestmentAnswer,
    KeyFigureAnswer,
    MeasureAnswer,
)

TEMPLATE_VERSION = "3"  # 2: the Internkontroll sheet; 3: the plan's own account groups, amount unit and periods
META_SHEET = "_meta"
HEADER_ROW = 3  # zero-based: Excel row 4; rows 1–3 hold title and help
FIRST_DATA_ROW = HEADER_ROW + 1
NETTO_ID = "NETTO"
ASSIGNMENT_STATUSES = ["Genomfört", "Pågår enligt plan", "Pågår med avvikelse", "Ej påbörjat"]
ASSIGNMENT_DEVIATING = "Pågår med avvikelse"
ASSIGNMENT_WORST_FIRST = ["Pågår med avvikelse", "Ej påbörjat", "Pågår enligt plan", "Genomfört"]  # units roll up
INVESTMENT_NOT_STARTED, INVESTMENT_DONE, INVESTMENT_STOPPED = "Ej påbörjad", "Slutförd", "Avbruten"
INVESTMENT_STATUSES = [INVESTMENT_NOT_STARTED, "Pågår", INVESTMENT_DONE, INVESTMENT_STOPPED]
DONE_ANSWERS = ["Ja", "Nej", "Delvis"]
CONTROL_DONE = (CONTROL_DONE_YES, CONTROL_NOT_DONE, CONTROL_PARTLY) = ("Ja", "Nej", "Delvis")  # Kontroll genomförd
CONTROL_DEVIATION = (CONTROL_DEVIATING, CONTROL_NOT_DEVIATING) = ("Ja", "Nej")  # Avvikelse
META_KEYS = [
    "template_id",
    "template_version",
    "division_id",
    "division_name",
    "period",
    "plan_hash",
    "created",
    "board",
    "unit_id",
    "unit_name",
]


class Kind(str, Enum):
    """How a column's cells are written and read back."""

    TEXT = "text"
    FIGURE = "figure"  # a key figure's value: a number, a share in percent, or Ja/Nej for a done-target
    NUMBER = "number"
    MKR = "mkr"  # money in mkr, kept to whole tkr
    TKR = "tkr"  # money in whole tkr
    CHOICE = "choice"  # one of the column's choices
    FORMULA = "formula"  # written by the template; read back for the checks

    @property
    def numeric(self) -> bool:
        """An amount, which sums add up: typed as text ("1 234,5") it is read but warned, as Excel's SUM skips it.
        A key figure or nämnare typed as text ("88,5 %", the usual way) is read without a word: nothing sums it."""
        return self in (Kind.MKR, Kind.TKR)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    kind: Kind = Kind.TEXT
    input: bool = False
    checked: bool = False  # a locked, pre-filled value that must still say what the plan says
    choices: tuple[str, ...] = ()
    prompt: tuple[str, str] = ("", "")  # input title and message of a text input
    optional: bool = False  # a locked column written only when a row has a value for it (older templates lack it)

    @property
    def read(self) -> bool:
        """Whether intake keeps this column's value (inputs, checked locked values, formulas)."""
        return self.input or self.checked or self.kind is Kind.FORMULA


@dataclass(frozen=True)
class Row:
    """One row a template shows: its id, the plan item behind it, and its locked values by column key."""

    id: str
    item: Any
    locked: dict[str, Any] = field(default_factory=dict)


RowSource = Callable[[Plan, Reporter, Period], list[Row]]


@dataclass(frozen=True)
class SheetSpec:
    name: str
    slug: str  # ASCII, for defined names
    columns: tuple[Column, ...]
    answer: type[Answer]
    rows: RowSource
    subtitle: str
    row_height: float | None = None
    year_end_subtitle: str = ""  # the årsrapport's, where the subtitle asks for a forecast it does not need

    @property
    def header_name(self) -> str:
        """Defined name that points at the header row (follows inserted rows)."""
        return f"rpt_header_{self.slug}"

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def index(self, key: str) -> int:
        """Zero-based column position in a freshly written template."""
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def header(self, key: str) -> str:
        return self.column(key).header

    def shown(self, rows: list[Row]) -> tuple[Column, ...]:
        """The columns a template writes for these rows: an optional column only when a row fills it."""
        return tuple(c for c in self.columns if not c.optional or any(r.locked.get(c.key) for r in rows))

    def expected_column(self, found: dict[str, int], position: int) -> int:
        """Where a file has the ``position``-th column (one-based), given the columns ``found`` (key -> column):
        right of the nearest one found before it, past those between (an optional column not found was not
        written, so it takes no place). Where a finding about a missing or renamed header points."""
        between = 1
        for column in reversed(self.columns[:position]):
            if column.key in found:
                return found[column.key] + between
            between += 0 if column.optional else 1
        return between


def with_goal(plan: Plan, text: str, area_id: str) -> str:
    """In a plan with a goal tree, the item's text followed by the node it hangs on, with its path:
    "… (under 2 Strategi för vård › 2.2 Hög tillgänglighet)". A flat plan's text as it is."""
    if not goal_tree.is_tree(plan.goal_areas) or not area_id:
        return text
    return f"{text} (under {goal_tree.path_label(plan.goal_areas, area_id)})"


def _key_figure_rows(plan: Plan, reporter: Reporter, period: Period) -> list[Row]:
    return [
        Row(
            k.id,
            k,
            {
                "id": k.id,
                "name": with_goal(plan, k.name, k.goal_area),
                "target": k.target_for(period.year).text,
                "unit": k.unit,
            },
        )
        for k in plan.key_figures_due(reporter.division_id, period)  # by Frekvens: not due, not asked
    ]


def _assignment_rows(plan: Plan, reporter: Reporter, period: Period) -> list[Row]:
    return [
        Row(a.id, a, {"id": a.id, "text": with_goal(plan, a.text, a.goal_area), "decided_by": a.decided_by})
        for a in plan.assignments_for(reporter.division_id)
    ]


def _economy_rows(plan: Plan, reporter: Reporter, period: Period) -> list[Row]:
    """The plan's account groups, each Delsumma after its last group (computed, like Netto), then Netto."""
    frame = plan.frame(reporter.division_id, period.year, reporter.unit_id)
    rows = [
        Row(item.id, item, {"id": item.id, "group": item.name})
        if isinstance(item, Subtotal)
        else Row(
            item.id, item, {"id": item.id, "group": item.name, "budget": frame.amounts[item.id] if frame else None}
        )
        for item in layout(plan.account_groups)
    ]
    return [*rows, Row(NETTO_ID, "Netto", {"id": NETTO_ID, "group": "Netto"})]


def is_computed(row: Row) -> bool:
    """An economy row the template computes (Netto, a Delsumma): formulas only, never entered."""
    return row.id == NETTO_ID or isinstance(row.item, Subtotal)


def header_of(column: Column, unit: str) -> str:
    """A column's header in the plan's amount unit: "Budget helår (tkr)" in a tkr plan."""
    return column.header.replace("(mkr)", f"({unit})") if unit != "mkr" else column.header


def subtitle_of(spec: SheetSpec, unit: str, period: Period, empty: bool = False) -> str:
    """The sheet's subtitle in the plan's amount unit; at year end its year-end wording, if it has one; an
    ``empty`` sheet (no rows for its reporter; the Instruktion omits it) says there is nothing to fill in."""
    if empty:  # the same for every unit of a division (template.shared reuses the sheet): no name
        return f"Inget att fylla i: planen har inga {_ITEMS[spec.name]} i den här mallen."
    text = spec.year_end_subtitle if period.is_year_end and spec.year_end_subtitle else spec.subtitle
    return text.replace("i mkr", f"i {unit}") if unit != "mkr" else text


def _measure_rows(plan: Plan, reporter: Reporter, period: Period) -> list[Row]:
    """A measure's planned effect, or "ej beräknad" (text, never 0) when the plan has not computed it."""
    rows = []
    for m in plan.measures_for(reporter.division_id):
        planned = (
            NOT_COMPUTED if period.year in m.effects and m.effects[period.year] is None else m.effects.get(period.year)
        )
        locked = {"id": m.id, "name": m.name, "term": m.term, "goal": m.goals.get(period.year, ""), "planned": planned}
        rows.append(Row(m.id, m, locked))
    return rows


def _investment_rows(plan: Plan, reporter: Reporter, period: Period) -> list[Row]:
    return [
        Row(
            i.id,
            i,
            {"id": i.id, "unit": i.unit, "object": i.object, "kind": i.kind, "amount": Decimal(i.amount_tkr)},
        )
        for i in plan.investments_of(reporter.division_id, reporter.unit_id, reporter.former_name)
    ]


def _internal_control_rows(plan: Plan, reporter: Reporter, period: Period) -> list[Row]:
    """The control points due in the period (tertialvis every period, delår from delår, helår/årligen at helår)."""
    return [
        Row(p.id, p, {"id": p.id, "text": p.text, "risk": p.risk, "responsible": p.responsible})
        for p in plan.control_points_for(reporter.division_id, period.kind)
    ]


ID = Column("id", "Id", 6)
KEY_FIGURES = SheetSpec(
    "Nyckeltal",
    "nyckeltal",
    (
        ID,
        Column("name", "Nyckeltal", 44),
        Column("target", "Målvärde", 20, checked=True),
        Column("unit", "Enhet", 12),
        Column("outcome", "Utfall perioden", 13, Kind.FIGURE, input=True),
        Column("last_year", "Utfall samma period föregående år", 15, Kind.FIGURE, input=True),
        Column("forecast", "Helårsprognos", 13, Kind.FIGURE, input=True),
        Column("denominator", "Nämnare (antal) för viktning", 13, Kind.NUMBER, input=True),
        Column(
            "analysis",
            "Analys / kommentar",
            40,
            input=True,
            prompt=("Analys", "Förklara utfallet. Krävs när målet inte nås."),
        ),
        Column(
            "actions",
            "Åtgärder om målet inte nås",
            40,
            input=True,
            prompt=("Åtgärder", "Vilka åtgärder vidtas för att nå målet?"),
        ),
    ),
    KeyFigureAnswer,
    _key_figure_rows,
    "Fyll i utfall, fjolårets utfall för samma period, helårsprognos och analys. "
    "Nämnare behövs för andelar som vägs samman (t.ex. antal patienter).",
    45,
    "Fyll i årets utfall, fjolårets utfall och analys; helårsprognosen behöver inte fyllas i, årets utfall är "
    "helåret. Nämnare behövs för andelar som vägs samman (t.ex. antal patienter).",
)
ASSIGNMENTS = SheetSpec(
    "Uppdrag",
    "uppdrag",
    (
        ID,
        Column("text", "Uppdrag", 60),
        Column("decided_by", "Beslutad av", 20),
        Column("status", "Status", 22, Kind.CHOICE, input=True, choices=tuple(ASSIGNMENT_STATUSES)),
        Column(
            "comment",
            "Kommentar",
            60,
            input=True,
            prompt=("Kommentar", "Beskriv kort vad som gjorts och vad som återstår."),
        ),
    ),
    AssignmentAnswer,
    _assignment_rows,
    "Välj status i listan och kommentera arbetet.",
    45,
)
ECONOMY = SheetSpec(
    "Ekonomi",
    "ekonomi",
    (
        Column("id", "Id", 8),
        Column("group", "Kontogrupp", 22),
        Column("budget", "Budget helår (mkr)", 13, Kind.MKR, checked=True),
        Column("periodised", "Periodiserad budget (mkr)", 13, Kind.MKR, input=True),
        Column("actual", "Utfall ackumulerat (mkr)", 13, Kind.MKR, input=True),
        Column("deviation", "Avvikelse mot periodiserad budget (mkr)", 14, Kind.FORMULA),
        Column("forecast", "Helårsprognos (mkr)", 13, Kind.MKR, input=True),
        Column("forecast_deviation", "Prognos mot budget (mkr)", 13, Kind.FORMULA),
        Column(
            "comment",
            "Kommentar (krävs vid avvikelse)",
            50,
            input=True,
            prompt=("Kommentar", "Förklara avvikelser mot budget och prognos."),
        ),
    ),
    EconomyAnswer,
    _economy_rows,
    "Belopp i mkr. Intäkter positiva, kostnader med minustecken. Nettoraden och avvikelserna räknas ut automatiskt.",
    year_end_subtitle="Belopp i mkr. Fyll i årets utfall; periodiserad budget och helårsprognos behöver inte fyllas "
    "i. Intäkter positiva, kostnader med minustecken. Nettoraden och avvikelserna räknas ut automatiskt.",
)
MEASURES = SheetSpec(
    "Åtgärdsplan",
    "atgardsplan",
    (
        ID,
        Column("name", "Åtgärd", 40),
        Column("term", "Typ och period", 18, optional=True),
        Column("goal", "Mål", 12),
        Column("planned", "Planerad effekt året, nämnden (mkr)", 14, Kind.MKR, checked=True),
        Column("achieved", "Uppnådd effekt hittills (mkr)", 14, Kind.MKR, input=True),
        Column("forecast", "Prognos effekt helår (mkr)", 14, Kind.MKR, input=True),
        Column("comment", "Kommentar", 50, input=True, prompt=("Kommentar", "Hur går arbetet med åtgärden?")),
    ),
    MeasureAnswer,
    _measure_rows,
    "Er del av nämndens åtgärdsplan för ekonomi i balans, i mkr (en enhet anger enhetens del, inte divisionens).",
    30,
    "Er del av nämndens åtgärdsplan för ekonomi i balans, i mkr (en enhet anger enhetens del, inte divisionens). "
    "Uppnådd effekt är årets effekt; prognosen för effekten behöver inte fyllas i.",
)
INVESTMENTS = SheetSpec(
    "Investeringar",
    "investeringar",
    (
        ID,
        Column("unit", "Enhet", 26),
        Column("object", "Objekt", 34),
        Column("kind", "Typ", 24),
        Column("amount", "Budget (tkr)", 12, Kind.TKR, checked=True),
        Column("status", "Status", 14, Kind.CHOICE, input=True, choices=tuple(INVESTMENT_STATUSES)),
        Column("spent", "Upparbetat hittills (tkr)", 14, Kind.TKR, input=True),
        Column(
            "comment",
            "Kommentar",
            44,
            input=True,
            prompt=("Kommentar", "T.ex. leveranstid eller avvikelse mot budget."),
        ),
    ),
    InvestmentAnswer,
    _investment_rows,
    "Status och upparbetat belopp (tkr) per beslutat investeringsobjekt.",
)
INTERNAL_CONTROL = SheetSpec(
    "Internkontroll",
    "internkontroll",
    (
        ID,
        Column("text", "Kontrollmoment", 44),
        Column("risk", "Risk", 32),
        Column("responsible", "Ansvarig", 18),
        Column("done", "Kontroll genomförd", 13, Kind.CHOICE, input=True, choices=CONTROL_DONE),
        Column(
            "result",
            "Resultat",
            44,
            input=True,
            prompt=("Resultat", "Vad visade kontrollen? Krävs när den inte eller bara delvis är genomförd."),
        ),
        Column("deviation", "Avvikelse", 11, Kind.CHOICE, input=True, choices=CONTROL_DEVIATION),
        Column(
            "action",
            "Åtgärd",
            44,
            input=True,
            prompt=("Åtgärd", "Vilken åtgärd vidtas? Krävs när kontrollen visar en avvikelse."),
        ),
    ),
    InternalControlAnswer,
    _internal_control_rows,
    "Internkontrollplanens kontrollmoment som följs upp denna period: genomförd, resultat, avvikelse och åtgärd.",
    45,
)
_ITEMS = {  # a sheet's plan items, as "planen har inga … i den här mallen" names them
    "Nyckeltal": "nyckeltal som följs upp denna period",
    "Uppdrag": "uppdrag",
    "Ekonomi": "kontogrupper",
    "Åtgärdsplan": "åtgärder",
    "Investeringar": "investeringsobjekt",
    "Internkontroll": "kontrollmoment som följs upp denna period",
}
DATA_SHEETS: tuple[SheetSpec, ...] = (KEY_FIGURES, ASSIGNMENTS, ECONOMY, MEASURES, INVESTMENTS, INTERNAL_CONTROL)
INSTRUCTIONS_SHEET = "Instruktion"


def data_sheets(period: Period) -> tuple[SheetSpec, ...]:
    """The data sheets a period's template has, as its kind declares (a month: Nyckeltal, Ekonomi, Åtgärdsplan)."""
    return tuple(spec for spec in DATA_SHEETS if spec.name in period.sheets)


def meta_name(key: str) -> str:
    return f"rpt_{key}"
