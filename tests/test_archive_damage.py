"""The archive's own files, re-saved by Excel or damaged: the intake log is never lost, the index and the journal
are never guessed at, and a folder that cannot be written is named (never the hidden staging copy).

The logs below are the bytes Excel writes when it saves ``archive/intagslogg.csv`` again.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reporting.errors import ReportingError
from reporting.intake import archive
from reporting.intake.archive import LogEntry, commit, recover
from reporting.intake.run import withdraw
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
SHA1, SHA2 = "3f" * 32, "0a" * 32
HEADER = "time,file,sha256,division,period,template_version,result,reason,received"
MED = f"2025-05-02T09:00:00,2025-T1 Division Medicin – nära vård.xlsx,{SHA1},MED,2025-T1,3,godkänd,,2025-05-01T16:12:00"
KIR = f'2025-05-02T09:00:00,"Kirurgi, rättad.xlsx",{SHA2},KIR,2025-T1,3,avvisad,"fel i Ekonomi; ""Budget"" saknas",2025-05-01T17:00:00'
TOOL = f"{HEADER}\r\n{MED}\r\n{KIR}\r\n"  # the log as the tool wrote it
ROWS = [
    [
        "2025-05-02T09:00:00",
        "2025-T1 Division Medicin – nära vård.xlsx",
        SHA1,
        "MED",
        "2025-T1",
        "3",
        "godkänd",
        "",
        "2025-05-01T16:12:00",
    ],
    [
        "2025-05-02T09:00:00",
        "Kirurgi, rättad.xlsx",
        SHA2,
        "KIR",
        "2025-T1",
        "3",
        "avvisad",
        'fel i Ekonomi; "Budget" saknas',
        "2025-05-01T17:00:00",
    ],
]
SEMICOLONS = (  # Swedish Excel, the columns read (Data > Från text/CSV): its list separator
    "time;file;sha256;division;period;template_version;result;reason;received\r\n"
    f"2025-05-02T09:00:00;2025-T1 Division Medicin – nära vård.xlsx;{SHA1};MED;2025-T1;3;godkänd;;2025-05-01T16:12:00\r\n"
    f'2025-05-02T09:00:00;Kirurgi, rättad.xlsx;{SHA2};KIR;2025-T1;3;avvisad;"fel i Ekonomi; ""Budget"" saknas";'
    "2025-05-01T17:00:00\r\n"
)
ONE_COLUMN = (  # Swedish Excel opening the tool's file by a double click: each line in column A, split at ";"
    f"{HEADER};\r\n{MED};\r\n"
    f'"2025-05-02T09:00:00,""Kirurgi, rättad.xlsx"",{SHA2},KIR,2025-T1,3,avvisad,""fel i Ekonomi";'
    '" """"Budget"""" saknas"",2025-05-01T17:00:00"\r\n'
)
EXCEL = {
    "CSV UTF-8, engelsk Excel": b"\xef\xbb\xbf" + TOOL.encode("utf-8"),
    "CSV UTF-8, svensk Excel": b"\xef\xbb\xbf" + SEMICOLONS.encode("utf-8"),
    "CSV, svensk Excel": SEMICOLONS.encode("cp1252"),
    "CSV, engelsk Excel": TOOL.encode("cp1252"),
    # Excel read the UTF-8 as Windows-1252 and writes it back so: the same bytes
    "CSV, svensk Excel, en kolumn": ONE_COLUMN.encode("utf-8"),
}
NEW = LogEntry("2025-05-09T08:00:00", "medicin.xlsx", SHA1, "MED", "2025-T1", "3", "oförändrad", "", "")
NEW_LINE = f"2025-05-09T08:00:00,medicin.xlsx,{SHA1},MED,2025-T1,3,oförändrad,,\r\n"


@pytest.fixture
def ws(tmp_path) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    ws.archive.mkdir(parents=True)
    return ws


def a_run(ws: Workspace) -> None:
    """What a run does to the archive's log: recover, then commit its lines."""
    recover(ws)
    commit(ws, [], [], [NEW])


def rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))


