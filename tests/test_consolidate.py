"""Golden consolidation: hand-computed statuses, aggregation rules, budget checks and reconciling totals."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from helpers import AsText, complete_edits, fill, rows_of, value_at
from reporting.consolidate.consolidation import consolidate
from reporting.consolidate.frames import frame
from reporting.consolidate.keyfigures import board_total
from reporting.consolidate.totals import aggregate
from reporting.intake.run import run_intake
from reporting.output.feedback import write_feedback
from reporting.output.report import report_path, write_report
from reporting.plan.model import ACCOUNT_GROUPS, KeyFigure
from reporting.plan.periods import Period
from reporting.plan.targets import Status, parse_target
from reporting.template.answers import KeyFigureAnswer
from reporting.workspace import Workspace

D = Decimal
T1 = Period(2025, "T1")
TOTAL_WITHOUT_HSD_NV = "Nämnden totalt (exkl. Hälso- och sjukvårdsdirektör, Division nära vård)"  # the period run: HSD and NV did not submit
# the same total's label in the report's tables: the own frame is in its budget and prognos only (out35 #9)
TOTAL_SHOWN = "Nämnden totalt (exkl. Hälso- och sjukvårdsdirektör, Division nära vård; egen ram ingår inte i periodiserad budget och utfall)"


def kf(aggregation: str, target: str = "Minst 50 %") -> KeyFigure:
    return KeyFigure("X", "Test", "HS", ("MED", "KIR"), "%", target, parse_target(target), "", aggregation)


@pytest.mark.parametrize(
    "rule,values,weights,expected",
    [
        ("sum", [D(10), D(5)], [None, None], (D(15), "summa")),
        ("mean", [D(70), D(61)], [None, None], (D("65.50"), "medelvärde")),
        ("weighted", [D(70), D(60)], [D(300), D(100)], (D("67.50"), "vägt med antalen (nämnarna)")),
        ("weighted", [D(70), D(60)], [D(300), None], (D("65.00"), "medelvärde (nämnare saknas)")),
        ("none", [D(70), D(60)], [None, None], (None, "ej aggregerbart – se divisionerna")),
        ("sum", [D(10), None], [None, None], (D(10), "")),  # one reporter: its own value
        ("mean", [None, None], [None, None], (None, "")),
    ],
)
def test_aggregation_rules(rule, values, weights, expected):
    assert aggregate(kf(rule), values, weights) == expected


def three(aggregation: str, target: str = "Minst 50 %") -> KeyFigure:
    return KeyFigure("X", "Test", "HS", ("MED", "KIR", "NV"), "%", target, parse_target(target), "", aggregation)


@pytest.mark.parametrize(
    "rule,outcome,forecast,note",
    [  # MED and NV gave an outcome, KIR only a forecast; NV's forecast is missing in the last two cases
        ("mean", D("67.50"), D("68.50"), "medelvärde exkl. Division Kirurgi"),
        ("weighted", D("68.75"), D("69.75"), "vägt med antalen (nämnarna) exkl. Division Kirurgi"),
        ("sum", D(135), D(137), "summa exkl. Division Kirurgi"),
    ],
)
def test_the_board_total_names_the_divisions_it_leaves_out_and_keeps_one_base(plan, rule, outcome, forecast, note):
    answers = [
        KeyFigureAnswer(outcome=D(70), last_year=D(60), forecast=D(71), denominator=D(300)),
        KeyFigureAnswer(forecast=D(10), denominator=D(50)),  # KIR: no outcome, left out of every column
        KeyFigureAnswer(outcome=D(65), last_year=D(62), forecast=D(66), denominator=D(100)),
    ]
    combined, said = board_total(plan, three(rule), answers)
    assert (combined.outcome, combined.forecast, said) == (outcome, forecast, note)
    answers[2] = KeyFigureAnswer(outcome=D(65), last_year=D(62), denominator=D(100))  # NV: no forecast
    combined, said = board_total(plan, three(rule), answers)
    assert (combined.outcome, combined.forecast, said) == (outcome, None, note)  # not MED's forecast alone
    answers[2] = KeyFigureAnswer(outcome=D(65), last_year="ej känt", forecast=D(66))  # a word is no number
    assert board_total(plan, three(rule), answers)[0].last_year is None
    done = board_total(plan, three("none", "Genomfört ja/nej"), [KeyFigureAnswer(outcome="Ja")] * 2 + [answers[1]])
    assert done[0].outcome == "Ja" and done[1] == "alla genomförda exkl. Division nära vård"


def test_done_targets_aggregate_to_the_weakest_answer():
    done = kf("none", "Genomfört ja/nej")
    assert aggregate(done, ["Ja", "Ja"], [None, None])[0] == "Ja"
    assert aggregate(done, ["Ja", "Nej"], [None, None])[0] == "Delvis"
    assert aggregate(done, ["Nej", "Nej"], [None, None])[0] == "Nej"


@pytest.fixture(scope="module")
def period_run(tmp_path_factory, plan, blank_templates):
    """Medicin and Kirurgi submit hand-made numbers; HSD and nära vård do not. Run once per module: the tests only
    read the result and write their outputs beside it."""
    from conftest import template_maker

    tmp_path = tmp_path_factory.mktemp("period-run")
    make_template = template_maker(plan, blank_templates, tmp_path)
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    med = complete_edits(plan, "MED")
    med.update(
        {
            ("Nyckeltal", "N01", "outcome"): 4.2,
            ("Nyckeltal", "N04", "outcome"): 70,
            ("Nyckeltal", "N04", "denominator"): 300,
            ("Nyckeltal", "N14", "outcome"): 1.6,
            ("Nyckeltal", "N14", "denominator"): 200,
            ("Nyckeltal", "N14", "analysis"): "<r><t>injicerad</t></r>",  # xlsxwriter's rich text, as raw XML
            ("Nyckeltal", "N12", "outcome"): 55,
            ("Nyckeltal", "N12", "analysis"): AsText('=HYPERLINK("http://x")'),
            ("Nyckeltal", "N13", "outcome"): 70,
            ("Nyckeltal", "N13", "analysis"): "-5 % mot plan",
            ("Nyckeltal", "N13", "actions"): "@SUM(A1)",
            # Ekonomi (mkr): outcome 1/3 of budget except external costs 3 mkr over the periodised budget
            ("Ekonomi", "EK", "periodised"): -427.5,
            ("Ekonomi", "EK", "actual"): -430.5,
            ("Ekonomi", "EK", "forecast"): -1290.4,
            ("Ekonomi", "EK", "comment"): "Hyrpersonal.",
            ("Ekonomi", "NETTO", "comment"): "Underskott 8 mkr.",
        }
    )
    kir = complete_edits(plan, "KIR")
    kir.update(
        {
            ("Nyckeltal", "N01", "outcome"): 3.9,
            ("Nyckeltal", "N04", "outcome"): 60,
            ("Nyckeltal", "N04", "denominator"): 100,
            ("Nyckeltal", "N14", "outcome"): 2.0,
            ("Nyckeltal", "N14", "denominator"): 200,
            ("Nyckeltal", "N14", "analysis"): "Platsbrist.",
            ("Nyckeltal", "N01", "analysis"): "Under mål.",
            ("Nyckeltal", "N01", "actions"): "Dialog.",
            ("Nyckeltal", "N14", "actions"): "Vårdhotell.",
            ("Ekonomi", "EK", "periodised"): -382.4,
            ("Ekonomi", "EK", "actual"): -383.0,
        }
    )
    fill(make_template("MED"), med, ws.inbox / "medicin.xlsx")
    fill(make_template("KIR"), kir, ws.inbox / "kirurgi.xlsx")
    result = consolidate(plan, run_intake(ws, plan, T1))
    return ws, result


def _total(result, kf_id):
    rows = frame(result.key_figures)
    return rows[(rows["id"] == kf_id) & rows["is_total"]].iloc[0]


def _division(result, kf_id, division_id):
    rows = frame(result.key_figures)
    return rows[(rows["id"] == kf_id) & (rows["division_id"] == division_id)].iloc[0]


def test_key_figure_statuses_and_totals(period_run):
    _, result = period_run
    # N01 HSE, mean of 4,2 and 3,9 = 4,05 ≥ 4,01 → uppfyllt; Kirurgi alone: 3,9 is 0,11 short, tolerance 0,2005 → delvis
    assert _total(result, "N01")["outcome"] == D("4.05") and _total(result, "N01")["status"] == "Uppfyllt"
    assert _division(result, "N01", "KIR")["status"] == "Delvis uppfyllt"
    assert _division(result, "N01", "NV")["status_label"] == "Ej inkommen"
    assert _division(result, "N01", "HSD")["status_label"] == "Ej inkommen"
    # N04 weighted: (70·300 + 60·100) / 400 = 67,5 ≥ 64 → uppfyllt; Kirurgi 60 is 4 short, tolerance 3,2 → ej uppfyllt
    assert _total(result, "N04")["outcome"] == D("67.50") and _total(result, "N04")["status"] == "Uppfyllt"
    assert _division(result, "N04", "KIR")["status"] == "Ej uppfyllt"
    # N14 below 1,75: (1,6·200 + 2,0·200)/400 = 1,8; 0,05 over, tolerance 0,0875 → delvis
    assert _total(result, "N14")["outcome"] == D("1.80") and _total(result, "N14")["status"] == "Delvis uppfyllt"
    # N02 is reported by nära vård only, which did not submit → underlag saknas
    assert _total(result, "N02")["status"] == "Underlag saknas"
    areas = {a.goal_area: a for a in result.goal_areas}
    assert areas["HS"].total == 17 and areas["TV"].total == 4
    assert areas["TV"].count(Status.NO_DATA) == 4


def test_economy_totals_reconcile_exactly(period_run, plan):
    _, result = period_run
    economy, overview = frame(result.economy), frame(result.economy_overview)
    budget = {gid: sum(economy[economy["group_id"] == gid]["budget"], D(0)) for gid, _ in ACCOUNT_GROUPS}
    assert budget == {"EI": D("450.0"), "II": D("1034.1"), "EK": D("-4046.9"), "AV": D("-37.6"), "IK": D("-557.9")}
    divisions = overview[overview["division_id"] != ""]
    total = overview[overview["division"] == TOTAL_WITHOUT_HSD_NV].iloc[0]
    whole = overview.iloc[-1]
    # HSD and NV did not submit: the total covers Medicin and Kirurgi in every column, budget too
    reported = divisions[divisions["submitted"]]
    assert list(reported["division_id"]) == ["MED", "KIR"]
    own = overview[overview["board_level"]].iloc[0]  # the nämnd's own frame (förtroendemannabudget)
    assert (own["division"], own["budget"], own["forecast"], own["actual"]) == (
        "Nämnden (egen ram)",
        D("-3.5"),
        D("-3.5"),
        None,
    )
    frames = sum((plan.frame(d, 2025).netto for d in ("MED", "KIR")), D(0)) + D("-3.5")
    assert total["budget"] == frames == sum(reported["budget"], D(0)) + own["budget"] != D("-3161.8")
    for key in ("periodised", "actual", "deviation", "forecast_deviation"):
        assert total[key] == sum(reported[key], D(0))
    assert total["forecast"] == sum(reported["forecast"], D(0)) + own["forecast"]
    assert (total["forecast"], total["forecast_deviation"]) == (D("-2319.9"), D("-8.0"))  # against −2 311,9
    # the whole nämnd's frame on a row of its own, frame column only: the plan's −3 158,3 and the nämnd's −3,5
    assert whole["division"] == "Nämndens budgetram, alla divisioner och nämndens egen ram" and whole["frame_only"]
    assert whole["budget"] == D("-3161.8") == sum(divisions["budget"], D(0)) + own["budget"]
    assert [whole[k] for k in ("periodised", "actual", "deviation", "forecast", "forecast_deviation")] == [None] * 5
    assert result.economy_total.division == TOTAL_WITHOUT_HSD_NV
    med = divisions.set_index("division_id").loc["MED"]
    # MED: every group 1/3 of budget except EK periodised −427,5 and actual −430,5 → deviation −3,0
    assert med["deviation"] == D("-3.000")
    assert med["forecast"] == D("-1125.400")  # budget −1117,4 with EK −1290,4 instead of −1282,4
    assert med["forecast_deviation"] == D("-8.000")
    assert total["division"] == TOTAL_WITHOUT_HSD_NV


def test_budget_checks(period_run):
    _, result = period_run
    messages = [(f.rule, f.division, f.message) for f in result.checks]
    assert (
        "forecast-deficit",
        "Division Medicin",
        "Division Medicin: helårsprognos −1\u00a0125,4 mkr mot budgetram −1\u00a0117,4 mkr, underskott 8,0 mkr.",
    ) in messages
    (deficit,) = [f for f in result.checks if f.rule == "forecast-deficit" and f.division == "Division Medicin"]
    assert (deficit.file, deficit.sheet, deficit.cell) == ("medicin.xlsx", "Ekonomi", "G10")  # Netto, Helårsprognos
    deviations = [m for m in messages if m[0] == "budget-deviation"]
    # MED EK: −3,0 mkr on −427,5 (0,7 %), threshold max(1 mkr, 2 % = 8,55) → not flagged; nothing else deviates
    assert deviations == []
    assert not any(m[1] == "Division Kirurgi" and m[0] == "forecast-deficit" for m in messages)


def test_account_group_deviation_over_threshold(tmp_path, plan, make_template):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    edits = complete_edits(plan, "MED")
    edits.update({("Ekonomi", "EK", "periodised"): -427.5, ("Ekonomi", "EK", "actual"): -440.0})
    fill(make_template("MED"), edits, ws.inbox / "medicin.xlsx")
    result = consolidate(plan, run_intake(ws, plan, T1))
    flagged = [f.message for f in result.checks if f.rule == "budget-deviation"]
    # −12,5 mkr is over max(1 mkr, 2 % of 427,5 = 8,55 mkr)
    assert flagged == [
        "Division Medicin, Externa kostnader: utfallet avviker med −12,5 mkr (−2,9 %) från periodiserad budget; "
        "minus betyder sämre än budget."
    ]
    (where,) = [(f.file, f.sheet, f.cell) for f in result.checks if f.rule == "budget-deviation"]
    assert where == ("medicin.xlsx", "Ekonomi", "E7")  # the utfall typed in the file: the återkoppling links it


def test_measures_and_investments(period_run, plan):
    _, result = period_run
    measures = frame(result.measures).set_index("id")
    # complete_edits: each reporting division achieved 1 and forecasts 2 per measure
    assert measures.loc["A1", "achieved"] == D(2) and measures.loc["A1", "forecast"] == D(4)
    assert measures.loc["A1", "missing"] == "Division nära vård"
    assert sum((m.planned for m in result.measures), D(0)) == D(51)
    investments = frame(result.investments)
    assert int(investments["amount"].sum()) == 47363
    assert set(investments[investments["division"] == "Division nära vård"]["status"]) == {"Ej inkommen"}


@pytest.fixture(scope="module")
def period_report(period_run):
    """period_run's report, written and read by openpyxl once for the tests that only look at it."""
    ws, result = period_run
    (path,) = write_report(result, ws.outbox)
    return load_workbook(path)


