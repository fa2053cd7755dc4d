"""The målvärde each period was judged against, kept in history, and a summed key figure's trend.

A plan revised during the year (N02 "Minst 88 %" at T1, "Minst 90 %" from delår; N21 taken out): each
period's rows keep the målvärde they were judged against (migration 0006), so Tidsserier and the Word
draft name the change and the key figure the plan no longer has; rows stored before the migration have
none and are read past (against SQLite and PostgreSQL: ``history_db``). A key figure summed over the period
(antal besök) sets its trend against the same period of the year before, never against a report of another
length (M03's three months against T1's four)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from sqlalchemy import inspect
from sqlalchemy import text as sql

from helpers import fill, rows_of
from reporting.demo.plan import demo_plan
from reporting.demo.submissions import demo_fill, write_demo_submissions
from reporting.history import schema
from reporting.history.store import load_figures, open_history
from reporting.history.trends import trend
from reporting.plan.model import KeyFigure, PeriodDef, Plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.plan.targets import parse_target
from reporting.plan.write import write_plan
from reporting.template.spec import KEY_FIGURES
from reporting.template.write import generate_templates
from reporting.workflow import run_period
from reporting.workspace import Workspace
from suite32b_prepared import Prepared, copied_or_built, prepare

D = Decimal
BOTH_BACKENDS = pytest.mark.usefixtures("history_db")  # the målvärde column, stored and migrated, on each
T1, DELAR, HELAR = Period(2025, "T1"), Period(2025, "delar"), Period(2025, "helar")
CHANGED = "N02: målvärdet ändrades från Minst 88 % till Minst 90 % efter T1 2025."
REMOVED = "Nyckeltal som historiken har för 2025 men som planen inte längre har (visas inte): N21 (senast T1 2025)."


def revised(target: str = "Minst 90 %") -> Plan:
    """The demo plan after a mid-year revision: N02's målvärde ``target`` (was "Minst 88 %"), N21 removed."""
    plan = demo_plan()
    plan.key_figures = [
        replace(k, target_text=target, target=parse_target(target)) if k.id == "N02" else k
        for k in plan.key_figures
        if k.id != "N21"
    ]
    return plan


def run(ws: Workspace, plan: Plan, period: Period, report: bool = True) -> list[Path]:
    """The period's demo submissions made from ``plan`` (saved as the office saves it), run and stored; without
    ``report`` only stored (what no test reads is not written)."""
    plan = load_plan(write_plan(ws.plan, plan))
    shutil.rmtree(ws.inbox, ignore_errors=True)
    write_demo_submissions(plan, period, ws.inbox)
    return run_period(ws, plan, period, report=report, feedback=False).written


def tidsserier(report: Path) -> tuple[dict[str, tuple[Any, ...]], str]:
    """Tidsserier's key-figure rows by id, and the notes below the table joined into one text."""
    rows = rows_of(report, "Tidsserier")
    table = {r[0]: r for r in rows[4:] if r and r[0]}
    end = 4 + len(table)
    notes = []
    for r in rows[end:]:
        if len(r) < 2 or not r[1]:
            break
        notes.append(r[1])
    return table, " ".join(notes)


def word_paragraphs(draft: Path) -> list[str]:
    return [p.text for p in Document(str(draft)).paragraphs]


def stored_targets(root: Path, item: str = "N02") -> dict[str, set[str]]:
    """Period kind -> the målvärden stored with the key figure's rows (nämnd and divisions)."""
    engine = open_history(root)
    try:
        frame = load_figures(engine)
    finally:
        engine.dispose()
    rows = frame[(frame["kind"] == "nyckeltal") & (frame["item"] == item)]
    out: dict[str, set[str]] = {}
    for period, target in zip(rows["period"], rows["target"]):
        out.setdefault(period, set()).add(target)
    return out


def first_t1(ws: Workspace) -> list[Path]:
    return run(ws, demo_plan(), T1, report=False)


def t1_then_revised(ws: Workspace) -> list[Path]:
    """T1 run with the demo plan, delår with the revised one: the report and the Word draft of delår."""
    first_t1(ws)
    return run(ws, revised(), DELAR)


@pytest.fixture(scope="module")
def t1_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """The demo's T1 run once per module into a workspace with a SQLite history."""
    return prepare(tmp_path_factory, "t1", first_t1)


