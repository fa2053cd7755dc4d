"""Robust running, history and output side: done-targets and nothing non-finite in history or outputs.

Each test reproduces a reported failure first (issue "Robust running", items 1 and 2).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select

from helpers import complete_edits, fill, sheet_values, value_at
from reporting.consolidate.consolidation import consolidate
from reporting.history.store import figures, load_figures, open_history, rows_of, store
from reporting.history.trends import series, view_for
from reporting.intake.run import run_intake
from reporting.output.report import write_report
from reporting.plan.periods import Period
from reporting.plan.targets import Direction, parse_target
from reporting.workspace import Workspace
from reporting.xlsx.write import Formats, new_workbook, write_value

D = Decimal
T1, DELAR = Period(2025, "T1"), Period(2025, "delar")
DONE = "Genomfört ja/nej"
EVIL = '=HYPERLINK("http://evil.example/x","klicka")'


def done_plan(plan):
    """The demo plan has no done-target; N19 (NV only) gets "Genomfört ja/nej" as in real plans."""
    key_figures = [
        replace(k, target_text=DONE, target=parse_target(DONE), unit="") if k.id == "N19" else k
        for k in plan.key_figures
    ]
    changed = replace(plan, key_figures=key_figures)
    assert [k.id for k in changed.key_figures if k.target.direction is Direction.DONE] == ["N19"]
    return changed


def run_period(root: Path, plan, make_template, period: Period, edits_for=None):
    """Fill MED and NV completely (with per-division changes), run intake and consolidate."""
    ws = Workspace(root)
    ws.inbox.mkdir(parents=True, exist_ok=True)
    for old in ws.inbox.glob("*.xlsx"):
        old.unlink()
    for division in ("MED", "NV"):
        edits = complete_edits(plan, division, period.year)
        if edits_for:
            edits.update(edits_for(division))
        name = f"{division}-{period.key}.xlsx"
        fill(make_template(division, period, name=f"t-{name}"), edits, ws.inbox / name)
    return ws, consolidate(plan, run_intake(ws, plan, period))


def rows_by_id(rows, key="N19"):
    return [list(row) for row in rows[4:] if row[0] == key]


# ---------------------------------------------------------------- 1. done-target answered Ja
def test_done_target_answered_ja_is_judged_stored_as_text_and_shown_as_ja(tmp_path, plan, make_template):
    plan = done_plan(plan)
    answers = {T1: ("Ja", "Ja"), DELAR: ("Nej", "Ja")}  # (outcome, forecast) of NV for N19
    engine = None
    for period, (outcome, forecast) in answers.items():

        def edits_for(division, outcome=outcome, forecast=forecast):
            if division != "NV":
                return {}
            return {("Nyckeltal", "N19", "outcome"): outcome, ("Nyckeltal", "N19", "forecast"): forecast}

        ws, result = run_period(tmp_path / "ws", plan, make_template, period, edits_for)
        total = next(k for k in result.key_figures if k.id == "N19" and k.is_total)
        assert total.outcome == outcome
        assert total.status == ("Uppfyllt" if outcome == "Ja" else "Ej uppfyllt")  # judged in consolidation
        engine = open_history(ws.root)
        store(engine, result)
        (path,) = write_report(result, ws.outbox, history=view_for(engine, result))
    assert engine is not None
    with engine.connect() as conn:
        stored = conn.execute(
            select(figures.c.period, figures.c.division, figures.c.metric, figures.c.value, figures.c.text).where(
                figures.c.item == "N19", figures.c.metric.in_(["outcome", "forecast"])
            )
        ).all()
    assert stored and all(value is None for _, _, _, value, _ in stored)  # never a number
    assert {(p, d, m): t for p, d, m, _, t in stored}[("delar", "", "outcome")] == "Nej"
    assert {(p, d, m): t for p, d, m, _, t in stored}[("T1", "NV", "forecast")] == "Ja"
    frame = load_figures(engine)
    assert series(frame, "N19") == []  # no numbers in a yes/no series
    book = sheet_values(path, "Nyckeltal", "Tidsserier")
    nyckeltal = rows_by_id(book["Nyckeltal"])
    assert [r[3] for r in nyckeltal] == ["Nej", "Nej"]  # the nämnd row first, then NV
    assert nyckeltal[1][1] == "Division nära vård"
    assert "Ej uppfyllt" in nyckeltal[0][6]
    tidsserier = rows_by_id(book["Tidsserier"])[0]
    header = list(book["Tidsserier"][3])
    assert tidsserier[header.index("T1 2025")] == "Ja"
    assert tidsserier[header.index("Delår 2025")] == "Nej"
    assert tidsserier[header.index("Föregående prognos")] == "Ja"
    assert tidsserier[header.index("Aktuell prognos")] == "Ja"
    assert tidsserier[header.index("Förändring")] is None
    from reporting.history.trends import stored_values

    values, _ = stored_values(frame, "N19")  # what `history show N19` lists ("inga lagrade värden" before)
    assert [(v.period.key, v.outcome, v.forecast) for v in values] == [
        ("2025-T1", "Ja", "Ja"),
        ("2025-delar", "Nej", "Ja"),
    ]


# ---------------------------------------------------------------- 2. nothing non-finite or absurd
@pytest.fixture
def period_result(tmp_path, plan, make_template):
    return run_period(tmp_path / "ws", plan, make_template, T1)


def test_non_finite_and_absurd_values_never_reach_history(period_result):
    ws, result = period_result
    bad = {"N01": D("NaN"), "N04": D("Infinity"), "N05": D("-1E+20"), "N10": D("sNaN")}
    result.key_figures = [
        replace(k, outcome=bad[k.id]) if k.id in bad and k.is_total else k for k in result.key_figures
    ]
    rows = rows_of(result)
    outcomes = {r["item"]: r for r in rows if r["division"] == "" and r["metric"] == "outcome"}
    assert not set(bad) & set(outcomes)  # skipped, neither as value nor as text
    assert outcomes["N12"]["value"] == "63"  # a finite figure beside them is stored as it was
    engine = open_history(ws.root)
    store(engine, result)
    stored = load_figures(engine)
    assert all(v is None or v.is_finite() for v in stored["value"])
    assert not {"NaN", "Infinity", "sNaN"} & {str(t) for t in stored["text"]}


def test_write_value_never_writes_a_non_finite_or_absurd_number(tmp_path):
    path = tmp_path / "values.xlsx"
    wb = new_workbook(str(path))
    fmt = Formats(wb)
    sheet = wb.add_worksheet("V")
    values = [D("NaN"), D("sNaN"), D("Infinity"), D("-Infinity"), float("nan"), float("inf"), D("1E+16"), 10**16]
    values += [D("12.5"), D("-999999999999999"), 3]
    for row, value in enumerate(values):
        write_value(sheet, row, 0, value, fmt.number)
    wb.close()
    cells = [row[0].value for row in load_workbook(path)["V"].iter_rows(min_row=1, max_row=len(values))]
    assert cells == [None] * 8 + [12.5, -999999999999999, 3]


def test_junk_rows_already_in_the_database_are_ignored(period_result):
    ws, result = period_result
    engine = open_history(ws.root)
    store(engine, result)
    good = len(load_figures(engine))
    junk = {"year": 2024, "period": "helar", "division": "", "unit": "", "kind": "nyckeltal", "stored_at": "x"}
    with engine.begin() as conn:
        conn.execute(
            insert(figures),
            [
                {**junk, "item": "N04", "metric": "outcome", "value": "NaN", "text": None},
                {**junk, "item": "N04", "metric": "forecast", "value": "Infinity", "text": None},
                {**junk, "item": "N14", "metric": "outcome", "value": "abc", "text": None},
                {**junk, "item": "N14", "metric": "forecast", "value": "1e400", "text": None},
                {**junk, "item": "N01", "metric": "outcome", "value": "-inf", "text": None},
                {**junk, "item": "N05", "metric": "outcome", "value": "1E+20", "text": None},
                {**junk, "period": "Q9", "item": "N10", "metric": "outcome", "value": "5", "text": None},
                {**junk, "item": "N12", "metric": "outcome", "value": "61,5", "text": None},
            ],
        )
    frame = load_figures(engine)
    assert len(frame) == good  # every junk row ignored
    assert all(isinstance(v, Decimal) and v.is_finite() for v in frame["value"] if v is not None)
    view = view_for(engine, result)
    assert Period(2024, "helar") not in view.periods()
    (path,) = write_report(result, ws.outbox, history=view)
    assert value_at(sheet_values(path, "Tidsserier")["Tidsserier"], "A1").startswith("Tidsserier")
