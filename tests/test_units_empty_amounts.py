"""A division from its units' files: an amount a unit left empty is unknown, as in a division's own file.

A regional tester's MED showed a helårsprognos 316 mkr too good, and the nämnd a surplus, because one unit left
Personalkostnader's forecast empty and the sum over the units counted it as 0 (a division's own file with the same
gap left its forecast empty). Now: empty where the unit's frame is 0 counts as 0 (nothing to forecast), empty
where it has a frame makes the division's amount, its netto and the nämnd's total unknown, and the Sammanfattning
and the Word draft say whose amount is missing. A measure's effect left empty ("skriv 0 om ingen") is unknown too.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.demo.submissions import demo_fill
from reporting.demo.units import unit_plan
from reporting.intake.run import run_intake
from reporting.output.notices import forecast_note
from reporting.output.word import write_word
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.template.write import build_template
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
MED, KIR = "Division Medicin", "Division Kirurgi"
NO_FRAME, EMPTIED, NO_EFFECT = "E0001", "E0005", "E0009"  # Medicin's three units
NOTE = (
    "Helårsprognosen för nämnden kan inte summeras: helårsprognos saknas för Division Medicin (Externa kostnader). "
    "Se fliken Avvikelser i arbetsboken."
)


def _plan() -> Plan:
    """unit_plan(12) with Enhet 0001's 2025 Avskrivningar frame moved to Enhet 0005 (Medicin's frame unchanged)."""
    plan = unit_plan(12)
    frames = list(plan.budget_frames)
    first = next(i for i, f in enumerate(frames) if f.unit == NO_FRAME and f.year == 2025)
    other = next(i for i, f in enumerate(frames) if f.unit == EMPTIED and f.year == 2025)
    moved = frames[first].amounts["AV"]
    frames[first] = replace(frames[first], amounts={**frames[first].amounts, "AV": Decimal(0)})
    frames[other] = replace(frames[other], amounts={**frames[other].amounts, "AV": frames[other].amounts["AV"] + moved})
    return replace(plan, budget_frames=frames)


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Consolidation, dict[str, dict]]:
    plan = _plan()
    ws = Workspace(tmp_path_factory.mktemp("units-empty"))
    ws.inbox.mkdir(parents=True)
    fills = {}
    for unit in plan.units:
        fill = demo_fill(plan, unit.division, T1, unit_id=unit.id)
        if unit.id == NO_FRAME:
            fill["Ekonomi"]["AV"]["forecast"] = None  # no Avskrivningar frame: nothing to forecast
        if unit.id == EMPTIED:
            fill["Ekonomi"]["EK"]["forecast"] = None  # a frame of −739,8 mkr: the forecast is missing
        if unit.id == NO_EFFECT:
            fill["Åtgärdsplan"]["A1"]["forecast"] = None
        fills[unit.id] = fill
        name = Reporter(plan.division(unit.division), unit).file_name(T1.key)
        build_template(plan, unit.division, T1, ws.inbox / name, fill, unit_id=unit.id)
    return consolidate(plan, run_intake(ws, plan, T1)), fills


def _row(result: Consolidation, division: str, group: str):
    return next(e for e in result.economy if e.division == division and e.group_id == group)


def _units_sum(fills: dict[str, dict], units: tuple[str, ...], sheet: str, item: str, key: str) -> Decimal:
    return sum((fills[u][sheet][item][key] or Decimal(0) for u in units), Decimal(0))


def test_an_amount_a_unit_left_empty_against_a_frame_leaves_the_division_and_the_total_unknown(run):
    result, fills = run
    assert _row(result, MED, "EK").forecast is None  # was the other two units' forecasts alone
    assert _row(result, MED, "NETTO").forecast is None
    assert _row(result, MED, "EK").actual == _units_sum(
        fills, (NO_FRAME, EMPTIED, NO_EFFECT), "Ekonomi", "EK", "actual"
    )
    assert result.economy_total.forecast is None and result.economy_total.forecast_deviation is None
    kirurgi = ("E0002", "E0006", "E0010")
    assert _row(result, KIR, "EK").forecast == _units_sum(fills, kirurgi, "Ekonomi", "EK", "forecast")


def test_an_amount_left_empty_where_the_units_frame_is_0_counts_as_0(run):
    result, fills = run
    assert _row(result, MED, "AV").forecast == _units_sum(fills, (EMPTIED, NO_EFFECT), "Ekonomi", "AV", "forecast")


def test_the_summary_and_the_word_draft_say_whose_amount_the_total_waits_for(run, tmp_path: Path):
    result, _ = run
    assert forecast_note(result) == NOTE
    texts = [p.text for p in docx.Document(str(write_word(result, tmp_path))).paragraphs]
    assert NOTE in texts


def test_a_measures_effect_a_unit_left_empty_is_unknown_not_0(run):
    result, fills = run
    a1 = next(m for m in result.measures if m.id == "A1")
    assert MED in a1.missing and a1.forecast_deviation is None
    others = tuple(u.id for u in result.plan.units if u.division in ("KIR", "NV"))
    for key in ("forecast", "achieved"):  # over one base: the divisions that gave the whole measure
        assert getattr(a1, key) == _units_sum(fills, others, "Åtgärdsplan", "A1", key)
