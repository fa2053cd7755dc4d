"""Whom a nämnd total leaves out, as natural Swedish when one unit is missing and another's file was rejected:
"(exkl. Enhet 0001 i Division Medicin, som inte har kommit in, och Enhet 0003 i Division nära vård, vars fil
avvisades)" in the Sammanfattning sentence, the Nämnden totalt label and the Åtgärdsplan bullet."""

import openpyxl
import pytest

from helpers import rows_of
from reporting.demo.central import fill_demo_central
from reporting.demo.units import unit_plan, write_unit_submissions
from reporting.output.notices import forecast_note
from reporting.plan.periods import Period
from reporting.workflow import run_period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
E0001 = "2025-T1 Division Medicin - Enhet 0001.xlsx"
E0003 = "2025-T1 Division nära vård - Enhet 0003.xlsx"
SAID = "Enhet 0001 i Division Medicin, som inte har kommit in, och Enhet 0003 i Division nära vård, vars fil avvisades"


@pytest.fixture(scope="module")
def missing_and_rejected(tmp_path_factory):
    plan = unit_plan(8)
    ws = Workspace(tmp_path_factory.mktemp("ws"))
    ws.inbox.mkdir()
    write_unit_submissions(plan, T1, ws.inbox)
    (ws.inbox / E0001).unlink()  # Medicin's Enhet 0001 has not sent
    wb = openpyxl.load_workbook(ws.inbox / E0003)
    wb["Ekonomi"]["E5"] = 99.9  # nära vård's Enhet 0003 sent two differing files: both rejected
    wb.save(ws.inbox / "2025-T1 Division nära vård - Enhet 0003 v2.xlsx")
    fill_demo_central(ws.root, plan, T1)
    result = run_period(ws, plan, T1, history=False)
    report = next(p for p in result.written if p.suffix == ".xlsx" and "Återkoppling" not in p.name)
    return result.consolidation, report


def test_the_sammanfattning_sentence_says_who_is_missing_and_whose_file_was_rejected(missing_and_rejected):
    result, report = missing_and_rejected
    assert forecast_note(result).startswith(f"Helårsprognosen (exkl. {SAID}) visar ")
    texts = [v for row in rows_of(report, "Sammanfattning") for v in row if isinstance(v, str)]
    assert any(t.startswith(f"• Helårsprognosen (exkl. {SAID}) visar ") for t in texts)
    assert not [t for t in texts if "saknas eller avvisades" in t or "avvisad:" in t]


def test_the_namnd_total_label_and_the_atgardsplan_bullet_say_it_the_same_way(missing_and_rejected):
    result, report = missing_and_rejected
    total = next(r for r in result.economy_overview if r.is_total)
    assert total.division.startswith(f"Nämnden totalt (exkl. {SAID}")
    texts = [v for row in rows_of(report, "Sammanfattning") for v in row if isinstance(v, str)]
    assert any(f"från de enheter som har rapporterat (exkl. {SAID});" in t for t in texts)
    assert any(t.startswith(f"Nämnden totalt (exkl. {SAID}") for t in texts)
    nv = {e.division for e in result.economy if e.division_id == "NV"}
    assert nv == {"Division nära vård (exkl. Enhet 0003, vars fil avvisades)"}


def test_left_out_text_names_groups_as_running_text():
    from reporting.consolidate.labels import left_out_text

    assert left_out_text(["Division Kirurgi", "Enhet 0006 i Division Medicin"]) == (
        "Division Kirurgi, Enhet 0006 i Division Medicin"  # nothing rejected: as before
    )
    assert left_out_text(["Division Kirurgi", "Division Vård"], always=True) == (
        "Division Kirurgi och Division Vård, som inte har kommit in"
    )
    assert left_out_text(["Division Kirurgi", "Division Vård, vars fil avvisades"]) == (
        "Division Kirurgi, som inte har kommit in, och Division Vård, vars fil avvisades"
    )
