"""The Word draft's economy and status columns: the periodised budget per account group, and the årsrapport's
columns that are by construction another's shown once ("Utfall helår", not "Utfall ack." beside it).

The secretary read the outcome to date per kontogrupp against the full year's budget (no periodised
budget in the draft, though the workbook's Ekonomi sheet has it), and the årsrapport's tables showed
the same numbers twice: at year end the periodised budget is the budget helår, the utfall ack. the
year's utfall and a measure's achieved effect its effect for the year.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest

from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.demo.plan import demo_plan
from reporting.demo.submissions import write_demo_submissions
from reporting.intake.run import run_intake
from reporting.output.economy_words import OWN_FRAME_DURING_YEAR, ZERO, amount_text, economy_label
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.swedish import format_number
from reporting.template.spec import NETTO_ID
from reporting.workspace import Workspace

HELAR = Period(2025, "helar")
GROUPS_T1 = ["Division", "Kontogrupp", "Budget helår", "Periodiserad budget", "Utfall ack.", "Helårsprognos"]


def _amount(text: str) -> Decimal:
    if text == ZERO:  # a zero amount, as the workbook's cell shows it
        return Decimal(0)
    return Decimal(text.replace("−", "-").replace("\u00a0", "").replace(" ", "").replace(",", "."))


def _tables(path: Path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(path)).tables]


def _table(tables: list[list[list[str]]], first: list[str]) -> list[list[str]]:
    """The table whose header starts with ``first``."""
    return next(t for t in tables if t[0][: len(first)] == first)


@pytest.fixture(scope="module")
def t1(tmp_path_factory, demo_t1) -> tuple[Consolidation, list[list[list[str]]]]:
    result = demo_t1()[1]
    return result, _tables(write_word(result, tmp_path_factory.mktemp("word-t1")))


@pytest.fixture(scope="module")
def helar(tmp_path_factory) -> tuple[Consolidation, list[list[list[str]]]]:
    """The demo's årsrapport: every division but the Hälso- och sjukvårdsdirektör reports the year."""
    plan, ws = demo_plan(), Workspace(tmp_path_factory.mktemp("word-helar"))
    write_demo_submissions(plan, HELAR, ws.inbox)
    result = consolidate(plan, run_intake(ws, plan, HELAR))
    return result, _tables(write_word(result, ws.outbox))


def test_each_account_group_shows_its_periodised_budget_as_the_workbook_has_it(t1):
    result, tables = t1
    groups = _table(tables, GROUPS_T1)
    assert groups[0] == [*GROUPS_T1, "Kommentar"]
    rows = {(row[0], row[1]): row for row in groups[1:]}
    assert rows["Division Medicin", "Externa kostnader"][2:6] == ["−1\u00a0282,4", "−427,5", "−418,4", "−1\u00a0260,7"]
    for e in result.economy:  # every row's periodised budget is the consolidation's (the Ekonomi sheet's), in mkr
        shown = rows[e.division, e.group][3]
        assert shown == amount_text(e.periodised, 1)  # "–" for a zero, as the workbook's cell
    assert rows["Hälso- och sjukvårdsdirektör", "Netto"][3] == ""  # not in: no amount, never 0


def test_the_periodised_totals_are_the_exact_sums_of_the_group_rows(t1):
    result, tables = t1
    groups = _table(tables, GROUPS_T1)[1:]
    total = economy_label(result.economy_total.division, result.plan, result.period)
    summed_over = {e.division for e in result.economy if e.submitted} | {OWN_FRAME_DURING_YEAR}  # HSD is not in
    for gid, group in {(e.group_id, e.group) for e in result.economy}:
        (summed,) = [row for row in groups if row[:2] == [total, group]]
        parts = [row for row in groups if row[1] == group and row[0] in summed_over]
        assert len(parts) == len(summed_over)
        for col in (2, 3, 4, 5):  # budget, periodised, utfall ack., prognos: the rows add up to the total, exactly
            assert _amount(summed[col]) == sum((_amount(row[col]) for row in parts if row[col]), Decimal(0))
        if gid == NETTO_ID:
            assert _amount(summed[3]) == result.economy_total.periodised == Decimal("-972.9")


def test_a_plan_in_tkr_shows_the_periodised_budget_in_whole_tkr(seed002_run, tmp_path):
    result = seed002_run[1]
    groups = _table(_tables(write_word(result, tmp_path)), GROUPS_T1)
    rows = {(row[0], row[1]): row for row in groups[1:]}
    shown = [e for e in result.economy if e.submitted and e.periodised]
    assert shown and all(rows[e.division, e.group][3] == amount_text(e.periodised, 0) for e in shown)
    assert all("," not in rows[e.division, e.group][3] for e in shown)


def test_the_arsrapport_shows_each_by_construction_equal_column_once(helar):
    result, tables = helar
    headers = [t[0] for t in tables]
    assert ["Id", "Nyckeltal", "Målvärde", "Utfall helår", "Status"] in headers
    assert ["Division", "Budgetram", "Utfall helår", "Resultat mot ram"] in headers
    assert ["Division", "Kontogrupp", "Budget helår", "Utfall helår", "Kommentar"] in headers
    measures = ["Id", "Åtgärd", "Planerad effekt", "Effekt helår", "Resultat mot plan", "Ej rapporterat av"]
    assert measures in headers
    assert not [h for h in headers if "Utfall ack." in h or "Periodiserad budget" in h or "Uppnådd helår" in h]
    # the kept column is the year's utfall: the consolidation's (its forecast is its outcome there)
    overview = _table(tables, ["Division", "Budgetram"])
    medicin = next(row for row in overview if row[0] == "Division Medicin")
    netto = next(o for o in result.economy_overview if o.division == "Division Medicin")
    assert medicin[2:] == [format_number(netto.actual, 1), format_number(netto.actual - netto.budget, 1)]
    assert medicin[2:] == ["−1\u00a0088,2", "29,2"]
    n01 = next(row for t in tables for row in t if row[0] == "N01")
    total = next(k for k in result.key_figures if k.id == "N01" and k.is_total)
    assert n01[3:] == [format_number(total.outcome, 2), total.status_label] == ["4,42", "✔ Uppfyllt"]
    a1 = next(row for row in _table(tables, measures) if row[0] == "A1")
    assert a1[2:5] == ["20,0", "14,2", "−5,8"]


def test_during_the_year_equal_values_keep_both_columns(t1, tmp_path):
    """Columns that merely happen to be equal in the data (a forecast that is the utfall) are not dropped."""
    result = t1[0]
    same = [replace(k, forecast=k.outcome) for k in result.key_figures]
    tables = _tables(write_word(replace(result, key_figures=same), tmp_path))
    header = ["Id", "Nyckeltal", "Målvärde", "Utfall", "Helårsprognos", "Status"]
    n01: Any = next(row for t in tables if t[0] == header for row in t if row[0] == "N01")
    total = next(k for k in same if k.id == "N01" and k.is_total)
    assert n01[3] == n01[4] == format_number(total.outcome, 2) == "4,08"
