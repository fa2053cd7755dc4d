"""Review item 2: a file that fails in an unforeseen way is told in Swedish, never by an exception's name or text."""

from __future__ import annotations

import errno

import pytest

from helpers import complete_edits, fill
from reporting.intake import read
from reporting.intake.read import read_file, unreadable_in_inbox
from reporting.plan.periods import Period

T1 = Period(2025, "T1")
UNREADABLE = "Filen kunde inte läsas. Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och skicka den igen."


@pytest.fixture
def filled_med(make_template, plan, tmp_path):
    return fill(make_template("MED"), complete_edits(plan, "MED"), tmp_path / "medicin.xlsx")


def _raise_key_error(*args, **kwargs):
    raise KeyError("xl/worksheets/sheet9.xml")


class _BrokenBook(read.FastBook):
    __init__ = _raise_key_error  # a malformed part the reader did not foresee


@pytest.mark.parametrize(("where", "broken"), [("_read", _raise_key_error), ("FastBook", _BrokenBook)])
def test_an_unforeseen_failure_reading_a_workbook_is_told_without_the_exception(
    filled_med, plan, monkeypatch, where, broken
):
    monkeypatch.setattr(read, where, broken)
    result = read_file(filled_med, plan, T1)
    assert [(f.rule.value, f.message) for f in result.findings] == [("file-unreadable", UNREADABLE)]


def test_an_inbox_file_the_system_will_not_read_is_told_in_swedish():
    denied = PermissionError(errno.EACCES, "Permission denied", "/inkorg/medicin.xlsx")
    assert unreadable_in_inbox(denied) == (
        "filen kunde inte läsas i inkorgen: åtkomst nekas. Stäng filen om den är öppen i Excel eller ett annat "
        "program, kontrollera behörigheten till den och kör igen."
    )
    gone = FileNotFoundError(errno.ENOENT, "No such file or directory", "/inkorg/medicin.xlsx")
    assert unreadable_in_inbox(gone) == (
        "filen försvann ur inkorgen medan den lästes (flyttad eller borttagen). Lägg tillbaka den och kör igen."
    )
    advice = ". Stäng den om den är öppen i ett annat program och kör igen."
    assert unreadable_in_inbox(OSError(errno.EIO, "Input/output error")) == (
        f"filen kunde inte läsas i inkorgen (läs- eller skrivfel på disken){advice}"
    )
    assert unreadable_in_inbox(None) == f"filen kunde inte läsas i inkorgen{advice}"
