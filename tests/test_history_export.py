"""history export as an economy office uses it: the unit of every number, and a mistyped -o folder.

Against SQLite and PostgreSQL (``history_db``). A tkr plan (seed 002's) and an mkr plan (the demo's)
are stored and exported through the command; the unit column says what each number is in.
"""

from __future__ import annotations

import csv
import errno
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporting.atomic import MissingFolder, atomic_path, existing_folder
from reporting.cli import main
from reporting.cli.errors import error_message
from reporting.history.store import open_history, store
from reporting.plan.periods import Period
from reporting.workflow import run_period

pytestmark = pytest.mark.usefixtures("history_db")
T1 = Period(2025, "T1")


def exported(root: Path) -> list[dict[str, str]]:
    out = CliRunner().invoke(main, ["history", "export", "-w", str(root), "-o", "-"])
    assert out.exit_code == 0, out.output
    return list(csv.DictReader(io.StringIO(out.stdout)))


def units(rows: list[dict[str, str]], kind: str, metric: str | None = None) -> set[str]:
    return {r["unit"] for r in rows if r["kind"] == kind and (metric is None or r["metric"] == metric)}


def test_a_tkr_plans_amounts_are_in_tkr_and_key_figures_in_their_own_unit(tmp_path, seed002_run):
    _, result = seed002_run
    engine = open_history(tmp_path)
    try:
        store(engine, result)
    finally:
        engine.dispose()
    rows = exported(tmp_path)
    assert result.plan.amount_unit == "tkr"
    assert units(rows, "ekonomi") == {"tkr"}  # every division, account group and metric, the nämnd's netto too
    n01 = {r["metric"]: r["unit"] for r in rows if r["item"] == "N01" and r["division"] == ""}
    assert n01 == {"outcome": "index", "forecast": "index", "status": ""}  # the status is a text: no unit
    n02 = [r for r in rows if r["item"] == "N02" and r["metric"] == "outcome"]
    assert n02 and {r["unit"] for r in n02} == {"%"}
    assert units(rows, "nyckeltal", "denominator") <= {""}  # a count the plan gives no unit for


def test_an_mkr_plans_amounts_are_in_mkr_measures_too_and_a_financial_goal_in_its_targets_unit(tmp_path, demo_copy):
    ws, plan, _ = demo_copy(tmp_path, T1)
    run_period(ws, plan, T1, report=False, feedback=False, quiet=True)
    rows = exported(tmp_path)
    assert plan.amount_unit == "mkr"
    assert units(rows, "ekonomi") == {"mkr"}
    assert units(rows, "atgard") == {"mkr"}  # the measures' planned, achieved and forecast effects
    assert units(rows, "finansmal", "outcome") == {"%"} and units(rows, "finansmal", "status") == {""}
    assert {r["unit"] for r in rows if r["item"] == "N01" and r["metric"] == "outcome"} == {"index"}
    assert all(r["unit"] == "" for r in rows if r["value"] == "")  # a text (a status, "Ja") is in no unit
    assert all(r["unit"] for r in rows if r["value"] and r["metric"] != "denominator")  # never empty beside a number


def test_export_to_a_folder_that_does_not_exist_says_so_and_writes_nothing(tmp_path):
    target = tmp_path / "no" / "such" / "dir" / "x.csv"
    out = CliRunner().invoke(main, ["history", "export", "-w", str(tmp_path / "ws"), "-o", str(target)])
    assert out.exit_code == 1
    assert out.output == (
        f"Fel: mappen {target.parent} finns inte, så {target} kan inte skrivas. Skapa mappen först, "
        "eller ange en fil i en mapp som finns. Inget skrevs.\n"
    )
    assert not (tmp_path / "no").exists()  # not created: a mistyped folder is said
    assert not (tmp_path / "ws").exists()  # nor a history opened in the workspace
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(MissingFolder, match=f"{afile} är en fil, inte en mapp"):
        existing_folder(afile / "x.csv")


def test_an_error_on_the_temporary_file_names_the_target(tmp_path):
    target = tmp_path / "historik.csv"
    with pytest.raises(OSError) as caught, atomic_path(target) as temp:
        raise OSError(errno.ENOSPC, "No space left on device", str(temp))
    assert isinstance(caught.value, OSError) and caught.value.errno == errno.ENOSPC
    assert caught.value.filename == str(target)
    assert error_message(caught.value) == f"disken är full, {target} kunde inte skrivas. Frigör utrymme och kör igen."
    with pytest.raises(PermissionError) as denied, atomic_path(target) as temp:
        raise PermissionError(errno.EACCES, "Permission denied", str(temp))
    assert denied.value.filename == str(target) and ".tmp" not in error_message(denied.value)
    assert list(tmp_path.iterdir()) == []  # nothing left behind


