"""Economy per division and account group, the nämnd total, and the budget checks; exact Decimal sums."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from reporting.consolidate.amounts import round_half_up, sum_all
from reporting.consolidate.labels import (
    BOARD_LEVEL,
    BOARD_OWN,
    BOARD_OWN_YEAR_END,
    FRAME,
    FRAME_WITH_OWN,
    TOTAL,
    left_out_text,
    rejected_said,
)
from reporting.consolidate.part_sources import deviation_amount, economy_source, netto_amount
from reporting.consolidate.planned import judge_planned
from reporting.consolidate.rollup import frame_and_name
from reporting.findings import Finding, Rule, warning
from reporting.intake.submission import Submission
from reporting.plan.groups import Subtotal, layout, subtotals
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.swedish import format_number
from reporting.template.economy_sums import SUMMED, difference
from reporting.template.spec import NETTO_ID

MONEY = ("budget", "periodised", "actual", "deviation", "forecast", "forecast_deviation")


@dataclass(frozen=True)
class EconomyRow:
    """One division's account group (or netto), mkr; incomes positive, costs negative."""

    division_id: str
    division: str
    group_id: str
    group: str
    budget: Decimal | None
    periodised: Decimal | None
    actual: Decimal | None
    deviation: Decimal | None
    deviation_pct: Decimal | None
    forecast: Decimal | None
    forecast_deviation: Decimal | None
    comment: str
    submitted: bool
    left_out: str = ""  # a division from some of its units: "Enhet 0009 i Division Medicin" (not in the row)
    whole_budget: Decimal | None = None  # then the whole division's frame, for the nämnd's frame row
    named_out: str = ""  # left_out as the report says it ("Enhet 0005 i Division Medicin, vars fil avvisades")


@dataclass(frozen=True)
class NettoRow:
    """Netto per division, and the nämnd total (``division_id`` empty): the exact sum of the rows."""

    division_id: str
    division: str
    budget: Decimal | None
    periodised: Decimal | None
    actual: Decimal | None
    deviation: Decimal | None
    forecast: Decimal | None
    forecast_deviation: Decimal | None
    submitted: bool
    frame_only: bool = False  # the whole nämnd's frame beside a total that leaves divisions out
    board_level: bool = False  # the nämnd's own frame (Budgetramar's Division "Nämnd"): no division reports it
    left_out: str = ""  # as EconomyRow's
    whole_budget: Decimal | None = None
    named_out: str = ""

    @property
    def is_total(self) -> bool:
        return self.division_id == "" and not self.frame_only and not self.board_level


def economy_table(
    plan: Plan, subs: dict[str, Submission], period: Period, rejected: Collection[str] = ()
) -> list[EconomyRow]:
    """Division × account group (and netto): budget, periodised, actual, deviations, forecast. ``rejected``: the
    reporters whose file was rejected ("MED/E0005"), named so where a division from its units leaves them out."""
    rows = []
    for division in plan.divisions:
        sub = subs.get(division.id)
        frame, name, left_out, named = frame_and_name(plan, division.id, division.name, sub, period.year, rejected)
        whole = plan.frame(division.id, period.year) if left_out else None
        sums: dict[str, Decimal | None] = {
            "budget": Decimal(0),
            "periodised": Decimal(0),
            "actual": Decimal(0),
            "forecast": Decimal(0),
        }
        for account in plan.account_groups:
            gid, group = account.id, account.name
            budget = frame.amounts.get(gid, Decimal(0)) if frame else Decimal(0)
            values: dict[str, Decimal | None] = {"budget": budget}
            for key in ("periodised", "actual", "forecast"):
                value = getattr(sub.answers.account(gid), key) if sub else None
                if value is None and sub and budget == 0:
                    value = Decimal(0)  # a group without budget may be left blank
                values[key] = value
            if sub and period.is_year_end:  # the årsrapport: whatever was typed beside them (intake.year_end)
                values["periodised"], values["forecast"] = budget, values["actual"]
            for key, total in sums.items():
                part = values[key]
                sums[key] = total + part if isinstance(part, Decimal) and total is not None else None
            comment = sub.answers.account(gid).comment if sub else ""
            row = _economy_row(division.id, name, gid, group, values, comment, sub is not None)
            rows.append(_partial(row, (left_out, named), whole.amounts.get(gid, Decimal(0)) if whole else None))
        rows = _with_subtotals(plan, rows, division.id)
        comment = sub.answers.account(NETTO_ID).comment if sub else ""
        netto = _economy_row(division.id, name, NETTO_ID, "Netto", sums, comment, sub is not None)
        rows.append(_partial(netto, (left_out, named), whole.netto if whole else None))
        if sub is None and division.id in rejected:  # named so in the nämnd total's name, never as not in
            said = f"{division.name}{rejected_said(1)}"
            rows = [replace(r, named_out=said) if r.division_id == division.id else r for r in rows]
    return rows


