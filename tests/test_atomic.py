"""Atomic writes: the final name holds the old or the new content, never a part of it."""

from __future__ import annotations

import pytest

from reporting.atomic import atomic_path, write_text


def test_write_replaces_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out" / "report.csv"
    write_text(target, "a")
    write_text(target, "b")
    assert target.read_text() == "b"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.csv"]


def test_failure_keeps_the_previous_file(tmp_path):
    target = tmp_path / "report.csv"
    write_text(target, "old")
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]