def test_export_on_a_full_disk_names_the_file_asked_for(tmp_path, monkeypatch):
    from reporting.history import export as module

    def full(frame, path, swedish_excel=False):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(module, "write_csv", full)
    open_history(tmp_path).dispose()  # an empty history: export reads, never creates, one
    target = tmp_path / "historik.csv"
    out = CliRunner().invoke(main, ["history", "export", "-w", str(tmp_path), "-o", str(target)])
    assert out.exit_code == 1
    assert out.output == f"Fel: disken är full, {target} kunde inte skrivas. Frigör utrymme och kör igen.\n"
    assert [p.name for p in tmp_path.iterdir() if p.name != "history.sqlite"] == []  # no temporary file left


def test_export_of_an_empty_history_says_so_and_what_to_do(tmp_path):
    open_history(tmp_path).dispose()  # a history without figures (a workspace with no history: test_history_readonly)
    target = tmp_path / "historik.csv"
    out = CliRunner().invoke(main, ["history", "export", "-w", str(tmp_path), "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert out.stdout == f"Skrev {target}\n"
    assert out.stderr.startswith("Obs: historiken ") and "har inga lagrade siffror, så exporten har bara" in out.stderr
    assert "Kör 'reporting consolidate' för en period först, eller ange arbetsytan med -w" in out.stderr
    assert target.read_text().splitlines() == [
        "id,board,year,period,division,unit,kind,item,metric,value,text,stored_at,left_out,target,name,period_end,period_order"
    ]
    piped = CliRunner().invoke(main, ["history", "export", "-w", str(tmp_path), "-o", "-"])
    assert piped.stdout == target.read_text() and piped.stderr == out.stderr  # standard output: the CSV only


def test_period_end_and_period_order_sort_the_periods_that_sort_wrong_as_text(tmp_path):
    """``period`` ("T1", "delar", "M03") sorts as text delar, helar, M03, T1; the two last columns order them."""
    from datetime import date

    from sqlalchemy import insert

    from reporting.history.export import export
    from reporting.history.store import figures

    engine = open_history(tmp_path)
    try:
        base = {"board": "hsn", "division": "", "unit": "%", "kind": "nyckeltal", "item": "N04", "metric": "outcome"}
        periods = [(2025, "helar"), (2025, "delar"), (2025, "T1"), (2025, "M03"), (2025, "M04"), (2024, "helar")]
        with engine.begin() as conn:
            conn.execute(
                insert(figures),
                [
                    {**base, "year": y, "period": p, "value": "60", "stored_at": "2025-12-31T00:00:00"}
                    for y, p in periods
                ],
            )
        rows = exported(tmp_path)
        assert list(rows[0])[:15] == [c.name for c in figures.columns]  # the stored columns as before, in order
        shown = sorted((r["period_end"], int(r["period_order"]), r["year"], r["period"]) for r in rows)
        assert shown == [
            ("2024-12-31", 15, "2024", "helar"),
            ("2025-03-31", 3, "2025", "M03"),
            ("2025-04-30", 4, "2025", "M04"),  # a month before the tertial ending with it
            ("2025-04-30", 5, "2025", "T1"),
            ("2025-08-31", 10, "2025", "delar"),
            ("2025-12-31", 15, "2025", "helar"),
        ]
        pytest.importorskip("pyarrow")
        import pyarrow.parquet as pq

        table = pq.read_table(export(engine, tmp_path / "historik.parquet", "parquet"))
        assert table.column_names[-2:] == ["period_end", "period_order"]
        got = zip(*(table.column(c).to_pylist() for c in ("year", "period", "period_end", "period_order")))
        assert sorted(got)[:3] == [
            (2024, "helar", date(2024, 12, 31), 15),
            (2025, "M03", date(2025, 3, 31), 3),
            (2025, "M04", date(2025, 4, 30), 4),
        ]
        assert str(table.schema.field("period_end").type) == "date32[day]"
    finally:
        engine.dispose()


def test_history_show_finds_an_id_typed_in_another_case(tmp_path, demo_copy):
    """`history show n04 -d med` is N04 of MED, as stored: not "det finns inga lagrade värden för n04"."""
    ws, plan, _ = demo_copy(tmp_path, T1)
    run_period(ws, plan, T1, report=False, feedback=False, quiet=True)
    show = lambda *args: CliRunner().invoke(main, ["history", "show", "-w", str(tmp_path), *args])  # noqa: E731
    for typed, stored in ((["n04"], ["N04"]), (["n04", "-d", "med"], ["N04", "-d", "MED"])):
        out, exact = show(*typed), show(*stored)
        assert out.exit_code == 0, out.output
        assert out.output == exact.output and out.output.startswith(f"N04 {'(MED)' if '-d' in typed else '(nämnden)'}")
    unknown = show("n99")
    assert unknown.exit_code == 1 and "det finns inga lagrade värden för n99." in unknown.output