def kept_aside(ws: Workspace) -> list[Path]:
    return sorted(ws.archive.glob("intagslogg (undanlagd *).csv"))


def test_the_fixture_is_the_log_as_the_tool_writes_it(ws):
    commit(ws, [], [], [LogEntry(*row) for row in ROWS])
    assert ws.log_file.read_bytes() == TOOL.encode("utf-8")


@pytest.mark.parametrize("saved", list(EXCEL), ids=list(EXCEL))
def test_a_log_saved_by_excel_keeps_every_row_and_the_next_run_appends(ws, saved, capsys):
    ws.log_file.write_bytes(EXCEL[saved])
    a_run(ws)
    assert ws.log_file.read_bytes() == (TOOL + NEW_LINE).encode("utf-8")  # the tool's form again, every row kept
    assert kept_aside(ws) == [] and capsys.readouterr().err == ""


def test_an_old_log_saved_by_swedish_excel_gets_the_received_column(ws):
    old = "time;file;sha256;division;period;template_version;result;reason\r\n"
    old += f"2025-05-02T09:00:00;medicin.xlsx;{SHA1};MED;2025-T1;1;godkänd;\r\n"
    ws.log_file.write_bytes(old.encode("cp1252"))
    a_run(ws)
    assert rows(ws.log_file) == [
        HEADER.split(","),
        ["2025-05-02T09:00:00", "medicin.xlsx", SHA1, "MED", "2025-T1", "1", "godkänd", "", ""],
        NEW_LINE.removesuffix("\r\n").split(","),
    ]


PADDED = SEMICOLONS.replace("\r\n", ";\r\n")  # Swedish Excel after something was typed in column J
UNREADABLE = {  # as Swedish Excel saves them (Windows-1252, semicolons), but not a log read whole
    "en egen kolumn": SEMICOLONS.replace("received\r\n", "received;kommentar\r\n").replace("00\r\n", "00;\r\n"),
    "en rad med för många kolumner": PADDED + "2025-05-03T09:00:00;x;y;MED;2025-T1;3;godkänd;;;min anteckning\r\n",
    "en rad utan resultat": PADDED + "2025-05-03T09:00:00;x;;;;;;;;\r\n",
    "Unicode-text (UTF-16)": TOOL,
}


@pytest.mark.parametrize("case", list(UNREADABLE), ids=list(UNREADABLE))
def test_a_log_not_read_whole_is_kept_beside_it_and_a_new_log_started(ws, case, capsys):
    data = UNREADABLE[case].encode("utf-16" if "UTF-16" in case else "cp1252")
    ws.log_file.write_bytes(data)
    a_run(ws)
    [kept] = kept_aside(ws)
    assert kept.read_bytes() == data  # untouched, never deleted
    assert ws.log_file.read_bytes() == f"{HEADER}\r\n{NEW_LINE}".encode()
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"Obs: {ws.log_file} kunde inte läsas (")
    assert line.endswith(f"Den är sparad oförändrad som {kept.name} och en ny intagslogg påbörjas.")


def test_a_second_unreadable_log_gets_its_own_name(ws, capsys):
    for _ in range(2):
        ws.log_file.write_bytes(b"inte en logg\r\n")
        recover(ws)
    assert len(kept_aside(ws)) == 2 and not ws.log_file.exists()


def stop_at(step: str):
    def hook(name: str) -> None:
        if name == step:
            raise KeyboardInterrupt(name)  # the run killed here

    return hook


def test_a_log_saved_by_excel_while_a_journal_was_pending_is_appended_to_once(ws, monkeypatch):
    """A run killed after its journal; the log opened and saved in Excel before the next run completes it."""
    ws.log_file.write_bytes(TOOL.encode("utf-8"))
    monkeypatch.setattr(archive, "_hook", stop_at("journal"))
    with pytest.raises(KeyboardInterrupt):
        commit(ws, [], [], [NEW])
    ws.log_file.write_bytes(EXCEL["CSV, svensk Excel"])
    monkeypatch.setattr(archive, "_hook", stop_at("log"))  # killed again, once the lines are in
    with pytest.raises(KeyboardInterrupt):
        recover(ws)
    monkeypatch.setattr(archive, "_hook", lambda name: None)
    recover(ws)
    assert ws.log_file.read_bytes() == (TOOL + NEW_LINE).encode("utf-8")
    assert not (ws.archive / archive.JOURNAL).exists()


