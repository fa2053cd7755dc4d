"""The Word draft's forecast comparison with a division missing at both periods: the workbook's Tidsserier rows.

The demo's Hälso- och sjukvårdsdirektör never reports, so the nämnd total leaves it out and the
whole nämnd's frame follows on a row of its own; delår has T1's forecasts as the previous ones, and
the total's previous forecast is that of the divisions it covers (HSD left out then as now).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest

from helpers import rows_of
from reporting.demo.submissions import write_demo_submissions
from reporting.output.economy_words import amount_text
from reporting.plan.periods import Period
from reporting.workflow import run_period
from reporting.workspace import Workspace

T1, DELAR = Period(2025, "T1"), Period(2025, "delar")
HEADING = "Ekonomi: helårsprognos netto jämfört med föregående prognos (mkr)"


@pytest.fixture(scope="module")
def delar_report(tmp_path_factory, plan) -> Path:
    """T1 stored in the history, then delår's report and draft; the demo's HSD missing at both."""
    ws = Workspace(tmp_path_factory.mktemp("word-forecasts"))
    for period in (T1, DELAR):
        shutil.rmtree(ws.inbox, ignore_errors=True)
        write_demo_submissions(plan, period, ws.inbox)
        written = run_period(ws, plan, period, report=period == DELAR, feedback=False).written
    return written[0]


def _tidsserier(report: Path) -> list[list[Any]]:
    """Tidsserier's economy table, a row per division, total and frame: name, Budgetram, Tidigare, Aktuell, Förändring."""
    rows = rows_of(report, "Tidsserier")
    start = next(i for i, r in enumerate(rows) if r[1] == HEADING) + 2
    table = []
    for r in rows[start:]:
        if r[1] is None or r[2] is None:
            break
        table.append([r[1], *(None if v is None else Decimal(str(v)) for v in r[2:6])])
    return table


def _word_rows(draft: Path) -> list[list[str]]:
    (table,) = [t for t in docx.Document(str(draft)).tables if "Tidigare prognos" in [c.text for c in t.rows[0].cells]]
    assert [c.text for c in table.rows[0].cells] == [
        "Division",
        "Budgetram",
        "Tidigare prognos",
        "Aktuell prognos",
        "Förändring",
    ]
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_the_drafts_forecast_table_is_the_workbooks_with_a_division_missing(delar_report):
    report = _tidsserier(delar_report)
    word = _word_rows(delar_report.with_suffix(".docx"))
    shown = [
        [name, *(amount_text(None if v is None else Decimal(str(v)), 1) for v in values)] for name, *values in report
    ]
    assert word == shown  # the same rows, the same numbers
    names = [row[0] for row in word]
    assert names[-2:] == [
        "Nämnden totalt (exkl. Hälso- och sjukvårdsdirektör)",
        "Nämndens budgetram, alla divisioner och nämndens egen ram",
    ]
    assert all(any(cell for cell in row[1:]) for row in word)  # no row with nothing but its name
    assert word[-1][1:] == ["−3\u00a0161,8", "", "", ""]  # the whole frame: its budget, no forecast
    hsd = word[0]
    assert hsd == ["Hälso- och sjukvårdsdirektör", "−239,8", "", "", ""]  # never reported: its frame only
    divisions = {name: values for name, *values in report[1:4]}
    assert divisions["Division Medicin"][1:] == [Decimal("-1091.4"), Decimal("-1098.2"), Decimal("-6.8")]
    # the rows the total covers (the divisions that reported and the nämnd's own frame) add up to it, now and before
    covered = [values for name, *values in report[1:5]]
    total = report[5][1:]
    assert total[1] == sum(values[1] for values in covered) == Decimal("-2918.8")  # T1's, HSD left out as now
    assert total[2] == sum(values[2] for values in covered) == Decimal("-2897.1")
    assert total[3] == total[2] - total[1] == Decimal("21.7")
