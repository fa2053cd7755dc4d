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


def test_a_written_file_gets_the_permissions_of_an_ordinary_new_file(tmp_path):
    import os

    from reporting import atomic

    target = atomic.write_text(tmp_path / "rapport.csv", "a;b\n")
    assert target.stat().st_mode & 0o777 == 0o666 & ~atomic._UMASK  # not mkstemp's 0600
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    assert target.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777
    assert os.access(target, os.R_OK)
