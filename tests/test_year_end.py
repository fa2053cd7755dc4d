"""The årsrapport: the year's utfall is the forecast and the budget helår the periodised budget, whatever was typed.

A stale November forecast left in a helår file must not become the year's result (in the economy
tables, the nämnd total, the Sammanfattning, the Word draft, history); the file is warned at the
cell, quoting both values. The årsrapport says "årets resultat", never "helårsprognos". T1 is as before.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document

from helpers import complete_edits, fill, locate_in, rows_of, template_copy
from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.findings import Finding, Rule, Severity
from reporting.history.store import rows_of as history_rows
from reporting.intake.run import run_intake
from reporting.output.notices import forecast_note
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.template.spec import NETTO_ID
from reporting.workspace import Workspace
from seed_plans import FRAME_003, HSF, cell_texts, seed003_plan, through_xlsx

D = Decimal
HELAR, T1 = Period(2025, "helar"), Period(2025, "T1")
Edits = dict[tuple[str, str, str], Any]
MED_EK = D("-1282.4")  # Division Medicin's Externa kostnader 2025 (demo plan)
STALE = {("Ekonomi", "EK", "actual"): float(MED_EK - 20), ("Ekonomi", "EK", "forecast"): float(MED_EK - 50)}


def year_edits(plan: Any, division: str, period: Period) -> Edits:
    """A complete file; at year end with the year's figures (periodised budget and utfall the budget helår)."""
    edits = complete_edits(plan, division)
    if period.is_year_end:
        for gid, amount in plan.frame(division, period.year).amounts.items():
            edits[("Ekonomi", gid, "periodised")] = edits[("Ekonomi", gid, "actual")] = float(amount)
        for measure in plan.measures_for(division):  # the year's effect is what was achieved
            edits[("Åtgärdsplan", measure.id, "forecast")] = edits[("Åtgärdsplan", measure.id, "achieved")]
    return edits


def run(tmp: Path, plan: Any, period: Period, changes: dict[str, Edits], divisions: list[str]) -> Consolidation:
    """Each division's template for ``period`` filled (complete, ``changes`` on top), taken in and consolidated."""
    ws = Workspace(tmp / f"ws-{period.key}")
    ws.inbox.mkdir(parents=True)
    for division in divisions:
        template = template_copy(plan, division, period, tmp / f"mall-{period.key}-{division}.xlsx")
        fill(
            template, {**year_edits(plan, division, period), **changes.get(division, {})}, ws.inbox / f"{division}.xlsx"
        )
    return consolidate(plan, run_intake(ws, plan, period))


def demo_run(tmp: Path, plan: Any, period: Period, changes: dict[str, Edits]) -> Consolidation:
    return run(tmp, plan, period, changes, [d.id for d in plan.divisions])


def cell(tmp: Path, plan: Any, period: Period, division: str, sheet: str, row_id: str, key: str) -> str:
    template = template_copy(plan, division, period, tmp / f"mall-{period.key}-{division}.xlsx")
    return locate_in(template, sheet, row_id, key)


def of_rule(result: Consolidation, rule: Rule) -> list[Finding]:
    return [f for f in result.findings if f.rule is rule]


def stored(result: Consolidation, division: str, kind: str, item: str) -> dict[str, str]:
    """The history rows of one item: metric -> the value as stored."""
    return {
        r["metric"]: r["value"] or r["text"]
        for r in history_rows(result)
        if (r["division"], r["kind"], r["item"]) == (division, kind, item)
    }


