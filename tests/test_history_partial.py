"""A division reported in part (combined from some of its units, "exkl. …" in the report) in the history.

Its economy is stored as the report shows it, marked with the units it leaves out (``left_out``),
so an export keeps the division; a forecast comparison never sets a later whole division against it
(as the report does not); and a rerun of the period once the missing unit has arrived replaces it.
Against SQLite and PostgreSQL (``history_db``).
"""

from __future__ import annotations

import csv
import io
import json
import pickle
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import rows_of
from reporting.cli import main
from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.demo.units import unit_plan, write_unit_submissions
from reporting.history.previous import netto_comparison
from reporting.history.store import MONEY_METRICS, load_figures, open_history, store
from reporting.history.trends import HistoryView, earlier_economy_forecasts, previous_forecast, series, view_for
from reporting.intake.run import run_intake
from reporting.output.report import write_report
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.swedish import format_exact
from reporting.template.spec import NETTO_ID
from reporting.workspace import Workspace

pytestmark = pytest.mark.usefixtures("history_db")
T1, DELAR = Period(2025, "T1"), Period(2025, "delar")
MISSING = "E0008"  # the last of eight units (two per division): skip_every=8 leaves it out


def consolidated(root: Path, plan: Plan, period: Period, skip_every: int = 0) -> Consolidation:
    ws = Workspace(root)
    write_unit_submissions(plan, period, ws.inbox, skip_every=skip_every)
    return consolidate(plan, run_intake(ws, plan, period))


Made = Callable[[str], Consolidation]


def partial_t1_then_delar(
    tmp_path: Path, made: Made, store_delar: bool = False
) -> tuple[Consolidation, Consolidation, HistoryView]:
    """T1 with Enhet 0008 missing, stored; then the whole delår consolidated (stored too with ``store_delar``) and
    the history's view for it."""
    engine = open_history(tmp_path)
    try:
        t1 = made("partial-t1")
        store(engine, t1)
        delar = made("delar")
        if store_delar:
            store(engine, delar)
        return t1, delar, view_for(engine, delar)
    finally:
        engine.dispose()


def economy(engine, division: str) -> dict[tuple[str, str], tuple[Decimal, str]]:
    """(account group, metric) -> (value, left_out) of a division's stored T1 economy."""
    frame = load_figures(engine)
    rows = frame[(frame["kind"] == "ekonomi") & (frame["division"] == division) & (frame["period"] == "T1")]
    return {(r["item"], r["metric"]): (r["value"], r["left_out"]) for r in rows.to_dict("records")}


def reported(result: Consolidation, division: str) -> dict[tuple[str, str], Decimal]:
    """(account group, metric) -> the report's figure of the division."""
    return {(e.group_id, m): getattr(e, m) for e in result.economy if e.division_id == division for m in MONEY_METRICS}


@pytest.fixture(scope="module")
def plan() -> Plan:
    return unit_plan(8)


