"""Totals over a division reported by some of its units cover one base and say what they leave out.

See part_region: Medicin's Enhet 0009 sent nothing and Enhet 0005's file was rejected, so Medicin is
Enhet 0001 alone.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest

from helpers import rows_of
from part_region import region_plan
from reporting.cli.summary import summarise
from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.gaps import board_gaps
from reporting.consolidate.investments import investment_total
from reporting.consolidate.labels import TOTAL
from reporting.consolidate.tables import measure_total
from reporting.consolidate.totals import given_rule as _given_rule
from reporting.output import word_investments
from reporting.output.notices import forecast_note
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.template.answers import KeyFigureAnswer

MED = "Division Medicin"
LEFT_OUT = "Enhet 0009; avvisad: Enhet 0005"  # Medicin's units not in, as a table's list names them
SAID = "Enhet 0009, som inte har kommit in, och Enhet 0005, vars fil avvisades"  # as an exkl. says them
SAID_IN = (  # the same in the nämnd's texts, each unit in its division
    "Enhet 0009 i Division Medicin, som inte har kommit in, och Enhet 0005 i Division Medicin, vars fil avvisades"
)


@pytest.fixture(scope="module")
def region(tmp_path_factory, part_region) -> tuple[Consolidation, Path]:
    """region_in_part's consolidation (conftest, once per session) and its report."""
    result = part_region()[1]
    return result, write_report(result, tmp_path_factory.mktemp("part") / "outbox")[0]


def _medicin_objects(result: Consolidation, unit: str) -> list[int]:
    return [i.amount for i in result.investments if i.division == MED and i.unit == unit]


def test_objects_of_units_not_in_read_so_and_stay_out_of_the_investment_total(region):
    """The objects of Enhet 0009 (sent nothing) and Enhet 0005 (rejected) have no upparbetat: the Summa leaves
    their budget out too and names the units, the whole budget on the row below."""
    result, report = region
    statuses = {(i.unit, i.status) for i in result.investments if i.division == MED}
    assert {s for u, s in statuses if u == "Enhet 0009"} == {"Ej inkommen"}
    assert {s for u, s in statuses if u == "Enhet 0005"} == {"Avvisad"}
    out = sum(_medicin_objects(result, "Enhet 0009") + _medicin_objects(result, "Enhet 0005"))
    assert out == 16920 + 147 + 600 + 90 + 80 + 300 + 704 + 242 + 365 + 623  # the plan's objects of the two units
    total = investment_total(result.investments)
    assert total.label == f"Summa (exkl. {LEFT_OUT} i {MED})"
    assert total.amount_all == sum(i.amount for i in result.investments)
    assert total.amount == total.amount_all - out
    assert total.spent == sum(i.spent for i in result.investments if i.spent is not None)
    rows = rows_of(report, "Investeringar")
    summa = next(r for r in rows if r[1] == total.label)
    assert (summa[5], summa[7]) == (total.amount, total.spent)
    assert next(r for r in rows if r[1] == "Budget, alla investeringar")[5] == total.amount_all


def _word_rows(path: Path, header: str) -> list[list[str]]:
    (table,) = [t for t in docx.Document(str(path)).tables if header in [c.text for c in t.rows[0].cells]]
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_the_word_drafts_division_sum_covers_the_units_that_reported_and_says_so(region, tmp_path, monkeypatch):
    """Medicin's Summa is Enhet 0001's two objects (620 + 186 tkr, upparbetat 382 + 174), named "exkl.", whether
    the draft lists the objects or, for many, only the sums per division."""
    result, _ = region
    name = f"{MED} (exkl. {LEFT_OUT})"
    rows = word_investments.object_rows(result)
    assert next(r for r in rows if str(r[1]).startswith(f"Summa {MED}"))[1:6] == [f"Summa {name}", "", 806, "", 556]
    monkeypatch.setattr(word_investments, "WORD_OBJECTS_MAX", 10)  # 36 objects: summed per division
    draft = write_word(result, tmp_path)
    medicin = next(r for r in _word_rows(draft, "Antal objekt") if r[0].startswith(MED))
    assert medicin == [name, "2", "806", "556", "0"]


def test_the_atgardsplan_sums_the_units_that_reported_and_sets_no_part_against_the_plan(region):
    """Every division gave every measure, Medicin from Enhet 0001 alone: the Summa is over all six measures (it
    used to leave every one out and read 0,0), the effects named exkl. the units; the plan has no unit's share of
    a planned effect, so neither Prognos mot plan nor Prognos mot besparingskrav is computed."""
    result, report = region
    total = measure_total(result.measures)
    assert total.left_out == ()
    assert total.label == f"Summa (effekterna exkl. {SAID_IN})"
    assert (total.planned, total.forecast, total.forecast_deviation) == (Decimal(51), Decimal("31.8"), None)
    assert total.forecast == sum(m.forecast for m in result.measures)
    rows = rows_of(report, "Åtgärdsplan")
    summa = next(r for r in rows if r[1] == total.label)
    assert summa[3:7] == (51, 9.7, 31.8, None)
    assert not any(r[1] == "Prognos mot besparingskrav" for r in rows)
    note = next(r[0] for r in rows_of(report, "Sammanfattning") if str(r[0]).startswith("• Åtgärdsplanen"))
    assert note == (
        f"• Åtgärdsplanen: prognos helår 31,8 mkr från de enheter som har rapporterat (exkl. {SAID_IN}); "
        "planerad effekt 51,0 mkr gäller alla enheter och ställs mot prognosen först när alla har rapporterat "
        "(besparingskrav 51,0 mkr)."
    )


