"""The plan's closed words as enums: the account groups' Typ and Extern/intern, key figures' Aggregering, and the
workbook's sheet names.

Their values are what plans, digests and templates already hold: a plan read back has the members, its digest is the
one it had before the words were declared, and an unreadable Typ is the empty kind it was (no sign checked).
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook

from econ_plans import seed002_plan
from reporting.findings import Finding
from reporting.plan.groups import GROUP_KINDS, GROUP_SCOPES, GroupKind, GroupScope, default_account_groups
from reporting.plan.model import AGGREGATIONS, Aggregation
from reporting.plan.read import load_plan
from reporting.plan.read_groups import read_account_groups
from reporting.plan.sheet_reader import SheetReader
from reporting.plan.sheets import GROUP_COLUMNS, OPTIONAL_SHEETS, SHEETS, PlanSheet
from reporting.plan.write import write_plan

SEED002_DIGEST = "c2146ae28930325b"  # seed 002's groups read back from plan.xlsx, before the words were enums


def test_the_group_words_are_the_ones_plans_hold():
    assert {k.name: k.value for k in GroupKind} == {
        "INCOME": "income",
        "COST": "cost",
        "DEPRECIATION": "depreciation",
        "NETTO": "netto",
        "UNREAD": "",
    }
    assert {s.name: s.value for s in GroupScope} == {"EXTERNAL": "external", "INTERNAL": "internal", "UNSAID": ""}
    assert GROUP_KINDS == {"intäkt": "income", "kostnad": "cost", "avskrivning": "depreciation", "netto": "netto"}
    assert GROUP_SCOPES == {"extern": "external", "intern": "internal", "": ""}
    assert [(g.kind, g.scope) for g in default_account_groups()] == [
        (GroupKind.INCOME, GroupScope.EXTERNAL),
        (GroupKind.INCOME, GroupScope.INTERNAL),
        (GroupKind.COST, GroupScope.EXTERNAL),
        (GroupKind.DEPRECIATION, GroupScope.UNSAID),
        (GroupKind.COST, GroupScope.INTERNAL),
    ]


def test_the_aggregation_words_are_the_ones_plans_hold():
    assert {a.name: a.value for a in Aggregation} == {
        "SUM": "sum",
        "MEAN": "mean",
        "WEIGHTED": "weighted",
        "NONE": "none",
    }
    assert AGGREGATIONS == {"summa": "sum", "medel": "mean", "viktat": "weighted", "ej": "none"}


def test_a_plan_read_back_has_the_members_and_keeps_its_digest(tmp_path):
    written = seed002_plan()
    path = write_plan(tmp_path / "plan.xlsx", written)
    plan = load_plan(path)
    assert {type(k.aggregation) for k in plan.key_figures} == {Aggregation}
    assert [k.aggregation for k in plan.key_figures] == [k.aggregation for k in written.key_figures]
    words = [row[8].value for row in load_workbook(path)[PlanSheet.KEY_FIGURES].iter_rows(min_row=2)]
    assert words == [
        {"sum": "summa", "mean": "medel", "weighted": "viktat", "none": "ej"}[k.aggregation] for k in plan.key_figures
    ]
    assert {type(g.kind) for g in plan.account_groups} == {GroupKind}
    assert {type(g.scope) for g in plan.account_groups} == {GroupScope}
    assert [g.kind for g in plan.account_groups] == ["income", "income", *["cost"] * 4, "depreciation", "cost"]
    assert plan.digest() == SEED002_DIGEST


def test_an_unreadable_typ_is_the_empty_kind_with_its_error(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", seed002_plan())
    wb = load_workbook(path)
    wb[PlanSheet.GROUPS]["C3"] = "Intäkter"
    wb[PlanSheet.GROUPS]["D3"] = "Utländsk"
    wb.save(path)
    findings: list[Finding] = []
    groups = read_account_groups(SheetReader(load_workbook(path)[PlanSheet.GROUPS], GROUP_COLUMNS, findings, "plan"))
    assert (groups[1].kind, groups[1].scope) == (GroupKind.UNREAD, GroupScope.UNSAID) == ("", "")
    assert groups[1].sign_ok(Decimal(5)) and groups[1].sign_ok(Decimal(-5))  # no sign checked against a guess
    assert [f.cell for f in findings] == ["C3", "D3"]


def test_the_sheet_names_are_the_blank_plans_tabs(tmp_path):
    tabs = load_workbook(write_plan(tmp_path / "plan.xlsx"), read_only=True).sheetnames
    assert tabs == [
        "Instruktion",
        "Nämnd",
        "Divisioner",
        "Enheter",
        "Målområden",
        "Nyckeltal",
        "Uppdrag",
        "Finansiella mål",
        "Kontogrupper",
        "Budgetramar",
        "Åtgärdsplan",
        "Investeringar",
        "Perioder",
        "Internkontroll",
        "Satsningar",
    ]
    assert tabs[1:] == list(PlanSheet) and all(type(name) is PlanSheet for name in SHEETS)
    assert {"Enheter", "Internkontroll", "Kontogrupper", "Satsningar"} == OPTIONAL_SHEETS
