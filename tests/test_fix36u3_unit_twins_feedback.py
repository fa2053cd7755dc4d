"""The återkoppling of a division whose one unit sent two differing files: it speaks of the unit (not the whole
division), claims no earlier submission where there is none, names the other units' files in use, and counts the
one duplicate problem once."""

import openpyxl
import pytest

from helpers import rows_of
from reporting.demo.central import fill_demo_central
from reporting.demo.units import unit_plan, write_unit_submissions
from reporting.plan.periods import Period
from reporting.workflow import run_period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
E0003 = "2025-T1 Division nära vård - Enhet 0003.xlsx"
E0003_V2 = "2025-T1 Division nära vård - Enhet 0003 v2.xlsx"
E0007 = "2025-T1 Division nära vård - Enhet 0007.xlsx"


@pytest.fixture(scope="module")
def uplan():
    return unit_plan(8)  # two units a division: nära vård has E0003 and E0007


def test_a_units_two_files_are_told_of_the_unit_in_its_divisions_feedback(tmp_path, uplan):
    ws = Workspace(tmp_path)
    ws.inbox.mkdir()
    write_unit_submissions(uplan, T1, ws.inbox)
    wb = openpyxl.load_workbook(ws.inbox / E0003)
    wb["Ekonomi"]["E5"] = 99.9  # a corrected second version, the first left in the inbox
    wb.save(ws.inbox / E0003_V2)
    fill_demo_central(ws.root, uplan, T1)
    result = run_period(ws, uplan, T1, history=False)
    feedback = next(p for p in result.written if p.name == "2025-T1 Återkoppling Division nära vård.xlsx")
    status, advice = (rows_of(feedback, "Återkoppling")[n][0] for n in (1, 2))
    assert status.startswith("Underlag från 1 av 2 enheter har kommit in och är med i sammanställningen")
    assert f"Avvisade: Enhet 0003 (flera filer: {E0003_V2}, {E0003}; ingen av dem används" in status
    assert "ingen tidigare inlämning finns" in status
    assert f"Används: {E0007}." in status  # the other unit's file, in the division's figures
    assert "Flera filer kom in för Division nära vård" not in status
    assert "tidigare inlämnade underlaget gäller" not in status  # there is none
    assert advice.startswith("1 fel, inga varningar i filerna sammanlagt. Enhet 0003: meddela ekonomienheten")


def test_a_units_two_files_with_no_other_unit_in_name_the_unit(tmp_path, uplan):
    ws = Workspace(tmp_path)
    ws.inbox.mkdir()
    write_unit_submissions(uplan, T1, ws.inbox)
    (ws.inbox / E0007).unlink()  # nära vård's other unit has not sent: no unit file of the division is used
    wb = openpyxl.load_workbook(ws.inbox / E0003)
    wb["Ekonomi"]["E5"] = 99.9
    wb.save(ws.inbox / E0003_V2)
    result = run_period(ws, uplan, T1, history=False)
    feedback = next(p for p in result.written if p.name == "2025-T1 Återkoppling Division nära vård.xlsx")
    status = rows_of(feedback, "Återkoppling")[1][0]
    assert status.startswith(f"Flera filer kom in för Enhet 0003 ({E0003_V2}, {E0003}) och ingen av dem används; ")
    assert "ingen tidigare inlämning finns, så inget godkänt underlag finns för perioden." in status
