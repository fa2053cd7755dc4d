"""Odd inboxes: a file still being copied in when the run reads it is told so (the office runs again when the copy
is done; a broken file that stays as it is keeps the sender's advice); workbooks in a subfolder are named, not read."""

import shutil
from pathlib import Path

from click.testing import CliRunner

from reporting.cli import main
from reporting.findings import Rule
from reporting.intake import run as intake_run
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")


def _half_copied(ws, make_template):
    whole = make_template("MED").read_bytes()
    ws.inbox.mkdir(parents=True)
    path = ws.inbox / "2025-T1 Division Medicin.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    return path, whole


def test_a_file_that_grows_while_it_is_read_is_said_to_be_still_copying(tmp_path, plan, make_template, monkeypatch):
    ws = Workspace(tmp_path / "ws")
    path, whole = _half_copied(ws, make_template)
    real = intake_run.check_files

    def copy_finishes(*args, **kwargs):
        result = real(*args, **kwargs)
        path.write_bytes(whole)  # the copy into the inbox ends while the staged half is checked
        return result

    monkeypatch.setattr(intake_run, "check_files", copy_finishes)
    (file,) = run_intake(ws, plan, T1).files
    assert not file.accepted and [f.rule for f in file.findings] == [Rule.FILE_UNREADABLE]
    assert file.findings[0].message == (
        "Filen ändrades i inkorgen medan den lästes och kopieras kanske fortfarande dit. "
        "Kör igen när kopieringen är klar; kvarstår felet, be avsändaren spara om filen och skicka den igen."
    )
    (again,) = run_intake(ws, plan, T1).files  # the next run reads the whole file
    assert again.accepted


def test_a_broken_file_that_stays_as_it_is_keeps_the_senders_advice(tmp_path, plan, make_template):
    ws = Workspace(tmp_path / "ws")
    _half_copied(ws, make_template)
    (file,) = run_intake(ws, plan, T1).files
    assert file.findings[0].message == (
        "Filen är trasig (skadad zip). Spara om arbetsboken och skicka igen. I en synkad mapp (OneDrive, SharePoint) "
        "är filen kanske inte färdigsynkad än: vänta tills synkningen är klar och kör igen."
    )


def test_workbooks_in_a_subfolder_are_named_not_read(demo_cli, tmp_path):
    ws = Path(shutil.copytree(demo_cli[0], tmp_path / "ws"))
    folder = ws / "inbox" / "Medicin"
    folder.mkdir()
    for n in range(7):
        (folder / f"fil{n}.xlsx").write_bytes(b"x")
    result = CliRunner().invoke(main, ["consolidate", "-p", "2025-T1", "-w", str(ws)])
    assert result.exit_code == 0, result.output
    shown = ", ".join(f"Medicin/fil{n}.xlsx" for n in range(5))
    line = f"Läses inte (i en undermapp till inkorgen; lägg filen direkt i inkorgen): {shown} och 2 till"
    assert line in result.stdout.splitlines()