@pytest.fixture(scope="module")
def consolidations(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> dict[str, bytes]:
    """T1 with Enhet 0008 missing, the whole T1 and the whole delår, each consolidated once per module (they do
    not depend on the history): pickled, so that every test gets its own copy."""
    root = tmp_path_factory.mktemp("consolidations")
    made = {
        "partial-t1": consolidated(root / "partial-t1", plan, T1, skip_every=8),
        "t1": consolidated(root / "t1", plan, T1),
        "delar": consolidated(root / "delar", plan, DELAR),
    }
    return {name: pickle.dumps(result) for name, result in made.items()}


@pytest.fixture
def made(consolidations: dict[str, bytes]) -> Made:
    """``made(name)``: a fresh copy of one of the module's consolidations."""
    return lambda name: pickle.loads(consolidations[name])


def test_a_partial_division_is_stored_as_reported_marked_and_replaced_by_the_complete_rerun(tmp_path, plan, made):
    division = plan.unit(MISSING).division
    name = plan.division(division).name
    partial = made("partial-t1")
    assert {e.division for e in partial.economy if e.division_id == division} == {f"{name} (exkl. Enhet 0008)"}
    engine = open_history(tmp_path)
    try:
        store(engine, partial)
        stored = economy(engine, division)
        assert {k: v for k, (v, _) in stored.items()} == reported(partial, division)  # the report's figures
        assert {part for _, part in stored.values()} == {f"Enhet 0008 i {name}"}  # marked: not the whole division
        whole = next(d.id for d in plan.divisions if d.id != division)
        assert {part for _, part in economy(engine, whole).values()} == {""}
        assert economy(engine, "") == {}  # the nämnd total leaves the unit out: not the nämnd's total, not stored
        out = CliRunner().invoke(main, ["history", "export", "-w", str(tmp_path), "-o", "-"])
        assert out.exit_code == 0, out.output
        exported = [r for r in csv.DictReader(io.StringIO(out.stdout)) if r["division"] == division]
        assert {r["left_out"] for r in exported if r["kind"] == "ekonomi"} == {f"Enhet 0008 i {name}"}

        complete = made("t1")  # the missing unit has arrived: the period is rerun
        assert {e.division for e in complete.economy if e.division_id == division} == {name}
        store(engine, complete)
        stored = economy(engine, division)
        assert {k: v for k, (v, _) in stored.items()} == reported(complete, division) != reported(partial, division)
        assert {part for _, part in stored.values()} == {""}
        assert economy(engine, "")[(NETTO_ID, "forecast")][0] == next(
            o.forecast for o in complete.economy_overview if o.is_total
        )
    finally:
        engine.dispose()


def test_a_later_whole_division_is_not_set_against_its_partial_forecast(tmp_path, plan, made):
    division = plan.unit(MISSING).division
    _, delar, view = partial_t1_then_delar(tmp_path, made)
    earlier = earlier_economy_forecasts(view, delar)  # the monthly report's Föregående prognos
    assert {d for d, _ in earlier} == {d.id for d in plan.divisions} - {division}
    assert all(period == T1 for period, _ in earlier.values())
    found = netto_comparison(view.index, delar.economy_overview, DELAR)  # Tidsserier's Tidigare prognos
    shown = {o.division_id: p.before for o, p in zip(delar.economy_overview, found.rows) if o.division_id}
    assert shown[division] is None and all(v is not None for d, v in shown.items() if d != division)
    assert "ingen finns sparad för" in found.note and plan.division(division).name in found.note


def key_figures(engine, division: str) -> dict[tuple[str, str], tuple[Decimal | str, str]]:
    """(key figure, metric) -> (value or text, left_out) of a division's (or the nämnd's: "") stored T1 key figures."""
    frame = load_figures(engine)
    rows = frame[(frame["kind"] == "nyckeltal") & (frame["division"] == division) & (frame["period"] == "T1")]
    return {(r["item"], r["metric"]): (r["value"] or r["text"], r["left_out"]) for r in rows.to_dict("records")}


def test_key_figures_of_a_partial_division_and_the_namnd_values_over_it_are_stored_marked(tmp_path, plan, made):
    division = plan.unit(MISSING).division
    name = plan.division(division).name
    marked = f"Enhet 0008 i {name}"
    result = made("partial-t1")
    over = {k.id for k in result.key_figures if k.division_id == division and k.outcome is not None}
    engine = open_history(tmp_path)
    try:
        store(engine, result)
        own = key_figures(engine, division)
        assert {item for item, _ in own} == over and {part for _, part in own.values()} == {marked}
        shown = {k.id: k.outcome for k in result.key_figures if k.division_id == division}
        assert {i: v for (i, m), (v, _) in own.items() if m == "outcome"} == shown  # as the report shows them
        namnd = key_figures(engine, "")
        assert {i for (i, _), (_, part) in namnd.items() if part == marked} == over  # over the partial division
        assert {part for (i, _), (_, part) in namnd.items() if i not in over} == {""}
        whole = next(d.id for d in plan.divisions if d.id != division)
        assert {part for _, part in key_figures(engine, whole).values()} == {""}

        store(engine, made("t1"))  # the missing unit arrives: the period is rerun
        assert {part for _, part in key_figures(engine, division).values()} == {""}
        assert {part for _, part in key_figures(engine, "").values()} == {""}
    finally:
        engine.dispose()


def test_a_later_period_does_not_take_a_partial_key_figure_forecast_for_the_previous_one(tmp_path, plan, made):
    division = plan.unit(MISSING).division
    t1, _, view = partial_t1_then_delar(tmp_path, made)
    forecasts = {(k.id, k.division_id): k.forecast for k in t1.key_figures if isinstance(k.forecast, Decimal)}
    over = {i for i, d in forecasts if d == division}
    assert over and {i for i, d in forecasts if d == ""} > over  # figures over the division, and others
    for (item, reporter), forecast in forecasts.items():
        before = previous_forecast(view.index, item, DELAR, reporter)
        partial = reporter == division or (reporter == "" and item in over)
        assert before == (None if partial else forecast), (item, reporter)
        assert bool(series(view.index, item, reporter)) is not partial  # nor in the series (trend, Tidsserier)


def test_tidsserier_shows_a_partial_value_marked_and_sets_no_forecast_against_it(tmp_path, plan, made):
    division = plan.unit(MISSING).division
    t1, delar, view = partial_t1_then_delar(tmp_path, made, store_delar=True)
    (path,) = [p for p in write_report(delar, tmp_path / "out", history=view) if p.suffix == ".xlsx"]
    rows = rows_of(path, "Tidsserier")
    header = list(rows[3])
    by_id = {r[0]: dict(zip(header, r)) for r in rows[4:] if r[0] in {k.id for k in plan.key_figures}}
    over = sorted(k.id for k in t1.key_figures if k.division_id == division and k.outcome is not None)
    totals = {k.id: k for k in t1.key_figures if k.is_total}
    now = {k.id: k.forecast for k in delar.key_figures if k.is_total}
    for item, shown in by_id.items():
        assert shown[T1.short_label] == pytest.approx(float(totals[item].outcome))  # shown, partial or not
        before = shown["Föregående prognos"]
        if item in over:  # the T1 value leaves Enhet 0008 out: no previous forecast, no change against it
            assert before is None and shown["Förändring"] is None
        else:
            assert before == pytest.approx(float(totals[item].forecast))
            assert shown["Förändring"] == pytest.approx(float(now[item] - totals[item].forecast))
    start = next(i for i, r in enumerate(rows) if len(r) > 1 and str(r[1]).startswith("Delvis rapporterade"))
    lines = []  # wrapped within the table's width, a line a row in column B, up to the blank row after it
    for r in rows[start:]:
        if len(r) < 2 or not r[1]:
            break
        lines.append(r[1])
    assert len(lines) > 1 and all(len(line) <= 110 for line in lines)  # none runs past the print area
    note = [" ".join(lines)]
    name = plan.division(division).name
    assert note == [  # N20 (summa, but "i snitt/mån (R12)") is set against the period before: no note of its own
        "Delvis rapporterade värden, utan trend och jämförelse med föregående prognos: "
        f"{', '.join(over)} ({T1.in_text}) exkl. Enhet 0008 i {name}."
    ]


def test_history_show_lists_a_partial_value_marked_with_whom_it_leaves_out_and_the_unit(tmp_path, plan, made):
    division = plan.unit(MISSING).division
    t1 = made("partial-t1")
    row = next(k for k in t1.key_figures if k.division_id == division and isinstance(k.outcome, Decimal))
    engine = open_history(tmp_path)
    try:
        store(engine, t1)
    finally:
        engine.dispose()
    marked = f"Enhet 0008 i {plan.division(division).name}"
    args = ["history", "show", "-w", str(tmp_path), row.id, "-d", division]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines() == [
        f"{row.id} ({division}), enhet: {row.unit}",
        f"{'period':<12}{'utfall':>12}{'prognos':>12}",
        f"{T1.key:<12}{format_exact(row.outcome) + '*':>12}{format_exact(row.forecast) + '*':>12}",
        f"* {T1.key}: delvis rapporterat, exkl. {marked}",
    ]
    shown = CliRunner().invoke(main, [*args, "--json"])
    assert [(r["outcome"], r["left_out"]) for r in json.loads(shown.stdout)] == [(str(row.outcome), marked)]


def test_a_namnd_key_figure_without_some_divisions_names_them_as_its_exkl_does(tmp_path, plan):
    result = consolidated(tmp_path / "t1", plan, T1, skip_every=2)  # every even unit: two whole divisions missing
    missing = [
        d.name for d in plan.divisions if {u.id for u in plan.units_of(d.id)} <= {"E0002", "E0004", "E0006", "E0008"}
    ]
    assert len(missing) == 2
    engine = open_history(tmp_path)
    try:
        store(engine, result)
        namnd = key_figures(engine, "")
    finally:
        engine.dispose()
    divisions, marked = {k.id: k.divisions for k in plan.key_figures}, set()
    for kf in (k for k in result.key_figures if k.is_total and k.outcome is not None):
        names = [plan.division(d).name for d in divisions[kf.id] if plan.division(d).name in missing]
        assert namnd[(kf.id, "outcome")][1] == ", ".join(names), kf.id
        assert (f"exkl. {', '.join(names)}" in kf.analysis) is bool(names)  # as the Nyckeltal sheet says it
        marked.add(bool(names))
    assert marked == {True, False}  # figures over a missing division, and figures over none


def test_a_partial_row_marks_its_values_and_never_an_empty_column():
    """A partial row without a forecast printed a lone "*" in the prognos column."""
    from reporting.cli.history import _marked

    assert [_marked(v, "Enhet 0008") for v in (Decimal("4.08"), None)] == ["4,08*", ""]
    assert _marked(Decimal("4.08"), "") == "4,08"


def test_a_key_figure_stored_for_divisions_only_says_so_and_names_them():
    """`ej`: no nämnd value is stored; `history show K05` said "inga lagrade värden … kontrollera nyckeltalets id"."""
    import pandas as pd

    from reporting.cli.errors import Fel
    from reporting.cli.history import _only_divisions

    frame = pd.DataFrame(
        {"kind": ["nyckeltal"] * 3, "item": ["K05"] * 3, "division": ["SPV", "NN", "NN/NN1"]},
    )
    with pytest.raises(Fel) as raised:
        _only_divisions(frame, "K05")
    assert str(raised.value) == (
        "K05 har inget värde för nämnden (det aggregeras inte), bara för divisionerna NN, SPV. Visa en av dem med "
        "--division, t.ex. 'reporting history show K05 --division NN'."
    )
    _only_divisions(frame, "K06")  # nothing stored at all: the usual message follows
