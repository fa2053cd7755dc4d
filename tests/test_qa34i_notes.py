"""QA 34i: Att notera names amounts flagged as the wrong unit (effects, upparbetat) and what the nämnd should know
about uppdrag, investments and internkontroll; Uppdrag counts its statuses; a control done with avvikelse is not
shown as the green "✔ Uppfyllt".

The demo's T1 (demo_t1): 11 uppdrag × division "Pågår med avvikelse"; I05 (627 of 600 tkr) and I06 (1 958 of
1 920) over budget; K03 not done by Division Medicin, K01 and K02 (Medicin) and K07 (nära vård) partly, K01
(Medicin) and K03 (Kirurgi: done, Avvikelse Ja, "… visade brister på 2.") with avvikelse.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from helpers import rows_of
from reporting.consolidate import tables
from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.intake.run import run_intake
from reporting.output import notices
from reporting.output.notices import notice, unit_off_note
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.plan.targets import Status
from reporting.template.answers import InternalControlAnswer
from reporting.workspace import Workspace
from reporting.xlsx.write import STATUS_COLOURS

T1 = Period(2025, "T1")
UPPDRAG = (
    "Uppdrag med avvikelse: 11 (U02 Division Kirurgi, U04 Division Kirurgi, U07 Division nära vård, U09 Division "
    "nära vård, U13 Division nära vård, U18 Division Kirurgi och 5 till)."
)
INVESTERINGAR = (
    "Investeringar över budget (upparbetat mot budget, tkr): 2 (I05 Division Medicin 627 mot 600; I06 Division nära "
    "vård 1\u00a0958 mot 1\u00a0920)."
)
INTERNKONTROLL = (
    "Internkontroll: ej genomförd 1 (K03 Division Medicin); delvis genomförd 3 (K01 Division Medicin, K02 Division "
    "Medicin, K07 Division nära vård); med avvikelse 2 (K01 Division Medicin, K03 Division Kirurgi)."
)
DEVIATING = "◐ Delvis uppfyllt (genomförd med avvikelse)"


@pytest.fixture(scope="module")
def demo(demo_t1) -> Consolidation:
    return demo_t1()[1]


def test_att_notera_has_a_line_each_for_uppdrag_investments_and_internkontroll(demo):
    assert notices.follow_up_notes(demo) == [UPPDRAG, INVESTERINGAR, INTERNKONTROLL]
    assert notice(demo)[-3:] == [UPPDRAG, INVESTERINGAR, INTERNKONTROLL]  # the Sammanfattning's and the draft's


def test_nothing_to_note_adds_no_line(demo):
    calm = replace(
        demo,
        assignments=[replace(a, status="Pågår enligt plan") for a in demo.assignments],
        investments=[replace(i, spent=None) for i in demo.investments],
        internal_control=[replace(c, done="Ja", deviation="Nej") for c in demo.internal_control],
    )
    assert notices.follow_up_notes(calm) == []


def test_the_sammanfattning_and_the_draft_say_them(demo, tmp_path):
    summary = [row[0] for row in rows_of(write_report(demo, tmp_path / "out")[0], "Sammanfattning") if row[0]]
    assert all(f"• {line}" in summary for line in (UPPDRAG, INVESTERINGAR, INTERNKONTROLL))
    draft = [p.text for p in docx.Document(str(write_word(demo, tmp_path / "out"))).paragraphs]
    assert all(line in draft for line in (UPPDRAG, INVESTERINGAR, INTERNKONTROLL))


def test_a_control_done_with_avvikelse_is_partly_never_the_green_tick():
    def status(done: str, deviation: str) -> tuple[Status, str]:
        return tables.control_status(InternalControlAnswer(done=done, deviation=deviation))

    assert status("Ja", "Ja") == (Status.PARTLY, DEVIATING)
    assert status("Ja", "Nej") == (Status.MET, "✔ Uppfyllt")
    assert status("Nej", "Ja") == (Status.NOT_MET, "✘ Ej uppfyllt")
    assert status("Delvis", "Ja") == (Status.PARTLY, "◐ Delvis uppfyllt")


def test_the_workbook_and_the_draft_show_it_in_the_partly_colour_and_count_it_so(demo, tmp_path):
    (k03,) = [c for c in demo.internal_control if c.id == "K03" and c.division == "Division Kirurgi"]
    assert (k03.done, k03.deviation, k03.status, k03.status_label) == ("Ja", "Ja", "Delvis uppfyllt", DEVIATING)
    report = write_report(demo, tmp_path / "out")[0]
    sheet = load_workbook(report)["Internkontroll"]
    (cell,) = [r[7] for r in sheet.iter_rows(min_row=5) if r[0].value == "K03" and r[5].value == "Division Kirurgi"]
    assert cell.value == DEVIATING
    assert cell.fill.fgColor.rgb == "FF" + STATUS_COLOURS["Delvis uppfyllt"][0].lstrip("#")
    rows = rows_of(report, "Internkontroll")
    at = next(n for n, row in enumerate(rows) if row[1] == "Antal per status")
    counts = {row[1]: row[2] for row in rows[at + 1 : at + 7]}
    assert counts["◐ Delvis uppfyllt"] == 4 and counts["✔ Uppfyllt"] == 4  # K03 Kirurgi counted partly
    legend = next(row[0] for row in rows if str(row[0]).startswith("Kontroll genomförd:"))
    assert f"Ja med avvikelse = {DEVIATING}" in legend
    doc = docx.Document(str(write_word(demo, tmp_path / "out")))
    table = doc.tables[-1]
    (word_cell,) = [
        r.cells[3] for r in table.rows if r.cells[0].text == "K03" and r.cells[2].text == "Division Kirurgi"
    ]
    assert word_cell.text == DEVIATING
    assert word_cell._tc.xpath("./w:tcPr/w:shd/@w:fill") == [STATUS_COLOURS["Delvis uppfyllt"][0].lstrip("#")]


def test_the_uppdrag_sheet_counts_its_statuses(demo, tmp_path):
    rows = rows_of(write_report(demo, tmp_path / "out")[0], "Uppdrag")
    at = next(n for n, row in enumerate(rows) if row[1] == "Antal per status")
    assert rows[at][2] == "Antal"
    counts = [(row[1], row[2]) for row in rows[at + 1 :] if row[1]]
    assert counts == [
        ("✔ Genomfört", 20),
        ("→ Pågår enligt plan", 35),
        ("⚠ Pågår med avvikelse", 11),
        ("○ Ej påbörjat", 0),
        ("Ej inkommen", 10),
    ]
    assert sum(n for _, n in counts) == len(demo.assignments)


def _with_slips(demo_t1, root: Path) -> Consolidation:
    """The demo's files with Division Medicin's A1 effects typed in tkr (1 400 and 5 500 for 1,4 and 5,5 mkr) and
    Division Kirurgi's I10 upparbetat in mkr (6,4 for 6 406 tkr): warnings at intake, used as typed."""
    ws_demo, result = demo_t1()
    ws = Workspace(root)
    shutil.copytree(ws_demo.root, root, ignore=shutil.ignore_patterns("outbox", "archive", "*.sqlite"))
    med = next(ws.inbox.glob("*Division Medicin.xlsx"))
    wb = load_workbook(med)
    row = next(r for r in wb["Åtgärdsplan"].iter_rows() if r[0].value == "A1")
    row[4].value, row[5].value = 1400, 5500
    wb.save(med)
    kir = next(ws.inbox.glob("*Division Kirurgi.xlsx"))
    wb = load_workbook(kir)
    row = next(r for r in wb["Investeringar"].iter_rows() if r[0].value == "I10")
    row[6].value = 6.4
    wb.save(kir)
    return consolidate(result.plan, run_intake(ws, result.plan, T1))


def test_effects_and_upparbetat_flagged_as_the_wrong_unit_are_named_in_att_notera(demo_t1, tmp_path):
    result = _with_slips(demo_t1, tmp_path / "ws")
    assert next(i.spent for i in result.investments if i.id == "I10") == Decimal("6.4")
    assert unit_off_note(result) == [
        "Effekter i åtgärdsplanen som ser ut att vara i fel enhet (långt över åtgärdens planerade effekt eller "
        "prognosen för helåret) från "
        "Division Medicin (A1): summorna räknar med dem som de är skrivna. Se fliken Avvikelser i arbetsboken.",
        "Upparbetat belopp som inte är hela tkr (kanske skrivna i mkr) från Division Kirurgi (I10): summorna räknar "
        "med dem som de är skrivna. Se fliken Avvikelser i arbetsboken.",
    ]
    assert set(unit_off_note(result)) <= set(notice(result, office=False))
    assert unit_off_note(demo_t1()[1]) == []  # nothing flagged: nothing said