def test_a_stale_forecast_at_year_end_gives_way_to_the_utfall_everywhere(plan, tmp_path):
    result = demo_run(tmp_path, plan, HELAR, {"MED": STALE})
    (ek,) = [e for e in result.economy if (e.division_id, e.group_id) == ("MED", "EK")]
    assert (ek.actual, ek.forecast, ek.forecast_deviation) == (D("-1302.4"), D("-1302.4"), D(-20))
    (netto,) = [o for o in result.economy_divisions if o.division_id == "MED"]
    assert (netto.actual, netto.forecast, netto.forecast_deviation) == (D("-1137.4"), D("-1137.4"), D(-20))
    total = result.economy_total  # every other division on budget: the nämnd's result is Medicin's −20
    assert total.forecast_deviation == D(-20) and total.forecast == total.budget - 20
    assert forecast_note(result) == "Årets resultat visar underskott 20,0 mkr mot budgetramen."

    (warning,) = of_rule(result, Rule.YEAR_END_FORECAST)
    assert (warning.severity, warning.file, warning.sheet, warning.division) == (
        Severity.WARNING,
        "MED.xlsx",
        "Ekonomi",
        "Division Medicin",
    )
    assert warning.cell == cell(tmp_path, plan, HELAR, "MED", "Ekonomi", "EK", "forecast")
    assert warning.message == (
        "Helårsprognosen för Externa kostnader är −1\xa0332,4 mkr men utfallet −1\xa0302,4 mkr. "
        "I årsrapporten är helårsprognosen årets utfall, så utfallet används."
    )
    (deficit,) = of_rule(result, Rule.RESULT_DEFICIT)
    assert (
        deficit.message
        == "Division Medicin: utfall helår −1\xa0137,4 mkr mot budgetram −1\xa0117,4 mkr, underskott 20,0 mkr."
    )
    assert deficit.cell == cell(tmp_path, plan, HELAR, "MED", "Ekonomi", NETTO_ID, "actual")  # the utfall it is
    assert of_rule(result, Rule.FORECAST_DEFICIT) == []

    assert stored(result, "MED", "ekonomi", "EK")["forecast"] == stored(result, "MED", "ekonomi", "EK")["actual"]
    assert stored(result, "MED", "ekonomi", "EK")["forecast"] == "-1302.400"
    assert D(stored(result, "", "ekonomi", NETTO_ID)["forecast"]) == total.budget - 20 == D("-3181.8")
    # Källor lists what the årsrapport uses: the utfall's cell, not the stale forecast's or a periodised budget
    med_ek = {s.metric: (s.value, s.cell) for s in result.sources if (s.division_id, s.item) == ("MED", "EK")}
    assert list(med_ek) == ["Utfall ackumulerat (mkr)"]
    assert med_ek["Utfall ackumulerat (mkr)"] == (
        D("-1302.4"),
        cell(tmp_path, plan, HELAR, "MED", "Ekonomi", "EK", "actual"),
    )


def test_the_arsrapport_speaks_of_the_years_result(plan, tmp_path):
    """Sammanfattning's notes, table and chart, the Ekonomi and Nyckeltal sheets and the Word draft."""
    result = demo_run(tmp_path, plan, HELAR, {"MED": STALE})
    report = write_report(result, tmp_path / "outbox")[0]
    summary = cell_texts(rows_of(report, "Sammanfattning"))
    assert "• Årets resultat visar underskott 20,0 mkr mot budgetramen." in summary
    assert (
        "• Division Medicin: utfall helår −1\xa0137,4 mkr mot budgetram −1\xa0117,4 mkr, underskott 20,0 mkr."
        in summary
    )
    assert {"Utfall helår", "Resultat mot ram", "Färger i diagrammet Utfall helår:"} <= set(summary)
    assert not [t for t in summary if "prognos" in t.lower() and not t.startswith("• Åtgärdsplanen")]
    assert {"Utfall helår", "Resultat mot budget"} <= set(cell_texts(rows_of(report, "Ekonomi")))
    assert {"Utfall helår", "Status helår"} <= set(cell_texts(rows_of(report, "Nyckeltal")))
    assert "Årets resultat sämre än budgetram" in cell_texts(rows_of(report, "Avvikelser"))
    word = Document(str(write_word(result, tmp_path / "outbox")))
    headers = [[c.text for c in table.rows[0].cells] for table in word.tables]
    assert ["Id", "Nyckeltal", "Målvärde", "Utfall helår", "Status"] in headers
    assert ["Division", "Budgetram", "Utfall helår", "Resultat mot ram"] in headers
    assert ["Division", "Kontogrupp", "Budget helår", "Utfall helår", "Kommentar"] in headers
    assert not [h for row in headers for h in row if h in ("Helårsprognos", "Prognos mot ram")]


