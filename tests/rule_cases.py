"""The rule tests' cases (test_rules.py, test_rules_messages.py, test_qa34i_rules.py): positions in the template and
the plan, a Case building inputs in one tmp_path, and the builders that make a file or plan with and without a mistake
and run the real entry point on it. The table of one row per rule is in rule_table.py."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from edit_xml import edit_cells
from helpers import complete_edits, edit_workbook, fill, locate, locate_in, read_workbook, template_copy
from reporting.consolidate.consolidation import consolidate
from reporting.findings import Finding, Severity
from reporting.intake.checking import check_file
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.plan.read import check_plan
from reporting.template.spec import META_SHEET
from reporting.workspace import Workspace
from test_econ_varav import as_earlier_template, insert_row
from test_hostile import BILLION_LAUGHS, _rewrite
from test_robust_read import EKONOMI, member

T1 = Period(2025, "T1")
DELAR = Period(2025, "delar")
HELAR = Period(2025, "helar")
DURING_T1 = date(2025, 5, 10)  # T1 is consolidated in May, while the delår is still running
AFTER_DELAR = date(2025, 10, 1)  # T1 consolidated again, as a correction, after the delår is over
DIVISION = "MED"
ERROR, WARNING = Severity.ERROR, Severity.WARNING
Edits = dict[tuple[str, str, str], Any]
Mistake = Edits | Callable[[Any], Edits]  # the edits, or a function of the plan giving them (budget amounts)


# ------------------------------------------------------------------ positions
@dataclass(frozen=True)
class At:
    """A template cell by (sheet, row id, column key), found in the clean template with helpers.locate_in."""

    sheet: str
    row_id: str
    key: str

    def resolve(self, case: Case) -> str:
        return locate_in(case.clean(), self.sheet, self.row_id, self.key)


@dataclass(frozen=True)
class PlanAt:
    """A plan workbook cell by (sheet, id in column A, header in row 1), found in the clean plan."""

    sheet: str
    row_id: str
    header: str

    def resolve(self, case: Case) -> str:
        ws = read_workbook(case.plan_file())[self.sheet]
        col = next(c.column_letter for c in ws[1] if c.value == self.header)
        row = next(c.row for c in ws["A"] if c.value == self.row_id)
        return f"{col}{row}"


# ------------------------------------------------------------------ building cases
class Case:
    """Builds inputs in one tmp_path and runs the real entry points on them."""

    def __init__(self, plan: Any, tmp_path: Path, make_template: Callable[..., Path], plan_xlsx: Path) -> None:
        self.plan, self.tmp, self.make_template = plan, tmp_path, make_template
        self.plan_xlsx = plan_xlsx  # ``plan`` written as plan.xlsx (once per session)
        self._clean: Path | None = None
        self._templates: dict[Period, Path] = {}
        self._count = 0
        self.net_frame: tuple[Any, Path] | None = None  # see _net_frame_file

    def _name(self, stem: str) -> Path:
        self._count += 1
        return self.tmp / f"{self._count:02d}-{stem}.xlsx"

    def filled(self, edits: Edits | None = None, period: Period = T1, name: str = "filled") -> Path:
        """A complete, valid submission of the division for ``period``, with ``edits`` on top."""
        if period not in self._templates:
            self._templates[period] = self.make_template(DIVISION, period, name=f"template-{period.key}.xlsx")
        template = self._templates[period]
        return fill(
            template,
            {
                **complete_edits(self.plan, DIVISION, period.year, period.kind if period.is_month else "T1"),
                **(edits or {}),
            },
            self._name(name),
        )

    def clean(self) -> Path:
        if self._clean is None:
            self._clean = self.filled(name="clean")
        return self._clean

    def edited(self, change: Callable[[Any], None]) -> Path:
        """A copy of the clean submission changed through openpyxl (as a person at Excel would)."""
        return edit_workbook(self.clean(), change, self._name("edited"))

    def copy(self, name: str) -> Path:
        path = self.tmp / name
        shutil.copy(self.clean(), path)
        return path

    def check(self, path: Path, period: Period = T1, today: date | None = None) -> list[Finding]:
        return check_file(path, self.plan, period, today=today).findings

    def plan_file(self) -> Path:
        path = self.tmp / "plan-clean.xlsx"
        return path if path.exists() else Path(shutil.copyfile(self.plan_xlsx, path))

    def intake(self, files: list[Path], period: Period = T1) -> tuple[Workspace, Any]:
        ws = Workspace(self.tmp / f"ws{self._count}")
        self._count += 1
        ws.inbox.mkdir(parents=True)
        for path in files:
            shutil.copy(path, ws.inbox / path.name)
        return ws, run_intake(ws, self.plan, period)

    def consolidated(self, edits: Edits, period: Period = T1) -> list[Finding]:
        """The consolidation's budget checks over an inbox holding the division's one file."""
        _, result = self.intake([self.filled(edits, period, name="inbox-file")], period)
        return consolidate(self.plan, result).checks


Builder = Callable[[Case, bool], list[Finding]]


def _edits(mistake: Mistake, plan: Any) -> Edits:
    return mistake(plan) if callable(mistake) else mistake


def edits(mistake: Mistake) -> Builder:
    """A complete submission with some cells changed; checked with check_file."""
    return lambda case, on: case.check(case.filled(_edits(mistake, case.plan)) if on else case.clean())


def meta(key: str, value: str) -> Builder:
    """A complete submission whose hidden _meta sheet says ``value`` for ``key``."""

    def change(wb: Any) -> None:
        ws = wb[META_SHEET]
        row = next(r for r in ws.iter_rows(max_col=2) if r[0].value == key)
        row[1].value = value

    return lambda case, on: case.check(case.edited(change) if on else case.clean())


def package(mistake: Callable[[Path, Path], Path]) -> Builder:
    """The clean submission's bytes or zip package tampered with; checked with check_file."""
    return lambda case, on: case.check(mistake(case.clean(), case.tmp / "tampered.xlsx") if on else case.clean())


