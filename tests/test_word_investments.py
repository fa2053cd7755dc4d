"""The Word draft's Investeringar: a Summa per division and the workbook's total, with seed 000's own numbers.

Seed 000 lists 19 objects, SUMMA 47 363 tkr. In the demo the Hälso- och sjukvårdsdirektör (I09 350,
I15 300) has not reported, so the workbook's total is "Summa (exkl. …)" 46 713 and the whole budget
follows on a row of its own.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest

from helpers import rows_of
from reporting.demo.submissions import write_demo_submissions
from reporting.output import word_investments
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.workflow import RunResult, run_period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
HSD = "Hälso- och sjukvårdsdirektör"
TOTAL = f"Summa (exkl. {HSD})"


@pytest.fixture(scope="module")
def run(tmp_path_factory, plan) -> RunResult:
    ws = Workspace(tmp_path_factory.mktemp("word-investments"))
    write_demo_submissions(plan, T1, ws.inbox)
    return run_period(ws, plan, T1, feedback=False, history=False)


def _number(text: str) -> Decimal | None:
    if text == "–":  # a zero amount, as the workbook's tkr cell shows it
        return Decimal(0)
    return Decimal(text.replace("−", "-").replace("\u00a0", "").replace(",", ".")) if text else None


def _table(path: Path, first: str) -> list[list[str]]:
    (table,) = [
        t
        for t in docx.Document(str(path)).tables
        if t.rows[0].cells[0].text == first and "Budget (tkr)" in [c.text for c in t.rows[0].cells]
    ]
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_each_division_has_a_summa_of_its_objects_and_the_total_is_the_workbooks(run):
    draft = run.written[0].with_suffix(".docx")
    rows = _table(draft, "Id")
    sums = {row[1]: (_number(row[3]), _number(row[5])) for row in rows if not row[0]}
    assert {name: budget for name, (budget, _) in sums.items()} == {
        f"Summa {HSD}": Decimal(650),  # I09 350 + I15 300
        "Summa Division Medicin": Decimal(18137),  # 16 920 + 147 + 600 + 90 + 80 + 300
        "Summa Division Kirurgi": Decimal(15481),  # 75 + 1 360 + 546 + 500 + 13 000
        "Summa Division nära vård": Decimal(13095),  # 1 920 + 150 + 150 + 75 + 10 000 + 800
        TOTAL: Decimal(46713),
        "Budget, alla investeringar": Decimal(47363),  # the seed's SUMMA
    }
    for division in ("Division Medicin", "Division Kirurgi", "Division nära vård", HSD):
        objects = [row for row in rows if row[0] and row[1] == division]
        budget, spent = sums[f"Summa {division}"]
        assert budget == sum(_number(row[3]) or 0 for row in objects)
        assert spent == (None if division == HSD else sum(_number(row[5]) or 0 for row in objects))
    assert sums[TOTAL][1] == sum(spent or 0 for name, (_, spent) in sums.items() if name.startswith("Summa Division"))
    # the workbook's Investeringar: the same total and the same whole budget
    sheet = {r[1]: (r[5], r[7]) for r in rows_of(run.written[0], "Investeringar") if r[0] is None and r[1]}
    assert sheet[TOTAL] == (float(sums[TOTAL][0]), float(sums[TOTAL][1]))
    assert sheet["Budget, alla investeringar"][0] == 47363
    # the sums are set in bold, the objects not
    table = next(
        t
        for t in docx.Document(str(draft)).tables
        if t.rows[0].cells[0].text == "Id" and len(t.columns) == 7 and t.rows[1].cells[0].text.startswith("I")
    )
    bold = [all(r.bold for p in row.cells[1].paragraphs for r in p.runs) for row in table.rows[1:]]
    assert bold == [not row[0] for row in rows]


def test_thousands_of_objects_sum_per_division_to_the_workbooks_total(run, tmp_path, monkeypatch):
    monkeypatch.setattr(word_investments, "WORD_OBJECTS_MAX", 5)
    rows = _table(write_word(run.consolidation, tmp_path), "Division")
    assert [(row[0], row[1], _number(row[2]), row[4]) for row in rows] == [
        (HSD, "2", Decimal(650), "2"),
        ("Division Medicin", "6", Decimal(18137), "0"),
        ("Division Kirurgi", "5", Decimal(15481), "0"),
        ("Division nära vård", "6", Decimal(13095), "0"),
        (TOTAL, "17", Decimal(46713), "0"),
        ("Budget, alla investeringar", "19", Decimal(47363), ""),
    ]
    assert rows[0][3] == ""  # a division that has not reported has no upparbetat, not 0
