"""Issue 16 items 2-3: chunked pool tasks, one unzip per file, the staged hash reused, copies synced at commit."""

from __future__ import annotations

import errno
import shutil
import threading
import zipfile
from datetime import date
from pathlib import Path

import pytest

from helpers import complete_edits, fail_checking, fill, fill_resaved
from reporting import pool
from reporting.findings import Rule
from reporting.intake import archive, checking, intake_log
from reporting.intake import run as intake_run
from reporting.intake.checking import check_file, check_files
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.workspace import Workspace
from reporting.xlsx import safety

T1 = Period(2025, "T1")
UNREADABLE = "Filen kunde inte läsas. Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och skicka den igen."


@pytest.fixture
def filled_med(make_template, plan, tmp_path) -> Path:
    return fill(make_template("MED"), complete_edits(plan, "MED"), tmp_path / "filled-MED.xlsx")


def _copies(source: Path, folder: Path, n: int) -> list[Path]:
    folder.mkdir()
    paths = [folder / f"{i:02d} Division Medicin.xlsx" for i in range(n)]
    for path in paths:
        shutil.copy(source, path)
    return paths


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_failing_file_in_a_chunk_costs_only_that_file(tmp_path, plan, filled_med, monkeypatch, how):
    paths = _copies(filled_med, tmp_path / "many", 8)
    fail_checking(monkeypatch, "05", how)
    monkeypatch.setattr(pool, "PARTS_PER_WORKER", 1)  # 4, 2, 1 and 1 files per task: the failing file shares its part
    assert pool.tapering(2)(list(range(8)), False) == [[0, 1, 2, 3], [4, 5], [6], [7]]
    results = check_files(paths, plan, T1, workers=2)
    assert [r.path.name for r in results] == [p.name for p in paths]
    assert [r.accepted for r in results] == [True] * 5 + [False] + [True] * 2
    (finding,) = results[5].findings
    assert finding.rule is Rule.FILE_UNREADABLE and finding.file == "05 Division Medicin.xlsx"
    if how == "raises":  # the exception's name (RuntimeError) is no word for the controller
        assert finding.message == UNREADABLE


def test_the_workers_judge_a_later_period_by_the_day_given(tmp_path, plan, filled_med, monkeypatch):
    """``today`` reaches the worker processes: T1's file checked for March is wrong before T1 is over."""
    monkeypatch.setattr(checking, "PARALLEL_FROM", 1)  # two files through the pool
    paths = _copies(filled_med, tmp_path / "two", 2)
    march = Period(2025, "M03")
    during = check_files(paths, plan, march, workers=2, today=date(2025, 4, 20))
    after = check_files(paths, plan, march, workers=2, today=date(2025, 5, 20))
    assert [[f.rule for f in r.findings] for r in during] == [[Rule.WRONG_PERIOD]] * 2
    assert [[f.rule for f in r.findings] for r in after] == [[Rule.LATER_PERIOD]] * 2


def test_after_a_failure_files_go_one_per_task(monkeypatch):
    assert pool.in_parts(2)([3, 4, 5], True) == [[3], [4], [5]]
    assert pool.in_parts(2)(list(range(1000)), False)[0] == list(range(pool.MOST_PER_PART))
    assert pool.tapering(2)([3, 4, 5], True) == [[3], [4], [5]]


def test_intake_parts_shrink_to_single_files_so_the_workers_end_together(tmp_path, plan, filled_med, monkeypatch):
    parts = pool.tapering(2)(list(range(1000)), False)
    assert [i for part in parts for i in part] == list(range(1000))
    sizes = [len(part) for part in parts]
    assert sizes[:24] == [pool.MOST_PER_PART] * 24 and sizes[24:27] == [29, 25, 22] and sizes[-15:] == [1] * 15
    assert sizes == sorted(sizes, reverse=True) and len(parts) == 61
    handed: list[list[list[int]]] = []
    real = checking.run_resilient

    def spy(task, items, workers, initializer, initargs, failed, split, *rest):
        handed.append(split(list(range(1000)), False))  # how it would part a thousand files
        return real(task, items, workers, initializer, initargs, failed, split, *rest)

    monkeypatch.setattr(checking, "run_resilient", spy)
    monkeypatch.setattr(checking, "PARALLEL_FROM", 1)
    results = check_files(_copies(filled_med, tmp_path / "ten", 10), plan, T1, workers=2)
    assert [r.accepted for r in results] == [True] * 10
    assert handed == [parts]