def truncated(good: Path, target: Path) -> Path:
    data = good.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def entity_bomb(good: Path, target: Path) -> Path:
    return _rewrite(good, target, replace={"xl/workbook.xml": BILLION_LAUGHS})


def with_macros(good: Path, target: Path) -> Path:
    return _rewrite(good, target, add={"xl/vbaProject.bin": b"\x00attribute vb_name" * 10})


def without_meta(case: Case, on: bool) -> list[Finding]:
    """The inputs pasted into a workbook without the template's hidden identity sheet."""

    def change(wb: Any) -> None:
        del wb[META_SHEET]

    return case.check(case.edited(change) if on else case.clean())


def other_period(case: Case, on: bool) -> list[Finding]:
    """The template of a period still running (the delår, in May) filled in and sent for T1."""
    return case.check(case.filled(period=DELAR) if on else case.clean(), today=DURING_T1)


def later_period(case: Case, on: bool) -> list[Finding]:
    """The delår's file in the inbox when T1 is run again after the delår: left for the delår's own run."""
    return case.check(case.filled(period=DELAR) if on else case.clean(), today=AFTER_DELAR)


def earlier_period(case: Case, on: bool) -> list[Finding]:
    """March's monthly file still in the inbox when T1 is consolidated: a leftover, warned about and left out."""
    return case.check(case.filled(period=Period(2025, "M03")) if on else case.clean())


def two_files(case: Case, on: bool) -> list[Finding]:
    """The inbox holds two files for one division (a copy saved under another name)."""
    second = case.filled({("Nyckeltal", "N01", "analysis"): "Andra versionen."}, name="medicin-v2")
    _, result = case.intake([case.copy("medicin.xlsx"), second] if on else [case.copy("medicin.xlsx")])
    return result.findings


def older_plan(sheet: str, row_id: str, key: str, value: Any) -> Builder:
    """A file from another version of the plan (its hash differs) whose pre-filled value the plan has changed since."""

    def build(case: Case, on: bool) -> list[Finding]:
        def change(wb: Any) -> None:
            row = next(r for r in wb[META_SHEET].iter_rows(max_col=2) if r[0].value == "plan_hash")
            row[1].value = "0000"
            if on:
                wb[sheet][locate(wb[sheet], row_id, key, sheet)] = value

        return case.check(case.edited(change))

    return build


def plan_edit(sheet: str, row_id: str, header: str, value: Any) -> Builder:
    """The plan workbook with one cell changed; checked with check_plan."""

    def build(case: Case, on: bool) -> list[Finding]:
        path = case.plan_file()
        if on:

            def change(wb: Any) -> None:
                wb[sheet][PlanAt(sheet, row_id, header).resolve(case)] = value

            path = edit_cells(path, change, case.tmp / "plan-edited.xlsx")
        return check_plan(path)[1]

    return build


