"""A file whose name names another period than its template: last period's filled file saved under this period's
name. A controller's `reporting check` said "OK" and the division then read "Ej inkommen"; now it warns."""

from __future__ import annotations

import shutil

from helpers import complete_edits, fill
from reporting.findings import Rule
from reporting.intake.checking import check_file

SAID = (
    "Filnamnet nämner delår 2025, men filen är mallen för T1 2025 enligt mallens inbyggda uppgifter. Filen räknas "
    "till T1 2025; gäller siffrorna delår 2025, fyll i mallen för delår 2025."
)


def test_a_t1_file_saved_as_the_delars_is_warned_about_and_its_own_name_is_not(make_template, plan, tmp_path):
    t1 = fill(make_template("MED"), complete_edits(plan, "MED"), tmp_path / "2025-T1 Division Medicin.xlsx")
    again = shutil.copyfile(t1, tmp_path / "2025-delar Division Medicin.xlsx")
    month = shutil.copyfile(t1, tmp_path / "Division Medicin 2025-03.xlsx")
    assert [f for f in check_file(t1, plan).findings if f.rule is Rule.NAME_MISMATCH] == []
    (warned,) = [f for f in check_file(again, plan).findings if f.rule is Rule.NAME_MISMATCH]
    assert (warned.severity.value, warned.message, warned.division) == ("varning", SAID, "Division Medicin")
    assert [f.message for f in check_file(month, plan).findings if f.rule is Rule.NAME_MISMATCH] == [
        SAID.replace("delår 2025", "mars 2025")
    ]
