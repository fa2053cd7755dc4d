"""A workspace brought to a state by whole period runs once per module, and copied for each test that starts there.

A period run (demo submissions, intake, consolidation, report, Word draft, history) takes about 0.3 s; several
tests of a module start from the same runs and differ only after them. On SQLite the history is the workspace's
history.sqlite, so a copy of the folder is the state; on PostgreSQL the history lives in the test's own fresh
database, so there the runs are made anew for the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reporting.history.store import DB_ENV
from reporting.workspace import Workspace

Build = Callable[[Workspace], object]


def prepare(tmp_path_factory: pytest.TempPathFactory, name: str, build: Build) -> Path:
    """The folder of a workspace that ``build`` brought to its state, with the history on SQLite in it."""
    root = tmp_path_factory.mktemp(name)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(DB_ENV, raising=False)
        build(Workspace(root))
    return root


def copied_or_built(root: Path, history_db: str | None, prepared: Callable[[], Path], build: Build) -> Workspace:
    """The workspace in ``root`` in the state ``build`` brings it to: a copy of ``prepared()`` on SQLite (the
    history_db fixture gives None), ``build`` run here on PostgreSQL. ``prepared`` is only asked on SQLite."""
    ws = Workspace(root)
    if history_db is None:
        shutil.copytree(prepared(), root, dirs_exist_ok=True)
    else:
        build(ws)
    return ws
