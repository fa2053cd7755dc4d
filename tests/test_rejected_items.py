"""A rejected division's items read "Avvisad", not "Ej inkommen", in every sheet and in the Word draft.

Medicin's file is accepted; Kirurgi's came in but is rejected (an older template version); Hälso- och
sjukvårdsdirektör and nära vård sent nothing. Kirurgi's key figures, uppdrag, investments, control points,
åtgärdsplan and economy rows say it was rejected, in the legends' words and colours; the others' say not in.
"""

import pickle
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from conftest import template_maker
from helpers import complete_edits, edit_workbook, fill, rows_of
from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.history.store import rows_of as history_rows
from reporting.intake.run import run_intake
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
KIR, NV, HSD = "Division Kirurgi", "Division nära vård", "Hälso- och sjukvårdsdirektör"


@pytest.fixture(scope="module")
def kirurgi_rejected_once(tmp_path_factory, plan, blank_templates) -> tuple[Path, bytes, Path]:
    """Medicin in, Kirurgi's file rejected (template version 2), the others not in; the report written. Once per
    module: (the workspace, which tests only read, the consolidation pickled, the report)."""
    root = tmp_path_factory.mktemp("kirurgi-rejected")
    make_template = template_maker(plan, blank_templates, root)
    ws = Workspace(root / "ws")
    ws.inbox.mkdir(parents=True)
    fill(make_template("MED"), complete_edits(plan, "MED"), ws.inbox / "2025-T1 Division Medicin.xlsx")
    kir = fill(make_template("KIR"), complete_edits(plan, "KIR"), root / "kir.xlsx")
    edit_workbook(kir, lambda wb: wb["_meta"].__setitem__("B2", "2"), ws.inbox / "2025-T1 Division Kirurgi.xlsx")
    result = consolidate(plan, run_intake(ws, plan, T1))
    assert list(result.rejected) == ["KIR"] and result.never_in == ["HSD", "NV"]
    return ws.root, pickle.dumps(result), write_report(result, ws.outbox)[0]


@pytest.fixture
def kirurgi_rejected(kirurgi_rejected_once) -> tuple[Workspace, Consolidation, Path]:
    """(the workspace, the consolidation, its report): the consolidation the test's own copy."""
    root, data, report = kirurgi_rejected_once
    return Workspace(root), pickle.loads(data), report


def test_key_figures_and_uppdrag_read_avvisad(kirurgi_rejected):
    _, _, report = kirurgi_rejected
    figures = rows_of(report, "Nyckeltal")
    states = {row[1]: set() for row in figures if row[1] in (KIR, NV)}
    for row in figures:
        if row[1] in states:
            states[row[1]].add(row[6:8])
    assert states == {KIR: {("Avvisad", "Avvisad")}, NV: {("Ej inkommen", "Ej inkommen")}}
    sheet = load_workbook(report)["Nyckeltal"]
    cell = next(r[6] for r in sheet.iter_rows() if r[1].value == KIR)
    assert cell.fill.fgColor.rgb == "FFFCE4D6"  # the legend's colour for Avvisad, not Ej inkommen's grey
    uppdrag = rows_of(report, "Uppdrag")
    header = next(row for row in uppdrag if row[0] == "Id")
    kir, nv = header.index(KIR), header.index(NV)
    rows = [row for row in uppdrag[uppdrag.index(header) + 1 :] if isinstance(row[0], str) and row[0].startswith("U")]
    assert len(rows) == 26 and {row[nv] for row in rows} == {"Ej inkommen"}
    assert [row[kir] for row in rows].count("Avvisad") == 20 and {row[kir] for row in rows} == {"Avvisad", "Gäller ej"}
    at = next(n for n, row in enumerate(uppdrag) if row[1] == "Teckenförklaring:")
    end = next(n for n, row in enumerate(uppdrag) if row[1] == "Antal per status")  # the counts below the legend
    legend = [label for row in uppdrag[at:end] for label in row[2:] if label]  # it wraps over the table's columns
    assert legend[-3:] == ["Ej inkommen", "Avvisad", "Gäller ej divisionen"]


