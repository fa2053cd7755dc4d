"""Frekvens per key figure: a figure not due in a period is not in the template, not flagged, not judged,
and the report says "Ej aktuell denna period"; centrally measured figures are never asked of a division."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import rows_of
from reporting.consolidate.keyfigures import goal_area_table, key_figure_table
from reporting.consolidate.labels import NOT_DUE, NOT_SUBMITTED, TOTAL
from reporting.demo.plan import demo_plan
from reporting.findings import Rule
from reporting.intake.checking import check_file
from reporting.plan.frequency import parse_frequency
from reporting.plan.model import KeyFigure, Plan
from reporting.plan.periods import Period, parse_period
from reporting.plan.read import check_plan, load_plan
from reporting.plan.write import write_plan
from reporting.template.write import build_template

T1 = Period(2025, "T1")


def _with(plan: Plan, frequencies: dict[str, str]) -> Plan:
    plan.key_figures = [replace(k, frequency=frequencies.get(k.id, k.frequency)) for k in plan.key_figures]
    return plan


@pytest.mark.parametrize(
    "word,due,not_due",
    [
        ("Årligen (okt)", ["2025-helar"], ["2025-M09", "2025-M11", "2025-T1", "2025-delar"]),
        ("Årligen (mar)", ["2025-T1"], ["2025-M04", "2025-delar", "2025-helar"]),
        ("Helår", ["2025-helar"], ["2025-T1", "2025-delar", "2025-M12"]),
        ("Delår", ["2025-delar", "2025-helar"], ["2025-T1", "2025-M08"]),
        ("Tertial", ["2025-T1", "2025-delar", "2025-helar"], ["2025-M04"]),
        ("Månad", ["2025-M01", "2025-T1", "2025-helar"], []),
        ("", ["2025-M01", "2025-T1", "2025-helar"], []),
        ("Treårsperiod", ["2025-helar"], ["2025-delar"]),
        ("Kvartalsvis", ["2025-M03", "2025-T1", "2025-M06", "2025-delar", "2025-M12", "2025-helar"], ["2025-M04"]),
        ("Centralt", [], ["2025-T1", "2025-helar", "2025-M03"]),
    ],
)
def test_due_in(word, due, not_due):
    """In a plan of tertial, delår and helår (its Perioder sheet)."""
    kf = replace(demo_plan().key_figures[0], frequency=parse_frequency(word) or "")
    listed = ("T1", "delar", "helar")
    assert [p for p in due if kf.due_in(parse_period(p), listed)] == due
    assert [p for p in not_due if kf.due_in(parse_period(p), listed)] == []
    assert kf.is_central is (word == "Centralt")


def test_once_a_year_is_the_named_months_report_when_the_plan_has_it():
    """Asked once a year: in the month's own report in a plan with months, never again at helår."""
    kf = replace(demo_plan().key_figures[0], frequency=parse_frequency("Årligen (okt)") or "")
    monthly = ("M03", "M10", "T1", "delar", "helar")
    assert [p for p in ("2025-M10", "2025-helar", "2025-M03") if kf.due_in(parse_period(p), monthly)] == ["2025-M10"]
    without_october = ("M03", "M11", "T1", "delar", "helar")  # no report per oktober: the helår covers it
    assert [p for p in ("2025-M11", "2025-helar") if kf.due_in(parse_period(p), without_october)] == ["2025-helar"]


def test_nämnd_only_figure_is_central():
    kf: KeyFigure = replace(demo_plan().key_figures[0], divisions=("Nämnd",))
    assert kf.is_central and not kf.due_in(T1)


def test_plan_reads_and_writes_frekvens_and_keeps_the_digest(tmp_path):
    plain = demo_plan()
    assert load_plan(write_plan(tmp_path / "a.xlsx", plain)).digest() == plain.digest()
    plan = _with(demo_plan(), {"N01": "arligen:10", "N02": "helar"})
    back = load_plan(write_plan(tmp_path / "b.xlsx", plan))
    assert [k.frequency for k in back.key_figures][:2] == ["arligen:10", "helar"]
    assert back.digest() != plain.digest()


