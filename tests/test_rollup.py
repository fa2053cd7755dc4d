"""Unit → division → nämnd rollup: each aggregation rule, unit frames that must add up, parallel intake."""

import shutil
from dataclasses import replace
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from helpers import answer, sheet_values, value_at
from reporting.consolidate.consolidation import consolidate
from reporting.consolidate.economy import board_amounts, group_frames, group_totals, left_out_names
from reporting.consolidate.frames import frame
from reporting.consolidate.labels import capped
from reporting.demo.submissions import demo_fill
from reporting.demo.units import unit_plan, write_unit_submissions
from reporting.intake.checking import check_files
from reporting.intake.run import run_intake
from reporting.output.notices import forecast_note
from reporting.plan.model import ACCOUNT_GROUPS, INCOME_GROUPS
from reporting.plan.periods import Period
from reporting.plan.read import check_plan, load_plan
from reporting.plan.reporter import Reporter
from reporting.plan.write import write_plan
from reporting.template.spec import NETTO_ID
from reporting.template.write import build_template, generate_templates
from reporting.workspace import Workspace

D = Decimal
T1 = Period(2025, "T1")


@pytest.fixture(scope="module")
def uplan():
    """Eight units, two per division; Medicin's key figures use every aggregation rule."""
    plan = unit_plan(8)
    rules = {"N01": "mean", "N04": "weighted", "N12": "sum", "N13": "none"}
    return replace(plan, key_figures=[replace(k, aggregation=rules.get(k.id, k.aggregation)) for k in plan.key_figures])


def test_units_round_trip_through_the_plan_workbook(tmp_path, uplan):
    assert [u.id for u in uplan.units_of("MED")] == ["E0001", "E0005"]
    assert load_plan(write_plan(tmp_path / "plan.xlsx", uplan)) == uplan


def test_unit_frames_must_add_up_to_the_division(tmp_path, uplan):
    path = write_plan(tmp_path / "plan.xlsx", uplan)
    wb = load_workbook(path)
    ws = wb["Budgetramar"]
    row = next(r for r in range(2, ws.max_row + 1) if ws[f"I{r}"].value == "E0005" and ws[f"B{r}"].value == 2025)
    ws[f"C{row}"] = ws[f"C{row}"].value + 0.5
    ws[f"H{row}"] = ws[f"H{row}"].value + 0.5
    wb.save(path)
    plan, findings = check_plan(path)
    assert plan is None
    division_row = next(
        r
        for r in range(2, ws.max_row + 1)
        if ws[f"A{r}"].value == "MED" and ws[f"B{r}"].value == 2025 and not ws[f"I{r}"].value
    )
    cells = {(f.sheet, f.cell) for f in findings}
    assert cells == {("Budgetramar", f"C{division_row}"), ("Budgetramar", f"H{division_row}")}
    message = next(f.message for f in findings if f.cell == f"C{division_row}")
    assert message.startswith("Externa intäkter: enheternas summa") and f"C{row}" in message


def test_unit_of_another_division_is_a_plan_error(tmp_path, uplan):
    path = write_plan(tmp_path / "plan.xlsx", uplan)
    wb = load_workbook(path)
    ws = wb["Budgetramar"]
    row = next(r for r in range(2, ws.max_row + 1) if ws[f"I{r}"].value == "E0005")
    ws[f"I{row}"] = "E0002"  # a Kirurgi unit on a Medicin row
    wb.save(path)
    _, findings = check_plan(path)
    assert any(f.cell == f"I{row}" and "hör inte till division" in f.message for f in findings)


def _unit_file(plan, unit_id, inbox, values):
    unit = plan.unit(unit_id)
    fill = demo_fill(plan, unit.division, T1, unit_id=unit_id)
    for (kf, key), value in values.items():
        fill["Nyckeltal"][kf][key] = value
        fill["Nyckeltal"][kf]["analysis"] = "Analys."
        fill["Nyckeltal"][kf]["actions"] = "Åtgärd."
    name = Reporter(plan.division(unit.division), unit).file_name(T1.key)
    return build_template(plan, unit.division, T1, inbox / name, fill, unit_id=unit_id)


