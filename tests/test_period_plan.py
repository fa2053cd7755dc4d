"""A consolidated period keeps its plan: plan.xlsx revised mid-year does not re-judge it (reporting.plan.period_plan).

One demo workspace with 2025-T1 consolidated (MED, KIR and NV handed in; HSD missing) is built once; each test
takes a copy, revises its plan.xlsx as an economy office does in Excel (openpyxl), and runs T1 again.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import built_once
from helpers import complete_edits, edit_workbook, fill
from reporting.consolidate.consolidation import Consolidation
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
SAVED = Path("archive/2025-T1/plan.xlsx")
HSD_T1 = "2025-T1 Hälso- och sjukvårdsdirektör.xlsx"


@pytest.fixture(scope="session")
def t1_consolidated(tmp_path_factory: pytest.TempPathFactory, demo_copy: Any) -> Path:
    """The demo workspace with 2025-T1 consolidated once, as the CLI does it (the plan file given)."""

    def build(folder: Path) -> None:
        from reporting.workflow import run_period

        ws, plan, _ = demo_copy(folder, T1)  # prepare_demo's T1, made once per session
        run_period(ws, plan, T1, report=False, feedback=False, quiet=True, plan_file=ws.plan)

    return built_once(tmp_path_factory, "period-plan-t1", build)


@pytest.fixture
def ws(t1_consolidated: Path, tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    shutil.copytree(t1_consolidated, root)
    for path in (root / "inbox").glob("*.xlsx"):  # the office has cleared its inbox: T1 lives in archive/
        path.unlink()
    return Workspace(root)


def _row(sheet: Any, key: str, year: int | None = None) -> int:
    return next(
        r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(r, 1).value == key and (year is None or sheet.cell(r, 2).value == year)
    )


def _set(sheet: Any, key: str, header: str, value: Any, year: int | None = None) -> None:
    column = next(c.column for c in sheet[1] if c.value == header)
    sheet.cell(_row(sheet, key, year), column).value = value


def _shift(sheet: Any, division: str, amount: float) -> None:
    """``amount`` mkr more Externa kostnader (and netto) in the division's 2025 frame."""
    for header in ("Externa kostnader (mkr)", "Netto (mkr)"):
        column = next(c.column for c in sheet[1] if c.value == header)
        cell = sheet.cell(_row(sheet, division, 2025), column)
        cell.value = round(float(cell.value) + amount, 1)


def move_frame(wb: Any) -> None:
    """The June decision: 20 mkr of Externa kostnader move from MED's frame to HSD's."""
    _shift(wb["Budgetramar"], "MED", +20.0)
    _shift(wb["Budgetramar"], "HSD", -20.0)


def raise_target(wb: Any) -> None:
    """N01's målvärde raised from 4,01 to 4,5 (MED reported 4,24 in T1: Uppfyllt then, not now)."""
    _set(wb["Nyckeltal"], "N01", "Målvärde", "Minst 4,5")


def rerun(ws: Workspace, current_plan: bool = False) -> tuple[Consolidation, list[str]]:
    """T1 run again as `reporting consolidate -p 2025-T1` runs it; the notes it gave."""
    from reporting.workflow import run_period

    notes: list[str] = []
    result = run_period(
        ws,
        load_plan(ws.plan),
        T1,
        report=False,
        feedback=False,
        quiet=True,
        plan_file=ws.plan,
        current_plan=current_plan,
        tell=notes.append,
    )
    return result.consolidation, notes


def frames(consolidation: Consolidation) -> dict[str, Any]:
    return {row.division_id: row.budget for row in consolidation.economy_divisions}


def history(ws: Workspace) -> list[tuple[Any, ...]]:
    """T1's stored rows, without the time they were stored."""
    with sqlite3.connect(ws.root / "history.sqlite") as db:
        query = (
            "select division, unit, kind, item, metric, value, text, left_out from figures where period = 'T1' "
            "order by division, unit, kind, item, metric"
        )
        return db.execute(query).fetchall()