def test_the_intake_log_has_a_sheet_of_its_own_with_each_files_arrival(period_run, period_report):
    """Hundreds of unit files: the log gets its own header on every printed page, a filter and each file's arrival
    time (under Inlämningar's table its pages repeated that table's header over other columns)."""
    result = period_run[1]
    wb = period_report
    assert wb.sheetnames.index("Intagslogg") == wb.sheetnames.index("Inlämningar") + 1
    log = wb["Intagslogg"]
    assert log["A1"].value == f"Intagslogg för körningen {result.intake.log[0].time.replace('T', ' ')}"
    assert log["A1"].value[-9] == " "  # a date and a time, as people write them (not ISO's "T")
    assert [c.value for c in log[4]] == [
        "Rapportör",
        "Resultat",
        "Fil",
        "Mottagen",
        "Period",
        "Mallversion",
        "Orsak",
        "Kontrollsumma (SHA-256)",
    ]
    rows = {r[2]: r for r in log.iter_rows(min_row=5, values_only=True) if r[0]}
    entries = {e.file: e for e in result.intake.log}
    assert set(rows) == set(entries) == {"medicin.xlsx", "kirurgi.xlsx"}
    for name, row in rows.items():
        assert row[:4] == (entries[name].division, "godkänd", name, entries[name].received.replace("T", " ")) and row[3]
        assert len(row[3]) == 19 and row[3][10] == " "  # a date and a time, as people write them (not ISO's "T")
    assert log.auto_filter.ref == "A4:H6" and log.print_title_rows == "$4:$4"  # its header on every page
    # a region's hundreds of investment objects can be filtered too (the Summa row under them is not filtered)
    assert wb["Investeringar"].auto_filter.ref == f"A4:I{4 + len(result.investments)}" and result.investments
    assert "Intagslogg" in str(wb["Inlämningar"]["A" + str(wb["Inlämningar"].max_row)].value)
    submitted = [[c.value for c in r] for r in wb["Inlämningar"].iter_rows(min_row=4, max_row=8)]
    assert submitted[0][3:9] == [  # the file's own findings: its återkoppling adds the division's budget checks
        "Mottagen",
        "Sista dag",
        "Mallversion",
        "Kontrollsumma (SHA-256)",
        "Fel i filen",
        "Varningar i filen",
    ]
    received = [r[3] for r in submitted[1:] if r[3]]
    assert received and all(len(t) == 19 and t[10] == " " for t in received)  # "2025-05-08 16:30:00"


