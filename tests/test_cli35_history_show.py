"""``history show``'s rows from Python (reporting.history.show), without the console: the demo's 2025-T1 and delår
stored for the Hälso- och sjukvårdsnämnden (and, for a region, for a second nämnd "nn" with the same figures)."""

from __future__ import annotations

import pickle
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pandas as pd
import pytest

from reporting.consolidate.consolidation import consolidate
from reporting.history.show import (
    as_stored,
    board_series,
    division_scope,
    only_divisions,
    own_units,
    region_records,
    region_rows,
    series_records,
    shared_unit,
    stored_division,
    stored_key_figure,
    where_stored,
)
from reporting.history.store import load_figures, open_history, store
from reporting.history.trends import Stored
from reporting.intake.run import run_intake
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.plan.write import write_plan
from reporting.workspace import Workspace

T1, DELAR = Period(2025, "T1"), Period(2025, "delar")
HSN = "halso-och-sjukvardsnamnden"


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory, demo_copy) -> tuple[Path, list[bytes]]:
    """(a demo workspace with the plan, T1's and delår's consolidations pickled), once per module."""
    out = []
    for period in (T1, DELAR):
        root = tmp_path_factory.mktemp(period.kind) / "ws"
        root.mkdir()
        ws, plan, _ = demo_copy(root, period)
        out.append(pickle.dumps(consolidate(plan, run_intake(ws, plan, period))))
    return root, out


def _frame(tmp_path: Path, runs: list[bytes], boards: tuple[str, ...] = (HSN,)) -> pd.DataFrame:
    """The periods stored for each nämnd in ``boards`` in a new history, read back as ``history show`` reads it."""
    engine = open_history(tmp_path)
    try:
        for board in boards:
            for data in runs:
                result = pickle.loads(data)
                store(engine, replace(result, plan=replace(result.plan, board_id=board)))
        return load_figures(engine)
    finally:
        engine.dispose()


def test_a_key_figure_over_two_periods_is_its_stored_values_and_unit(tmp_path, demo_runs):
    root, runs = demo_runs
    frame = _frame(tmp_path, runs)
    assert stored_key_figure(frame, "n04") == "N04"  # typed in another case
    values = [Stored(T1, D("68.31"), None, "", "%"), Stored(DELAR, D("64.95"), None, "", "%")]
    assert board_series(frame, "N04", "") == {HSN: (values, "%")}
    assert division_scope(root, frame, HSN, "", [T1, DELAR]) == {}  # the nämnd: no scope to change
    assert series_records("N04", "", values, {DELAR: "sedan T1 har divisionen …"}) == [
        {
            "key_figure": "N04",
            "division": "",
            "period": T1,
            "outcome": D("68.31"),
            "forecast": None,
            "unit": "%",
            "left_out": "",
            "scope_change": "",
        },
        {
            "key_figure": "N04",
            "division": "",
            "period": DELAR,
            "outcome": D("64.95"),
            "forecast": None,
            "unit": "%",
            "left_out": "",
            "scope_change": "sedan T1 har divisionen …",
        },
    ]


def test_a_division_s_series_and_a_value_over_part_of_the_reporters(tmp_path, demo_runs):
    _, runs = demo_runs
    frame = _frame(tmp_path, runs)
    assert stored_division(frame, "med") == "MED" and stored_division(frame, "") == ""
    assert board_series(frame, "N01", "MED") == {
        HSN: (
            [Stored(T1, D("4.24"), D("4.52"), "", "index"), Stored(DELAR, D("4.22"), D("4.28"), "", "index")],
            "index",
        )
    }
    ((values, unit),) = board_series(frame, "N01", "").values()  # the nämnd's mean without two divisions
    assert [(v.outcome, v.left_out) for v in values] == [
        (D("4.08"), "Hälso- och sjukvårdsdirektör, Division Kirurgi"),
        (D("4.17"), "Hälso- och sjukvårdsdirektör, Division Kirurgi"),
    ]
    assert unit == "index"


