"""An archived submission the index names but whose file is missing or empty never makes its division "Ej inkommen"
without a word (qa35w #2): the run stops before it writes anything, naming the file, the division and what to do;
the same file sent again is put back; a new file or a withdrawal ends it."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from helpers import complete_edits, fill
from reporting.intake.in_force import ArchivedFileMissing
from reporting.intake.run import run_intake, withdraw
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
TODO = (
    "Återställ filen från säkerhetskopian, eller, om mappen synkas (OneDrive/SharePoint), vänta tills den är "
    "nedladdad (välj Behåll alltid på den här enheten) och kör igen. Finns ingen kopia: lägg divisionens fil i "
    "inkorgen igen (samma fil läggs då tillbaka i arkivet), eller återkalla inlämningen med reporting withdraw. "
    "Inget har ändrats."
)


@pytest.fixture
def archived(tmp_path, plan, make_template):
    """A workspace whose MED and KIR submissions are archived, the inbox emptied; (workspace, MED's inbox copy)."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    fill(make_template("MED"), complete_edits(plan, "MED"), ws.inbox / "medicin.xlsx")
    fill(make_template("KIR"), complete_edits(plan, "KIR"), ws.inbox / "kirurgi.xlsx")
    run_intake(ws, plan, T1)
    kept = shutil.copy(ws.inbox / "medicin.xlsx", tmp_path / "medicin.xlsx")
    for path in ws.inbox.iterdir():
        path.unlink()
    return ws, kept


def _entry(ws, reporter):
    lines = [json.loads(line) for line in ws.index_file.read_text(encoding="utf-8").splitlines()]
    return next(e for e in lines if e["reporter"] == reporter)


def _state(ws):
    """Everything a run could have written: the index, the log and the archive's files."""
    files = sorted(str(p.relative_to(ws.root)) for p in ws.archive.rglob("*") if p.is_file())
    return ws.index_file.read_bytes(), ws.log_file.read_bytes(), files


@pytest.mark.parametrize(("damage", "said"), [("removed", "saknas"), ("placeholder", "är tom (0 byte)")])
def test_a_missing_or_empty_archived_file_stops_the_run_before_it_writes(archived, plan, damage, said):
    ws, _ = archived
    entry = _entry(ws, "MED")
    path = ws.root / entry["archived"]
    if damage == "removed":
        path.unlink()
    else:
        path.write_bytes(b"")  # a cloud placeholder not downloaded
    before = _state(ws)
    with pytest.raises(ArchivedFileMissing) as caught:
        run_intake(ws, plan, T1)
    assert str(caught.value) == (
        f"arkivfilen {entry['archived']} för Division Medicin (inlämnad {entry['time'][:10]}) {said}. "
        f"Inlämningen gäller för 2025-T1 och får inte räknas som ej inkommen. {TODO}"
    )
    assert _state(ws) == before


def test_two_missing_files_are_named_in_one_message(archived, plan):
    ws, _ = archived
    med, kir = _entry(ws, "MED"), _entry(ws, "KIR")
    (ws.root / med["archived"]).unlink()
    (ws.root / kir["archived"]).write_bytes(b"")
    with pytest.raises(ArchivedFileMissing) as caught:
        run_intake(ws, plan, T1)
    assert str(caught.value).startswith(
        f"arkivfilerna för 2 gällande inlämningar saknas eller är tomma: {kir['archived']} för Division Kirurgi "
        f"(inlämnad {kir['time'][:10]}) är tom (0 byte); {med['archived']} för Division Medicin (inlämnad "
        f"{med['time'][:10]}) saknas. Inlämningarna gäller för 2025-T1 och får inte räknas som ej inkomna. "
    )


def test_the_same_file_sent_again_is_put_back_in_the_archive(archived, plan):
    ws, kept = archived
    entry = _entry(ws, "MED")
    path = ws.root / entry["archived"]
    path.write_bytes(b"")
    shutil.copy(kept, ws.inbox / "medicin.xlsx")
    result = run_intake(ws, plan, T1)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
    reason = "samma fil som arkivets index har; arkivfilen saknades och har lagts tillbaka"
    assert [(e.file, e.result, e.reason) for e in result.log] == [("medicin.xlsx", "oförändrad", reason)]
    assert result.notes == [f"medicin.xlsx: {reason}."]
    assert sorted(result.current) == ["KIR", "MED"]
    (ws.inbox / "medicin.xlsx").unlink()
    assert sorted(run_intake(ws, plan, T1).current) == ["KIR", "MED"]  # read from the archive again


def test_a_new_file_or_a_withdrawal_ends_the_refusal(archived, plan, make_template):
    ws, _ = archived
    (ws.root / _entry(ws, "MED")["archived"]).unlink()
    edits = complete_edits(plan, "MED")
    edits[("Nyckeltal", "N01", "outcome")] = 3.6
    fill(make_template("MED", name="v2.xlsx"), edits, ws.inbox / "medicin v2.xlsx")
    assert sorted(run_intake(ws, plan, T1).current) == ["KIR", "MED"]  # the new file is in force

    (ws.root / _entry(ws, "KIR")["archived"]).unlink()
    with pytest.raises(ArchivedFileMissing):
        run_intake(ws, plan, T1)
    withdraw(ws, plan, T1, "KIR", "arkivfilen förlorad, ny fil begärd")
    result = run_intake(ws, plan, T1)
    assert sorted(result.current) == ["MED"] and sorted(result.withdrawn) == ["KIR"]


def test_an_archived_path_that_cannot_be_opened_is_named(archived, plan):
    ws, _ = archived
    entry = _entry(ws, "MED")
    path = ws.root / entry["archived"]
    path.unlink()
    path.mkdir()  # a folder where the file was: it cannot be opened as one
    with pytest.raises(ArchivedFileMissing) as caught:
        run_intake(ws, plan, T1)
    assert str(caught.value) == (
        f"arkivfilen {entry['archived']} för Division Medicin (inlämnad {entry['time'][:10]}) går inte att läsa "
        f"(sökvägen är en mapp, inte en fil). Inlämningen gäller för 2025-T1 och får inte räknas som ej inkommen. {TODO}"
    )


def test_consolidate_says_fel_and_writes_nothing(tmp_path, demo_cli):
    """The demo workspace with MED's archived file a placeholder and the inbox emptied: one "Fel:" line, exit 1,
    and no report, history or log written."""
    from click.testing import CliRunner

    from reporting.cli import main

    root = tmp_path / "demo"
    shutil.copytree(demo_cli[0], root)
    ws = Workspace(root)
    for path in ws.inbox.iterdir():
        path.unlink()
    entry = _entry(ws, "MED")
    (root / entry["archived"]).write_bytes(b"")
    watched = [ws.log_file, ws.index_file, root / "history.sqlite", *sorted((root / "outbox").glob("*.*"))]
    before = {p: p.read_bytes() for p in watched}
    out = CliRunner().invoke(main, ["consolidate", "-w", str(root), "--period", "2025-T1"])
    assert out.exit_code == 1
    assert out.stderr.splitlines() == [
        f"Fel: arkivfilen {entry['archived']} för Division Medicin (inlämnad {entry['time'][:10]}) är tom (0 byte). "
        f"Inlämningen gäller för 2025-T1 och får inte räknas som ej inkommen. {TODO}"
    ]
    assert {p: p.read_bytes() for p in watched} == before