def test_report_numbers_read_back(period_run, period_report, plan):
    result = period_run[1]
    wb = period_report
    kf = wb["Nyckeltal"]
    rows = {(r[0].value, r[1].value): r for r in kf.iter_rows(min_row=5) if r[0].value}
    # each key figure: the nämnd's row (bold, the key figure's name), then its divisions
    n04 = next(k for k in plan.key_figures if k.id == "N04")
    total = rows[("N04", n04.name)]
    assert total[1].font.b and total[3].value == 67.5 and total[6].value == "✔ Uppfyllt"
    assert total[8].value.startswith("Nämnden totalt: vägt med antalen (nämnarna)")
    order = [r[1].value for r in kf.iter_rows(min_row=5) if r[0].value == "N04"]
    assert order == [n04.name, "Division Medicin", "Division Kirurgi"]
    assert rows[("N04", "Division Kirurgi")][6].value == "✘ Ej uppfyllt"
    assert rows[("N02", "Division nära vård")][6].value == "Ej inkommen"
    areas = [r[1].value for r in kf.iter_rows(min_row=5) if r[1].value and r[1].value.startswith("Målområde: ")]
    assert areas == [
        f"Målområde: {a.name}" for a in plan.goal_areas if any(k.goal_area == a.id for k in plan.key_figures)
    ]
    # submission text stays text, never a formula
    assert rows[("N12", "Division Medicin")][8].value == '=HYPERLINK("http://x")'
    assert rows[("N12", "Division Medicin")][8].data_type == "s"
    assert rows[("N13", "Division Medicin")][8].value == "-5 % mot plan\nÅtgärder: @SUM(A1)"
    assert rows[("N13", "Division Medicin")][8].data_type == "s"
    assert rows[("N14", "Division Medicin")][8].value == "<r><t>injicerad</t></r>"  # and never XML
    economy = [[c.value for c in row] for row in wb["Ekonomi"].iter_rows()]
    start = next(i for i, r in enumerate(economy) if r[0] == f"{TOTAL_SHOWN} per kontogrupp") + 2
    reported = {r[0]: (r[1], r[3], r[4]) for r in economy[start : start + 6]}  # budget, utfall, prognos
    for group_id, name in (*ACCOUNT_GROUPS, ("NETTO", "Netto")):
        rows = [e for e in result.economy if e.group_id == group_id and e.submitted]
        assert [d.division_id for d in rows] == ["MED", "KIR"]
        expected = [float(sum((getattr(e, k) for e in rows), D(0))) for k in ("budget", "actual", "forecast")]
        own = -3.5 if group_id in ("EK", "NETTO") else 0.0  # the nämnd's own frame: in budget and forecast
        assert list(reported[name]) == pytest.approx([expected[0] + own, expected[1], expected[2] + own]), name
    start = (
        next(
            i
            for i, r in enumerate(economy)
            if r[0] == "Nämndens budgetram, alla divisioner och nämndens egen ram per kontogrupp"
        )
        + 2
    )
    assert economy[start - 1][:3] == ["Kontogrupp", "Budget helår", None]
    budget_totals = {r[0]: r[1] for r in economy[start : start + 6]}
    # the plan's "Summa tjänstemannabudget" and its förtroendemannabudget −3,5 (an external cost): the
    # nämnd's −3 161,8 per account group (Excel stores doubles; compare to the tenth)
    assert {k: round(v, 1) for k, v in budget_totals.items()} == {
        "Externa intäkter": 450.0,
        "Interna intäkter": 1034.1,
        "Externa kostnader": round(-4046.9 - 3.5, 1),
        "Avskrivningar": -37.6,
        "Interna kostnader": -557.9,
        "Netto": -3161.8,
    }
    summary = wb["Sammanfattning"]
    values = [[c.value for c in row] for row in summary.iter_rows()]
    total_row = next(v for v in values if v[0] == TOTAL_SHOWN)
    assert total_row[1] == pytest.approx(float(result.economy_total.budget)) and total_row[7] == "Delvis inkommen"
    assert total_row[1] != pytest.approx(-3158.3)
    frame_row = next(v for v in values if v[0] == "Nämndens budgetram, alla divisioner och nämndens egen ram")
    assert frame_row[1:8] == [pytest.approx(-3161.8), None, None, None, None, None, "Planens ram"]
    own_row = next(v for v in values if v[0] == "Nämnden (egen ram, ingår inte i periodiserad budget och utfall)")
    assert own_row[1:8] == [pytest.approx(-3.5), None, None, None, pytest.approx(-3.5), 0, "Nämndnivå"]
    notes = [v[0] for v in values if isinstance(v[0], str) and v[0].startswith("•")]
    assert "• Ej inkommen: Hälso- och sjukvårdsdirektör, Division nära vård." in notes
    submissions = [[c.value for c in r] for r in wb["Inlämningar"].iter_rows(min_row=5, max_row=8)]
    # received after the 2025-05-09 deadline (the tests run later), so marked late
    assert [s[1] for s in submissions] == ["Ej inkommen", "Inkommen (sent)", "Inkommen (sent)", "Ej inkommen"]


