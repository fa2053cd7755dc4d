"""What `history kolada` says about a response: rows without a value (never stored over a value), and values no
report of the plan's year will show (another municipality, another year, none at all)."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporting.cli import main
from reporting.demo.plan import demo_plan
from reporting.history.kolada import kolada_latest, kolada_value
from reporting.history.store import open_history
from reporting.plan.write import write_plan

pytestmark = pytest.mark.usefixtures("history_db")


def row(kpi: str, year: int, value: object, municipality: str = "0000") -> dict[str, object]:
    return {"kpi": kpi, "municipality": municipality, "period": year, "values": [{"gender": "T", "value": value}]}


def saved(folder: Path, name: str, *rows: dict[str, object]) -> str:
    path = folder / name
    path.write_text(json.dumps({"values": list(rows)}), "utf-8")
    return str(path)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace whose plan (year 2025) names U79002 at N04 and U79014 at N14."""
    plan = demo_plan()
    ids = {"N04": "U79002", "N14": "U79014"}
    write_plan(
        tmp_path / "plan.xlsx",
        replace(plan, key_figures=[replace(k, kolada_id=ids.get(k.id, "")) for k in plan.key_figures]),
    )
    return tmp_path


def kolada(ws: Path, *files: str) -> list[str]:
    out = CliRunner().invoke(main, ["history", "kolada", "-w", str(ws), *files])
    assert out.exit_code == 0, out.output
    return out.output.splitlines()


def test_a_null_value_replaces_no_stored_value_and_is_not_counted(ws, tmp_path):
    ok = saved(tmp_path, "ok.json", row("U79002", 2025, 66.4), row("U79002", 2024, 65.0), row("U79014", 2025, 1.9))
    assert kolada(ws, ok) == ["ok.json: 3 värden importerade"]
    nulls = saved(tmp_path, "nulls.json", row("U79002", 2025, None), row("U79014", 2025, None))
    assert kolada(ws, nulls) == [
        "nulls.json: 0 värden importerade; 2 rader utan värde hoppades över (sparade värden står kvar)"
    ]
    one = saved(tmp_path, "one.json", row("U79002", 2025, 67.0), row("U79014", 2025, None))
    assert kolada(ws, one) == [
        "one.json: 1 värde importerat; 1 rad utan värde hoppades över (sparade värden står kvar)"
    ]
    engine = open_history(ws)
    try:
        assert kolada_latest(engine, "U79002", 2025) == (D("67.0"), 2025)  # replaced by a value
        assert kolada_value(engine, "U79014", 2025) == D("1.9")  # the null did not replace it
    finally:
        engine.dispose()


MUNICIPALITY_NOTE = (
    "Obs: värdena för kommun eller region 2380 är sparade men visas i ingen rapport: rapporterna jämför bara med "
    "riket (0000). Hämta värdena för 0000 om det var riket som avsågs."
)
YEAR_NOTE = (
    "Obs: värdena för 2019 och 2026 är sparade men visas i ingen rapport för 2025: rapporterna visar riket för "
    "periodens år eller året före (2025 eller 2024)."
)


def test_values_no_report_shows_are_said_another_municipality_another_year_or_none(ws, tmp_path):
    shown = saved(tmp_path, "riket.json", row("U79002", 2025, 66.4), row("U79014", 2024, 1.9))
    assert kolada(ws, shown) == ["riket.json: 2 värden importerade"]  # the plan's year and the year before: silent
    other = saved(tmp_path, "kommun.json", row("U79002", 2025, 70, municipality="2380"))
    assert kolada(ws, other) == ["kommun.json: 1 värde importerat", MUNICIPALITY_NOTE]
    years = saved(tmp_path, "ar.json", row("U79002", 2019, 50), row("U79002", 2026, 51), row("U79014", 2025, 2))
    assert kolada(ws, years) == ["ar.json: 3 värden importerade", YEAR_NOTE]
    empty = saved(tmp_path, "tom.json")
    no_rows = tmp_path / "inga.json"
    no_rows.write_text(
        json.dumps({"values": [{"kpi": "U79002", "municipality": "0000", "period": 2025, "values": None}]})
    )
    assert kolada(ws, empty, str(no_rows)) == [
        "tom.json: 0 värden importerade",
        "Obs: tom.json innehåller inga värden, så inget har sparats. Stäm av nyckeltalens id, åren och kommunerna i "
        "frågan mot Kolada.",
        "inga.json: 0 värden importerade",
        "Obs: inga.json innehåller inga värden, så inget har sparats. Stäm av nyckeltalens id, åren och kommunerna "
        "i frågan mot Kolada.",
    ]


