"""The återkoppling of a division reported by its units says which units are in, missing, rejected (why, and where
the errors are) and late, and speaks of the units' files (see part_region for who sent what)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from reporting.output.feedback import write_feedback


@pytest.fixture(scope="module")
def feedback(tmp_path_factory, part_region) -> dict[str, tuple[str, str]]:
    """Division name -> the återkoppling's status line (A2) and advice (A3), of region_in_part (conftest, once per
    session)."""
    result = part_region()[1]
    out = {}
    for path in write_feedback(result, tmp_path_factory.mktemp("part-feedback") / "outbox"):
        sheet = load_workbook(path).worksheets[0]
        out[Path(path).stem.split("Återkoppling ")[1]] = (sheet["A2"].value, sheet["A3"].value)
    return out


def test_a_division_in_part_names_its_missing_and_rejected_units(feedback):
    status, advice = feedback["Division Medicin"]
    assert status == (
        "Underlag från 1 av 3 enheter har kommit in och är med i sammanställningen; divisionens siffror omfattar "
        "bara dem. Saknas: Enhet 0009. Avvisade: Enhet 0005 (budgetramen har ändrats sedan mallen skapades). "
        "Felen står nedan, med varje enhets fil."
    )
    assert 'Fyll i periodens nya mall för enheten, t.ex. "2025-T1 Division Medicin - Enhet 0005.xlsx"' in advice


def test_late_units_are_named_and_errors_are_the_units_files_to_correct(feedback):
    assert feedback["Division nära vård"][0] == (
        "Underlag från alla 3 enheter har kommit in och är med i sammanställningen. "
        "Sent inkomna (efter sista dag 2025-05-09): Enhet 0007."
    )
    status, advice = feedback["Division Kirurgi"]  # Enhet 0006's "ej klart" where a number belongs: an error
    assert status == "Underlag från alla 3 enheter har kommit in och är med i sammanställningen."
    assert advice == (
        "1 fel, inga varningar. Rätta felen i enheternas filer (kolumnen Fil visar vilken) och skicka dem igen; "
        "en enhets nya fil ersätter dess gamla."
    )
