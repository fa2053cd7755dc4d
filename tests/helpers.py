"""Fill generated templates the way people do: with openpyxl standing in for a person at Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from reporting.template.answers import FIELD_OF
from reporting.template.spec import DATA_SHEETS

# the columns of a template whose plan fills no optional column (the demo's), in their order
SHEET_COLUMNS = {spec.name: [c for c in spec.columns if not c.optional] for spec in DATA_SHEETS}
_ALL_COLUMNS = {spec.name: list(spec.columns) for spec in DATA_SHEETS}  # optional ones too, found by header


def locate(ws: Any, row_id: str, key: str, sheet: str) -> str:
    """The A1 reference of the cell for (row id, column key), found by header text and id."""
    header_row = None
    for row in ws.iter_rows(min_row=1, max_row=40):
        if row[0].value == "Id":
            header_row = row
            break
    assert header_row is not None, f"no header on {sheet}"
    header = next(c.header for c in _ALL_COLUMNS[sheet] if c.key == key)
    headers = {header, header.replace("(mkr)", "(tkr)")}  # a plan in tkr (Beloppsenhet) says "(tkr)"
    col = next(c.column_letter for c in header_row if c.value in headers)
    for row in ws.iter_rows(min_row=header_row[0].row + 1, max_row=ws.max_row):
        if row[0].value == row_id:
            return f"{col}{row[0].row}"
    raise KeyError(row_id)


class AsText(str):
    """A value typed as text even though it starts with "=" (a cell formatted as text in Excel)."""


def fill(path: Path, edits: dict[tuple[str, str, str], Any], out: Path | None = None) -> Path:
    """Set cells by (sheet, row id, column key) and save (as a new file when ``out`` is given)."""
    wb = load_workbook(path)
    for (sheet, row_id, key), value in edits.items():
        ws = wb[sheet]
        cell = ws[locate(ws, row_id, key, sheet)]
        cell.value = str(value) if isinstance(value, AsText) else value
        if isinstance(value, AsText):
            cell.data_type = "s"
    target = out or path
    wb.save(target)
    return target


def complete_edits(
    plan: Any, division: str, year: int = 2025, period_kind: str = "T1"
) -> dict[tuple[str, str, str], Any]:
    """Every required input of a division filled so that all targets are met and nothing is missing.

    Internkontroll: the control points of ``period_kind`` (T1 by default: the tertialvis ones,
    which every period's template asks for), each done without a deviation.
    """
    edits: dict[tuple[str, str, str], Any] = {}
    for kf in plan.key_figures_for(division):
        from reporting.plan.targets import Direction

        if kf.target.direction is Direction.DONE:
            good = "Ja"
        else:
            goal = float(kf.target.value)
            lower = kf.target.direction in (Direction.BELOW, Direction.AT_MOST)
            good = goal * 0.9 if lower else (min(goal * 1.05, 100) if kf.target.is_percent else goal * 1.05)
        edits[("Nyckeltal", kf.id, "outcome")] = good
        edits[("Nyckeltal", kf.id, "forecast")] = good
        edits[("Nyckeltal", kf.id, "denominator")] = 100
    for item in plan.assignments_for(division):
        edits[("Uppdrag", item.id, "status")] = "Pågår enligt plan"
    frame = plan.frame(division, year)
    for gid, amount in frame.amounts.items():
        edits[("Ekonomi", gid, "periodised")] = float(amount) / 3
        edits[("Ekonomi", gid, "actual")] = float(amount) / 3
        edits[("Ekonomi", gid, "forecast")] = float(amount)
    for measure in plan.measures_for(division):
        edits[("Åtgärdsplan", measure.id, "achieved")] = 1
        edits[("Åtgärdsplan", measure.id, "forecast")] = 2
    for item in plan.investments_for(division):
        edits[("Investeringar", item.id, "status")] = "Pågår"
        edits[("Investeringar", item.id, "spent")] = 10
    for point in plan.control_points_for(division, period_kind):
        edits[("Internkontroll", point.id, "done")] = "Ja"
        edits[("Internkontroll", point.id, "result")] = "Stickprov utan anmärkning."
        edits[("Internkontroll", point.id, "deviation")] = "Nej"
    from reporting.plan.periods import Period

    sheets = Period(year, period_kind).sheets  # a month's template has no Uppdrag, Investeringar or Internkontroll
    return {key: value for key, value in edits.items() if key[0] in sheets}


def answer(sub: Any, sheet: str, row_id: str, key: str) -> Any:
    """The value a submission read for (sheet, row id, column key), through its typed answers."""
    spec = next(s for s in DATA_SHEETS if s.name == sheet)
    rows = getattr(sub.answers, FIELD_OF[spec.answer])
    return getattr(rows[row_id], key) if row_id in rows else None


def answer_cell(sub: Any, sheet: str, row_id: str, key: str) -> str:
    spec = next(s for s in DATA_SHEETS if s.name == sheet)
    rows = getattr(sub.answers, FIELD_OF[spec.answer])
    return rows[row_id].cell(key) if row_id in rows else ""


def fail_checking(monkeypatch: Any, prefix: str, how: str) -> None:
    """Make intake's per-file check fail for files named ``prefix…``: raise ("raises") or kill the worker ("dies")."""
    import os

    from reporting.intake import checking

    original = checking.check_file

    def flaky(path: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(path).name.startswith(prefix):
            if how == "dies":
                os._exit(3)
            raise RuntimeError("bug in a rule")
        return original(path, *args, **kwargs)

    monkeypatch.setattr(checking, "check_file", flaky)
    monkeypatch.setattr(checking, "PARALLEL_FROM", 2)
