"""The report's Nyckeltal sheet in the årsrapport: the year's outcome and its status once, not twice.

At year end the forecast is the outcome (consolidate.keyfigures), so "Utfall" beside "Utfall helår" and
"Status" beside "Status helår" repeated the same numbers and words in the meeting papers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import complete_edits, fill, rows_of, template_copy
from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.demo.plan import demo_plan
from reporting.intake.run import run_intake
from reporting.output.report import write_report
from reporting.plan.periods import Period
from reporting.workspace import Workspace

HEADERS = ["Id", "Nyckeltal / division (nämnden totalt i fetstil)", "Målvärde", "Utfall", "Samma period föregående år"]


def _run(tmp: Path, period: Period) -> Consolidation:
    """Division Medicin's complete file for ``period``, taken in and consolidated."""
    plan = demo_plan()
    ws = Workspace(tmp / period.key)
    ws.inbox.mkdir(parents=True)
    template = template_copy(plan, "MED", period, tmp / f"mall-{period.key}.xlsx")
    fill(template, complete_edits(plan, "MED"), ws.inbox / "MED.xlsx")
    return consolidate(plan, run_intake(ws, plan, period))


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[object]]]:
    tmp = tmp_path_factory.mktemp("year-end-columns")
    out = {}
    for period in (Period(2025, "helar"), Period(2025, "T1")):
        (path,) = write_report(_run(tmp, period), tmp / f"outbox-{period.key}")[:1]
        out[period.kind] = [list(r) for r in rows_of(path, "Nyckeltal")]
        out[f"{period.kind} mål"] = [list(r) for r in rows_of(path, "Finansiella mål")]
    return out


def test_the_arsrapport_shows_the_years_outcome_and_status_once(sheets):
    rows = sheets["helar"]
    assert rows[3] == ["Id", HEADERS[1], "Målvärde", "Utfall helår", HEADERS[4], "Status helår", "Analys och åtgärder"]
    medicin = next(r for r in rows if r[0] == "N01" and r[1] == "Division Medicin")
    assert len(medicin) == 7
    tertial = next(r for r in sheets["T1"] if r[0] == "N01" and r[1] == "Division Medicin")
    assert (medicin[3], medicin[4], medicin[5]) == (4.2105, tertial[4], "✔ Uppfyllt")  # the same file's values


def test_a_tertial_report_keeps_the_forecast_and_its_status_beside_the_outcome(sheets):
    assert sheets["T1"][3] == [*HEADERS, "Helårsprognos", "Status", "Prognos helår", "Analys och åtgärder"]


def test_the_financial_goals_say_where_their_outcomes_come_from_without_a_command(sheets):
    """The sheet goes into the meeting papers: no file name or command of the office's (language review)."""
    notes = [r[0] for r in sheets["T1 mål"] if r and isinstance(r[0], str) and r[0].startswith("Utfallen")]
    assert notes == [
        "Utfallen kommer från ekonomienheten (Centrala värden). Ej rapporterad = inget värde för perioden."
    ]
