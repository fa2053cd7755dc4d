"""A workspace brought to a state by whole period runs once per module, and copied for each test that starts there.

A period run (demo submissions, intake, consolidation, report, Word draft, history) takes about 0.3 s; several
tests of a module start from the same runs and differ only after them. On SQLite the history is the workspace's
history.sqlite, so a copy of the folder is the state; on PostgreSQL the history lives in the test's own fresh
database, so there the runs are made anew for the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from reporting.history.store import DB_ENV
from reporting.workspace import Workspace

Build = Callable[[Workspace], object]  # returns what the last run wrote (a list of paths), or anything else


@dataclass(frozen=True)
class Prepared:
    """A workspace folder brought to its state, and the files the last run of ``build`` wrote (under ``root``)."""

    root: Path
    written: list[Path]


def prepare(tmp_path_factory: pytest.TempPathFactory, name: str, build: Build, start: Path | None = None) -> Prepared:
    """The folder of a workspace that ``build`` brought to its state (from a copy of ``start`` when given), with the
    history on SQLite in it."""
    root = tmp_path_factory.mktemp(name)
    if start is not None:
        shutil.copytree(start, root, dirs_exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(DB_ENV, raising=False)
        written = build(Workspace(root))
    return Prepared(root, list(written) if isinstance(written, list) else [])


def copied_or_built(
    root: Path, history_db: str | None, prepared: Callable[[], Prepared], build: Build
) -> tuple[Workspace, list[Path]]:
    """The workspace in ``root`` in the state ``build`` brings it to, and the files its last run wrote: a copy of
    ``prepared()`` on SQLite (the history_db fixture gives None), ``build`` run here on PostgreSQL. ``prepared`` is
    only asked on SQLite."""
    ws = Workspace(root)
    root.mkdir(parents=True, exist_ok=True)
    if history_db is not None:
        written = build(ws)
        return ws, list(written) if isinstance(written, list) else []
    ready = prepared()
    shutil.copytree(ready.root, root, dirs_exist_ok=True)
    return ws, [root / path.relative_to(ready.root) for path in ready.written]


def demo_t1_stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's T1 2025 (every division's file, none faulty) run and stored without outputs, into a workspace with a
    SQLite history: made once per session (conftest.built_once) for the modules that start from it; copy it."""
    from conftest import built_once
    from reporting.demo.plan import demo_plan
    from reporting.demo.submissions import write_demo_submissions
    from reporting.plan.periods import Period
    from reporting.plan.read import load_plan
    from reporting.plan.write import write_plan
    from reporting.workflow import run_period

    def build(folder: Path) -> None:
        ws, t1 = Workspace(folder), Period(2025, "T1")
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv(DB_ENV, raising=False)
            plan = load_plan(write_plan(ws.plan, demo_plan()))
            write_demo_submissions(plan, t1, ws.inbox, missing="", faulty="")
            run_period(ws, plan, t1, report=False, feedback=False)

    return built_once(tmp_path_factory, "suite32b-demo-t1-stored", build)
