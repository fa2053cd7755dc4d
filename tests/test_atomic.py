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


@pytest.mark.parametrize("where", ["write", "fsync"])
def test_a_full_disk_names_the_file_though_the_error_names_none(tmp_path, monkeypatch, where):
    """write() and fsync() raise ENOSPC without a file name: the one line the user reads names the target."""
    import errno
    import os

    from reporting.cli.errors import error_message

    full = OSError(errno.ENOSPC, "No space left on device")
    target = tmp_path / "outbox" / "rapport.docx"
    if where == "fsync":
        monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(full))
    with pytest.raises(OSError) as caught, atomic_path(target) as temp:
        temp.write_bytes(b"docx")
        if where == "write":
            raise full
    assert (caught.value.errno, caught.value.filename) == (errno.ENOSPC, str(target))
    assert error_message(caught.value) == f"disken är full, {target} kunde inte skrivas. Frigör utrymme och kör igen."
    assert sorted(p.name for p in target.parent.iterdir()) == []


def test_an_unnamed_error_of_another_kind_is_left_as_it_is(tmp_path):
    """A broken pipe inside the block is not the file's: it keeps no name, as raised."""
    with pytest.raises(BrokenPipeError) as caught, atomic_path(tmp_path / "a.csv"):
        raise BrokenPipeError(32, "Broken pipe")
    assert caught.value.filename is None


def test_a_full_disk_in_an_xlsx_write_names_the_workbook(tmp_path, monkeypatch):
    """xlsxwriter wraps the zip write's unnamed ENOSPC in its own error; the report's name reaches the user."""
    import errno
    import zipfile

    from reporting.cli.errors import error_message
    from reporting.xlsx.write import atomic_workbook

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", full)
    target = tmp_path / "rapport.xlsx"
    with pytest.raises(OSError) as caught, atomic_workbook(target) as wb:
        wb.add_worksheet("A").write_string(0, 0, "text")
    assert error_message(caught.value) == f"disken är full, {target} kunde inte skrivas. Frigör utrymme och kör igen."
