"""Excel's "Excel-binär arbetsbok" (.xlsb: a zip holding xl/workbook.bin) is named as such and asked to be saved as
.xlsx, not called "ett zip-arkiv" (qa35w #5)."""

from __future__ import annotations

import zipfile

import pytest

from reporting.findings import Rule
from reporting.intake.checking import check_file
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.workspace import Workspace

XLSB = "Filen är sparad som Excel-binär arbetsbok (.xlsb). Spara som Excel-arbetsbok (.xlsx) och skicka igen."
CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.bin"'
    ' ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>'
)


def _xlsb(path):
    """The parts Excel writes for an .xlsb that the check looks at (no real binary records)."""
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("xl/workbook.bin", b"\x83\x01\x00")
        package.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00")
        package.writestr("_rels/.rels", "<Relationships/>")
    return path


@pytest.mark.parametrize("name", ["2025-T1 Division Medicin.xlsb", "2025-T1 Division Medicin.xlsx"])
def test_an_xlsb_workbook_is_named_as_one(plan, tmp_path, name):
    (finding,) = check_file(_xlsb(tmp_path / name), plan).findings
    assert (finding.rule, finding.file, finding.message) == (Rule.FILE_UNREADABLE, name, XLSB)


def test_an_xlsb_in_the_inbox_is_rejected_with_its_advice(plan, tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    _xlsb(ws.inbox / "2025-T1 Division Medicin.xlsb")
    result = run_intake(ws, plan, Period(2025, "T1"))
    assert [(e.file, e.result, e.reason) for e in result.log] == [("2025-T1 Division Medicin.xlsb", "avvisad", XLSB)]


def test_a_plain_zip_is_still_a_zip_archive(plan, tmp_path):
    path = tmp_path / "underlag.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("anteckningar.txt", "hej")
    (finding,) = check_file(path, plan).findings
    assert finding.message == ("Filen är ett zip-arkiv, ingen Excel-arbetsbok. Använd den utskickade mallen (.xlsx).")
