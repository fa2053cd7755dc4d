"""The report workbook reads right without LibreOffice: titles, no merged cells, chart alt text,
colour legends in words, print set-up that keeps 10 pt text at ≥ 8 pt, and totals that name what they leave out."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import sheet_values
from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.consolidate.economy import board_amounts, group_frames, group_totals
from reporting.consolidate.investments import investment_total
from reporting.consolidate.keyfigures import board_total
from reporting.consolidate.tables import measure_total
from reporting.demo.submissions import demo_fill, write_demo_submissions
from reporting.intake.run import run_intake
from reporting.output.goal_sheets import assignment_label, gathered_comments
from reporting.output.report import write_report
from reporting.output.sheet_writer import report_title
from reporting.output.summary import SummaryWriter
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.plan.reporter import Reporter
from reporting.plan.write import write_plan
from reporting.template.answers import KeyFigureAnswer
from reporting.template.write import build_template
from reporting.workflow import run_period
from reporting.workspace import Workspace
from reporting.xlsx.write import MIN_PRINT_SCALE, PRINTABLE_CHARS

YEAR = 2025
PERIODS = [Period(YEAR, kind) for kind in ("T1", "delar", "helar")]


def demo_year(root: Path, plan, pdf: bool = False) -> tuple[Workspace, Consolidation, Path]:
    """The demo's three periods of 2025 run in order (history on); the year-end consolidation and report.

    Only the year-end run writes its report (and Word draft): the earlier runs give it their history, not files.
    With ``pdf`` the year-end report is also converted to PDF (beside the workbook).
    """
    ws = Workspace(root)
    root.mkdir(parents=True, exist_ok=True)
    write_plan(ws.plan, plan)
    loaded = load_plan(ws.plan)
    result = None
    for period in PERIODS:
        write_demo_submissions(loaded, period, ws.inbox)
        last = period == PERIODS[-1]
        result = run_period(ws, loaded, period, report=last, feedback=False, pdf=pdf and last, quiet=True).consolidation
    assert result is not None
    return ws, result, next(p for p in ws.outbox.glob(f"{PERIODS[-1].key} *.xlsx"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory, plan):
    return demo_year(tmp_path_factory.mktemp("a11y") / "ws", plan)


@pytest.fixture(scope="module")
def demo_wb(demo):
    """The demo report read once by openpyxl for the tests that only look at it."""
    return load_workbook(demo[2])


def test_every_sheet_has_its_title_in_a1_and_in_the_page_header(demo, demo_wb):
    result = demo[1]
    wb = demo_wb
    assert wb.properties.title == report_title(result) == "Årsrapport 2025 – Hälso- och sjukvårdsnämnden"
    assert "Tidsserier" in wb.sheetnames
    for ws in wb:
        title = ws["A1"].value
        assert isinstance(title, str) and title and ws["A1"].font.b and ws["A1"].font.sz == 14, ws.title
        assert ws.oddHeader.left.text == title, ws.title  # the printed page names the sheet's title
        assert ws.oddHeader.left.size == 10 and ws.oddFooter.right.text == "Sida &P av &N"
        # the footer names the report as its title does, not by the period's key ("Årsrapport 2025-ar")
        assert ws.oddFooter.left.text.startswith(f"Årsrapport 2025 · Dnr HSN/1528/2024 · {ws.title}"), ws.title
    assert wb["Sammanfattning"]["A1"].value == report_title(result)
    # the årsrapport sets the year's utfall, not a forecast, against the previous forecast
    texts = [c.value for row in wb["Tidsserier"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "Ekonomi: utfall helår netto jämfört med föregående prognos (mkr)" in texts
    assert "Utfall helår" in texts and "Aktuell prognos" not in texts


def test_no_merged_cells_anywhere(demo_wb):
    wb = demo_wb
    assert {ws.title: list(ws.merged_cells.ranges) for ws in wb if ws.merged_cells.ranges} == {}


def test_every_chart_has_alt_text_and_a_title(demo):
    _, result, path = demo
    with zipfile.ZipFile(path) as z:
        drawings = {n: z.read(n).decode() for n in z.namelist() if re.match(r"xl/drawings/drawing\d+\.xml$", n)}
        charts = {n: z.read(n).decode() for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)}
    frames = [f for xml in drawings.values() for f in re.findall(r"<xdr:cNvPr [^>]*>", xml)]
    assert len(frames) == len(charts) >= 3  # two on Sammanfattning, line charts on Tidsserier
    descriptions = [re.search(r'descr="([^"]*)"', f) for f in frames]
    assert all(d and len(d.group(1)) > 40 for d in descriptions), frames
    texts = [d.group(1) for d in descriptions if d]
    # the alt text says what the chart shows, with the numbers in Swedish
    economy = next(t for t in texts if t.startswith("Stapeldiagram, utfall helår"))  # the årsrapport: the result
    medicin = next(o for o in result.economy_overview if o.division_id == "MED")
    assert medicin.budget == Decimal("-1117.4")
    assert "Division Medicin: budgetram −1\u00a0117,4, utfall helår −1\u00a0" in economy
    assert "Hälso- och sjukvårdsdirektör: budgetram −239,8, ej inkommen" in economy
    goals = next(t for t in texts if t.startswith("Liggande stapeldiagram"))
    assert "uppfyllt" in goals and result.goal_areas[0].name in goals
    assert any(t.startswith("Linjediagram: N") and "T1 2025" in t for t in texts)
    assert all("<c:title>" in xml for xml in charts.values())


def test_colours_have_words_beside_them(demo_wb):
    ws = demo_wb["Sammanfattning"]
    rows = {r[0].value: [c.value for c in r[1:] if c.value] for r in ws.iter_rows() if r[0].value}
    assert rows["Färger i diagrammet Måluppfyllelse:"] == [
        "Uppfyllt",
        "Delvis uppfyllt",
        "Ej uppfyllt",
        "Underlag saknas",
        "Följs (inget mål)",
    ]
    assert rows["Färger i diagrammet Utfall helår:"] == ["Budgetram helår", "Utfall helår"]  # the årsrapport
    nyckeltal = demo_wb["Nyckeltal"]
    legend = next(r for r in nyckeltal.iter_rows() if r[1].value == "Teckenförklaring:")
    assert [c.value for c in legend[2:7]] == [
        "✔ Uppfyllt",
        "◐ Delvis uppfyllt",
        "✘ Ej uppfyllt",
        "? Underlag saknas",
        "– Följs (inget mål)",
    ]


def test_notes_come_first_in_one_wrapped_cell_each(demo_wb):
    ws = demo_wb["Sammanfattning"]
    assert ws["A4"].value == "Att notera för nämnden"
    notes = [ws.cell(row, 1) for row in range(5, 30) if str(ws.cell(row, 1).value or "").startswith("•")]
    assert notes and notes[0].row == 5 and all(c.alignment.wrap_text for c in notes)
    # each note's row is tall enough for its wrapped text at the column's width
    for cell in notes:
        lines = len(cell.value) / (ws.column_dimensions["A"].width * 1.25 - 1)
        assert (ws.row_dimensions[cell.row].height or 15) >= 13 * lines, cell.value  # 15: the default
    first_table = next(r for r in range(1, 60) if ws.cell(r, 1).value == "Målområde")
    assert first_table > notes[-1].row


def test_print_setup_keeps_text_at_8_pt_or_more(demo_wb):
    """Landscape A4 at a fixed scale of 80–100 % at which the sheet's columns fit the page width."""
    wb = demo_wb
    for ws in wb:
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), ws.title
        # a fixed scale, not fit-to-width: LibreOffice keeps the manual page breaks before charts with it
        assert not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        widths = _column_widths(ws)
        # every used column has a width of its own (nothing falls back to a default that breaks the sum)
        assert set(range(1, ws.max_column + 1)) <= set(widths), ws.title
        assert sum(widths.values()) <= PRINTABLE_CHARS / MIN_PRINT_SCALE, (ws.title, sum(widths.values()))
        assert 80 <= setup.scale <= min(100, 100 * PRINTABLE_CHARS / sum(widths.values())), (ws.title, setup.scale)
    for name in ("Nyckeltal", "Tidsserier", "Uppdrag", "Ekonomi", "Åtgärdsplan", "Källor", "Avvikelser"):
        assert wb[name].print_title_rows == "$4:$4", name  # the header row repeats on every page
    # charts start a page of their own
    assert wb["Sammanfattning"].row_breaks.brk and wb["Tidsserier"].row_breaks.brk


