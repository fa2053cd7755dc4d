"""qa35w #1 (a): each run stages its copies under its own name; a run's start-up removes only what a gone run left.

Two runs overlapping in one archive (a share that does not honour the workspace lock, simulated by a lock that
lets everyone in) staged by position alike, and the second's start-up removed the first's copies under it."""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

import pytest

from forked import Forked, run_forked, wait_for
from helpers import complete_edits, fill
from reporting.intake import archive, staging
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")


@pytest.fixture
def inbox_ws(tmp_path, plan, make_template) -> Path:
    root = tmp_path / "ws"
    (root / "inbox").mkdir(parents=True)
    for division, name in (("MED", "2025-T1 Division Medicin.xlsx"), ("KIR", "2025-T1 Division Kirurgi.xlsx")):
        fill(make_template(division), complete_edits(plan, division), root / "inbox" / name)
    return root


@contextlib.contextmanager
def no_lock(self, timeout=None, on_wait=None):
    yield  # the workspace lock a network share or a synced folder does not carry


def _first_run(root: Path) -> None:
    """In a forked child: intake that, with its copies staged, waits until the other run has finished."""
    from reporting.demo.plan import demo_plan

    Workspace.lock = no_lock  # type: ignore[method-assign]
    paused: list[str] = []

    def hook(step: str) -> None:
        if step == "staged" and not paused:
            paused.append(step)
            (root / "a-staged").touch()
            wait_for(root / "b-done")

    archive._hook = hook
    result = run_intake(Workspace(root), demo_plan(), T1, workers=1)
    print("A", sorted(result.current))


def test_a_second_run_overlapping_the_first_leaves_its_staged_copies_alone(inbox_ws, plan, monkeypatch):
    first = Forked(_first_run, inbox_ws)
    wait_for(inbox_ws / "a-staged")
    staged = sorted(p.name for p in (inbox_ws / "archive" / staging.STAGING).iterdir())
    monkeypatch.setattr(Workspace, "lock", no_lock)
    second = run_intake(Workspace(inbox_ws), plan, T1)  # its start-up recovery and its end ran meanwhile
    assert sorted(second.current) == ["KIR", "MED"]
    after = sorted(p.name for p in (inbox_ws / "archive" / staging.STAGING).iterdir())
    assert set(staged) <= set(after)  # none of the first's removed (its other thread may have staged one more since)
    (inbox_ws / "b-done").touch()
    status, output = first.wait(timeout=120)
    assert (status, output.strip()) == (0, "A ['KIR', 'MED']")
    assert not (inbox_ws / "archive" / staging.STAGING).exists()  # the first removed its own at its end
    assert 2 <= len(after) <= 3  # its lock and one or two copies, each named as a run of this computer names them
    assert all(staging.COPY_NAME.fullmatch(n) or staging.LOCK_NAME.fullmatch(n) for n in after)


def _hold_run(folder: Path, ready: Path, release: Path) -> None:
    """In a forked child: stage one copy as a run of this computer does, and hold its lock until ``release``."""
    copy = staging.staged_path(folder, 0, ".xlsx")
    copy.write_bytes(b"kopia")
    ready.touch()
    wait_for(release)


def test_a_live_runs_copies_stay_and_a_killed_runs_go(tmp_path):
    folder = tmp_path / "archive" / staging.STAGING
    child = Forked(_hold_run, folder, tmp_path / "ready", tmp_path / "release")
    wait_for(tmp_path / "ready")
    held = sorted(os.listdir(folder))
    run = held[0].split(".")[1]
    assert held == [f"000000.{run}.xlsx", f"{run}.lock"] and run.startswith(f"{staging.this_host()}_{child.pid}_")
    staging.clear_gone(folder)
    assert sorted(os.listdir(folder)) == held  # its lock is held: running
    os.kill(child.pid, 9)
    assert child.wait(timeout=60)[0] == -9
    staging.clear_gone(folder)
    assert not folder.exists()  # killed on this computer: its lock is free, so it is gone


def test_another_computers_copies_stay_until_they_are_a_day_old(tmp_path):
    """A synced folder carries no lock: another computer's run (and an older version's name) is gone only when
    its files are older than any run lasts."""
    folder = tmp_path / staging.STAGING
    folder.mkdir()
    elsewhere = [folder / "000000.KONTOR-PC07_4242_0123abcd.xlsx", folder / "000000.xlsx"]
    for path in elsewhere:
        path.write_bytes(b"kopia")
    staging.clear_gone(folder)
    assert sorted(os.listdir(folder)) == ["000000.KONTOR-PC07_4242_0123abcd.xlsx", "000000.xlsx"]
    old = time.time() - staging.STALE_ELSEWHERE - 60
    os.utime(elsewhere[0], (old, old))
    staging.clear_gone(folder)
    assert sorted(os.listdir(folder)) == ["000000.xlsx"]  # the probe's lock file went with the run's copy
    os.utime(elsewhere[1], (old, old))
    staging.clear_gone(folder)
    assert not folder.exists()


def test_a_run_ends_its_own_staging_and_keeps_copies_a_pending_journal_needs(tmp_path):
    ws = Workspace(tmp_path)
    source = tmp_path / "fil.xlsx"
    source.write_bytes(b"PK arbetsbok")
    copy, _, _ = archive.stage(ws, source, 0, 1000)
    (ws.archive / archive.JOURNAL).write_text("{}", encoding="utf-8")  # pending: its copies are kept
    archive.clear_staging(ws)
    assert copy.exists() and str(ws.archive / staging.STAGING) not in staging._runs  # its run ended, copies kept
    (ws.archive / archive.JOURNAL).unlink()
    archive.clear_staging(ws)  # this process's earlier run: its lock is free
    assert not (ws.archive / staging.STAGING).exists()
    shutil.rmtree(ws.archive)
    assert run_forked(print, "ok")[0] == 0


def test_a_copy_removed_under_the_run_says_another_run_uses_the_archive(tmp_path):
    ws = Workspace(tmp_path)
    source = tmp_path / "fil.xlsx"
    source.write_bytes(b"PK arbetsbok")
    copy, _, _ = archive.stage(ws, source, 0, 1000)
    copy.unlink()  # by a run on another computer, or an older version's start-up
    with pytest.raises(staging.StagingLost) as caught:
        archive._sync([copy])
    assert str(caught.value) == (
        "en annan körning (på en annan dator?) använder arkivet samtidigt och tog bort en kopia som den här körningen "
        "hade lagt i arkivets mellanlager. Kör igen när den andra körningen är klar, och kör arbetsytan från en dator "
        "i taget. Inget har arkiverats."
    )
    assert issubclass(staging.StagingLost, archive.ReportingError)  # one line, exit status 75 (busy)
    archive.clear_staging(ws)