def _partial(row: EconomyRow, out: tuple[str, str], whole_budget: Decimal | None) -> EconomyRow:
    """A row of a division from some of its units: which units it leaves out (``out``: as history stores them and
    as the report names them), and the whole division's frame."""
    left_out, named = out
    return replace(row, left_out=left_out, whole_budget=whole_budget, named_out=named) if left_out else row


def left_out_names(rows: Sequence[EconomyRow | NettoRow]) -> list[str]:
    """Whom a nämnd total over ``rows`` leaves out: divisions not in, and units of divisions in part (a unit whose
    file was rejected named so: "Enhet 0005 i Division Medicin, vars fil avvisades"; a rejected division too)."""
    names = (
        (r.named_out or r.division) if not r.submitted else r.named_out or r.left_out for r in rows if r.division_id
    )
    return list(dict.fromkeys(name for name in names if name))


def _with_subtotals(plan: Plan, rows: list[EconomyRow], division_id: str) -> list[EconomyRow]:
    """A division's group rows with the plan's Delsumma rows (computed) after the last of their groups."""
    mine = {r.group_id: r for r in rows if r.division_id == division_id}
    if not any(isinstance(item, Subtotal) for item in layout(plan.account_groups)):
        return rows
    others = [r for r in rows if r.division_id != division_id]
    ordered = []
    for item in layout(plan.account_groups):
        if not isinstance(item, Subtotal):
            ordered.append(mine[item.id])
            continue
        parts = [mine[gid] for gid in item.groups]
        first = parts[0]
        sums = {k: sum_all(getattr(p, k) for p in parts) for k in SUMMED}
        row = _economy_row(division_id, first.division, item.id, item.name, sums, "", first.submitted)
        whole = sum_all(p.whole_budget for p in parts) if first.left_out else None
        ordered.append(_partial(row, (first.left_out, first.named_out), whole))
    return [*others, *ordered]


def is_subtotal(plan: Plan, group_id: str) -> bool:
    """Whether an economy row's group is one of the plan's Delsumma rows (never summed into netto)."""
    return any(isinstance(item, Subtotal) and item.id == group_id for item in layout(plan.account_groups))


def _economy_row(
    division_id: str,
    division: str,
    gid: str,
    name: str,
    values: dict[str, Decimal | None],
    comment: str,
    submitted: bool,
) -> EconomyRow:
    deviation = difference(values, "deviation")
    return EconomyRow(
        division_id,
        division,
        gid,
        name,
        values["budget"],
        values["periodised"],
        values["actual"],
        deviation,
        _pct(deviation, values["periodised"]),
        values["forecast"],
        difference(values, "forecast_deviation"),
        comment,
        submitted,
    )


def _pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if not isinstance(part, Decimal) or not isinstance(whole, Decimal) or whole == 0:
        return None
    return round_half_up(part / abs(whole) * 100, 1)


def total_label(missing: list[str], anything_in: bool = True) -> str:
    """The nämnd total's name, naming every division it leaves out: "Nämnden totalt (exkl. Division Kirurgi)";
    with nothing in at all, only "Nämnden totalt" (its status says so; a list of every division says nothing)."""
    return f"{TOTAL} (exkl. {left_out_text(missing)})" if missing and anything_in else TOTAL


