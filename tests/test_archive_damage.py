"""The archive's own files, re-saved by Excel or damaged: the intake log is never lost, the index and the journal
are never guessed at, and a folder that cannot be written is named (never the hidden staging copy).

The logs below are the bytes Excel writes when it saves ``archive/intagslogg.csv`` again.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from reporting.intake import archive
from reporting.intake.archive import LogEntry, commit, recover
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
