"""Monthly periods as plan data: Perioder lists seed 002's månadsrapporter, a month's template asks for
Nyckeltal, Ekonomi and Åtgärdsplan only, a period the plan does not list is refused, and the monthly report
sets each helårsprognos against the earlier stored prognos of the year (2021-M02, then 2021-M03)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import fill, rows_of, sheet_values, value_at
from reporting.consolidate.consolidation import consolidate
from reporting.demo.plan import demo_plan
from reporting.errors import InputError
from reporting.history.store import load_figures, open_history
from reporting.history.trends import HistoryView
from reporting.intake.run import run_intake
from reporting.plan.model import PeriodDef, Plan
from reporting.plan.periods import Period, parse_period
from reporting.plan.read import load_plan
from reporting.plan.write import write_plan
from reporting.template.write import generate_templates
from reporting.workflow import run_period
from reporting.workspace import Workspace
from suite32b_prepared import Prepared, copied_or_built, prepare

SEED_002_MONTHS = ["Januari", "Februari", "Mars", "Maj", "Juni", "Oktober", "November"]


def monthly_plan(tmp_path: Path) -> Plan:
    """The demo plan moved to 2021 with seed 002's månadsrapporter (and the tertial reports) on Perioder."""
    plan = demo_plan()
    plan.year = 2021
    plan.budget_frames = [replace(f, year=2021) for f in plan.budget_frames if f.year == 2025]
    months = [
        PeriodDef(parse_period(f"2021-{m.lower()}").kind, f"Månadsrapport per {m.lower()}", None)
        for m in SEED_002_MONTHS
    ]
    plan.periods = [
        *months,
        *(replace(p, deadline=p.deadline.replace(year=p.deadline.year - 4)) for p in plan.periods if p.deadline),
    ]
    plan.periods[0] = PeriodDef("M01", "Ekonomisk rapport", date(2021, 2, 12))
    path = write_plan(tmp_path / "plan.xlsx", plan)
    return load_plan(path)


@pytest.fixture
def monthly(tmp_path):
    return monthly_plan(tmp_path), Workspace(tmp_path)


def test_perioder_sheet_reads_every_month_spelling(tmp_path):
    plan = demo_plan()
    path = write_plan(tmp_path / "plan.xlsx", plan)
    wb = load_workbook(path)
    ws = wb["Perioder"]
    for row, word in enumerate(["Mars", "Månad 4", "M05", "2025-06", "Månadsrapport per juli"], start=ws.max_row + 1):
        ws.cell(row, 1, word)
    wb.save(path)
    kinds = [p.kind for p in load_plan(path).periods]
    assert kinds == ["T1", "delar", "helar", "M03", "M04", "M05", "M06", "M07"]


def test_a_month_template_has_economy_key_figures_and_measures_only(monthly, tmp_path):
    plan, ws = monthly
    assert [p.kind for p in plan.periods][:7] == ["M01", "M02", "M03", "M05", "M06", "M10", "M11"]
    [path, *_] = generate_templates(plan, Period(2021, "M03"), ws.templates, divisions=["MED"])
    wb = sheet_values(path)
    assert list(wb) == ["Instruktion", "Nyckeltal", "Ekonomi", "Åtgärdsplan", "_meta"]
    assert value_at(wb["Instruktion"], "A1") == "Månadsrapport per mars 2021 – Division Medicin"  # which month
    assert "Period: Januari–mars 2021" in value_at(wb["Instruktion"], "A2")
    assert "Nyckeltal, Ekonomi och Åtgärdsplan" in value_at(wb["Instruktion"], "A5")
    [first] = generate_templates(plan, Period(2021, "M01"), ws.templates, divisions=["MED"])
    assert value_at(rows_of(first, "Instruktion"), "A1") == "Ekonomisk rapport per januari 2021 – Division Medicin"


