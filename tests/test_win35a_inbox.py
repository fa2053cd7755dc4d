"""What Windows, Excel and a synced folder leave in the inbox (qa35w #3, #11c): Excel's temp and backup files and a
Zone.Identifier stream are skipped like Excel's owner file, so the division's real file is used; a workbook in a
subfolder is named whatever the case of its extension."""

import json
import os
import shutil
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from reporting.cli import main
from reporting.intake.read import iter_inbox, nested_files
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
MED = "2025-T1 Division Medicin.xlsx"
LEFT_BY_WINDOWS = (
    "8D3A1B20",  # Excel's save temp file: 8 hex digits, no extension
    "~DF3A1B2C.tmp",
    "A1B2C3D4.tmp",
    "Säkerhetskopia av 2025-T1 Division Medicin.xlk",  # "Skapa alltid säkerhetskopia"
    "2025-T1 Division Medicin.xlsx:Zone.Identifier",  # Mark-of-the-Web, copied as a file of its own
)


def test_excel_temp_backup_and_zone_files_are_not_read(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    keep = ("12345678.xlsx", "8D3A1B2G", MED, "rapport.tmp.xlsx")
    for name in (*LEFT_BY_WINDOWS, "~$" + MED, *keep):
        (inbox / name).write_bytes(b"x")
    assert [p.name for p in iter_inbox(inbox)] == sorted(keep)


def test_the_divisions_real_file_is_used_beside_excels_temp_files(tmp_path, plan, make_template):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    shutil.copyfile(make_template("MED"), ws.inbox / MED)
    other = make_template("MED", name="other.xlsx")  # another MED template: other bytes, the same division
    for name in LEFT_BY_WINDOWS[:4]:
        shutil.copyfile(other, ws.inbox / name)
    (ws.inbox / LEFT_BY_WINDOWS[4]).write_bytes(b"[ZoneTransfer]\r\nZoneId=3\r\n")
    result = run_intake(ws, plan, T1)
    assert [(f.path.name, f.accepted) for f in result.files] == [(MED, True)]
    assert result.current["MED"].path.name == MED
    assert [e.file for e in result.log] == [MED]


def test_a_subfolders_workbook_is_named_whatever_the_case_of_its_extension(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "Medicin").mkdir(parents=True)
    for name in ("FIL.XLSX", "gammal.Xls", "anteckning.txt", "~$FIL.XLSX"):
        (inbox / "Medicin" / name).write_bytes(b"x")
    assert nested_files(inbox) == ["Medicin/FIL.XLSX", "Medicin/gammal.Xls"]


def test_consolidate_names_the_upper_case_workbook_in_a_subfolder(demo_cli, tmp_path):
    ws = Path(shutil.copytree(demo_cli[0], tmp_path / "ws"))
    (ws / "inbox" / "Medicin").mkdir()
    (ws / "inbox" / "Medicin" / "FIL.XLSX").write_bytes(b"x")
    result = CliRunner().invoke(main, ["consolidate", "-p", "2025-T1", "-w", str(ws)])
    assert result.exit_code == 0, result.output
    line = "Läses inte (i en undermapp till inkorgen; lägg filen direkt i inkorgen): Medicin/FIL.XLSX"
    assert line in result.stdout.splitlines()


def test_identical_conflict_copies_name_the_original(tmp_path, plan, make_template):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    template = make_template("MED")
    copies = ("2025-T1 Division Medicin (1).xlsx", "2025-T1 Division Medicin-KONTOR-B.xlsx", "Kopia av " + MED)
    for name in (MED, *copies):
        shutil.copyfile(template, ws.inbox / name)
        os.utime(ws.inbox / name, (1_746_000_000, 1_746_000_000))  # synced in the same second
    result = run_intake(ws, plan, T1)
    assert result.current["MED"].path.name == MED
    assert sorted((e.file, e.result, e.reason) for e in result.log) == sorted(
        [(MED, "godkänd", "")] + [(name, "oförändrad", f"samma innehåll som {MED}") for name in copies]
    )


def test_a_name_saved_on_a_mac_is_shown_and_logged_in_nfc(tmp_path, plan, make_template):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    composed = "2025-T1 Division nära vård.xlsx"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    shutil.copyfile(make_template("NV"), ws.inbox / decomposed)
    result = run_intake(ws, plan, T1)
    (file,) = result.files
    assert file.accepted and file.path.name == composed
    assert {f.file for f in file.findings} == {composed}
    assert [e.file for e in result.log] == [composed]
    assert result.current["NV"].submission.file == composed
    logged = (ws.archive / "intagslogg.csv").read_text("utf-8-sig")
    assert composed in logged and decomposed not in logged
    assert [json.loads(line)["file"] for line in (ws.archive / "index.jsonl").read_text("utf-8").splitlines()] == [
        composed
    ]
