"""The change ``history show --board all`` lists beside each stored value: like against like only.

A value is set against the nämnd's previous whole value stored in the same unit: a key figure that
became a rate ("antal" to "per 1 000 inv") has no change across it, nor has an id reused for another measure
(its stored name another, ``trends.same_name``: Tidsserier's test). A key figure summed over the
period (Aggregering summa: a count) is a total of the period's months, so T1 (four months) is no
change against helår (twelve): it is set against the same period of the year before, as Tidsserier's
trend is (``trends.trend``). Which key figures are summed is read from the workspace's plans: the plan
each period was judged against (archive/<period>/plan.xlsx), else the current plan; with none the value
is set against the previous one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

import pandas as pd

from reporting.errors import ReportingError
from reporting.history.trends import Figures, Stored, same_name, same_unit, stored_names, summed_over_period
from reporting.plan.model import Plan
from reporting.plan.period_plan import saved_plan_file
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.workspace import Workspace


def changes(
    values: Sequence[Stored], summed: set[Period], names: Mapping[Period, str] | None = None
) -> list[Decimal | None]:
    """Each value's change against the previous whole value in its unit and under its name (``names``: each
    period's stored name; an id reused for another measure has no change across it, as in Tidsserier), a period in
    ``summed`` against the same period of the year before; None for a text, a value over part of its reporters, or
    nothing to set it against."""
    named = names or {}
    whole: list[_Whole] = []
    out: list[Decimal | None] = []
    for v in values:
        number = v.outcome if isinstance(v.outcome, Decimal) and not v.left_out else None
        name = named.get(v.period, "")
        alike = [w for w in whole if same_unit(w[2], v.unit) and same_name(w[3], name)]
        earlier = None if number is None else _earlier(whole, alike, v.period, v.period in summed)
        out.append(None if number is None or earlier is None else number - earlier)
        if number is not None:
            whole.append((v.period, number, v.unit, name))
    return out


_Whole = tuple[Period, Decimal, str, str]  # a whole value stored: its period, number, unit and name


def _earlier(whole: list[_Whole], alike: list[_Whole], now: Period, summed: bool) -> Decimal | None:
    """The value ``now`` is set against: the previous whole one if ``alike`` (same unit and name), or for a summed
    key figure the latest alike of the same span the year before."""
    if not summed:
        return whole[-1][1] if whole and whole[-1] in alike else None
    spans = [(w[0], w[1]) for w in alike if w[0].year == now.year - 1 and w[0].months == now.months]
    spans.sort(key=lambda pn: (pn[0].kind == now.kind, pn[0].sort_key))  # T1 against T1 before M04 against T1
    return spans[-1][1] if spans else None


def names_of(frame: pd.DataFrame, item: str, division: str) -> dict[Period, str]:
    """The name each stored period of ``item`` had in its plan, in ``frame`` (one nämnd's rows): ``changes``'s."""
    return stored_names(Figures(frame), item, division)


def summed_periods(root: Path, item: str, periods: Iterable[Period]) -> set[Period]:
    """The periods at which the workspace's plan for them sums ``item`` over the period (see the module)."""
    out = set[Period]()
    for period, plan in period_plans(root, periods).items():
        kf = next((k for k in plan.key_figures if k.id == item), None) if plan is not None else None
        if kf is not None and summed_over_period(kf):
            out.add(period)
    return out


def period_plans(root: Path, periods: Iterable[Period]) -> dict[Period, Plan | None]:
    """Each period's plan in the workspace: the one it was judged against (archive/<period>/plan.xlsx), else the
    current plan.xlsx; None where neither can be read. Each file is read once."""
    ws, plans, out = Workspace(root), dict[Path, Plan | None](), dict[Period, Plan | None]()
    for period in periods:
        saved = saved_plan_file(ws, period)
        path = saved if saved.is_file() else ws.plan
        if path not in plans:
            plans[path] = _plan(path)
        out[period] = plans[path]
    return out


def _plan(path: Path) -> Plan | None:
    """The plan in ``path``, None when there is none or it cannot be read (then nothing is known to be summed)."""
    try:
        return load_plan(path) if path.is_file() else None
    except (ReportingError, OSError):
        return None
