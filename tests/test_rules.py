"""One row per rule: a case that triggers it, through the real entry point, at its exact position.

Each row names a rule, a case builder and the (severity, sheet, cell) of the
finding the case must produce. A builder is called twice: with the mistake,
where the finding must be present, and without it (a clean, complete file or
plan), where the rule must not appear at all; so the mistake is the cause.
A second test fails as soon as a rule is added without a row.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from edit_xml import edit_cells
from helpers import complete_edits, edit_workbook, fill, locate, locate_in, read_workbook, template_copy
from reporting.consolidate.consolidation import consolidate
from reporting.findings import Finding, Rule, Severity
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


def test_an_investment_outside_its_divisions_units_names_the_division(case):
    found = [f for f in unit_for_division(case, True) if f.rule is Rule.INVESTMENT_UNIT_UNKNOWN]
    assert {f.division for f in found} == {DIVISION}  # plan check --json and the report's filters use it


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


@dataclass(frozen=True)
class NetAt:
    """A cell of seed 003's Primärvård file (another plan than the demo's, which has no Netto group)."""

    row_id: str
    key: str

    def resolve(self, case: Case) -> str:
        return locate_in(_net_frame_file(case)[1], "Ekonomi", self.row_id, self.key)


# ------------------------------------------------------------------ the table
@dataclass(frozen=True)
class Row:
    rule: Rule
    build: Builder
    severity: Severity
    sheet: str = ""
    cell: str | At | PlanAt | NetAt = ""

    def resolve(self, case: Case) -> str:
        return self.cell if isinstance(self.cell, str) else self.cell.resolve(case)


EXPLAINED = {("Ekonomi", "EK", "comment"): "Inhyrd personal.", ("Ekonomi", "NETTO", "comment"): "Underskott."}

TABLE = [
    Row(
        Rule.REQUIRED_MISSING,
        edits({("Nyckeltal", "N01", "outcome"): None}),
        ERROR,
        "Nyckeltal",
        At("Nyckeltal", "N01", "outcome"),
    ),
    Row(
        Rule.NUMBER_AS_TEXT,
        edits({("Ekonomi", "EK", "actual"): "\u2212427,5"}),
        WARNING,
        "Ekonomi",
        At("Ekonomi", "EK", "actual"),
    ),
    Row(
        Rule.NOT_A_NUMBER,
        edits({("Nyckeltal", "N01", "forecast"): "ej klart"}),
        ERROR,
        "Nyckeltal",
        At("Nyckeltal", "N01", "forecast"),
    ),
    Row(
        Rule.OUT_OF_RANGE,
        edits({("Nyckeltal", "N04", "outcome"): 110}),  # a share above 100 %
        ERROR,
        "Nyckeltal",
        At("Nyckeltal", "N04", "outcome"),
    ),
    Row(
        Rule.STATUS_INVALID,
        edits({("Uppdrag", "U02", "status"): "Klar"}),
        ERROR,
        "Uppdrag",
        At("Uppdrag", "U02", "status"),
    ),
    Row(
        Rule.NETTO_MISMATCH,
        edits({("Ekonomi", "NETTO", "actual"): -300.0}),  # the netto formula typed over
        ERROR,
        "Ekonomi",
        At("Ekonomi", "NETTO", "actual"),
    ),
    Row(Rule.ROW_IN_NETTO, varav_row, WARNING, "Ekonomi", "E8"),  # the inserted row's utfall, counted in Netto
    Row(
        Rule.FORECAST_NO_COMMENT,
        edits(lambda plan: {("Ekonomi", "EK", "forecast"): _frame(plan, "EK") - 50}),
        ERROR,
        "Ekonomi",
        At("Ekonomi", "EK", "comment"),
    ),
    Row(
        Rule.TARGET_MISSED_NO_ANALYSIS,
        edits({("Nyckeltal", "N04", "outcome"): 50}),
        ERROR,
        "Nyckeltal",
        At("Nyckeltal", "N04", "analysis"),
    ),
    Row(
        Rule.STRUCTURE_CHANGED,
        edits({("Nyckeltal", "N01", "target"): "Minst 3"}),  # a locked, pre-filled cell changed
        ERROR,
        "Nyckeltal",
        At("Nyckeltal", "N01", "target"),
    ),
    Row(
        Rule.FORMULA_NO_CACHE,
        edits({("Åtgärdsplan", "A1", "achieved"): "=2+3"}),  # saved by a program that does not calculate
        ERROR,
        "Åtgärdsplan",
        At("Åtgärdsplan", "A1", "achieved"),
    ),
    Row(Rule.FILE_UNREADABLE, package(truncated), ERROR),
    Row(Rule.FILE_HOSTILE, package(entity_bomb), ERROR),
    Row(Rule.MACROS, package(with_macros), ERROR),
    Row(Rule.NOT_A_TEMPLATE, without_meta, ERROR),
    Row(Rule.TEMPLATE_VERSION, meta("template_version", "0"), ERROR),
    Row(Rule.WRONG_PERIOD, other_period, ERROR),
    Row(Rule.EARLIER_PERIOD, earlier_period, WARNING),
    Row(Rule.LATER_PERIOD, later_period, WARNING),
    Row(Rule.UNKNOWN_DIVISION, meta("division_id", "XYZ"), ERROR),
    Row(Rule.NAME_MISMATCH, meta("division_id", "KIR"), WARNING),
    Row(Rule.DUPLICATE_DIVISION, two_files, ERROR),
    Row(Rule.PLAN_CHANGED, meta("plan_hash", "0000"), WARNING),
    Row(
        Rule.PLAN_VALUE_CHANGED,
        older_plan("Nyckeltal", "N01", "target", "Minst 3"),
        WARNING,
        "Nyckeltal",
        At("Nyckeltal", "N01", "target"),
    ),
    Row(
        Rule.FRAME_CHANGED, older_plan("Ekonomi", "EK", "budget", -1.0), ERROR, "Ekonomi", At("Ekonomi", "EK", "budget")
    ),
    Row(  # a row the plan no longer gives the division (removed, or moved to another): nobody's mistake
        Rule.PLAN_ROW_CHANGED, older_plan("Uppdrag", "U01", "id", "U99"), WARNING, "Uppdrag", At("Uppdrag", "U01", "id")
    ),
    Row(
        Rule.BUDGET_DEVIATION,
        budget(lambda plan: {("Ekonomi", "EK", "actual"): _frame(plan, "EK") / 3 - 20}),  # periodised is 1/3
        WARNING,
        "Ekonomi",
        At("Ekonomi", "EK", "actual"),
    ),
    Row(Rule.CENTRAL_MISSING, central_forgotten, WARNING),  # about the office's file as a whole: no sheet or cell
    Row(
        Rule.FORECAST_DEFICIT,
        budget(lambda plan: {("Ekonomi", "EK", "forecast"): _frame(plan, "EK") - 50, **EXPLAINED}),
        WARNING,
        "Ekonomi",
        At("Ekonomi", "NETTO", "forecast"),  # the division's netto forecast against its frame
    ),
    Row(
        Rule.RESULT_DEFICIT,  # the årsrapport: the year's utfall worse than the frame
        year_end_budget(lambda plan: {("Ekonomi", "EK", "actual"): _frame(plan, "EK") - 50, **EXPLAINED}),
        WARNING,
        "Ekonomi",
        At("Ekonomi", "NETTO", "actual"),  # the division's netto utfall, which is its forecast
    ),
    Row(
        Rule.YEAR_END_FORECAST,  # November's forecast left in the helår file beside the year's utfall
        year_end(lambda plan: {("Ekonomi", "EK", "forecast"): _frame(plan, "EK") - 50}),
        WARNING,
        "Ekonomi",
        At("Ekonomi", "EK", "forecast"),
    ),
    Row(
        Rule.EFFECT_UNIT_OFF,  # 1 400 tkr typed as A1's forecast in an mkr plan (the whole measure plans 20 mkr)
        edits({("Åtgärdsplan", "A1", "forecast"): 1400}),
        WARNING,
        "Åtgärdsplan",
        At("Åtgärdsplan", "A1", "forecast"),
    ),
    Row(
        Rule.SPENT_UNIT_OFF,  # 15,7 typed for an object of 16 920 tkr: mkr where whole tkr is asked
        edits({("Investeringar", "I01", "spent"): 15.7}),
        WARNING,
        "Investeringar",
        At("Investeringar", "I01", "spent"),
    ),
    Row(
        Rule.EFFECT_SIGN,  # a saving typed with the minus of Ekonomi's costs
        edits({("Åtgärdsplan", "A1", "achieved"): -0.5}),
        WARNING,
        "Åtgärdsplan",
        At("Åtgärdsplan", "A1", "achieved"),
    ),
    Row(
        Rule.YEAR_END_EFFECT,  # November's forecast of a measure's effect left beside the year's achieved effect
        year_end({("Åtgärdsplan", "A1", "forecast"): 9}),
        WARNING,
        "Åtgärdsplan",
        At("Åtgärdsplan", "A1", "forecast"),
    ),
    Row(
        Rule.YEAR_END_PERIODISED,  # November's periodised budget left in the helår file
        year_end(lambda plan: {("Ekonomi", "EK", "periodised"): round(_frame(plan, "EK") * 11 / 12, 1)}),
        WARNING,
        "Ekonomi",
        At("Ekonomi", "EK", "periodised"),
    ),
    Row(
        Rule.AMOUNT_UNIT_OFF,  # tkr typed in an mkr plan: 1 000 times the periodised budget
        edits(lambda plan: {("Ekonomi", "EK", "actual"): round(_frame(plan, "EK") / 3 * 1000)}),
        WARNING,
        "Ekonomi",
        At("Ekonomi", "EK", "actual"),
    ),
    Row(
        Rule.AMOUNT_TENFOLD,  # a zero too many in the helårsprognos: ten times the budget
        edits(lambda plan: {("Ekonomi", "EK", "forecast"): round(_frame(plan, "EK") * 10)}),
        WARNING,
        "Ekonomi",
        At("Ekonomi", "EK", "forecast"),
    ),
    Row(
        Rule.KEY_FIGURE_UNIT_OFF,  # seed 003's B2 (inhyrd personal, mkr) typed in tkr: more than all PV's budget
        net_frame({("Nyckeltal", "B2", "outcome"): 46700}, "tkr"),
        WARNING,
        "Nyckeltal",
        "E7",  # B2's Utfall perioden in seed 003's Primärvård file
    ),
    Row(
        Rule.KEY_FIGURE_SIGN,  # seed 003's B2 (inhyrd personal, mkr) typed with Ekonomi's minus for costs
        net_frame({("Nyckeltal", "B2", "outcome"): -46.7}, "sign", base={("Nyckeltal", "B2", "last_year"): 40.2}),
        WARNING,
        "Nyckeltal",
        "E7",  # B2's Utfall perioden in seed 003's Primärvård file
    ),
    Row(Rule.KEY_FIGURE_SIGN_SPLIT, sign_split, WARNING, "Nyckeltal", "E7"),  # consolidation: PV's B2 utfall
    Row(Rule.NETTO_SIGN, netto_sign, WARNING, "Ekonomi", NetAt("NE", "actual")),  # seed 003: one Netto group
    Row(Rule.ACCUMULATED_DROP, accumulated_drop, WARNING, "Nyckeltal", At("Nyckeltal", "N14", "outcome")),
    Row(
        Rule.FULL_YEAR_OUTCOME,  # the year's budget typed as T1's accumulated utfall
        edits(lambda plan: {("Ekonomi", "EK", "actual"): _frame(plan, "EK")}),
        WARNING,
        "Ekonomi",
        At("Ekonomi", "EK", "actual"),
    ),
    Row(
        Rule.INVESTMENT_STATUS,  # "Ej påbörjad" left from last period beside 10 tkr upparbetat
        edits({("Investeringar", "I01", "status"): "Ej påbörjad"}),
        WARNING,
        "Investeringar",
        At("Investeringar", "I01", "status"),
    ),
    Row(
        Rule.PLAN_INVALID,
        plan_edit("Nyckeltal", "N01", "Målvärde", "Minst ,88"),
        ERROR,
        "Nyckeltal",
        PlanAt("Nyckeltal", "N01", "Målvärde"),
    ),
    Row(
        Rule.SAVINGS_MISMATCH,  # the measures' effects 2025 sum to 51 (seed 000), the requirement says 100
        settings_edit("Besparingskrav 2025 (mkr)", 100),
        WARNING,
        "Nämnd",
        "B10",
    ),
    Row(
        Rule.KOLADA_ID_MISSING,  # N01 has no Kolada id: riket's value would never come
        plan_edit("Nyckeltal", "N01", "Målvärde", "I nivå med nationell utveckling"),
        WARNING,
        "Nyckeltal",
        PlanAt("Nyckeltal", "N01", "Kolada-id"),
    ),
    Row(
        Rule.INVESTMENT_UNIT_UNKNOWN,  # MED gets a unit; I01's Enhet "Röntgen Östersund" is none of MED's units
        unit_for_division,
        WARNING,
        "Investeringar",
        PlanAt("Investeringar", "I01", "Enhet"),
    ),
    Row(
        Rule.TARGET_DIRECTION_NAME,  # the name says lower is better, the målvärde "Minst 4,01"
        plan_edit("Nyckeltal", "N01", "Nyckeltal", "Minska Hållbart Säkerhets Engagemang (HSE)"),
        WARNING,
        "Nyckeltal",
        PlanAt("Nyckeltal", "N01", "Nyckeltal"),
    ),
]


@pytest.fixture
def case(plan, tmp_path, make_template, demo_plan_xlsx):
    return Case(plan, tmp_path, make_template, demo_plan_xlsx)


def _positions(findings: list[Finding]) -> list[tuple[str, str, str, str]]:
    return [(f.rule.value, f.severity.value, f.sheet, f.cell) for f in findings]


@pytest.mark.parametrize("row", TABLE, ids=[row.rule.value for row in TABLE])
def test_rule_is_triggered_by_its_case(row, case):
    expected = (row.rule.value, row.severity.value, row.sheet, row.resolve(case))
    found = row.build(case, True)
    assert expected in _positions(found), f"{expected} not among {_positions(found)}"
    clean = row.build(case, False)
    assert row.rule not in {f.rule for f in clean}, _positions(clean)


def test_every_rule_has_a_row():
    assert {row.rule for row in TABLE} == set(Rule)
    assert len(TABLE) == len(set(Rule)), "one row per rule"


# ------------------------------------------------------------------ numbers in messages, the Swedish way
def _messages(findings: list[Finding], rule: Rule, cell: str) -> list[tuple[str, str]]:
    return [(f.severity.value, f.message) for f in findings if f.rule is rule and f.cell == cell]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [(-5, "\u22125"), (100.5, "100,5"), ("\u22122,25 %", "\u22122,25"), (1234.5, "1\u00a0234,5")],
)
def test_a_share_out_of_range_is_shown_the_swedish_way(case, typed, shown):
    """The tester's "Andelen -5 %" and "Andelen 100.5 %": U+2212 minus, decimal comma, no-break-space thousands."""
    cell = At("Nyckeltal", "N04", "outcome").resolve(case)
    found = case.check(case.filled({("Nyckeltal", "N04", "outcome"): typed}))
    assert _messages(found, Rule.OUT_OF_RANGE, cell) == [
        ("fel", f"Andelen {shown} % för nyckeltal N04 ligger utanför 0–100 %.")
    ]