def n01(consolidation: Consolidation) -> tuple[str, str]:
    row = next(r for r in consolidation.key_figures if r.id == "N01" and r.division_id == "MED")
    return row.target, row.status


def test_the_first_consolidation_saves_the_plan_it_used_and_says_nothing(ws):
    assert (ws.root / SAVED).read_bytes() == ws.plan.read_bytes()
    again, notes = rerun(ws)  # nothing revised: the run is as it always was
    assert notes == [] and again.submitted == ["MED", "KIR", "NV"]


def test_a_rerun_after_a_frame_move_keeps_every_division_its_t1_frames_and_history(ws):
    before = history(ws)
    first, _ = rerun(ws)
    edit_workbook(ws.plan, move_frame)
    again, notes = rerun(ws)
    assert again.submitted == ["MED", "KIR", "NV"]  # MED's archived file is still judged against its own frame
    assert frames(again) == frames(first)
    assert str(frames(again)["MED"]) == "-1117.4" and str(frames(again)["HSD"]) == "-239.8"  # T1's, not June's
    assert not [f for f in again.findings if f.rule.value == "frame-changed"]
    assert history(ws) == before and {row[0] for row in before} >= {"MED", "KIR", "NV"}
    assert notes == [
        "2025-T1 bedöms mot planen som gällde när perioden först konsoliderades (archive/2025-T1/plan.xlsx); "
        "plan.xlsx har ändrats sedan dess. Kör med --current-plan för att bedöma perioden mot den nuvarande planen."
    ]


def test_a_rerun_after_a_target_change_keeps_t1s_judgement_and_malvarde(ws):
    first, _ = rerun(ws)
    assert n01(first) == ("Minst 4,01", "Uppfyllt")
    stored = [r for r in history(ws) if r[0] == "MED" and r[3] == "N01" and r[4] == "status"]
    edit_workbook(ws.plan, raise_target)
    again, notes = rerun(ws)
    assert n01(again) == ("Minst 4,01", "Uppfyllt") and len(notes) == 1
    assert [r for r in history(ws) if r[0] == "MED" and r[3] == "N01" and r[4] == "status"] == stored
    assert stored[0][6] == "Uppfyllt"


def test_current_plan_judges_the_period_against_the_revised_plan_and_saves_it(ws):
    original = (ws.root / SAVED).read_bytes()
    edit_workbook(ws.plan, raise_target)
    switched, notes = rerun(ws, current_plan=True)
    assert n01(switched) == ("Minst 4,5", "Ej uppfyllt")
    (kept,) = (ws.root / SAVED).parent.glob("plan-*.xlsx")
    assert kept.read_bytes() == original and (ws.root / SAVED).read_bytes() == ws.plan.read_bytes()
    assert notes == [
        "2025-T1 bedöms mot den nuvarande planen (plan.xlsx) i stället för planen som gällde när perioden först "
        "konsoliderades; den nuvarande planen sparas nu som periodens plan (archive/2025-T1/plan.xlsx) och den "
        f"tidigare finns kvar som archive/2025-T1/{kept.name}."
    ]
    again, notes = rerun(ws)  # the revised plan is now T1's: no note, the same judgement
    assert n01(again) == ("Minst 4,5", "Ej uppfyllt") and notes == []


def test_a_late_file_from_the_t1_template_is_accepted_after_the_revision(ws):
    t1_plan = load_plan(ws.plan)
    edit_workbook(ws.plan, move_frame)
    fill(ws.templates / HSD_T1, complete_edits(t1_plan, "HSD"), ws.inbox / HSD_T1)
    again, _ = rerun(ws)
    assert again.submitted == ["HSD", "MED", "KIR", "NV"]
    assert [e.result for e in again.intake.log] == ["godkänd"]
    assert str(frames(again)["HSD"]) == "-239.8"


