"""One history for a whole region: schema migrations, rows per nämnd, concurrent runs, the region view.

Every test runs against SQLite and PostgreSQL (``history_db``; the PostgreSQL variant
needs $REPORTING_TEST_PG_URL, and fails instead of skipping with REQUIRE_POSTGRES=1).
"""

from __future__ import annotations

import csv
import io
import json
import pickle
import random
import shutil
import threading
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, UniqueConstraint, create_engine, insert, inspect
from sqlalchemy import text as sql

from forked import Forked
from reporting.cli import main
from reporting.consolidate.consolidation import consolidate
from reporting.history import schema
from reporting.history.kolada import kolada_value
from reporting.history.store import DB_ENV, database_url, load_figures, open_history, rows_of, store
from reporting.history.trends import view_for
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.swedish import parse_decimal

pytestmark = pytest.mark.usefixtures("history_db")
PERIODS = [Period(2025, kind) for kind in ("T1", "delar", "helar")]


@pytest.fixture(scope="session")
def demo_results(tmp_path_factory, demo_copy):
    """The three demo periods consolidated once per session (pickled: each test gets fresh copies)."""
    out = {}
    for period in PERIODS:
        root = tmp_path_factory.mktemp(period.kind) / "ws"
        root.mkdir()
        ws, plan, _ = demo_copy(root, period)
        out[period.kind] = pickle.dumps(consolidate(plan, run_intake(ws, plan, period)))
    return out


def results_for(demo_results, board: str) -> list:
    """The demo's three consolidations as nämnd ``board`` (its plan's Nämnd-id)."""
    out = []
    for data in demo_results.values():
        result = pickle.loads(data)
        result.plan = replace(result.plan, board_id=board)
        out.append(result)
    return out


def key(row) -> tuple:
    return tuple(row[c] for c in ("board", "year", "period", "division", "unit", "kind", "item", "metric"))


def stored(engine) -> dict[tuple, tuple]:
    frame = load_figures(engine)
    return {key(r): (r["value"], r["text"]) for r in frame.to_dict("records")}


def expected(results, board: str | None = None) -> dict[tuple, tuple]:
    """What the history should hold for ``results`` (``board``: as stored under that nämnd id instead)."""
    return {
        key({**r, "board": r["board"] if board is None else board}): (
            None if r["value"] is None else D(r["value"]),
            r["text"],
        )
        for result in results
        for r in rows_of(result)
    }


# ------------------------------------------------------------------ migrations
OLD = MetaData()
OLD_FIGURES = Table(  # figures as versions before migrations created them
    "figures",
    OLD,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("year", Integer, nullable=False),
    Column("period", String(8), nullable=False),
    Column("division", String(40), nullable=False),
    Column("unit", String(40), nullable=False, default=""),
    Column("kind", String(20), nullable=False),
    Column("item", String(40), nullable=False),
    Column("metric", String(30), nullable=False),
    Column("value", String(40)),
    Column("text", Text),
    Column("stored_at", String(32), nullable=False),
    UniqueConstraint("year", "period", "division", "unit", "kind", "item", "metric", name="uq_figure"),
)
OLD_KOLADA = Table(  # kolada before status
    "kolada",
    OLD,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kpi", String(20), nullable=False),
    Column("municipality", String(10), nullable=False),
    Column("period", Integer, nullable=False),
    Column("gender", String(2), nullable=False),
    Column("value", String(40)),
    Column("imported_at", String(32), nullable=False),
    UniqueConstraint("kpi", "municipality", "period", "gender", name="uq_kolada"),
)


def old_history(url: str, with_status: bool, results) -> None:
    """A history as an older version left it: no version table, figures without board, kolada maybe without status."""
    engine = create_engine(url)
    OLD.create_all(engine)
    with engine.begin() as conn:
        if with_status:
            conn.execute(sql("ALTER TABLE kolada ADD COLUMN status VARCHAR(40)"))
        conn.execute(
            insert(OLD_FIGURES),
            [{k: v for k, v in r.items() if k != "board"} for result in results for r in rows_of(result)],
        )
        conn.execute(
            insert(OLD_KOLADA),
            [{"kpi": "U1", "municipality": "0000", "period": 2025, "gender": "T", "value": "58.3", "imported_at": "x"}],
        )
    engine.dispose()


