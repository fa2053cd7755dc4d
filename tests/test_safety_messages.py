"""A file the reader cannot open is said in Swedish, with what to do, never with an exception's name or the
operating system's English text (language review)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from reporting.errors import FileProblem
from reporting.xlsx import safety


def test_a_file_the_system_will_not_read_is_said_in_swedish(tmp_path, monkeypatch):
    path = tmp_path / "med.xlsx"
    path.write_bytes(b"PK")

    def broken(self: Path, *args: object, **kwargs: object) -> object:
        raise OSError(errno.EIO, "Input/output error", str(self))

    monkeypatch.setattr(Path, "open", broken)
    with pytest.raises(FileProblem) as found:
        safety.open_package(path)
    assert found.value.message == (
        "filen kan inte läsas: läs- eller skrivfel på disken. Kontrollera att filen finns kvar och kör igen."
    )


def test_a_workbook_openpyxl_cannot_read_names_no_exception(tmp_path, monkeypatch, make_template):
    import openpyxl

    def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("There is no item named 'xl/sharedStrings.xml' in the archive")

    monkeypatch.setattr(openpyxl, "load_workbook", broken)
    with pytest.raises(FileProblem) as found:
        safety.open_workbook(make_template("MED"))
    assert found.value.message == (
        "arbetsboken kan inte läsas. Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och skicka den igen."
    )