def test_every_aggregation_rule_from_units_to_division(tmp_path, uplan):
    ws = Workspace(tmp_path)
    ws.inbox.mkdir()
    _unit_file(
        uplan,
        "E0001",
        ws.inbox,
        {
            ("N01", "outcome"): D("4.0"),
            ("N04", "outcome"): D(70),
            ("N04", "denominator"): D(300),
            ("N12", "outcome"): D(55),
            ("N13", "outcome"): D(90),
        },
    )
    _unit_file(
        uplan,
        "E0005",
        ws.inbox,
        {
            ("N01", "outcome"): D("4.2"),
            ("N04", "outcome"): D(60),
            ("N04", "denominator"): D(100),
            ("N12", "outcome"): D(45),
            ("N13", "outcome"): D(70),
        },
    )
    _unit_file(uplan, "E0002", ws.inbox, {})  # one Kirurgi unit of two
    intake = run_intake(ws, uplan, T1)
    assert sorted(intake.current) == ["KIR/E0002", "MED/E0001", "MED/E0005"]
    result = consolidate(uplan, intake)
    kf = frame(result.key_figures)
    med = kf[kf["division_id"] == "MED"].set_index("id")
    assert med.loc["N01", "outcome"] == D("4.10")  # mean (4,0 + 4,2) / 2
    assert med.loc["N04", "outcome"] == D("67.50")  # weighted (70·300 + 60·100) / 400
    assert med.loc["N04", "denominator"] == D(400)
    assert med.loc["N12", "outcome"] == D(100)  # sum 55 + 45
    assert med.loc["N13", "outcome"] is None  # not aggregatable …
    assert med.loc["N13", "analysis"] == "ej aggregerbart – se enheterna"
    assert med.loc["N13", "status"] == "Ej uppfyllt"  # … the worst unit: 70 against Minst 80 %
    units = kf[(kf["id"] == "N13") & kf["is_unit"]]
    assert list(units["division"]) == ["Division Medicin / Enhet 0001", "Division Medicin / Enhet 0005"]
    assert list(units["status"]) == ["Uppfyllt", "Ej uppfyllt"]
    economy = frame(result.economy).set_index(["division_id", "group_id"])
    unit_actuals = [answer(intake.current[k].submission, "Ekonomi", "EK", "actual") for k in ("MED/E0001", "MED/E0005")]
    assert economy.loc[("MED", "EK"), "actual"] == sum(unit_actuals, D(0))
    assert economy.loc[("MED", "EK"), "budget"] == D("-1282.4")
    assert med.loc["N12", "analysis"] == "Enhet 0001, Enhet 0005: Analys."  # one text once; every unit counted: no note
    status = frame(result.submissions).set_index("division")["status"]
    # the files are written now, after the plan's 2025 deadline: late, as a division's own file would be
    # which units were late, not only that one was (a late unit among five read "Inkommen (sent) från 5 av 5")
    assert status["Division Medicin"] == "Inkommen från 2 av 2 enheter; sent: Enhet 0001, Enhet 0005"
    assert status["Division Kirurgi"] == "Inkommen från 1 av 2 enheter; saknas: Enhet 0006; sent: Enhet 0002"
    assert result.missing == ["HSD", "NV"]


@pytest.mark.parametrize(
    "rule,outcome,forecast",
    [("sum", D(55), D(56)), ("mean", D("55.00"), D("56.00")), ("weighted", D("55.00"), D("56.00"))],
)
def test_a_division_from_units_counts_the_units_with_an_outcome_and_names_the_others(
    tmp_path, uplan, rule, outcome, forecast
):
    plan = replace(uplan, key_figures=[replace(k, aggregation=rule) if k.id == "N12" else k for k in uplan.key_figures])
    ws = Workspace(tmp_path)
    ws.inbox.mkdir()
    _unit_file(plan, "E0001", ws.inbox, {("N12", "outcome"): D(55), ("N12", "forecast"): D(56)})
    _unit_file(plan, "E0005", ws.inbox, {("N12", "outcome"): None, ("N12", "forecast"): D(40)})  # no utfall yet
    result = consolidate(plan, run_intake(ws, plan, T1))
    kf = frame(result.key_figures)
    med = kf[(kf["division_id"] == "MED") & (kf["id"] == "N12")].iloc[0]
    assert (med["outcome"], med["forecast"]) == (outcome, forecast)  # Enhet 0005's forecast is not added in alone
    assert med["analysis"].splitlines() == ["exkl. Enhet 0005", "Enhet 0001, Enhet 0005: Analys."]


