"""The three demo plans' seed tables reconcile exactly, and the built plan.xlsx carries them.

The first part proves the transcribed tables add up as printed (from the data alone).
The end-to-end tests at the bottom load each built plan, run the demo flow and read the
report's totals; they need the issue-12 features and are marked xfail until those merge.
"""

import functools
import shutil
from decimal import ROUND_HALF_UP, Decimal

import pytest

from helpers import rows_of, sheet_values, value_at
from reporting.demo import seed_jh2021 as jh
from reporting.demo import seed_jh2021_goals as jhg
from reporting.demo import seed_vn2025 as vn
from reporting.demo.plan import FRAMES, FRAMES_TOTAL, NAMND_FRAMES
from reporting.demo.seed_plans import jh2021_sheets, vn2025_sheets, write_jh2025_with_namnd, write_seed_plan
from reporting.demo.seed_workbook import GROUPS_SHEET, KEY_FIGURES, MEASURES

D = Decimal
amount = jh.amount
AREA = {did: dict(zip(jh.AREA_COLUMNS, cells)) for did, _, *cells in jh.AREAS}
TOTAL = dict(zip(jh.AREA_COLUMNS, jh.AREA_TOTAL[1:]))
INCOME, COSTS = ("EI", "II"), ("PE", "LM", "OE", "AV", "IK")


# --- seed 002: the 16 områden, tkr -------------------------------------------------------------------------------


@pytest.mark.parametrize("column", jh.AREA_COLUMNS)
def test_002_the_16_areas_sum_to_totalt_per_column(column):
    assert len(AREA) == 16
    assert sum(amount(row[column]) for row in AREA.values()) == amount(TOTAL[column])


@pytest.mark.parametrize("area", [*AREA, "TOTALT"])
def test_002_each_areas_subtotals_and_summa_netto_are_the_sum_of_its_groups(area):
    row = TOTAL if area == "TOTALT" else AREA[area]
    income = sum(amount(row[g]) for g in INCOME)
    costs = sum(amount(row[g]) for g in COSTS)
    assert income == amount(row["Summa intäktsbudget"])
    assert costs == amount(row["Summa kostnadsbudget"])
    assert income + costs == amount(row["Netto"])


def test_002_the_totalt_row_holds_the_printed_figures():
    assert amount(TOTAL["Netto"]) == D(-2729300)
    assert amount(TOTAL["Summa intäktsbudget"]) == D(1357905)
    assert amount(TOTAL["Summa kostnadsbudget"]) == D(-4087205)


@pytest.mark.parametrize("year", jh.NAMND_YEARS)
def test_002_the_namnd_table_adds_up_per_year(year):
    col = 2 + jh.NAMND_YEARS.index(year)
    cells = {row[1]: amount(row[col]) or D(0) for row in jh.NAMND}
    groups = [gid for _, gid, *_ in jh.NAMND if gid not in ("Summa intäktsbudget", "Summa kostnadsbudget", "Netto")]
    income = sum(cells[g] for g in groups if g in INCOME)
    costs = sum(cells[g] for g in groups if g not in INCOME)
    assert (income, costs) == (cells["Summa intäktsbudget"], cells["Summa kostnadsbudget"])
    assert income + costs == cells["Netto"]
    assert len(groups) == 8


def test_002_the_namnd_tables_2021_is_the_area_total_in_mkr():
    for _, gid, _, mkr_2021 in jh.NAMND:
        if gid == "IP":
            assert mkr_2021 == ""  # 2021 has no Inhyrd personal line: folded into Personal
            continue
        rounded = (amount(TOTAL[gid]) / 1000).quantize(D("0.1"), rounding=ROUND_HALF_UP)
        assert rounded == amount(mkr_2021), gid


def test_002_the_elected_bodies_table_and_the_investment_ram():
    for col in (1, 2):
        assert sum(amount(row[col]) for row in jh.ELECTED) == amount(jh.ELECTED_TOTAL[col])
    assert [(kind, amount(v)) for _, _, kind, v in jh.INVESTMENT_RAM] == [
        ("Reinvestering", D(55810)),
        ("Nyinvestering", D(6050)),
    ]


