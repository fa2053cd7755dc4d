"""History: two years × three periods stored, trend and forecast comparison by hand, atomic replace, Kolada."""

import json
import os
import pickle
import shutil
import signal
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from forked import run_forked
from helpers import complete_edits, fill, rows_of
from reporting.cli import main
from reporting.consolidate.consolidation import consolidate
from reporting.history.kolada import parse_kolada
from reporting.history.store import DB_ENV, load_figures, open_history, store
from reporting.history.trends import previous_forecast, series, trend, view_for
from reporting.intake.run import run_intake
from reporting.output.report import write_report
from reporting.plan.periods import Period
from reporting.template.write import build_template
from reporting.workspace import Workspace

D = Decimal

pytestmark = pytest.mark.usefixtures("history_db")  # every test against SQLite and PostgreSQL
# N04 (Minst 64 %, weighted MED+KIR with equal denominators) and N14 (Lägre än 1,75) per period:
# (MED outcome, KIR outcome, MED forecast, KIR forecast)
N04 = {
    ("2025", "T1"): (60, 62, 64, 66),
    ("2025", "delar"): (63, 65, 65, 67),
    ("2025", "helar"): (66, 66, 66, 66),
    ("2026", "T1"): (61, 61, 63, 63),
    ("2026", "delar"): (61, 61, 62, 62),
    ("2026", "helar"): (70, 68, 70, 68),
}
N14 = {
    ("2025", "T1"): 1.9,
    ("2025", "delar"): 1.8,
    ("2025", "helar"): 1.7,
    ("2026", "T1"): 1.7,
    ("2026", "delar"): 1.75,
    ("2026", "helar"): 1.6,
}


def run(ws, plan, make_template, period):
    """One period's submissions for MED and KIR, consolidated (not stored)."""
    for division in ("MED", "KIR"):
        edits = complete_edits(plan, division, period.year)
        med_out, kir_out, med_fc, kir_fc = N04[(str(period.year), period.kind)]
        edits[("Nyckeltal", "N04", "outcome")] = med_out if division == "MED" else kir_out
        edits[("Nyckeltal", "N04", "forecast")] = med_fc if division == "MED" else kir_fc
        edits[("Nyckeltal", "N04", "analysis")] = "Analys."
        edits[("Nyckeltal", "N04", "actions")] = "Åtgärd."
        edits[("Nyckeltal", "N14", "outcome")] = N14[(str(period.year), period.kind)]
        edits[("Nyckeltal", "N14", "analysis")] = "Analys."
        edits[("Ekonomi", "EK", "forecast")] = (
            float(plan.frame(division, period.year).amounts["EK"]) - {"T1": 0, "delar": 3, "helar": 5}[period.kind]
        )
        if period.is_year_end:  # the year's figures: the årsrapport's forecast is its utfall
            for gid, amount in plan.frame(division, period.year).amounts.items():
                edits[("Ekonomi", gid, "periodised")] = edits[("Ekonomi", gid, "actual")] = float(amount)
            edits[("Ekonomi", "EK", "actual")] = edits[("Ekonomi", "EK", "forecast")]
        edits[("Ekonomi", "EK", "comment")] = "Kommentar."
        edits[("Ekonomi", "NETTO", "comment")] = "Kommentar."
        for stale in ws.inbox.glob("*.xlsx"):
            if stale.name.startswith(division):
                stale.unlink()
        fill(
            make_template(division, period, name=f"{period.key}-{division}.xlsx"),
            edits,
            ws.inbox / f"{division}-{period.key}.xlsx",
        )
    for other in ws.inbox.glob("*.xlsx"):
        if period.key not in other.name:
            other.unlink()
    return consolidate(plan, run_intake(ws, plan, period))


@pytest.fixture(scope="session")
def two_year_results(tmp_path_factory, plan, blank_templates):
    """Six consolidations (2025 and 2026, each T1, delår, helår), made once per session.

    Each period's blank template is the session's (conftest's blank_templates, shared by the xdist workers:
    2025-T1's are the ones most tests fill), built here when no test built it before; fill() only reads it."""
    root = tmp_path_factory.mktemp("two_years")
    ws = Workspace(root / "ws")
    ws.inbox.mkdir(parents=True)

    def make_template(division, period, name):
        blank = blank_templates / f"{period.key}-{division}.xlsx"
        return blank if blank.exists() else build_template(plan, division, period, blank)

    return {
        (year, kind): pickle.dumps(run(ws, plan, make_template, Period(year, kind)))
        for year in (2025, 2026)
        for kind in ("T1", "delar", "helar")
    }


