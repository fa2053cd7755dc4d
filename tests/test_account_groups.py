"""Account groups are plan data: seed 002's eight groups with Delsumma rows, seed 003's one Netto group."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from openpyxl import load_workbook

from econ_plans import INTAKT, KOSTNAD, SEED002_AREAS, SEED002_GROUPS, run, seed002_plan, sheet_rows, template_rows
from helpers import rows_of
from reporting.demo.plan import demo_plan
from reporting.plan.model import AccountGroup, BudgetFrame
from reporting.plan.read import check_plan, load_plan
from reporting.plan.write import write_plan

D = Decimal
NAMES = [g.name for g in SEED002_GROUPS]


def test_the_default_plan_keeps_its_five_groups_and_its_digest():
    plan = demo_plan()
    assert [g.id for g in plan.account_groups] == ["EI", "II", "EK", "AV", "IK"]
    assert plan.digest() == "2fa909fc380629e5"  # the golden templates' plan hash
    assert replace(plan, account_groups=list(SEED002_GROUPS)).digest() != plan.digest()


def test_seed002_groups_round_trip_through_plan_xlsx(tmp_path):
    plan = seed002_plan()
    loaded = load_plan(write_plan(tmp_path / "plan.xlsx", plan))
    assert loaded.account_groups == SEED002_GROUPS and loaded.amount_unit == "tkr"
    assert loaded.frame("HSD").amounts["EI"] == D(44437) and loaded.frame("HSD").netto == D(-140918)  # Akutvård
    headers = list(rows_of(tmp_path / "plan.xlsx", "Budgetramar")[0])
    assert headers[2:11] == [f"{name} (tkr)" for name in NAMES] + ["Netto (tkr)"]


def test_the_template_shows_the_plans_groups_with_computed_delsumma_rows(seed002_run):
    tmp_path, _ = seed002_run
    rows = template_rows(tmp_path, "HSD", "Ekonomi")
    start = next(i for i, r in enumerate(rows) if r[0] == "Id") + 1
    shown = [(r[0], r[1]) for r in rows[start : start + 11]]
    assert shown == [
        ("EI", "Externa intäkter"),
        ("II", "Interna intäkter"),
        ("DS1", INTAKT),
        ("PERS", "Personal"),
        ("INH", "Inhyrd personal"),
        ("LM", "Läkemedel"),
        ("OEO", "Övriga externa omkostnader"),
        ("AV", "Avskrivningar"),
        ("IK", "Interna kostnader"),
        ("DS2", KOSTNAD),
        ("NETTO", "Netto"),
    ]
    header = rows[start - 1]
    budget = header.index("Budget helår (tkr)")
    assert [r[budget] for r in rows[start : start + 2]] == [44437, 0]
    assert rows[start + 2][budget] == "=SUM(C5,C6)"  # Delsumma: computed, never entered
    assert rows[start + 9][budget] == "=SUM(C8,C9,C10,C11,C12,C13)"
    assert rows[start + 10][budget] == "=SUM(C5,C6,C8,C9,C10,C11,C12,C13)"  # netto: the groups, not the Delsumma rows


def test_a_filled_template_consolidates_to_sums_per_group(tmp_path):
    result = run(tmp_path, seed002_plan(), {"KIR": {("Ekonomi", "LM", "forecast"): -2500}})
    economy = sheet_rows(result, tmp_path, "Ekonomi")
    start = next(i for i, r in enumerate(economy) if r[0] == "Nämnden totalt per kontogrupp") + 2
    totals = {r[0]: r[1] for r in economy[start : start + 11]}
    expected = {name: sum(v[i] for v in SEED002_AREAS.values()) for i, name in enumerate(NAMES)}
    assert {k: totals[k] for k in NAMES} == expected
    assert totals[INTAKT] == expected["Externa intäkter"] + expected["Interna intäkter"] == 840_222
    assert totals[KOSTNAD] == sum(expected[n] for n in NAMES[2:]) == -1_534_387
    assert totals["Netto"] == -694_165 == -140_918 - 317_878 - 193_149 - 42_220  # the four areas netto
    kir = next(e for e in result.economy if e.division_id == "KIR" and e.group_id == "LM")
    assert (kir.budget, kir.forecast, kir.forecast_deviation) == (D(-2263), D(-2500), D(-237))
    assert not [f for f in result.checks if f.rule.value == "budget-deviation" and "summa" in f.message.lower()]


def test_seed003_one_netto_group(tmp_path):
    netto = AccountGroup("NETTO3", "Nettoram", "netto")
    frames = [
        BudgetFrame(d.id, 2025, {"NETTO3": D(-100 * (n + 1))}, D(-100 * (n + 1)))
        for n, d in enumerate(demo_plan().divisions)
    ]
    plan = replace(demo_plan(), account_groups=[netto], budget_frames=frames)
    result = run(tmp_path, plan, {"MED": {("Ekonomi", "NETTO3", "forecast"): -210}})
    rows = template_rows(tmp_path, "MED", "Ekonomi")
    start = next(i for i, r in enumerate(rows) if r[0] == "Id") + 1
    assert [r[:3] for r in rows[start : start + 2]] == [["NETTO3", "Nettoram", -200], ["NETTO", "Netto", "=SUM(C5)"]]
    med = next(o for o in result.economy_overview if o.division_id == "MED")
    assert (med.budget, med.forecast, med.forecast_deviation) == (D(-200), D(-210), D(-10))
    assert result.economy_total.budget == D(-1000)


def _plan_with_groups(tmp_path, rows):
    path = write_plan(tmp_path / "plan.xlsx", seed002_plan())
    wb = load_workbook(path)
    ws = wb["Kontogrupper"]
    for cell, value in rows.items():
        ws[cell] = value
    wb.save(path)
    return [(f.sheet, f.cell, f.message) for f in check_plan(path)[1]]


def test_kontogrupper_mistakes_are_findings_at_their_cell(tmp_path):
    found = _plan_with_groups(tmp_path, {"C3": "Intäkter", "A4": "EI", "C10": "Netto"})
    assert ("Kontogrupper", "C3", 'Okänt värde "Intäkter". Skriv Intäkt, Kostnad, Avskrivning eller Netto.') in found
    assert any(f[:2] == ("Kontogrupper", "A4") and "flera gånger" in f[2] for f in found)
    assert any(f[:2] == ("Kontogrupper", "C10") and "enda kontogrupp" in f[2] for f in found)


def test_a_clean_kontogrupper_sheet_has_no_findings(tmp_path):
    assert _plan_with_groups(tmp_path, {}) == []