def test_consolidate_says_which_plan_it_judges_against_and_templates_follow_it(ws):
    from reporting.cli import main

    t1_digest = load_plan(ws.plan).digest()
    edit_workbook(ws.plan, move_frame)
    result = CliRunner().invoke(main, ["consolidate", "-w", str(ws.root), "-p", "2025-T1", "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("2025-T1 bedöms mot planen som gällde när perioden först konsoliderades")
    assert '"missing": [\n    "HSD"\n  ]' in result.stdout  # only HSD, which never handed in
    result = CliRunner().invoke(main, ["templates", "-w", str(ws.root), "-p", "2025-T1", "-d", "HSD"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Mallarna för 2025-T1 görs från planen som gällde när perioden först")
    assert _template_digest(ws.templates / HSD_T1) == t1_digest != load_plan(ws.plan).digest()


def _template_digest(path: Path) -> str:
    from reporting.template.stale import _metadata

    meta = _metadata(path)
    assert meta is not None
    return meta["plan_hash"]


def test_a_run_killed_after_saving_the_plan_ends_as_an_uninterrupted_run(ws, monkeypatch):
    import reporting.workflow

    (ws.root / SAVED).unlink()  # T1 as a workspace from before saved plans has it
    uninterrupted = ws.root.parent / "uninterrupted"
    shutil.copytree(ws.root, uninterrupted)
    expected, _ = rerun(Workspace(uninterrupted))

    def killed(*args: Any) -> None:
        raise KeyboardInterrupt  # the run dies after the plan is saved, before intake

    monkeypatch.setattr(reporting.workflow, "_run_locked", killed)
    with pytest.raises(KeyboardInterrupt):
        rerun(ws)
    monkeypatch.undo()
    assert not list((ws.root / SAVED).parent.glob(".*.tmp"))
    again, notes = rerun(ws)
    assert notes == [] and again.submitted == expected.submitted and history(ws) == history(Workspace(uninterrupted))
    assert (ws.root / SAVED).read_bytes() == (uninterrupted / SAVED).read_bytes() == ws.plan.read_bytes()


def _empty_workbook(path: Path) -> None:
    import openpyxl

    openpyxl.Workbook().save(path)


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda path: path.write_bytes(b"time;file\n"), "filen är en textfil (t.ex. CSV) trots namnet."),
        (_empty_workbook, "planen har 10 fel."),
    ],
    ids=["no-workbook", "no-plan"],
)
def test_an_unreadable_saved_plan_is_named_as_saved_and_current_plan_gets_past_it(ws, damage, problem):
    from reporting.cli import main

    damage(ws.root / SAVED)
    broken = (ws.root / SAVED).read_bytes()
    expected = (
        "Fel: den sparade planen för 2025-T1 (archive/2025-T1/plan.xlsx) kan inte läsas: "
        f"{problem} Kör med --current-plan för att bedöma perioden mot den nuvarande planen.\n"
    )
    for command in ("consolidate", "templates"):
        result = CliRunner().invoke(main, [command, "-w", str(ws.root), "-p", "2025-T1"])
        assert (result.exit_code, result.stderr) == (1, expected)  # not "plan.xlsx: … 'reporting plan new' …"
    again, notes = rerun(ws, current_plan=True)  # the way out the message gives: the saved plan is not read
    assert again.submitted == ["MED", "KIR", "NV"] and len(notes) == 1
    (kept,) = (ws.root / SAVED).parent.glob("plan-*.xlsx")
    assert kept.read_bytes() == broken and (ws.root / SAVED).read_bytes() == ws.plan.read_bytes()


def test_check_judges_a_file_of_a_consolidated_period_against_its_saved_plan_as_consolidate_does(ws):
    """A file checked after a mid-year revision gets consolidate's verdict, and is told which plan it met."""
    from reporting.cli import main

    edit_workbook(ws.plan, move_frame)
    (med,) = (ws.root / "archive/2025-T1/MED").glob("*.xlsx")
    runner = CliRunner()
    for period in ([], ["-p", "2025-T1"]):
        result = runner.invoke(main, ["check", "-w", str(ws.root), *period, str(med)])
        assert result.exit_code == 0, result.output
        assert result.output.startswith(
            "2025-T1 bedöms mot planen som gällde när perioden först konsoliderades (archive/2025-T1/plan.xlsx), "
            "som 'reporting consolidate' gör; planen har ändrats sedan dess. Kör med --current-plan"
        )
        assert result.output.count("bedöms mot planen") == 1 and f"{med.name}: OK" in result.output
    result = runner.invoke(main, ["check", "-w", str(ws.root), "--current-plan", "--json", str(med)])
    assert result.exit_code == 1 and "bedöms mot" not in result.output
    assert "frame-changed" in {f["rule"] for f in json.loads(result.stdout)}
    assert (ws.root / SAVED).read_bytes() != ws.plan.read_bytes()  # check saves nothing


def test_a_plan_saved_by_a_run_that_archived_nothing_is_replaced_by_the_corrected_plan(tmp_path, demo_copy):
    """A first T1 run stops before any file is archived; the office corrects plan.xlsx and runs again: the
    corrected plan judges T1, without a note, and becomes T1's saved plan."""
    (tmp_path / "ws").mkdir()
    ws, _, _ = demo_copy(tmp_path / "ws", T1)  # prepare_demo's T1, made once per session
    (ws.root / SAVED).parent.mkdir(parents=True)
    shutil.copy(ws.plan, ws.root / SAVED)  # saved by the stopped run
    edit_workbook(ws.plan, raise_target)  # the correction
    again, notes = rerun(ws)
    assert notes == [] and n01(again) == ("Minst 4,5", "Ej uppfyllt")
    assert (ws.root / SAVED).read_bytes() == ws.plan.read_bytes()


def next_year(wb: Any, keep: int = 0) -> None:
    """plan.xlsx becomes 2026's: År 2026, and the divisions' frames of 2025 gone unless ``keep`` (2026–2027 kept)."""
    settings = wb["Nämnd"]
    year_row = next(r for r in range(1, settings.max_row + 1) if settings.cell(r, 1).value == "År")
    settings.cell(year_row, 2).value = 2026
    periods = wb["Perioder"]
    deadline = next(c.column for c in periods[1] if c.value == "Sista inlämningsdag")
    for r in range(2, periods.max_row + 1):
        if (day := periods.cell(r, deadline).value) is not None:
            periods.cell(r, deadline).value = day.replace(year=day.year + 1)
    frames = wb["Budgetramar"]
    year_column = next(c.column for c in frames[1] if c.value == "År")
    for r in range(frames.max_row, 1, -1):
        if frames.cell(r, year_column).value == 2025 != keep and frames.cell(r, 1).value != "NÄMND":
            frames.delete_rows(r)


def test_a_period_of_last_year_is_run_again_against_its_saved_plan_once_plan_xlsx_is_next_years(ws):
    from reporting.cli import main

    edit_workbook(ws.plan, next_year)
    assert 2025 not in load_plan(ws.plan).years()
    runner = CliRunner()
    for command in (["consolidate"], ["feedback"], ["central"]):
        result = runner.invoke(main, [*command, "-w", str(ws.root), "-p", "2025-T1"])
        assert result.exit_code == 0, result.output
    again, notes = rerun(ws)
    assert again.submitted == ["MED", "KIR", "NV"] and str(frames(again)["MED"]) == "-1117.4"
    assert notes[0].startswith("2025-T1 bedöms mot planen som gällde när perioden först konsoliderades")


def test_a_period_of_last_year_never_consolidated_is_not_judged_against_next_years_plan_unasked(ws):
    """2025-delar was never consolidated; plan.xlsx is 2026's (with 2025's frames kept): refused, naming the plan
    2025 saved with T1; --plan with that plan gets past it."""
    from reporting.cli import main

    edit_workbook(ws.plan, lambda wb: next_year(wb, keep=2025))
    stopped = ws.root / "archive/2025-helar/plan.xlsx"  # saved by a run stopped before any file: judged nothing
    stopped.parent.mkdir()
    shutil.copy(ws.plan, stopped)
    runner = CliRunner()
    for command in (["consolidate"], ["templates"], ["central"]):
        result = runner.invoke(main, [*command, "-w", str(ws.root), "-p", "2025-delar"])
        assert result.exit_code == 1, result.output
        assert result.stderr == (
            "Fel: perioden 2025-delar har inte konsoliderats förut, och planen plan.xlsx är planen för 2026: "
            "nyckeltalens enheter, sammanvägning och målvärden är det årets. Ange planen för 2025 med --plan FIL "
            "(planen för 2025 finns sparad som archive/2025-T1/plan.xlsx), eller kör med --current-plan för att "
            "ändå bedöma perioden mot plan.xlsx.\n"
        )
    assert not (ws.root / "archive/2025-delar").exists()
    result = runner.invoke(
        main, ["consolidate", "-w", str(ws.root), "-p", "2025-delar", "--plan", str(ws.root / SAVED)]
    )
    assert result.exit_code == 0, result.output


def test_a_run_killed_after_its_archive_journal_ends_as_an_uninterrupted_run_after_a_revision(
    ws, monkeypatch, t1_consolidated
):
    """T1 run again (its files back in the inbox), killed once its archive journal is written, before any file is
    moved; the office then moves a frame. The rerun took the saved plan for one that judged nothing (no reporter's
    folder yet), saved the revised plan as T1's, and rejected MED's file (frame-changed)."""
    from reporting.intake import archive

    shutil.rmtree(ws.root / "archive")  # T1 as never consolidated: its files (the demo's) are in the inbox again
    ws.inbox.mkdir(exist_ok=True)
    for path in (t1_consolidated / "inbox").glob("*.xlsx"):
        shutil.copy(path, ws.inbox)
    original = ws.plan.read_bytes()

    def killed(step: str) -> None:
        if step == "journal":
            raise KeyboardInterrupt(step)

    monkeypatch.setattr(archive, "_hook", killed)
    with pytest.raises(KeyboardInterrupt):
        rerun(ws)
    monkeypatch.undo()
    assert [p.name for p in (ws.root / "archive/2025-T1").iterdir()] == ["plan.xlsx"]  # no file moved yet
    edit_workbook(ws.plan, move_frame)
    again, notes = rerun(ws)
    assert (ws.root / SAVED).read_bytes() == original  # T1's plan, as an uninterrupted run leaves it
    assert again.submitted == ["MED", "KIR", "NV"] and str(frames(again)["MED"]) == "-1117.4"
    assert not [f for f in again.findings if f.rule.value == "frame-changed"] and len(notes) == 1


def test_a_refused_period_leaves_nothing_behind(tmp_path, demo_copy):
    """A later year's plan and a period never consolidated: refused before the history database is made."""
    from reporting.errors import ReportingError
    from reporting.workflow import run_period

    (tmp_path / "ws").mkdir()
    ws, _, _ = demo_copy(tmp_path / "ws", T1)  # prepare_demo's T1, made once per session
    edit_workbook(ws.plan, lambda wb: next_year(wb, keep=2025))
    before = sorted(p.name for p in ws.root.iterdir())
    with pytest.raises(ReportingError, match="har inte konsoliderats förut"):
        run_period(ws, load_plan(ws.plan), T1, report=False, feedback=False, quiet=True, plan_file=ws.plan)
    assert sorted(p.name for p in ws.root.iterdir()) == before and "history.sqlite" not in before


def test_check_refuses_a_period_of_last_year_against_next_years_plan_as_consolidate_does(ws):
    from reporting.cli import main

    (archived,) = (ws.root / "archive/2025-T1/MED").glob("*.xlsx")
    med = shutil.copy(archived, ws.root / "MED.xlsx")
    edit_workbook(ws.plan, lambda wb: next_year(wb, keep=2025))
    shutil.rmtree(ws.root / "archive/2025-T1")  # T1 never consolidated: no saved plan, a later year's plan.xlsx
    result = CliRunner().invoke(main, ["check", "-w", str(ws.root), str(med)])
    assert result.exit_code == 1, result.output
    assert "Fel: perioden 2025-T1 har inte konsoliderats förut, och planen plan.xlsx är" in result.output