def varav_row(case: Case, on: bool) -> list[Finding]:
    """An earlier template (Netto a SUM over the groups' range) with (on) a "varav" row inserted under Externa
    kostnader, as Excel inserts it: the range widens over the row (see test_econ_varav)."""
    sheet = as_earlier_template(member(case.clean(), EKONOMI).decode("utf-8"))
    sheet = insert_row(sheet, 8, {"E": -12.0}) if on else sheet
    return case.check(_rewrite(case.clean(), case.tmp / f"varav-{on}.xlsx", replace={EKONOMI: sheet.encode("utf-8")}))


def unit_for_division(case: Case, on: bool) -> list[Finding]:
    """The plan with (on) a unit of MED on Enheter whose name no MED investment's Enhet carries."""
    path = case.plan_file()
    if on:

        def change(wb: Any) -> None:
            wb["Enheter"].append(["MEDA", "Medicinkliniken", DIVISION])

        path = edit_workbook(path, change, case.tmp / "plan-units.xlsx")
    return check_plan(path)[1]


def settings_edit(label: str, value: Any) -> Builder:
    """The plan workbook with the Nämnd sheet's value for ``label`` (column A) changed; checked with check_plan."""

    def build(case: Case, on: bool) -> list[Finding]:
        path = case.plan_file()
        if on:

            def change(wb: Any) -> None:
                ws = wb["Nämnd"]
                row = next(c.row for c in ws["A"] if c.value == label)
                ws[f"B{row}"] = value

            path = edit_cells(path, change, case.tmp / "plan-edited.xlsx")
        return check_plan(path)[1]

    return build


def budget(mistake: Mistake) -> Builder:
    """A complete submission consolidated; the mistake shows only against the budget."""
    return lambda case, on: case.consolidated(_edits(mistake, case.plan) if on else {})


def central_forgotten(case: Case, on: bool) -> list[Finding]:
    """The division's complete file consolidated, the nämnd's Centrala värden forgotten (on) or given (off)."""
    from reporting.intake.central import CentralValue, CentralValues

    _, result = case.intake([case.clean()])
    given = CentralValues("Centrala värden.xlsx", "0" * 64)
    given.values[("Finansiellt mål", "F1")] = CentralValue("Finansiellt mål", "F1", Decimal("1.5"), "", "", "D2")
    return consolidate(case.plan, result, central=None if on else given).checks


def _frame(plan: Any, group: str) -> float:
    return float(plan.frame(DIVISION, T1.year).amounts[group])


def _year(plan: Any) -> Edits:
    """A complete helår file: periodised budget and utfall are the year's budget (the forecast is already), each
    measure's effect forecast the achieved one (complete_edits: 1)."""
    frame = plan.frame(DIVISION, HELAR.year)
    edits = {("Ekonomi", gid, key): float(v) for gid, v in frame.amounts.items() for key in ("periodised", "actual")}
    return edits | {("Åtgärdsplan", m.id, "forecast"): 1 for m in plan.measures_for(DIVISION)}


def year_end(mistake: Mistake) -> Builder:
    """A complete helår submission with some cells changed; checked with check_file."""
    return lambda case, on: case.check(
        case.filled({**_year(case.plan), **(_edits(mistake, case.plan) if on else {})}, HELAR), HELAR
    )


def year_end_budget(mistake: Mistake) -> Builder:
    """A complete helår submission consolidated; the mistake shows only against the budget."""
    return lambda case, on: case.consolidated({**_year(case.plan), **(_edits(mistake, case.plan) if on else {})}, HELAR)


def _net_frame_file(case: Case) -> tuple[Any, Path]:
    """Seed 003's plan (one Netto group, NE) and Primärvård's complete T1 file, made once per case (a case asks
    for it when it builds its file with and without the mistake and when it resolves the cell)."""
    if case.net_frame is None:
        case.net_frame = _write_net_frame_file(case)
    return case.net_frame


def _write_net_frame_file(case: Case) -> tuple[Any, Path]:
    from reporting.demo.seed_plans import write_seed_plan
    from reporting.demo.submissions import write_demo_submissions
    from reporting.plan.read import load_plan

    plan = load_plan(write_seed_plan("vasternorrland-2025", case.tmp / "vn-plan.xlsx"))
    files = write_demo_submissions(plan, T1, case.tmp / "vn")
    return plan, next(p for p in files if "Primärvård" in p.name)


