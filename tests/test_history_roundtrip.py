"""Every number stored exactly as consolidated: the three demo periods, consolidate → history → CSV → back.

Against SQLite and PostgreSQL (``history_db``). The stored value is the Decimal's own
text (never a float), and the exported CSV reads back to the same Decimals, for every
key figure (outcome, last year, forecast, denominator) and every economy figure
(budget, periodised, actual, forecast per division and account group, and netto).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from reporting.cli import main
from reporting.consolidate.labels import NOT_SUBMITTED
from reporting.history.store import MONEY_METRICS, figures, open_history
from reporting.plan.periods import Period
from reporting.plan.targets import Direction
from reporting.template.spec import NETTO_ID
from reporting.workflow import run_period

pytestmark = pytest.mark.usefixtures("history_db")


def consolidated_numbers(result) -> dict[tuple, Decimal]:
    """(board, year, period, division, kind, item, metric) -> the consolidation's own number."""
    board, year, kind = result.plan.board_key, result.period.year, result.period.kind
    done = {k.id for k in result.plan.key_figures if k.target.direction is Direction.DONE}
    out: dict[tuple, Decimal] = {}

    def put(division, what, item, metric, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            out[(board, year, kind, division, what, item, metric)] = Decimal(value)

    for kf in result.key_figures:
        if kf.status_label == NOT_SUBMITTED or kf.id in done:
            continue
        for metric in ("outcome", "last_year", "forecast", "denominator"):
            put("" if kf.is_total else kf.division_id, "nyckeltal", kf.id, metric, getattr(kf, metric))
    for e in result.economy:
        if e.submitted:
            for metric in MONEY_METRICS:
                put(e.division_id, "ekonomi", e.group_id, metric, getattr(e, metric))
    for netto in result.economy_overview:
        if netto.is_total and netto.submitted:
            for metric in MONEY_METRICS:
                put("", "ekonomi", NETTO_ID, metric, getattr(netto, metric))
    return out


def test_three_demo_periods_round_trip_exactly(tmp_path, demo_copy):
    root = tmp_path / "ws"
    root.mkdir()
    wanted: dict[tuple, Decimal] = {}
    for kind in ("T1", "delar", "helar"):
        period = Period(2025, kind)
        ws, plan, _ = demo_copy(root, period)
        result = run_period(ws, plan, period, report=False, feedback=False, quiet=True).consolidation
        numbers = consolidated_numbers(result)
        assert len(numbers) > 100 and any(k[4] == "ekonomi" for k in numbers)
        wanted |= numbers
    # in the database: the Decimal's own text, not a float's
    engine = open_history(root)
    with engine.connect() as conn:
        raw = {
            (r.board, r.year, r.period, r.division, r.kind, r.item, r.metric): r.value
            for r in conn.execute(select(figures))
        }
    engine.dispose()
    for key, value in wanted.items():
        assert isinstance(raw[key], str) and raw[key] == str(value), (key, raw[key], value)
    # exported and read back: the same numbers, exactly
    out = CliRunner().invoke(main, ["history", "export", "-w", str(root), "-o", "-"])
    assert out.exit_code == 0, out.output
    back = {
        (r["board"], int(r["year"]), r["period"], r["division"], r["kind"], r["item"], r["metric"]): r["value"]
        for r in csv.DictReader(io.StringIO(out.stdout))
    }
    assert {k[2] for k in back} == {"T1", "delar", "helar"}
    mismatches = {k: (back.get(k), v) for k, v in wanted.items() if back.get(k) in (None, "") or Decimal(back[k]) != v}
    assert mismatches == {}
    assert all("e" not in back[k].lower() for k in wanted)  # plain digits, as a spreadsheet reads them
