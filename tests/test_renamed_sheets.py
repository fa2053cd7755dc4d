"""A template sheet the controller renamed is still read, with a warning (it was "missing" and its answers lost).

A tester's "ekonomi" (Excel takes sheet names without regard to case), "Ekonomi " and "Nyckeltal MED" each gave
'Fliken "Ekonomi" saknas. Använd en ny mall…' and the file went in without that sheet's numbers.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from helpers import answer, complete_edits, fill, read_workbook
from reporting.findings import Rule, Severity
from reporting.intake.checking import check_file
from reporting.plan.periods import Period

T1 = Period(2025, "T1")


def _rename(path: Path, old: str, new: str) -> None:
    """The sheet renamed as Excel renames it: its name in workbook.xml and the defined names that point at it."""
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    book = parts["xl/workbook.xml"].decode("utf-8")
    book = (
        book.replace(f'name="{old}"', f'name="{new}"')
        .replace(f"'{old}'!", f"'{new}'!")
        .replace(f">{old}!", f">'{new}'!")
    )
    parts["xl/workbook.xml"] = book.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


@pytest.mark.parametrize(
    "sheet,renamed",
    [("Ekonomi", "ekonomi"), ("Ekonomi", "Ekonomi "), ("Nyckeltal", "Nyckeltal MED")],
)
@pytest.mark.parametrize("careful", [False, True])
def test_a_renamed_sheet_is_read_with_a_warning_naming_both_names(
    make_template, plan, tmp_path, sheet, renamed, careful
):
    edits = complete_edits(plan, "MED")
    path = fill(make_template("MED"), edits, tmp_path / "med.xlsx")
    whole = check_file(path, plan, T1, careful=careful).submission.answers
    _rename(path, sheet, renamed)
    result = check_file(path, plan, T1, careful=careful)
    assert result.submission.missing_sheets == ()
    assert result.submission.answers == whole  # every answer, as before the rename
    said = [f for f in result.findings if f.rule is Rule.STRUCTURE_CHANGED]
    assert [(f.severity, f.sheet, f.message) for f in said] == [
        (
            Severity.WARNING,
            renamed,
            f'Fliken "{sheet}" heter "{renamed}" i filen. Den läses ändå; döp om den till "{sheet}" nästa gång.',
        )
    ]
    assert answer(result.submission, "Ekonomi", "EK", "actual") == answer(
        check_file(path, plan, T1).submission, "Ekonomi", "EK", "actual"
    )


def test_a_sheet_that_is_gone_is_still_missing(make_template, plan, tmp_path):
    path = fill(make_template("MED"), complete_edits(plan, "MED"), tmp_path / "med.xlsx")
    wb = read_workbook(path)
    del wb["Ekonomi"]
    wb.save(path)
    result = check_file(path, plan, T1)
    assert result.submission.missing_sheets == ("Ekonomi",)
    assert [f.message for f in result.findings if f.rule is Rule.STRUCTURE_CHANGED] == [
        'Fliken "Ekonomi" saknas. Använd en ny mall eller återställ fliken.'
    ]