def test_a_divisions_own_file_wins_its_units_files_and_is_counted_alone(tmp_path, uplan):
    import os

    ws = Workspace(tmp_path)
    ws.inbox.mkdir()
    _unit_file(uplan, "E0001", ws.inbox, {})
    _unit_file(uplan, "E0005", ws.inbox, {("N01", "outcome"): "ej klart"})  # an error in a file not used
    fill = demo_fill(uplan, "MED", T1)
    build_template(uplan, "MED", T1, ws.inbox / "2025-T1 Division Medicin.xlsx", fill)
    _unit_file(uplan, "E0002", ws.inbox, {})  # Kirurgi from its units, one of them after the deadline
    _unit_file(uplan, "E0006", ws.inbox, {})
    for path in ws.inbox.iterdir():
        os.utime(path, (1746100000, 1746100000))  # 2025-05-01: in time
    late = ws.inbox / Reporter(uplan.division("KIR"), uplan.unit("E0006")).file_name(T1.key)
    os.utime(late, (1747000000, 1747000000))  # 2025-05-11, after the deadline 2025-05-09
    result = consolidate(uplan, run_intake(ws, uplan, T1))
    rows = {r.division: r for r in result.submissions}
    medicin = rows["Division Medicin"]
    assert medicin.status == "Inkommen; divisionens egen fil gäller, 2 enhetsfiler används inte"
    assert (medicin.file, medicin.errors) == ("2025-T1 Division Medicin.xlsx", 0)  # not E0005's error
    assert rows["Division Kirurgi"].status == "Inkommen från 2 av 2 enheter; sent: Enhet 0006"  # the late one named
    from reporting.consolidate.tables import _unit_files

    assert (_unit_files(1), _unit_files(2)) == ("1 enhetsfil", "2 enhetsfiler")  # one is said in the singular


def test_unit_templates(tmp_path, uplan):
    paths = generate_templates(uplan, T1, tmp_path, ["MED"], units=True)
    assert [p.name for p in paths] == [
        "2025-T1 Division Medicin - Enhet 0001.xlsx",
        "2025-T1 Division Medicin - Enhet 0005.xlsx",
    ]
    book = sheet_values(paths[0], "_meta", "Ekonomi", "Investeringar")
    meta = {row[0]: row[1] for row in book["_meta"]}
    assert (meta["division_id"], meta["unit_id"], meta["unit_name"]) == ("MED", "E0001", "Enhet 0001")
    frame = uplan.frame("MED", 2025, "E0001")
    assert value_at(book["Ekonomi"], "C5") == float(frame.amounts["EI"])
    assert [value_at(book["Investeringar"], f"C{r}") for r in (5, 6, 7)] == ["Utrustning a", "Utrustning b", None]
    other = sheet_values(paths[1], "Investeringar")["Investeringar"]
    objects = [value_at(other, f"C{r}") for r in range(5, 13)]
    # the division's own objects (Enhet: its last unit) in plan order, then the unit's two
    assert objects == [
        "Datortomograf till akuten",
        "Hjärtkompressionsapparat",
        "Patogenreducerade trobocyter",
        "Diatermi-monopolär med rökutsug",
        "Bladderscan portabel",
        "Amplex PCR",
        "Utrustning a",
        "Utrustning b",
    ]


def test_with_units_a_division_without_units_gets_its_own_template(tmp_path, uplan):
    """--units on a plan where only Medicin has units: the others report as a whole and still get a template."""
    plan = replace(uplan, units=[u for u in uplan.units if u.division == "MED"])
    names = [p.name for p in generate_templates(plan, T1, tmp_path, units=True)]
    assert names == [
        "2025-T1 Hälso- och sjukvårdsdirektör.xlsx",
        "2025-T1 Division Medicin - Enhet 0001.xlsx",
        "2025-T1 Division Medicin - Enhet 0005.xlsx",
        "2025-T1 Division Kirurgi.xlsx",
        "2025-T1 Division nära vård.xlsx",
    ]


@pytest.fixture(scope="module")
def units30(tmp_path_factory):
    """unit_plan(30) and its 30 units' submissions (in the order written), written once per module."""
    plan = unit_plan(30)
    return plan, write_unit_submissions(plan, T1, tmp_path_factory.mktemp("units30") / "inbox")