def _column_widths(ws) -> dict[int, float]:
    """Column number → width in characters as set (the file stores 5 px of padding more: 5/7 character)."""
    out = {}
    for dim in ws.column_dimensions.values():
        if dim.customWidth and dim.min:
            for col in range(dim.min, (dim.max or dim.min) + 1):
                out[col] = round(dim.width - 5 / 7, 1)
    return out


# ---------------------------------------------------------------- totals name what they leave out
@pytest.fixture(scope="module")
def without_kirurgi(tmp_path_factory, plan):
    """T1 where every division but Division Kirurgi submitted."""
    ws = Workspace(tmp_path_factory.mktemp("kir") / "ws")
    ws.inbox.mkdir(parents=True)
    period = PERIODS[0]
    for division in plan.divisions:
        if division.id != "KIR":
            path = ws.inbox / Reporter(division).file_name(period.key)
            build_template(plan, division.id, period, path, demo_fill(plan, division.id, period))
    return ws, consolidate(plan, run_intake(ws, plan, period))


@pytest.fixture(scope="module")
def without_kirurgi_report(without_kirurgi):
    """The report of ``without_kirurgi``, written once, as rows of values per sheet (read once, read-only)."""
    ws, result = without_kirurgi
    (path,) = write_report(result, ws.outbox)
    return sheet_values(path, "Sammanfattning", "Ekonomi", "Åtgärdsplan", "Investeringar")