def _store_two_years(root: Path, two_year_results: dict[Any, bytes]) -> Any:
    """The six periods stored in order into the history of ``root``; an engine on it."""
    engine = open_history(root)
    for data in two_year_results.values():
        store(engine, pickle.loads(data))
    return engine


@pytest.fixture(scope="module")
def two_years_sqlite(tmp_path_factory, two_year_results) -> Path:
    """The six periods stored in order into a SQLite history once per module: a test copies the file."""
    root = tmp_path_factory.mktemp("two-years-history")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(DB_ENV, raising=False)
        _store_two_years(root, two_year_results).dispose()
    return root / "history.sqlite"


@pytest.fixture
def two_years(tmp_path, two_year_results, history_db, request):
    """The six periods stored in order into a fresh history (the test's backend: SQLite as a copy of the
    module's file); fresh copies of the results."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    if history_db is None:
        shutil.copyfile(request.getfixturevalue("two_years_sqlite"), ws.root / "history.sqlite")
        engine = open_history(ws.root)
    else:
        engine = _store_two_years(ws.root, two_year_results)
    return ws, engine, FreshResults(two_year_results)


class FreshResults(dict):
    """The six consolidations by (year, kind), each unpickled for the test when first asked for (most tests ask for
    none or one of them), then the same object for the rest of the test."""

    def __init__(self, pickled: dict[Any, bytes]) -> None:
        super().__init__()
        self.pickled = pickled

    def __missing__(self, key: Any) -> Any:
        self[key] = pickle.loads(self.pickled[key])
        return self[key]


def test_series_over_two_years(two_years):
    _, engine, _ = two_years
    frame = load_figures(engine)
    points = series(frame, "N04")
    assert [p.key for p, _ in points] == ["2025-T1", "2025-delar", "2025-helar", "2026-T1", "2026-delar", "2026-helar"]
    # equal denominators: the weighted mean is the plain mean
    assert [v for _, v in points] == [D("61.00"), D("64.00"), D("66.00"), D("61.00"), D("61.00"), D("69.00")]
    assert [v for _, v in series(frame, "N04", "MED")] == [D(x) for x in (60, 63, 66, 61, 61, 70)]


def test_trend_by_hand(two_years):
    _, engine, _ = two_years
    frame = load_figures(engine)
    n04, n14 = series(frame, "N04"), series(frame, "N14")
    plan_target = {
        "N04": two_years[2][(2025, "T1")].plan.key_figures[3].target,
        "N14": two_years[2][(2025, "T1")].plan.key_figures[13].target,
    }
    # N04 (higher is better): 61 → 64 better, 66 → 61 worse, 61 → 61 unchanged
    assert trend(n04, plan_target["N04"], Period(2025, "delar")) == "↑ Bättre"
    assert trend(n04, plan_target["N04"], Period(2026, "T1")) == "↓ Sämre"
    assert trend(n04, plan_target["N04"], Period(2026, "delar")) == "→ Oförändrad"
    assert trend(n04, plan_target["N04"], Period(2025, "T1")) == ""  # nothing earlier
    # N14 (lower is better): 1,9 → 1,8 is better; 1,7 → 1,75 is worse
    assert trend(n14, plan_target["N14"], Period(2025, "delar")) == "↑ Bättre"
    assert trend(n14, plan_target["N14"], Period(2026, "delar")) == "↓ Sämre"


def test_forecast_compared_with_previous_forecast(two_years):
    _, engine, _ = two_years
    frame = load_figures(engine)
    # nämnd N04 forecast: 2026-T1 mean(63, 63) = 63, 2026-delar mean(62, 62) = 62
    assert previous_forecast(frame, "N04", Period(2026, "delar")) == D("63.00")
    assert previous_forecast(frame, "N04", Period(2026, "T1")) is None  # a new year starts afresh
    # economy: MED netto forecast −1117,4 at T1, −1120,4 at delår (EK 3 mkr worse)
    assert previous_forecast(frame, "NETTO", Period(2025, "delar"), "MED", "ekonomi") == D("-1117.400")
    assert series(frame, "NETTO", "MED", "forecast", "ekonomi")[1][1] == D("-1120.400")


def test_report_shows_series_trend_and_charts(two_years, plan):
    ws, engine, results = two_years
    result = results[(2026, "delar")]
    (path,) = write_report(result, ws.outbox, history=view_for(engine, result))
    wb = load_workbook(path)
    sheet = wb["Tidsserier"]
    header = [c.value for c in sheet[4]]
    assert header[:8] == ["Id", "Nyckeltal", "Målvärde", "T1 2025", "Delår 2025", "Helår 2025", "T1 2026", "Delår 2026"]
    n04 = next([c.value for c in row] for row in sheet.iter_rows(min_row=5) if row[0].value == "N04")
    assert n04[3:8] == [61, 64, 66, 61, 61]
    assert n04[8:12] == ["→ Oförändrad", 63, 62, -1]
    assert len(sheet._charts) >= 2  # N04 and N14 have ≥ 3 points (charts are kept by openpyxl on load)


def test_the_nämnds_own_frame_row_is_not_given_the_totals_earlier_forecast(two_years, plan):
    """Tidsserier's economy table: "Nämnden (egen ram)" has no forecast of its own stored; a complete total's
    earlier forecast (stored here for 2026-T1, as a run with every division in stores it) is not its."""
    from sqlalchemy import insert

    from reporting.history.store import figures
    from reporting.template.spec import NETTO_ID

    ws, engine, results = two_years
    result = results[(2026, "delar")]
    row = {"board": plan.board_key, "year": 2026, "period": "T1", "division": "", "unit": "", "kind": "ekonomi"}
    with engine.begin() as conn:
        conn.execute(
            insert(figures),
            [
                {
                    **row,
                    "item": NETTO_ID,
                    "metric": "forecast",
                    "value": "-3150.0",
                    "text": None,
                    "stored_at": "2026-05-20T10:00:00",
                }
            ],
        )
    (path,) = write_report(result, ws.outbox, history=view_for(engine, result))
    rows = [list(r) for r in rows_of(path, "Tidsserier")[4:]]
    (own,) = [r for r in rows if r[1] == "Nämnden (egen ram)"]
    # no "Tidigare prognos" −3 150 and no change of 3 146,5: its own frame all year, as beside any total
    assert own[3] == own[4] == -3.5 and own[5] == 0


def _store_killed_after_30_rows(root: Path, result: Any) -> None:
    """In the child process: store ``result`` 10 rows at a time and die (SIGKILL) before the commit."""
    engine = open_history(root)
    store(engine, result, chunk=10, after_chunk=lambda n: os.kill(os.getpid(), signal.SIGKILL) if n >= 30 else None)


def test_rerun_replaces_rows_and_a_killed_run_leaves_the_previous_state(two_years, tmp_path):
    ws, engine, results = two_years
    before = load_figures(engine)
    store(engine, results[(2026, "helar")])  # re-run of a period: replaced, not doubled
    after = load_figures(engine)
    assert len(after) == len(before)
    changed = results[(2026, "helar")]
    changed.key_figures = [replace(k, outcome=D("99")) if k.id == "N04" else k for k in changed.key_figures]
    status, output = run_forked(_store_killed_after_30_rows, ws.root, changed)  # a real process, killed for real
    assert status == -9, output  # killed mid-run
    engine.dispose()
    survived = load_figures(open_history(ws.root))
    pd.testing.assert_frame_equal(
        survived.drop(columns=["id", "stored_at"]).reset_index(drop=True),
        after.drop(columns=["id", "stored_at"]).reset_index(drop=True),
    )
    assert D("99") not in set(survived["value"])


KOLADA_V2 = {
    "count": 2,
    "values": [
        {
            "kpi": "U07414",
            "municipality": "0000",
            "period": "2025",
            "values": [
                {"gender": "T", "count": 1, "status": "", "value": 58.3},
                {"gender": "K", "count": 1, "value": 57.1},
            ],
        },
        {"kpi": "U07414", "municipality": "0023", "period": "2025", "values": [{"gender": "T", "value": None}]},
    ],
    "next_page": None,
}
KOLADA_V3 = {
    "values": [
        {"kpi": "U07414", "municipality": "0000", "period": 2026, "values": [{"gender": "T", "value": 60.25}]},
        {
            "kpi": "U07414",
            "municipality": "0000",
            "period": 2024,
            "isdeleted": True,
            "values": [{"gender": "T", "value": 1}],
        },
    ]
}


def test_kolada_both_shapes(tmp_path, two_years, plan):
    rows = parse_kolada(KOLADA_V2) + parse_kolada(KOLADA_V3)
    assert [(r["period"], r["gender"], r["value"]) for r in rows] == [
        (2025, "T", "58.3"),
        (2025, "K", "57.1"),
        (2025, "T", None),
        (2026, "T", "60.25"),
    ]
    ws, engine, results = two_years
    for name, data in (("v2.json", KOLADA_V2), ("v3.json", KOLADA_V3)):
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(
        main, ["history", "kolada", "-w", str(ws.root), str(tmp_path / "v2.json"), str(tmp_path / "v3.json")]
    )
    assert out.exit_code == 0 and "v2.json: 2 värden importerade; 1 rad utan värde hoppades över" in out.output
    from dataclasses import replace

    mapped = replace(
        plan, key_figures=[replace(k, kolada_id="U07414") if k.id == "N04" else k for k in plan.key_figures]
    )
    result = results[(2026, "delar")]
    result.plan = mapped
    view = view_for(engine, result)
    assert view.kolada["N04"] == D("60.25") and view.kolada_year["N04"] == 2026  # the year of riket's value
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    failed = runner.invoke(main, ["history", "kolada", "-w", str(ws.root), str(bad)])
    assert failed.exit_code == 1 and "filen är inte giltig JSON" in failed.output


def test_export_and_show(two_years, tmp_path):
    ws, _, _ = two_years
    runner = CliRunner()
    for fmt in ("csv", "parquet"):
        target = tmp_path / f"h.{fmt}"
        result = runner.invoke(main, ["history", "export", "-w", str(ws.root), "--format", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        frame = pd.read_csv(target, dtype=str) if fmt == "csv" else pd.read_parquet(target)
        med = frame[(frame["item"] == "NETTO") & (frame["division"] == "MED") & (frame["metric"] == "forecast")]
        expected = ["-1117.400", "-1120.400", "-1122.400"] * 2
        if fmt == "csv":
            assert sorted(med["value"]) == sorted(expected)
        else:  # decimal128: the same numbers, exactly
            assert sorted(med["value"]) == sorted(D(x) for x in expected)
    shown = runner.invoke(main, ["history", "show", "-w", str(ws.root), "N04"])
    assert shown.exit_code == 0
    assert shown.output.splitlines()[2].split() == ["2025-T1", "61,00", "65,00"]  # Swedish, its own decimals
    missing = runner.invoke(main, ["history", "show", "-w", str(ws.root), "N99"])
    assert missing.exit_code == 1 and "det finns inga lagrade värden för N99" in missing.output


def test_export_csv_has_empty_cells_never_nan_and_a_swedish_excel_variant(two_years, tmp_path):
    """Issue "One history" 4: 48 of 300 CSV rows said "NaN"; Swedish Excel needs BOM, ";" and decimal comma."""
    import csv

    from reporting.history.export import export

    _, engine, _ = two_years
    stored = load_figures(engine)
    plain = export(engine, tmp_path / "h.csv", "csv")
    raw = plain.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"NaN" not in raw
    with plain.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(stored)
    status = [r for r in rows if r["metric"] == "status"]
    assert status and all(r["value"] == "" and r["text"] for r in status)
    numbers = [r for r in rows if r["text"] == ""]
    assert numbers and all(D(r["value"]).is_finite() for r in numbers)
    n04 = {
        (r["year"], r["period"]): r["value"]
        for r in rows
        if r["item"] == "N04" and r["division"] == "" and r["metric"] == "outcome"
    }
    assert n04[("2026", "helar")] == "69.00"
    read = pd.read_csv(plain, keep_default_na=False, dtype=str)
    assert set(read.loc[read["metric"] == "status", "value"]) == {""}

    swedish = export(engine, tmp_path / "sv.csv", "csv", swedish_excel=True)
    raw = swedish.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"NaN" not in raw
    with swedish.open(encoding="utf-8-sig", newline="") as handle:
        sv = list(csv.DictReader(handle, delimiter=";"))
    assert len(sv) == len(rows) and list(sv[0]) == list(rows[0])
    assert {
        (r["year"], r["period"]): r["value"]
        for r in sv
        if r["item"] == "N04" and r["division"] == "" and r["metric"] == "outcome"
    }[("2026", "helar")] == "69,00"
    netto = sorted(
        r["value"] for r in sv if r["item"] == "NETTO" and r["division"] == "MED" and r["metric"] == "forecast"
    )
    assert netto == sorted(["-1117,400", "-1120,400", "-1122,400"] * 2)
    assert all("." not in r["value"] for r in sv)
    frame = pd.read_csv(swedish, sep=";", decimal=",", encoding="utf-8-sig")
    assert frame["value"].dtype == "float64" and frame["year"].dtype == "int64"


def test_export_parquet_has_real_types(two_years, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from reporting.history.export import export

    _, engine, _ = two_years
    path = export(engine, tmp_path / "h.parquet", "parquet")
    schema = pq.read_schema(path)
    assert pa.types.is_decimal(schema.field("value").type)
    assert pa.types.is_integer(schema.field("year").type)
    for name in ("kind", "metric", "period", "division"):
        assert pa.types.is_dictionary(schema.field(name).type), name
    frame = pd.read_parquet(path)
    assert str(frame["kind"].dtype) == "category" and str(frame["metric"].dtype) == "category"
    n04 = frame[(frame["item"] == "N04") & (frame["division"] == "") & (frame["metric"] == "outcome")]
    assert sorted(n04["value"]) == sorted(D(x) for x in ("61", "64", "66", "61", "61", "69"))
    status = frame[frame["metric"] == "status"]
    assert status["value"].isna().all() and status["text"].notna().all()


def test_a_failed_export_leaves_the_previous_file(two_years, tmp_path, monkeypatch):
    from reporting.history import export as export_module

    ws, _, _ = two_years
    runner = CliRunner()
    (tmp_path / "out").mkdir()  # -o names a file in a folder that exists (test_history_export: one that does not)
    for fmt in ("csv", "parquet"):
        target = tmp_path / "out" / f"h.{fmt}"
        ok = runner.invoke(main, ["history", "export", "-w", str(ws.root), "--format", fmt, "-o", str(target)])
        assert ok.exit_code == 0, ok.output
        before = target.read_bytes()
        writer = "write_csv" if fmt == "csv" else "parquet_table"
        original = getattr(export_module, writer)

        def half_then_full_disk(frame, *args, original=original, fmt=fmt):
            if fmt == "csv":
                args[0].write_text("id,year\n1,", encoding="utf-8")  # half a file under the temporary name
            else:
                original(frame)
            raise OSError(28, "No space left on device")

        with monkeypatch.context() as patched:  # undone alone: the fixture's REPORTING_DB_URL (postgresql) stays
            patched.setattr(export_module, writer, half_then_full_disk)
            failed = runner.invoke(main, ["history", "export", "-w", str(ws.root), "--format", fmt, "-o", str(target)])
        assert failed.exit_code != 0
        assert target.read_bytes() == before
        assert sorted(p.name for p in target.parent.iterdir()) == sorted(
            f"h.{f}" for f in ("csv", "parquet")[: 1 + (fmt == "parquet")]
        )


def test_export_command_writes_swedish_excel_csv(tmp_path, plan, make_template):
    from click.testing import CliRunner

    from reporting.cli import main
    from reporting.history.store import open_history

    open_history(tmp_path).dispose()  # an empty history: export reads, never creates, one
    runner = CliRunner()
    result = runner.invoke(
        main, ["history", "export", "-w", str(tmp_path), "--swedish-excel", "-o", str(tmp_path / "h.csv")]
    )
    assert result.exit_code == 0, result.output
    data = (tmp_path / "h.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b";" in data.splitlines()[0]
