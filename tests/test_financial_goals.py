"""Financial goals followed up like key figures: Mål ÅÅÅÅ and a target year, values from Centrala värden,
judged by the key figures' rule, shown on the report's own sheet and stored in history."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from helpers import rows_of, sheet_values
from plan_shapes import T1, run, stored_figures, written
from reporting.demo.plan import demo_plan
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.digest import _without_new_defaults
from reporting.plan.judge import judge
from reporting.plan.model import FinancialGoal
from reporting.plan.periods import Period
from reporting.plan.targets import Status, parse_target
from reporting.template.central import CENTRAL_FILE, CENTRAL_SHEET, write_central

D = Decimal


def goal(goal_id: str, name: str, text: str, targets: dict[int, str] | None = None) -> FinancialGoal:
    target = parse_target(text)
    per_year = {year: parse_target(t) for year, t in (targets or {}).items()}
    return FinancialGoal(goal_id, name, "Regionfullmäktige", text, target, "", per_year)


def plan_with_goals():
    """Seed 000's two goals (Leverantörstrohet with targets per year) and seed 003's two."""
    plan = demo_plan()
    plan.financial_goals = [
        plan.financial_goals[0],  # Bruttokostnadsutveckling -22,4 %, Riktning Högst
        goal("F2", "Leverantörstrohet", "95 %", {2025: "95 %", 2026: "96 %", 2027: "97 %"}),
        goal("F3", "Primärvårdens andel av ramen", "Minst 10 %"),
        goal("F4", "Ekonomi i balans", "Minst 0 mkr senast 2027"),
    ]
    return plan


def test_year_targets_and_target_year_survive_plan_xlsx(tmp_path):
    plan = written(plan_with_goals(), tmp_path)
    goals = {g.id: g for g in plan.financial_goals}
    assert {year: t.value for year, t in goals["F2"].targets.items()} == {2025: D(95), 2026: D(96), 2027: D(97)}
    assert goals["F2"].target_for(2026).text == "96 %"
    assert goals["F4"].target.target_year == 2027 and goals["F4"].target.value == 0
    assert goals["F1"].target.value == D("-22.4") and goals["F1"].direction_override == "Högst"
    headers = list(rows_of(tmp_path / "plan.xlsx", "Finansiella mål")[0])
    assert headers[-3:] == ["Mål 2025", "Mål 2026", "Mål 2027"]


def test_a_plan_without_year_targets_keeps_its_digest():
    """Unused new fields stay out of the digest (templates made before them are not "plan changed")."""
    plan = demo_plan()
    content = _without_new_defaults(asdict(plan))
    assert {tuple(sorted(g)) for g in content["financial_goals"]} == {
        (
            "decided_by",
            "direction_override",
            "id",
            "name",
            "target",
            "target_text",
        )
    }
    assert {tuple(sorted(a)) for a in content["goal_areas"]} == {("id", "name")}
    changed = demo_plan()
    changed.financial_goals[1] = goal("F2", "Leverantörstrohet", "95 %", {2026: "96 %"})
    assert changed.digest() != plan.digest()


@pytest.mark.parametrize(
    "year,value,expected",
    [
        (2025, D(-345), Status.PARTLY),  # a deficit before 2027: on the way
        (2027, D(-95), Status.NOT_MET),  # in the target year it is judged
        (2027, D(0), Status.MET),
    ],
)
def test_target_year_is_judged_like_a_key_figure(year, value, expected):
    assert judge(goal("F4", "Ekonomi i balans", "Minst 0 mkr senast 2027"), year, value, None, D(5)) is expected


def test_year_target_picks_the_period_year():
    leverantor = goal("F2", "Leverantörstrohet", "95 %", {2026: "96 %"})
    assert judge(leverantor, 2025, D("95.5"), None, D(5)) is Status.MET
    assert judge(leverantor, 2026, D("95.5"), None, D(5)) is Status.PARTLY


def fill_central(path, values: dict[tuple[str, str], object]) -> None:
    """Type values into Centrala värden.xlsx like the economy office: (id, column letter) -> value."""
    wb = load_workbook(path)
    ws = wb[CENTRAL_SHEET]
    for row in ws.iter_rows(min_row=2):
        for (item_id, column), value in values.items():
            if row[0].value == item_id and row[2].value == T1.key:
                ws[f"{column}{row[0].row}"] = value
    wb.save(path)


@pytest.fixture(scope="module")
def followed_up(tmp_path_factory):
    """Run once for the module: one test writes the report and draft, the other the history; neither reads
    what the other writes."""
    root = tmp_path_factory.mktemp("followed-up") / "ws"
    plan = written(plan_with_goals(), root)
    path, added = write_central(root, plan, T1)
    assert added == 4 and path.name == CENTRAL_FILE
    fill_central(
        path,
        {
            ("F1", "D"): -25,
            ("F2", "D"): "93,5",  # typed as Swedish text
            ("F2", "F"): "Avtalstrohet sjunker inom IT.",
            ("F4", "D"): -345,
        },
    )
    return plan, run(plan, root, {"MED": {}}), root


def test_goals_are_judged_and_shown_on_their_own_sheet(followed_up):
    _, result, root = followed_up
    rows = {g.id: (g.target, g.outcome, g.status_label) for g in result.financial_goals}
    assert rows == {
        "F1": ("-22,4 %", D(-25), "✔ Uppfyllt"),
        "F2": ("95 %", D("93.5"), "◐ Delvis uppfyllt"),  # within 5 % of the target
        "F3": ("Minst 10 %", None, "Ej rapporterad"),
        "F4": ("Minst 0 mkr senast 2027", D(-345), "◐ Delvis uppfyllt"),  # before its target year
    }
    wb = sheet_values(write_report(result, root / "outbox")[0], "Finansiella mål", "Sammanfattning")
    table = {row[0]: list(row) for row in wb["Finansiella mål"][4:] if row[0] in rows}
    assert table["F2"][:7] == [
        "F2",
        "Leverantörstrohet",
        "Regionfullmäktige",
        "95 %",
        93.5,
        "◐ Delvis uppfyllt",
        "Avtalstrohet sjunker inom IT.",
    ]
    assert table["F2"][7].startswith(f"{CENTRAL_FILE} D")
    assert table["F3"][5] == "Ej rapporterad"
    sheet = load_workbook(root / "outbox" / next(p.name for p in (root / "outbox").glob("*.xlsx")))["Finansiella mål"]
    shown = {row[0].value: row[4].number_format.split(";")[0] for row in sheet.iter_rows(min_row=5) if row[0].value}
    assert shown["F4"] == "#,##0.0" and shown["F2"] == "#,##0.0#"  # mkr as the plan's amounts; a percent as before
    assert [g.unit for g in result.financial_goals] == ["%", "%", "%", "mkr"]
    assert wb.names.index("Finansiella mål") == wb.names.index("Nyckeltal") + 1
    notes = [row[0] for row in wb["Sammanfattning"] if isinstance(row[0], str) and row[0].startswith("• Delvis")]
    assert notes == ["• Delvis uppfyllt (2 finansiella mål): F2 Leverantörstrohet; F4 Ekonomi i balans."]  # MED met all
    doc = Document(str(write_word(result, root / "outbox")))
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Finansiellt mål")
    assert [c.text for c in table.rows[2].cells] == [
        "F2",
        "Leverantörstrohet",
        "95 %",
        "93,5",
        "◐ Delvis uppfyllt",
        "Avtalstrohet sjunker inom IT.",
    ]


def test_goals_are_stored_in_history(followed_up):
    _, result, root = followed_up
    figures = stored_figures(root, result)
    goals = figures[figures["kind"] == "finansmal"]
    stored = {(r.item, r.metric): (r.value, r.text) for r in goals.itertuples()}
    assert stored == {
        ("F1", "outcome"): (D(-25), None),
        ("F1", "status"): (None, "Uppfyllt"),
        ("F2", "outcome"): (D("93.5"), None),
        ("F2", "status"): (None, "Delvis uppfyllt"),
        ("F4", "outcome"): (D(-345), None),
        ("F4", "status"): (None, "Delvis uppfyllt"),
    }
    assert set(goals["division"]) == {""} and set(goals["period"]) == {"T1"}


def test_no_file_means_not_reported(tmp_path):
    plan = written(plan_with_goals(), tmp_path / "ws")
    result = run(plan, tmp_path / "ws", {"MED": {}}, Period(2025, "T1"))
    assert {g.status_label for g in result.financial_goals} == {"Ej rapporterad"}