def test_a_share_with_more_digits_than_decimal_precision_is_shown_whole(case):
    """A share typed with 32 significant digits is shown as typed, not rounded to 100 nor an InvalidOperation."""
    cell = At("Nyckeltal", "N04", "outcome").resolve(case)
    typed = "100,00000000000000000000000000001"
    found = case.check(case.filled({("Nyckeltal", "N04", "outcome"): typed}))
    assert _messages(found, Rule.OUT_OF_RANGE, cell) == [
        ("fel", f"Andelen {typed} % för nyckeltal N04 ligger utanför 0–100 %.")
    ]


def test_an_amount_with_the_wrong_sign_and_an_overspent_investment_are_shown_the_swedish_way(case):
    """Money read through to_mkr (427,5 kept as 427,500) is shown as typed; tkr amounts grouped."""
    cost, spent = At("Ekonomi", "EK", "actual").resolve(case), At("Investeringar", "I01", "spent").resolve(case)
    found = case.check(case.filled({("Ekonomi", "EK", "actual"): 427.5, ("Investeringar", "I01", "spent"): 21000.5}))
    assert _messages(found, Rule.OUT_OF_RANGE, cost) == [
        ("fel", "Externa kostnader ska anges med minustecken: skriv −427,5, inte 427,5.")
    ]
    income = At("Ekonomi", "EI", "actual").resolve(case)
    found_income = case.check(case.filled({("Ekonomi", "EI", "actual"): -5.0}))
    assert _messages(found_income, Rule.OUT_OF_RANGE, income) == [
        ("fel", "Externa intäkter ska anges utan minustecken: skriv 5, inte −5.")
    ]
    assert _messages(found, Rule.OUT_OF_RANGE, spent) == [
        ("varning", "Upparbetat 21\u00a0000,5 tkr överstiger budget 16\u00a0920 tkr med mer än 20 %; kommentera.")
    ]