@pytest.mark.parametrize("with_status", [False, True], ids=["kolada-without-status", "kolada-with-status"])
def test_an_old_history_is_upgraded_in_place_and_taken_over_by_its_nämnd(tmp_path, demo_results, with_status):
    old_results = results_for(demo_results, "hsn")
    url = database_url(tmp_path)
    old_history(url, with_status, old_results[:2])
    engine = open_history(tmp_path)
    try:
        with engine.connect() as conn:
            assert schema.current_version(conn) == schema.head() == "0008"
            columns = {c["name"] for c in inspect(conn).get_columns("figures")}
            assert "board" in columns and "status" in {c["name"] for c in inspect(conn).get_columns("kolada")}
        assert kolada_value(engine, "U1", 2025) == D("58.3")  # kept
        kept = stored(engine)
        assert kept == expected(old_results[:2], board="")  # every old row, exactly, with board ""
        assert {k[0] for k in kept} == {""}
        # the nämnd's first run takes the rows over: T1 and delår re-stored, helår new; nothing doubled
        hsn = results_for(demo_results, "hsn")
        store(engine, hsn[2])
        assert stored(engine) == expected(hsn)
    finally:
        engine.dispose()
    # opening again is a version check only
    engine = open_history(tmp_path)
    assert stored(engine) == expected(results_for(demo_results, "hsn"))
    engine.dispose()


def test_a_new_history_gets_the_current_schema_and_its_version(tmp_path):
    engine = open_history(tmp_path)
    with engine.connect() as conn:
        assert schema.current_version(conn) == schema.head()
        tables = set(inspect(conn).get_table_names())
    assert {"figures", "kolada", schema.VERSION_TABLE} <= tables and "alembic_version" not in tables
    engine.dispose()


