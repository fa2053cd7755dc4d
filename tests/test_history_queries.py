"""History reads for a report: a fixed number of SQL statements whatever the number of key figures,
and the indexed lookups give exactly what filtering the stored frame gives."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from types import SimpleNamespace

import pandas as pd
import pytest
from sqlalchemy import event

from reporting.history.kolada import import_kolada, kolada_latest, kolada_latest_many
from reporting.history.store import open_history
from reporting.history.trends import (
    Figures,
    answers,
    previous_answer,
    previous_forecast,
    riket_values,
    series,
    view_for,
)
from reporting.plan.periods import Period

D = Decimal
pytestmark = pytest.mark.usefixtures("history_db")  # against SQLite and PostgreSQL


def _kpi_rows(n: int) -> list[dict]:
    """KPI U00..: 2026 and 2025 values, with a gap (None in 2026: 2025 counts), a real 0, and one only in 2024."""
    rows = []
    for k in range(n):
        values = {2026: None if k % 3 == 0 else k + 0.5, 2025: 0 if k % 5 == 0 else k}
        if k % 7 == 6:
            values = {2024: k}  # two years back: none within the default one year
        for year, value in values.items():
            rows.append(
                {
                    "kpi": f"U{k:02d}",
                    "municipality": "0000",
                    "period": year,
                    "values": [{"gender": "T", "value": value}],
                }
            )
        rows.append(
            {"kpi": f"U{k:02d}", "municipality": "2361", "period": 2026, "values": [{"gender": "T", "value": 99}]}
        )
        rows.append(
            {"kpi": f"U{k:02d}", "municipality": "0000", "period": 2026, "values": [{"gender": "K", "value": 98}]}
        )
    return rows


@pytest.fixture
def engine(tmp_path):
    engine = open_history(tmp_path)
    path = tmp_path / "kolada.json"
    path.write_text(json.dumps({"values": _kpi_rows(40)}), encoding="utf-8")
    import_kolada(engine, path)
    yield engine
    engine.dispose()


def _result(key_figures: int) -> SimpleNamespace:
    figures = [SimpleNamespace(id=f"N{k:02d}", kolada_id=f"U{k:02d}") for k in range(key_figures)]
    figures.append(SimpleNamespace(id="N99", kolada_id=""))  # no Kolada-id: not looked up
    plan = SimpleNamespace(key_figures=figures, board_key="", amount_unit="mkr")  # what a view reads of a Plan
    return SimpleNamespace(plan=plan, period=Period(2026, "delar"))


def _statements(engine, call) -> list[str]:
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731  (conn, cursor, statement, ...)
    event.listen(engine, "before_cursor_execute", listener)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return seen


def _tables_read(statements: list[str]) -> list[str]:
    """The table each SELECT reads from, in order."""
    return [re.search(r"FROM (\w+)", s).group(1) for s in statements if s.lstrip().startswith("SELECT")]


def test_a_view_reads_with_the_same_statements_for_two_or_forty_key_figures(engine):
    few = _statements(engine, lambda: view_for(engine, _result(2)))
    many = _statements(engine, lambda: view_for(engine, _result(40)))
    assert len(few) == len(many)  # SQLite adds a BEGIN per connection, PostgreSQL none
    # the id the nämnd is stored under (rename-board's moves), its figures, riket's values of every Kolada-id
    assert _tables_read(many) == ["board_renames", "figures", "kolada"]
    assert _tables_read(_statements(engine, lambda: riket_values(engine, _result(40).plan, 2026))) == ["kolada"]


def test_riket_values_in_one_query_are_those_looked_up_one_by_one(engine):
    view = view_for(engine, _result(40))
    for k in range(40):
        one = kolada_latest(engine, f"U{k:02d}", 2026)
        assert view.kolada[f"N{k:02d}"] == (None if one is None else one.value)
        assert view.kolada_year.get(f"N{k:02d}") == (None if one is None else one.year)
    assert view.kolada["N00"] == D(0) and view.kolada_year["N00"] == 2025  # 2026 empty: 2025's real 0
    assert view.kolada["N01"] == D("1.5") and view.kolada_year["N01"] == 2026
    assert view.kolada["N06"] is None and "N06" not in view.kolada_year  # only 2024: too old
    assert "N99" not in view.kolada
    assert riket_values(engine, _result(40).plan, 2026) == view.kolada
    many = kolada_latest_many(engine, ["U06", "U01", "U01", "X"], 2026, years_back=2)
    assert many == {"U06": (D(6), 2024), "U01": (D("1.5"), 2026)}
    assert kolada_latest_many(engine, ["U01"], 2026, municipality="2361") == {"U01": (D(99), 2026)}
    assert kolada_latest_many(engine, ["U01"], 2026, gender="K") == {"U01": (D(98), 2026)}
    assert kolada_latest_many(engine, [], 2026) == {}


def _frame() -> pd.DataFrame:
    """Stored rows out of period order, a text answer, a row with neither, two divisions and kinds."""
    rows = [
        ("nyckeltal", "N01", "", "outcome", 2026, "T1", D(3), None),
        ("nyckeltal", "N01", "", "outcome", 2025, "helar", D(2), None),
        ("nyckeltal", "N01", "", "outcome", 2025, "T1", D(1), None),
        ("nyckeltal", "N01", "", "forecast", 2026, "T1", D(5), None),
        ("nyckeltal", "N01", "", "forecast", 2026, "delar", D(6), None),
        ("nyckeltal", "N01", "MED", "outcome", 2025, "T1", D(7), None),
        ("nyckeltal", "N02", "", "outcome", 2025, "T1", None, "Ja"),
        ("nyckeltal", "N02", "", "forecast", 2025, "T1", None, "Nej"),
        ("nyckeltal", "N02", "", "forecast", 2025, "delar", None, None),
        ("ekonomi", "NETTO", "MED", "forecast", 2025, "T1", D("-1117.4"), None),
        ("ekonomi", "NETTO", "MED", "forecast", 2025, "delar", D("-1120.4"), None),
    ]
    columns = ["kind", "item", "division", "metric", "year", "period", "value", "text"]
    return pd.DataFrame(rows, columns=columns)


def test_the_index_answers_exactly_as_the_frame_does():
    frame = _frame()
    index = Figures(frame)
    keys = {(r.kind, r.item, r.division, r.metric) for r in frame.itertuples()} | {("nyckeltal", "N09", "", "outcome")}
    for kind, item, division, metric in keys:
        assert answers(index, item, division, metric, kind) == answers(frame, item, division, metric, kind)
        assert series(index, item, division, metric, kind) == series(frame, item, division, metric, kind)
        for period in (Period(2025, "delar"), Period(2026, "delar"), Period(2026, "helar")):
            assert previous_answer(index, item, period, division, kind) == previous_answer(
                frame, item, period, division, kind
            )
    assert [(p.key, v) for p, v in answers(index, "N01")] == [("2025-T1", 1), ("2025-helar", 2), ("2026-T1", 3)]
    assert answers(index, "N02", metric="forecast") == [(Period(2025, "T1"), "Nej")]  # the empty row left out
    assert previous_forecast(index, "N01", Period(2026, "helar")) == D(6)
    assert previous_forecast(index, "NETTO", Period(2025, "delar"), "MED", "ekonomi") == D("-1117.4")
    answers(index, "N01").clear()  # a caller's list is its own
    assert len(answers(index, "N01")) == 3
    assert Figures(frame.iloc[0:0]).points == {}