@pytest.mark.parametrize("typed", [1.598, "1.598"])
def test_a_nämnare_typed_with_a_thousands_dot_is_warned_about(case, typed):
    """ "1.598" (1 598 patients with a dot) reads as 1,598 and would weight the nämnd's total wrongly."""
    cell = At("Nyckeltal", "N04", "denominator").resolve(case)
    found = case.check(case.filled({("Nyckeltal", "N04", "denominator"): typed}))
    assert _messages(found, Rule.OUT_OF_RANGE, cell) == [
        (
            "varning",
            "Nämnaren (ett antal) för nyckeltal N04 läses som 1,598, vilket inte är ett heltal; skriv antalet utan decimaler "
            "och utan punkt, t.ex. 1598 eller 1\u00a0598.",
        )
    ]


@pytest.mark.parametrize("typed", [1598, 1598.0, "1 598"])
def test_a_whole_nämnare_is_not_warned_about(case, typed):
    cell = At("Nyckeltal", "N04", "denominator").resolve(case)
    found = case.check(case.filled({("Nyckeltal", "N04", "denominator"): typed}))
    assert [f for f in found if f.cell == cell and f.sheet == "Nyckeltal"] == []


def test_a_small_nämnare_with_a_dot_is_read_back_as_thousands_in_the_example(case):
    cell = At("Nyckeltal", "N04", "denominator").resolve(case)
    found = case.check(case.filled({("Nyckeltal", "N04", "denominator"): "2.5"}))
    assert "läses som 2,5" in _messages(found, Rule.OUT_OF_RANGE, cell)[0][1]
    assert "t.ex. 2500 eller 2\u00a0500." in _messages(found, Rule.OUT_OF_RANGE, cell)[0][1]


