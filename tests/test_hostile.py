"""Broken and hostile files: each gets one clear message naming the file; nothing crashes, nothing changes."""

import hashlib
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporting.cli import main
from reporting.intake.checking import check_file
from reporting.intake.read import iter_inbox
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol3;</workbook>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>"""


def _rewrite(
    source: Path, target: Path, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> Path:
    """Copy an xlsx package, replacing or adding members."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, replace.get(item.filename, src.read(item.filename)))
        for name, data in add.items():
            dst.writestr(name, data)
    return target


def _lying_size(source: Path, target: Path) -> Path:
    """Declare a sheet 100 bytes uncompressed while it inflates to far more (a bomb that lies)."""
    data = bytearray(source.read_bytes())
    info = zipfile.ZipFile(source).getinfo("xl/worksheets/sheet2.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 100)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == info.filename.encode():
            struct.pack_into("<I", data, at + 24, 100)
        at = data.find(b"PK\x01\x02", at + 4)
    target.write_bytes(bytes(data))
    return target


def _encrypted_flag(source: Path, target: Path, name: str) -> Path:
    """Set bit 0 (encrypted) of one entry's general-purpose flags, in its local and central header."""
    data = bytearray(source.read_bytes())
    info = zipfile.ZipFile(source).getinfo(name)
    flags = struct.unpack_from("<H", data, info.header_offset + 6)[0]
    struct.pack_into("<H", data, info.header_offset + 6, flags | 0x1)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name.encode():
            struct.pack_into("<H", data, at + 8, struct.unpack_from("<H", data, at + 8)[0] | 0x1)
        at = data.find(b"PK\x01\x02", at + 4)
    target.write_bytes(bytes(data))
    return target


def _absurd_dimension(source: Path, target: Path) -> Path:
    with zipfile.ZipFile(source) as src:
        sheet = src.read("xl/worksheets/sheet2.xml")
    import re

    sheet = re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:XFD1048576"/>', sheet)
    return _rewrite(source, target, replace={"xl/worksheets/sheet2.xml": sheet})


@pytest.fixture
def good(make_template):
    return make_template("MED")


def catalogue(good: Path, folder: Path) -> dict[str, tuple[Path, str, str]]:
    """name -> (file, expected rule, expected words in the message)"""
    folder.mkdir(exist_ok=True)
    data = good.read_bytes()
    files: dict[str, tuple[Path, str, str]] = {}

    def put(name: str, content: bytes, rule: str, words: str) -> None:
        path = folder / name
        path.write_bytes(content)
        files[name] = (path, rule, words)

    put("slump.xlsx", bytes(range(256)) * 20, "file-unreadable", "inte en Excel-arbetsbok")
    put("trasig.xlsx", data[: len(data) // 2], "file-unreadable", "trasig")
    put("tom.xlsx", b"", "file-unreadable", "tom (0 byte)")
    put("data.xlsx", b"Division;Utfall\nMedicin;88,5\n", "file-unreadable", "textfil (t.ex. CSV)")
    put(
        "gammal.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "Workbook".encode("utf-16-le"),
        "file-unreadable",
        "gamla Excel-formatet (.xls)",
    )
    put(
        "losen.xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 500
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 100
        + "EncryptedPackage".encode("utf-16-le"),
        "file-unreadable",
        "lösenordsskyddad eller krypterad",
    )
    path = _rewrite(good, folder / "laughs.xlsx", replace={"xl/workbook.xml": BILLION_LAUGHS})
    files["laughs.xlsx"] = (path, "file-hostile", "DTD/entiteter")
    path = (
        _rewrite(good, folder / "xxe.xlsx", replace={"xl/sharedStrings.xml": XXE})
        if "xl/sharedStrings.xml" in zipfile.ZipFile(good).namelist()
        else _rewrite(good, folder / "xxe.xlsx", add={"xl/sharedStrings.xml": XXE})
    )
    files["xxe.xlsx"] = (path, "file-hostile", "DTD/entiteter")
    path = _rewrite(good, folder / "makro.xlsm", add={"xl/vbaProject.bin": b"\x00attribute vb_name" * 10})
    files["makro.xlsm"] = (path, "macros", "makron")
    path = _rewrite(good, folder / "bomb.xlsx", add={"xl/media/image1.png": b"\x00" * 12_000_000})
    files["bomb.xlsx"] = (path, "file-hostile", "zip-bomb")
    files["lögn.xlsx"] = (_lying_size(good, folder / "lögn.xlsx"), "file-unreadable", "trasig")
    path = _encrypted_flag(good, folder / "krypterad.xlsx", "xl/worksheets/sheet2.xml")
    files["krypterad.xlsx"] = (path, "file-unreadable", "lösenordsskyddad eller krypterad")
    workbook = zipfile.ZipFile(good).read("xl/workbook.xml")
    head, _, rest = workbook.partition(b"?>")
    hidden = head + b"?><!--" + b"x" * 10_240 + b"-->" + BILLION_LAUGHS.partition(b"?>")[2].partition(b"<workbook")[0]
    path = _rewrite(good, folder / "dold-dtd.xlsx", replace={"xl/workbook.xml": hidden + rest})
    files["dold-dtd.xlsx"] = (path, "file-hostile", "DTD/entiteter")
    path = folder / "zipinte.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hej")
    files["zipinte.xlsx"] = (path, "file-unreadable", "ingen Excel-arbetsbok")
    return files


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, plan, blank_templates) -> dict[str, tuple[Path, str, str]]:
    """catalogue() of a blank Medicin template, built once for this module's three tests: they only read the
    files (each test checks their hashes or copies them into an inbox)."""
    from conftest import template_maker

    folder = tmp_path_factory.mktemp("hostile")
    return catalogue(template_maker(plan, blank_templates, folder)("MED"), folder / "bad")


def test_each_hostile_file_gets_one_clear_error(hostile, plan):
    for name, (path, rule, words) in hostile.items():
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        result = check_file(path, plan, T1)
        assert not result.accepted, name
        assert len(result.findings) == 1, (name, [str(f) for f in result.findings])
        finding = result.findings[0]
        assert (finding.rule, finding.file) == (rule, name)
        assert words in finding.message, (name, finding.message)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before, name


def test_declared_huge_size_is_refused(tmp_path, plan, monkeypatch, good):
    import reporting.xlsx.safety as safefile

    monkeypatch.setattr(safefile, "MAX_UNCOMPRESSED_BYTES", 20_000)
    result = check_file(good, plan, T1)
    assert [f.rule for f in result.findings] == ["file-hostile"]
    assert "packas upp" in result.findings[0].message


def test_absurd_dimensions_and_odd_sheet_names_still_read(good, tmp_path, plan):
    absurd = _absurd_dimension(good, tmp_path / "absurd.xlsx")
    result = check_file(absurd, plan, T1)
    assert result.accepted
    from openpyxl import load_workbook

    wb = load_workbook(good)
    wb.create_sheet('=HYPERLINK("x") ✓ Ärende')
    wb.create_sheet("'; DROP TABLE --")
    odd = tmp_path / "odd.xlsx"
    wb.save(odd)
    assert check_file(odd, plan, T1).accepted


def test_lock_and_temp_files_are_ignored(tmp_path):
    """Lock files, hidden files and the files Windows puts in a shared folder by itself are no submissions."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    junk = ("~$2025-T1 Division Medicin.xlsx", ".~lock.2025-T1 Division Medicin.xlsx#", ".DS_Store", "Thumbs.db")
    for name in (*junk, "desktop.ini", "ok.xlsx"):
        (inbox / name).write_bytes(b"x")
    assert [p.name for p in iter_inbox(inbox)] == ["ok.xlsx"]


def test_intake_run_goes_on_and_leaves_originals_untouched(good, hostile, tmp_path, plan):
    ws = Workspace(tmp_path / "ws")
    bad = hostile
    ws.inbox.mkdir(parents=True)
    for path, _, _ in bad.values():
        shutil.copy(path, ws.inbox / path.name)
    shutil.copy(good, ws.inbox / "medicin.xlsx")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in ws.inbox.iterdir()}
    result = run_intake(ws, plan, T1)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in ws.inbox.iterdir()}
    assert before == after
    assert list(result.current) == ["MED"]
    assert sorted(e.file for e in result.log if e.result == "avvisad") == sorted(bad)
    assert all(e.reason for e in result.log if e.result == "avvisad")


def test_cli_check_reports_without_traceback(hostile):
    bad = hostile
    plan_path = Path(__file__).resolve().parents[1] / "plan.xlsx"
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--plan", str(plan_path), *[str(p) for p, _, _ in bad.values()]])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "FEL: tom.xlsx: Filen är tom (0 byte)." in result.output