def test_002_goal_tree_and_mätetal():
    rows = jhg.key_figure_rows()
    nodes = {node[0]: node for node in jhg.TREE}
    assert len(rows) == 42
    assert sum(1 for n in jhg.TREE if n[3] == jhg.RESULTAT) == jhg.RESULTATMAL == 13
    assert all(n[2] in nodes for n in jhg.TREE if n[2])  # every parent exists
    assert all(row[2] in nodes for row in rows)
    direct = {row[0] for row in rows if nodes[row[2]][3] == jhg.INSATS}  # directly under an insatsområde
    assert {"M03", "M11", "M28", "M37"} <= direct
    assert [row[0] for row in rows if row[3] == jhg.CENTRAL] == ["M01", "M02", "M41"]
    targets = {row[0]: row[5] for row in rows}
    assert (targets["M02"], targets["M25"], targets["M30"], targets["M34"]) == (
        "203,5",
        "Lägre än 2020",
        "30 000",
        "4,6 %",
    )


def test_002_the_calendar_has_seven_monthly_reports_a_tertial_and_a_delår():
    kinds = [kind for kind, _, _ in jh.periods()]
    assert sum(1 for k in kinds if k.startswith("M")) == jh.MONTHLY_REPORTS == 7
    assert {"T1", "Delår", "Helår"} <= set(kinds)
    assert next((k, t) for k, t, _ in jh.periods() if k == "M03") == ("M03", "Månadsrapport per mars")


# --- seed 000: the nämnd total, mkr ------------------------------------------------------------------------------


def test_000_divisions_and_namnd_level_make_the_printed_total():
    divisions = sum(amount(values[5]) for values in FRAMES.values())
    assert divisions == amount(FRAMES_TOTAL[5]) == D("-3158.3")
    for col in range(5):
        assert sum(amount(values[col]) for values in FRAMES.values()) == amount(FRAMES_TOTAL[col])
    officials, elected, total = NAMND_FRAMES[2025]
    assert amount(officials) == divisions
    assert amount(officials) + amount(elected) == amount(total) == D("-3161.8")
    for year, (officials, elected, total) in NAMND_FRAMES.items():
        assert amount(officials) + amount(elected) == amount(total), year


# --- seed 003: underskott and handlingsplan, mnkr ----------------------------------------------------------------


def test_003_start_plus_handlingsplan_is_the_underskott_and_the_next_years_start():
    start, actions, deficit = ([amount(c) for c in row[1:]] for row in (vn.START, vn.ACTIONS, vn.DEFICIT))
    assert [s + a for s, a in zip(start, actions)] == deficit == [D(-570), D(-345), D(-95), D(0)]
    assert start[1:] == deficit[:-1]


def test_003_handlingsplan_rows_sum_to_summa_and_summa_minus_uppdrag_is_the_avvikelse():
    for col in range(4):
        rows = sum((amount(row[1 + col]) or D(0)) for row in vn.MEASURES)
        assert rows == amount(vn.MEASURE_SUM[col])
        assert amount(vn.MEASURE_SUM[col]) - amount(vn.MEASURE_TASK[col]) == amount(vn.MEASURE_GAP[col])
    for row in vn.MEASURES:
        assert sum((amount(c) or D(0)) for c in row[1:4]) == amount(row[4]), row[0]
    # the Uppdrag row is the frame table's "Åtgärder handlingsplan" for 2025–2027
    assert vn.MEASURE_TASK[:3] == vn.ACTIONS[2:5]


def test_003_our_split_adds_up_to_the_printed_net_frame():
    for year, split in vn.FRAME_SPLIT.items():
        assert sum(amount(v) for v in split.values()) == amount(vn.FRAME[1 + vn.FRAME_YEARS.index(year)])
    assert [amount(c) for c in vn.FRAME[1:]] == [D(6653), D(6894), D(6999), D(7217)]
    assert len(vn.SATSNINGAR) == 4 and all(amount(c) < 0 for row in vn.SATSNINGAR for c in row[1:])


# --- the built plan.xlsx (the issue-12 format, written from rows) ------------------------------------------------


@functools.cache
def _values(path, mtime_ns):
    """Every sheet's rows of values, read once per plan.xlsx as written (the tests look at several sheets)."""
    return dict(sheet_values(path))


def _rows(path, name):
    return _values(path, path.stat().st_mtime_ns)[name]


def _sheet(path, name):
    rows = _rows(path, name)
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def _settings(path):
    return dict(_rows(path, "Nämnd"))


