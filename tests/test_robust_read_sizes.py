"""Items 5 and 9: memory and time follow the real cell and row count, not declared sizes or row numbers."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from reporting.intake.checking import check_file
from test_hostile import _rewrite
from test_robust_read import EKONOMI, META, T1, WORKBOOK, both, member, verdict


@pytest.fixture
def good(reader_good):
    return reader_good  # read only


def far_names(good: Path, target: Path, rows: int = 4_000) -> Path:
    """Every metadata name points at XFD1048576, and _meta holds many rows with a cell in column XFD (~40 KiB)."""
    workbook = re.sub(rb"'_meta'!\$B\$\d+", b"'_meta'!$XFD$1048576", member(good, WORKBOOK))
    sheet = member(good, META).replace(b'<dimension ref="A1:B10"/>', b'<dimension ref="A1:XFD1048576"/>')
    far = b"".join(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (r, r) for r in range(20, 20 + rows))
    sheet = sheet.replace(b"</sheetData>", far + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    return _rewrite(good, target, replace={WORKBOOK: workbook, META: sheet})


def far_columns(good: Path, target: Path, rows: int = 1500) -> Path:
    """The economy sheet declares A1:XFD1048576, its header name points at row 1048576, rows reach column XFD."""
    workbook = re.sub(rb"'Ekonomi'!\$A\$4:\$I\$4", b"'Ekonomi'!$A$1048576:$XFD$1048576", member(good, WORKBOOK))
    sheet = re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:XFD1048576"/>', member(good, EKONOMI))
    far = b"".join(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (r, r) for r in range(20, 20 + rows))
    sheet = sheet.replace(b"</sheetData>", far + b"</sheetData>")
    return _rewrite(good, target, replace={WORKBOOK: workbook, EKONOMI: sheet})


def test_far_defined_names_do_not_allocate_by_reference(good, tmp_path, plan):
    path = far_names(good, tmp_path / "far-names.xlsx")
    assert path.stat().st_size < 60_000
    reference = verdict(check_file(good, plan, T1))
    for careful in (False, True):
        start = time.perf_counter()
        result = check_file(path, plan, T1, careful=careful)
        assert time.perf_counter() - start < 15, careful
        # identity comes from the _meta sheet's rows instead; everything else reads as before
        assert verdict(result) == reference, careful


def test_far_columns_and_dimension_do_not_allocate_by_reference(good, tmp_path, plan):
    path = far_columns(good, tmp_path / "far-columns.xlsx")
    fast, careful = both(path, plan)
    assert verdict(fast) == verdict(careful)
    assert fast.accepted
    assert fast.submission.answers == check_file(good, plan, T1).submission.answers


def repeated_rows(good: Path, target: Path, count: int = 300_000) -> Path:
    sheet = member(good, EKONOMI).replace(b"</sheetData>", b'<row r="60"/>' * count + b"</sheetData>")
    return _rewrite(good, target, replace={EKONOMI: sheet})


def far_row(good: Path, target: Path) -> Path:
    row = b'<row r="5000"><c r="A5000" t="inlineStr"><is><t>x</t></is></c></row>'
    return _rewrite(
        good, target, replace={EKONOMI: member(good, EKONOMI).replace(b"</sheetData>", row + b"</sheetData>")}
    )


def _row_cap_warnings(result: Any) -> list[str]:
    return [f.sheet for f in result.findings if "fler än 2000 rader" in f.message]


def test_row_cap_counts_rows_read_not_row_numbers(good, tmp_path, plan):
    path = repeated_rows(good, tmp_path / "rader.xlsx")
    reference = check_file(good, plan, T1).submission.answers
    for careful in (False, True):
        start = time.perf_counter()
        result = check_file(path, plan, T1, careful=careful)
        assert time.perf_counter() - start < 15, careful
        assert _row_cap_warnings(result) == ["Ekonomi"], careful
        assert result.accepted and result.submission.answers == reference, careful


def test_row_beyond_the_cap_warns_in_both_readers(good, tmp_path, plan):
    fast, careful = both(far_row(good, tmp_path / "rad5000.xlsx"), plan)
    assert verdict(fast) == verdict(careful)
    assert _row_cap_warnings(fast) == ["Ekonomi"]
