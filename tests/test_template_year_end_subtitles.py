"""The helår template's sheet subtitles say what the årsrapport asks: its Instruktion says the forecast
columns need not be filled, so no subtitle may ask for a helårsprognos there; during the year they do."""

from __future__ import annotations

from reporting.plan.periods import Period
from sheet_reads import sheet_values

SHEETS = ("Nyckeltal", "Ekonomi", "Åtgärdsplan")


def _subtitles(path) -> dict[str, str]:
    values = sheet_values(path, *SHEETS)
    return {name: values[name][1][0] for name in SHEETS}  # row 2, column A


def test_the_helar_templates_subtitles_ask_for_the_years_outcome_not_a_forecast(make_template):
    subtitles = _subtitles(make_template("MED", Period(2025, "helar")))
    assert subtitles == {
        "Nyckeltal": "Fyll i årets utfall, fjolårets utfall och analys; helårsprognosen behöver inte fyllas i, "
        "årets utfall är helåret. Nämnare behövs för andelar som vägs samman (t.ex. antal patienter).",
        "Ekonomi": "Belopp i mkr. Fyll i årets utfall; periodiserad budget och helårsprognos behöver inte fyllas i. "
        "Intäkter positiva, kostnader med minustecken. Nettoraden och avvikelserna räknas ut automatiskt.",
        "Åtgärdsplan": "Er del av nämndens åtgärdsplan för ekonomi i balans, i mkr (en enhet anger enhetens del, inte divisionens). "
        "Uppnådd effekt är "
        "årets effekt; prognosen för effekten behöver inte fyllas i.",
    }


def test_a_tertials_subtitles_still_ask_for_the_forecast(make_template):
    subtitles = _subtitles(make_template("MED", Period(2025, "T1")))
    assert subtitles["Nyckeltal"].startswith("Fyll i utfall, fjolårets utfall för samma period, helårsprognos och ")
    assert subtitles["Ekonomi"].startswith("Belopp i mkr. Intäkter positiva")
    assert subtitles["Åtgärdsplan"] == (
        "Er del av nämndens åtgärdsplan för ekonomi i balans, i mkr (en enhet anger enhetens del, inte divisionens)."
    )
