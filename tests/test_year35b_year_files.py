"""Another period's files in the inbox are not findings of the period run (qa35n #7): not in the run's findings
(console count, Avvikelser, --json), not in a division's återkoppling or its verdict, and named by the run's plan.

At the turn of the year the 2026 files lie in the inbox while the 2025 årsrapport is finalised (and the reverse);
the demo plan's periods stand in for the two years here: the delår files are over and wait for their own run while
T1 is run again, and T1's files are left lying when delår is run."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date

from openpyxl import load_workbook

from helpers import complete_edits, fill
from reporting.consolidate.consolidation import consolidate
from reporting.findings import Rule, Severity
from reporting.intake.checking import check_file
from reporting.intake.run import run_intake
from reporting.output.feedback import write_feedback
from reporting.output.report import write_report
from reporting.plan.periods import Period
from reporting.template.write import build_template
from reporting.workspace import Workspace

T1, DELAR = Period(2025, "T1"), Period(2025, "delar")
AFTER_DELAR = date(2025, 10, 1)
RENAMED = "Division Nära vård och tandvård"


def test_another_periods_file_is_named_by_the_plan_the_run_judges_by(plan, tmp_path):
    """NV renamed in the other year's plan: its file carries that name, the run's finding this plan's name."""
    other = copy.deepcopy(plan)
    other.divisions = [replace(d, name=RENAMED) if d.id == "NV" else d for d in other.divisions]
    template = build_template(other, "NV", DELAR, tmp_path / "t.xlsx")
    path = fill(template, complete_edits(other, "NV", 2025, "delar"), tmp_path / f"2025-delar {RENAMED}.xlsx")
    result = check_file(path, plan, T1, today=AFTER_DELAR)
    assert [(f.rule, f.division) for f in result.findings] == [(Rule.LATER_PERIOD, "Division nära vård")]


def test_another_periods_file_of_a_division_this_plan_has_not_is_a_leftover_not_an_unknown_division(plan, tmp_path):
    """HSD dissolved at the turn of the year: its bokslut file of last year, left in the inbox, is that year's
    leftover in this year's run, named as its template names it, not rejected as an unknown division."""
    template = build_template(plan, "HSD", DELAR, tmp_path / "t.xlsx")
    path = fill(template, complete_edits(plan, "HSD", 2025, "delar"), tmp_path / "2025-delar HSD.xlsx")
    without = copy.deepcopy(plan)
    without.divisions = [d for d in without.divisions if d.id != "HSD"]
    result = check_file(path, without, T1, today=AFTER_DELAR)
    assert result.for_another_period
    assert [(f.severity, f.rule, f.division) for f in result.findings] == [
        (Severity.WARNING, Rule.LATER_PERIOD, "Hälso- och sjukvårdsdirektör")
    ]


def _feedback(path):
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    status, advice = rows[1][0], rows[2][0]
    return status, advice, [(r[1], r[2], r[5]) for r in rows[5:] if r[0] in ("fel", "varning")]


def test_another_periods_files_are_not_the_runs_findings_nor_in_the_feedbacks_verdict(tmp_path, plan, make_template):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    for division in ("NV", "KIR"):  # this period's files, and the next period's beside them
        fill(make_template(division), complete_edits(plan, division), ws.inbox / f"2025-T1 {division}.xlsx")
        delar = make_template(division, DELAR)
        fill(delar, complete_edits(plan, division, 2025, "delar"), ws.inbox / f"2025-delar {division}.xlsx")
    med = make_template("MED", DELAR)  # MED sent only its delår file
    fill(med, complete_edits(plan, "MED", 2025, "delar"), ws.inbox / "2025-delar MED.xlsx")
    intake = run_intake(ws, plan, T1, today=AFTER_DELAR)
    assert sorted(f.path.name for f in intake.files if f.for_another_period) == [
        "2025-delar KIR.xlsx",
        "2025-delar MED.xlsx",
        "2025-delar NV.xlsx",
    ]
    result = consolidate(plan, intake)
    assert [f for f in result.findings if f.rule is Rule.LATER_PERIOD or "delar" in f.file] == []
    paths = {p.name: p for p in write_feedback(result, tmp_path / "out")}
    nv_status, nv_advice, nv_rows = _feedback(paths["2025-T1 Återkoppling Division nära vård.xlsx"])
    assert nv_status == "Underlaget har kommit in och är med i sammanställningen."
    assert (nv_advice, nv_rows) == ("Inga fel eller varningar.", [])  # its delår file is not about T1
    med_status, med_advice, med_rows = _feedback(paths["2025-T1 Återkoppling Division Medicin.xlsx"])
    assert med_status == (
        "Inget godkänt underlag har kommit in. Skicka den ifyllda mallen snarast. 2025-delar MED.xlsx gäller "
        "delår 2025 och räknas inte in här; fyll i mallen för T1 2025."
    )
    assert (med_advice, med_rows) == (None, [])
    report = load_workbook(write_report(result, tmp_path / "report")[0], read_only=True)
    avvikelser = [r[2] for r in report["Avvikelser"].iter_rows(min_row=5, values_only=True) if r[0] == "varning"]
    assert [name for name in avvikelser if "delar" in name] == []  # the nämnd's document: T1's findings only
    told = [r[0] for r in report["Inlämningar"].iter_rows(values_only=True) if r[0] and "Intagslogg" in str(r[0])]
    assert told == [
        "Varje fil i inkorgen vid körningen står på fliken Intagslogg i arbetsboken. 3 av dem gäller andra perioder "
        "(delår 2025) och räknas inte in här."
    ]


def test_last_periods_files_in_the_later_run_are_not_its_findings_either(tmp_path, plan, make_template):
    """The reverse direction: T1's files (archived for T1) left lying when delår is run."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    fill(make_template("NV"), complete_edits(plan, "NV"), ws.inbox / "2025-T1 NV.xlsx")
    run_intake(ws, plan, T1, today=AFTER_DELAR)
    delar = make_template("NV", DELAR)
    fill(delar, complete_edits(plan, "NV", 2025, "delar"), ws.inbox / "2025-delar NV.xlsx")
    intake = run_intake(ws, plan, DELAR, today=AFTER_DELAR)
    assert [f.path.name for f in intake.files if f.for_another_period] == ["2025-T1 NV.xlsx"]
    assert [f for f in intake.findings if f.rule is Rule.EARLIER_PERIOD] == []
    result = consolidate(plan, intake)
    paths = {p.name: p for p in write_feedback(result, tmp_path / "out")}
    _, _, rows = _feedback(paths["2025-delar Återkoppling Division nära vård.xlsx"])
    assert [row for row in rows if row[1] == "2025-T1 NV.xlsx"] == []
