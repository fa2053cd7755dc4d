"""The history's words as enums store exactly the words histories hold, and read back what a newer version wrote.

The members' values are the stored text: a new history, its CSV export and an old history stay byte-identical.
Reading converts at the boundary: a known word becomes its member, an unknown one (a newer version's kind or
metric) stays the text it is, kept in the export and asked for by no query, as before.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from reporting.history.export import csv_rows
from reporting.history.store import MONEY_METRICS, figures, load_figures, open_history, rows_of, store
from reporting.history.trends import Figures, series
from reporting.history.words import Metric, RowKind, stored_kind, stored_metric
from reporting.plan.periods import Period
from reporting.template.economy_sums import SUMMED

T1 = Period(2025, "T1")
# The words every history written so far holds: never to be changed (an old history would lose its rows).
KINDS = {
    "KEY_FIGURE": "nyckeltal",
    "ECONOMY": "ekonomi",
    "MEASURE": "atgard",
    "FINANCIAL_GOAL": "finansmal",
    "ASSIGNMENT": "uppdrag",
    "INVESTMENT": "investering",
    "MEASURE_SHARE": "atgardsbidrag",
}
METRICS = {
    "OUTCOME": "outcome",
    "LAST_YEAR": "last_year",
    "FORECAST": "forecast",
    "DENOMINATOR": "denominator",
    "STATUS": "status",
    "BUDGET": "budget",
    "PERIODISED": "periodised",
    "ACTUAL": "actual",
    "PLANNED": "planned",
    "ACHIEVED": "achieved",
    "SPENT": "spent",
}
# What the demo's T1 stored before the words were declared (its key figures, economy and measures), and since
# (each division's own upparbetat, status and uppnådd effekt: test_fall35_stored)
DEMO_PAIRS = [
    ("atgard", "achieved"),
    ("atgard", "forecast"),
    ("atgard", "planned"),
    ("atgardsbidrag", "achieved"),
    ("ekonomi", "actual"),
    ("ekonomi", "budget"),
    ("ekonomi", "forecast"),
    ("ekonomi", "periodised"),
    ("investering", "spent"),
    ("investering", "status"),
    ("nyckeltal", "denominator"),
    ("nyckeltal", "forecast"),
    ("nyckeltal", "last_year"),
    ("nyckeltal", "outcome"),
    ("nyckeltal", "status"),
]


def test_the_members_are_the_stored_words():
    assert {k.name: k.value for k in RowKind} == KINDS
    assert {m.name: m.value for m in Metric} == METRICS
    assert MONEY_METRICS == tuple(SUMMED) == ("budget", "periodised", "actual", "forecast")
    assert all(type(m) is Metric for m in MONEY_METRICS)  # the Ekonomi sheet's columns, each a declared metric


def test_a_periods_rows_hold_the_words_as_plain_text(demo_t1):
    """What goes to the database is the text itself (a driver could adapt an enum by its member's name)."""
    _, result = demo_t1()
    rows = rows_of(result)
    assert sorted({(r["kind"], r["metric"]) for r in rows}) == DEMO_PAIRS
    assert {type(r["kind"]) for r in rows} == {str} == {type(r["metric"]) for r in rows}
    assert len(rows) == 295 + 34 + 13  # and each division's own: 17 objects' upparbetat and status, 13 effects


def test_an_unknown_word_is_read_as_its_text():
    assert stored_kind("ekonomi") is RowKind.ECONOMY and stored_metric("budget") is Metric.BUDGET
    assert type(stored_kind("prognosmal")) is str and stored_kind("prognosmal") == "prognosmal"
    assert type(stored_metric("median")) is str and stored_metric("median") == "median"


@pytest.mark.usefixtures("history_db")
def test_stored_words_read_back_as_members_and_a_newer_versions_as_text(tmp_path, demo_t1):
    _, result = demo_t1()
    engine = open_history(tmp_path)
    try:
        store(engine, result)
        newer = {
            **dict.fromkeys(("board", "division", "unit", "left_out", "target", "name"), ""),
            **{"board": result.plan.board_key, "year": 2025, "period": "T1", "stored_at": "2026-12-07T00:00:00"},
            **{"kind": "prognosmal", "item": "X1", "metric": "median", "value": "5", "text": None},
        }
        with engine.begin() as conn:
            conn.execute(insert(figures), [newer])
            stored = set(conn.execute(select(figures.c.kind, figures.c.metric).distinct()).all())
        frame = load_figures(engine)
    finally:
        engine.dispose()
    assert stored == {tuple(pair) for pair in DEMO_PAIRS} | {("prognosmal", "median")}  # plain text in the table
    known = frame[frame["kind"] != "prognosmal"]
    assert {type(k) for k in known["kind"]} == {RowKind} and {type(m) for m in known["metric"]} == {Metric}
    unknown = frame[frame["kind"] == "prognosmal"]
    assert [(type(k), k, type(m), m) for k, m in zip(unknown["kind"], unknown["metric"])] == [
        (str, "prognosmal", str, "median")
    ]
    index = Figures(frame)  # builds with the unknown row, which no query of this version asks for
    assert index.points[("prognosmal", "X1", "", "median")] == [(T1, Decimal(5))]
    whole = known[(known["kind"] == "nyckeltal") & (known["metric"] == "outcome") & (known["left_out"] == "")]
    item, division, value = next((i, d, v) for i, d, v in zip(whole["item"], whole["division"], whole["value"]) if v)
    assert series(index, item, division) == [(T1, value)]  # the known words are asked for as before
    text = io.StringIO()
    csv_rows(frame, text)
    exported = list(csv.DictReader(io.StringIO(text.getvalue())))
    assert {(r["kind"], r["metric"]) for r in exported} == {tuple(p) for p in DEMO_PAIRS} | {("prognosmal", "median")}
    assert next(r for r in exported if r["kind"] == "prognosmal")["value"] == "5"


def test_the_words_load_without_the_database_layer():
    """The CLI may name a word at once (``reporting --help`` loads no pipeline: test_architecture)."""
    import subprocess
    import sys

    code = "import sys, reporting.history.words; print([m for m in ('pandas', 'sqlalchemy') if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