def test_the_scan_and_the_reader_share_one_unzip(filled_med, plan, monkeypatch):
    opened: list[object] = []
    reads: list[str] = []
    real_open, real_read = zipfile.ZipFile.__init__, zipfile.ZipFile.read

    def counting_init(self, *args, **kwargs):
        opened.append(args[0])
        return real_open(self, *args, **kwargs)

    def counting_read(self, name, *args, **kwargs):
        reads.append(getattr(name, "filename", name))
        return real_read(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "__init__", counting_init)
    monkeypatch.setattr(zipfile.ZipFile, "read", counting_read)
    monkeypatch.setattr(safety, "_PASSED", {})  # no part met before: every part is unzipped here
    result = check_file(filled_med, plan, T1, sha256="given")
    assert result.accepted and result.sha256 == "given"  # the digest intake computed while staging is kept
    assert len(opened) == 1
    assert sorted(reads) == sorted(set(reads))  # every part unzipped at most once
    assert {"xl/worksheets/sheet2.xml", "xl/styles.xml", "xl/workbook.xml"} <= set(reads), reads
    reads.clear()
    again = check_file(filled_med, plan, T1, sha256="given")  # its parts all passed the scan a moment ago
    assert reads == [] and len(opened) == 2
    assert again.findings == result.findings and again.submission == result.submission


def test_parts_the_scan_read_are_the_ones_the_reader_gets(filled_med):
    package = safety.open_package(filled_med)
    try:
        with zipfile.ZipFile(filled_med) as plain:
            for name in ("xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet3.xml"):
                assert package.parts[name] == plain.read(name)
                assert package.read(name) == plain.read(name)
                assert package.open(name).read() == plain.read(name)
    finally:
        package.close()
    assert package.parts == {}


def test_large_parts_are_streamed_not_held(make_template, plan, tmp_path, monkeypatch):
    # saved by openpyxl: its parts have no XML declaration, and its sheets hold their text inline
    filled = fill_resaved(make_template("MED"), complete_edits(plan, "MED"), tmp_path / "filled-MED.xlsx")
    monkeypatch.setattr(safety, "PART_CACHE_BYTES", 3000)
    package = safety.open_package(filled)
    try:
        sizes = {i.filename: i.file_size for i in package.zip.infolist()}
        assert set(package.parts) == {n for n, s in sizes.items() if s <= 3000 and n.endswith((".xml", ".rels"))}
        assert "xl/worksheets/sheet3.xml" not in package.parts  # 20 KB: read from the zip when asked
        assert package.open("xl/worksheets/sheet3.xml").read().startswith(b"<worksheet")
    finally:
        package.close()


def test_only_the_archived_copies_are_synced_and_before_the_journal(tmp_path, plan, make_template, monkeypatch):
    root = tmp_path / "ws"
    (root / "inbox").mkdir(parents=True)
    fill(make_template("MED"), complete_edits(plan, "MED"), root / "inbox" / "2025-T1 Division Medicin.xlsx")
    (root / "inbox" / "anteckningar.xlsx").write_text("ingen arbetsbok")
    events: list[str] = []
    real_fsync, real_hook = archive._fsync, archive._hook

    def fsync(path):
        events.append(f"sync {path.name.split('.')[0]}{path.suffix}")  # the staging run's name left out
        real_fsync(path)

    monkeypatch.setattr(archive, "_fsync", fsync)
    monkeypatch.setattr(archive, "_hook", lambda step: events.append(step) or real_hook(step))
    result = run_intake(Workspace(root), plan, T1)
    assert [f.accepted for f in result.files] == [True, False]
    # the accepted file's copy (staged first, as 000000) alone, started as its check came in, done before the journal
    assert events[:3] == ["staged", "staged", "sync 000000.xlsx"] and events[3] == "journal"


def test_a_syncer_ends_only_after_every_sync_it_started(tmp_path, monkeypatch):
    """A copy started but not archived (a duplicate division) is still being synced: staging is removed after."""
    gate, events = threading.Event(), []

    def fsync(path):
        gate.wait(5)
        events.append(f"synced {path.name}")

    monkeypatch.setattr(archive, "_fsync", fsync)
    with archive.Syncer() as syncer:
        syncer.start(tmp_path / "000001.xlsx")
        threading.Timer(0.02, gate.set).start()  # the sync ends a little later; ending the syncer must wait for it
    events.append("ended")
    assert events == ["synced 000001.xlsx", "ended"]


