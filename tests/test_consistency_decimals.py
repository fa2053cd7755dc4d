"""One number reads the same in every output (audit D7): a key figure has one or two decimals in the workbook
(``KEY_FIGURE_FORMAT``) and in the Word draft (``format_key_figure``), and a source on Källor shows every decimal
it was typed with."""

from __future__ import annotations

import shutil
from decimal import Decimal

import docx
from openpyxl import load_workbook

from helpers import complete_edits, fill, template_copy
from plan_shapes import T1
from reporting.consolidate.consolidation import consolidate
from reporting.demo.plan import demo_plan
from reporting.intake.run import run_intake
from reporting.output.report import write_report
from reporting.swedish import format_key_figure
from reporting.workspace import Workspace
from reporting.xlsx.write import KEY_FIGURE_FORMAT

D = Decimal


def test_a_key_figure_reads_as_the_workbooks_number_format_shows_it():
    shown = {v: format_key_figure(D(v)) for v in ("66.40", "66", "1.805", "-24.07", "3088.40", "0.10", "4.305")}
    assert shown == {
        "66.40": "66,4",  # a weighted value's trailing zero: "66,40" in the Word draft before
        "66": "66,0",
        "1.805": "1,81",
        "-24.07": "−24,07",
        "3088.40": "3\xa0088,4",
        "0.10": "0,1",
        "4.305": "4,31",
    }


def test_every_key_figure_in_the_word_draft_reads_as_in_the_workbook(demo_cli, tmp_path):
    root = shutil.copytree(demo_cli[0] / "outbox", tmp_path / "outbox")
    name = "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden"
    ws = load_workbook(root / f"{name}.xlsx")["Nyckeltal"]
    workbook = {}
    for row in ws.iter_rows(min_row=5):
        if row[0].value and row[2].value:  # the nämnd's row: the one with the målvärde, as the draft's table
            assert {row[c].number_format.split(";")[0] for c in (3, 5)} == {KEY_FIGURE_FORMAT}
            workbook[row[0].value] = [
                format_key_figure(D(repr(row[c].value))) if row[c].value is not None else "" for c in (3, 5)
            ]
    draft = {}
    for table in docx.Document(str(root / f"{name}.docx")).tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if cells[0] in workbook and len(cells) == 6:
                draft[cells[0]] = cells[3:5]
    assert len(draft) == 21 and draft == workbook
    assert draft["N08"] == ["77,0", "82,0"]  # a whole number: "77" in the draft, "77,0" in the workbook before


def test_a_source_on_kallor_shows_every_decimal_it_was_typed_with(tmp_path):
    plan = demo_plan()
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    edits = {**complete_edits(plan, "MED"), ("Ekonomi", "EI", "actual"): 13.449, ("Nyckeltal", "N04", "outcome"): 66}
    fill(template_copy(plan, "MED", T1, tmp_path / "t.xlsx"), edits, ws.inbox / "med.xlsx")
    (report, *_) = write_report(consolidate(plan, run_intake(ws, plan, T1)), ws.outbox)
    sources = load_workbook(report)["Källor"]
    formats = {
        (row[0].value, row[2].value): (row[3].value, row[3].number_format.split(";")[0])
        for row in sources.iter_rows(min_row=5)
        if row[1].value == "Division Medicin"
    }
    assert formats[("EI", "Utfall ackumulerat (mkr)")] == (13.449, "#,##0.000")  # "13,45" as a key figure before
    assert formats[("N04", "Utfall perioden")] == (66, "#,##0")  # as typed: "66", not "66,0"