def test_units_without_a_forecast_are_named_where_the_forecast_is_empty(region):
    """Enhet 0006 typed "ej klart" as its N04 forecast: Kirurgi's and the nämnd's forecasts stay empty (never two
    units' forecast beside three units' outcome), and both notes name the unit that empties them."""
    result, report = region
    kirurgi, total = (k for k in result.key_figures if k.id == "N04" and k.division in ("Division Kirurgi", TOTAL))
    assert (kirurgi.forecast, total.forecast) == (None, None)
    assert kirurgi.analysis.splitlines()[0] == "helårsprognos saknas för Enhet 0006"
    assert total.analysis == (  # the units of Medicin it leaves out too, as history stores them
        "vägt med antalen (nämnarna) exkl. Enhet 0005, Enhet 0009 i Division Medicin; "
        "helårsprognos saknas för Enhet 0006 i Division Kirurgi"
    )
    medicin = next(k for k in result.key_figures if k.id == "N04" and k.division_id == "MED")
    assert medicin.analysis.splitlines()[0] == f"exkl. {SAID}"  # a forecast from each unit counted: no gap
    row = next(r for r in rows_of(report, "Nyckeltal") if r[0] == "N04" and r[1] == "Division Kirurgi")
    assert str(row[8]).splitlines()[0] == "helårsprognos saknas för Enhet 0006"


def test_sammanfattning_says_a_division_from_some_of_its_units_is_in_in_part(region):
    """Status beside Medicin's economy, which covers Enhet 0001 alone, says how many units are in, as Inlämningar
    does ("Inkommen från 1 av 3 enheter"); the divisions all of whose units are in read "Inkommen"."""
    _, report = region
    rows = rows_of(report, "Sammanfattning")
    header = next(n for n, r in enumerate(rows) if r[0] == "Division")
    status = {r[0]: r[7] for r in rows[header + 1 : header + 8] if r[0]}
    assert status[f"{MED} (exkl. {SAID})"] == "Delvis inkommen (1 av 3 enheter)"
    assert status["Division Kirurgi"] == status["Division nära vård"] == "Inkommen"
    assert next(r[1] for r in rows_of(report, "Inlämningar") if r[0] == MED).startswith("Inkommen från 1 av 3")


def test_a_rejected_unit_is_named_rejected_on_the_console_and_in_the_namnd_total(region, capsys):
    """Enhet 0005's file came in and was rejected: as Inlämningar and Medicin's rows, the console and the nämnd
    total (Sammanfattning, Ekonomi) say "avvisad", never that it is missing."""
    result, report = region
    summarise(result)
    line = next(s for s in capsys.readouterr().out.splitlines() if s.startswith("Konsoliderat"))
    assert line == f"Konsoliderat: 4 av 4 divisioner; saknas: Enhet 0009 i {MED}; avvisad: Enhet 0005 i {MED}."
    total = f"{TOTAL} (exkl. {SAID_IN})"
    assert result.economy_total.division == total
    shown = f"{total[:-1]}; egen ram ingår inte i periodiserad budget och utfall)"  # the tables say the own frame's
    assert shown in {r[0] for r in rows_of(report, "Sammanfattning")}
    assert f"{shown} per kontogrupp" in {r[0] for r in rows_of(report, "Ekonomi")}
    assert forecast_note(result).startswith(f"Helårsprognosen (exkl. {SAID_IN})")


def test_a_divisions_own_file_is_named_for_its_gap_and_at_year_end_the_forecast_is_never_one():
    """A division's own file without a forecast is named by the division; at year end the forecast is the outcome
    (keyfigures._row), so no note says it is missing, while last year still can be."""
    kirurgi = KeyFigureAnswer(outcome=Decimal(70), last_year=None, forecast=None)
    medicin = KeyFigureAnswer(outcome=Decimal(68), last_year=Decimal(55), forecast=Decimal(66))
    divisions = [("Division Kirurgi", kirurgi, None), (MED, medicin, None)]
    given = _given_rule(next(k for k in region_plan().key_figures if k.id == "N04"))
    assert board_gaps(given, divisions, "N04", year_end=False) == (
        "samma period föregående år saknas för Division Kirurgi; helårsprognos saknas för Division Kirurgi"
    )
    assert (
        board_gaps(given, divisions, "N04", year_end=True) == "samma period föregående år saknas för Division Kirurgi"
    )