def test_a_period_the_plan_does_not_list_is_refused(monthly):
    plan, ws = monthly
    with pytest.raises(InputError) as caught:
        generate_templates(plan, Period(2021, "M04"), ws.templates)
    message = str(caught.value)
    assert message.startswith("perioden 2021-M04 finns inte i planens flik Perioder. Planen har: 2021-M01 (Ekonomisk")
    assert "2021-M03 (Månadsrapport per mars)" in message and "2021-T1" in message
    assert message.endswith("eller lägg till perioden på fliken Perioder.")  # a sentence, as every message
    ws.inbox.mkdir()
    with pytest.raises(InputError, match="2021-M04 finns inte"):
        run_period(ws, plan, Period(2021, "M04"), feedback=False)
    assert not ws.templates.exists() or not list(ws.templates.iterdir())


def test_a_year_the_plan_has_no_frames_for_is_refused_and_a_later_year_gets_its_own_deadline(tmp_path):
    plan = demo_plan()  # a 2025 plan: division frames for 2025-2027, the nämnd's 2024 frame for comparison only
    assert plan.years() == [2025, 2026, 2027] and any(f.year == 2024 for f in plan.budget_frames)
    for year in (2024, 2030):
        with pytest.raises(InputError) as caught:
            generate_templates(plan, Period(year, "T1"), tmp_path)
        assert str(caught.value).startswith(
            f"perioden {year}-T1 ligger utanför planen, som har divisionernas budgetramar för 2025–2027."
        ) and str(caught.value).endswith("lägg in ramarna för året i planen.")
    assert not list(tmp_path.iterdir())
    plan.periods = [PeriodDef("T1", "", date(2025, 5, 9)), PeriodDef("helar", "", date(2026, 2, 28))]
    assert plan.deadline(Period(2026, "T1")) == date(2026, 5, 9)  # the sheet gives 2025's: not last year's date
    assert plan.deadline(Period(2026, "helar")) == date(2027, 2, 28)  # a year-end report's deadline is the next year
    [path] = generate_templates(plan, Period(2026, "T1"), tmp_path, divisions=["MED"])
    assert "Sista dag: 2026-05-09." in str(rows_of(path, "Instruktion"))
    ws = Workspace(tmp_path / "ws")
    nothing_in = consolidate(plan, run_intake(ws, plan, Period(2026, "T1")))
    assert {s.deadline for s in nothing_in.submissions} == {"2026-05-09"}  # the Inlämningar sheet's Sista dag
    plan.periods = [PeriodDef("T1", "", date(2024, 2, 29))]
    plan.year = 2024
    assert plan.deadline(Period(2025, "T1")) == date(2025, 2, 28)  # 29 February in a year without one


def test_a_plan_without_periods_accepts_a_month(tmp_path):
    plan = demo_plan()
    plan.periods = []
    [path] = generate_templates(plan, Period(2025, "M09"), tmp_path, divisions=["MED"])
    assert path.name == "2025-M09 Division Medicin.xlsx"


def _submit(plan: Plan, ws: Workspace, period: Period, forecast_ek: float) -> None:
    """Every division's Ekonomi filled (EK's forecast as given); the inbox holds only this period's files."""
    shutil.rmtree(ws.inbox, ignore_errors=True)
    ws.inbox.mkdir()
    for path in generate_templates(plan, period, ws.templates):
        division = next(d.id for d in plan.divisions if path.name.endswith(f"{d.name}.xlsx"))
        frame = plan.frame(division, 2021)
        edits = {}
        for gid, amount in frame.amounts.items():
            edits[("Ekonomi", gid, "periodised")] = float(amount) * period.months / 12
            edits[("Ekonomi", gid, "actual")] = float(amount) * period.months / 12 + (1 if gid == "EI" else 0)
            edits[("Ekonomi", gid, "forecast")] = forecast_ek if gid == "EK" else float(amount)
        fill(path, edits, ws.inbox / path.name)


def _economy_rows(report: Path) -> tuple[list[str], dict[tuple[str, str], list[object]]]:
    sheet = rows_of(report, "Ekonomi")
    headers = list(sheet[3])
    rows = {}
    for row in sheet[4:]:
        if row[0] and row[1]:
            rows.setdefault((row[0], row[1]), list(row))
    return headers, rows


