"""The bundled demo's series read over the periods of a year are possible (brief demo35, qa35r items 1, 3 and 4).

Each period's demo values were drawn on their own, so the jh 2025 årsrapport showed a finished CT scanner
"Ej påbörjad", the nämnd's upparbetat falling 33 410 -> 9 990 -> 5 143 tkr and A1's uppnådd effekt 12,8 ->
10,6 mkr; Västernorrland's accumulated costs fell over the year (B2 222,1 -> 198,3). The demo's first period of
each plan keeps its values (reporting.demo.cumulative carries the year from it).
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest

from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.demo.plan import demo_plan
from reporting.demo.seed_plans import write_seed_plan
from reporting.demo.submissions import demo_fill, write_demo_submissions
from reporting.history.accumulated import is_accumulated
from reporting.intake.run import run_intake
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.workspace import Workspace

JH = [Period(2025, kind) for kind in ("T1", "delar", "helar")]
VN = [Period(2025, kind) for kind in ("M03", "T1", "delar", "helar")]
PROGRESS = ("Ej påbörjad", "Pågår", "Slutförd")


@pytest.fixture(scope="module")
def jh() -> Plan:
    return demo_plan()


@pytest.fixture(scope="module")
def vn(tmp_path_factory) -> Plan:
    return load_plan(write_seed_plan("vasternorrland-2025", tmp_path_factory.mktemp("vn35") / "plan.xlsx"))


@pytest.fixture(scope="module")
def jh_reports(tmp_path_factory, jh) -> list[Consolidation]:
    """The jh 2025 demo consolidated at T1, delår and helår (the Hälso- och sjukvårdsdirektör does not submit)."""
    out = []
    for period in JH:
        ws = Workspace(tmp_path_factory.mktemp(f"jh35-{period.kind}"))
        write_demo_submissions(jh, period, ws.inbox)
        out.append(consolidate(jh, run_intake(ws, jh, period)))
    return out


def _fills(plan: Plan, periods: list[Period]) -> dict[str, list]:
    return {d.id: [demo_fill(plan, d.id, p) for p in periods] for d in plan.divisions}


def _rising(values: list) -> bool:
    return all(a <= b for a, b in pairwise(values))


def test_no_investment_of_the_jh_demo_goes_back_in_status_or_upparbetat_over_the_year(jh):
    checked = 0
    for division, fills in _fills(jh, JH).items():
        for iid in fills[0]["Investeringar"]:
            rows = [f["Investeringar"][iid] for f in fills]
            ranks = [PROGRESS.index(r["status"]) for r in rows]
            spent = [r["spent"] for r in rows]
            assert _rising(ranks), (division, iid, [r["status"] for r in rows])
            assert _rising(spent), (division, iid, spent)
            assert all(s == 0 for s, r in zip(spent, ranks, strict=True) if r == 0)  # Ej påbörjad: nothing spent
            checked += 1
    assert checked == 19


def test_the_namnd_report_shows_upparbetat_growing_and_no_finished_object_started_again(jh_reports):
    totals = [sum(r.spent or 0 for r in c.investments) for c in jh_reports]
    assert totals[0] == Decimal(33410)  # T1, the demo's first period: as before
    assert _rising(totals) and totals[-1] > totals[0], totals
    i01 = [next(r for r in c.investments if r.id == "I01") for c in jh_reports]
    assert [(r.status, r.spent) for r in i01] == [("Slutförd", Decimal(15722))] * 3  # finished at T1, stays so


def test_every_measure_of_the_jh_demo_achieves_no_less_than_before(jh, jh_reports):
    for division, fills in _fills(jh, JH).items():
        for mid in fills[0]["Åtgärdsplan"]:
            achieved = [f["Åtgärdsplan"][mid]["achieved"] for f in fills]
            assert _rising(achieved), (division, mid, achieved)
    reported = [m.id for m in jh_reports[0].measures if m.achieved is not None]  # A2 is only the direktör's
    assert reported == ["A1", "A3", "A4", "A5", "A6"]
    for mid in reported:
        achieved = [next(m for m in c.measures if m.id == mid).achieved for c in jh_reports]
        assert _rising(achieved), (mid, achieved)
    a1 = [next(m for m in c.measures if m.id == "A1").achieved for c in jh_reports]
    assert a1 == [Decimal("4.3"), Decimal("10.7"), Decimal("14.2")]  # 4,3 at T1 as before; was 12,8 -> 10,6


def test_vn_accumulated_key_figures_grow_with_the_months_and_keep_march(vn):
    figures = [kf.id for kf in vn.key_figures if is_accumulated(kf)]
    assert figures == ["B2", "B4"]
    year = [Period(2025, kind) for kind in vn.listed_kinds]
    fills = _fills(vn, year)
    for division, rows in fills.items():
        for fid in figures:
            if fid in rows[0]["Nyckeltal"]:
                outcomes = [f["Nyckeltal"][fid]["outcome"] for f in rows]
                assert all(a < b for a, b in pairwise(outcomes)), (division, fid, outcomes)
    reporting = [d for d in fills if d != "FL"]  # Förvaltningsledning does not submit in the demo
    at = {p.kind: i for i, p in enumerate(year)}
    for fid, march in (("B2", Decimal("222.1")), ("B4", Decimal("43.6"))):
        rows = [[fills[d][at[p.kind]]["Nyckeltal"].get(fid) for d in reporting] for p in VN]
        sums = [sum(row["outcome"] for row in period if row) for period in rows]
        assert sums[0] == march  # the demo's first period: as before
        assert _rising(sums) and 3 * sums[0] < sums[-1] < 5 * sums[0], (fid, sums)  # helår ~ 12/3 of mars