def test_a_file_that_cannot_be_staged_is_the_one_rejected_in_the_inbox_order(
    tmp_path, plan, make_template, monkeypatch
):
    """Staged in threads: each inbox file keeps its own result and place (the unreadable one is first)."""
    root = tmp_path / "ws"
    (root / "inbox").mkdir(parents=True)
    (root / "inbox" / "0 låst.xlsx").write_text("öppen i Excel")
    fill(make_template("MED"), complete_edits(plan, "MED"), root / "inbox" / "2025-T1 Division Medicin.xlsx")
    real_stage = intake_run.stage

    def stage(ws, source, number, limit):
        if source.name == "0 låst.xlsx":
            denied = PermissionError(errno.EACCES, "Permission denied", str(source))
            raise archive.SourceUnreadable("Permission denied") from denied
        return real_stage(ws, source, number, limit)

    monkeypatch.setattr(intake_run, "stage", stage)
    result = run_intake(Workspace(root), plan, T1)
    assert [(f.path.name, f.accepted) for f in result.files] == [
        ("0 låst.xlsx", False),
        ("2025-T1 Division Medicin.xlsx", True),
    ]
    assert [f.message for f in result.files[0].findings] == [  # in Swedish, without the path or English text
        "Filen kunde inte läsas i inkorgen: åtkomst nekas. Stäng filen om den är öppen i Excel eller ett annat "
        "program, kontrollera behörigheten till den och kör igen."
    ]
    assert [(e.file, e.result) for e in result.log] == [
        ("0 låst.xlsx", "avvisad"),
        ("2025-T1 Division Medicin.xlsx", "godkänd"),
    ]
    assert set(result.current) == {"MED"}


def test_the_log_has_one_column_per_field_of_an_entry():
    from dataclasses import fields

    assert [f.name for f in fields(intake_log.LogEntry)] == intake_log.LOG_FIELDS


@pytest.mark.parametrize("claimed", ["NOSUCH", "other-division"])
def test_a_unit_the_plan_does_not_have_under_the_division_is_unknown(tmp_path, claimed):
    from openpyxl import load_workbook

    from reporting.demo.units import unit_plan
    from reporting.template.write import build_template

    plan = unit_plan(8)
    unit = plan.units[0]
    other = next(u for u in plan.units if u.division != unit.division)
    path = build_template(plan, unit.division, T1, tmp_path / "enhet.xlsx", unit_id=unit.id)
    assert check_file(path, plan, T1).unit_id == unit.id  # the file as sent is this unit's
    wb = load_workbook(path)
    wb["_meta"]["B9"] = other.id if claimed == "other-division" else claimed
    wb.save(path)
    result = check_file(path, plan, T1)
    assert not result.accepted
    assert [f.rule for f in result.findings] == [Rule.UNKNOWN_DIVISION]
    wanted = other.id if claimed == "other-division" else claimed
    assert result.findings[0].message == f'Enheten "{wanted}" finns inte under division "{unit.division}" i planen.'


def test_a_full_disk_at_a_copys_sync_names_the_staging_folder(tmp_path, monkeypatch):
    """ENOSPC from fsync (or write) carries no file name; the one line the user reads says where the disk is full."""
    from reporting.cli.errors import _os_message

    source = tmp_path / "fil.xlsx"
    source.write_bytes(b"PK" + b"x" * 100)
    ws = Workspace(tmp_path / "ws")
    copy, _, _ = archive.stage(ws, source, 0, 1000)

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(archive.os, "fsync", no_space)
    with pytest.raises(OSError) as caught:
        archive._fsync(copy)
    folder = str(ws.archive / archive.STAGING)
    assert caught.value.filename == folder
    assert _os_message(caught.value) == f"disken är full, {folder} kunde inte skrivas. Frigör utrymme och kör igen."


def test_a_full_disk_while_staging_stops_copying_the_rest_of_the_inbox(tmp_path, monkeypatch):
    """The first copy fails: the copies not yet begun are cancelled, not all made before the run stops."""
    from datetime import datetime

    paths = []
    for n in range(40):
        paths.append(tmp_path / f"{n:02d}.xlsx")
        paths[-1].write_bytes(b"PK")
    ws = Workspace(tmp_path / "ws")
    calls: list[int] = []
    real_stage = intake_run.stage

    def stage(ws, source, number, limit):
        calls.append(number)
        if number == 0:
            raise OSError(errno.ENOSPC, "No space left on device", "kopia")
        threading.Event().wait(0.01)  # the others take a moment: the failure is seen while most wait their turn
        return real_stage(ws, source, number, limit)

    monkeypatch.setattr(intake_run, "stage", stage)
    with pytest.raises(OSError):
        intake_run._stage_all(ws, paths, datetime.now())
    assert 1 <= len(calls) <= 2 * intake_run.STAGE_THREADS < len(paths)