SAVED_AFTER_SPLICE = {  # the log with the journal's line already in it, as Excel saves it
    "CSV, svensk Excel": (SEMICOLONS + NEW_LINE.replace(",", ";")).encode("cp1252"),
    "CSV UTF-8, engelsk Excel": b"\xef\xbb\xbf" + (TOOL + NEW_LINE).encode("utf-8"),
}


@pytest.mark.parametrize("saved", list(SAVED_AFTER_SPLICE), ids=list(SAVED_AFTER_SPLICE))
def test_a_log_saved_by_excel_after_the_journals_lines_went_in_gets_them_once(ws, monkeypatch, saved):
    """A run killed after it added its lines, before it removed its journal; the log then saved in Excel."""
    ws.log_file.write_bytes(TOOL.encode("utf-8"))
    monkeypatch.setattr(archive, "_hook", stop_at("log"))
    with pytest.raises(KeyboardInterrupt):
        commit(ws, [], [], [NEW])
    assert ws.log_file.read_bytes() == (TOOL + NEW_LINE).encode("utf-8")  # the line is in, the journal pending
    ws.log_file.write_bytes(SAVED_AFTER_SPLICE[saved])
    monkeypatch.setattr(archive, "_hook", lambda name: None)
    recover(ws)
    assert ws.log_file.read_bytes() == (TOOL + NEW_LINE).encode("utf-8")  # NEW once, not twice
    assert not (ws.archive / archive.JOURNAL).exists()


# --- the index and the journal ------------------------------------------------------------------------------


def entry(sha: str, kind: str = "inlämnad") -> str:
    fields = {"kind": kind, "time": "2025-05-02T09:00:00", "period": "2025-T1", "division": "MED"}
    fields |= {"reporter": "MED", "sha256": sha, "file": "m.xlsx", "archived": f"archive/2025-T1/MED/{sha[:6]}.xlsx"}
    return json.dumps(fields, ensure_ascii=False) + "\n"


TORN = entry(SHA2)[:40]


@pytest.mark.parametrize(
    "index,where",
    [
        (entry(SHA1) + TORN, "rad 2 (den sista)"),
        (entry(SHA1) + TORN + "\n" + entry(SHA2), "rad 2"),
        (entry(SHA1) + '{"time": "2025-05-02T09:00:00"}\n', "rad 2 (den sista)"),  # JSON, but no entry
        (entry(SHA1) + "\xff\n", "rad 2 (den sista)"),
    ],
    ids=["torn last line", "torn middle line", "not an entry", "not UTF-8"],
)
def test_a_damaged_index_stops_withdraw_naming_the_file_and_line(ws, plan, index, where):
    data = index.encode("utf-8").replace(b"\xc3\xbf", b"\xff")
    ws.index_file.write_bytes(data)
    with pytest.raises(ReportingError) as caught:
        withdraw(ws, plan, T1, "MED", "fel siffror")
    message = str(caught.value)
    assert message.startswith(f"{where} i arkivets index {ws.index_file} går inte att läsa:")
    assert "gissas aldrig fram" in message and message.endswith("Inget har ändrats.")
    assert ws.index_file.read_bytes() == data and not ws.log_file.exists()


