"""qa35r #5, #8, #9: the meeting papers say how to read the economy tables, spell a zero amount as the workbook does,
and say that the nämnd's own frame is not in the periodised budget and utfall during the year.

The demo's 2025-T1 report (workbook and Word draft) and its årsrapport, each written once for this module.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from reporting.demo.submissions import write_demo_submissions
from reporting.plan.periods import Period
from reporting.workflow import run_period
from reporting.workspace import Workspace

T1, HELAR = Period(2025, "T1"), Period(2025, "helar")
NOTE_T1 = (
    "Så läses beloppen: kostnader är negativa och intäkter positiva. Avvikelse = utfall − periodiserad budget, "
    "Prognos mot ram/budget = helårsprognos − budget; plus betyder bättre än budget, minus sämre. "
    "Avvikelse (%) är i procent av periodiserad budget. – betyder noll. Varje belopp visas avrundat för sig och "
    "summor och avvikelser räknas på de exakta beloppen, så avrundningsdifferenser kan förekomma."  # qa36s D1
)
NOTE_HELAR = NOTE_T1.replace("Prognos mot ram/budget = helårsprognos", "Resultat mot ram/budget = utfall helår")
OWN_T1 = "Nämnden (egen ram, ingår inte i periodiserad budget och utfall)"
TOTAL_T1 = "Nämnden totalt (exkl. Hälso- och sjukvårdsdirektör; egen ram ingår inte i periodiserad budget och utfall)"


def _report(folder: Path, plan, period: Period) -> Path:
    ws = Workspace(folder)
    write_demo_submissions(plan, period, ws.inbox)
    return run_period(ws, plan, period, feedback=False, history=False).written[0]


@pytest.fixture(scope="module")
def t1(tmp_path_factory, plan) -> Path:
    return _report(tmp_path_factory.mktemp("out35-t1"), plan, T1)


@pytest.fixture(scope="module")
def helar(tmp_path_factory, plan) -> Path:
    return _report(tmp_path_factory.mktemp("out35-helar"), plan, HELAR)


def _lines_after(ws, first_row: int) -> str:
    """The one-line notes written from ``first_row`` down (column A), joined as the sentence they wrap."""
    lines = []
    for row in ws.iter_rows(min_row=first_row, max_col=1):
        if not isinstance(row[0].value, str) or not row[0].font.i:
            break
        lines.append(row[0].value)
    return " ".join(lines)


def _row_of(ws, text: str) -> int:
    return next(cell.row for (cell,) in ws.iter_rows(max_col=1) if cell.value == text)


def _draft(path: Path) -> docx.document.Document:
    return docx.Document(str(path.with_suffix(".docx")))


def test_the_sign_convention_stands_under_every_economy_table(t1, helar):
    wb = load_workbook(t1)
    summary, ekonomi = wb["Sammanfattning"], wb["Ekonomi"]
    assert _lines_after(summary, _row_of(summary, TOTAL_T1) + 2) == NOTE_T1  # under the Nämnden total, frame row
    divisions = [c.value for (c,) in ekonomi.iter_rows(min_row=5, max_col=1)]
    end = 5 + divisions.index(None)  # the table's first empty row
    assert _lines_after(ekonomi, end + 1).startswith(NOTE_T1)  # the first note under the table
    paragraphs = [p.text for p in _draft(t1).paragraphs]
    assert paragraphs[paragraphs.index("Ekonomi (mkr)") + 1] == NOTE_T1  # right under the table
    year = load_workbook(helar)["Sammanfattning"]
    total = next(c.value for (c,) in year.iter_rows(max_col=1) if str(c.value).startswith("Nämnden totalt"))
    assert _lines_after(year, _row_of(year, total) + 2) == NOTE_HELAR
    assert NOTE_HELAR in [p.text for p in _draft(helar).paragraphs]


def test_a_zero_amount_is_a_dash_in_the_workbook_and_the_draft_alike(t1):
    ekonomi = load_workbook(t1)["Ekonomi"]
    row = next(
        r for r in ekonomi.iter_rows(min_row=5) if (r[0].value, r[1].value) == ("Division Kirurgi", "Interna intäkter")
    )
    assert [c.value for c in row[2:6]] == [0, 0, 0, 0]
    assert row[2].number_format.endswith(';"–"')  # the workbook's zero section
    table = next(t for t in _draft(t1).tables if [c.text for c in t.rows[0].cells[:2]] == ["Division", "Kontogrupp"])
    cells = next(
        [c.text for c in r.cells]
        for r in table.rows
        if r.cells[0].text == "Division Kirurgi" and r.cells[1].text == "Interna intäkter"
    )
    assert cells == ["Division Kirurgi", "Interna intäkter", "–", "–", "–", "–", ""]  # was "0,0" in each


def test_a_zero_count_is_0_and_a_dash_alone_is_never_a_status(t1):
    wb = load_workbook(t1)
    summary = wb["Sammanfattning"]
    area = "Ledning, styrning och uppföljning av beslut och verksamhet"  # no key figures: every count 0
    counts = next(r for r in summary.iter_rows() if r[0].value == area)
    assert [c.value for c in counts[1:7]] == [0, 0, 0, 0, 0, 0]
    assert {c.number_format for c in counts[1:7]} == {'#,##0;"−"#,##0'}  # no zero section: "0", not "–"
    uppdrag = wb["Uppdrag"]
    texts = {c.value for row in uppdrag.iter_rows(min_row=5) for c in row if isinstance(c.value, str)}
    assert "–" not in texts and "Gäller ej" in texts  # an uppdrag that does not concern a division
    assert "Gäller ej divisionen" in texts  # the legend


def test_the_own_frame_and_the_total_say_what_their_periodised_budget_and_utfall_leave_out(t1, helar):
    summary = load_workbook(t1)["Sammanfattning"]
    own = next(r for r in summary.iter_rows(values_only=True) if r[0] == OWN_T1)
    total = next(r for r in summary.iter_rows(values_only=True) if r[0] == TOTAL_T1)
    assert own[1:5] == (-3.5, None, None, None) and round(total[2], 1) == -972.9
    ekonomi = [c.value for (c,) in load_workbook(t1)["Ekonomi"].iter_rows(max_col=1)]
    assert ekonomi.count(OWN_T1) == 6 and f"{TOTAL_T1} per kontogrupp" in ekonomi
    draft = _draft(t1)
    labels = {c.text for t in draft.tables for r in t.rows for c in r.cells[:1]}
    assert {OWN_T1, TOTAL_T1} <= labels and "Nämnden (egen ram)" not in labels
    year = [r[0] for r in load_workbook(helar)["Sammanfattning"].iter_rows(values_only=True)]
    assert "Nämnden (egen ram, utfall = budget)" in year  # at year end every column holds it: as before
    assert "Nämnden totalt (exkl. Hälso- och sjukvårdsdirektör)" in year