def test_002_plan_xlsx_carries_the_area_table_and_the_namnd_level_rows(tmp_path):
    path = write_seed_plan("jh-2021", tmp_path / "plan.xlsx")
    frames = _sheet(path, "Budgetramar")
    areas = [f for f in frames if f["Division"] != "Nämnd"]
    assert len(areas) == 16 and {f["År"] for f in areas} == {2021}
    names = {gid: name for gid, name, *_ in jh.GROUPS}
    for gid in (*INCOME, *COSTS, "Netto"):
        header = f"{names.get(gid, gid)} (tkr)"
        assert sum(D(str(f[header])) for f in areas) == amount(TOTAL[gid]), header
    assert sum(D(str(f["Inhyrd personal (tkr)"])) for f in areas) == 0
    namnd = next(f for f in frames if f["Division"] == "Nämnd")
    assert (namnd["År"], namnd["Netto (tkr)"], namnd["Inhyrd personal (tkr)"]) == (2020, -2628900, -78600)
    assert [g["Typ"] for g in _sheet(path, GROUPS_SHEET)].count("Intäkt") == 2
    assert len(_sheet(path, GROUPS_SHEET)) == 8
    figures = _sheet(path, KEY_FIGURES)
    assert len(figures) == 42
    assert [f["Id"] for f in figures if f["Frekvens"] == "Centralt"] == ["M01", "M02", "M41"]
    ram = [(i["Division"], i["Typ"], i["Belopp (tkr)"]) for i in _sheet(path, "Investeringar")]
    assert ram == [("Nämnd", "Reinvestering", 55810), ("Nämnd", "Nyinvestering", 6050)]
    assert _settings(path)["Beloppsenhet"] == "tkr"
    headers = _rows(path, MEASURES)[0]
    assert headers[-3:] == ("Effekt 2021 (tkr)", "Effekt 2022 (tkr)", "Effekt 2023 (tkr)")  # no rows, the columns


def test_003_plan_xlsx_carries_the_frame_the_planned_result_and_the_satsningar(tmp_path):
    path = write_seed_plan("vasternorrland-2025", tmp_path / "plan.xlsx")
    settings = _settings(path)
    assert [settings[f"Planerat resultat {y} (mkr)"] for y in (2025, 2026, 2027)] == [-345, -95, 0]
    assert [settings[f"Besparingskrav {y} (mkr)"] for y in (2025, 2026, 2027)] == [225, 250, 95]
    assert settings["Diarienummer"] is None
    frames = _sheet(path, "Budgetramar")
    for year, printed in zip(vn.FRAME_YEARS, vn.FRAME[1:]):
        assert sum(f["Netto (mkr)"] for f in frames if f["År"] == year) == -amount(printed)
    assert [f["Division"] for f in frames if f["År"] == 2024] == ["Nämnd"]
    measures = _sheet(path, MEASURES)
    assert [sum(m[f"Effekt {y} (mkr)"] or 0 for m in measures) for y in (2025, 2026, 2027)] == [240, 235, 215]
    assert [s["Belopp 2025 (mkr)"] for s in _sheet(path, "Satsningar")] == [-40, -15, -15, -15]
    intentions = [u for u in _sheet(path, "Uppdrag") if u["Divisioner"] == "Nämnd"]
    assert len(intentions) == len(vn.INTENTIONS) == 5
    tree = _sheet(path, "Målområden")
    assert [n["Nummer"] for n in tree if n["Nivå"] == "Mål"] == ["3.1.1", "3.1.2", "3.2.1", "3.2.2", "3.3.1", "3.3.2"]


def test_sheets_builders_give_every_row_an_id():
    for settings, sheets, _ in (jh2021_sheets(), vn2025_sheets()):
        assert settings[0][0] == "Nämnd"
        for name, rows in sheets.items():
            if name not in ("Budgetramar", "Perioder"):
                ids = [r["id"] for r in rows]
                assert len(ids) == len(set(ids)) and all(ids), name


def test_000_with_namnd_rows_adds_the_fortroendemannabudget_and_2024s_unsplit_frame(tmp_path):
    rows = [
        r for r in _sheet(write_jh2025_with_namnd(tmp_path / "plan.xlsx"), "Budgetramar") if r["Division"] == "Nämnd"
    ]
    assert [(r["År"], r["Netto (mkr)"], r["Externa kostnader (mkr)"]) for r in rows] == [
        (2025, -3.5, -3.5),
        (2026, -3.5, -3.5),
        (2027, -3.5, -3.5),
        (2024, -3352.6, None),
    ]


# --- the command line (works today) ------------------------------------------------------------------------------


def test_demo_help_lists_the_three_plans_and_an_unknown_one_is_refused(tmp_path):
    from click.testing import CliRunner

    from reporting.cli import main

    help_text = CliRunner().invoke(main, ["demo", "--help"]).output
    assert "[jh-2025|jh-2021|vasternorrland-2025]" in help_text
    assert "reporting demo --plan jh-2021 --workspace demo-2021" in help_text
    wrong = CliRunner().invoke(main, ["demo", "--plan", "jh-2019", "-w", str(tmp_path)])
    assert wrong.exit_code == 2 and "jh-2019" in wrong.output