def test_frekvens_column_is_written_only_when_used(tmp_path):
    plain = rows_of(write_plan(tmp_path / "a.xlsx", demo_plan()), "Nyckeltal")
    assert "Frekvens" not in plain[0]
    used = rows_of(write_plan(tmp_path / "b.xlsx", _with(demo_plan(), {"N01": "helar"})), "Nyckeltal")
    headers = list(used[0])
    assert headers[headers.index("Kolada-id") + 1] == "Frekvens"
    assert used[1][headers.index("Frekvens")] == "Helår"


def test_unknown_frekvens_is_a_plan_error_at_the_cell(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", _with(demo_plan(), {"N02": "helar"}))
    wb = load_workbook(path)
    ws = wb["Nyckeltal"]
    column = next(c.column_letter for c in ws[1] if c.value == "Frekvens")
    ws[f"{column}2"] = "Varannan vecka"
    wb.save(path)
    plan, findings = check_plan(path)
    assert plan is None
    [finding] = [f for f in findings if f.sheet == "Nyckeltal"]
    assert finding.cell == f"{column}2"
    assert finding.message == (
        'Okänd frekvens "Varannan vecka". Skriv Varje period, Månad, Kvartal, Tertial, Delår, Helår, Årligen (okt), '
        "Treårsperiod eller Centralt."
    )


def _ids(path: Path) -> list[str]:
    return [r[0] for r in rows_of(path, "Nyckeltal")[4:] if r[0]]


def test_template_asks_only_for_figures_due(tmp_path):
    plan = _with(demo_plan(), {"N01": "helar", "N04": "centralt"})
    med = [k.id for k in demo_plan().key_figures_for("MED")]  # a central figure is not the division's any more
    assert {"N01", "N04"} <= set(med)
    t1 = _ids(build_template(plan, "MED", T1, tmp_path / "t1.xlsx"))
    helar = _ids(build_template(plan, "MED", Period(2025, "helar"), tmp_path / "h.xlsx"))
    assert "N01" not in t1 and "N04" not in t1 and "N01" in helar and "N04" not in helar
    assert t1 == [k for k in med if k not in ("N01", "N04")]


def _n01_findings(plan: Plan, path: Path) -> list[str]:
    result = check_file(path, plan, T1)
    return [f.rule.value for f in result.findings if "N01" in f.message]


def test_a_helar_figure_left_blank_at_t1_gives_no_finding(tmp_path):
    every = demo_plan()
    assert "MED" in every.key_figures[0].divisions and every.key_figures[0].id == "N01"
    assert Rule.REQUIRED_MISSING.value in _n01_findings(every, build_template(every, "MED", T1, tmp_path / "a.xlsx"))
    yearly = _with(demo_plan(), {"N01": "helar"})
    assert _n01_findings(yearly, build_template(yearly, "MED", T1, tmp_path / "b.xlsx")) == []


def test_report_says_ej_aktuell_and_does_not_judge(tmp_path):
    plan = _with(demo_plan(), {"N01": "helar", "N04": "centralt"})
    rows = key_figure_table(plan, {}, T1)
    n01 = [r for r in rows if r.id == "N01"]
    assert [(r.division, r.status_label, r.outcome) for r in n01] == [(TOTAL, NOT_DUE, None)]
    assert NOT_DUE == "Ej aktuell denna period"
    assert not [r for r in rows if r.id == "N04"]  # centrally measured: never from the divisions
    helar = [r for r in key_figure_table(plan, {}, Period(2025, "helar")) if r.id == "N01"]
    assert {r.status_label for r in helar if not r.is_total} == {NOT_SUBMITTED}  # due at helår: asked for
    assert [r.status_label for r in helar if r.is_total] == ["? Underlag saknas"]
    area = next(a for a in goal_area_table(plan, rows) if a.goal_area == plan.key_figures[0].goal_area)
    assert area.total == len([r for r in rows if r.is_total and r.goal_area == area.goal_area]) - 1
