"""How a report names the year's forecast: a helårsprognos during the year, the year's result in the årsrapport.

At year end every economy row's and key figure's forecast is its utfall (consolidate.economy,
consolidate.keyfigures); the årsrapport then says so instead of calling the final outcome a forecast.
"""

from __future__ import annotations

from dataclasses import dataclass

from reporting.plan.periods import Period


@dataclass(frozen=True)
class Outlook:
    """The words for the forecast column, its deviations and the sentences about it."""

    column: str  # the forecast's column header
    against_frame: str  # the forecast against the budgetram (Sammanfattning, Word)
    against_budget: str  # the forecast against budget helår (the Ekonomi sheet)
    status: str  # the key figures' status of the forecast (Nyckeltal sheet)
    subject: str  # a sentence's subject: "Helårsprognosen visar underskott …"
    now: str  # beside an earlier forecast: "Aktuell prognos" during the year, the year's utfall at year end
    achieved: str  # a measure's achieved effect (Åtgärdsplan): so far during the year, the year's at year end
    effect: str  # a measure's effect for the year: forecast during the year, the achieved one at year end
    effect_against: str  # the effect against the plan or the besparingskrav: "Prognos mot", "Resultat mot"

    @property
    def word(self) -> str:
        """The column's name in running text: "helårsprognos −1 452,5", "utfall helår −1 452,5"."""
        return self.column[:1].lower() + self.column[1:]


DURING_YEAR = Outlook(
    "Helårsprognos",
    "Prognos mot ram",
    "Prognos mot budget",
    "Prognos helår",
    "Helårsprognosen",
    "Aktuell prognos",
    "Uppnådd hittills",
    "Prognos helår",
    "Prognos mot",
)
YEAR_END = Outlook(
    "Utfall helår",
    "Resultat mot ram",
    "Resultat mot budget",
    "Status helår",
    "Årets resultat",
    "Utfall helår",
    "Uppnådd helår",
    "Effekt helår",
    "Resultat mot",
)


def outlook(period: Period) -> Outlook:
    """The årsrapport's words (the year's result) at year end, the forecast's otherwise."""
    return YEAR_END if period.is_year_end else DURING_YEAR
