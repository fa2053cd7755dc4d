"""Robust running, items 7 and 11: a run killed at any step, or stopped by a full disk, is completed by the next.

A child process (forked) runs intake and kills itself (SIGKILL) from ``archive._hook`` at one
step; a rerun must end with the same archive files, index and log lines as an
uninterrupted run (plus the rerun's own "oförändrad" lines once the killed run
had committed its journal).
"""

from __future__ import annotations

import csv
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from forked import run_forked
from helpers import complete_edits, fill
from reporting.cli import main
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
STAMP = re.compile(r"^\d{8}T\d{12}_")


def _killed_run(step: str, root: Path) -> None:
    """In the child process: intake that kills the process (SIGKILL) when the archive reaches ``step``."""
    from reporting.demo.plan import demo_plan
    from reporting.intake import archive

    archive._hook = lambda name: os.kill(os.getpid(), signal.SIGKILL) if name == step else None
    run_intake(Workspace(root), demo_plan(), Period(2025, "T1"), workers=1)
    print("not killed")


def state(root: Path) -> tuple[list[tuple[str, str, str]], list[dict[str, str]], list[dict[str, str]]]:
    """Archive files (stamp removed), index entries and log rows, without the times of the run."""
    archive = root / "archive"
    files = sorted(
        (p.parent.relative_to(archive).as_posix(), STAMP.sub("", p.name), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in archive.rglob("*")
        if p.is_file() and p.name not in ("index.jsonl", "intagslogg.csv")
    )
    index = [
        {
            **{k: v for k, v in e.items() if k not in ("time", "seen")},
            "archived": STAMP.sub("", Path(e["archived"]).name),
        }
        for e in map(json.loads, (archive / "index.jsonl").read_text("utf-8").splitlines())
    ]
    with (archive / "intagslogg.csv").open(encoding="utf-8", newline="") as handle:
        log = [{k: v for k, v in row.items() if k != "time"} for row in csv.DictReader(handle)]
    return files, index, log


@pytest.fixture(scope="module")
def inbox_ws(tmp_path_factory, plan, blank_templates):
    """Medicin and Kirurgi filled completely (from the session's blank templates: a copy, as make_template
    gives, and fill's kept read of it) and a file that is no workbook."""
    from conftest import template_maker

    root = tmp_path_factory.mktemp("faults") / "ws"
    inbox = root / "inbox"
    inbox.mkdir(parents=True)
    make = template_maker(plan, blank_templates, root)
    for division, name in (("MED", "2025-T1 Division Medicin.xlsx"), ("KIR", "2025-T1 Division Kirurgi.xlsx")):
        template = make(division, T1)
        fill(template, complete_edits(plan, division), inbox / name)
        template.unlink()
    (inbox / "anteckningar.xlsx").write_text("ingen arbetsbok")
    return root


@pytest.fixture(scope="module")
def reference(inbox_ws, tmp_path_factory, plan):
    """An uninterrupted run, and the same followed by a rerun."""
    root = Path(shutil.copytree(inbox_ws, tmp_path_factory.mktemp("reference") / "ws"))
    run_intake(Workspace(root), plan, T1)
    once = state(root)
    run_intake(Workspace(root), plan, T1)
    return once, state(root)


@pytest.mark.parametrize("step", ["staged", "journal", "copy", "index", "log"])
def test_a_run_killed_at_any_step_is_completed_by_the_rerun(inbox_ws, reference, tmp_path, plan, step):
    root = Path(shutil.copytree(inbox_ws, tmp_path / "ws"))
    status, output = run_forked(_killed_run, step, root, timeout=120)  # a real process, killed for real
    assert status == -signal.SIGKILL, output
    rerun = run_intake(Workspace(root), plan, T1)
    assert set(rerun.current) == {"KIR", "MED"}
    once, with_rerun = reference
    assert state(root) == (once if step == "staged" else with_rerun)
    assert not (root / "archive" / ".journal.json").exists() and not (root / "archive" / ".incoming").exists()


# --- item 11: a full disk -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory, demo_copy):
    root = tmp_path_factory.mktemp("demo") / "ws"
    root.mkdir()
    demo_copy(root, T1)
    return root


def consolidate(root: Path):
    return CliRunner().invoke(main, ["consolidate", "-w", str(root), "-p", "2025-T1"])


@pytest.fixture(scope="module")
def demo_reference(demo_ws, tmp_path_factory):
    root = Path(shutil.copytree(demo_ws, tmp_path_factory.mktemp("demo-reference") / "ws"))
    assert consolidate(root).exit_code == 0
    return state(root)


def _full_at_third_copy(real_open):
    """Path.open that finds the disk full when the third inbox file's staged copy is created."""

    def opener(path, mode="r", *args, **kwargs):
        if mode == "wb" and path.parent.name == ".incoming" and path.name.startswith("000002"):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, mode, *args, **kwargs)

    return opener


