"""A template saved in LibreOffice's own format (.ods) is told so, with what to do: save as .xlsx (it was "Zip-filen
är ingen Excel-arbetsbok", jargon to a controller)."""

from __future__ import annotations

import zipfile

from reporting.intake.checking import check_file


def test_an_ods_file_is_named_as_one_and_asked_to_be_saved_as_xlsx(plan, tmp_path):
    path = tmp_path / "2025-T1 Division Medicin.ods"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("content.xml", "<office:document-content/>")
    (finding,) = check_file(path, plan).findings
    assert finding.message == (
        "Filen är sparad i OpenDocument-format (.ods), inte som Excel-arbetsbok. "
        "Spara som Excel-arbetsbok (.xlsx) och skicka igen."
    )
