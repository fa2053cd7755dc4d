"""The consolidation of a period: every table the report, feedback and history need."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from reporting.consolidate.board import (
    FinancialGoalRow,
    board_assignment_rows,
    board_sources,
    central_key_figure_rows,
    financial_goal_table,
)
from reporting.consolidate.economy import EconomyRow, NettoRow, budget_checks, economy_overview, economy_table
from reporting.consolidate.investments import InvestmentRow, investment_table
from reporting.consolidate.key_figure_signs import key_figure_sign_checks
from reporting.consolidate.keyfigures import GoalAreaRow, KeyFigureRow, goal_area_table, key_figure_table
from reporting.consolidate.labels import NOT_SUBMITTED, rejected_label
from reporting.consolidate.rollup import rollup
from reporting.consolidate.sources import SourceRow, source_rows
from reporting.consolidate.tables import (
    AssignmentRow,
    InternalControlRow,
    MeasureRow,
    SubmissionRow,
    assignment_table,
    by_division,
    internal_control_table,
    measure_table,
    submission_table,
)
from reporting.consolidate.unit_status import with_assignment_spreads, with_control_spreads
from reporting.findings import Finding, Severity
from reporting.intake.central import CentralValues, central_missing
from reporting.intake.run import IntakeResult
from reporting.intake.submission import FileResult
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.template.spec import ASSIGNMENTS, INTERNAL_CONTROL, INVESTMENTS


@dataclass
class Consolidation:
    """Every table of a period, as declared rows; ``frame(rows)`` gives pandas where tabular work pays."""

    plan: Plan
    period: Period
    intake: IntakeResult
    key_figures: list[KeyFigureRow]
    goal_areas: list[GoalAreaRow]
    assignments: list[AssignmentRow]
    economy: list[EconomyRow]
    economy_overview: list[NettoRow]  # per division, the nämnd total, then (divisions missing) the whole frame
    measures: list[MeasureRow]
    investments: list[InvestmentRow]
    submissions: list[SubmissionRow]
    sources: list[SourceRow]  # file, sheet, cell and SHA-256 of every value (see consolidate.sources)
    checks: list[Finding] = field(default_factory=list)  # budget and forecast checks
    reported: list[str] = field(default_factory=list)  # divisions with a submission (own or from units)
    internal_control: list[InternalControlRow] = field(default_factory=list)  # control points due × division
    financial_goals: list[FinancialGoalRow] = field(default_factory=list)  # judged from Centrala värden

    @property
    def submitted(self) -> list[str]:
        return [d.id for d in self.plan.divisions if d.id in self.reported]

    @property
    def missing(self) -> list[str]:
        return [d.id for d in self.plan.divisions if d.id not in self.reported]

    @cached_property
    def rejected(self) -> dict[str, list[FileResult]]:
        """Divisions not consolidated whose file came in and was rejected (see ``rejected_files``); found once:
        every status cell of a missing division asks (at 10 000 files, a scan each time grew as rows × files)."""
        return rejected_files(self.intake, self.missing)

    def rejected_errors(self, division_id: str) -> int:
        """The errors of a division's rejected files, each once (the reasons it reads "Avvisad")."""
        found = dict.fromkeys(f for file in self.rejected.get(division_id, []) for f in file.findings)
        return sum(1 for f in found if f.severity is Severity.ERROR)

    def not_in(self, division_id: str) -> str:
        """How a division without a consolidated submission reads in a status cell: "Avvisad (3 fel)" when its
        file came in and was rejected, else "Ej inkommen"."""
        if division_id in self.rejected:
            return rejected_label(self.rejected_errors(division_id))
        return NOT_SUBMITTED

    @property
    def never_in(self) -> list[str]:
        """Divisions from which nothing came in: missing, and not for a rejected file."""
        return [d for d in self.missing if d not in self.rejected]

    @property
    def economy_total(self) -> NettoRow:
        """The nämnd's netto total, every column over the divisions that reported."""
        return next(o for o in self.economy_overview if o.is_total)

    @property
    def economy_divisions(self) -> list[NettoRow]:
        """The overview's division rows (the totals follow them)."""
        return [o for o in self.economy_overview if o.division_id]

    @property
    def findings(self) -> list[Finding]:
        return self.intake.findings + self.checks


def rejected_files(intake: IntakeResult, missing: list[str]) -> dict[str, list[FileResult]]:
    """The divisions of ``missing`` (not consolidated) whose file came in and was rejected (not a leftover of
    another period), with those files: they read "Avvisad", never as not submitted. A withdrawn division reads
    as withdrawn."""
    files = by_division([f for f in intake.files if not f.accepted and not f.for_another_period])
    return {d: files[d] for d in missing if d in files and d not in intake.withdrawn}


def rejected_units(intake: IntakeResult) -> set[str]:
    """The reporter keys ("MED/E0005") of the units whose file came in and was rejected (not withdrawn, not of
    another period): a division from its units' files names them so where it leaves them out."""
    files = [f for f in intake.files if f.unit_id and not f.accepted and not f.for_another_period]
    return {f.reporter for f in files if f.reporter not in intake.withdrawn}


def consolidate(
    plan: Plan,
    intake: IntakeResult,
    riket: Mapping[str, Decimal | None] | None = None,
    central: CentralValues | None = None,
) -> Consolidation:
    """Build every table of the period report from the plan and the current submissions.

    ``riket``: key figure id -> riket's stored value, for riket-relative targets (history.trends.riket_values).
    ``central``: the period's values of ``Centrala värden.xlsx`` (intake.central), for nämnd-level items.
    """
    subs, unit_subs = rollup(plan, [r.submission for r in intake.current.values() if r.submission is not None])
    missing = [d.id for d in plan.divisions if d.id not in subs]
    rejected = {*rejected_files(intake, missing), *rejected_units(intake)}  # divisions' and units': "Avvisad"
    kf = key_figure_table(plan, subs, intake.period, unit_subs, riket, rejected)
    kf += central_key_figure_rows(plan, central, intake.period, riket)
    economy = economy_table(plan, subs, intake.period, rejected)
    overview = economy_overview(plan, economy, intake.period.year, intake.period.is_year_end)
    result = Consolidation(
        plan,
        intake.period,
        intake,
        kf,
        goal_area_table(plan, kf),
        (with_assignment_spreads(assignment_table(plan, subs, rejected), subs) + board_assignment_rows(plan, central))
        if ASSIGNMENTS.name in intake.period.sheets
        else [],
        economy,
        overview,
        measure_table(plan, subs, intake.period, rejected),
        investment_table(plan, subs, rejected) if INVESTMENTS.name in intake.period.sheets else [],
        submission_table(plan, intake, unit_subs),
        source_rows(list(subs.values()), plan.amount_unit) + board_sources(central),
    )
    checks = budget_checks(plan, economy, overview, intake.period.year, subs, intake.period.is_year_end)
    checks += key_figure_sign_checks(plan, subs)  # a money key figure summed with one division's other sign
    result.checks = checks + (central.findings if central else []) + central_missing(plan, intake.period, central)
    result.financial_goals = financial_goal_table(plan, central, intake.period)
    result.reported = list(subs)
    if INTERNAL_CONTROL.name in intake.period.sheets:  # a month's template has no Internkontroll (nor Uppdrag)
        result.internal_control = with_control_spreads(
            internal_control_table(plan, subs, intake.period, rejected), subs
        )
    return result