def economy_overview(
    plan: Plan, economy: list[EconomyRow], year: int | None = None, year_end: bool = False
) -> list[NettoRow]:
    """Netto per division, the nämnd's own frame, the nämnd total and, when divisions are missing, the whole frame.

    The total sums every column over the same divisions, those that reported, and its name says
    which it leaves out; a row of its own then carries the frame of all divisions (budget only),
    so the plan's total stays visible without being set against fewer divisions' utfall.
    The nämnd's own frame (förtroendemannabudget) is part of every total: no one reports on it
    during the year, so its helårsprognos is the frame and its utfall is not known. At ``year_end``
    the year's utfall is the forecast (consolidate.economy rows): the own frame's utfall and periodised
    budget are then its frame too, named so, or the total's utfall ack. and utfall helår would differ.
    """
    rows = [
        NettoRow(
            r.division_id,
            r.division,
            r.budget,
            r.periodised,
            r.actual,
            r.deviation,
            r.forecast,
            r.forecast_deviation,
            r.submitted,
            left_out=r.left_out,
            whole_budget=r.whole_budget,
            named_out=r.named_out,
        )
        for r in economy
        if r.group_id == NETTO_ID
    ]
    missing = left_out_names(rows)
    reported = [r for r in rows if r.submitted]
    sums = {k: sum_all(getattr(r, k) for r in reported) for k in MONEY}
    own = plan.board_frame(year)
    if own is not None:
        label, known = (BOARD_OWN_YEAR_END, own.netto) if year_end else (BOARD_OWN, None)
        deviation = Decimal(0) if year_end else None
        board = NettoRow("", label, own.netto, known, known, deviation, own.netto, Decimal(0), True, board_level=True)
        rows.append(board)
        for key in MONEY if year_end else ("budget", "forecast", "forecast_deviation"):
            sums[key] = sum_all((sums[key], getattr(board, key)))
    total = NettoRow(
        "",
        total_label(missing, bool(reported)),
        sums["budget"],
        sums["periodised"],
        sums["actual"],
        sums["deviation"],
        sums["forecast"],
        sums["forecast_deviation"],
        not missing,
    )
    if not missing:
        return [*rows, total]
    budget = sum_all(r.whole_budget if r.left_out else r.budget for r in rows)  # every division's whole frame
    label = FRAME if own is None else FRAME_WITH_OWN
    return [*rows, total, NettoRow("", label, budget, None, None, None, None, None, False, frame_only=True)]


def budget_checks(
    plan: Plan,
    economy: list[EconomyRow],
    overview: list[NettoRow],
    year: int | None = None,
    subs: dict[str, Submission] | None = None,
    year_end: bool = False,
) -> list[Finding]:
    """Forecast against the frame per division (and the planned result, see consolidate.planned);
    account groups deviating over the threshold. With ``subs``, each points at the figure's cell in the file.

    At ``year_end`` the forecast is the year's utfall: its deficit is the year's result's, at the utfall's cell.
    """
    out = []
    rule, cell = (Rule.RESULT_DEFICIT, "actual") if year_end else (Rule.FORECAST_DEFICIT, "forecast")
    subs = subs or {}
    d = plan.amount_decimals
    for row in overview:
        dev = row.forecast_deviation
        if not row.division_id or not row.submitted or not isinstance(dev, Decimal) or dev >= 0:
            continue
        judged = judge_planned(plan, row, year or plan.year)
        if judged is not None and judged.on_plan:
            continue  # a deficit the plan accepts: enligt plan, said in the summary
        out.append(
            warning(
                rule,
                who=row.division,
                forecast=format_number(row.forecast, d),
                budget=format_number(row.budget, d),
                planned=f" och {judged.planned_text}" if judged else "",
                deficit=format_number(abs(judged.against_plan if judged else dev), d),  # the word says the sign
                note=" mot planen" if judged else "",
                unit=plan.amount_unit,
                division=plan.division(row.division_id).name,  # the division's own name: its återkoppling finds it
                **economy_source(
                    subs.get(row.division_id), NETTO_ID, cell, netto_amount(plan, cell), plan.amount_unit, d
                ),
            )
        )
    for e in economy:
        if e.group_id == NETTO_ID or not e.submitted or is_subtotal(plan, e.group_id):
            continue
        if not isinstance(e.deviation, Decimal) or not isinstance(e.periodised, Decimal):
            continue
        if abs(e.deviation) > plan.deviation_threshold(e.periodised):
            out.append(
                warning(
                    Rule.BUDGET_DEVIATION,
                    who=e.division,
                    group=e.group,
                    deviation=format_number(e.deviation, plan.amount_decimals, signed=True),
                    unit=plan.amount_unit,
                    pct=format_number(e.deviation_pct, signed=True),
                    division=plan.division(e.division_id).name if e.division_id else e.division,
                    **economy_source(
                        subs.get(e.division_id),
                        e.group_id,
                        "actual",
                        deviation_amount(e.group_id),
                        plan.amount_unit,
                        d,
                        signed=True,
                    ),
                )
            )
    return out


