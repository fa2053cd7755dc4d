"""A unit's file saved under another unit's name: Enhet 0005's filled template in the inbox as
"... Enhet 0001.xlsx". The file counts for Enhet 0005 (its _meta), Enhet 0001 is still missing, and the file
gets a name-mismatch warning on the console, the Avvikelser sheet and the division's återkoppling."""

import os

import pytest

from helpers import rows_of
from reporting.cli.summary import summarise
from reporting.demo.central import fill_demo_central
from reporting.demo.units import unit_plan, write_unit_submissions
from reporting.findings import Rule
from reporting.plan.periods import Period
from reporting.workflow import run_period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
E0001 = "2025-T1 Division Medicin - Enhet 0001.xlsx"
E0005 = "2025-T1 Division Medicin - Enhet 0005.xlsx"


@pytest.fixture(scope="module")
def uplan():
    return unit_plan(8)  # two units a division: Medicin has E0001 and E0005


def test_a_unit_file_named_for_another_unit_is_warned_about_everywhere(tmp_path, uplan, capsys):
    ws = Workspace(tmp_path)
    ws.inbox.mkdir()
    write_unit_submissions(uplan, T1, ws.inbox)
    (ws.inbox / E0001).unlink()
    (ws.inbox / E0005).rename(ws.inbox / E0001)  # Enhet 0005's file, named for Enhet 0001
    for path in ws.inbox.iterdir():
        os.utime(path, (1746100000, 1746100000))
    fill_demo_central(ws.root, uplan, T1)
    result = run_period(ws, uplan, T1, history=False)
    capsys.readouterr()
    summarise(result.consolidation)
    console = capsys.readouterr().out

    file = next(f for f in result.consolidation.intake.files if f.path.name == E0001)
    assert file.accepted and file.unit_id == "E0005"  # counted by its _meta, never by its name
    [warning] = [f for f in file.findings if f.rule is Rule.NAME_MISMATCH]
    assert "Enhet 0001" in warning.message and "mallen för Enhet 0005" in warning.message
    assert "Be Enhet 0001 skicka sin egen ifyllda mall" in warning.message
    assert warning.division == "Division Medicin / Enhet 0005"
    assert f"  {E0001}: {warning.message}" in console.splitlines()
    assert "saknas: Enhet 0001 i Division Medicin" in console
    report = next(p for p in result.written if p.suffix == ".xlsx" and "Återkoppling" not in p.name)
    assert any(warning.message in row for row in rows_of(report, "Avvikelser"))
    feedback = next(p for p in result.written if p.name == "2025-T1 Återkoppling Division Medicin.xlsx")
    assert any(warning.message in row for row in rows_of(feedback, "Återkoppling"))


def test_a_unit_file_under_its_own_name_has_no_name_warning(tmp_path, uplan):
    ws = Workspace(tmp_path)
    ws.inbox.mkdir()
    write_unit_submissions(uplan, T1, ws.inbox)
    result = run_period(ws, uplan, T1, history=False)
    assert not [f for f in result.consolidation.findings if f.rule is Rule.NAME_MISMATCH]
