"""qa35n #8: ``history kolada`` compares riket's ids and years with plan.xlsx and with the saved plans of the
periods of its year and the year before (archive/<period>/plan.xlsx): in January–March the office imports riket for
last year's årsrapport, judged against its saved plan, while plan.xlsx is already the new year's."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from reporting.cli import main
from reporting.demo.plan import demo_plan
from reporting.plan.model import Plan
from reporting.plan.period_plan import saved_plan_file
from reporting.plan.periods import Period
from reporting.plan.write import write_plan
from reporting.workspace import Workspace
from test_history_reorg import next_year


def _with_id(plan: Plan, kpi: str) -> Plan:
    return replace(plan, key_figures=[replace(k, kolada_id=kpi) if k.id == "N04" else k for k in plan.key_figures])


def _saved(ws: Workspace, period: Period, plan: Plan) -> None:
    path = saved_plan_file(ws, period)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_plan(path, plan)


def turn_of_the_year(tmp_path: Path) -> Workspace:
    """plan.xlsx is 2026's, without Kolada ids; 2025's T1 was judged against a plan without one, helår 2025 against
    one naming U99001 at N04; 2024's helår against one naming U77777 (two years back: no report of 2026 or 2025)."""
    ws = Workspace(tmp_path / "ws")
    ws.root.mkdir()
    write_plan(ws.plan, next_year(demo_plan()))
    _saved(ws, Period(2025, "T1"), demo_plan())
    _saved(ws, Period(2025, "helar"), _with_id(demo_plan(), "U99001"))
    _saved(ws, Period(2024, "helar"), replace(_with_id(demo_plan(), "U77777"), year=2024))
    return ws


def kolada(ws: Workspace, tmp_path: Path, values: dict[str, list[int]], *args: str) -> Any:
    rows = [
        {"kpi": kpi, "municipality": "0000", "period": year, "values": [{"gender": "T", "value": 61.0}]}
        for kpi, years in values.items()
        for year in years
    ]
    saved = tmp_path / "riket.json"
    saved.write_text(json.dumps({"values": rows}), "utf-8")
    out = CliRunner().invoke(main, ["history", "kolada", "-w", str(ws.root), str(saved), *args])
    assert out.exit_code == 0, out.output
    return out


def test_last_years_riket_for_an_id_of_last_years_saved_plan_is_no_value_shown_nowhere(tmp_path):
    ws = turn_of_the_year(tmp_path)
    assert kolada(ws, tmp_path, {"U99001": [2024]}).output == "riket.json: 1 värde importerat\n"  # no "Obs"
    facts = json.loads(kolada(ws, tmp_path, {"U99001": [2024]}, "--json").output)
    assert (facts["unused_kpis"], facts["other_years"], facts["plan_checked"]) == ([], [], True)


def test_an_id_only_last_years_saved_plan_names_is_said_for_the_new_years_reports(tmp_path):
    ws = turn_of_the_year(tmp_path)
    out = kolada(ws, tmp_path, {"U99001": [2025, 2026]})
    assert out.output.splitlines() == [
        "riket.json: 2 värden importerade",
        "Obs: U99001 finns i kolumnen Kolada-id i den sparade planen för helår 2025 (archive/2025-helar/plan.xlsx) "
        "men inte i plan.xlsx: värdena visas i rapporterna för 2025, inte för 2026. Ska de visas för 2026: skriv in "
        "det vid nyckeltalet i plan.xlsx.",
    ]


def test_ids_and_years_no_plan_of_either_year_shows_are_said_naming_the_plans_compared(tmp_path):
    ws = turn_of_the_year(tmp_path)
    out = kolada(ws, tmp_path, {"U77777": [2025], "U99001": [2023]}, "--json")
    assert out.stderr.splitlines() == [
        "Obs: värdena för 2023 är sparade men visas i ingen rapport för 2025 eller 2026: rapporterna visar riket för "
        "periodens år eller året före (2026, 2025 eller 2024).",
        "Obs: U77777 finns inte i kolumnen Kolada-id i plan.xlsx eller i de sparade planerna för T1 2025 "
        "(archive/2025-T1/plan.xlsx) och helår 2025 (archive/2025-helar/plan.xlsx); värdena är sparade men visas "
        "vid inget nyckeltal. Stäm av id:t mot Kolada, eller skriv in det vid nyckeltalet i plan.xlsx.",
    ]
    facts = json.loads(out.stdout)
    assert (facts["unused_kpis"], facts["other_years"]) == (["U77777"], [2023])


def test_each_saved_plans_content_is_read_once_and_one_like_plan_xlsx_not_at_all(tmp_path, monkeypatch):
    """A year's periods mostly keep one plan: T1, delår and helår 2025 copies of one file are read once; 2026-T1's,
    a copy of plan.xlsx, not at all. The one read is named by its latest period."""
    from reporting.history import kolada_plans

    ws = turn_of_the_year(tmp_path)
    helar = saved_plan_file(ws, Period(2025, "helar")).read_bytes()
    for period in (Period(2025, "T1"), Period(2025, "delar")):
        saved_plan_file(ws, period).parent.mkdir(parents=True, exist_ok=True)
        saved_plan_file(ws, period).write_bytes(helar)
    saved_plan_file(ws, Period(2026, "T1")).parent.mkdir(parents=True)
    saved_plan_file(ws, Period(2026, "T1")).write_bytes(ws.plan.read_bytes())
    read: list[Path] = []
    load = kolada_plans.load_plan
    monkeypatch.setattr(kolada_plans, "load_plan", lambda path: read.append(path) or load(path))
    found = kolada_plans.saved_plans(ws, load(ws.plan))
    assert read == [saved_plan_file(ws, Period(2025, "helar"))]
    assert [(s.period, s.plan.year) for s in found] == [(Period(2025, "helar"), 2025)]
