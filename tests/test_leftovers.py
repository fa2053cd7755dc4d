"""A run killed midway leaves temporary files and LibreOffice folders in the output folders: the next run removes
them under the workspace lock, and only them, never a user's file."""

from __future__ import annotations

import os
import re
import signal
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from forked import run_forked
from reporting.atomic import atomic_path
from reporting.cli import main
from reporting.plan.periods import Period
from reporting.workspace import Workspace

# A stand-in for LibreOffice that writes its PDF into --outdir and then kills the run that started it
FAKE_SOFFICE = """#!/bin/sh
while [ "$#" -gt 0 ]; do [ "$1" = "--outdir" ] && out="$2"; shift; done
echo "%PDF-1.7" > "$out/rapport.pdf"
kill -9 $PPID
"""
USERS = [  # files and folders of people, with names near ours: never touched
    "outbox/utkast.xlsx.tmp",
    "outbox/.anteckningar.xlsx",
    "outbox/.kopia.xlsx.tmp",
    "outbox/.lo-out-mina/pdf.pdf",
    "outbox/arkiv/.rapport.abcd1234.xlsx.tmp",
    "outbox/återkoppling/.~lock.2025-T1 Division Medicin.xlsx#",
    "templates_xlsx/mall.xlsx.tmp",
]


def _killed_while_writing(ws: Workspace) -> None:
    """Write one file in each output folder the way every output is written, and die (SIGKILL) meanwhile."""
    with (
        atomic_path(ws.outbox / "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden.xlsx") as report,
        atomic_path(ws.feedback / "2025-T1 Division Medicin.xlsx") as feedback,
        atomic_path(ws.templates / "2025-T1 Division Medicin.xlsx") as template,
    ):
        for temp in (report, feedback, template):
            temp.write_bytes(b"PK half")
        os.kill(os.getpid(), signal.SIGKILL)


def _killed_while_converting(ws: Workspace, bin_folder: Path, scratch: Path) -> None:
    from reporting.output.libreoffice import convert

    os.environ["PATH"] = f"{bin_folder}{os.pathsep}{os.environ['PATH']}"
    tempfile.tempdir = str(scratch)  # its profile folder here, not in /tmp
    source = ws.outbox / "rapport.xlsx"
    source.write_bytes(b"PK")
    convert(source, "pdf", ws.outbox)


def _plant(root: Path, names: list[str]) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")


def _hidden(root: Path) -> list[str]:
    """Every file under the output folders whose name (or folder's) starts with a dot, relative to ``root``."""
    found = []
    for folder in ("outbox", "templates_xlsx"):
        names = [str(p.relative_to(root)) for p in (root / folder).rglob("*") if p.is_file()]
        found += [name for name in names if "/." in f"/{name}"]
    return sorted(found)


def test_what_killed_writers_leave_is_removed_and_nothing_else(tmp_path):
    """The names are those the writers really leave: atomic_path's temporary files, killed in the outbox, its
    feedback folder and the templates folder, and LibreOffice's scratch folder holding a finished PDF."""
    ws = Workspace(tmp_path)
    _plant(tmp_path, USERS)
    assert run_forked(_killed_while_writing, ws, timeout=60)[0] == -signal.SIGKILL
    bin_folder, scratch = tmp_path / "bin", tmp_path / "scratch"
    bin_folder.mkdir()
    scratch.mkdir()
    (bin_folder / "soffice").write_text(FAKE_SOFFICE, encoding="utf-8")
    (bin_folder / "soffice").chmod(0o755)
    assert run_forked(_killed_while_converting, ws, bin_folder, scratch, timeout=60)[0] == -signal.SIGKILL
    (ws.outbox / "rapport.xlsx").unlink()
    left = sorted(set(_hidden(tmp_path)) - set(USERS))
    assert [re.sub(r"([.-])[a-z0-9_]{8}([./])", r"\1RANDOM\2", n) for n in left] == [
        "outbox/.2025-T1 Tertialrapport Hälso- och sjukvå.RANDOM.xlsx.tmp",
        "outbox/.lo-out-RANDOM/rapport.pdf",
        "outbox/återkoppling/.2025-T1 Division Medicin.RANDOM.xlsx.tmp",
        "templates_xlsx/.2025-T1 Division Medicin.RANDOM.xlsx.tmp",
    ]
    removed = sorted(str(p.relative_to(tmp_path)) for p in ws.remove_leftovers())
    assert removed == [n.removesuffix("/rapport.pdf") for n in left]
    assert _hidden(tmp_path) == sorted(n for n in USERS if "/." in f"/{n}")
    assert all((tmp_path / name).exists() for name in USERS)


LEFT = {  # per command, a killed run's leftovers in the folders it writes
    "consolidate": [
        "outbox/.2025-T1 Tertialrapport Hälso- och sjukvårdsn.k2x_9abc.docx.tmp",
        "outbox/.lo-out-q1w2e3r4/x.pdf",
    ],
    "feedback": ["outbox/återkoppling/.2025-T1 Division Medicin.ab12cd34.xlsx.tmp"],
    "templates": ["templates_xlsx/.2025-T1 Division Medicin.zz_90yxw.xlsx.tmp"],
}


@pytest.mark.parametrize("command", sorted(LEFT))
def test_the_next_run_removes_a_killed_runs_leftovers(tmp_path, demo_copy, command):
    demo_copy(tmp_path, Period(2025, "T1"))
    _plant(tmp_path, LEFT[command] + USERS)
    result = CliRunner().invoke(main, [command, "-w", str(tmp_path), "-p", "2025-T1"])
    assert result.exit_code == 0, result.output
    assert _hidden(tmp_path) == sorted(n for n in USERS if "/." in f"/{n}")
    assert not (tmp_path / "outbox" / ".lo-out-q1w2e3r4").exists()
    assert all((tmp_path / name).exists() for name in USERS)
