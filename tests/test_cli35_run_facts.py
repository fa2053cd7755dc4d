"""The run's facts from Python (reporting.output.run_facts), without the console: the CLI's summary and --json are
built on them (tests/test_cli*.py prove those unchanged).

T1 in the demo plan: Medicin's and Närsjukvård's files consolidated once, then Medicin's withdrawn; Kirurgi's file has
a frame of an older plan (rejected) and Hälso- och sjukvårdsdirektörens sent nothing. The second run is the one read.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from helpers import complete_edits, fill
from reporting.consolidate.consolidation import consolidate
from reporting.findings import Rule
from reporting.intake.run import run_intake, withdraw
from reporting.output.run_facts import (
    InboxCounts,
    divisions_in_part,
    inbox_counts,
    rejected_files,
    report_written,
    reporter_of,
    run_summary,
    units_left_out,
)
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
KIR_FILE = "2025-T1 Division Kirurgi.xlsx"


def _moved(plan):
    """The plan after 1 mkr of Kirurgi's external costs moved: a template made before is not its template."""
    old = plan.frame("KIR", 2025)
    moved = replace(old, amounts={**old.amounts, "EK": old.amounts["EK"] + 1}, netto_given=old.netto + 1)
    return replace(plan, budget_frames=[moved if f is old else f for f in plan.budget_frames])


@pytest.fixture
def second_run(tmp_path, plan, make_template):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    for division, name in (("MED", "2025-T1 Division Medicin.xlsx"), ("NV", "2025-T1 Närsjukvård.xlsx")):
        fill(make_template(division), complete_edits(plan, division), ws.inbox / name)
    fill(make_template("KIR"), complete_edits(plan, "KIR"), ws.inbox / KIR_FILE)
    now = _moved(plan)
    run_intake(ws, now, T1)
    withdraw(ws, now, T1, "MED", "fel i Ekonomi")
    return consolidate(now, run_intake(ws, now, T1))


def test_the_inbox_counts_say_the_withdrawn_file_apart_from_the_accepted_and_rejected(second_run):
    counts = inbox_counts(second_run.intake)
    assert counts == InboxCounts(files=3, accepted=1, withdrawn=1, other_period=0, again={"oförändrad": 1})
    assert counts.rejected == 1
    assert [f.path.name for f in rejected_files(second_run.intake.files)] == [KIR_FILE]


def test_the_run_summary_names_each_file_s_result_and_the_divisions(second_run):
    run = run_summary(second_run, [Path("outbox/2025-T1 Tertialrapport.xlsx")])
    assert [(f["file"], f["reporter"], f["result"]) for f in run["files"]] == [
        (KIR_FILE, "KIR", "avvisad"),
        ("2025-T1 Division Medicin.xlsx", "MED", "återkallad"),
        ("2025-T1 Närsjukvård.xlsx", "NV", "oförändrad"),
    ]
    assert run["files"][1]["reason"].startswith("filen återkallades ")
    assert (run["period"], run["consolidated"], run["missing"], run["rejected"], run["units"]) == (
        "2025-T1",
        ["NV"],
        ["HSD", "MED", "KIR"],
        ["KIR"],
        {},
    )
    assert [(f["rule"], f["reporter"]) for f in run["findings"]] == [
        ("plan-changed", "KIR"),
        ("frame-changed", "KIR"),
        ("plan-changed", "NV"),
        ("central-missing", ""),  # about the run, no reporter's
    ]
    assert run["to_do"][0].startswith("Nämndens värden (F1, F2) saknas för 2025-T1")
    assert run["written"] == ["outbox/2025-T1 Tertialrapport.xlsx"]


def test_a_finding_s_reporter_is_its_file_s_else_its_division_s_by_name(second_run):
    reporter = reporter_of(second_run)
    (frame,) = [f for f in second_run.findings if f.rule is Rule.FRAME_CHANGED]
    assert reporter(frame) == "KIR"
    assert reporter(replace(frame, file="annan.xlsx", division="Division Medicin")) == "MED"
    assert reporter(replace(frame, file="", division="")) == ""


def test_a_report_was_written_when_a_workbook_outside_the_feedback_folder_was():
    feedback = [Path("outbox/återkoppling/2025-T1 Division Medicin.xlsx"), Path("outbox/2025-T1.pdf")]
    assert report_written(feedback) is False
    assert report_written([*feedback, Path("outbox/2025-T1 Tertialrapport.xlsx")]) is True


def test_divisions_in_part_name_the_units_missing_and_rejected_apart(part_region):
    """Medicin from its units' files: Enhet 0009 sent nothing, Enhet 0005's file was rejected (part_region)."""
    _, c = part_region()
    assert [
        (d, [u.id for u in missing], [u.id for u in rejected]) for d, missing, rejected in divisions_in_part(c)
    ] == [("MED", ["E0009"], ["E0005"])]
    assert units_left_out(c) == {"MED": {"missing": ["E0009"], "rejected": ["E0005"]}}
