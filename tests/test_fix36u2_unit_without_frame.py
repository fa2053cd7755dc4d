"""A unit of a division whose frame is not split per unit (unit frames are optional) has no budget of its own.

A units tester's Enhet 0001, in a Medicin without unit frames, typed a helårsprognos of −600 mkr for Externa
kostnader and got the error "Helårsprognosen för Externa kostnader är 600,0 mkr sämre än budget; förklara
avvikelsen i kommentaren": its whole forecast taken for a deviation from a budget of 0. Now such a unit's forecast
(a group's or the netto's) is set against no budget, nor its periodised budget at year end against a budget helår
of 0; a unit with a frame is judged as before, and the division's frame is still judged at division level. Its
template leaves "Prognos mot budget" empty (with no budget helår the formula showed the whole forecast).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from reporting.consolidate.consolidation import consolidate
from reporting.demo.submissions import demo_fill
from reporting.demo.units import unit_plan
from reporting.findings import Rule
from reporting.intake.checking import check_file
from reporting.intake.run import run_intake
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.template.write import build_template
from reporting.workspace import Workspace

T1, YEAR_END = Period(2025, "T1"), Period(2025, "helar")
MED, UNIT = "MED", "E0001"
HEADER = 4  # the Ekonomi sheet's header row


def _without_unit_frames(plan: Plan) -> Plan:
    """The plan with Medicin's frame given for the division only (its units keep no frame rows)."""
    frames = [f for f in plan.budget_frames if not (f.division == MED and f.unit)]
    return replace(plan, budget_frames=frames)


def _file(plan: Plan, period: Period, folder: Path, unit_id: str, **economy: dict) -> Path:
    fill = demo_fill(plan, MED, period, unit_id=unit_id)
    for gid, values in economy.items():
        fill["Ekonomi"][gid] = {**fill["Ekonomi"].get(gid, {}), **values}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Reporter(plan.division(MED), plan.unit(unit_id)).file_name(period.key)
    build_template(plan, MED, period, path, fill, unit_id=unit_id)
    return path


FAR_OFF = {"EK": {"forecast": Decimal("-600"), "comment": ""}, "NETTO": {"comment": ""}}


def test_a_unit_without_a_frame_is_not_asked_to_explain_its_forecast_as_a_deviation(tmp_path):
    plan = _without_unit_frames(unit_plan(12))
    assert plan.frame(MED, 2025, UNIT) is None and plan.frame(MED, 2025) is not None
    result = check_file(_file(plan, T1, tmp_path, UNIT, **FAR_OFF), plan, T1)
    assert result.submission is not None
    assert [f for f in result.findings if f.rule == Rule.FORECAST_NO_COMMENT] == []
    assert not any("sämre än budget" in f.message for f in result.findings)


def test_a_unit_with_a_frame_still_explains_its_deviation(tmp_path):
    plan = unit_plan(12)
    result = check_file(_file(plan, T1, tmp_path, UNIT, **FAR_OFF), plan, T1)
    cells = {f.cell for f in result.findings if f.rule == Rule.FORECAST_NO_COMMENT}
    assert len(cells) == 2  # Externa kostnader's and the netto's


def test_a_unit_without_a_frame_is_not_told_its_periodised_budget_differs_from_a_budget_of_zero(tmp_path):
    plan = _without_unit_frames(unit_plan(12))
    typed = {"EK": {"periodised": Decimal("-700"), "actual": Decimal("-705"), "forecast": Decimal("-705")}}
    result = check_file(_file(plan, YEAR_END, tmp_path, UNIT, **typed), plan, YEAR_END)
    assert result.submission is not None
    assert [f for f in result.findings if f.rule == Rule.YEAR_END_PERIODISED] == []
    framed = unit_plan(12)
    result = check_file(_file(framed, YEAR_END, tmp_path / "framed", UNIT, **typed), framed, YEAR_END)
    assert any(f.rule == Rule.YEAR_END_PERIODISED and f.cell == "D7" for f in result.findings)


def test_the_division_frame_is_still_judged_once_at_division_level(tmp_path):
    plan = _without_unit_frames(unit_plan(12))
    ws = Workspace(tmp_path)
    units = [u.id for u in plan.units if u.division == MED]
    for unit_id in units:
        _file(plan, T1, ws.inbox, unit_id, EK={"forecast": Decimal("-900"), "comment": ""}, NETTO={"comment": ""})
    intake = run_intake(ws, plan, T1)
    assert not [f for f in intake.findings if f.rule == Rule.FORECAST_NO_COMMENT]
    result = consolidate(plan, intake)
    deficits = [f for f in result.findings if f.rule == Rule.FORECAST_DEFICIT and "Division Medicin" in f.message]
    assert len(deficits) == 1, [str(f) for f in result.findings]


def test_the_template_of_a_unit_without_a_frame_shows_no_forecast_against_a_budget(tmp_path):
    """Its Budget helår is empty, so "Prognos mot budget" (= prognos − budget helår) would show the whole forecast."""
    plan = _without_unit_frames(unit_plan(12))
    sheet = load_workbook(_file(plan, T1, tmp_path, UNIT, **FAR_OFF))["Ekonomi"]
    header = [c.value for c in sheet[HEADER]]
    budget, deviation = header.index("Budget helår (mkr)") + 1, header.index("Prognos mot budget (mkr)") + 1
    rows = range(HEADER + 1, sheet.max_row + 1)
    groups = [r for r in rows if sheet.cell(r, 1).value]
    assert all(sheet.cell(r, budget).value is None for r in groups if sheet.cell(r, 1).value != "NETTO")
    assert [sheet.cell(r, deviation).value for r in groups] == [None] * len(groups)
    framed = unit_plan(12)
    sheet = load_workbook(_file(framed, T1, tmp_path / "framed", UNIT, **FAR_OFF))["Ekonomi"]
    assert all(str(sheet.cell(r, deviation).value).startswith("=") for r in groups)


def test_a_unit_left_out_of_a_split_frame_has_a_budget_of_zero_and_explains_its_forecast(tmp_path):
    """Medicin's frame split over its other units: Enhet 0001's budget is 0, its forecast a deviation as before."""
    base = unit_plan(12)
    own = [f for f in base.budget_frames if f.unit == UNIT]
    frames = []
    for f in base.budget_frames:
        if f.unit == UNIT:
            continue
        if f.unit == "E0005":
            mine = next(o for o in own if o.year == f.year)
            amounts = {g: f.amounts[g] + mine.amounts[g] for g in f.amounts}
            f = replace(f, amounts=amounts, netto_given=f.netto_given + mine.netto_given)
        frames.append(f)
    plan = replace(base, budget_frames=frames)
    assert plan.frame(MED, 2025, UNIT) is None and plan.frame(MED, 2025, "E0005") is not None
    path = _file(plan, T1, tmp_path, UNIT, **FAR_OFF)
    assert {f.cell for f in check_file(path, plan, T1).findings if f.rule == Rule.FORECAST_NO_COMMENT}
    sheet = load_workbook(path)["Ekonomi"]
    header = [c.value for c in sheet[HEADER]]
    deviation = header.index("Prognos mot budget (mkr)") + 1
    assert str(sheet.cell(HEADER + 1, deviation).value).startswith("=")