_OPENED: set[str] = set()  # the digest of each report that opened (_content): the same content opens the same way
# the second a report was written, in docProps/core.xml and on its Sammanfattning: the only bytes that differ
# between the reports of these runs, so without it nearly every report was read again
_WRITTEN_AT = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def _content(report: Path) -> str:
    """The sha256 of every part of the report, with the time it was written masked."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(report) as archive:
        for info in archive.infolist():
            digest.update(info.filename.encode() + b"\0" + _WRITTEN_AT.sub(b"T", archive.read(info)) + b"\0")
    return digest.hexdigest()


def _opens(report: Path) -> None:
    """The report opens in openpyxl (read once per distinct content: the reruns write the same report, only its
    time differs)."""
    digest = _content(report)
    if digest not in _OPENED:
        load_workbook(report).close()
        _OPENED.add(digest)


# os.replace calls of intake: 1 the journal, 2-4 the three copies, 5 the index, 6 the log
@pytest.mark.parametrize("failing", [1, 2, 4, 5, 6, "staging", "copy-sync", "copy-write", "report"])
def test_a_full_disk_stops_with_one_line_and_the_next_run_is_consistent(
    demo_ws, demo_reference, tmp_path, monkeypatch, failing
):
    from reporting import workflow
    from reporting.intake import archive

    root = Path(shutil.copytree(demo_ws, tmp_path / "ws"))
    calls = []
    real_replace, real_fsync = os.replace, os.fsync

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(args[-1] if args else "fil"))

    def replace(src, dst, *args, **kwargs):
        calls.append(dst)
        return full_disk(dst) if len(calls) == failing else real_replace(src, dst, *args, **kwargs)

    with monkeypatch.context() as patch:
        if failing == "staging":
            patch.setattr(archive.os, "fsync", full_disk)  # every fsync: the staged copies' and the atomic writes'
        elif failing == "copy-sync":
            patch.setattr(archive, "_fsync", full_disk)  # only a staged copy's, in a Syncer thread
        elif failing == "copy-write":
            patch.setattr(Path, "open", _full_at_third_copy(Path.open))  # writing one staged copy, in a staging thread
        elif failing == "report":
            patch.setattr(workflow, "write_report", full_disk)
        else:
            patch.setattr(os, "replace", replace)
        failed = consolidate(root)
    assert (os.replace, os.fsync) == (real_replace, real_fsync)
    assert failed.exit_code == 1, failed.output
    assert failed.stderr.startswith("Fel: disken är full") and failed.stderr.count("\n") == 1, failed.stderr
    assert "Frigör utrymme och kör igen" in failed.stderr

    again = consolidate(root)
    assert again.exit_code == 0, again.output
    files, index, log = state(root)
    ref_files, ref_index, ref_log = demo_reference
    assert (files, index) == (ref_files, ref_index)
    assert [r for r in log if r["result"] != "oförändrad"] == ref_log
    assert not (root / "archive" / ".journal.json").exists() and not (root / "archive" / ".incoming").exists()
    for report in (root / "outbox").glob("*.xlsx"):
        _opens(report)
