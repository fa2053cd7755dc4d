"""fix36a #3: a long original file name is cut in the archived name so that the archived path relative to the
workspace stays within BOUND characters (Windows' 260 with a workspace root of up to 90), suffix kept."""

from __future__ import annotations

import json
import unicodedata

from helpers import complete_edits, fill
from reporting.intake.archive import archive_name
from reporting.intake.conflicts import ARCHIVED, orphans
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
BOUND = 160  # archive.MAX_RELATIVE: a workspace root of up to 90 characters stays under 260
STAMP, SHA = "20250508T101500123456", "0123456789abcdef" * 4


def _long(length: int) -> str:
    base = "Division Medicin uppföljning tertial 1 slutlig version "
    return f"{(base * 5)[: length - len('x.xlsx')]}x.xlsx"


def test_a_200_character_name_is_archived_within_the_bound(tmp_path, plan, make_template):
    name = _long(200)
    assert len(name) == 200 and len(name.encode()) < 255
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    fill(make_template("MED"), complete_edits(plan, "MED"), ws.inbox / name)
    result = run_intake(ws, plan, T1)
    assert set(result.current) == {"MED"}
    (entry,) = [json.loads(line) for line in ws.index_file.read_text(encoding="utf-8").splitlines()]
    archived = entry["archived"].replace("\\", "/")
    assert len(archived) <= BOUND
    assert (ws.root / archived).is_file()
    final = archived.rsplit("/", 1)[1]
    assert ARCHIVED.fullmatch(final) and final.endswith(".xlsx")
    assert final.startswith(f"{entry['time'][:4]}") and "_Division Medicin uppföljning tertial" in final
    assert entry["file"] == name  # the sender's name is kept whole in the index and log
    assert orphans(ws, [entry["archived"]], "2025-T1") == []
    again = run_intake(ws, plan, T1)  # the same file again: the index's path is used, nothing new
    assert set(again.current) == {"MED"}
    assert len(ws.index_file.read_text(encoding="utf-8").splitlines()) == 1


def test_the_cut_is_deterministic_keeps_the_suffix_and_counts_as_windows_does():
    folder = "archive/2025-T1/MED/AKUT"
    name = archive_name(STAMP, SHA, _long(200), folder)
    assert name == archive_name(STAMP, SHA, _long(200), folder)
    assert len(f"{folder}/{name}") == BOUND and name.endswith(".xlsx")
    emoji = archive_name(STAMP, SHA, "\U0001f600" * 120 + ".xlsx", folder)  # two UTF-16 units each
    assert len(f"{folder}/{emoji}".encode("utf-16-le")) // 2 <= BOUND
    decomposed = archive_name(STAMP, SHA, unicodedata.normalize("NFD", "nära vård.xlsx"), folder)
    assert decomposed == f"{STAMP}_{SHA[:12]}_nära vård.xlsx"  # short names as before, in NFC
    assert archive_name(STAMP, SHA, "a.xlsx") == archive_name(STAMP, SHA, "a.xlsx", folder)
