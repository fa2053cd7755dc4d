"""Robust running of intake: odd file names, failing workers, files changing under the run, arrival times."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from helpers import complete_edits, fail_checking, fill
from reporting.consolidate.consolidation import consolidate
from reporting.findings import Rule, Severity
from reporting.intake import checking
from reporting.intake.checking import check_files
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def log_rows(ws: Workspace) -> list[dict[str, str]]:
    with ws.log_file.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def index_of(ws: Workspace) -> list[dict[str, str]]:
    return [json.loads(line) for line in ws.index_file.read_text("utf-8").splitlines()]


@pytest.fixture
def ws(tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    return ws


@pytest.fixture
def filled(plan, make_template, tmp_path):
    """A complete, valid file for a division (cached per division), optionally with one changed value."""
    made: dict[tuple[str, float | None], Path] = {}

    def make(division: str = "MED", n01: float | None = None) -> Path:
        if (division, n01) not in made:
            edits = complete_edits(plan, division)
            if n01 is not None:
                edits[("Nyckeltal", "N01", "outcome")] = n01
            out = tmp_path / f"filled-{division}-{n01}.xlsx"
            made[(division, n01)] = fill(make_template(division), edits, out)
        return made[(division, n01)]

    return make


# --- item 4: names the archive cannot store ------------------------------------------------------------


def test_a_255_byte_name_and_a_non_utf8_name_are_archived_under_safe_names(ws, plan, filled):
    long_name = "Division Medicin " + "x" * (255 - len("Division Medicin ") - len(".xlsx")) + ".xlsx"
    assert len(long_name.encode()) == 255
    shutil.copy(filled("MED"), ws.inbox / long_name)
    raw = os.path.join(os.fsencode(ws.inbox), b"Division Kirurgi \xff\xfe.xlsx")
    with open(raw, "wb") as handle:
        handle.write(filled("KIR").read_bytes())

    for _ in range(2):  # the rerun must not stop either
        result = run_intake(ws, plan, T1)
        assert set(result.current) == {"KIR", "MED"}
    archived = sorted(p for p in ws.archive.rglob("*.xlsx"))
    assert len(archived) == 2
    assert all(len(p.name.encode()) <= 200 and p.name.isprintable() for p in archived)
    assert all(p.name.encode("utf-8") for p in archived)  # valid UTF-8 names
    rows = log_rows(ws)
    assert [r["result"] for r in rows] == ["godkänd", "godkänd", "oförändrad", "oförändrad"]
    assert "Division Kirurgi \\xff\\xfe.xlsx" in {r["file"] for r in rows}  # the original, escaped
    assert long_name in {r["file"] for r in rows}
    assert {e["file"] for e in index_of(ws)} == {long_name, "Division Kirurgi \\xff\\xfe.xlsx"}


# --- item 8: formulas and control characters from file names --------------------------------------------


def test_the_log_csv_neutralises_formulas_from_file_names(ws, plan, filled):
    shutil.copy(filled("MED"), ws.inbox / '=HYPERLINK("evil.example")x.xlsx')
    (ws.inbox / "+rubbish.xlsx").write_text("not a workbook")
    (ws.inbox / "@x\tline\nbreak.xlsx").write_text("not a workbook")
    run_intake(ws, plan, T1)
    rows = log_rows(ws)
    assert {r["file"] for r in rows} == {
        '\'=HYPERLINK("evil.example")x.xlsx',
        "'+rubbish.xlsx",
        "'@x\\tline\\nbreak.xlsx",
    }
    assert not any(value[:1] in "=+-@\t\r" for row in rows for value in row.values() if value)


# --- item 5: a worker that fails is that file's finding ---------------------------------------------------


def _files(tmp_path: Path, filled, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        path = tmp_path / "many" / f"{i:02d} Division Medicin.xlsx"
        path.parent.mkdir(exist_ok=True)
        shutil.copy(filled("MED"), path)
        paths.append(path)
    return paths


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_failing_worker_is_one_files_finding_not_the_runs(tmp_path, plan, filled, monkeypatch, how):
    paths = _files(tmp_path, filled, 6)
    fail_checking(monkeypatch, "03", how)
    results = check_files(paths, plan, T1, workers=2)
    assert [r.path.name for r in results] == [p.name for p in paths]
    assert [r.accepted for r in results] == [True, True, True, False, True, True]
    (finding,) = results[3].findings
    assert finding.rule is Rule.FILE_UNREADABLE and finding.severity is Severity.ERROR
    assert finding.file == "03 Division Medicin.xlsx" and "skicka den igen" in finding.message


def test_an_exception_in_sequential_checking_is_one_files_finding(tmp_path, plan, filled, monkeypatch):
    paths = _files(tmp_path, filled, 2)
    monkeypatch.setattr(checking, "check_submission", lambda *a: 1 / 0)
    results = check_files(paths, plan, T1, workers=1)
    assert [r.findings[0].rule for r in results] == [Rule.FILE_UNREADABLE] * 2


# --- item 9: exactly the checked bytes; latest arrival; identical copies ---------------------------------


def test_a_file_saved_over_during_the_run_is_archived_with_the_checked_bytes(ws, plan, filled, monkeypatch):
    inbox_file = ws.inbox / "Division Medicin.xlsx"
    shutil.copy(filled("MED", 4.1), inbox_file)
    checked = sha(inbox_file)
    original = checking.check_file

    def save_over_while_checking(*args, **kwargs):
        result = original(*args, **kwargs)
        shutil.copy(filled("MED", 4.3), inbox_file)  # the controller saves again meanwhile
        return result

    monkeypatch.setattr(checking, "check_file", save_over_while_checking)
    result = run_intake(ws, plan, T1, workers=1)
    (copy,) = ws.archive.rglob("*.xlsx")
    assert result.current["MED"].sha256 == checked == sha(copy) == index_of(ws)[0]["sha256"]
    assert copy.name.split("_")[1] == checked[:12]


def test_an_earlier_version_put_back_is_the_current_one(ws, plan, filled):
    inbox_file = ws.inbox / "Division Medicin.xlsx"
    shutil.copy(filled("MED", 4.1), inbox_file)
    run_intake(ws, plan, T1)
    shutil.copy(filled("MED", 4.3), inbox_file)
    assert run_intake(ws, plan, T1).current["MED"].sha256 == sha(filled("MED", 4.3))
    shutil.copy(filled("MED", 4.1), inbox_file)  # the division puts the first version back
    result = run_intake(ws, plan, T1)
    assert result.current["MED"].sha256 == sha(filled("MED", 4.1))
    assert [r["result"] for r in log_rows(ws)] == ["godkänd", "godkänd", "återinlämnad"]
    assert len(list(ws.archive.rglob("*.xlsx"))) == 2  # the earlier copy is used again, not copied twice
    again = run_intake(ws, plan, T1)
    assert again.current["MED"].sha256 == sha(filled("MED", 4.1)) and again.log[0].result == "oförändrad"


def test_the_same_file_twice_in_the_inbox_is_one_submission(ws, plan, filled):
    shutil.copy(filled("MED"), ws.inbox / "Division Medicin.xlsx")
    os.utime(ws.inbox / "Division Medicin.xlsx", (1_746_000_000, 1_746_000_000))  # the older one
    shutil.copy(filled("MED"), ws.inbox / "Division Medicin (1).xlsx")
    result = run_intake(ws, plan, T1)
    assert result.current["MED"].path.name == "Division Medicin.xlsx"
    assert [(e.file, e.result) for e in result.log] == [
        ("Division Medicin (1).xlsx", "oförändrad"),
        ("Division Medicin.xlsx", "godkänd"),
    ]
    assert "Division Medicin.xlsx" in result.log[0].reason
    assert not [f for f in result.findings if f.rule is Rule.DUPLICATE_DIVISION]
    assert len(list(ws.archive.rglob("*.xlsx"))) == 1


def test_two_different_files_for_one_division_stay_rejected(ws, plan, filled):
    shutil.copy(filled("MED", 4.1), ws.inbox / "Division Medicin.xlsx")
    shutil.copy(filled("MED", 4.3), ws.inbox / "Division Medicin (1).xlsx")
    result = run_intake(ws, plan, T1)
    assert result.current == {} and [e.result for e in result.log] == ["avvisad", "avvisad"]


def test_a_rejected_copy_of_the_current_file_does_not_repeat_its_findings(ws, plan, filled, tmp_path):
    """The old file left beside a new one: both rejected, the old one still current; its warning once."""
    from openpyxl import load_workbook

    from reporting.output.feedback import write_feedback

    shutil.copy(filled("MED"), ws.inbox / "2025-T1 Division Kirurgi.xlsx")  # a name-mismatch warning
    run_intake(ws, plan, T1)
    shutil.copy(filled("MED", 4.3), ws.inbox / "Division Medicin rättad.xlsx")
    result = run_intake(ws, plan, T1)
    assert [e.result for e in result.log] == ["avvisad", "avvisad"] and "MED" in result.current
    assert [f.rule for f in result.findings].count(Rule.NAME_MISMATCH) == 1
    assert [f.rule for f in result.findings].count(Rule.DUPLICATE_DIVISION) == 2  # one per file
    (path,) = [p for p in write_feedback(consolidate(plan, result), tmp_path) if "Medicin" in p.name]
    rows = [r for r in load_workbook(path).active.iter_rows(values_only=True) if Rule.NAME_MISMATCH.heading in r]
    assert len(rows) == 1


# --- item 10: arrival time; a name that contradicts the identity -----------------------------------------


def _at(day: str) -> float:
    return datetime.fromisoformat(day).timestamp()


def test_lateness_is_judged_by_the_arrival_not_by_the_run(ws, plan, filled):
    shutil.copy(filled("MED"), ws.inbox / "Division Medicin.xlsx")
    shutil.copy(filled("KIR"), ws.inbox / "Division Kirurgi.xlsx")
    os.utime(ws.inbox / "Division Medicin.xlsx", (_at("2025-05-08T16:30:00"),) * 2)  # deadline 2025-05-09
    os.utime(ws.inbox / "Division Kirurgi.xlsx", (_at("2025-05-12T08:00:00"),) * 2)
    intake = run_intake(ws, plan, T1)  # run today, long after the deadline
    assert intake.current["MED"].submission.received == "2025-05-08T16:30:00"
    status = {row.division: row.status for row in consolidate(plan, intake).submissions}
    assert status["Division Medicin"] == "Inkommen" and status["Division Kirurgi"] == "Inkommen (sent)"
    assert {r["file"]: r["received"] for r in log_rows(ws)}["Division Medicin.xlsx"] == "2025-05-08T16:30:00"
    assert {e["file"]: e["received"] for e in index_of(ws)}["Division Kirurgi.xlsx"] == "2025-05-12T08:00:00"
    (ws.inbox / "Division Medicin.xlsx").unlink()  # read again from the archive: the arrival is kept
    assert run_intake(ws, plan, T1).current["MED"].submission.received == "2025-05-08T16:30:00"


def test_a_file_name_that_names_another_division_gives_a_warning(ws, plan, filled):
    shutil.copy(filled("MED"), ws.inbox / "2025-T1 Division Kirurgi.xlsx")
    result = run_intake(ws, plan, T1)
    assert "MED" in result.current  # identity comes from the metadata, never the name
    (finding,) = [f for f in result.current["MED"].findings if f.rule is Rule.NAME_MISMATCH]
    assert finding.severity is Severity.WARNING
    assert finding.message == (
        "Filnamnet nämner Division Kirurgi, men filen är mallen för Division Medicin enligt mallens inbyggda "
        "uppgifter. Filen räknas till Division Medicin; kontrollera att rätt mall fylldes i och byt annars till mallen "
        "för Division Kirurgi."
    )


def test_an_edited_hidden_identity_is_told_in_words_the_controller_knows(ws, plan, filled):
    from openpyxl import load_workbook as load

    path = filled("MED")
    wb = load(path)
    next(r for r in wb["_meta"].iter_rows(max_col=2) if r[0].value == "division_id")[1].value = "KIR"
    wb.save(path)
    (finding,) = [f for f in checking.check_file(path, plan, T1).findings if f.rule is Rule.NAME_MISMATCH]
    assert finding.message == (
        "Filen är mallen för Division Kirurgi, men rubriken säger Division Medicin. Filen räknas till "
        "Division Kirurgi; använd mallen för rätt division."
    )


def test_a_file_name_with_its_own_division_gives_no_name_warning(ws, plan, filled):
    shutil.copy(filled("MED"), ws.inbox / "2025-T1 division_medicin (kopia av kirurgi-mallen).xlsx")
    shutil.copy(filled("KIR"), ws.inbox / "kir.xlsx")
    result = run_intake(ws, plan, T1)
    assert not [f for r in result.current.values() for f in r.findings if f.rule is Rule.NAME_MISMATCH]


# --- item 16: withdraw (the library function; the command is in test_robust_intake_cli.py) --------------


def test_withdraw_makes_the_division_not_submitted_and_keeps_the_archive(ws, plan, filled):
    from reporting.errors import InputError
    from reporting.intake.run import NothingToWithdraw, withdraw

    shutil.copy(filled("MED"), ws.inbox / "Division Medicin.xlsx")
    shutil.copy(filled("KIR"), ws.inbox / "Division Kirurgi.xlsx")
    run_intake(ws, plan, T1)
    with pytest.raises(InputError, match="ange en orsak"):
        withdraw(ws, plan, T1, "MED", "  ")
    with pytest.raises(InputError, match="Divisionen har inga enheter"):
        withdraw(ws, plan, T1, "MED", "fel", unit="E0001")
    line = withdraw(ws, plan, T1, "MED", "fel siffror")
    assert (line.result, line.reason, line.file, line.sha256) == (
        "återkallad",
        "fel siffror",
        "Division Medicin.xlsx",
        sha(filled("MED")),
    )
    assert [r["result"] for r in log_rows(ws)][-1] == "återkallad"
    assert index_of(ws)[-1]["kind"] == "återkallad" and len(list(ws.archive.rglob("*.xlsx"))) == 2
    with pytest.raises(NothingToWithdraw, match="återkallades redan"):
        withdraw(ws, plan, T1, "MED", "igen")
    assert set(run_intake(ws, plan, T1).current) == {"KIR"}  # the same file still in the inbox does not count
    (ws.inbox / "Division Medicin.xlsx").unlink()
    assert set(run_intake(ws, plan, T1).current) == {"KIR"}
    shutil.copy(filled("MED", 4.4), ws.inbox / "Division Medicin.xlsx")  # a new file arrives
    assert set(run_intake(ws, plan, T1).current) == {"KIR", "MED"}