def test_several_nämnder_are_rows_per_nämnd_and_period_with_the_change(tmp_path, demo_runs):
    root, runs = demo_runs
    frame = _frame(tmp_path, runs, (HSN, "nn"))
    per_board = board_series(frame, "N04", "")
    rows = region_rows(root, frame, per_board, "N04", "")
    assert [(r.board, r.value.period, r.value.outcome, r.change) for r in rows] == [
        (HSN, T1, D("68.31"), None),
        (HSN, DELAR, D("64.95"), D("-3.36")),
        ("nn", T1, D("68.31"), None),
        ("nn", DELAR, D("64.95"), D("-3.36")),
    ]
    assert region_records("N04", "", rows[1:2]) == [
        {
            "board": HSN,
            "key_figure": "N04",
            "division": "",
            "period": DELAR,
            "outcome": D("64.95"),
            "forecast": None,
            "change": D("-3.36"),
            "unit": "%",
            "left_out": "",
        }
    ]
    partly = region_rows(root, frame, board_series(frame, "N01", ""), "N01", "")
    assert [r.change for r in partly] == [None] * 4  # a value over part of its reporters has no change


def _summing(plan: Plan) -> Plan:
    """N20 as a total of the period's hours ("tim", no longer a monthly mean over twelve months): summed over it."""
    kf = next(k for k in plan.key_figures if k.id == "N20")
    target = replace(kf.target, text="2 800 tim", rolling="", unit="tim")
    total = replace(kf, unit="tim", target_text="2 800 tim", target=target)
    return replace(plan, key_figures=[total if k is kf else k for k in plan.key_figures])


def test_a_key_figure_the_plan_sums_over_the_period_has_no_change_between_periods_of_other_lengths(tmp_path, demo_runs):
    """N20 as the demo plan has it is a rolling mean: delår is set against T1. Summed over the period in the
    workspace's plan, delår (eight months) is no change against T1 (four)."""
    root, runs = demo_runs
    frame = _frame(tmp_path, runs, (HSN, "nn"))
    per_board = board_series(frame, "N20", "")
    (t1, delar), _ = per_board[HSN]
    assert [r.change for r in region_rows(root, frame, per_board, "N20", "")] == [None, D("63.3")] * 2
    assert delar.outcome - t1.outcome == D("63.3")
    summing = tmp_path / "summerar"
    summing.mkdir()
    write_plan(Workspace(summing).plan, _summing(load_plan(Workspace(root).plan)))
    assert [r.change for r in region_rows(summing, frame, per_board, "N20", "")] == [None] * 4


def test_the_heading_s_unit_is_the_one_all_rows_share():
    percent, index, none = (Stored(T1, D(1), None, "", u) for u in ("%", "index", ""))
    assert (shared_unit([percent, percent, none]), shared_unit([percent, index]), shared_unit([none])) == ("%", "", "")
    assert own_units("", [percent, index]) is True  # no unit for all: each row says its own
    assert own_units("%", [percent]) is False and own_units("", [none]) is False


def test_ids_are_taken_as_stored_and_divisions_only_key_figures_name_their_divisions():
    assert as_stored(["N04", "N05"], "n04") == "N04"  # typed in another case
    assert as_stored(["N04", "n04"], "n04") == "n04"  # stored so: as typed
    assert as_stored(["Med", "MED"], "med") == "med"  # several match: as typed
    assert as_stored(["N04"], "K01") == "K01"  # none matches: as typed, for the message that none is stored
    frame = pd.DataFrame({"kind": ["nyckeltal"] * 3, "item": ["K05"] * 3, "division": ["SPV", "NN", "NN/NN1"]})
    assert only_divisions(frame, "K05") == ["NN", "SPV"] and only_divisions(frame, "K06") == []


def test_where_the_history_is_said_without_a_password(tmp_path, monkeypatch):
    monkeypatch.delenv("REPORTING_DB_URL", raising=False)
    assert where_stored(tmp_path, None) == str((tmp_path / "history.sqlite").resolve())
    assert where_stored(tmp_path, "postgresql://ekonomi:hemligt@db.region.se/historik") == (
        "postgresql://ekonomi:***@db.region.se/historik"
    )
