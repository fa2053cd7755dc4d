"""Robust running, item 6: one run at a time per workspace (a lock file), the next one waits or stops clearly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from forked import Forked, command_here, consolidate_here, no_workspace_held
from reporting.errors import ReportingError
from reporting.plan.periods import Period
from reporting.workspace import WorkspaceBusy

ROOT = Path(__file__).resolve().parents[1]
T1 = Period(2025, "T1")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "REPORTING_DEBUG"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def _consolidate(ws: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "reporting", "consolidate", "-w", str(ws), "-p", "2025-T1"],
        cwd=ROOT,
        env=_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory, demo_copy):
    root = tmp_path_factory.mktemp("demo")
    demo_copy(root, T1)
    return root


def test_two_consolidate_runs_started_together_do_not_collide(demo_ws):
    """Two processes (forked: each its own lock on the file, neither spending a second on imports) race for the
    workspace; the lock's message and the real interpreter are the next test's."""
    first, second = Forked(consolidate_here, demo_ws), Forked(consolidate_here, demo_ws)
    outcomes = [child.wait(timeout=300) for child in (first, second)]
    for status, out in outcomes:
        assert status == 0 or "annan körning" in out, out
    assert any(status == 0 for status, _ in outcomes)
    assert all(out.count("Väntar på en annan körning") <= 1 for _, out in outcomes)
    archived = sorted(p.relative_to(demo_ws / "archive") for p in (demo_ws / "archive").glob("*/*/*.xlsx"))
    assert [p.name for p in (demo_ws / "archive" / "2025-T1").glob("*.xlsx")] == ["plan.xlsx"]  # the period's plan
    index = [json.loads(line) for line in (demo_ws / "archive" / "index.jsonl").read_text("utf-8").splitlines()]
    assert len(archived) == len(index) == len({e["sha256"] for e in index}) == 3  # each file once
    log = (demo_ws / "archive" / "intagslogg.csv").read_text("utf-8").splitlines()
    assert len(log) == 1 + 3 * sum(status == 0 for status, _ in outcomes)  # header + one line per file and run
    report = next((demo_ws / "outbox").glob("*.xlsx"))
    load_workbook(report).close()  # the report opens


def test_a_run_waits_once_then_stops_with_one_line_when_the_workspace_stays_busy(tmp_path):
    """The lock comes first: a run that cannot have the workspace says so without reading the plan (which here
    is not even a workbook: read, it would have been a plan error)."""
    from reporting.workspace import Workspace

    (tmp_path / "plan.xlsx").write_bytes(b"inte en arbetsbok")
    with Workspace(tmp_path).lock():
        busy = _consolidate(tmp_path, REPORTING_LOCK_TIMEOUT="0.2")
        status, _out, err = busy.wait(timeout=120), *busy.communicate()
    assert status == 75  # busy: "try again later" (sysexits' EX_TEMPFAIL), not an error in the data or the set-up
    lines = err.strip().splitlines()
    assert lines[0].startswith("Väntar på en annan körning i arbetsytan")
    assert lines[0].endswith("(högst 0,2 sekunder) …") and "efter 0,2 sekunder" in lines[1]  # Swedish numbers
    assert len(lines) == 2 and lines[1].startswith("Fel: en annan körning använder arbetsytan")
    assert "kör igen" in lines[1]
    (tmp_path / ".reporting.lock").unlink(missing_ok=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]  # nothing else made or touched


def test_the_lock_is_reentrant_in_one_process_and_busy_is_a_reporting_error(tmp_path):
    from reporting.workspace import Workspace

    ws = Workspace(tmp_path)
    waited: list[str] = []
    with ws.lock(), ws.lock(timeout=0, on_wait=waited.append):  # nested: the same run holds it already
        pass
    assert waited == []
    assert issubclass(WorkspaceBusy, ReportingError)
    with ws.lock():
        other = Forked(_lock_briefly, tmp_path)  # another process (forked), its own lock on the file
        status, out = other.wait(timeout=60)
    assert status == 3 and "BUSY" in out and "Väntar" in out


def _lock_briefly(root: Path) -> None:
    """In a forked child: take the workspace's lock, waiting 0,05 seconds (how long is not the point); exit 3 when it is
    busy."""
    from reporting.workspace import Workspace

    no_workspace_held()
    try:
        Workspace(root).lock(timeout=0.05, on_wait=print).__enter__()
    except WorkspaceBusy as exc:
        print("BUSY", exc)
        sys.stdout.flush()
        os._exit(3)


@pytest.mark.parametrize("command", ["consolidate", "feedback"])
def test_a_mistyped_workspace_is_reported_and_never_made(tmp_path, demo_plan_xlsx, command):
    """The lock comes first only in a workspace that exists: taking it would make the folder."""
    from click.testing import CliRunner

    from reporting.cli import main

    missing = tmp_path / "fel" / "arbetsyta"
    args = [command, "-w", str(missing), "--plan", str(demo_plan_xlsx), "-p", "2025-T1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Fel: inkorgen {missing / 'inbox'} finns inte")
    assert not (tmp_path / "fel").exists()


def test_a_busy_workspace_given_as_the_current_folder_is_named_by_its_path(tmp_path, monkeypatch):
    """`reporting consolidate -w .` (or no -w) in a busy workspace said "i arbetsytan ." and "arbetsytan . fortfarande"."""
    from reporting.workspace import Workspace

    (tmp_path / "plan.xlsx").write_bytes(b"inte en arbetsbok")  # the lock comes first: never read
    monkeypatch.setenv("REPORTING_LOCK_TIMEOUT", "0.05")  # how long is not the point
    with Workspace(tmp_path).lock():  # the command runs in a forked child, in tmp_path: another process
        busy = Forked(command_here, ["consolidate", "-w", ".", "-p", "2025-T1"], tmp_path, stderr_apart=True)
        _status, _out, err = busy.wait_apart(timeout=120)
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"Väntar på en annan körning i arbetsytan {tmp_path.resolve()} (högst")
    assert lines[1].startswith(f"Fel: en annan körning använder arbetsytan {tmp_path.resolve()} fortfarande")
