"""history export as an economy office uses it: a mistyped -o folder, an error on the file written.

Against SQLite and PostgreSQL (``history_db``).
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

pytestmark = pytest.mark.usefixtures("history_db")


def exported(root: Path) -> list[dict[str, str]]:
    out = CliRunner().invoke(main, ["history", "export", "-w", str(root), "-o", "-"])
    assert out.exit_code == 0, out.output
    return list(csv.DictReader(io.StringIO(out.stdout)))


def units(rows: list[dict[str, str]], kind: str, metric: str | None = None) -> set[str]:
    return {r["unit"] for r in rows if r["kind"] == kind and (metric is None or r["metric"] == metric)}


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
    target = tmp_path / "historik.csv"
    out = CliRunner().invoke(main, ["history", "export", "-w", str(tmp_path), "-o", str(target)])
    assert out.exit_code == 1
    assert out.output == f"Fel: disken är full, {target} kunde inte skrivas. Frigör utrymme och kör igen.\n"
    assert [p.name for p in tmp_path.iterdir() if p.name != "history.sqlite"] == []  # no temporary file left
