"""Nothing lost: archive with SHA-256, resubmission replaces, duplicates are refused, the log records all."""

import csv
import hashlib
import shutil
from datetime import date
from decimal import Decimal

from helpers import answer, complete_edits, fill
from reporting.consolidate.consolidation import consolidate
from reporting.findings import Severity
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
DELAR = Period(2025, "delar")
DURING_T1 = date(2025, 5, 10)  # T1 is consolidated in May, while the delår is still running
AFTER_DELAR = date(2025, 10, 1)  # T1 consolidated again, as a correction, after the delår files came in


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_resubmission_replaces_and_the_earlier_file_stays_archived(tmp_path, plan, make_template):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    first = complete_edits(plan, "MED")
    first[("Nyckeltal", "N01", "outcome")] = 4.1
    fill(make_template("MED"), first, ws.inbox / "medicin.xlsx")
    original_hash = sha(ws.inbox / "medicin.xlsx")
    run1 = run_intake(ws, plan, T1)
    assert answer(run1.current["MED"].submission, "Nyckeltal", "N01", "outcome") == Decimal("4.1")
    assert sha(ws.inbox / "medicin.xlsx") == original_hash  # inbox original untouched

    again = run_intake(ws, plan, T1)  # same file again: nothing new archived
    assert [e.result for e in again.log] == ["oförändrad"]

    second = dict(first)
    second[("Nyckeltal", "N01", "outcome")] = 4.3
    (ws.inbox / "medicin.xlsx").unlink()
    fill(make_template("MED", name="v2.xlsx"), second, ws.inbox / "medicin v2.xlsx")
    run3 = run_intake(ws, plan, T1)
    assert answer(run3.current["MED"].submission, "Nyckeltal", "N01", "outcome") == Decimal("4.3")
    archived = sorted((ws.archive / "2025-T1" / "MED").iterdir())
    assert len(archived) == 2
    assert original_hash in {sha(p) for p in archived}
    assert archived[0].name.split("_")[1] == original_hash[:12]

    (ws.inbox / "medicin v2.xlsx").unlink()  # the archive keeps the current submission
    run4 = run_intake(ws, plan, T1)
    assert answer(run4.current["MED"].submission, "Nyckeltal", "N01", "outcome") == Decimal("4.3")
    assert run4.current["MED"].submission.file == "medicin v2.xlsx"

    with ws.log_file.open(encoding="utf-8") as handle:
        log = list(csv.DictReader(handle))
    assert [row["result"] for row in log] == ["godkänd", "oförändrad", "godkänd"]
    assert log[0]["sha256"] == original_hash and log[0]["division"] == "MED"


def test_two_files_for_one_division_are_not_guessed(tmp_path, plan, make_template):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    edits = complete_edits(plan, "KIR")
    fill(make_template("KIR"), edits, ws.inbox / "kirurgi.xlsx")
    fill(make_template("KIR", name="b.xlsx"), edits, ws.inbox / "kirurgi (2).xlsx")
    result = run_intake(ws, plan, T1)
    assert result.current == {}
    assert [(e.file, e.result) for e in result.log] == [("kirurgi (2).xlsx", "avvisad"), ("kirurgi.xlsx", "avvisad")]
    duplicate = [f for f in result.findings if f.rule == "duplicate-division"]
    assert len(duplicate) == 2 and "Behåll en fil" in duplicate[0].message
    assert (
        "Ingen av dem används; tills vidare gäller den tidigare inlämningen för Division Kirurgi"
        in duplicate[0].message
    )
    assert not (ws.archive / "2025-T1").exists()


def test_wrong_period_file_is_rejected_and_logged(tmp_path, plan, make_template):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    shutil.copy(make_template("MED", DELAR), ws.inbox / "medicin.xlsx")  # the delår's template, still running
    result = run_intake(ws, plan, T1, today=DURING_T1)
    assert result.current == {}
    assert [(f.rule.value, f.severity) for f in result.findings] == [("wrong-period", Severity.ERROR)]
    assert result.log[0].result == "avvisad" and "delår 2025" in result.log[0].reason