def board_amounts(plan: Plan, year: int) -> dict[str, Decimal]:
    """The nämnd's own frame (Budgetramar's Division "Nämnd") per account group, Delsumma and netto; empty without one.

    Part of every nämnd total's budget and forecast (no one reports on it during the year), of a
    periodised budget or an utfall only at year end (see ``economy_overview``).
    """
    own = plan.board_frame(year)
    if own is None:
        return {}
    out = {gid: amount for gid, amount in own.amounts.items() if isinstance(amount, Decimal)}
    for subtotal in subtotals(plan.account_groups):
        out[subtotal.id] = sum((out.get(gid, Decimal(0)) for gid in subtotal.groups), Decimal(0))
    out[NETTO_ID] = own.netto
    return out


def board_rows(plan: Plan, economy: list[EconomyRow], year: int, year_end: bool = False) -> list[EconomyRow]:
    """The nämnd's own frame per account group (``board_amounts``) as rows under the divisions' in a division ×
    kontogrupp table, so that the rows add up to the nämnd's totals below them; none without an own frame.

    As in ``economy_overview``: its prognos is the frame and its utfall unknown, at ``year_end`` both the frame.
    """
    board = board_amounts(plan, year)
    if not board:
        return []
    label = BOARD_OWN_YEAR_END if year_end else BOARD_OWN
    out = []
    for gid, name in dict.fromkeys((e.group_id, e.group) for e in economy):
        amount = board.get(gid, Decimal(0))
        known = amount if year_end else None
        values = {"budget": amount, "periodised": known, "actual": known, "forecast": amount}
        out.append(_economy_row("", label, gid, name, values, BOARD_LEVEL, True))
    return out


def group_totals(
    economy: list[EconomyRow], board: dict[str, Decimal] | None = None, year_end: bool = False
) -> list[EconomyRow]:
    """Nämnd totals per account group (and netto), every column over the divisions that reported.

    The rows' division names the divisions left out when some have not submitted (see ``total_label``);
    ``group_frames`` then gives the whole nämnd's frame per group. ``board`` (``board_amounts``) adds the
    nämnd's own frame to budget and forecast (at ``year_end`` to every column), as the nämnd total in
    ``economy_overview`` does.
    """
    out = []
    missing = left_out_names(economy)
    label = total_label(missing, any(e.submitted for e in economy))
    for gid in dict.fromkeys(e.group_id for e in economy):
        group = [e for e in economy if e.group_id == gid and e.submitted]
        sums = {k: sum_all(getattr(e, k) for e in group) for k in SUMMED}
        for key in SUMMED if year_end else ("budget", "forecast"):
            sums[key] = sum_all((sums[key], (board or {}).get(gid, Decimal(0))))
        name = next(e.group for e in economy if e.group_id == gid)
        out.append(_economy_row("", label, gid, name, sums, "", not missing))
    return out


def group_frames(economy: list[EconomyRow], board: dict[str, Decimal] | None = None) -> list[EconomyRow]:
    """The whole nämnd's frame per account group (budget only, the nämnd's own frame included), when
    divisions are missing; else none."""
    if not left_out_names(economy):
        return []
    out = []
    for gid in dict.fromkeys(e.group_id for e in economy):
        group = [e for e in economy if e.group_id == gid]
        frames = sum_all(e.whole_budget if e.left_out else e.budget for e in group)
        budget = sum_all((frames, (board or {}).get(gid, Decimal(0))))
        values = {"budget": budget, "periodised": None, "actual": None, "forecast": None}
        out.append(_economy_row("", FRAME_WITH_OWN if board else FRAME, gid, group[0].group, values, "", False))
    return out
