"""Robust running in the CLI: file names cannot forge console lines (item 8)."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from helpers import complete_edits, fill
from reporting.cli import main
from reporting.plan.periods import Period
from reporting.plan.write import write_plan

T1 = Period(2025, "T1")


@pytest.fixture
def ws(tmp_path, plan, make_template):
    root = tmp_path / "ws"
    (root / "inbox").mkdir(parents=True)
    write_plan(root / "plan.xlsx", plan)
    for division, name in (("MED", "2025-T1 Division Medicin.xlsx"), ("KIR", "2025-T1 Division Kirurgi.xlsx")):
        fill(make_template(division), complete_edits(plan, division), root / "inbox" / name)
    return root


def test_file_names_with_newlines_and_escape_sequences_cannot_forge_console_lines(ws):
    forged = ws / "x\nFEL: allt ok.xlsx"
    shutil.copy(ws / "inbox" / "2025-T1 Division Medicin.xlsx", forged)
    coloured = ws / "\x1b[2J\x1b[31mröd.xlsx"
    coloured.write_text("ingen arbetsbok")
    result = CliRunner().invoke(main, ["check", "-w", str(ws), str(forged), str(coloured)])
    text = result.output
    assert "\x1b" not in text and "\r" not in text
    assert not any(line.startswith("FEL: allt ok") for line in text.splitlines())
    assert "x\\nFEL: allt ok.xlsx: OK" in text
    assert "\\x1b[2J\\x1b[31mröd.xlsx" in text
