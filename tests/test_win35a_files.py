"""Files Excel and a synced folder produce that are no plain workbook (qa35w #4, #7, #10, #11b): each gets its own
Swedish advice, not another file's."""

import zipfile
from pathlib import Path

import pytest

from reporting.findings import Rule
from reporting.intake.read import read_file
from reporting.plan.periods import Period

T1 = Period(2025, "T1")
TRANSITIONAL_TO_STRICT = (
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
)


def _as_strict(source: Path, target: Path) -> Path:
    """The workbook as Excel's "Strikt Open XML-kalkylblad" writes it: the same parts in the ISO-strict namespaces."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith((".xml", ".rels")) and item.filename != "[Content_Types].xml":
                for old, new in TRANSITIONAL_TO_STRICT:
                    data = data.replace(old, new)
            if item.filename == "_rels/.rels":  # the package's own relationships keep their namespace
                data = data.replace(
                    b"http://purl.oclc.org/ooxml/officeDocument/relationships/metadata/core-properties",
                    b"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                )
            dst.writestr(item, data)
    return target


@pytest.mark.parametrize("careful", [False, True])
def test_a_strict_open_xml_workbook_is_named_as_such(tmp_path, plan, make_template, careful):
    strict = _as_strict(make_template("MED"), tmp_path / "2025-T1 Division Medicin.xlsx")
    result = read_file(strict, plan, T1, careful=careful)
    assert not result.accepted
    assert [(f.rule, f.message) for f in result.findings] == [
        (
            Rule.FILE_UNREADABLE,
            "Filen är sparad som Strikt Open XML-kalkylblad. Spara som Excel-arbetsbok (.xlsx) och skicka igen.",
        )
    ]


def _ole(target: Path, *streams: str) -> Path:
    """An OLE container naming ``streams`` in its directory (UTF-16, as the directory entries hold them)."""
    names = b"".join(s.encode("utf-16-le") + b"\x00" * 64 for s in streams)
    target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + names + b"\x00" * 4096)
    return target


@pytest.mark.parametrize("careful", [False, True])
def test_a_sensitivity_label_is_not_called_a_password(tmp_path, plan, careful):
    labelled = _ole(
        tmp_path / "2025-T1 Division Medicin.xlsx", "EncryptedPackage", "\x06DataSpaces", "DRMEncryptedTransform"
    )
    result = read_file(labelled, plan, T1, careful=careful)
    assert [f.message for f in result.findings] == [
        "Arbetsboken är skyddad med en känslighetsetikett som krypterar den. "
        "Välj en etikett utan kryptering (Start > Känslighet), spara och skicka igen."
    ]
    password = _ole(tmp_path / "lösen.xlsx", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")
    assert [f.message for f in read_file(password, plan, T1, careful=careful).findings] == [
        "Arbetsboken är lösenordsskyddad eller krypterad och kan inte läsas. Ta bort lösenordet i Excel (Arkiv > "
        "Info > Skydda arbetsbok > Kryptera med lösenord, töm rutan), spara och skicka igen."
    ]


def test_an_empty_or_cut_workbook_may_not_be_synced_yet(tmp_path, plan, make_template):
    placeholder = tmp_path / "2025-T1 Division Medicin.xlsx"  # OneDrive's file not downloaded yet
    placeholder.write_bytes(b"")
    assert [f.message for f in read_file(placeholder, plan, T1).findings] == [
        "Filen är tom (0 byte). Spara om arbetsboken och skicka den igen. I en synkad mapp (OneDrive, SharePoint) "
        "är filen kanske inte nedladdad än: välj Behåll alltid på den här enheten och kör igen."
    ]
    half = tmp_path / "2025-T1 Division Kirurgi.xlsx"  # a sync in progress
    half.write_bytes(make_template("KIR").read_bytes()[:12000])
    assert [f.message for f in read_file(half, plan, T1).findings] == [
        "Filen är trasig (skadad zip). Spara om arbetsboken och skicka igen. I en synkad mapp (OneDrive, SharePoint) "
        "är filen kanske inte färdigsynkad än: vänta tills synkningen är klar och kör igen."
    ]


def test_a_zip_archive_is_to_be_unpacked(tmp_path, plan, make_template):
    archive = tmp_path / "2025-T1 Division Kirurgi.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.write(make_template("KIR"), "2025-T1 Division Kirurgi.xlsx")
    assert [f.message for f in read_file(archive, plan, T1).findings] == [
        "Filen är ett zip-arkiv, ingen Excel-arbetsbok. Packa upp arkivet och lägg arbetsboken i inkorgen."
    ]
    other = tmp_path / "annat.xlsx"  # a zip of something else under a workbook's name: no template
    with zipfile.ZipFile(other, "w") as packed:
        packed.writestr("word/document.xml", b"<w/>")
    assert [f.message for f in read_file(other, plan, T1).findings] == [
        "Filen är ett zip-arkiv, ingen Excel-arbetsbok. Använd den utskickade mallen (.xlsx)."
    ]