def _inbox_copy(paths, inbox):
    """The submissions copied into ``inbox``, in the same order."""
    shutil.copytree(paths[0].parent, inbox)
    return [inbox / p.name for p in paths]


def test_parallel_intake_equals_sequential(tmp_path, units30):
    plan, written = units30
    paths = _inbox_copy(written, tmp_path / "inbox")
    sequential = check_files(paths, plan, T1, workers=1)
    parallel = check_files(paths, plan, T1, workers=2)
    assert [(r.reporter, [f.as_dict() for f in r.findings], r.submission.answers) for r in sequential] == [
        (r.reporter, [f.as_dict() for f in r.findings], r.submission.answers) for r in parallel
    ]


def test_archived_units_are_read_again_when_the_inbox_is_empty(tmp_path, units30):
    plan, written = units30
    ws = Workspace(tmp_path)
    _inbox_copy(written, ws.inbox)
    first = run_intake(ws, plan, T1, workers=2)
    for path in ws.inbox.iterdir():
        path.unlink()
    second = run_intake(ws, plan, T1, workers=2)
    assert second.files == [] and len(second.current) == 30
    assert {k: (r.path.name, r.submission.answers) for k, r in first.current.items()} == {
        k: (r.path.name, r.submission.answers) for k, r in second.current.items()
    }


@pytest.mark.parametrize("units", [1000, 4000, 10000])
def test_unit_plan_frames_add_up_and_keep_the_groups_sign(units):
    """Issue 16.4: the last unit's rounding remainder flipped sign, so `plan check` failed at these sizes."""
    plan = unit_plan(units)
    division_frames = {
        (f.division, f.year): f for f in plan.budget_frames if not f.unit and f.division != "Nämnd"
    }  # the nämnd's own frames have no units
    unit_frames = [f for f in plan.budget_frames if f.unit]
    assert len(unit_frames) == units * len({year for _, year in division_frames})
    by_division: dict[tuple[str, int], list] = {}  # each division's and year's unit frames, gathered in one pass
    for f in unit_frames:
        by_division.setdefault((f.division, f.year), []).append(f)
    for (division, year), total in division_frames.items():
        members = by_division.get((division, year), [])
        for gid, _ in ACCOUNT_GROUPS:
            amounts = [f.amounts[gid] for f in members]
            assert sum(amounts, D(0)) == total.amounts[gid], (division, year, gid)
            if gid in INCOME_GROUPS:
                assert all(a >= 0 for a in amounts), (division, year, gid)
            else:
                assert all(a <= 0 for a in amounts), (division, year, gid)


def test_unit_plan_of_1000_units_passes_plan_check(tmp_path):
    _, findings = check_plan(write_plan(tmp_path / "plan.xlsx", unit_plan(1000)))
    assert [str(f) for f in findings] == []


