"""qa35w #1 (c): conflict copies a sync client makes of the workspace's records when two computers ran at once
stop consolidate and feedback before anything changes; archived files the index does not name are a warning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import run_t1, workspace_files
from reporting.intake.conflicts import conflict_copies, orphans
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")


@pytest.fixture(scope="module")
def consolidated(tmp_path_factory, demo_copy) -> Path:
    root = tmp_path_factory.mktemp("synced") / "ws"
    root.mkdir()
    demo_copy(root, T1)
    assert run_t1(root, "consolidate").exit_code == 0
    return root


@pytest.fixture
def ws(consolidated, tmp_path) -> Path:
    return Path(shutil.copytree(consolidated, tmp_path / "ws"))


@pytest.mark.parametrize("command", ["consolidate", "feedback"])
def test_conflict_copies_of_the_records_stop_the_run_and_say_what_to_do(ws, command):
    shutil.copy(ws / "archive" / "index.jsonl", ws / "archive" / "index-KONTOR-B.jsonl")
    shutil.copy(ws / "archive" / "intagslogg.csv", ws / "archive" / "intagslogg (1).csv")
    shutil.copy(ws / "history.sqlite", ws / "history-KONTOR-B.sqlite")
    before = workspace_files(ws)
    result = run_t1(ws, command)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Fel: arbetsytan {ws} har konfliktkopior av sina egna filer: archive/index-KONTOR-B.jsonl (arkivets index), "
        "archive/intagslogg (1).csv (intagsloggen), history-KONTOR-B.sqlite (historikdatabasen). En synkroniserad "
        "mapp (OneDrive, SharePoint) gör sådana när två datorer har kört i arbetsytan samtidigt; vad den andra datorn "
        "tog emot finns bara i kopiorna och räknas inte. Gör så här: se till att inkorgen har varje divisions senaste "
        "fil (också inkorgens konfliktkopior), flytta konfliktkopiorna ut ur arbetsytan (spara dem) och kör igen från "
        "en dator; inkorgens filer tas då emot på nytt. Kör sedan arbetsytan från en dator i taget. Inget har ändrats.\n"
    )
    assert workspace_files(ws) == before
    for copy in ("archive/index-KONTOR-B.jsonl", "archive/intagslogg (1).csv", "history-KONTOR-B.sqlite"):
        (ws / copy).unlink()  # moved out of the workspace, as the message says
    assert run_t1(ws, command).exit_code == 0


def test_an_archived_file_the_index_does_not_name_is_a_warning(ws):
    folder = ws / "archive" / "2025-T1" / "MED"
    (archived,) = folder.iterdir()
    orphan = folder / f"20261208T000032255137_7f1a161ed096_{archived.name.split('_', 2)[2]}"
    shutil.copy(archived, orphan)  # as the sync client brings another computer's accepted file
    result = run_t1(ws, "consolidate")
    assert result.exit_code == 0
    warnings = [line for line in result.stdout.splitlines() if line.startswith("Obs: arkivet")]  # a run note
    assert warnings == [
        f"Obs: arkivet har 1 fil som arkivets index inte nämner (archive/2025-T1/MED/{orphan.name}): en annan dator "
        "har troligen kört i arbetsytan samtidigt (en synkroniserad mapp), och de inlämningarna räknas inte. Är en av "
        "dem divisionens senaste fil, lägg den i inkorgen och kör igen; flytta sedan filerna ut ur arkivet. Kör "
        "arbetsytan från en dator i taget."
    ]


def test_the_tools_own_files_are_no_conflict_copies(ws):
    archive = ws / "archive"
    (archive / "intagslogg (undanlagd 2026-12-07 122023).csv").write_text("tid;fil\n", encoding="utf-8")
    (archive / "indexet.jsonl").write_text("", encoding="utf-8")
    (archive / "index.jsonl.bak").write_text("", encoding="utf-8")
    assert conflict_copies(Workspace(ws)) == []
    entries = [line for line in (archive / "index.jsonl").read_text(encoding="utf-8").splitlines() if line]
    assert orphans(Workspace(ws), [__import__("json").loads(e)["archived"] for e in entries]) == []
    result = run_t1(ws, "consolidate")
    assert result.exit_code == 0 and "Obs: arkivet" not in result.output


def test_history_copies_count_only_where_the_workspace_keeps_its_history(tmp_path):
    (tmp_path / "history (1).sqlite").write_bytes(b"")
    assert conflict_copies(Workspace(tmp_path)) == []  # the history is in a database elsewhere (--db)
    (tmp_path / "history.sqlite").write_bytes(b"")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "Index (KONTOR-B's conflicted copy).jsonl").write_text("", encoding="utf-8")
    assert conflict_copies(Workspace(tmp_path)) == [
        (tmp_path / "archive" / "Index (KONTOR-B's conflicted copy).jsonl", "arkivets index"),
        (tmp_path / "history (1).sqlite", "historikdatabasen"),
    ]