def test_the_years_result_against_the_planned_result_in_the_word_draft(tmp_path):
    """Seed 003's one förvaltning: a November forecast of −400 left at year end, the year ended −300 (enligt plan)."""
    plan = through_xlsx(seed003_plan(), tmp_path / "plan.xlsx")
    edits = {
        ("Ekonomi", "EK", "actual"): float(FRAME_003["EK"] - 300),
        ("Ekonomi", "EK", "forecast"): float(FRAME_003["EK"] - 400),
    }
    result = run(tmp_path, plan, HELAR, {HSF: edits}, [HSF])
    note = (
        "Årets resultat visar underskott 300,0 mkr mot budgetramen −6\xa0894,0 mkr "
        "och planerat resultat 2025 −345,0 mkr: enligt plan."
    )
    assert forecast_note(result) == note
    assert of_rule(result, Rule.RESULT_DEFICIT) == of_rule(result, Rule.FORECAST_DEFICIT) == []  # −400 would not be
    word = Document(str(write_word(result, tmp_path / "outbox")))
    assert note in [p.text for p in word.paragraphs]


def test_a_key_figures_forecast_at_year_end_is_its_outcome(plan, tmp_path):
    typed = {("Nyckeltal", "N01", "outcome"): 4.2, ("Nyckeltal", "N01", "forecast"): 3.9}
    result = demo_run(tmp_path, plan, HELAR, {"MED": typed})
    (med,) = [k for k in result.key_figures if (k.id, k.division_id) == ("N01", "MED")]
    assert (med.outcome, med.forecast, med.forecast_status) == (D("4.2"), D("4.2"), med.status)
    (total,) = [k for k in result.key_figures if k.id == "N01" and k.is_total]
    assert (total.outcome, total.forecast) == (D("4.21"), D("4.21"))  # the nämnd's outcome, its forecast too
    (warning,) = of_rule(result, Rule.YEAR_END_FORECAST)
    assert (warning.file, warning.sheet) == ("MED.xlsx", "Nyckeltal")
    assert warning.cell == cell(tmp_path, plan, HELAR, "MED", "Nyckeltal", "N01", "forecast")
    assert warning.message == (
        "Helårsprognosen för nyckeltal N01 är 3,9 men utfallet 4,2. "
        "I årsrapporten är helårsprognosen årets utfall, så utfallet används."
    )
    assert stored(result, "MED", "nyckeltal", "N01") == {
        "outcome": "4.2",
        "forecast": "4.2",  # not the 3,9 typed
        "denominator": "100",
        "status": "Uppfyllt",
    }


def test_the_periodised_budget_at_year_end_is_the_budget_helar(plan, tmp_path):
    """Left blank: no error, the year's budget (the nämnd total's too); typed otherwise: warned."""
    kir_ek = plan.frame("KIR", 2025).amounts["EK"]
    changes = {
        "MED": {("Ekonomi", "EK", "periodised"): None},
        "KIR": {("Ekonomi", "EK", "periodised"): round(float(kir_ek * 11 / 12), 1)},  # November's, left in the file
    }
    result = demo_run(tmp_path, plan, HELAR, changes)
    assert not [f for f in result.findings if f.rule is Rule.REQUIRED_MISSING and f.sheet == "Ekonomi"]
    rows = {(e.division_id, e.group_id): e for e in result.economy}
    assert rows[("MED", "EK")].periodised == MED_EK and rows[("KIR", "EK")].periodised == kir_ek
    total, own = result.economy_total, plan.board_frame(2025).netto  # the nämnd's own frame: −3,5
    assert total.periodised == total.budget == sum((plan.frame(d.id, 2025).netto for d in plan.divisions), own)
    (warning,) = of_rule(result, Rule.YEAR_END_PERIODISED)
    assert (warning.file, warning.cell) == (
        "KIR.xlsx",
        cell(tmp_path, plan, HELAR, "KIR", "Ekonomi", "EK", "periodised"),
    )
    assert warning.message == (
        "Periodiserad budget för Externa kostnader är −1\xa0051,7 mkr men budget helår −1\xa0147,3 mkr. "
        "I årsrapporten är periodiserad budget hela årets budget, så budget helår används."
    )


