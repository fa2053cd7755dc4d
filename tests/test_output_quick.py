"""The report's and the feedback's quicker writing gives the very files the plain writers give.

The report and feedback sheets write their cells through ``QuickSheet`` (xlsxwriter's XML, written
directly); these tests compare every part of the files with the ones xlsxwriter's own cell writer makes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from xlsxwriter.worksheet import Worksheet

from reporting.output.feedback import write_feedback
from reporting.output.report import write_report
from reporting.xlsx.write import QuickSheet


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"}  # its time of writing


def _written(folder: Path, result: Any) -> list[Path]:
    return [*write_report(result, folder), *write_feedback(result, folder)]


def test_report_and_feedback_cells_are_xlsxwriters_byte_for_byte(tmp_path, monkeypatch, seed002_run):
    _, result = seed002_run
    quick_cells: list[int] = []
    quick = QuickSheet._write_cell

    def counted(self: QuickSheet, row: int, col: int, cell: Any) -> None:
        quick_cells.append(row)
        quick(self, row, col, cell)

    monkeypatch.setattr(QuickSheet, "_write_cell", counted)
    ours = _written(tmp_path / "quick", result)
    assert len(quick_cells) > 1000  # every sheet of the report and the feedback is a QuickSheet
    monkeypatch.setattr(QuickSheet, "_write_cell", Worksheet._write_cell)
    plain = _written(tmp_path / "plain", result)
    assert [p.name for p in ours] == [p.name for p in plain] and len(ours) > 2
    for mine, theirs in zip(ours, plain, strict=True):
        assert _members(mine) == _members(theirs), mine.name