@pytest.fixture(scope="module")
def revision_sqlite(tmp_path_factory: pytest.TempPathFactory, t1_sqlite: Prepared) -> Prepared:
    """``t1_sqlite`` and then delår with the revised plan, once per module."""
    return prepare(tmp_path_factory, "revision", lambda ws: run(ws, revised(), DELAR), start=t1_sqlite.root)


@pytest.fixture
def after_t1(history_db: str | None, request: pytest.FixtureRequest) -> Callable[[Path], Workspace]:
    """``at(root)``: a workspace in ``root`` after the demo's T1 (a copy of the module's on SQLite)."""
    prepared = partial(request.getfixturevalue, "t1_sqlite")
    return lambda root: copied_or_built(root, history_db, prepared, first_t1)[0]


@pytest.fixture
def after_revision(tmp_path: Path, history_db: str | None, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    """(workspace in ``tmp_path``, delår's report, its Word draft) after ``t1_then_revised``."""
    prepared = partial(request.getfixturevalue, "revision_sqlite")
    ws, (report, draft) = copied_or_built(tmp_path, history_db, prepared, t1_then_revised)
    return ws, report, draft


@BOTH_BACKENDS
def test_each_period_keeps_its_målvärde_and_tidsserier_and_word_name_the_change(after_revision):
    ws, report, draft = after_revision
    assert stored_targets(ws.root) == {"T1": {"Minst 88 %"}, "delar": {"Minst 90 %"}}
    assert stored_targets(ws.root, "N21") == {"T1": {"Minst 55 %"}}  # kept, though the plan no longer has it

    table, notes = tidsserier(report)
    assert table["N02"][2:5] == ("Minst 90 %", 95.5, 80.9)  # T1's 95,5 was judged against Minst 88 % (Uppfyllt)
    assert "N21" not in table
    assert CHANGED in notes and REMOVED in notes
    assert "N04:" not in notes  # an unchanged målvärde is not named
    assert CHANGED in word_paragraphs(draft)


@BOTH_BACKENDS
def test_a_plan_revised_back_and_forth_names_each_change_and_nothing_when_unchanged(after_revision, after_t1):
    ws, _, _ = after_revision  # T1, then delår revised
    report, draft = run(ws, revised("Minst 88 %"), HELAR)  # back to the first målvärde at helår
    back = "N02: målvärdet ändrades från Minst 88 % till Minst 90 % efter T1 2025 och från Minst 90 % till Minst 88 % efter delår 2025."
    assert back in tidsserier(report)[1] and back in word_paragraphs(draft)

    other = after_t1(ws.root / "unchanged")
    report, draft = run(other, demo_plan(), DELAR)
    assert "målvärdet ändrades" not in tidsserier(report)[1] + " ".join(word_paragraphs(draft))


@BOTH_BACKENDS
def test_rows_stored_before_migration_0006_have_no_målvärde_and_are_read_past(tmp_path, after_t1):
    ws = after_t1(tmp_path)
    engine = open_history(ws.root)  # the history as version 0005 left it: no target column
    with engine.begin() as conn:
        conn.execute(sql("ALTER TABLE figures DROP COLUMN target"))
        conn.execute(sql(f"UPDATE {schema.VERSION_TABLE} SET version_num = '0005'"))
    engine.dispose()

    run(ws, demo_plan(), DELAR, report=False)  # migrated on opening; delår judged against Minst 88 % still
    engine = open_history(ws.root)
    with engine.connect() as conn:
        assert schema.current_version(conn) == schema.head()
        assert "target" in {c["name"] for c in inspect(conn).get_columns("figures")}
    engine.dispose()
    assert stored_targets(ws.root) == {"T1": {""}, "delar": {"Minst 88 %"}}

    report, _ = run(ws, revised(), HELAR)
    notes = tidsserier(report)[1]
    # T1's målvärde is unknown: the change is after delår, the last period known to have the old one
    assert "N02: målvärdet ändrades från Minst 88 % till Minst 90 % efter delår 2025." in notes
    assert "efter T1 2025" not in notes


# ------------------------------------------------------------------ a summed key figure's trend
VISITS = "N22"  # Antal besök, summed over MED and KIR: the period's months accumulated
M03, T1_2021 = Period(2021, "M03"), Period(2021, "T1")


def test_a_summed_count_is_set_against_the_same_period_of_the_year_before_not_a_shorter_one():
    """About 2 500 besök a month: M03 7 500 (three months), T1 10 000 (four). Set against M03, T1 would read
    as better though nothing changed; against T1 of the year before (10 400) it is worse."""
    target = parse_target("Minst 30 000")
    points = [(M03, D(7500)), (T1_2021, D(10000))]
    assert trend(points, target, T1_2021) == "↑ Bättre"  # the previous point: three months against four
    assert trend(points, target, T1_2021, same_span=True) == ""  # no T1 of 2020 stored, none reported
    assert trend(points, target, T1_2021, same_span=True, last_year=D(10400)) == "↓ Sämre"
    earlier = [(Period(2020, "T1"), D(9600)), (Period(2020, "helar"), D(29000)), *points]
    assert trend(earlier, target, T1_2021, same_span=True, last_year=D(10400)) == "↑ Bättre"  # the stored T1 first
    month = [(Period(2020, "T1"), D(9600)), (Period(2020, "M04"), D(9900)), (Period(2021, "M04"), D(9800))]
    assert trend(month, target, Period(2021, "M04"), same_span=True) == "↓ Sämre"  # M04 against M04, not T1


def visits_plan() -> Plan:
    """The demo plan in 2021 with a March report beside the tertials, and N22 antal besök (summa) in MED and KIR."""
    plan = demo_plan()
    plan.year = 2021
    plan.budget_frames = [replace(f, year=2021) for f in plan.budget_frames if f.year == 2025]
    tertials = [replace(p, deadline=p.deadline.replace(year=p.deadline.year - 4)) for p in plan.periods if p.deadline]
    plan.periods = [PeriodDef("M03", "Månadsrapport per mars", None), *tertials]
    text = "Minst 30 000"
    name, decided_by = "Antal besök i specialiserad vård", plan.key_figures[0].decided_by
    plan.key_figures.append(
        KeyFigure(VISITS, name, "HS", ("MED", "KIR"), "antal", text, parse_target(text), decided_by, "sum")
    )
    return plan


def run_visits(
    ws: Workspace, plan: Plan, period: Period, visits: dict[str, tuple[int, int]], report: bool = True
) -> list[Path]:
    """Each division's demo answers, N22 (outcome, same period last year) per division as given; the report (and
    Word draft) with ``report``."""
    shutil.rmtree(ws.inbox, ignore_errors=True)
    ws.inbox.mkdir()
    for path in generate_templates(plan, period, ws.templates):
        division = next(d for d in plan.divisions if path.name.endswith(f"{d.name}.xlsx"))
        edits = {
            (KEY_FIGURES.name, kf, column): value
            for kf, row in demo_fill(plan, division.id, period)[KEY_FIGURES.name].items()
            for column, value in row.items()
            if column in ("outcome", "last_year", "forecast", "denominator") and value is not None
        }
        if division.id in visits:
            outcome, last_year = visits[division.id]
            edits |= {
                (KEY_FIGURES.name, VISITS, "outcome"): outcome,
                (KEY_FIGURES.name, VISITS, "last_year"): last_year,
            }
        fill(path, edits, ws.inbox / path.name)
    return run_period(ws, plan, period, report=report, feedback=False).written


def test_tidsserier_sets_a_summed_count_at_t1_against_t1_of_the_year_before_not_against_m03(tmp_path):
    ws = Workspace(tmp_path)
    plan = load_plan(write_plan(ws.plan, visits_plan()))
    run_visits(ws, plan, M03, {"MED": (3000, 3100), "KIR": (4500, 4600)}, report=False)  # 7 500 in three months
    report = run_visits(ws, plan, T1_2021, {"MED": (4000, 4200), "KIR": (6000, 6200)})[0]  # 10 000; 10 400 in 2020
    table, notes = tidsserier(report)
    row = table[VISITS]
    assert row[3:6] == (7500, 10000, "↓ Sämre")  # Mars 2021, T1 2021, trend: 10 000 against 10 400, not 7 500
    assert notes == (  # not N20, summed too but "tim i snitt/mån (R12)": a monthly mean over twelve months
        "Trenden för N22, som summeras, jämförs med samma period året innan, inte med perioden före (som "
        "kan omfatta ett annat antal månader)."
    )
    assert table["N04"][3:6] == (68.08, 63.25, "↓ Sämre")  # a share: against the period before (Mars), as ever
