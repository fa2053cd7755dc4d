"""History never compares figures measured in different units.

A key figure whose unit changes (a count, "antal", become a rate, "per 1 000 inv") has no trend, previous
forecast, change or chart line across the change; Tidsserier and the Word draft say so, and ``history show``
gives each row its own unit. A summed key figure's change in ``history show --board all`` is against the same
period of the year before, never against a period of another length. A plan revised from mkr to tkr during the
year has its earlier forecasts converted exactly (mkr = 1 000 tkr) before they are compared; an amount stored in
a unit that is neither is left out and the note says why.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from docx import Document

from helpers import rows_of
from reporting.cli import main
from reporting.consolidate.economy import NettoRow
from reporting.demo.plan import demo_plan
from reporting.demo.submissions import write_demo_submissions
from reporting.history.changes import changes
from reporting.history.previous import netto_comparison
from reporting.history.store import load_figures, open_history
from reporting.history.trends import Figures, Stored
from reporting.plan.model import KeyFigure, Plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.plan.targets import parse_target
from reporting.plan.write import write_plan
from reporting.swedish import format_number
from reporting.workflow import run_period
from reporting.workspace import Workspace
from suite32b_prepared import demo_t1_stored

D = Decimal
T1, DELAR, HELAR = Period(2025, "T1"), Period(2025, "delar"), Period(2025, "helar")
UNIT_NOTE = (
    "N22: enheten ändrades från antal till per 1 000 inv efter T1 2025; värdena före och efter är inte jämförbara."
)
HEADING = "Ekonomi: helårsprognos netto jämfört med föregående prognos (tkr)"


def _with_n22(unit: str, text: str, aggregation: str) -> Plan:
    """The demo plan with N22 vårdskador in MED and KIR: a count (summa) or a rate (medel)."""
    plan = demo_plan()
    decided_by = plan.key_figures[0].decided_by
    kf = KeyFigure("N22", "Vårdskador", "HS", ("MED", "KIR"), unit, text, parse_target(text), decided_by, aggregation)
    plan.key_figures.append(kf)
    return plan


def _in_tkr(plan: Plan) -> Plan:
    """The plan as the office revises it to tkr: every amount ×1 000, Beloppsenhet tkr."""
    k = D(1000)
    frames = [
        replace(f, amounts={g: a * k for g, a in f.amounts.items()}, netto_given=f.netto_given * k)
        for f in plan.budget_frames
    ]
    measures = [
        replace(m, effects={y: None if e is None else e * k for y, e in m.effects.items()}) for m in plan.measures
    ]
    initiatives = [replace(i, amounts={y: a * k for y, a in i.amounts.items()}) for i in plan.initiatives]
    return replace(
        plan,
        amount_unit="tkr",
        budget_frames=frames,
        measures=measures,
        initiatives=initiatives,
        savings_required={y: a * k for y, a in plan.savings_required.items()},
        planned_result={y: a * k for y, a in plan.planned_result.items()},
    )


def _run(ws: Workspace, plan: Plan, period: Period, report: bool = True) -> list[Path]:
    """The period's demo submissions from ``plan`` (saved as plan.xlsx, as the office saves it), run and stored;
    without ``report`` only stored (what no test reads is not written)."""
    plan = load_plan(write_plan(ws.plan, plan))
    shutil.rmtree(ws.inbox, ignore_errors=True)
    write_demo_submissions(plan, period, ws.inbox, missing="", faulty="")  # every division, none faulty
    return run_period(ws, plan, period, report=report, feedback=False).written


def _notes_below(rows: list[tuple[Any, ...]], start: int) -> str:
    """The notes in column B below a table ending before ``start``, joined."""
    notes = []
    for r in rows[start:]:
        if len(r) < 2 or not isinstance(r[1], str) or any(v is not None for v in r[2:]):
            break
        notes.append(r[1])
    return " ".join(notes)


# ------------------------------------------------------------------ a key figure's unit changes
@pytest.fixture(scope="module")
def count_to_rate(tmp_path_factory) -> tuple[Workspace, Path, list[Path]]:
    """N22 a count at T1 2025, a rate from delår (the plan revised): (workspace, delår's report, helår's written)."""
    ws = Workspace(tmp_path_factory.mktemp("count-to-rate"))
    _run(ws, _with_n22("antal", "Högst 400", "sum"), T1, report=False)
    rate = _with_n22("per 1 000 inv", "Högst 3,5", "mean")
    delar = _run(ws, rate, DELAR)[0]
    return ws, delar, _run(ws, rate, HELAR)


def _tidsserier_row(report: Path, item: str) -> tuple[tuple[Any, ...], str]:
    rows = rows_of(report, "Tidsserier")
    table = {r[0]: r for r in rows[4:] if r and r[0]}
    return table[item], _notes_below(rows, 4 + len(table))


def test_no_trend_previous_forecast_or_change_across_a_change_of_unit(count_to_rate):
    _, delar, _ = count_to_rate
    row, notes = _tidsserier_row(delar, "N22")
    headers = rows_of(delar, "Tidsserier")[3]
    assert headers[3:9] == ("T1 2025", "Delår 2025", "Trend", "Föregående prognos", "Aktuell prognos", "Förändring")
    assert isinstance(row[3], (int, float)) and isinstance(row[4], (int, float))  # both shown, each as stored
    assert row[5] in (None, "")  # no trend of a rate against a count
    assert row[6] is None and row[8] is None  # T1's forecast of the count is no previous forecast of the rate
    assert isinstance(row[7], (int, float))  # delår's own forecast is shown
    assert UNIT_NOTE in notes
    assert UNIT_NOTE in [p.text for p in Document(str(delar.with_suffix(".docx"))).paragraphs]
    assert "N04: enheten" not in notes  # an unchanged unit is not named


def test_the_chart_leaves_out_the_periods_in_another_unit(count_to_rate):
    """At helår: T1 a count, delår and helår rates. The rates have a trend between them, and no chart line is drawn
    from the count (two points in the rate's unit: no chart)."""
    _, _, (report, draft) = count_to_rate
    row, notes = _tidsserier_row(report, "N22")
    assert row[6] in ("↑ Bättre", "↓ Sämre", "→ Oförändrad")  # helår against delår, both rates
    assert UNIT_NOTE in notes and UNIT_NOTE in [p.text for p in Document(str(draft)).paragraphs]
    with zipfile.ZipFile(report) as package:
        charts = [package.read(n).decode() for n in package.namelist() if n.startswith("xl/charts/chart")]
    assert charts and not any("N22 Vårdskador" in c for c in charts)
    assert any("N20 " in c for c in charts)  # a key figure in one unit all along keeps its chart


def test_history_show_gives_each_row_its_unit_and_no_change_across_units(count_to_rate):
    ws, _, _ = count_to_rate
    runner = CliRunner()
    out = runner.invoke(main, ["history", "show", "-w", str(ws.root), "N22"])
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    assert lines[0] == "N22 (nämnden)"  # no unit for all: the rows' differ
    assert lines[1].split() == ["period", "utfall", "prognos", "enhet"]
    assert [line.split()[0] for line in lines[2:]] == ["2025-T1", "2025-delar", "2025-helar"]
    assert lines[2].endswith("  antal") and lines[3].endswith("  per 1 000 inv")
    as_json = json.loads(runner.invoke(main, ["history", "show", "-w", str(ws.root), "N22", "--json"]).stdout)
    assert [row["unit"] for row in as_json] == ["antal", "per 1 000 inv", "per 1 000 inv"]
    region = runner.invoke(main, ["history", "show", "-w", str(ws.root), "N22", "-b", "all", "--json"])
    rows = json.loads(region.stdout)
    assert [row["change"] is None for row in rows] == [True, True, False]  # delår: none against T1's count
    assert D(rows[2]["change"]) == D(rows[2]["outcome"]) - D(rows[1]["outcome"])
    same = runner.invoke(main, ["history", "show", "-w", str(ws.root), "N04"])
    assert same.stdout.splitlines()[0] == "N04 (nämnden), enhet: %"  # one unit: in the heading, no column
    assert same.stdout.splitlines()[1].split() == ["period", "utfall", "prognos"]


def test_history_show_sets_a_rolling_figure_against_the_period_before_though_it_is_summed(count_to_rate):
    """N20 "2 800 tim i snitt/mån (R12)" is summed over the divisions, but each value is twelve months' monthly mean,
    whatever the period: T1, delår and helår compare (a total of the period's months would not: see the next test)."""
    ws, _, _ = count_to_rate
    for key_figure in ("N20", "N04"):  # N04, a share: against the period before, as ever
        out = CliRunner().invoke(main, ["history", "show", "-w", str(ws.root), key_figure, "-b", "all", "--json"])
        assert out.exit_code == 0, out.output
        rows = json.loads(out.stdout)
        assert [row["period"] for row in rows] == ["2025-T1", "2025-delar", "2025-helar"]
        assert [row["change"] is None for row in rows] == [True, False, False]
        assert Decimal(rows[1]["change"]) == Decimal(rows[1]["outcome"]) - Decimal(rows[0]["outcome"])


def test_a_summed_change_is_against_the_same_period_of_the_year_before():
    def at(period: Period, value: str, unit: str = "antal") -> Stored:
        return Stored(period, D(value), None, "", unit)

    values = [
        at(Period(2024, "T1"), "100"),
        at(Period(2024, "helar"), "290"),
        at(T1, "110"),
        at(HELAR, "5", "per 1 000 inv"),
    ]
    summed = {v.period for v in values}
    assert changes(values, summed) == [None, None, D(10), None]  # T1 against T1; helår's rate against no count
    assert changes(values, set()) == [None, D(190), D(-180), None]  # not summed: the period before, in its unit


def test_no_change_across_an_id_reused_for_another_measure():
    """N21's name changed at 2026 (another measure): no change into 2026-T1, not against T1 2025 either when summed;
    a name respelled, or not known (stored before migration 0007), is the same key figure."""
    values = [Stored(p, D(v), None, "", "%") for p, v in ((T1, "58.8"), (HELAR, "52.5"), (Period(2026, "T1"), "63.2"))]
    names = {T1: "Andel bokad tid", HELAR: "Andel  bokad tid", Period(2026, "T1"): "Andel fast kontakt"}
    assert changes(values, set(), names) == [None, D("-6.3"), None]
    assert changes(values, {v.period for v in values}, names) == [None, None, None]
    assert changes(values, set(), {Period(2026, "T1"): "Andel fast kontakt"}) == [None, D("-6.3"), D("10.7")]
    same = {**names, Period(2026, "T1"): "andel bokad-tid"}
    assert changes(values, {v.period for v in values}, same) == [None, None, D("4.4")]


# ------------------------------------------------------------------ the amount unit changes during the year
@pytest.fixture(scope="module")
def mkr_to_tkr(tmp_path_factory) -> tuple[pd.DataFrame, Path]:
    """T1 2025 in mkr, delår under the plan revised to tkr: (T1's stored rows, delår's report)."""
    ws = Workspace(tmp_path_factory.mktemp("mkr-to-tkr"))
    shutil.copytree(demo_t1_stored(tmp_path_factory), ws.root, dirs_exist_ok=True)  # the demo's T1, stored
    engine = open_history(ws.root)
    try:
        t1 = load_figures(engine)
    finally:
        engine.dispose()
    return t1, _run(ws, _in_tkr(demo_plan()), DELAR)[0]


def _t1(stored: pd.DataFrame, item: str, division: str, metric: str = "forecast") -> Decimal:
    rows = stored[(stored["item"] == item) & (stored["division"] == division) & (stored["metric"] == metric)]
    (unit,), (value,) = set(rows["unit"]), list(rows["value"])
    assert unit == "mkr"
    return Decimal(value)


def test_earlier_forecasts_in_mkr_are_compared_in_tkr_and_the_total_is_the_sum_of_the_rows(mkr_to_tkr):
    t1, report = mkr_to_tkr
    rows = rows_of(report, "Tidsserier")
    start = next(i for i, r in enumerate(rows) if r[1] == HEADING) + 1
    headers = [h for h in rows[start][1:] if h]
    assert headers == ["Division", "Budgetram", "Tidigare prognos", "Aktuell prognos", "Förändring"]  # no frame moved
    table = {r[1]: [D(str(v)) for v in r[2:6]] for r in rows[start + 1 :] if r[1] and r[2] is not None}
    divisions = {"HSD": "Hälso- och sjukvårdsdirektör", "MED": "Division Medicin", "KIR": "Division Kirurgi"}
    for division_id, name in divisions.items():
        budget, before, now, change = table[name]
        assert before == _t1(t1, "NETTO", division_id) * 1000  # −240,2 mkr is −240 200 tkr
        assert budget == _t1(t1, "NETTO", division_id, "budget") * 1000 and change == now - before
    total = table["Nämnden totalt"]
    assert total[1] == sum(v[1] for name, v in table.items() if name != "Nämnden totalt")  # reconciles
    assert total[1] == _t1(t1, "NETTO", "") * 1000
    notes = _notes_below(rows, start + 1 + len(table))
    assert notes == "Prognoser sparade vid T1 2025 i mkr är omräknade till tkr."
    document = Document(str(report.with_suffix(".docx")))
    (word,) = [t for t in document.tables if "Tidigare prognos" in [c.text for c in t.rows[0].cells]]
    hsd = [c.text for c in word.rows[1].cells]
    assert hsd[:3] == [
        divisions["HSD"],
        format_number(table[divisions["HSD"]][0], 0),
        format_number(table[divisions["HSD"]][1], 0),
    ]
    assert notes in [p.text for p in document.paragraphs]


def test_the_ekonomi_sheets_previous_forecast_is_converted(mkr_to_tkr):
    t1, report = mkr_to_tkr
    rows = rows_of(report, "Ekonomi")
    header = next(r for r in rows if r[0] == "Division")
    assert header[9:11] == ("Föregående prognos", "Förändring")  # no budget "moved" from −250,7 to −250 700
    row = next(r for r in rows if r[0] == "Hälso- och sjukvårdsdirektör" and r[1] == "Externa kostnader")
    assert D(str(row[9])) == _t1(t1, "EK", "HSD") * 1000
    assert D(str(row[10])) == D(str(row[7])) - D(str(row[9]))
    assert "Prognoser sparade vid T1 2025 i mkr är omräknade till tkr." in " ".join(
        r[0] for r in rows if isinstance(r[0], str) and r[1] is None
    )


def _stored(rows: list[tuple[str, str, str, str]]) -> Figures:
    """T1 2025 netto rows (division, metric, value, unit) read for a plan in mkr."""
    frame = pd.DataFrame(
        [
            {"kind": "ekonomi", "item": "NETTO", "division": d, "metric": m, "year": 2025, "period": "T1"}
            | {"value": D(v), "text": None, "unit": u}
            for d, m, v, u in rows
        ]
    )
    return Figures(frame, "mkr")


def _row(division_id: str, name: str, budget: str, forecast: str) -> NettoRow:
    return NettoRow(division_id, name, D(budget), None, None, None, D(forecast), None, True)


def test_tkr_is_converted_exactly_and_an_unknown_unit_is_left_out_and_said():
    stored = _stored(
        [
            ("MED", "budget", "-1117400", "tkr"),
            ("MED", "forecast", "-1090050", "tkr"),
            ("KIR", "budget", "-1191", "kkr"),
            ("KIR", "forecast", "-1206", "kkr"),
        ]
    )
    overview = [
        _row("MED", "Division Medicin", "-1117.4", "-1107.9"),
        _row("KIR", "Division Kirurgi", "-1191", "-1193"),
    ]
    found = netto_comparison(stored, overview, DELAR, "mkr", 1)
    assert [(p.before, p.frame_before, p.change) for p in found.rows] == [
        (D("-1090.050"), D("-1117.400"), D("-17.850")),  # exact: no float, no rounding
        (None, None, None),
    ]
    assert not found.reframed  # −1 117 400 tkr is the frame of −1 117,4 mkr
    assert found.notes[-1] == (
        "Prognoser sparade vid T1 2025 i tkr är omräknade till mkr. "
        "Prognoser sparade vid T1 2025 i kkr kan inte räknas om till mkr och jämförs därför inte."
    )


def test_a_converted_amount_keeps_plain_notation():
    """mkr to tkr gives "-240200.0", not scaleb's "-2.402E+5" (which a CSV or JSON would show as it is)."""
    from reporting.history.trends import in_amount_unit

    assert str(in_amount_unit(D("-240.2"), "mkr", "tkr")) == "-240200.0"
    assert str(in_amount_unit(D("-240200"), "tkr", "mkr")) == "-240.2"
    assert in_amount_unit(D("1"), "kkr", "tkr") is None and in_amount_unit(D("7"), "", "tkr") == D("7")


@pytest.mark.parametrize(
    ("unit", "target", "summed"),
    [
        ("antal", "Högst 400", True),  # a total of the period's months
        ("tim i snitt/mån", "2 800 tim i snitt/mån (R12)", False),  # the last twelve months' monthly mean
        ("tim", "Minst 2 800 tim (R12)", False),  # rolling: twelve months whatever the period
        ("st/mån", "Minst 120 st/mån", False),  # a monthly rate
    ],
)
def test_only_a_total_of_the_periods_months_is_summed_over_the_period(unit, target, summed):
    from reporting.history.trends import summed_over_period

    kf = KeyFigure("X", "Test", "HS", ("MED",), unit, target, parse_target(target), "", "sum")
    assert summed_over_period(kf) is summed
