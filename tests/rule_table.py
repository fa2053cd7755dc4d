"""One row per rule (the rule, the builder of its case, the (severity, sheet, cell) of its finding), grouped by rule
family; test_rules.py runs every row, with the mistake and without it."""

from __future__ import annotations

from dataclasses import dataclass

from reporting.findings import Rule, Severity
from rule_cases import (
    ERROR,
    WARNING,
    At,
    Builder,
    Case,
    NetAt,
    PlanAt,
    _frame,
    accumulated_drop,
    budget,
    central_forgotten,
    earlier_period,
    edits,
    entity_bomb,
    later_period,
    meta,
    net_frame,
    netto_sign,
    older_plan,
    other_period,
    package,
    plan_edit,
    settings_edit,
    sign_split,
    to_date_drop,
    truncated,
    two_files,
    unit_for_division,
    varav_row,
    with_macros,
    without_meta,
    year_end,
    year_end_budget,
)


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


CELL_ROWS = [  # cells of a submission: missing, unreadable or out of range, a formula typed over
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
]


FILE_ROWS = [  # the file as a whole: unreadable, hostile, macros, not the template
    Row(Rule.FILE_UNREADABLE, package(truncated), ERROR),
    Row(Rule.FILE_HOSTILE, package(entity_bomb), ERROR),
    Row(Rule.MACROS, package(with_macros), ERROR),
    Row(Rule.NOT_A_TEMPLATE, without_meta, ERROR),
    Row(Rule.TEMPLATE_VERSION, meta("template_version", "0"), ERROR),
]


IDENTITY_ROWS = [  # which period, division and plan the file is of
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
]


BUDGET_ROWS = [  # the consolidation against the budget, and the year's end
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
]


PLAUSIBILITY_ROWS = [  # amounts and effects in the wrong unit or sign, or left from an earlier period
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
        Rule.SPENT_DROP,  # I01's upparbetat 15 722 tkr at T1, 6 124 at delår (qa35r)
        to_date_drop("Investeringar", "I01", "spent", 15722, 6124, 15800),
        WARNING,
        "Investeringar",
        At("Investeringar", "I01", "spent"),
    ),
    Row(
        Rule.STATUS_BACK,  # I01 Slutförd at T1, Pågår at delår
        to_date_drop("Investeringar", "I01", "status", "Slutförd", "Pågår", "Slutförd"),
        WARNING,
        "Investeringar",
        At("Investeringar", "I01", "status"),
    ),
    Row(
        Rule.EFFECT_DROP,  # A1's uppnådd effekt 4,3 mkr at T1, 2,8 at delår
        to_date_drop("Åtgärdsplan", "A1", "achieved", 4.3, 2.8, 4.5),
        WARNING,
        "Åtgärdsplan",
        At("Åtgärdsplan", "A1", "achieved"),
    ),
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
]


PLAN_ROWS = [  # the plan workbook, checked with check_plan
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


TABLE = [*CELL_ROWS, *FILE_ROWS, *IDENTITY_ROWS, *BUDGET_ROWS, *PLAUSIBILITY_ROWS, *PLAN_ROWS]