def test_another_municipalitys_year_is_not_said_twice(ws, tmp_path):
    """A municipality's values are shown nowhere whatever their year: one line says so, not a second for the year."""
    both = saved(tmp_path, "kommun.json", row("U79002", 2019, 70, municipality="2380"))
    assert kolada(ws, both) == ["kommun.json: 1 värde importerat", MUNICIPALITY_NOTE]


def test_a_plans_kolada_id_in_lower_case_is_kolada_s_upper_case_id(tmp_path):
    """The plan check, the import's note and the report's lookup agree: "u79014" in the plan is Kolada's U79014."""
    from sqlalchemy import insert

    from reporting.history.store import kolada as kolada_table
    from reporting.history.trends import riket_values
    from reporting.plan.read import load_plan

    plan = demo_plan()
    lower = replace(
        plan, key_figures=[replace(k, kolada_id="u79014") if k.id == "N14" else k for k in plan.key_figures]
    )
    write_plan(tmp_path / "plan.xlsx", lower)
    read = load_plan(tmp_path / "plan.xlsx")
    assert [k.kolada_id for k in read.key_figures if k.kolada_id] == ["U79014"]

    riket = saved(tmp_path, "riket.json", row("U79014", 2025, 1.9))
    assert kolada(tmp_path, riket) == ["riket.json: 1 värde importerat"]  # no "U79014 finns inte i planens kolumn"
    typed = saved(tmp_path, "skrivet.json", row("u79014", 2024, 1.7))  # a file edited by hand: stored as U79014
    assert kolada(tmp_path, typed) == ["skrivet.json: 1 värde importerat"]

    engine = open_history(tmp_path)
    try:
        assert riket_values(engine, read, 2025) == {"N14": D("1.9")}
        assert riket_values(engine, lower, 2025) == {"N14": D("1.9")}  # a plan made in code keeps its spelling
        assert kolada_latest(engine, "u79014", 2024) == (D("1.7"), 2024)
        with engine.begin() as conn:  # as an older version stored a lower-case id from a file
            row_of = {"municipality": "0000", "gender": "T", "imported_at": "2025-01-01T00:00:00"}
            conn.execute(insert(kolada_table), [{"kpi": "u79003", "period": 2025, "value": "80", **row_of}])
        assert kolada_value(engine, "U79003", 2025) == D(80)
    finally:
        engine.dispose()
    assert kolada(tmp_path, saved(tmp_path, "ny.json", row("U79003", 2025, 81)))[0] == "ny.json: 1 värde importerat"
    engine = open_history(tmp_path)
    try:
        with engine.connect() as conn:
            stored = conn.execute(kolada_table.select().where(kolada_table.c.period == 2025)).all()
        assert sorted((r.kpi, r.value) for r in stored) == [("U79003", "81"), ("U79014", "1.9")]  # no "u79003" left
    finally:
        engine.dispose()


def test_a_folder_without_plan_or_history_is_refused_unless_the_database_is_given(tmp_path, monkeypatch, history_db):
    """Run from Downloads, the import would create a history there that no report reads."""
    downloads = tmp_path / "Hämtade filer"
    downloads.mkdir()
    riket = saved(downloads, "riket.json", row("U79002", 2025, 66.4))
    monkeypatch.chdir(downloads)
    out = CliRunner().invoke(main, ["history", "kolada", riket])
    if history_db is not None:  # $REPORTING_DB_URL names the database: nothing to refuse
        assert out.exit_code == 0, out.output
        return
    assert out.exit_code == 1
    assert out.output == (
        f"Fel: det finns varken en plan (plan.xlsx) eller en historik (history.sqlite) i {downloads.resolve()}. "
        "Kör kommandot i arbetsytan eller ange den med -w, eller ange historikdatabasen med --db; ingen ny historik "
        "har skapats här.\n"
    )
    assert sorted(p.name for p in downloads.iterdir()) == ["riket.json"]

    given = CliRunner().invoke(main, ["history", "kolada", "--db", f"sqlite:///{downloads / 'egen.sqlite'}", riket])
    assert given.output == "riket.json: 1 värde importerat\n"  # --db given: that database is meant
    open_history(downloads).dispose()  # a folder with its history (kept without a plan) is a workspace
    assert kolada(downloads, riket) == ["riket.json: 1 värde importerat"]