D31583 = Decimal("-3158.3")  # the plan's netto frame of the whole nämnd


def test_totals_name_the_missing_division(without_kirurgi, without_kirurgi_report, plan):
    _, result = without_kirurgi
    assert result.missing == ["KIR"]
    total = result.economy_total
    assert total.is_total and not total.submitted
    assert total.division == "Nämnden totalt (exkl. Division Kirurgi)"
    assert {t.division for t in group_totals(result.economy)} == {"Nämnden totalt (exkl. Division Kirurgi)"}
    # every column over the same divisions: the budget is the reporting divisions' frames, from the plan
    reporting = [d.id for d in plan.divisions if d.id != "KIR"]
    frames = sum((plan.frame(d, YEAR).netto for d in reporting), Decimal(0)) + plan.board_frame(YEAR).netto  # -3,5
    assert total.budget == frames == Decimal("-3161.8") - plan.frame("KIR", YEAR).netto
    assert total.forecast_deviation == total.forecast - total.budget
    assert total.deviation == total.actual - total.periodised
    whole = result.economy_overview[-1]
    own = plan.board_frame(YEAR).netto  # the nämnd's own -3,5: in the overview's and the per-group totals
    assert (whole.division, whole.budget, whole.frame_only) == (
        "Nämndens budgetram, alla divisioner och nämndens egen ram",
        D31583 + own,
        True,
    )
    assert (whole.periodised, whole.actual, whole.forecast, whole.forecast_deviation) == (None,) * 4
    netto = group_totals(result.economy)[-1]  # the divisions alone
    assert (netto.group, netto.budget, netto.forecast) == ("Netto", total.budget - own, total.forecast - own)
    assert [f.budget for f in group_frames(result.economy)][-1] == D31583
    board = board_amounts(plan, YEAR)  # as the report and the Word draft call them: with the nämnd's own frame
    netto = group_totals(result.economy, board)[-1]
    assert (netto.budget, netto.forecast) == (total.budget, total.forecast)
    externa = next(t for t in group_totals(result.economy, board) if t.group_id == "EK")
    assert externa.budget == next(t for t in group_totals(result.economy) if t.group_id == "EK").budget + own
    assert [f.budget for f in group_frames(result.economy, board)][-1] == D31583 + own
    notes = SummaryWriter.notes(_Notes(result))  # type: ignore[arg-type]
    assert any(n.startswith("Helårsprognosen (exkl. Division Kirurgi, som inte har kommit in) visar") for n in notes)
    assert not any("inkomna divisioner" in n for n in notes)
    wb = without_kirurgi_report
    summary = {r[0]: r for r in wb["Sammanfattning"]}
    shown = "Nämnden totalt (exkl. Division Kirurgi; egen ram ingår inte i periodiserad budget och utfall)"
    assert summary[shown][1] == pytest.approx(float(frames))
    assert summary["Nämndens budgetram, alla divisioner och nämndens egen ram"][1:3] == (
        pytest.approx(-3161.8),
        None,
    )  # with the nämnd's -3,5
    ekonomi = [r[0] for r in wb["Ekonomi"]]
    assert f"{shown} per kontogrupp" in ekonomi


