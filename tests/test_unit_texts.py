"""A division reported by many units still reads as a division: its texts summed up, its statuses counted."""

from decimal import Decimal

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from reporting.consolidate.consolidation import consolidate
from reporting.consolidate.unit_texts import SUMMARY_CHARS, SUMMARY_TEXTS, UnitText, shortened, summary
from reporting.demo.submissions import demo_fill
from reporting.demo.units import unit_plan
from reporting.intake.run import run_intake
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.plan.targets import Status
from reporting.template.write import build_template
from reporting.workspace import Workspace
from reporting.xlsx.write import STATUS_COLOURS

T1 = Period(2025, "T1")
GOAL_MET = "Målet nås; arbetet fortsätter enligt plan."
ALL_TEXTS = "alla enheters texter: fliken Källor i arbetsboken."


def test_identical_texts_once_with_their_count_and_a_deviation_first():
    texts = [UnitText(f"Enhet {n:04d}", GOAL_MET, 3) for n in range(1, 95)]
    texts.insert(40, UnitText("Enhet 0200", "Vakanser på två avdelningar.", 0))
    assert summary(texts) == f"Enhet 0200: Vakanser på två avdelningar.\n{GOAL_MET} (94 enheter)"


def test_a_text_of_a_few_units_names_them():
    texts = [UnitText("Enhet 0001", "Enligt plan.", 2), UnitText("Enhet 0005", " Enligt  plan. ", 2)]
    texts += [UnitText("Enhet 0009", "Enligt\nplan.", 2)]  # one line per text: its breaks are Källor's
    assert summary(texts) == "Enhet 0001, Enhet 0005, Enhet 0009: Enligt plan."


def test_a_hundred_different_texts_are_bounded_and_point_to_kallor():
    texts = [UnitText(f"Enhet {n:04d}", f"Stickprov på {n} journaler utan anmärkning.", 3) for n in range(100)]
    assert summary(texts).splitlines() == [
        *[f"Enhet {n:04d}: Stickprov på {n} journaler utan anmärkning." for n in range(SUMMARY_TEXTS)],
        f"… och 95 enheter till; {ALL_TEXTS}",
    ]
    longer = [UnitText(t.unit, t.text + " Brister" * 30, 3) for t in texts]  # 290 characters each
    lines = summary(longer).splitlines()
    assert lines[0] == f"Enhet 0000: {longer[0].text}"
    assert lines[1].startswith("Enhet 0001: Stickprov på 1 journaler") and lines[1].endswith(" Brister…")
    assert lines[2] == f"… och 98 enheter till; {ALL_TEXTS}"
    assert len(lines[0]) + len(lines[1]) <= SUMMARY_CHARS  # the names count: the cell's size is bounded


def test_a_long_text_is_shortened_at_a_word_and_points_to_kallor():
    long = "Bemanningen " + "är ansträngd och " * 60 + "slut."
    text = summary([UnitText("Enhet 0001", long, 0)])
    first, tail = text.splitlines()
    shown = first.removeprefix("Enhet 0001: ").removesuffix("…")
    assert shown.startswith("Bemanningen är ansträngd och") and long.startswith(shown + " ")  # cut at a word's end
    assert SUMMARY_CHARS - 10 < len(first) <= SUMMARY_CHARS
    assert tail == "Hela texten: fliken Källor i arbetsboken."


def test_a_word_ending_where_the_text_is_cut_is_kept():
    assert shortened("abc def ghi", 9) == "abc def…"  # 8 characters and the "…": "def" fits whole
    assert shortened("abc defg hij", 9) == "abc defg…"  # 9 in all
    assert shortened("abc defgh ij", 9) == "abc…"  # "defgh" would not fit
    assert shortened("abcdefghijk", 6) == "abcde…"  # one long word is cut inside


def test_nothing_written_is_nothing():
    assert summary([UnitText("Enhet 0001", "  ", 0)]) == ""


@pytest.fixture(scope="module")
def twelve_units(tmp_path_factory):
    """Division Medicin from its 12 units: one misses N12, three report U01 with a deviation, one has not done
    K01 and every unit's K01 result is its own."""
    plan = unit_plan(48)
    ws = Workspace(tmp_path_factory.mktemp("units"))
    ws.inbox.mkdir()
    for n, unit in enumerate(plan.units_of("MED")):
        fill = demo_fill(plan, "MED", T1, unit_id=unit.id)
        miss = unit.id == "E0001"
        fill["Nyckeltal"]["N12"].update(
            outcome=Decimal(40 if miss else 70),
            analysis="Vakanser på två avdelningar." if miss else GOAL_MET,
            actions="Rekrytering pågår." if miss else "",
        )
        late = unit.id in ("E0005", "E0009", "E0013")
        fill["Uppdrag"]["U01"] = {
            "status": "Pågår med avvikelse" if late else "Pågår enligt plan",
            "comment": "Försenat." if late else "Enligt plan.",
        }
        fill["Internkontroll"]["K01"] = {
            "done": "Nej" if miss else "Ja",
            "result": f"Stickprov på {n + 5} journaler utan anmärkning.",
            "deviation": None if miss else "Nej",
            "action": "",
        }
        name = Reporter(plan.division("MED"), unit).file_name(T1.key)
        build_template(plan, "MED", T1, ws.inbox / name, fill, unit_id=unit.id)
    result = consolidate(plan, run_intake(ws, plan, T1))
    return result, ws