def test_a_division_missing_units_is_judged_against_its_reporting_units_frames_and_names_them(unit_run):
    # three units per division, one of each does not report (conftest, once per session)
    _, plan, result = unit_run(12, skip_every=3)
    intake = result.intake
    missing = {"E0003", "E0006", "E0009", "E0012"}
    subs = [f.submission for f in intake.current.values()]
    checked = 0
    for division in plan.divisions:
        units = plan.units_of(division.id)
        absent = [u for u in units if u.id in missing]
        reported = [u for u in units if u.id not in missing]
        rows = [e for e in result.economy if e.division_id == division.id]
        expected_name = f"{division.name} (exkl. {', '.join(u.name for u in absent)})" if absent else division.name
        assert {e.division for e in rows} == {expected_name}
        for gid, _ in ACCOUNT_GROUPS:
            row = next(e for e in rows if e.group_id == gid)
            frames = [plan.frame(division.id, 2025, u.id).amounts[gid] for u in reported]
            assert row.budget == sum(frames, D(0))  # the same units' frames as their utfall
            parts = [s for s in subs if s.division_id == division.id]
            assert len(parts) == 2 and row.actual == sum((p.answers.account(gid).actual for p in parts), D(0))
            checked += 1
    assert checked == 4 * len(ACCOUNT_GROUPS)
    # a finding on a division combined from units names the reporting units' files (one a line) and the cell each
    # has the figure in (tests/test_consistency_units.py)
    files = {d.name: "\n".join(p.file for p in subs if p.division_id == d.id) for d in plan.divisions}
    deviations = [f for f in result.checks if f.rule == "budget-deviation"]
    assert deviations and all(f.file == files[f.division] and f.cell for f in deviations)
    total = next(o for o in result.economy_overview if o.is_total)
    own = D("-3.5")  # the nämnd's own frame (förtroendemannabudget) is part of the total
    assert total.budget == sum((e.budget for e in result.economy if e.group_id == NETTO_ID), own)
    # the nämnd total names the units it leaves out, is not "Inkommen", and the whole frame stands beside it
    left_out = [
        f"{', '.join(u.name for u in plan.units_of(d.id) if u.id in missing)} i {d.name}"
        for d in plan.divisions
        if any(u.id in missing for u in plan.units_of(d.id))
    ]
    assert len(left_out) == 4
    assert sorted(left_out_names(result.economy_overview)) == sorted(left_out)
    assert total.division.startswith("Nämnden totalt (exkl. Enhet ") and not total.submitted
    (whole,) = [o for o in result.economy_overview if o.frame_only]
    assert whole.budget == sum((plan.frame(d.id, 2025).netto for d in plan.divisions), own) != total.budget
    frames = {f.group_id: f.budget for f in group_frames(result.economy, board_amounts(plan, 2025))}
    own_ek = board_amounts(plan, 2025).get("EK", D(0))  # the nämnd's own frame, as in every nämnd total
    assert frames["EK"] == sum((plan.frame(d.id, 2025).amounts["EK"] for d in plan.divisions), own_ek)
    assert "som inte har kommit in" in forecast_note(result) and "Enhet 0003 i " in forecast_note(result)
    totals = group_totals(result.economy, board_amounts(plan, 2025))
    assert {t.division for t in totals} == {total.division}  # per account group the same scope, said the same way
    assert capped([f"Enhet {n}" for n in range(12)]).endswith("Enhet 9 och 2 till")  # a label fits a cell


def test_a_key_figure_not_aggregated_is_judged_alike_for_division_and_namnd(tmp_path, uplan):
    """`ej` from units: the nämnd showed "Underlag saknas" beside a division judged from its units (its worst);
    a Ja/Nej target from units read "Delvis" judged "Ej uppfyllt" (the worst unit) at the division and "Delvis
    uppfyllt" at the nämnd. A Ja/Nej answer combines (Delvis) whatever the rule: judged as it reads, everywhere."""
    from reporting.plan.targets import parse_target

    done = parse_target("Genomfört ja/nej")
    plan = replace(
        uplan,
        key_figures=[
            replace(k, target_text=done.text, target=done, targets={}) if k.id == "N12" else k
            for k in uplan.key_figures
        ],
    )
    ws = Workspace(tmp_path)
    ws.inbox.mkdir()
    _unit_file(plan, "E0001", ws.inbox, {("N13", "outcome"): D(90), ("N12", "outcome"): "Ja"})
    _unit_file(plan, "E0005", ws.inbox, {("N13", "outcome"): D(70), ("N12", "outcome"): "Nej"})
    kf = frame(consolidate(plan, run_intake(ws, plan, T1)).key_figures)
    rows = {(r.id, r.division_id): (r.outcome, r.status) for r in kf.itertuples() if not r.is_unit}
    assert rows[("N13", "MED")] == (None, "Ej uppfyllt") and rows[("N13", "")] == (None, "Ej uppfyllt")
    assert rows[("N12", "MED")] == ("Delvis", "Delvis uppfyllt") == rows[("N12", "")]


def test_a_division_missing_many_units_names_ten_and_counts_the_rest(tmp_path):
    """Inlämningar names at most ten missing units, then how many more (as the "exkl." names do), not a bare "…"."""
    plan = unit_plan(48)  # twelve units per division
    first = plan.units_of("MED")[0]
    ws = Workspace(tmp_path)
    ws.inbox.mkdir(parents=True)
    name = Reporter(plan.division("MED"), first).file_name(T1.key)
    build_template(plan, "MED", T1, ws.inbox / name, demo_fill(plan, "MED", T1, 2025, first.id), unit_id=first.id)
    result = consolidate(plan, run_intake(ws, plan, T1))
    missing = [u.name for u in plan.units_of("MED")[1:]]
    status = frame(result.submissions).set_index("division")["status"]
    assert status["Division Medicin"].startswith(
        f"Inkommen från 1 av 12 enheter; saknas: {', '.join(missing[:10])} och 1 till"
    )