def test_the_uppdrag_legend_names_avvisad_only_when_a_row_reads_so(kirurgi_rejected, tmp_path):
    """A rejected division without uppdrag this period (here: its rows taken away) adds nothing to the legend."""
    _, result, _ = kirurgi_rejected
    without = replace(result, assignments=[a for a in result.assignments if a.status != "Avvisad"])
    uppdrag = rows_of(write_report(without, tmp_path / "out")[0], "Uppdrag")
    at = next(n for n, row in enumerate(uppdrag) if row[1] == "Teckenförklaring:")
    end = next(n for n, row in enumerate(uppdrag) if row[1] == "Antal per status")  # the counts below the legend
    legend = [label for row in uppdrag[at:end] for label in row[2:] if label]  # it wraps over the table's columns
    assert legend[-2:] == ["Ej inkommen", "Gäller ej divisionen"] and "Avvisad" not in legend


def test_investments_control_points_measures_and_economy_read_avvisad(kirurgi_rejected):
    _, _, report = kirurgi_rejected
    investments = {row[0]: row[6] for row in rows_of(report, "Investeringar") if row[0] and row[0][0] == "I"}
    assert {i: investments[i] for i in ("I02", "I04", "I07", "I08", "I10")} == dict.fromkeys(
        ("I02", "I04", "I07", "I08", "I10"), "Avvisad"
    )
    assert investments["I09"] == investments["I15"] == "Ej inkommen"
    summa = next(row for row in rows_of(report, "Investeringar") if str(row[1]).startswith("Summa"))
    assert summa[1] == f"Summa (exkl. {NV}, {HSD}; avvisad: {KIR})" and summa[5] == 16920 + 147 + 600 + 90 + 80 + 300
    control = rows_of(report, "Internkontroll")
    assert {row[0]: row[7] for row in control if row[5] == KIR} == dict.fromkeys(("K01", "K02", "K03"), "Avvisad")
    legend = next(row for row in control if row[0] == "Teckenförklaring:")
    assert legend[1:7] == (
        "✔ Uppfyllt",
        "◐ Delvis uppfyllt",
        "✘ Ej uppfyllt",
        "? Underlag saknas",
        "Ej inkommen",
        "Avvisad",
    )
    counts = {row[1]: row[2] for row in control if row[1] in ("Ej inkommen", "Avvisad") and row[2] is not None}
    assert counts == {"Ej inkommen": 3, "Avvisad": 3}  # nära vård's K01, K03, K07; Kirurgi's K01–K03
    measures = {row[0]: row[7] for row in rows_of(report, "Åtgärdsplan") if row[0]}
    assert measures["A1"] == f"{KIR} (avvisad), {NV}" and measures["A3"] == f"{HSD}, {KIR} (avvisad), {NV}"
    economy = rows_of(report, "Ekonomi")
    assert {row[9] for row in economy if row[0] == KIR} == {"Avvisad (1 fel)"}
    assert {row[9] for row in economy if row[0] == NV} == {"Ej inkommen"}
    assert not [
        row
        for sheet in ("Nyckeltal", "Internkontroll", "Investeringar")
        for row in rows_of(report, sheet)
        if KIR in row and "Ej inkommen" in row
    ]


def test_the_word_draft_says_avvisad_for_the_rejected_divisions_items(kirurgi_rejected, tmp_path):
    _, result, _ = kirurgi_rejected
    draft = docx.Document(str(write_word(result, tmp_path / "out")))
    cells = [[c.text for c in row.cells] for t in draft.tables for row in t.rows]
    kirurgi = {row[0]: row for row in cells if KIR in row[1:3]}
    assert kirurgi["I02"][4] == "Avvisad" and kirurgi["K01"][3] == "Avvisad" and kirurgi["U01"][3] == "Avvisad"
    texts = [p.text for p in draft.paragraphs]
    assert (
        "Teckenförklaring: ✔ Uppfyllt   ◐ Delvis uppfyllt   ✘ Ej uppfyllt   ? Underlag saknas   Ej inkommen   Avvisad"
        in texts
    )
    assert any(t.endswith("Avvisad = divisionens fil kom in men avvisades och räknas inte med.") for t in texts)


def test_history_stores_nothing_for_a_rejected_division_as_for_a_missing_one(kirurgi_rejected):
    _, result, _ = kirurgi_rejected
    assert [r for r in history_rows(result) if r["division"] == "KIR"] == []
