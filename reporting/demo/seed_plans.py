"""The seeds' plans as sheet → rows in the issue-12 plan format, and plan.xlsx written from them.

``jh2021_sheets`` (seed 002) and ``vn2025_sheets`` (seed 003) turn the transcribed
tables of ``seed_jh2021``/``seed_jh2021_goals`` and ``seed_vn2025`` into the rows of
/work/briefs/plan-format.md; ``write_seed_plan`` writes them with ``seed_workbook``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from reporting.demo import seed_jh2021 as jh
from reporting.demo import seed_jh2021_goals as jhg
from reporting.demo import seed_vn2025 as vn
from reporting.demo.seed_workbook import (
    ASSIGNMENTS,
    GROUPS_SHEET,
    INVESTMENTS,
    KEY_FIGURES,
    MEASURES,
    Row,
    amount_header,
    effect_header,
    goal_header,
    settings_rows,
    write_plan_sheets,
)
from reporting.plan.sheets import INITIATIVES_SHEET

Sheets = dict[str, Sequence[Row]]
Settings = list[tuple[str, Any]]
Seed = tuple[Settings, Sheets, dict[str, list[str]]]  # settings, sheets, columns written even without rows
NAMND = "Nämnd"  # the reserved Division word: the nämnd itself
TOLERANCES = {"tolerance_pct": Decimal(5), "deviation_pct": Decimal(2), "deviation_mkr": Decimal(1)}


def _settings(board: str, region: str, dnr: str, year: int, contact: str) -> dict[str, Any]:
    return {"board": board, "region": region, "dnr": dnr, "year": year, "contact": contact, **TOLERANCES}


def _division_rows(divisions: tuple[tuple[str, str], ...]) -> list[Row]:
    return [{"id": d, "name": n, "contact": f"controller.{d.lower()}@example.se"} for d, n in divisions]


def _tree_rows(tree: tuple[tuple[str, ...], ...]) -> list[Row]:
    return [{"id": i, "name": n, "parent": p, "level": lv, "number": nr} for i, n, p, lv, nr in tree]


def _frame_row(division: str, year: int, unit: str, amounts: dict[str, Decimal | None]) -> Row:
    """A Budgetramar row; ``amounts`` maps a column name (group or "Netto") to its amount."""
    row: dict[str, Any] = {"division": division, "year": year}
    row.update({amount_header(name, unit): value for name, value in amounts.items()})
    return row


def _key_figure_row(kid: str, name: str, node: str, divisions: str, unit: str, target: str, freq: str, agg: str) -> Row:
    return {
        "id": kid,
        "name": name,
        "goal_area": node,
        "divisions": divisions,
        "unit": unit,
        "target": target,
        "decided_by": "",
        "aggregation": agg,
        "frequency": freq,
    }


def jh2021_sheets() -> Seed:
    """Seed 002: 16 områden as divisions, eight account groups in tkr, strategi → … → mätetal, 2021's calendar."""
    settings = settings_rows(
        _settings(jh.BOARD, jh.REGION, jh.DNR, jh.YEAR, "ekonomienheten@example.se"), jh.UNIT, {}, {}
    )
    names = {gid: name for gid, name, *_ in jh.GROUPS}
    groups = [
        {"id": g, "name": n, "kind": k, "external": e, "accounts": a, "subtotal": s} for g, n, k, e, a, s in jh.GROUPS
    ]
    frames = [_frame_row(NAMND, 2020, jh.UNIT, _namnd_2020(names))]
    for did, _, *cells in jh.AREAS:
        printed = dict(zip(jh.AREA_COLUMNS, cells))
        amounts = {names[g]: jh.amount(printed[g]) if g in printed else Decimal(0) for g in names}
        frames.append(_frame_row(did, jh.YEAR, jh.UNIT, {**amounts, "Netto": jh.amount(printed["Netto"])}))
    investments = [
        {"id": f"R{n}", "division": NAMND, "unit": "", "object": "Ram", "kind": kind, "amount": int(value)}
        for n, (_, _, kind, value) in enumerate(jh.INVESTMENT_RAM, start=1)
    ]
    sheets: Sheets = {
        "Divisioner": _division_rows(tuple((d, n) for d, n, *_ in jh.AREAS)),
        "Målområden": _tree_rows(jhg.TREE),
        KEY_FIGURES: [_key_figure_row(*row) for row in jhg.key_figure_rows()],
        GROUPS_SHEET: groups,
        "Budgetramar": frames,
        INVESTMENTS: investments,
        "Perioder": [{"kind": k, "label": label, "deadline": d} for k, label, d in jh.periods()],
    }
    # the seed has no åtgärdsplan; the sheet still carries its "Effekt ÅÅÅÅ" columns (the reader needs them)
    return settings, sheets, {MEASURES: [effect_header(y, jh.UNIT) for y in range(jh.YEAR, jh.YEAR + 3)]}


def _namnd_2020(names: dict[str, str]) -> dict[str, Decimal | None]:
    """2020's frame at nämnd level (no area split), the nämnd table's mkr in the plan's tkr."""
    amounts: dict[str, Decimal | None] = {}
    for _, gid, mkr_2020, _ in jh.NAMND:
        value = jh.amount(mkr_2020)
        if gid in names and value is not None:
            amounts[names[gid]] = value * 1000
        elif gid == "Netto" and value is not None:
            amounts["Netto"] = value * 1000
    return amounts