def test_feedback_lists_the_divisions_findings_with_links(period_run):
    ws, result = period_run
    paths = write_feedback(result, ws.outbox)
    assert [p.name for p in paths] == [
        f"2025-T1 Återkoppling {n}.xlsx"
        for n in ("Hälso- och sjukvårdsdirektör", "Division Medicin", "Division Kirurgi", "Division nära vård")
    ]
    rows = [list(r) for r in rows_of(paths[1], "Återkoppling")[5:] if r[0]]
    assert any("underskott" in str(r[6]) for r in rows)
    missing = value_at(rows_of(paths[0], "Återkoppling"), "A2")
    assert missing.startswith("Inget godkänt underlag")
    # what to do: fix and resend only with errors; nothing to fix where nothing came in
    assert value_at(rows_of(paths[0], "Återkoppling"), "A3") is None  # A2 asks for the file; nothing to add
    assert [value_at(rows_of(p, "Återkoppling"), "A3") for p in paths[1:3]] == [  # Medicin, then Kirurgi
        "Inga fel, 2 varningar. Se över varningarna; skicka en ny fil bara om något behöver ändras.",
        "1 fel och 1 varning. Rätta felen i din fil och skicka den igen; den nya filen ersätter den gamla.",
    ]


def test_zero_submissions_still_writes_a_report(tmp_path, plan):
    ws = Workspace(tmp_path / "ws")
    result = consolidate(plan, run_intake(ws, plan, T1))
    stale = report_path(result, ws.outbox).with_suffix(".pdf")  # an earlier run's PDF, of other numbers
    ws.outbox.mkdir(parents=True)
    stale.write_bytes(b"%PDF-1.4 earlier run")
    (path,) = write_report(result, ws.outbox)
    assert not stale.exists()  # a run without --pdf leaves no PDF beside the workbook that it does not match
    assert value_at(rows_of(path, "Sammanfattning"), "A3").startswith("Inga godkända inlämningar")
    assert result.missing == ["HSD", "MED", "KIR", "NV"]
    assert {k.status_label for k in result.key_figures if not k.is_total} == {"Ej inkommen"}


