"""Amount unit per plan: a tkr plan's templates, intake messages and report speak tkr at whole-tkr precision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from econ_plans import T1, report_path, run, seed002_plan, sheet_rows, template_rows, workbook
from helpers import rows_of
from reporting.consolidate.consolidation import Consolidation
from reporting.demo.plan import demo_plan
from reporting.findings import Rule
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.read import check_plan
from reporting.plan.write import write_plan
from reporting.swedish import format_number

D = Decimal


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("−", "-")


def test_a_tkr_template_has_tkr_headers_whole_tkr_formats_and_ranges(seed002_run):
    tmp_path, _ = seed002_run
    rows = template_rows(tmp_path, "HSD", "Ekonomi")
    header = next(r for r in rows if r[0] == "Id")
    assert "Budget helår (tkr)" in header and "Helårsprognos (tkr)" in header
    assert not any("mkr" in str(h) for h in header)
    assert rows[1][0].startswith("Belopp i tkr.")
    ws = workbook(tmp_path / "mall-HSD.xlsx")["Ekonomi"]
    assert ws["C5"].value == 44437 and ws["C5"].number_format.startswith("#,##0") and ".0" not in ws["C5"].number_format
    rule = next(v for v in ws.data_validations.dataValidation if "D5" in v.sqref)  # the rule of cell D5
    assert (rule.formula1, rule.formula2) == ("0", "1000000000.0")  # an income, in tkr
    assert "Belopp i tkr" in rule.prompt


def test_the_report_shows_tkr_whole(seed002_run):
    tmp_path, result = seed002_run
    assert sheet_rows(result, tmp_path, "Ekonomi")[0][0] == "Ekonomi per division och kontogrupp (tkr)"
    assert any(r[0] == "Ekonomi per division (tkr)" for r in sheet_rows(result, tmp_path, "Sammanfattning"))
    ws = workbook(report_path(tmp_path))["Ekonomi"]
    cell = next(row[2] for row in ws.iter_rows(min_row=5) if row[0].value == "Hälso- och sjukvårdsdirektör")
    assert cell.value == 44437 and "0.0" not in cell.number_format  # "44 437", never "44,4"
    metrics = {s.metric for s in result.sources}  # Källor names each value as the template's header does
    assert "Utfall ackumulerat (tkr)" in metrics and not any("(mkr)" in m for m in metrics)


def test_deviation_threshold_stays_in_mkr_and_is_converted():
    assert seed002_plan().deviation_threshold(D(-1000)) == D(1000)  # 1 mkr = 1 000 tkr
    assert demo_plan().deviation_threshold(D(-10)) == D(1)


@pytest.fixture(scope="module")
def mkr_mistakes(tmp_path_factory) -> Consolidation:
    """One run of the demo (mkr) plan with two users' mistakes, in different divisions: Medicin typed its EK
    utfall in tkr, Kirurgi typed its full-year budget as the T1 utfall. The two tests below read one mistake each
    (one whole run instead of two); each asserts that its rule found its own division only, so neither mistake
    hides behind or raises the other's finding."""
    plan = demo_plan()
    tkr = float(plan.frame("MED").amounts["EK"] / 3 * 1000)
    full_year = float(plan.frame("KIR").amounts["EK"])
    edits = {"MED": {("Ekonomi", "EK", "actual"): tkr}, "KIR": {("Ekonomi", "EK", "actual"): full_year}}
    return run(tmp_path_factory.mktemp("mkr-mistakes"), plan, edits)


def test_a_tkr_figure_typed_in_an_mkr_plan_is_a_warning_with_the_unit(mkr_mistakes, tmp_path):
    result = mkr_mistakes
    found = [f for f in result.findings if f.rule is Rule.AMOUNT_UNIT_OFF]
    assert [(f.sheet, f.division) for f in found] == [("Ekonomi", "Division Medicin")]
    message = _plain(found[0].message)
    assert message.startswith("Utfallet för Externa kostnader är -427 466,7 mkr")
    assert "omkring 1 000 gånger större än budgeten -1 282,4 mkr. Belopp anges i mkr, inte i tkr" in message
    # the nämnd's totals count it as typed (a warning, never a guess): Att notera för nämnden says whose it is
    report = write_report(result, tmp_path / "outbox")[0]
    notes = [row[0] for row in rows_of(report, "Sammanfattning") if row[0] and str(row[0]).startswith("• ")]
    assert (
        "• Belopp som ser ut att vara i fel enhet (omkring 1 000 gånger budgeten) från Division Medicin: "
        "summorna räknar med dem som de är skrivna. Se fliken Avvikelser i arbetsboken."
    ) in notes
    draft = Document(str(write_word(result, tmp_path / "outbox")))
    assert any(p.text.startswith("Belopp som ser ut att vara i fel enhet") for p in draft.paragraphs)