def test_a_later_periods_file_is_left_for_its_own_run_like_an_earlier_periods(tmp_path, plan, make_template):
    """T1 run again after the delår files came in: they are leftovers, as March's file is, and the run goes on."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    delar = fill(make_template("MED", DELAR), complete_edits(plan, "MED", 2025, "delar"), ws.inbox / "medicin.xlsx")
    march = Period(2025, "M03")
    fill(make_template("NV", march), complete_edits(plan, "NV", 2025, "M03"), ws.inbox / "nv mars.xlsx")
    fill(make_template("KIR"), complete_edits(plan, "KIR"), ws.inbox / "kirurgi.xlsx")
    result = run_intake(ws, plan, T1, today=AFTER_DELAR)
    assert set(result.current) == {"KIR"}
    assert [f.file for f in result.findings if f.file != "kirurgi.xlsx"] == []  # not findings of T1's run
    left = {
        f.file: (f.rule.value, f.severity, f.message) for r in result.files for f in r.findings if r.for_another_period
    }
    assert left == {
        "medicin.xlsx": (
            "later-period",
            Severity.WARNING,
            "Filen gäller delår 2025, inte T1 2025. Den räknas inte in här utan i rapporten för delår 2025; "
            "du behöver inte göra något nu.",
        ),
        "nv mars.xlsx": ("earlier-period", Severity.WARNING, left["nv mars.xlsx"][2]),
    }
    logged = {e.file: (e.result, e.reason) for e in result.log}
    assert logged["medicin.xlsx"] == ("annan period", left["medicin.xlsx"][2])  # not "avvisad": nothing is wrong
    assert logged["nv mars.xlsx"] == ("annan period", left["nv mars.xlsx"][2])
    assert [f.path.name for f in result.files if f.for_another_period] == ["medicin.xlsx", "nv mars.xlsx"]
    assert sorted(p.name for p in (ws.archive / "2025-T1").iterdir()) == ["KIR"]
    rows = {row.division: (row.status, row.errors, row.warnings) for row in consolidate(plan, result).submissions}
    assert rows["Division Medicin"] == rows["Division nära vård"] == ("Ej inkommen", 0, 0)

    own = run_intake(ws, plan, DELAR, today=AFTER_DELAR)  # the delår's own run uses the same file
    assert own.current["MED"].sha256 == sha(delar) and own.current["MED"].findings == []
    assert {e.file: e.result for e in own.log}["medicin.xlsx"] == "godkänd"


def test_an_archive_from_before_the_journal_is_read_and_its_log_upgraded(tmp_path, plan, make_template):
    """Index entries without kind/received and a log without the "received" column keep working."""
    import json

    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    fill(make_template("MED"), complete_edits(plan, "MED"), ws.inbox / "medicin.xlsx")
    run_intake(ws, plan, T1)
    old = [
        {k: v for k, v in e.items() if k not in ("kind", "received", "seen")}
        for e in map(json.loads, ws.index_file.read_text("utf-8").splitlines())
    ]
    ws.index_file.write_text("".join(json.dumps(e) + "\n" for e in old), encoding="utf-8")
    ws.log_file.write_text(
        "time,file,sha256,division,period,template_version,result,reason\r\n"
        f"2025-05-02T09:00:00,medicin.xlsx,{old[0]['sha256']},MED,2025-T1,1,godkänd,\r\n",
        encoding="utf-8",
    )
    (ws.inbox / "medicin.xlsx").unlink()
    result = run_intake(ws, plan, T1)
    assert result.current["MED"].submission.received == old[0]["time"]  # no arrival recorded: the run's time
    with ws.log_file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [*list(rows[0])[:8], "received"] and rows[0]["received"] == ""
