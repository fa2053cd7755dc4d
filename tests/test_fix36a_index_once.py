"""fix36a #1: a consolidate or feedback run reads the archive index once (check_synced hands its entries to the
intake), and the orphan scan, by directory listings, still finds an archived file the index does not name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import run_t1
from reporting.intake import archive, conflicts, run
from reporting.intake.conflicts import orphans
from reporting.workspace import Workspace


@pytest.fixture(scope="module")
def consolidated(tmp_path_factory, demo_copy) -> Path:
    root = tmp_path_factory.mktemp("once") / "ws"
    root.mkdir()
    from reporting.plan.periods import Period

    demo_copy(root, Period(2025, "T1"))
    assert run_t1(root, "consolidate").exit_code == 0
    return root


@pytest.fixture
def ws(consolidated, tmp_path) -> Path:
    return Path(shutil.copytree(consolidated, tmp_path / "ws"))


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Every load_index call, by whichever module's name for it."""
    calls: list[Path] = []
    real = archive.load_index

    def counted(ws: Workspace) -> list[dict[str, str]]:
        calls.append(ws.root)
        return real(ws)

    for module in (archive, conflicts, run):
        monkeypatch.setattr(module, "load_index", counted)
    return calls


@pytest.mark.parametrize("command", ["consolidate", "feedback"])
def test_a_run_reads_the_archive_index_once(ws, reads, command):
    result = run_t1(ws, command)
    assert result.exit_code == 0, result.output
    assert reads == [ws]


def test_a_pending_journal_still_means_one_read_after_recovery(ws, reads):
    (ws / "archive" / ".journal.json").write_text('{"moves": [], "index": {"offset": 0, "text": ""}, '
                                                   '"log": {"offset": 0, "text": ""}}', encoding="utf-8")  # fmt: skip
    result = run_t1(ws, "consolidate")
    assert result.exit_code == 0, result.output
    assert reads == [ws]
    assert not (ws / "archive" / ".journal.json").exists()


def test_an_orphan_in_the_runs_period_is_still_said(ws, reads):
    folder = ws / "archive" / "2025-T1" / "MED"
    (archived,) = folder.iterdir()
    orphan = folder / f"20261208T000032255137_7f1a161ed096_{archived.name.split('_', 2)[2]}"
    shutil.copy(archived, orphan)
    result = run_t1(ws, "consolidate")
    assert result.exit_code == 0
    warnings = [line for line in result.stdout.splitlines() if line.startswith("Obs: arkivet")]
    assert len(warnings) == 1 and f"(archive/2025-T1/MED/{orphan.name})" in warnings[0]
    assert reads == [ws]


def test_orphans_in_unit_folders_and_other_periods_in_path_order(tmp_path):
    ws = Workspace(tmp_path)
    named = ["archive/2025-T1/MED/20250101T000000000000_0123456789ab_med.xlsx"]
    named.append("archive/2024-T3/MED/20240101T000000000000_0123456789ab_med.xlsx")
    paths = [
        "archive/2025-T1/MED/AKUT/20250101T000000000001_0123456789ab_akut.xlsx",
        "archive/2024-T3/KIR/20240101T000000000000_0123456789ab_kir.xlsx",  # a period the index names
        "archive/2024-T2/KIR/20240101T000000000000_0123456789ab_kir.xlsx",  # a period it names nothing of
        "archive/2025-T1/plan.xlsx",  # the period's plan, not a submission
        "archive/.incoming/20250101T000000000002_0123456789ab_x.xlsx",  # staging, not a period
    ]
    for path in named + paths:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(b"x")
    index = [path.replace("/", "\\") for path in named]  # as a Windows run wrote them
    assert orphans(ws, index) == [tmp_path / paths[2], tmp_path / paths[1], tmp_path / paths[0]]
    assert orphans(ws, index, "2025-T1") == [tmp_path / paths[2], tmp_path / paths[0]]
