"""Reading ``Centrala värden.xlsx`` for a period: every value checked like a submission's, at its cell.

The economy office's file is read, never modified; its SHA-256 goes to Källor with every value.
A number that is no number, absurdly large (beyond the key figures' bound) or a status outside
the list is a finding at its cell and is not used, so nothing absurd reaches the report or history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reporting.errors import FileProblem
from reporting.findings import Finding, Rule, error, warning
from reporting.intake.read import sha256_of
from reporting.plan.model import CHANGE_NAME, Plan
from reporting.plan.periods import Period
from reporting.plan.targets import Direction
from reporting.swedish import format_number, format_typed, parse_cell_number
from reporting.template.central import (
    ASSIGNMENT,
    CENTRAL_FILE,
    CENTRAL_SHEET,
    FINANCIAL_GOAL,
    KEY_FIGURE,
    CentralRow,
    central_items,
    letter,
    period_key,
    read_rows,
)
from reporting.template.read import BOUNDS
from reporting.template.spec import ASSIGNMENT_STATUSES, DONE_ANSWERS, Kind

LIMIT = BOUNDS[Kind.FIGURE]


@dataclass(frozen=True)
class CentralValue:
    """One nämnd-level outcome of the period, checked; ``cell`` is where it came from (Utfall, or Status)."""

    kind: str
    id: str
    outcome: Decimal | str | None
    status: str
    comment: str
    cell: str


@dataclass
class CentralValues:
    """The period's values of the file, its name and hash (for Källor) and the findings on it."""

    file: str
    sha256: str
    values: dict[tuple[str, str], CentralValue] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def get(self, kind: str, item_id: str) -> CentralValue | None:
        return self.values.get((kind, item_id))


def read_central(root: Path, plan: Plan, period: Period) -> CentralValues | None:
    """The period's checked values, or None when the workspace has no ``Centrala värden.xlsx``."""
    path = Path(root) / CENTRAL_FILE
    if not path.exists():
        return None
    result = CentralValues(CENTRAL_FILE, sha256_of(path))
    done = {k.id for k in plan.key_figures if k.target.direction is Direction.DONE}
    shares = _shares(plan)
    wanted = {(kind, item_id) for kind, item_id, _ in central_items(plan)}
    try:
        rows = read_rows(path)
    except FileProblem as exc:  # a broken or hostile file: one finding, the report goes on without its values
        advice = f" Öppna {CENTRAL_FILE} i Excel eller LibreOffice, spara som .xlsx och kör igen." if exc.advice else ""
        result.findings.append(error(exc.rule, file=CENTRAL_FILE, problem=exc.problem + advice))  # the office's file
        return result
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if period_key(row.period) != period.key:
            continue
        if row.key[:2] not in wanted:
            result.findings.append(_finding(warning, Rule.STRUCTURE_CHANGED, row, letter("item_id"), _unknown(row)))
            continue
        if (row.kind, row.item_id) in seen:  # a second row for the same item and period: the first one counts
            result.findings.append(_finding(warning, Rule.STRUCTURE_CHANGED, row, letter("item_id"), _repeated(row)))
            continue
        seen.add((row.kind, row.item_id))
        value = _checked(result, row, row.kind == KEY_FIGURE and row.item_id in done, row.key[:2] in shares)
        if value is not None:
            result.values[(row.kind, row.item_id)] = value
    return result


def central_missing(plan: Plan, period: Period, central: CentralValues | None) -> list[Finding]:
    """A warning when the period has nämnd-level items and no Centrala värden for it (no file, or no row of the
    period): the office forgot `reporting central`, and the report would show their values missing without a word."""
    due = central_items(plan, period)
    if not due or (central is not None and (central.values or central.findings)):
        return []
    items = ", ".join(item_id for _, item_id, _ in due[:6]) + (" …" if len(due) > 6 else "")
    return [warning(Rule.CENTRAL_MISSING, file=CENTRAL_FILE, items=items, period=period.key)]


