"""Robust running in the CLI: file names cannot forge console lines (item 8); withdraw (item 16)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import complete_edits, fill, rows_of
from reporting.cli import main
from reporting.plan.periods import Period
from reporting.plan.write import write_plan

T1 = Period(2025, "T1")


@pytest.fixture
def ws(tmp_path, plan, make_template):
    root = tmp_path / "ws"
    (root / "inbox").mkdir(parents=True)
    write_plan(root / "plan.xlsx", plan)
    for division, name in (("MED", "2025-T1 Division Medicin.xlsx"), ("KIR", "2025-T1 Division Kirurgi.xlsx")):
        fill(make_template(division), complete_edits(plan, division), root / "inbox" / name)
    return root


def test_file_names_with_newlines_and_escape_sequences_cannot_forge_console_lines(ws):
    forged = ws / "x\nFEL: allt ok.xlsx"
    shutil.copy(ws / "inbox" / "2025-T1 Division Medicin.xlsx", forged)
    coloured = ws / "\x1b[2J\x1b[31mröd.xlsx"
    coloured.write_text("ingen arbetsbok")
    result = CliRunner().invoke(main, ["check", "-w", str(ws), str(forged), str(coloured)])
    text = result.output
    assert "\x1b" not in text and "\r" not in text
    assert not any(line.startswith("FEL: allt ok") for line in text.splitlines())
    assert "x\\nFEL: allt ok.xlsx: OK" in text
    assert "\\x1b[2J\\x1b[31mröd.xlsx" in text


def _log(root: Path) -> list[dict[str, str]]:
    with (root / "archive" / "intagslogg.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def consolidate(root: Path):
    return CliRunner().invoke(main, ["consolidate", "-w", str(root), "-p", "2025-T1"])


def test_withdraw_takes_a_division_back_until_a_new_file_arrives(ws, plan, make_template):
    assert consolidate(ws).exit_code == 0
    archived = sorted(p.name for p in (ws / "archive").rglob("*.xlsx"))
    result = CliRunner().invoke(
        main, ["withdraw", "-w", str(ws), "--period", "2025-T1", "--division", "MED", "--reason", "fel i Ekonomi"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Återkallade 2025-T1 Division Medicin.xlsx (Division Medicin, T1 2025). Division Medicin räknas som ej "
        "inkommen tills en ny fil kommer in i inbox/.",
        # the consolidation that archived the file left its values in the report and the history
        "Rapporten och historiken för T1 2025 har kvar filens värden tills perioden konsolideras igen: kör "
        "reporting consolidate --period 2025-T1.",
    ]
    assert sorted(p.name for p in (ws / "archive").rglob("*.xlsx")) == archived  # nothing deleted
    withdrawn = [json.loads(line) for line in (ws / "archive" / "index.jsonl").read_text("utf-8").splitlines()][-1]
    assert (withdrawn["kind"], withdrawn["division"], withdrawn["reason"]) == ("återkallad", "MED", "fel i Ekonomi")
    assert _log(ws)[-1]["result"] == "återkallad" and _log(ws)[-1]["reason"] == "fel i Ekonomi"

    again = consolidate(ws)  # the withdrawn file still lies in the inbox: not submitted
    assert (
        "Konsoliderat: 1 av 4 divisioner; ej inkommen: Hälso- och sjukvårdsdirektör, Division Medicin," in again.output
    )
    (seen_again,) = [row for row in _log(ws)[-2:] if row["division"] == "MED"]
    assert seen_again["result"] == "återkallad" and "återkallades" in seen_again["reason"]
    assert again.stdout.splitlines()[0] == "Inkorgen: 2 filer, 1 godkänd (1 oförändrad), 1 återkallad, 0 avvisade."
    (report,) = (ws / "outbox").glob("2025-T1 *.xlsx")
    (row,) = [r for r in rows_of(report, "Inlämningar") if r[0] == "Division Medicin"]
    assert row[1] == f"Återkallad {withdrawn['time'][:10]}"  # not "Ej inkommen", as if never sent
    assert CliRunner().invoke(main, ["feedback", "-w", str(ws), "-p", "2025-T1"]).exit_code == 0
    (feedback,) = (ws / "outbox" / "återkoppling").glob("*Medicin*.xlsx")
    status = rows_of(feedback, "Återkoppling")[1][0]  # the division is told why, and what to do
    assert status.startswith("Underlaget återkallades av ekonomienheten 20") and status.endswith(
        ": fel i Ekonomi. Skicka en ny ifylld mall snarast."
    )
    medicin = ws / "inbox" / "2025-T1 Division Medicin.xlsx"
    medicin.chmod(0o640)  # a chmod or a backup restored with cp -a changes the change time, not the file
    assert "ej inkommen: Hälso- och sjukvårdsdirektör, Division Medicin," in consolidate(ws).output
    index = ws / "archive" / "index.jsonl"  # an index written before: "seen" ended with the change time
    entries = [json.loads(line) for line in index.read_text("utf-8").splitlines()]
    for entry in entries:
        entry["seen"] = entry.get("seen", "") and entry["seen"] + "|1700000000000000000"
    index.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), "utf-8")
    assert "ej inkommen: Hälso- och sjukvårdsdirektör, Division Medicin," in consolidate(ws).output

    edits = complete_edits(plan, "MED")
    edits[("Nyckeltal", "N01", "outcome")] = 4.4
    fill(make_template("MED", name="new.xlsx"), edits, ws / "inbox" / "2025-T1 Division Medicin.xlsx")
    assert "Konsoliderat: 2 av 4 divisioner" in consolidate(ws).output  # the new file counts


def test_a_withdrawn_file_touched_before_the_withdrawal_stays_withdrawn(ws):
    """A re-save without changes, a touch or a copy of the workspace gave the inbox file a new modification time
    before the withdrawal: the next run counted it as handed in again ("återinlämnad … den gäller igen")."""
    import os
    import time

    assert consolidate(ws).exit_code == 0
    medicin = ws / "inbox" / "2025-T1 Division Medicin.xlsx"
    earlier = time.time() - 60  # before the withdrawal, and not the time the archive saw
    os.utime(medicin, (earlier, earlier))
    assert "Konsoliderat: 2 av 4 divisioner" in consolidate(ws).output  # the same bytes: unchanged, still in
    result = CliRunner().invoke(main, ["withdraw", "-w", str(ws), "-p", "2025-T1", "-d", "MED", "--reason", "fel"])
    assert result.exit_code == 0, result.output
    again = consolidate(ws)
    assert "ej inkommen: Hälso- och sjukvårdsdirektör, Division Medicin," in again.output
    (medicin_row,) = [row for row in _log(ws)[-2:] if row["division"] == "MED"]
    assert medicin_row["result"] == "återkallad" and "återkallades" in medicin_row["reason"]


def test_withdraw_says_what_to_do_when_nothing_can_be_withdrawn(ws):
    def withdraw(*args):
        return CliRunner().invoke(main, ["withdraw", "-w", str(ws), "-p", "2025-T1", *args])

    nothing = withdraw("--division", "MED", "--reason", "x")
    assert nothing.exit_code == 1
    assert (
        nothing.stderr
        == "Fel: Division Medicin har ingen aktuell inlämning för 2025-T1 att återkalla (den finns inte).\n"
    )
    unknown = withdraw("--division", "XYZ", "--reason", "x")
    assert unknown.exit_code == 1 and 'divisionen "XYZ" finns inte i planen' in unknown.stderr
    assert withdraw("--division", "MED").exit_code == 2  # --reason is required
    assert consolidate(ws).exit_code == 0
    assert withdraw("--division", "MED", "--reason", "fel").exit_code == 0
    twice = withdraw("--division", "MED", "--reason", "fel")
    assert twice.exit_code == 1 and "återkallades redan" in twice.stderr


def test_withdraw_help_has_an_example():
    result = CliRunner().invoke(main, ["withdraw", "--help"])
    assert result.exit_code == 0 and "Exempel:" in result.output and "--reason" in result.output