def test_a_history_from_a_newer_version_is_refused_in_swedish(tmp_path):
    engine = open_history(tmp_path)
    with engine.begin() as conn:
        conn.execute(sql(f"UPDATE {schema.VERSION_TABLE} SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(schema.HistorySchemaError, match=r"schemaversion 9999.*nyare version"):
        open_history(tmp_path)
    out = CliRunner().invoke(main, ["history", "show", "-w", str(tmp_path), "N04"])
    assert out.exit_code == 1 and "schemaversion 9999" in out.output and "Traceback" not in out.output


# ------------------------------------------------------------------ rows per nämnd
def test_rerunning_a_period_replaces_that_nämnds_rows_only(tmp_path, demo_results):
    hsn, kfn = results_for(demo_results, "hsn"), results_for(demo_results, "kfn")
    engine = open_history(tmp_path)
    for result in hsn + kfn:
        store(engine, result)
    assert stored(engine) == expected(hsn + kfn)
    changed = hsn[0]
    changed.key_figures = [
        replace(k, outcome=D("12.5")) if k.id == "N04" and k.is_total else k for k in changed.key_figures
    ]
    store(engine, changed)
    rows = stored(engine)
    assert rows == expected([changed, *hsn[1:], *kfn])
    assert rows[("hsn", 2025, "T1", "", "%", "nyckeltal", "N04", "outcome")] == (D("12.5"), None)
    assert rows[("kfn", 2025, "T1", "", "%", "nyckeltal", "N04", "outcome")] != (D("12.5"), None)
    # the report's view holds its own nämnd only
    view = view_for(engine, kfn[0])
    assert set(view.figures["board"]) == {"kfn"} and len(view.figures) == len(expected(kfn))
    engine.dispose()


def test_another_regions_nämnd_of_the_same_name_is_refused_not_written_over(tmp_path, demo_results):
    from reporting.history.store import SameBoardId
    from reporting.plan.model import Division

    ours = results_for(demo_results, "")  # no Nämnd-id: the id is the name, as every region's HSN has
    engine = open_history(tmp_path)
    store(engine, ours[0])
    before = stored(engine)
    theirs = pickle.loads(demo_results["T1"])
    other = [Division(d, f"Division {d}") for d in ("PV", "SV", "BU", "TV")]
    theirs.plan = replace(theirs.plan, board_id="", divisions=other)  # Västernorrland's divisions, the same name
    with pytest.raises(SameBoardId) as refused:
        store(engine, theirs)
    assert "troligen en annan regions nämnd med samma namn. Inget sparades." in str(refused.value)
    assert stored(engine) == before  # Jämtland Härjedalen's rows are all there
    reorganised = pickle.loads(demo_results["T1"])
    reorganised.plan, reorganised.period = replace(theirs.plan), Period(2026, "T1")
    assert store(engine, reorganised) > 0  # our own nämnd with new divisions the next year: its history goes on
    theirs.plan = replace(theirs.plan, board_id="vn-hsn")  # with its own Nämnd-id it is stored beside ours
    assert store(engine, theirs) > 0 and {r[0] for r in stored(engine)} == {ours[0].plan.board_key, "vn-hsn"}
    engine.dispose()


def _store_racing(root: Path, results: list[Any], worker: int) -> None:
    """In a child process: two threads store every result, each in its own shuffled order."""
    engine = open_history(root)  # a fresh database: the migrations race too
    errors = []

    def run(seed: int) -> None:
        order = list(results)
        random.Random(seed).shuffle(order)
        for result in order:
            try:
                store(engine, result)
            except BaseException as exc:
                errors.append(repr(exc))

    threads = [threading.Thread(target=run, args=(worker * 10 + i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    engine.dispose()
    print("errors:", errors)
    if errors:
        raise SystemExit(1)


def test_concurrent_runs_of_both_nämnder_serialise_without_error_or_lost_rows(tmp_path, demo_results):
    hsn, kfn = results_for(demo_results, "hsn"), results_for(demo_results, "kfn")
    root = tmp_path / "ws"
    root.mkdir()
    children = [Forked(_store_racing, root, hsn + kfn, n) for n in range(4)]  # four processes at once
    for status, output in [child.wait() for child in children]:
        assert status == 0, output
        assert "Traceback" not in output and "errors: []" in output
    engine = open_history(root)
    assert stored(engine) == expected(hsn + kfn)  # every row of both nämnder, each once
    engine.dispose()


# ------------------------------------------------------------------ the region view
def _region_results(demo_results) -> tuple[list[Any], list[Any]]:
    """Both nämnder's three periods: hsn's as the demo ran them, kfn's with N04 at 50, 51, 52."""
    hsn, kfn = results_for(demo_results, "hsn"), results_for(demo_results, "kfn")
    return hsn, [replace_outcome(r, D(str(50 + i))) for i, r in enumerate(kfn)]


def _store_region(root: Path, demo_results) -> tuple[list[Any], list[Any]]:
    """Both nämnder's three periods stored into the history of ``root``."""
    hsn, kfn = _region_results(demo_results)
    engine = open_history(root)
    for result in hsn + kfn:
        store(engine, result)
    engine.dispose()
    return hsn, kfn


@pytest.fixture(scope="module")
def region_sqlite(tmp_path_factory, demo_results) -> Path:
    """The region's SQLite history stored once per module: the tests only read it, each from its own copy."""
    root = tmp_path_factory.mktemp("region-history")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(DB_ENV, raising=False)
        _store_region(root, demo_results)
    return root / "history.sqlite"


@pytest.fixture
def region(tmp_path, demo_results, history_db, request):
    """Both nämnder's three periods in a history of the test's backend (SQLite: a copy of the module's file)."""
    if history_db is not None:
        return tmp_path, *_store_region(tmp_path, demo_results)
    shutil.copyfile(request.getfixturevalue("region_sqlite"), tmp_path / "history.sqlite")
    return tmp_path, *_region_results(demo_results)


def replace_outcome(result, value):
    result.key_figures = [replace(k, outcome=value) if k.id == "N04" and k.is_total else k for k in result.key_figures]
    return result


def n04(result):
    return next(k for k in result.key_figures if k.id == "N04" and k.is_total)


def test_show_lists_board_by_period_with_the_change(region):
    root, hsn, kfn = region
    runner = CliRunner()
    out = runner.invoke(main, ["history", "show", "-w", str(root), "N04", "--board", "all"])
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    assert lines[0] == "N04 (nämnden), 2 nämnder, enhet: %"
    assert lines[1].split() == ["nämnd", "period", "utfall", "prognos", "förändring"]
    width = len(lines[1]) - 48  # the nämnd column, then period, utfall, prognos and förändring, 12 each
    table = [
        [line[:width].strip(), *(line[i : i + 12].strip() for i in range(width, width + 48, 12))] for line in lines[2:]
    ]
    assert [row[:2] for row in table] == [[b, p.key] for b in ("hsn", "kfn") for p in PERIODS]
    assert [row[2] for row in table[3:]] == ["50", "51", "52"]
    assert table[3][4] == "" and [row[4] for row in table[4:]] == ["1", "1"]
    assert [parse_decimal(row[2]) for row in table[:3]] == [n04(r).outcome for r in hsn]
    as_json = json.loads(runner.invoke(main, ["history", "show", "-w", str(root), "N04", "--json"]).stdout)
    assert len(as_json) == 6 and as_json[3] == {
        "board": "kfn",
        "key_figure": "N04",
        "division": "",
        "period": "2025-T1",
        "outcome": "50",
        "forecast": None if n04(kfn[0]).forecast is None else str(n04(kfn[0]).forecast),
        "change": None,
        "unit": "%",
        "left_out": "",
        "scope_change": "",
    }
    one = runner.invoke(main, ["history", "show", "-w", str(root), "N04", "--board", "kfn"])
    assert one.exit_code == 0 and one.stdout.splitlines()[0] == "N04 (nämnden), enhet: %"
    assert [line.split()[1] for line in one.stdout.splitlines()[2:]] == ["50", "51", "52"]
    unknown = runner.invoke(main, ["history", "show", "-w", str(root), "N04", "--board", "xyz"])
    assert unknown.exit_code == 1
    assert unknown.stderr == "Fel: nämnden xyz har inga lagrade siffror. Nämnder i historiken: hsn, kfn.\n"


def test_show_writes_swedish_numbers_and_json_keeps_machine_numbers(tmp_path, demo_results):
    """The text table: U+2212 minus, decimal comma, no-break-space thousands, each value's own decimals;
    --json: the stored numbers as before."""
    engine = open_history(tmp_path)
    outcomes = [D("4.08"), D("-3.2"), D("1234.50")]
    for result, value in zip(results_for(demo_results, "hsn"), outcomes, strict=True):
        store(engine, replace_outcome(result, value))
    engine.dispose()
    runner = CliRunner()
    one = runner.invoke(main, ["history", "show", "-w", str(tmp_path), "N04"])
    assert one.exit_code == 0, one.output
    assert [line[12:24] for line in one.stdout.splitlines()[2:]] == [
        f"{text:>12}" for text in ("4,08", "\u22123,2", "1\u00a0234,50")
    ]
    region = runner.invoke(main, ["history", "show", "-w", str(tmp_path), "N04", "--board", "all"])
    assert region.exit_code == 0, region.output
    rows = region.stdout.splitlines()[2:]
    assert [(row[24:36], row[48:60]) for row in rows] == [
        (f"{value:>12}", f"{change:>12}")
        for value, change in (("4,08", ""), ("\u22123,2", "\u22127,28"), ("1\u00a0234,50", "1\u00a0237,70"))
    ]
    as_json = json.loads(runner.invoke(main, ["history", "show", "-w", str(tmp_path), "N04", "--json"]).stdout)
    assert [row["outcome"] for row in as_json] == ["4.08", "-3.2", "1234.50"]
    as_json = json.loads(
        runner.invoke(main, ["history", "show", "-w", str(tmp_path), "N04", "-b", "all", "--json"]).stdout
    )
    assert [(row["outcome"], row["change"]) for row in as_json] == [
        ("4.08", None),
        ("-3.2", "-7.28"),
        ("1234.50", "1237.70"),
    ]


def test_export_across_boards_filtered_and_to_standard_output(region, tmp_path):
    root, hsn, kfn = region
    runner = CliRunner()
    out = runner.invoke(main, ["history", "export", "-w", str(root), "-o", "-"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0])[:2] == ["id", "board"] and {r["board"] for r in rows} == {"hsn", "kfn"}
    assert len(rows) == len(expected(hsn + kfn)) and "NaN" not in out.stdout
    only = runner.invoke(main, ["history", "export", "-w", str(root), "--board", "kfn", "-o", "-", "--swedish-excel"])
    assert only.exit_code == 0 and only.stdout_bytes.startswith(b"\xef\xbb\xbf")
    sv = list(csv.DictReader(io.StringIO(only.stdout_bytes.decode("utf-8-sig")), delimiter=";"))
    assert {r["board"] for r in sv} == {"kfn"} and len(sv) == len(expected(kfn))
    parquet = runner.invoke(main, ["history", "export", "-w", str(root), "--format", "parquet", "-o", "-"])
    assert parquet.exit_code == 1 and "Parquet är ett binärt format" in parquet.stderr
    target = tmp_path / "kfn.parquet"
    ok = runner.invoke(
        main, ["history", "export", "-w", str(root), "--format", "parquet", "-b", "kfn", "-o", str(target)]
    )
    assert ok.exit_code == 0, ok.output
    import pandas as pd

    frame = pd.read_parquet(target)
    assert str(frame["board"].dtype) == "category" and set(frame["board"]) == {"kfn"}


# ------------------------------------------------------------------ the plan's Nämnd-id
def test_the_plan_carries_a_board_id_defaulting_to_the_name_as_a_slug(tmp_path, plan):
    from openpyxl import load_workbook

    from reporting.plan.read import check_plan
    from reporting.plan.write import write_plan

    assert plan.board_id == "" and plan.board_key == "halso-och-sjukvardsnamnden"
    path = write_plan(tmp_path / "plan.xlsx", replace(plan, board_id="hsn"))
    read, findings = check_plan(path)
    assert read is not None and read.board_id == "hsn" and read.board_key == "hsn"
    wb = load_workbook(path)
    sheet = wb["Nämnd"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "Nämnd-id")
    row[1].value = "HSN Väst"
    wb.save(path)
    bad, findings = check_plan(path)
    assert bad is None and any("Nämnd-id får bara ha" in f.message for f in findings)
    sheet.delete_rows(row[0].row)  # a plan from before the row: no finding, the default id
    wb.save(path)
    old, findings = check_plan(path)
    assert old is not None and old.board_key == "halso-och-sjukvardsnamnden"
    assert old.digest() == plan.digest()  # templates made before the row are not "plan changed"