def test_an_mkr_figure_typed_in_a_tkr_plan_is_a_warning(tmp_path):
    result = run(tmp_path, seed002_plan(), {"MED": {("Ekonomi", "PERS", "forecast"): -149.6}})
    found = [f for f in result.findings if f.rule is Rule.AMOUNT_UNIT_OFF]
    assert [(f.sheet, f.division) for f in found] == [("Ekonomi", "Division Medicin")]
    assert "1 000 gånger mindre" in _plain(found[0].message) and "inte i mkr" in found[0].message


def test_a_full_year_utfall_in_t1_is_a_warning_and_a_period_utfall_is_not(mkr_mistakes):
    result = mkr_mistakes
    found = [f for f in result.findings if f.rule is Rule.FULL_YEAR_OUTCOME]
    assert [(f.sheet, f.division) for f in found] == [("Ekonomi", "Division Kirurgi")]  # only the mistake
    assert "perioden omfattar 4 månader" in found[0].message and T1.months == 4


def test_beloppsenhet_and_a_header_in_the_other_unit_are_plan_findings(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", seed002_plan())
    assert check_plan(path)[1] == []
    wb = load_workbook(path)
    wb["Budgetramar"]["C1"] = "Externa intäkter (mkr)"
    wb.save(path)
    assert [(f.sheet, f.cell) for f in check_plan(path)[1]] == [("Budgetramar", "C1")]
    settings = wb["Nämnd"]
    row = next(r[0].row for r in settings.iter_rows() if r[0].value == "Beloppsenhet")
    settings[f"B{row}"] = "miljoner"
    wb.save(path)
    assert ("Nämnd", f"B{row}") in [(f.sheet, f.cell) for f in check_plan(path)[1]]


def test_an_mkr_plan_has_no_beloppsenhet_row(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", demo_plan())
    assert "Beloppsenhet" not in [r[0] for r in rows_of(path, "Nämnd")]


def test_a_forecast_with_a_zero_too_many_or_too_few_is_a_warning_and_a_small_groups_swing_is_not(tmp_path):
    """Kirurgi's EK forecast typed with an extra zero, Medicin's with one dropped; NV's Avskrivningar (a budget under
    the plan's deviation threshold) ten times its budget is no typo of this kind."""
    plan = demo_plan()
    ek = {d: plan.frame(d).amounts["EK"] for d in ("KIR", "MED")}
    nv = plan.frame("NV").amounts  # NV's Avskrivningar made small, its Externa kostnader taking the rest
    small = Decimal("-0.8")
    nv["EK"], nv["AV"] = nv["EK"] + nv["AV"] - small, small
    assert abs(small) <= plan.deviation_threshold(small)
    edits = {
        "KIR": {("Ekonomi", "EK", "forecast"): float(ek["KIR"] * 10)},
        "MED": {("Ekonomi", "EK", "forecast"): float(ek["MED"] / 10)},
        "NV": {("Ekonomi", "AV", "forecast"): float(small * 10)},
    }
    result = run(tmp_path, plan, edits)
    found = {f.division: _plain(f.message) for f in result.findings if f.rule is Rule.AMOUNT_TENFOLD}
    assert sorted(found) == ["Division Kirurgi", "Division Medicin"]
    assert found["Division Kirurgi"].startswith(
        f"Helårsprognosen för Externa kostnader är {_plain(format_number(ek['KIR'] * 10, 1))} mkr, omkring tio gånger "
        f"större än budgeten {_plain(format_number(ek['KIR'], 1))} mkr."
    )
    assert ", omkring en tiondel av budgeten " in found["Division Medicin"]