def test_during_the_year_the_typed_forecast_stands(plan, tmp_path):
    """T1 with the same forecast: it is the forecast, worded as one, with no year-end finding."""
    t1 = {("Ekonomi", "EK", "forecast"): float(MED_EK - 50), ("Ekonomi", "EK", "comment"): "Inhyrd personal."}
    result = demo_run(tmp_path, plan, T1, {"MED": {**t1, ("Ekonomi", NETTO_ID, "comment"): "Underskott."}})
    (ek,) = [e for e in result.economy if (e.division_id, e.group_id) == ("MED", "EK")]
    assert ek.forecast == D("-1332.4") and ek.actual != ek.forecast
    assert result.economy_total.forecast_deviation == D(-50)
    assert forecast_note(result) == "Helårsprognosen visar underskott 50,0 mkr mot budgetramen."
    assert of_rule(result, Rule.YEAR_END_FORECAST) == of_rule(result, Rule.RESULT_DEFICIT) == []
    assert of_rule(result, Rule.FORECAST_DEFICIT)[0].message.startswith(
        "Division Medicin: helårsprognos −1\xa0167,4 mkr"
    )
    report = write_report(result, tmp_path / "outbox")[0]
    assert {"Helårsprognos", "Prognos mot ram"} <= set(cell_texts(rows_of(report, "Sammanfattning")))


def test_a_measures_effect_at_year_end_is_the_achieved_one(plan, tmp_path):
    """A November forecast of an effect left in the helår file is warned about and not used; a blank one is no
    error. The Åtgärdsplan's sums (and the comparison with the besparingskrav) are of the achieved effects."""
    changes = {
        "MED": {("Åtgärdsplan", "A1", "achieved"): 3, ("Åtgärdsplan", "A1", "forecast"): 6},
        "KIR": {("Åtgärdsplan", "A1", "forecast"): None},
    }
    result = demo_run(tmp_path, plan, HELAR, changes)
    assert not [f for f in result.findings if f.rule is Rule.REQUIRED_MISSING and f.sheet == "Åtgärdsplan"]
    assert of_rule(result, Rule.YEAR_END_FORECAST) == []  # an effect is no utfall (the tester's finding)
    (warning,) = of_rule(result, Rule.YEAR_END_EFFECT)
    assert (warning.file, warning.sheet, warning.severity) == ("MED.xlsx", "Åtgärdsplan", Severity.WARNING)
    assert warning.cell == cell(tmp_path, plan, HELAR, "MED", "Åtgärdsplan", "A1", "forecast")
    assert warning.message == (
        "Prognosen för effekten av åtgärd A1 är 6,0 mkr men uppnådd effekt 3,0 mkr. "
        "I årsrapporten är uppnådd effekt årets effekt, så den används."
    )
    assert warning.rule.heading == "Effektprognos skiljer sig från uppnådd effekt"
    (a1,) = [m for m in result.measures if m.id == "A1"]
    assert (a1.achieved, a1.forecast, a1.forecast_deviation, a1.missing) == (D(5), D(5), D(-15), "")  # 3 + 1 + 1
    assert stored(result, "", "atgard", "A1")["forecast"] == "5.000"
    # Källor traces the effect to the achieved effect's cell, never to the forecast the report does not use
    med_a1 = {s.metric: (s.value, s.cell) for s in result.sources if (s.division_id, s.item) == ("MED", "A1")}
    assert med_a1 == {
        "Uppnådd effekt hittills (mkr)": (D(3), cell(tmp_path, plan, HELAR, "MED", "Åtgärdsplan", "A1", "achieved"))
    }

    report = write_report(result, tmp_path / "outbox")[0]  # the årsrapport speaks of the year's effects
    sheet = rows_of(report, "Åtgärdsplan")
    (header,) = [row for row in sheet if row[:2] == ("Id", "Åtgärd")]
    assert header[4:7] == ("Uppnådd helår", "Effekt helår", "Resultat mot plan")
    (against,) = [row for row in sheet if row[1] == "Resultat mot besparingskrav"]
    assert against[5] == float(sum(m.forecast for m in result.measures) - plan.savings_required[2025])
    assert "Prognos" not in " ".join(str(v) for row in sheet for v in row if v)
    word = Document(str(write_word(result, tmp_path / "outbox")))
    (table,) = [t for t in word.tables if t.rows[0].cells[1].text == "Åtgärd"]
    assert [c.text for c in table.rows[0].cells[3:5]] == ["Effekt helår", "Resultat mot plan"]
    assert "Resultat mot besparingskrav" in [row.cells[1].text for row in table.rows]


