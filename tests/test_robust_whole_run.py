"""Robust running as a whole: a consolidate run killed while writing history or the report, then run again,
ends with the same outputs and history as an uninterrupted run; and every hostile file in one inbox goes
through `consolidate` with no traceback and no file lost from the log."""

from __future__ import annotations

import csv
import hashlib
import importlib
import os
import shutil
import signal
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from forked import run_forked
from helpers import sheet_values
from reporting.cli import main
from reporting.history.store import figures, open_history
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
STEPS = {
    # history: killed after the new rows are written but before the transaction commits
    "history": ("history.store", "store", "chunk"),
    "report": ("output.report", "write_report", "before"),
    "after-report": ("output.report", "write_report", "after"),
    "feedback": ("output.feedback", "write_feedback", "before"),
}


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _killed_run(root: Path, module: str, function: str, when: str) -> None:
    """In the child process: a whole run whose ``function`` kills the process ``when`` (before, after, or
    in history's chunk callback, after rows are written but before the commit)."""
    import reporting.workflow as workflow

    target = importlib.import_module(f"reporting.{module}")
    original = getattr(target, function)

    def dying(*args: Any, **kwargs: Any) -> Any:
        if when == "chunk":
            kwargs["after_chunk"] = lambda n: _kill()
        if when == "before":
            _kill()
        result = original(*args, **kwargs)
        if when == "after":
            _kill()
        return result

    setattr(target, function, dying)
    if hasattr(workflow, function):
        setattr(workflow, function, dying)
    ws = Workspace(root)
    workflow.run_period(ws, load_plan(ws.plan), T1, quiet=True)
    print("not killed")


# a workbook's parts but its document properties (sha256) -> its sheets' values: each run writes the same four
# feedback files (and often the same report) as the reference run, differing only in the time in
# docProps/core.xml, which holds no cell; the values read from equal other parts are the same values
_VALUES: dict[str, dict[str, list[tuple[Any, ...]]]] = {}


def _values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's rows of values (a dict of its own), read once per content."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename != "docProps/core.xml":
                digest.update(info.filename.encode() + b"\0" + archive.read(info) + b"\0")
    key = digest.hexdigest()
    if key not in _VALUES:
        _VALUES[key] = dict(sheet_values(path))  # a formula would read as its text: the outbox has none
    return dict(_VALUES[key])


def _snapshot(root):
    """What a run leaves: every output workbook's cell values, and the stored history rows."""
    outputs = {}
    for path in sorted((root / "outbox").rglob("*.xlsx")):
        values = _values(path)
        for sheet in ("Inlämningar", "Intagslogg"):  # the intake log lines of one run carry its time
            values.pop(sheet, None)
        outputs[str(path.relative_to(root))] = values
    engine = open_history(root)
    with engine.connect() as conn:
        rows = sorted(
            tuple(r[c] for c in ("year", "period", "division", "kind", "item", "metric", "value", "text"))
            for r in conn.execute(select(figures)).mappings()
        )
    engine.dispose()
    return outputs, rows


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_copy):
    root = tmp_path_factory.mktemp("demo")
    demo_copy(root, T1)
    return root


@pytest.fixture(scope="module")
def reference(demo, tmp_path_factory):
    root = tmp_path_factory.mktemp("reference") / "ws"
    shutil.copytree(demo, root)
    assert CliRunner().invoke(main, ["consolidate", "-w", str(root), "-p", "2025-T1"]).exit_code == 0
    assert CliRunner().invoke(main, ["feedback", "-w", str(root), "-p", "2025-T1"]).exit_code == 0
    return _snapshot(root)


@pytest.mark.parametrize("step", list(STEPS))
def test_a_run_killed_while_writing_is_completed_by_the_rerun(demo, reference, tmp_path, step):
    root = tmp_path / "ws"
    shutil.copytree(demo, root)
    status, output = run_forked(_killed_run, root, *STEPS[step])  # a real process, killed for real
    assert status == -signal.SIGKILL, output
    assert not list(root.rglob("*.tmp")) or all(p.parent.name == ".incoming" for p in root.rglob("*.tmp"))
    runner = CliRunner()
    assert runner.invoke(main, ["consolidate", "-w", str(root), "-p", "2025-T1"]).exit_code == 0
    assert runner.invoke(main, ["feedback", "-w", str(root), "-p", "2025-T1"]).exit_code == 0
    assert _snapshot(root) == reference
    assert not [p for p in root.rglob("*.tmp") if ".incoming" not in p.parts]


def test_every_hostile_file_in_one_inbox_goes_through_consolidate(tmp_path, reader_catalogue, demo_copy):
    files = reader_catalogue  # robust_catalogue, built once per session (conftest_reader.py); copied below
    root = tmp_path / "ws"
    root.mkdir()
    demo_copy(root, T1)
    for index, path in enumerate(files):
        shutil.copy(path, root / "inbox" / f"{index:02d} {path.name}")
    sent = sorted(p.name for p in (root / "inbox").iterdir())
    result = CliRunner().invoke(main, ["consolidate", "-w", str(root), "-p", "2025-T1"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output + (result.stderr or "")
    with (root / "archive" / "intagslogg.csv").open(encoding="utf-8") as handle:
        logged = {row["file"] for row in csv.DictReader(handle)}
    assert set(sent) <= logged  # no file lost: every one is logged with its verdict
    assert (root / "outbox" / "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden.xlsx").exists()