def test_demo_plan_refuses_a_workspace_holding_another_plan(tmp_path):
    from click.testing import CliRunner

    from reporting.cli import main
    from reporting.demo.workspace import write_demo_plan

    write_demo_plan("jh-2025", tmp_path / "plan.xlsx")
    result = CliRunner().invoke(main, ["demo", "--plan", "jh-2021", "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert "är en annan plan (Region Jämtland Härjedalen 2025), inte demoplanen jh-2021" in result.output
    assert not (tmp_path / "inbox").exists()


# --- end to end: load the built plan, run the demo flow, read the report's totals (need the issue-12 features) ----


def _run_demo(tmp_path, name, write=None):
    from reporting.demo.catalogue import DEMO_PLANS
    from reporting.demo.workspace import prepare_seed_run, write_demo_plan
    from reporting.plan.periods import parse_period
    from reporting.plan.read import load_plan
    from reporting.workflow import run_period
    from reporting.workspace import Workspace

    ws = Workspace(tmp_path)
    (write or (lambda p: write_demo_plan(name, p)))(ws.plan)
    plan = load_plan(ws.plan)
    results = []
    for key in DEMO_PLANS[name].runs:
        period = parse_period(key)
        prepare_seed_run(tmp_path, name, plan, period)
        results.append(run_period(ws, plan, period, feedback=False, history=False).consolidation)
    return plan, results


def _group_budgets(consolidation, group_id):
    return sum((r.budget for r in consolidation.economy if r.division_id and r.group_id == group_id), D(0))


@pytest.fixture(scope="module")
def cli_demo_jh_2021(tmp_path_factory):
    """`reporting demo --plan jh-2021` run once (in-process, CliRunner), with the consolidation of each of its
    runs recorded: the same runs _run_demo makes by hand (the seed's plan, then per period its templates,
    submissions and run_period), so the end-to-end totals and the command's output are proved by one run."""
    from click.testing import CliRunner

    import reporting.workflow as workflow
    from reporting.cli import main

    root = tmp_path_factory.mktemp("demo-jh-2021")
    consolidations = []
    original = workflow.run_period

    def recorded(*args, **kwargs):
        result = original(*args, **kwargs)
        consolidations.append(result.consolidation)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workflow, "run_period", recorded)
        result = CliRunner().invoke(main, ["demo", "--plan", "jh-2021", "-w", str(root)])
    return root, result, consolidations


def test_e2e_002_report_areas_sum_to_totalt_per_account_group_in_tkr(cli_demo_jh_2021):
    from reporting.template.spec import NETTO_ID

    _, _, (monthly, delar) = cli_demo_jh_2021
    assert (monthly.period.key, delar.period.key) == ("2021-M03", "2021-delar")
    for consolidation in (monthly, delar):
        for gid in (*INCOME, *COSTS):
            assert _group_budgets(consolidation, gid) == amount(TOTAL[gid]), gid
        assert _group_budgets(consolidation, NETTO_ID) == D(-2729300)
        assert len(consolidation.submitted) == 15  # Patientsäkerhet does not submit
        assert D(-2729300) in {o.budget for o in consolidation.economy_overview if not o.division_id}


def test_e2e_000_report_nämnd_total_includes_the_nämnd_level(tmp_path):
    _, (t1,) = _run_demo(tmp_path, "jh-2025", write_jh2025_with_namnd)
    assert D("-3161.8") in {o.budget for o in t1.economy_overview if not o.division_id}


def test_e2e_003_monthly_and_tertial_run_against_the_net_frame(tmp_path):
    from reporting.template.spec import NETTO_ID

    _, (monthly, t1) = _run_demo(tmp_path, "vasternorrland-2025")
    assert (monthly.period.key, t1.period.key) == ("2025-M03", "2025-T1")
    for consolidation in (monthly, t1):
        assert _group_budgets(consolidation, NETTO_ID) == D(-6894)
        assert len(consolidation.submitted) == 4  # Förvaltningsledning does not submit
        # the nämnd-level items come from the office's Centrala värden, filled for each period
        goals = {g.id: g for g in consolidation.financial_goals}
        assert set(goals) == {"F1", "F2"} and all(g.outcome is not None for g in goals.values())
        assert {g.file for g in goals.values()} == {"Centrala värden.xlsx"} and all(g.cell for g in goals.values())
    assert monthly.assignments == []  # a month's report follows the economy, not the uppdrag
    own = [a for a in t1.assignments if a.division_id == "Nämnd"]  # "Under planperioden avser nämnden"
    statuses = {"Genomfört", "Pågår enligt plan", "Pågår med avvikelse"}
    assert len(own) == 5 and {a.status for a in own} <= statuses, [a.status for a in own]


def test_e2e_cli_demo_jh_2021_runs_both_reports(cli_demo_jh_2021):
    tmp_path, result, _ = cli_demo_jh_2021
    assert result.exit_code == 0, result.output
    inbox, folder = tmp_path / "inbox", tmp_path / "templates_xlsx"
    for key in ("2021-M03", "2021-delar"):
        assert f"{key}: 16 mallar i {folder}/, demoinlämningar i {inbox}/" in result.output
    # each run sees only its own period's files: the month's are archived and gone from the inbox
    assert result.output.count("Inkorgen: 15 filer, 15 godkända, 0 avvisade.") == 2
    delar = tmp_path / "outbox" / "2021-delar Delårsrapport Hälso- och sjukvårdsnämnden.xlsx"
    title = value_at(rows_of(delar, "Sammanfattning"), "A1")
    assert title == "Delårsbokslut augusti 2021 – Hälso- och sjukvårdsnämnden"  # the Benämning, its year once


def test_demo_fill_follows_the_frames_own_account_groups():
    from dataclasses import replace

    from reporting.demo.plan import demo_plan
    from reporting.demo.submissions import add_mistakes, demo_fill
    from reporting.plan.groups import AccountGroup
    from reporting.plan.model import BudgetFrame
    from reporting.plan.periods import Period
    from reporting.template.spec import ECONOMY, NETTO_ID

    groups = {"EI": D("44.4"), "PE": D("-147.1"), "LM": D("-1.5")}
    own = [AccountGroup("EI", "Externa intäkter", "income"), AccountGroup("PE", "Personal", "cost")]
    own.append(AccountGroup("LM", "Läkemedel", "cost"))
    plan = replace(demo_plan(), account_groups=own, budget_frames=[BudgetFrame("MED", 2025, groups, D("-104.2"))])
    fill = demo_fill(plan, "MED", Period(2025, "T1"))
    economy = fill[ECONOMY.name]
    assert list(economy) == ["EI", "PE", "LM", NETTO_ID]
    assert [economy[g]["periodised"] for g in groups] == [D("14.8"), D("-49.0"), D("-0.5")]  # 4 of 12 months
    add_mistakes(fill)
    assert economy["PE"]["comment"] == ""  # the largest cost carries the unexplained deviation
    assert economy["PE"]["forecast"] < D("-147.1")


@pytest.mark.parametrize("name", ["jh-2021", "vasternorrland-2025"])
def test_the_plan_writer_round_trips_each_seed_plan(tmp_path, name):
    """Everything the seeds' plan.xlsx says survives reading and writing back with plan.write."""
    from reporting.plan.read import load_plan
    from reporting.plan.write import write_plan

    first = load_plan(write_seed_plan(name, tmp_path / "seed.xlsx"))
    again = load_plan(write_plan(tmp_path / "again.xlsx", first))
    assert again == first and again.digest() == first.digest()
    assert first.account_groups and first.periods and first.goal_areas


def test_the_default_demo_refuses_an_office_workspace_and_leaves_it_untouched(tmp_path, demo_cli):
    """An office's own plan (here Västernorrland's) and a real controller's file in the inbox: the default demo
    used that plan, dropped demo files beside the real one, archived them and stored them in history."""
    from click.testing import CliRunner

    from reporting.cli import main
    from reporting.demo.workspace import write_demo_plan

    write_demo_plan("vasternorrland-2025", tmp_path / "plan.xlsx")
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "Tandvård riktig.xlsx").write_bytes(b"the controller's file")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(main, ["demo", "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"Fel: {tmp_path / 'plan.xlsx'} är inte demoplanen, och demon skulle lägga demoinlämningar i arbetsytans "
        "inkorg, arkiv och historik. Prova demon i en ny mapp, t.ex.: reporting demo -w demo\n"
    )
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    # the way out, as told: `reporting demo -w <a new folder>` (conftest's demo_cli: that command, run once per
    # session); its workspace copied into the office's folder runs again there (its own plan)
    fresh, again = demo_cli
    assert again.exit_code == 0, again.output
    shutil.copytree(fresh, tmp_path / "demo")
    assert CliRunner().invoke(main, ["demo", "-w", str(tmp_path / "demo")]).exit_code == 0