def net_frame(mistake: Edits, name: str, base: Edits | None = None) -> Builder:
    """Seed 003's Primärvård file with ``base`` typed in, and the ``mistake`` too when on; checked during T1."""

    def build(case: Case, on: bool) -> list[Finding]:
        plan, complete = _net_frame_file(case)
        edits = {**(base or {}), **(mistake if on else {})}
        path = fill(complete, edits, case.tmp / f"vn-{name}-{on}.xlsx") if edits else complete
        return check_file(path, plan, T1, today=DURING_T1).findings

    return build


def sign_split(case: Case, on: bool) -> list[Finding]:
    """Seed 003's five T1 files consolidated, Primärvård's B2 (inhyrd personal, mkr) typed (on) with Ekonomi's
    minus for costs in every column while the four others type it positive."""
    plan, complete = _net_frame_file(case)
    minus = {("Nyckeltal", "B2", k): v for k, v in (("outcome", -46.7), ("last_year", -46.5), ("forecast", -44.4))}
    ws = Workspace(case.tmp / f"vn-split-{on}")
    ws.inbox.mkdir(parents=True)
    for path in complete.parent.glob("*.xlsx"):
        shutil.copy(path, ws.inbox / path.name)
    if on:
        fill(complete, minus, ws.inbox / complete.name)
    return consolidate(plan, run_intake(ws, plan, T1)).checks


netto_sign = net_frame({("Ekonomi", "NE", "actual"): 142.1}, "plus")  # a net frame's utfall without its minus


def accumulated_drop(case: Case, on: bool) -> list[Finding]:
    """The demo plan with N14 accumulated ("… ackumulerat"): T1's utfall 5, then delår's 2 (on: the month's own
    count) or 6, taken in with history by run_period; the delår run's checks."""
    from reporting.workflow import run_period

    plan = deepcopy(case.plan)
    plan.key_figures = [replace(k, name=f"{k.name}, ackumulerat") if k.id == "N14" else k for k in plan.key_figures]
    ws = Workspace(case.tmp / f"accumulated-{on}")
    ws.inbox.mkdir(parents=True)
    checks: list[Finding] = []
    for period, value in ((T1, 5.0), (Period(2025, "delar"), 2.0 if on else 6.0)):
        for old in ws.inbox.glob("*.xlsx"):
            old.unlink()
        template = template_copy(plan, DIVISION, period, case.tmp / f"accumulated-{on}-{period.key}.xlsx")
        fill(template, {**complete_edits(plan, DIVISION), ("Nyckeltal", "N14", "outcome"): value}, ws.inbox / "m.xlsx")
        checks = run_period(ws, plan, period, report=False, feedback=False, quiet=True).consolidation.checks
    return checks


def to_date_drop(sheet: str, row_id: str, key: str, first: Any, then: Any, kept: Any) -> Builder:
    """Medicin's T1 answer ``first``, then its delår answer ``then`` (on: an amount fallen, a status gone back) or
    ``kept`` (off), taken in with history by run_period; the delår run's checks."""

    def build(case: Case, on: bool) -> list[Finding]:
        from reporting.workflow import run_period

        ws = Workspace(case.tmp / f"to-date-{on}")
        ws.inbox.mkdir(parents=True)
        checks: list[Finding] = []
        for period, value in ((T1, first), (DELAR, then if on else kept)):
            for old in ws.inbox.glob("*.xlsx"):
                old.unlink()
            template = template_copy(case.plan, DIVISION, period, case.tmp / f"to-date-{period.key}.xlsx")
            fill(template, {**complete_edits(case.plan, DIVISION), (sheet, row_id, key): value}, ws.inbox / "m.xlsx")
            checks = run_period(ws, case.plan, period, report=False, feedback=False, quiet=True).consolidation.checks
        return checks

    return build


@dataclass(frozen=True)
class NetAt:
    """A cell of seed 003's Primärvård file (another plan than the demo's, which has no Netto group)."""

    row_id: str
    key: str

    def resolve(self, case: Case) -> str:
        return locate_in(_net_frame_file(case)[1], "Ekonomi", self.row_id, self.key)
