"""The real client: LibreOffice Calc headless opens, recalculates and re-saves what we write."""

import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from helpers import answer, complete_edits, fill
from reporting.consolidate.consolidation import consolidate
from reporting.intake.checking import check_file
from reporting.intake.run import run_intake
from reporting.output import libreoffice
from reporting.output.libreoffice import convert, convert_many
from reporting.output.report import write_report
from reporting.plan.periods import Period
from reporting.template.write import generate_templates
from reporting.workspace import Workspace
from test_pdf_sheets import BOARD, OFFICE

T1 = Period(2025, "T1")


pytestmark = pytest.mark.libreoffice


def test_every_template_converts_to_pdf_and_xlsx(soffice, tmp_path, plan):
    paths = [
        p for kind in ("T1", "delar", "helar") for p in generate_templates(plan, Period(2025, kind), tmp_path / "t")
    ]
    assert len(paths) == 12
    pdfs, resaved_files = convert_many(paths, "pdf", tmp_path / "pdf"), convert_many(paths, "xlsx", tmp_path / "lo")
    for path, pdf, resaved in zip(paths, pdfs, resaved_files, strict=True):
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
        assert pdf.stem == resaved.stem == path.stem
        result = check_file(resaved, plan, Period(2025, path.name.split(" ")[0].split("-")[1]))
        assert result.accepted, (path.name, [str(f) for f in result.findings])
        assert all(f.rule == "required-missing" for f in result.findings), [str(f) for f in result.findings]


def test_filled_values_survive_and_netto_recalculates(soffice, tmp_path, plan, make_template):
    edits = complete_edits(plan, "MED")
    edits.update(
        {
            ("Ekonomi", "EI", "actual"): 31.4,
            ("Ekonomi", "II", "actual"): 91.4,
            ("Ekonomi", "EK", "actual"): -427.5,
            ("Ekonomi", "AV", "actual"): -7.4,
            ("Ekonomi", "IK", "actual"): -60.4,
            ("Nyckeltal", "N04", "outcome"): "70,5 %",
            ("Åtgärdsplan", "A1", "achieved"): "=2,5+1",  # a formula a person types (Swedish locale)
        }
    )
    edits[("Åtgärdsplan", "A1", "achieved")] = "=2.5+1"
    path = fill(make_template("MED"), edits, tmp_path / "ifylld.xlsx")
    before = check_file(path, plan, T1)
    assert [f.rule for f in before.findings] == ["formula-no-cache"]  # openpyxl cannot compute
    resaved = convert(path, "xlsx", tmp_path / "lo")
    values = load_workbook(resaved, data_only=True)["Ekonomi"]
    assert round(values["E10"].value, 6) == -372.5  # 31,4 + 91,4 − 427,5 − 7,4 − 60,4
    assert round(values["F10"].value, 6) == round(-372.5 - values["D10"].value, 6)
    after = check_file(resaved, plan, T1)
    assert after.findings == [], [str(f) for f in after.findings]
    sub = after.submission
    assert answer(sub, "Ekonomi", "NETTO", "actual") == Decimal("-372.500")
    assert answer(sub, "Åtgärdsplan", "A1", "achieved") == Decimal("3.500")
    assert answer(sub, "Nyckeltal", "N04", "outcome") == Decimal("70.5")


def test_summary_report_opens_in_libreoffice(soffice, tmp_path, plan, make_template):
    """The report re-saved by LibreOffice keeps its sheets and exact sums (its PDF: tests/test_pdf.py)."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    fill(make_template("MED"), complete_edits(plan, "MED"), ws.inbox / "med.xlsx")
    result = consolidate(plan, run_intake(ws, plan, T1))
    (xlsx,) = write_report(result, ws.outbox)
    resaved = convert(xlsx, "xlsx", tmp_path / "lo")
    wb = load_workbook(resaved, data_only=True)
    assert wb.sheetnames == [*BOARD, *OFFICE]  # the nämnd's sheets (Finansiella mål: "Ej rapporterad"), the office's
    ekonomi = {(r[0], r[1]): r for r in wb["Ekonomi"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert round(ekonomi[("Division Medicin", "Netto")][2], 6) == -1117.4


def test_conversions_go_to_the_running_office(office, tmp_path, plan, make_template, monkeypatch):
    """The session's office takes every conversion: none writes a profile of its own (one start per session)."""

    def no_new_profile(*args, **kwargs):
        raise AssertionError("a conversion started an office of its own")

    monkeypatch.setattr(libreoffice, "write_profile", no_new_profile)
    first = convert(make_template("MED"), "xlsx", tmp_path / "lo")
    second = convert(make_template("KIR"), "ods", tmp_path / "lo")
    assert office.running
    assert load_workbook(first).sheetnames[:2] == ["Instruktion", "Nyckeltal"]
    with zipfile.ZipFile(second) as ods:
        assert ods.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
