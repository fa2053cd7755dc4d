"""The intake log's result words are declared once (``intake_log.LogResult``); their values never change, since the
CSV log is read back by older runs."""

import ast
import csv
from pathlib import Path

import reporting
from helpers import complete_edits, fill
from reporting.intake.intake_log import LogResult
from reporting.intake.run import run_intake
from reporting.output.run_facts import inbox_counts
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
WORDS = {"godkänd", "avvisad", "annan period", "oförändrad", "återinlämnad", "återkallad"}
PACKAGE = Path(reporting.__file__).parent


def test_the_log_words_keep_their_values():
    assert {m.name: m.value for m in LogResult} == {
        "ACCEPTED": "godkänd",
        "REJECTED": "avvisad",
        "OTHER_PERIOD": "annan period",
        "UNCHANGED": "oförändrad",
        "RESUBMITTED": "återinlämnad",
        "WITHDRAWN": "återkallad",
    }


def test_no_module_spells_a_log_word_itself():
    """The intake run, the run's facts and the console summary use the members, not bare literals."""
    for module in ("intake/run.py", "output/run_facts.py", "cli/summary.py"):
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        literals = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)]
        log_words = {word for word in literals if word in WORDS - {"avvisad"}}  # "avvisad" is also a console word
        assert log_words == set(), module
    run = (PACKAGE / "intake/run.py").read_text(encoding="utf-8")
    assert '"avvisad"' not in run


def test_a_run_logs_members_written_as_the_old_words(tmp_path, plan, make_template):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    fill(make_template("MED"), complete_edits(plan, "MED"), ws.inbox / "medicin.xlsx")
    (ws.inbox / "trasig.xlsx").write_bytes(b"PK\x03\x04 inte en arbetsbok")
    first = run_intake(ws, plan, T1)
    assert [(e.file, e.result) for e in first.log] == [
        ("medicin.xlsx", LogResult.ACCEPTED),
        ("trasig.xlsx", LogResult.REJECTED),
    ]
    assert all(type(e.result) is LogResult for e in first.log)
    again = run_intake(ws, plan, T1)
    assert [e.result for e in again.log] == [LogResult.UNCHANGED, LogResult.REJECTED]
    assert inbox_counts(again).again == {LogResult.UNCHANGED: 1}
    with ws.log_file.open(encoding="utf-8", newline="") as handle:
        assert [row["result"] for row in csv.DictReader(handle)] == ["godkänd", "avvisad", "oförändrad", "avvisad"]