def _shares(plan: Plan) -> set[tuple[str, str]]:
    """The items whose utfall is a share, 0–100 %: key figures by their own rule, financial goals whose målvärde is
    a percent not below 0 and whose name speaks of no change ("Bruttokostnadsutveckling −0,7 %" is a change)."""
    shares = {(KEY_FIGURE, k.id) for k in plan.key_figures if k.is_share}
    for g in plan.financial_goals:
        targets = [g.target, *g.targets.values()]
        change = CHANGE_NAME.search(g.name.lower()) and not g.name.lower().startswith("andel")
        if all(t.is_percent for t in targets) and not any((t.value or 0) < 0 for t in targets) and not change:
            shares.add((FINANCIAL_GOAL, g.id))
    return shares


def _checked(result: CentralValues, row: CentralRow, yes_no: bool, share: bool = False) -> CentralValue | None:
    """The row's value after its checks; findings go to ``result``."""
    comment = "" if row.comment is None else str(row.comment).strip()
    if row.kind == ASSIGNMENT:
        status = "" if row.status is None else " ".join(str(row.status).split())
        if status and status not in ASSIGNMENT_STATUSES:
            allowed = ", ".join(ASSIGNMENT_STATUSES)
            result.findings.append(
                _finding(error, Rule.STATUS_INVALID, row, letter("status"), value=status, allowed=allowed)
            )
            status = ""
        return CentralValue(row.kind, row.item_id, None, status, comment, f"{letter('status')}{row.row}")
    outcome = _outcome(result, row, yes_no)
    if share and isinstance(outcome, Decimal) and not 0 <= outcome <= 100:  # as a division's share is checked
        what = f"Andelen {format_typed(outcome)} % för {row.item_id}"
        result.findings.append(
            _finding(error, Rule.OUT_OF_RANGE, row, letter("outcome"), what=what, problem="ligger utanför 0–100 %")
        )
        outcome = None
    return CentralValue(row.kind, row.item_id, outcome, "", comment, f"{letter('outcome')}{row.row}")


def _outcome(result: CentralValues, row: CentralRow, yes_no: bool) -> Decimal | str | None:
    value = row.outcome
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if yes_no:
        answer = str(value).strip().capitalize()
        if answer in DONE_ANSWERS:
            return answer
        allowed = ", ".join(DONE_ANSWERS)
        result.findings.append(
            _finding(error, Rule.STATUS_INVALID, row, letter("outcome"), value=str(value), allowed=allowed)
        )
        return None
    try:
        number, _ = parse_cell_number(value)
    except ValueError:
        number = None
    if number is None or isinstance(value, bool):
        result.findings.append(_finding(error, Rule.NOT_A_NUMBER, row, letter("outcome"), value=f'"{value}"'))
        return None
    if abs(number) > LIMIT:
        problem = f"är orimligt stort (högst ±{format_number(LIMIT, 0)}); kontrollera värdet och enheten"
        result.findings.append(
            _finding(error, Rule.OUT_OF_RANGE, row, letter("outcome"), what="Talet", problem=problem)
        )
        return None
    return number


def _repeated(row: CentralRow) -> dict[str, str]:
    return {
        "problem": f"raden för {row.item_id} och {row.period} finns redan högre upp; den här raden räknas inte",
        "fix": "Ta bort den ena raden och behåll det rätta värdet",
    }


def _unknown(row: CentralRow) -> dict[str, str]:
    return {
        "problem": f'raden "{row.what}" (id {row.item_id}) finns inte i planen som nämndnivåns post',
        "fix": "Rätta Id och Vad eller ta bort raden; nya rader skrivs av reporting central",
    }


def _finding(
    make: Callable[..., Finding],
    rule: Rule,
    row: CentralRow,
    column: str,
    fields: dict[str, str] | None = None,
    **more: str,
) -> Finding:
    """A finding (``error`` or ``warning``) at the row's cell in ``column`` of the file's sheet."""
    return make(rule, file=CENTRAL_FILE, sheet=CENTRAL_SHEET, cell=f"{column}{row.row}", **(fields or {}), **more)
