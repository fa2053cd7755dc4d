"""qa35w #2: an output open in Excel or Word (Windows cannot replace it) stops the run before anything changes;
#11: the preflight's reasons are Swedish, never the C library's English."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers import run_t1, workspace_files
from reporting import workflow
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
REPORT = "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden"
MED_FEEDBACK = "återkoppling/2025-T1 Återkoppling Division Medicin.xlsx"


@pytest.fixture(scope="module")
def consolidated(tmp_path_factory, demo_copy) -> Path:
    root = tmp_path_factory.mktemp("open") / "ws"
    root.mkdir()
    demo_copy(root, T1)
    assert run_t1(root, "consolidate").exit_code == 0
    assert run_t1(root, "feedback").exit_code == 0
    return root


@pytest.fixture
def ws(consolidated, tmp_path) -> Path:
    return Path(shutil.copytree(consolidated, tmp_path / "ws"))


def test_the_outputs_a_run_replaces_are_the_files_it_writes(consolidated):
    plan = load_plan(consolidated / "plan.xlsx")
    targets = workflow.outputs_of(Workspace(consolidated), plan, T1, report=True, feedback=True)
    written = sorted(p for p in (consolidated / "outbox").rglob("*") if p.suffix in (".xlsx", ".docx"))
    assert written and set(written) <= set(targets)
    assert sorted(p.relative_to(consolidated / "outbox").as_posix() for p in targets if p.suffix != ".pdf") == sorted(
        [f"{REPORT}.xlsx", f"{REPORT} Källor.csv", f"{REPORT}.docx"]
        + [f"återkoppling/2025-T1 Återkoppling {d.name}.xlsx" for d in plan.divisions]
    )
    only_report = workflow.outputs_of(Workspace(consolidated), plan, T1, report=True, feedback=False)
    assert [p.name for p in only_report] == [
        f"{REPORT}.xlsx",
        f"{REPORT} Källor.csv",
        f"{REPORT}.docx",
        f"{REPORT}.pdf",
    ]


def test_outputs_open_in_excel_and_word_stop_consolidate_before_anything_changes(ws, monkeypatch):
    held = {ws / "outbox" / f"{REPORT}.xlsx", ws / "outbox" / f"{REPORT}.docx", ws / "outbox" / MED_FEEDBACK}
    monkeypatch.setattr(workflow, "replaceable", lambda path: path not in held)  # Windows: a sharing violation
    before = workspace_files(ws)
    result = run_t1(ws, "consolidate")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Fel: filer i utkorgen {ws / 'outbox'} som körningen ska ersätta är öppna i ett annat program eller "
        f"skrivskyddade. Stäng {REPORT}.xlsx i Excel och {REPORT}.docx i Word och kör igen (är en fil inte öppen: "
        "ta bort dess skrivskydd). Inget har ändrats.\n"
    )  # consolidate writes no återkoppling: the one held open is not named
    assert workspace_files(ws) == before  # no log rows, no archived copy, history and outputs as they were


def test_feedback_names_only_the_återkoppling_it_replaces(ws, monkeypatch):
    held = {ws / "outbox" / f"{REPORT}.xlsx", ws / "outbox" / MED_FEEDBACK}
    monkeypatch.setattr(workflow, "replaceable", lambda path: path not in held)
    before = workspace_files(ws)
    result = run_t1(ws, "feedback")
    assert result.exit_code == 1
    assert f"Stäng {MED_FEEDBACK} i Excel och kör igen" in result.stderr and f"{REPORT}.xlsx" not in result.stderr
    assert workspace_files(ws) == before


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """``path`` cannot be written or replaced, as a file open in Excel on Windows (root ignores a read-only mode)."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("chattr +i needs root")
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("chattr +i is not allowed here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def test_a_word_draft_that_cannot_be_replaced_is_found_by_the_real_probe(ws):
    draft = ws / "outbox" / f"{REPORT}.docx"
    assert workflow.replaceable(draft) and workflow.replaceable(ws / "outbox" / "finns inte.xlsx")
    before = workspace_files(ws)
    with immutable(draft):
        assert not workflow.replaceable(draft)
        result = run_t1(ws, "consolidate")
    assert result.exit_code == 1
    assert f"Stäng {REPORT}.docx i Word och kör igen" in result.stderr
    assert workspace_files(ws) == before


def test_an_unwritable_outbox_is_said_in_swedish_not_the_c_librarys_english(tmp_path, monkeypatch):
    def refused(**_kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(workflow.tempfile, "TemporaryFile", refused)
    with pytest.raises(workflow.WorkspaceNotReady) as caught:
        workflow.writable_folder(tmp_path / "outbox", "utkorgen")
    assert str(caught.value) == (
        f"utkorgen {tmp_path / 'outbox'} går inte att skriva i (åtkomst nekas). Kontrollera behörigheten till {tmp_path}."
    )


def test_an_immutable_outbox_is_said_in_swedish(tmp_path):
    (tmp_path / "outbox").mkdir()
    with immutable(tmp_path / "outbox"), pytest.raises(workflow.WorkspaceNotReady) as caught:
        workflow.writable_folder(tmp_path / "outbox", "utkorgen")
    assert "(åtkomst nekas)" in str(caught.value) and "Operation" not in str(caught.value)
