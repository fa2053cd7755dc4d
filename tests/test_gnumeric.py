"""A second real spreadsheet program: a filled template saved by Gnumeric (its own xlsx writer) reads the same.

LibreOffice is tested in test_libreoffice.py; Gnumeric writes the package in its
own way (shared strings, styles, no cached metadata of ours), so passing both
means the reader depends on the format, not on one program's habits.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import answer, complete_edits, fill
from reporting.intake.checking import check_file
from reporting.plan.periods import Period

T1 = Period(2025, "T1")


@pytest.fixture(scope="module")
def ssconvert():
    path = shutil.which("ssconvert")
    if path is None:
        if os.environ.get("REQUIRE_GNUMERIC"):
            pytest.fail("Gnumeric (ssconvert) is required here but not installed")
        pytest.skip("Gnumeric (ssconvert) is not installed; apt-get install gnumeric")
    return path


def _through_gnumeric(ssconvert, source, target):
    subprocess.run([ssconvert, "-T", "Gnumeric_Excel:xlsx2", str(source), str(target)], check=True, capture_output=True)
    return target


def saved_by_gnumeric(tmp_path_factory, ssconvert, plan, blank_templates) -> tuple[Path, Path]:
    """(Medicin's filled file, the same saved by Gnumeric), made once per session (conftest.built_once): this file
    and test_sheet_scan read the same pair, and each ssconvert costs about 0.3 s. Read only: a test copies them
    to change them."""
    from conftest import built_once, template_maker

    def build(folder: Path) -> None:
        edits = complete_edits(plan, "MED")
        edits[("Nyckeltal", "N04", "outcome")] = "70,5 %"  # typed the Swedish way
        edits[("Nyckeltal", "N01", "outcome")] = None  # a real mistake that must still be found
        original = fill(template_maker(plan, blank_templates, folder)("MED"), edits, folder / "original.xlsx")
        _through_gnumeric(ssconvert, original, folder / "gnumeric.xlsx")

    folder = built_once(tmp_path_factory, "gnumeric", build)
    return folder / "original.xlsx", folder / "gnumeric.xlsx"


def _summary(result):
    sub = result.submission
    values = {
        (sheet, row_id, key): answer(sub, sheet, row_id, key)
        for sheet, row_id, key in [
            ("Nyckeltal", "N01", "outcome"),
            ("Nyckeltal", "N04", "outcome"),
            ("Ekonomi", "EK", "actual"),
            ("Ekonomi", "NETTO", "actual"),
            ("Uppdrag", "U02", "status"),
            ("Åtgärdsplan", "A1", "achieved"),
        ]
    }
    return result.accepted, sorted((f.rule.value, f.sheet, f.cell) for f in result.findings), values


def test_gnumeric_saved_file_reads_like_the_original(tmp_path_factory, plan, blank_templates, ssconvert):
    original, saved = saved_by_gnumeric(tmp_path_factory, ssconvert, plan, blank_templates)
    before = _summary(check_file(original, plan, T1))
    for careful in (False, True):
        accepted, findings, values = _summary(check_file(saved, plan, T1, careful=careful))
        # openpyxl (our stand-in for a person) leaves formulas uncomputed; Gnumeric computes the netto row
        assert before[2][("Ekonomi", "NETTO", "actual")] is None
        netto = values.pop(("Ekonomi", "NETTO", "actual"))
        assert netto == sum(
            answer(check_file(saved, plan, T1).submission, "Ekonomi", g, "actual")
            for g in ("EI", "II", "EK", "AV", "IK")
        )
        assert (accepted, findings) == before[:2]
        assert values == {k: v for k, v in before[2].items() if k != ("Ekonomi", "NETTO", "actual")}
    accepted, findings, values = before
    assert accepted and ("required-missing", "Nyckeltal", "E5") in findings
    assert str(values[("Nyckeltal", "N04", "outcome")]) == "70.5"