def _first_month(ws: Workspace) -> list[Path]:
    """The monthly plan saved in ``ws``, M02 submitted (EK's forecast −1 000) and run: its report and draft."""
    plan = monthly_plan(ws.root)
    _submit(plan, ws, Period(2021, "M02"), -1000.0)
    return run_period(ws, plan, Period(2021, "M02"), feedback=False).written


@pytest.fixture(scope="module")
def first_month_ran(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """``_first_month`` once per module: the tests that start from it take a copy (``after_m02``)."""
    return prepare(tmp_path_factory, "first-month", _first_month)


@pytest.fixture
def after_m02(tmp_path: Path, first_month_ran: Prepared) -> tuple[Plan, Workspace, list[Path]]:
    """(the monthly plan, a workspace in ``tmp_path`` after ``_first_month``, M02's report and draft)."""
    ws, written = copied_or_built(tmp_path, None, lambda: first_month_ran, _first_month)
    return load_plan(ws.plan), ws, written


def test_the_change_since_the_previous_forecast_names_whom_its_total_leaves_out(after_m02):
    """QA34h #6: the change is the total's without the division not in; the line says so, as the one above it."""
    plan, ws, _ = after_m02
    _submit(plan, ws, Period(2021, "M03"), -1012.5)
    left_out = plan.divisions[-1].name
    (missing,) = [p for p in ws.inbox.iterdir() if p.name.endswith(f"{left_out}.xlsx")]
    missing.unlink()
    second = run_period(ws, plan, Period(2021, "M03"), feedback=False)
    notes = [v for row in rows_of(second.written[0], "Sammanfattning") for v in row[:1] if str(v).startswith("• ")]
    changed = [n for n in notes if "sedan föregående prognos" in n]
    assert changed == [
        f"• Helårsprognosen (exkl. {left_out}) har försämrats med 37,5 mkr sedan föregående prognos; se fliken "
        "Tidsserier."
    ]


def test_monthly_report_compares_the_forecast_with_the_earlier_one(after_m02, tmp_path):
    plan, ws, first = after_m02
    headers, rows = _economy_rows(first[0])
    assert first[0].name == "2021-M02 Månadsrapport Hälso- och sjukvårdsnämnden.xlsx"
    assert headers[9:12] == ["Föregående prognos", "Förändring", "Kommentar"]
    assert rows[("Division Medicin", "Externa kostnader")][9:11] == ["ingen tidigare prognos", None]

    _submit(plan, ws, Period(2021, "M03"), -1012.5)
    second = run_period(ws, plan, Period(2021, "M03"), feedback=False)
    headers, rows = _economy_rows(second.written[0])
    medicine_ek = rows[("Division Medicin", "Externa kostnader")]
    notes = [v for row in rows_of(second.written[0], "Sammanfattning") for v in row[:1] if str(v).startswith("• ")]
    assert len(plan.divisions) == 4  # each division's forecast of Externa kostnader 12,5 mkr worse than in M02
    assert "• Helårsprognosen har försämrats med 50,0 mkr sedan föregående prognos; se fliken Tidsserier." in notes
    from docx import Document

    (draft,) = [p for p in second.written if p.suffix == ".docx"]  # the draft has no sheets: its own section
    said = "Helårsprognosen har försämrats med 50,0 mkr sedan föregående prognos; se avsnittet Helårsprognos"
    assert f"{said} jämfört med föregående prognos." in [par.text for par in Document(str(draft)).paragraphs]
    frame = plan.frame("MED", 2021)
    assert Decimal(str(medicine_ek[2])) == frame.amounts["EK"]  # budget helår
    assert Decimal(str(medicine_ek[3])) == (frame.amounts["EK"] * 3 / 12).quantize(Decimal("0.001"))  # periodised
    assert medicine_ek[7] == -1012.5 and medicine_ek[9] == -1000 and medicine_ek[10] == -12.5
    medicine_ei = rows[("Division Medicin", "Externa intäkter")]
    assert medicine_ei[5] == 1  # utfall against periodised budget: one mkr over
    assert medicine_ei[9] == float(frame.amounts["EI"]) and medicine_ei[10] == 0
    assert second.consolidation.assignments == []  # uppdrag are not followed up per month: the sheet says so
    assert rows_of(second.written[0], "Uppdrag")[3:] == [
        ("Id", "Uppdrag", "Beslutad av", "Kommentarer"),
        ("Uppdragen följs upp i tertial-, delårs- och årsrapporterna, inte per månad.", None, None, None),
    ]
    assert second.consolidation.internal_control == [] and second.consolidation.investments == []
    from reporting.output.feedback import write_feedback

    feedback = write_feedback(second.consolidation, tmp_path / "återkoppling", None)[1]
    assert value_at(rows_of(feedback, "Återkoppling"), "A1").startswith("Återkoppling månadsrapport per mars 2021 – ")
    engine = open_history(ws.root)
    try:
        stored = HistoryView(load_figures(engine)).periods()
    finally:
        engine.dispose()
    assert stored == [Period(2021, "M02"), Period(2021, "M03")]
    assert sorted([Period(2021, "T1"), Period(2021, "M04"), Period(2021, "M03")]) == [
        Period(2021, "M03"),
        Period(2021, "M04"),
        Period(2021, "T1"),
    ]


def test_a_period_reads_as_the_namnd_says_it_not_as_its_key():
    """Tidsserier's columns and the forecast notes showed the tool's keys ("2026-delar", "2021-M03")."""
    from reporting.plan.periods import Period

    periods = [Period(2025, "M03"), Period(2025, "T1"), Period(2025, "delar"), Period(2025, "helar")]
    assert [p.short_label for p in periods] == ["Mars 2025", "T1 2025", "Delår 2025", "Helår 2025"]
    assert [p.in_text for p in periods] == ["mars 2025", "T1 2025", "delår 2025", "helår 2025"]


def test_a_group_split_out_since_the_previous_forecast_keeps_the_change_column_adding_up(after_m02):
    """After M02, Köpt vård (KV) is split out of Externa kostnader: KV had no earlier forecast and its change was
    empty while Netto's counted its deviation. Its deviation is now its change, so the groups add up to Netto."""
    plan, ws, _ = after_m02
    ek = next(g for g in plan.account_groups if g.id == "EK")
    plan.account_groups.insert(plan.account_groups.index(ek) + 1, replace(ek, id="KV", name="Köpt vård"))
    for frame in plan.budget_frames:
        part = (frame.amounts["EK"] * Decimal("0.4")).quantize(Decimal("0.1"))
        frame.amounts.update({"EK": frame.amounts["EK"] - part, "KV": part})
    _submit(plan, ws, Period(2021, "M03"), -700.0)  # EK's forecast; KV's is its budget, as every other group's
    report = run_period(ws, plan, Period(2021, "M03"), feedback=False).written[0]
    headers, rows = _economy_rows(report)
    assert headers[10] == "Förändring mot budget"  # EK's budget moved into KV
    medicine = {group: row for (division, group), row in rows.items() if division == "Division Medicin"}
    kv = medicine["Köpt vård"]
    assert kv[9] == "ny kontogrupp" and kv[10] == 0  # at its budget: no deviation, no change
    groups = [row[10] for group, row in medicine.items() if not group.startswith(("Summa", "Netto"))]
    assert sum(Decimal(str(v)) for v in groups) == Decimal(str(medicine["Netto"][10])) != 0
    notes = [str(row[0]) for row in rows_of(report, "Ekonomi") if str(row[0]).startswith("Ny kontogrupp")]
    assert notes == [
        "Ny kontogrupp sedan föregående prognos: Köpt vård (Hälso- och sjukvårdsdirektör, Division Medicin, "
        "Division Kirurgi och Division nära vård)."
    ]


def test_the_first_months_draft_says_there_is_no_earlier_forecast_to_compare_with(after_m02):
    import docx

    _, _, written = after_m02
    draft = next(p for p in written if p.suffix == ".docx")
    texts = [p.text for p in docx.Document(str(draft)).paragraphs]
    heading = texts.index("Helårsprognos jämfört med föregående prognos")
    assert texts[heading + 1] == "Ingen tidigare prognos för 2021 finns sparad att jämföra med."


def _submit_with(plan: Plan, ws: Workspace, period: Period, ek: str = "EK", blank: tuple[str, str] | None = None):
    """Every division's Ekonomi at its budget, ``ek``'s forecast 5 worse; ``blank`` (division, group) left unfilled."""
    shutil.rmtree(ws.inbox, ignore_errors=True)
    ws.inbox.mkdir()
    for path in generate_templates(plan, period, ws.templates):
        division = next(d.id for d in plan.divisions if path.name.endswith(f"{d.name}.xlsx"))
        edits = {}
        for gid, amount in plan.frame(division, 2021).amounts.items():
            edits[("Ekonomi", gid, "periodised")] = edits[("Ekonomi", gid, "actual")] = (
                float(amount) * period.months / 12
            )
            if (division, gid) != blank:
                edits[("Ekonomi", gid, "forecast")] = float(amount) - 5 if gid == ek else float(amount)
        fill(path, edits, ws.inbox / path.name)


def _medicine(report: Path) -> dict[str, list[object]]:
    return {group: row for (division, group), row in _economy_rows(report)[1].items() if division == "Division Medicin"}


def test_a_forecast_left_blank_before_is_no_new_group_and_netto_never_is(monthly):
    """M02: Medicin left Externa kostnader's forecast blank (so neither it nor Netto was stored as a forecast)."""
    plan, ws = monthly
    _submit_with(plan, ws, Period(2021, "M02"), blank=("MED", "EK"))
    run_period(ws, plan, Period(2021, "M02"), feedback=False, report=False)
    _submit_with(plan, ws, Period(2021, "M03"))
    medicine = _medicine(run_period(ws, plan, Period(2021, "M03"), feedback=False).written[0])
    assert medicine["Externa kostnader"][9:11] == ["ingen tidigare prognos", None]
    assert medicine["Netto"][9:11] == ["ingen tidigare prognos", None]


def test_a_group_given_a_new_id_under_its_name_keeps_its_previous_forecast_and_a_merged_one_is_named(monthly):
    """After M02 Externa kostnader's id changes (EK -> EX), same name and budget: the same group, the column adds
    up. Then Avskrivningar is merged into it: gone, and its deviation then is named below the table."""
    plan, ws = monthly
    _submit_with(plan, ws, Period(2021, "M02"))
    run_period(ws, plan, Period(2021, "M02"), feedback=False, report=False)
    plan.account_groups = [replace(g, id="EX") if g.id == "EK" else g for g in plan.account_groups]
    for frame in plan.budget_frames:
        frame.amounts["EX"] = frame.amounts.pop("EK")
    _submit_with(plan, ws, Period(2021, "M03"), ek="EX")
    medicine = _medicine(run_period(ws, plan, Period(2021, "M03"), feedback=False).written[0])
    assert medicine["Externa kostnader"][9:11] == [float(plan.frame("MED", 2021).amounts["EX"]) - 5, 0]
    plan.account_groups = [g for g in plan.account_groups if g.id != "AV"]
    for frame in plan.budget_frames:
        frame.amounts["EX"] += frame.amounts.pop("AV")
    _submit_with(plan, ws, Period(2021, "M05"), ek="EX")
    report = run_period(ws, plan, Period(2021, "M05"), feedback=False).written[0]
    assert "Avskrivningar" not in _medicine(report)
    note = " ".join(str(r[0]) for r in rows_of(report, "Ekonomi") if str(r[0]).startswith(("Fanns", "Avskrivningar")))
    assert "Fanns vid föregående prognos men inte nu: Avskrivningar (Hälso- och sjukvårdsdirektör" in note
