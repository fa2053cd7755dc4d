"""Issue 12.9 and 12.11 through plan.xlsx, the consolidation and the outputs: targets per year, a target
year, riket-relative targets judged against the stored Kolada value, and a plan without a diarienummer."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from edit_xml import edit_cells
from helpers import complete_edits, fill, rows_of, template_copy
from reporting.consolidate.consolidation import consolidate
from reporting.findings import Rule, Severity
from reporting.history.kolada import parse_kolada, store_kolada
from reporting.history.store import open_history
from reporting.history.trends import riket_values
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.plan.read import check_plan
from reporting.plan.targets import Direction, Status
from reporting.plan.write import write_plan
from reporting.template.write import build_template
from reporting.workflow import run_period
from reporting.workspace import Workspace

D = Decimal
T1 = Period(2025, "T1")
KPI = "U99999"


def _edit_plan(path: Path, rows: dict[str, dict[str, object]], extra: dict[str, dict[str, object]], out: Path) -> Path:
    """``path`` with Nyckeltal cells changed by (id, header), saved as ``out``; ``extra`` adds columns ("Mål 2025")
    after the last one."""

    def change(wb: Any) -> None:
        ws = wb["Nyckeltal"]
        headers = {c.value: c.column for c in ws[1]}
        for header in sorted({h for values in extra.values() for h in values}):
            ws.cell(1, ws.max_column + 1, header)
            headers[header] = ws.max_column
        row_of = {c.value: c.row for c in ws["A"]}
        for kf_id, values in [*rows.items(), *extra.items()]:
            for header, value in values.items():
                ws.cell(row_of[kf_id], headers[header], value)

    return edit_cells(path, change, out)


@pytest.fixture(scope="module")
def target_plan_read(tmp_path_factory, demo_plan_xlsx):
    """The demo plan with N04 on a path to 2027, N13 due 2027 without a path, N12 i nivå med riket; read once
    per module, pickled (each test unpickles a plan of its own)."""
    path = _edit_plan(
        demo_plan_xlsx,
        {
            "N04": {"Målvärde": "Minst 70 % senast 2027"},
            "N13": {"Målvärde": "Minst 90 % senast 2027"},
            "N12": {"Målvärde": "I nivå med riket", "Riktning": "Minst", "Kolada-id": KPI},
        },
        {"N04": {"Mål 2025": "60 %", "Mål 2026": 65}},
        tmp_path_factory.mktemp("target-plan") / "plan.xlsx",
    )
    read, findings = check_plan(path)
    assert findings == [] and read is not None
    return pickle.dumps(read)


@pytest.fixture
def target_plan(target_plan_read):
    return pickle.loads(target_plan_read)


def test_targets_per_year_and_the_target_year_are_read(target_plan):
    n04 = next(k for k in target_plan.key_figures if k.id == "N04")
    assert n04.target.target_year == 2027 and n04.target.value == D(70)
    assert {y: (t.text, t.direction, t.value, t.unit) for y, t in n04.targets.items()} == {
        2025: ("60 %", Direction.AT_LEAST, D(60), "%"),
        2026: ("65", Direction.AT_LEAST, D(65), "%"),  # a number cell: the målvärde's direction and unit
    }
    assert n04.target_for(2026).value == D(65) and n04.target_for(2027) is n04.target
    assert not n04.before_target_year(2025)  # the path gives 2025 its own target
    n13 = next(k for k in target_plan.key_figures if k.id == "N13")
    assert n13.before_target_year(2025) and n13.before_target_year(2026) and not n13.before_target_year(2027)
    assert all(k.targets == {} for k in target_plan.key_figures if k.id != "N04")


def test_targets_per_year_survive_writing_the_plan_again(target_plan, tmp_path):
    again, findings = check_plan(write_plan(tmp_path / "again.xlsx", target_plan))
    assert findings == [] and again is not None
    assert again.key_figures == target_plan.key_figures
    headers = list(rows_of(tmp_path / "again.xlsx", "Nyckeltal")[0])
    assert headers[-2:] == ["Mål 2025", "Mål 2026"]


def test_an_old_plan_has_no_year_columns_and_keeps_its_digest(plan, tmp_path):
    path = write_plan(tmp_path / "old.xlsx", plan)
    assert rows_of(path, "Nyckeltal")[0][-1] == "Kolada-id"
    read, _ = check_plan(path)
    assert read is not None and read.digest() == plan.digest()


def test_a_bad_year_target_is_an_error_at_its_cell(demo_plan_xlsx, tmp_path):
    path = _edit_plan(demo_plan_xlsx, {}, {"N04": {"Mål 2026": "Minst ,5"}}, tmp_path / "plan.xlsx")
    _, findings = check_plan(path)
    assert [(f.rule, f.sheet, f.cell) for f in findings] == [
        (Rule.PLAN_INVALID, "Nyckeltal", "K5")
    ]  # after Kolada-id (J)


def test_a_name_disagreeing_with_riktning_is_a_warning_and_the_plan_loads(demo_plan_xlsx, tmp_path):
    rows = {"N04": {"Nyckeltal": "Minska andelen som väntat"}}
    path = _edit_plan(demo_plan_xlsx, rows, {}, tmp_path / "plan.xlsx")
    read, findings = check_plan(path)
    assert read is not None
    assert [(f.rule, f.severity, f.cell) for f in findings] == [(Rule.TARGET_DIRECTION_NAME, Severity.WARNING, "B5")]
    assert 'Namnet säger "Minska"' in findings[0].message and 'målvärdet "Minst 64 %"' in findings[0].message


def _run(tmp_path, plan, edits, riket=None):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    template = template_copy(plan, "MED", T1, tmp_path / "med-template.xlsx")
    fill(template, edits, ws.inbox / "medicin.xlsx")
    return ws, consolidate(plan, run_intake(ws, plan, T1), riket)


def _med(result, kf_id):
    return next(k for k in result.key_figures if k.id == kf_id and k.division_id == "MED")


def _edits(plan):
    edits = complete_edits(plan, "MED")
    edits.update(
        {
            ("Nyckeltal", "N04", "outcome"): 62,  # 2025's target 60 % is met (the 2027 target 70 % is not yet)
            ("Nyckeltal", "N13", "outcome"): 50,  # far from 90 %, but 2027 is the target year
            ("Nyckeltal", "N13", "analysis"): "Plan till 2027.",
            ("Nyckeltal", "N12", "outcome"): 58,
        }
    )
    return edits


def test_the_period_year_picks_the_target_and_a_miss_before_the_target_year_is_partly(tmp_path, plan, target_plan):
    edits = _edits(plan)
    _, result = _run(tmp_path, target_plan, edits)
    assert (_med(result, "N04").target, _med(result, "N04").status) == ("60 %", "Uppfyllt")
    assert (_med(result, "N13").target, _med(result, "N13").status) == ("Minst 90 % senast 2027", "Delvis uppfyllt")
    assert _med(result, "N12").status == "Underlag saknas"  # riket-relative, no riket value given


def test_a_riket_relative_target_is_judged_against_riket(tmp_path, plan, target_plan):
    _, met = _run(tmp_path / "a", target_plan, _edits(plan), {"N12": D(55)})
    assert _med(met, "N12").status == "Uppfyllt"  # 58 ≥ riket 55
    _, missed = _run(tmp_path / "b", target_plan, _edits(plan), {"N12": D(70)})
    assert _med(missed, "N12").status == "Ej uppfyllt"  # 12 short of 70, tolerance 3,5
    total = next(k for k in missed.key_figures if k.id == "N12" and k.is_total)
    assert total.status == "Ej uppfyllt"


def test_later_years_compare_with_the_path_and_the_target_year_with_the_målvärde(tmp_path, target_plan):
    from reporting.consolidate.keyfigures import _status

    n04 = next(k for k in target_plan.key_figures if k.id == "N04")
    n13 = next(k for k in target_plan.key_figures if k.id == "N13")
    assert _status(target_plan, n04, Period(2026, "T1"), D(62), None) is Status.PARTLY  # 65: 3 short, tol. 3,25
    assert _status(target_plan, n04, Period(2027, "T1"), D(62), None) is Status.NOT_MET  # 70: 8 short
    assert _status(target_plan, n13, Period(2026, "helar"), D(50), None) is Status.PARTLY
    assert _status(target_plan, n13, Period(2027, "helar"), D(50), None) is Status.NOT_MET
    assert _status(target_plan, n13, Period(2026, "helar"), D(91), None) is Status.MET


def test_the_run_reads_riket_from_the_history_without_the_network(tmp_path, plan, target_plan):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    engine = open_history(ws.root)
    store_kolada(
        engine,
        parse_kolada(
            {"values": [{"kpi": KPI, "municipality": "0000", "period": 2024, "values": [{"gender": "T", "value": 55}]}]}
        ),
    )
    assert riket_values(engine, target_plan, 2025) == {"N12": D(55)}  # the latest stored value, as Tidsserier shows
    engine.dispose()
    fill(build_template(target_plan, "MED", T1, tmp_path / "t.xlsx"), _edits(plan), ws.inbox / "medicin.xlsx")
    result = run_period(ws, target_plan, T1, report=False, feedback=False, quiet=True)
    assert _med(result.consolidation, "N12").status == "Uppfyllt"


def test_the_template_and_the_controllers_check_use_the_years_target(tmp_path, plan, target_plan):
    template = build_template(target_plan, "MED", T1, tmp_path / "med-template.xlsx")
    shown = {row[0]: row[2] for row in rows_of(template, "Nyckeltal")[1:] if row[0] in ("N04", "N13")}
    assert shown == {"N04": "60 %", "N13": "Minst 90 % senast 2027"}  # 2025's own target; N13 has none
    edits = _edits(plan)
    edits[("Nyckeltal", "N04", "outcome")] = 40  # far below 2025's 60 %: an analysis is asked for
    del edits[("Nyckeltal", "N13", "analysis")]  # 50 of 90 % before 2027 is on the way, not missed
    _, result = _run(tmp_path, target_plan, edits)
    missed = [f for f in result.intake.findings if f.rule is Rule.TARGET_MISSED_NO_ANALYSIS]
    assert [(f.cell, f.message) for f in missed] == [
        ("I6", "Målet nås inte för nyckeltal N04 (60 %); skriv en analys."),
        ("J6", "Åtgärder saknas för nyckeltal N04 (60 %); beskriv vad som görs för att nå målet."),
        ("I10", "Målet nås delvis för nyckeltal N13 (Minst 90 % senast 2027); skriv gärna en analys."),
    ]
    assert (_med(result, "N04").status, _med(result, "N13").status) == ("Ej uppfyllt", "Delvis uppfyllt")