@pytest.mark.parametrize(
    "errors,warnings,reported,text",
    [
        (
            2,
            1,
            True,
            "2 fel och 1 varning. Rätta felen i din fil och skicka den igen; den nya filen ersätter den gamla.",
        ),
        (0, 3, True, "Inga fel, 3 varningar. Se över varningarna; skicka en ny fil bara om något behöver ändras."),
        (0, 0, True, "Inga fel eller varningar."),
        (0, 0, False, ""),  # the status line above says: send it
        (0, 2, False, "Inga fel, 2 varningar."),
        (
            1,
            0,
            False,
            "1 fel, inga varningar. Rätta felen i din fil och skicka den igen; den nya filen ersätter den gamla.",
        ),
    ],
)
def test_the_feedback_asks_for_a_new_file_only_when_there_are_errors(errors, warnings, reported, text):
    from reporting.output.feedback import _advice

    assert _advice(errors, warnings, reported) == text


def test_a_division_that_sent_another_divisions_template_is_told_so(tmp_path, plan, make_template):
    """Kirurgi fills Medicin's template and names it for Kirurgi: both Medicin files are set aside (two files
    for one division); Kirurgi's återkoppling says its file was Medicin's template, with that file's findings."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    med = complete_edits(plan, "MED")
    fill(make_template("MED"), med, ws.inbox / "2025-T1 Division Medicin.xlsx")
    fill(make_template("MED"), med | {("Nyckeltal", "N01", "outcome"): 4.1}, ws.inbox / "2025-T1 Division Kirurgi.xlsx")
    result = consolidate(plan, run_intake(ws, plan, T1))
    folder = tmp_path / "out"
    write_feedback(result, folder)
    kir = rows_of(folder / "återkoppling" / "2025-T1 Återkoppling Division Kirurgi.xlsx", "Återkoppling")
    assert value_at(kir, "A2") == (
        "Inget godkänt underlag från Division Kirurgi har kommit in: 2025-T1 Division Kirurgi.xlsx är mallen för "
        "Division Medicin. Fyll i mallen för Division Kirurgi och skicka den."
    )
    assert value_at(kir, "A3") == "Fynden nedan gäller filer som inte räknas till Division Kirurgi."
    listed = [(r[2], r[5]) for r in kir[4:] if r and r[0] in ("fel", "varning")]
    assert listed == [
        ("2025-T1 Division Kirurgi.xlsx", "Flera filer för samma division"),
        ("2025-T1 Division Kirurgi.xlsx", "Filen säger emot mallens identitet"),
    ]
    med_rows = rows_of(folder / "återkoppling" / "2025-T1 Återkoppling Division Medicin.xlsx", "Återkoppling")
    assert value_at(med_rows, "A2") == (  # both are Medicin's template: they came in, and neither is used
        "Flera filer kom in för Division Medicin (2025-T1 Division Kirurgi.xlsx, 2025-T1 Division Medicin.xlsx) och "
        "ingen av dem används, så inget godkänt underlag finns för perioden."
    )