def test_during_the_year_a_measures_forecast_is_required_and_stands(plan, tmp_path):
    changes = {"MED": {("Åtgärdsplan", "A1", "forecast"): 6}, "KIR": {("Åtgärdsplan", "A1", "forecast"): None}}
    result = demo_run(tmp_path, plan, T1, changes)
    (missing,) = [f for f in result.findings if f.rule is Rule.REQUIRED_MISSING and f.sheet == "Åtgärdsplan"]
    assert (missing.file, missing.cell) == (
        "KIR.xlsx",
        cell(tmp_path, plan, T1, "KIR", "Åtgärdsplan", "A1", "forecast"),
    )
    (a1,) = [m for m in result.measures if m.id == "A1"]
    assert a1.forecast == D(8) and a1.missing == "Division Kirurgi"  # MED's 6 + NV's 2; KIR's unknown
    assert of_rule(result, Rule.YEAR_END_FORECAST) == of_rule(result, Rule.YEAR_END_EFFECT) == []


def test_the_namnds_own_frame_counts_as_its_utfall_so_the_total_has_one_years_result(plan, tmp_path):
    """Nobody reports the nämnd's own frame (−3,5): the total's Utfall ack. left it out while Utfall helår (the
    forecast) had it, two different results for the year in one row. At year end it counts as its frame, named."""
    result = demo_run(tmp_path, plan, HELAR, {"MED": STALE})
    total, own = result.economy_total, plan.board_frame(2025).netto
    assert own == D("-3.5") and total.actual == total.forecast == total.budget - 20
    assert (total.deviation, total.forecast_deviation) == (D(-20), D(-20))
    (board,) = [o for o in result.economy_overview if o.board_level]
    assert (board.division, board.actual, board.periodised, board.forecast) == (
        "Nämnden (egen ram, utfall = budget)",
        own,
        own,
        own,
    )
    assert D(stored(result, "", "ekonomi", NETTO_ID)["actual"]) == total.actual  # history has one result too
    report = write_report(result, tmp_path / "outbox")[0]
    (summary,) = [r for r in rows_of(report, "Sammanfattning") if r[0] == "Nämnden totalt"]
    assert summary[3] == summary[5] == float(total.actual)  # Utfall ack. and Utfall helår of the nämnd agree
    sheet = rows_of(report, "Ekonomi")  # per account group too
    start = next(i for i, r in enumerate(sheet) if r[0] == "Nämnden totalt per kontogrupp")
    (netto,) = [r for r in sheet[start:] if r[0] == "Netto"]
    assert netto[1:5] == (float(total.budget), float(total.budget), float(total.actual), float(total.actual))


def test_the_year_end_headings_read_as_swedish_sentences():
    assert [r.heading for r in (Rule.YEAR_END_FORECAST, Rule.YEAR_END_EFFECT, Rule.YEAR_END_PERIODISED)] == [
        "Helårsprognos skiljer sig från årets utfall",
        "Effektprognos skiljer sig från uppnådd effekt",
        "Periodiserad budget skiljer sig från helårsbudgeten",
    ]