def test_a_nämnare_with_many_decimals_gets_a_plain_example(case):
    cell = At("Nyckeltal", "N04", "denominator").resolve(case)
    found = case.check(case.filled({("Nyckeltal", "N04", "denominator"): 312.4567}))
    assert _messages(found, Rule.OUT_OF_RANGE, cell) == [
        (
            "varning",
            "Nämnaren (ett antal) för nyckeltal N04 läses som 312,4567, vilket inte är ett heltal; skriv antalet utan decimaler "
            "och utan punkt, t.ex. 1598 eller 1\u00a0598.",
        )
    ]


def test_a_net_frames_amount_of_the_other_sign_quotes_both_amounts(case):
    (found,) = [f for f in netto_sign(case, True) if f.rule is Rule.NETTO_SIGN]
    assert found.message == (
        "Utfallet är 142,1 mkr men nettobudgeten \u22121\u00a0450,0 mkr: tecknet skiljer. Netto anges med budgetens "
        "tecken (kostnader med minustecken); kontrollera tecknet."
    )


def test_an_effect_in_tkr_and_one_with_a_minus_quote_the_planned_effect(case):
    found = case.check(case.filled({("Åtgärdsplan", "A1", "forecast"): 1400, ("Åtgärdsplan", "A1", "achieved"): -0.5}))
    said = {f.rule: f.message for f in found if f.rule in (Rule.EFFECT_UNIT_OFF, Rule.EFFECT_SIGN)}
    assert said == {
        Rule.EFFECT_UNIT_OFF: "Prognosen för effekten för åtgärd A1 är 1\u00a0400,0 mkr, över 30 gånger hela åtgärdens "
        "planerade effekt 20,0 mkr. Effekter anges i mkr, inte i tkr; kontrollera enheten.",
        Rule.EFFECT_SIGN: "Uppnådd effekt för åtgärd A1 är \u22120,5 mkr men den planerade effekten 20,0 mkr: tecknet "
        "skiljer. En effekt anges med den planerade effektens tecken (en besparing positiv, inte med minustecken "
        "som kostnader på Ekonomi); kontrollera tecknet.",
    }


def test_a_money_key_figure_typed_with_the_minus_of_costs_quotes_the_rows_other_value(case):
    (row,) = [row for row in TABLE if row.rule is Rule.KEY_FIGURE_SIGN]
    (said,) = [f for f in row.build(case, True) if f.rule is Rule.KEY_FIGURE_SIGN]
    assert said.message == (
        "Utfallet för nyckeltal B2 är \u221246,7 mkr men fjolårets utfall 40,2 mkr: tecknet skiljer. Ett nyckeltal i "
        "mkr anges med sitt eget tecken, inte med minustecken som kostnaderna på fliken Ekonomi; kontrollera tecknet."
    )