def test_the_cli_says_which_index_line_is_torn(ws, plan):
    from click.testing import CliRunner

    from reporting.cli import main
    from reporting.plan.write import write_plan

    write_plan(ws.root / "plan.xlsx", plan)
    ws.index_file.write_text(entry(SHA1) + TORN, encoding="utf-8")
    result = CliRunner().invoke(main, ["withdraw", "-w", str(ws.root), "-p", "2025-T1", "-d", "MED", "--reason", "x"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Fel: rad 2 (den sista) i arkivets index {ws.index_file} går inte att läsa")
    assert "oväntat fel" not in result.output


def test_a_torn_tail_after_a_pending_journal_is_replaced_by_the_journal(ws, monkeypatch):
    """The index is only written whole; a journal left pending writes it again from its offset."""
    ws.index_file.write_text(entry(SHA1), encoding="utf-8")
    monkeypatch.setattr(archive, "_hook", stop_at("journal"))
    with pytest.raises(KeyboardInterrupt):
        commit(ws, [], [json.loads(entry(SHA2))], [NEW])
    with ws.index_file.open("a", encoding="utf-8") as index:
        index.write(TORN)
    monkeypatch.setattr(archive, "_hook", lambda name: None)
    recover(ws)
    assert ws.index_file.read_text(encoding="utf-8") == entry(SHA1) + entry(SHA2)


def test_a_torn_journal_stops_the_run_naming_it_and_changes_nothing(ws, plan):
    staged = ws.archive / archive.STAGING / "000000.xlsx"
    staged.parent.mkdir()
    staged.write_bytes(b"kopia")
    journal = ws.archive / archive.JOURNAL
    journal.write_text('{"moves": [["archive/.incoming/000000.xlsx", "arch', encoding="utf-8")
    with pytest.raises(ReportingError) as caught:
        withdraw(ws, plan, T1, "MED", "fel siffror")
    message = str(caught.value)
    assert message.startswith(f"{journal} (rad 1) går inte att läsa: den håller ändringarna från en körning som")
    assert "Byt namn på filen (ta inte bort den) och kör igen" in message
    assert staged.read_bytes() == b"kopia" and not ws.index_file.exists()


# --- a folder of the archive that cannot be written ---------------------------------------------------------


@contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """``folder`` cannot be written in: read-only, or immutable for root, who may write in a read-only folder."""
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    root = os.geteuid() == 0
    if root and subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        pytest.skip("chattr +i is not allowed here")
    if not root:
        folder.chmod(0o555)
    try:
        yield
    finally:
        if root:
            subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
        else:
            folder.chmod(0o755)


def staged_copy(ws: Workspace) -> tuple[Path, Path]:
    staged = ws.archive / archive.STAGING / "000001.xlsx"
    staged.parent.mkdir(exist_ok=True)
    staged.write_bytes(b"arbetsbok")
    return staged, ws.archive / "2025-T1" / "MED" / "20250502T090000000000_3f3f3f3f3f3f_m.xlsx"


def test_a_read_only_reporter_folder_is_named_before_anything_is_archived(ws):
    staged, final = staged_copy(ws)
    final.parent.mkdir(parents=True)
    with unwritable(final.parent), pytest.raises(ReportingError) as caught:
        commit(ws, [(staged, final)], [json.loads(entry(SHA1))], [NEW])
    message = str(caught.value)
    assert message.startswith(f"mappen {final.parent} i arkivet går inte att skriva i (åtkomst nekas)")
    assert message.endswith("Inget har arkiverats.") and ".incoming" not in message and "Excel" not in message
    assert not (ws.archive / archive.JOURNAL).exists() and not ws.index_file.exists() and not ws.log_file.exists()


def test_a_folder_made_read_only_under_a_pending_journal_is_named_and_the_journal_completes_later(ws, monkeypatch):
    staged, final = staged_copy(ws)
    monkeypatch.setattr(archive, "_hook", stop_at("journal"))
    with pytest.raises(KeyboardInterrupt):
        commit(ws, [(staged, final)], [json.loads(entry(SHA1))], [NEW])
    monkeypatch.setattr(archive, "_hook", lambda name: None)
    period = ws.archive / "2025-T1"
    period.mkdir()
    with unwritable(period), pytest.raises(ReportingError) as caught:
        recover(ws)
    message = str(caught.value)
    assert message.startswith(f"mappen {period} i arkivet går inte att skriva i (åtkomst nekas)")
    assert message.endswith("den avbrutna arkiveringen slutförs då.") and ".incoming" not in message
    recover(ws)
    assert final.read_bytes() == b"arbetsbok" and ws.index_file.read_text(encoding="utf-8") == entry(SHA1)