def test_several_missing_divisions_are_listed(plan, tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    period = PERIODS[0]
    for division in plan.divisions:
        if division.id in ("MED", "NV"):
            path = ws.inbox / Reporter(division).file_name(period.key)
            build_template(plan, division.id, period, path, demo_fill(plan, division.id, period))
    result = consolidate(plan, run_intake(ws, plan, period))
    assert result.economy_total.division == "Nämnden totalt (exkl. Hälso- och sjukvårdsdirektör, Division Kirurgi)"
    complete = result.economy_divisions
    assert [o.division for o in complete] == [d.name for d in plan.divisions]


class _Notes:
    """Just enough of a SummaryWriter to call its notes() on a consolidation."""

    def __init__(self, result: Consolidation) -> None:
        self.r = result


def test_measures_investments_and_summa_key_figures_never_mix_bases(without_kirurgi, without_kirurgi_report, plan):
    """Åtgärdsplan, investeringar and summa key figures: the total covers the same parts in every column."""
    _, result = without_kirurgi
    total = measure_total(result.measures)
    involved = tuple(m.id for m in plan.measures if "KIR" in m.divisions)
    assert involved and total.left_out == involved
    assert total.label == f"Summa (exkl. {', '.join(involved)}, ej rapporterade av alla divisioner)"
    complete = [m for m in result.measures if m.id not in involved]
    assert total.planned == sum((m.effects[YEAR] for m in plan.measures if m.id not in involved), Decimal(0))
    assert total.forecast == sum((m.forecast for m in complete), Decimal(0))
    assert total.forecast_deviation == total.forecast - total.planned
    assert total.planned_all == Decimal(51) == plan.savings_required[YEAR]
    assert all(m.forecast_deviation is None for m in result.measures if m.id in involved)
    investments = investment_total(result.investments)
    kirurgi = sum(i.amount_tkr for i in plan.investments if i.division == "KIR")
    assert (investments.label, investments.amount_all) == ("Summa (exkl. Division Kirurgi)", 47363)
    assert investments.amount == 47363 - kirurgi and kirurgi > 0
    wb = without_kirurgi_report
    plan_rows = {r[1]: r for r in wb["Åtgärdsplan"]}
    assert plan_rows[total.label][3] == pytest.approx(float(total.planned))
    assert plan_rows["Planerad effekt, alla åtgärder"][3:6] == (51, None, None)
    assert "Prognos mot besparingskrav" not in plan_rows  # the whole requirement against part of the forecast
    invest_rows = {r[1]: r for r in wb["Investeringar"]}
    assert invest_rows["Summa (exkl. Division Kirurgi)"][5] == 47363 - kirurgi
    assert invest_rows["Budget, alla investeringar"][5:8] == (47363, None, None)
    # a summa key figure: last year and the forecast over the divisions with an outcome, not more
    kf = replace(plan.key_figures[0], divisions=("MED", "KIR"), aggregation="sum")
    answers = [
        KeyFigureAnswer(outcome=Decimal(10), last_year=Decimal(8), forecast=Decimal(11)),
        KeyFigureAnswer(last_year=Decimal(5), forecast=Decimal(6)),
    ]
    combined, note = board_total(plan, kf, answers)
    assert (combined.outcome, combined.last_year, combined.forecast) == (Decimal(10), Decimal(8), Decimal(11))
    assert note == "summa exkl. Division Kirurgi"


def test_uppdrag_sheet_has_one_row_per_uppdrag_with_the_divisions_side_by_side(demo, demo_wb):
    result = demo[1]
    ws = demo_wb["Uppdrag"]
    header = [c.value for c in ws[4]]
    concerned = {a.division_id for a in result.assignments}
    names = [d.name for d in result.plan.divisions if d.id in concerned]
    assert header == ["Id", "Uppdrag", "Beslutad av", *names, "Kommentarer"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] and r[0].startswith("U")}
    assert list(rows) == list(dict.fromkeys(a.id for a in result.assignments))
    for a in result.assignments:  # each division's status in its own column, symbol and word
        assert rows[a.id][3 + names.index(a.division)] == assignment_label(a.status)
    u01 = [a for a in result.assignments if a.id == "U01"]
    assert {d.name for d in result.plan.divisions} - {a.division for a in u01}  # U01 leaves a division out
    left_out = [n for n in names if n not in {a.division for a in u01}]
    assert all(rows["U01"][3 + names.index(n)] == "Gäller ej" for n in left_out)  # a "–" alone is a zero amount
    assert rows["U01"][-1] == gathered_comments(u01)
    mixed = next(i for i in rows if len({a.comment for a in result.assignments if a.id == i and a.comment}) > 1)
    for a in (a for a in result.assignments if a.id == mixed and a.comment):
        line = next(line for line in rows[mixed][-1].split("\n") if line.endswith(a.comment))
        assert a.division in line.split(": ")[0]


def test_a_status_line_of_att_notera_ends_as_a_sentence_and_never_reads_dot_semicolon(demo, tmp_path):
    """Key figure names written as sentences ("… inom 3 månader.") gave "3 månader.; N07 …" and no final stop."""
    result = demo[1]
    rows = [replace(k, name=f"{k.name}.") if k.is_total else k for k in result.key_figures]
    report = write_report(replace(result, key_figures=rows), tmp_path)[0]
    notes = [r[0] for r in sheet_values(report, "Sammanfattning")["Sammanfattning"] if str(r[0]).startswith("• ")]
    statuses = [n for n in notes if n.startswith(("• Ej uppfyllt (", "• Delvis uppfyllt ("))]
    assert statuses and all(n.endswith((".", " …")) and ".;" not in n for n in statuses), statuses