def vn2025_sheets() -> Seed:
    """Seed 003: one net frame a year, planned deficit, handlingsplan, satsningar, målområde → mål → uppdrag."""
    results = {y: jh.amount(v) for y, v in zip(vn.FRAME_YEARS, vn.DEFICIT[1:]) if y >= vn.YEAR}
    savings = {y: jh.amount(v) for y, v in zip(vn.MEASURE_YEARS, vn.MEASURE_TASK)}
    settings = settings_rows(
        _settings(vn.BOARD, vn.REGION, "", vn.YEAR, "ekonomi.hsf@example.se"), vn.UNIT, savings, results
    )
    netto = "Nettokostnadsram"
    frames = [_frame_row(NAMND, 2024, vn.UNIT, {netto: -_amount(vn.FRAME[1]), "Netto": -_amount(vn.FRAME[1])})]
    for year, split in vn.FRAME_SPLIT.items():
        frames += [_frame_row(d, year, vn.UNIT, {netto: -_amount(v), "Netto": -_amount(v)}) for d, v in split.items()]
    uppdrag = [
        {"id": f"A{n:02d}", "text": t, "goal_area": node, "decided_by": vn.BOARD, "divisions": NAMND}
        for n, (node, t) in enumerate(vn.INTENTIONS, start=1)
    ]
    uppdrag += [
        {"id": f"U{n:02d}", "text": t, "goal_area": node, "decided_by": vn.BOARD, "divisions": divisions}
        for n, (node, t, divisions) in enumerate(vn.ASSIGNMENTS, start=1)
    ]
    sheets: Sheets = {
        "Divisioner": _division_rows(vn.DIVISIONS),
        "Målområden": _tree_rows(vn.TREE),
        KEY_FIGURES: [_key_figure_row(*row) for row in vn.KEY_FIGURES],
        ASSIGNMENTS: uppdrag,
        "Finansiella mål": [_financial_goal(*goal) for goal in vn.FINANCIAL_GOALS],
        GROUPS_SHEET: [{"id": "NE", "name": netto, "kind": "Netto", "external": "", "accounts": "", "subtotal": ""}],
        "Budgetramar": frames,
        MEASURES: _vn_measures(),
        INITIATIVES_SHEET: _satsningar(),
        "Perioder": [{"kind": k, "label": label, "deadline": d} for k, label, d in vn.PERIODS],
    }
    return settings, sheets, {}


def _amount(text: str) -> Decimal:
    value = jh.amount(text)
    if value is None:
        raise ValueError(f"no amount in {text!r}")
    return value


def _financial_goal(gid: str, name: str, target: str, per_year: dict[int, str]) -> Row:
    row: dict[str, Any] = {"id": gid, "name": name, "decided_by": "Regionfullmäktige", "target": target}
    row.update({goal_header(y): t for y, t in per_year.items()})
    return row


def _vn_measures() -> list[Row]:
    rows: list[Row] = []
    for n, ((name, *effects, _), divisions) in enumerate(zip(vn.MEASURES, vn.MEASURE_DIVISIONS), start=1):
        years = [y for y, e in zip(vn.MEASURE_YEARS, effects) if e]
        row: dict[str, Any] = {
            "id": f"H{n}",
            "name": name,
            "description": "",
            "consequence": "",
            "divisions": divisions,
            "kind": "Återkommande",
            "start": str(years[0]),
            "end": str(years[-1]),
        }
        row.update({effect_header(y, vn.UNIT): jh.amount(e) for y, e in zip(vn.MEASURE_YEARS, effects)})
        rows.append(row)
    return rows


def _satsningar() -> list[Row]:
    rows: list[Row] = []
    table = zip(vn.SATSNINGAR, vn.SATSNING_DIVISIONS, vn.SATSNING_WITHIN_FRAME)
    for n, ((name, *amounts), divisions, within_frame) in enumerate(table, start=1):
        row: dict[str, Any] = {"id": f"S{n}", "name": name, "divisions": divisions, "within_frame": within_frame}
        row.update({f"Belopp {y} ({vn.UNIT})": jh.amount(a) for y, a in zip(vn.INVESTMENT_YEARS, amounts)})
        rows.append(row)
    return rows


BUILDERS: dict[str, Callable[[], Seed]] = {
    "jh-2021": jh2021_sheets,
    "vasternorrland-2025": vn2025_sheets,
}


def write_seed_plan(name: str, path: str | Path) -> Path:
    """Write seed ``name``'s plan.xlsx (one of BUILDERS)."""
    settings, sheets, columns = BUILDERS[name]()
    return write_plan_sheets(path, settings, sheets, columns)


def write_jh2025_with_namnd(path: str | Path) -> Path:
    """Seed 000's plan.xlsx with its nämnd-level frames: the demo plan carries them (Budgetramar, Division
    "Nämnd"): 2024 a frame without a division split (netto −3 352,6), 2025–2027 the förtroendemannabudget
    (−3,5 mkr, an external cost), so the nämnd total is −3 161,8."""
    from reporting.demo.plan import demo_plan
    from reporting.plan.write import write_plan

    return write_plan(path, demo_plan())