def _med(rows, item_id):
    return next(r for r in rows if r.id == item_id and r.division_id == "MED")


def test_a_division_from_twelve_units_sums_up_their_texts(twelve_units):
    result, _ = twelve_units
    n12 = next(k for k in result.key_figures if k.id == "N12" and k.division_id == "MED")
    assert n12.analysis == f"Enhet 0001: Vakanser på två avdelningar.\n{GOAL_MET} (11 enheter)"
    assert n12.actions == "Enhet 0001: Rekrytering pågår."
    u01 = _med(result.assignments, "U01")
    assert u01.comment == "Enhet 0005, Enhet 0009, Enhet 0013: Försenat.\nEnligt plan. (9 enheter)"
    k01 = _med(result.internal_control, "K01")
    assert k01.result.splitlines() == [
        "Enhet 0001: Stickprov på 5 journaler utan anmärkning.",  # not done: first
        *[f"Enhet {u:04d}: Stickprov på {n} journaler utan anmärkning." for n, u in zip(range(6, 10), (5, 9, 13, 17))],
        f"… och 7 enheter till; {ALL_TEXTS}",
    ]


def test_the_weakest_status_stands_and_says_how_many_units_gave_it(twelve_units):
    result, ws = twelve_units
    u01 = _med(result.assignments, "U01")
    assert (u01.status, u01.units) == ("Pågår med avvikelse", "3 av 12 enheter")
    k01 = _med(result.internal_control, "K01")
    assert (k01.done, k01.status_label) == ("Delvis", "◐ Delvis uppfyllt (Ja 11, Nej 1; 12 enheter)")
    sheet = load_workbook(write_report(result, ws.outbox)[0])["Uppdrag"]
    headers = [c.value for c in sheet[4]]
    row = next(r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0] == "U01")
    assert row[headers.index("Division Medicin")] == "⚠ Pågår med avvikelse (3 av 12 enheter)"
    rows = [r.cells for t in docx.Document(str(write_word(result, ws.outbox))).tables for r in t.rows]
    cells = [[c.text for c in r] for r in rows]
    assert ["U01", u01.text, "Division Medicin", "⚠ Pågår med avvikelse (3 av 12 enheter)", u01.comment] in cells
    assert [k01.id, k01.text, "Division Medicin", k01.status_label, k01.result, "Nej", ""] in cells
    status = rows[cells.index([k01.id, k01.text, "Division Medicin", k01.status_label, k01.result, "Nej", ""])][3]
    shading = status._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    assert shading == STATUS_COLOURS[Status.PARTLY.value][0].lstrip("#")  # the status's colour, counts or not


def test_every_units_whole_text_is_in_kallor(twelve_units):
    result, _ = twelve_units
    analyses = [s for s in result.sources if s.item == "N12" and s.metric == "Analys / kommentar"]
    assert [(s.reporter, s.value) for s in analyses] == [
        (f"Division Medicin / Enhet {u:04d}", "Vakanser på två avdelningar." if u == 1 else GOAL_MET)
        for u in range(1, 48, 4)
    ]
    assert {s.file for s in analyses} == {f"2025-T1 Division Medicin - Enhet {u:04d}.xlsx" for u in range(1, 48, 4)}
    assert all(s.sheet == "Nyckeltal" and s.cell and len(s.sha256) == 64 for s in analyses)
    results = [s.value for s in result.sources if s.item == "K01" and s.metric == "Resultat"]
    assert results == [f"Stickprov på {n} journaler utan anmärkning." for n in range(5, 17)]  # the 7 left out too
    assert not [s for s in result.sources if s.metric == "Åtgärd" and s.item == "K01"]  # empty texts are no values


def test_the_word_draft_sets_the_units_atgarder_on_a_line_of_their_own(twelve_units):
    result, ws = twelve_units
    paragraphs = [p.text for p in docx.Document(str(write_word(result, ws.outbox))).paragraphs]
    expected = f"Division Medicin: Enhet 0001: Vakanser på två avdelningar.\n{GOAL_MET} (11 enheter)"
    assert f"{expected}\nÅtgärder: Enhet 0001: Rekrytering pågår." in paragraphs
