"""A division's own file beside its units' files: the unit files are accepted but not used. The console and
--json say so (as Inlämningar and the återkoppling do); --json keeps every old field and adds set_aside."""

import os

import pytest

from reporting.cli.summary import summarise
from reporting.demo.central import fill_demo_central
from reporting.demo.submissions import demo_fill
from reporting.demo.units import unit_plan, write_unit_submissions
from reporting.output.run_facts import run_summary
from reporting.plan.periods import Period
from reporting.template.write import build_template
from reporting.workflow import run_period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
OWN = "2025-T1 Division Medicin.xlsx"
UNITS = ["2025-T1 Division Medicin - Enhet 0001.xlsx", "2025-T1 Division Medicin - Enhet 0005.xlsx"]


@pytest.fixture(scope="module")
def own_and_units(tmp_path_factory):
    plan = unit_plan(8)
    ws = Workspace(tmp_path_factory.mktemp("ws"))
    ws.inbox.mkdir()
    write_unit_submissions(plan, T1, ws.inbox)
    build_template(plan, "MED", T1, ws.inbox / OWN, demo_fill(plan, "MED", T1))  # Medicin's own file too
    for path in ws.inbox.iterdir():
        os.utime(path, (1746100000, 1746100000))
    fill_demo_central(ws.root, plan, T1)
    return run_period(ws, plan, T1, history=False).consolidation


def test_the_console_says_the_unit_files_are_not_used(own_and_units, capsys):
    summarise(own_and_units)
    lines = capsys.readouterr().out.splitlines()
    assert f"Division Medicin: divisionens egen fil gäller; 2 enhetsfiler används inte ({', '.join(UNITS)})." in lines


def test_json_marks_the_unit_files_set_aside_and_keeps_its_old_fields(own_and_units):
    facts = run_summary(own_and_units, [])
    assert facts["set_aside"] == {"MED": ["E0001", "E0005"]}
    files = {f["file"]: f for f in facts["files"]}
    for name in UNITS:
        assert files[name]["result"] == "godkänd" and files[name]["set_aside"] is True  # result as before
    assert files[OWN]["set_aside"] is False
    assert not [f for name, f in files.items() if "Medicin" not in name and f["set_aside"]]
    assert {"file", "reporter", "result", "reason", "received", "late"} <= set(files[OWN])
