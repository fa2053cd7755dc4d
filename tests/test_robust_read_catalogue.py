"""Every hostile and crafted file: both readers, no exception, one file-level finding or accepted, same verdict."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reporting.findings import Category
from test_hostile import _rewrite, catalogue
from test_robust_read import EKONOMI, both, member, verdict
from test_robust_read_encrypted import encrypted_files
from test_robust_read_numbers import absurd_file
from test_robust_read_prolog import prolog_files
from test_robust_read_sizes import far_columns, far_names, far_row, repeated_rows

BROKEN_CELLS = {
    "nan.xlsx": b"<v>NaN</v>",
    "oandlig.xlsx": b"<v>1e999</v>",
    "jattetal.xlsx": b"<v>" + b"9" * 5000 + b"</v>",
    "sant7.xlsx": b' t="b"><v>7</v>',
    "datumtext.xlsx": b' t="d"><v>inte ett datum</v>',
    "felvarde.xlsx": b' t="e"><v>#DIV/0!</v>',
    "strangindex.xlsx": b' t="s"><v>99999</v>',
}


def broken_cells(good: Path, folder: Path) -> list[Path]:
    """One economy input cell (E5) holding what no spreadsheet writes."""
    folder.mkdir(exist_ok=True)
    sheet = member(good, EKONOMI)
    found = re.search(rb'(<c r="E5"[^>]*?)(/>|>.*?</c>)', sheet)
    assert found is not None
    out = []
    for name, cell in BROKEN_CELLS.items():
        content = cell if cell.startswith(b" ") else b">" + cell
        data = sheet[: found.start()] + found.group(1) + content + b"</c>" + sheet[found.end() :]
        out.append(_rewrite(good, folder / name, replace={EKONOMI: data}))
    bad_row = sheet.replace(b'<row r="5"', b'<row r="x5"', 1)
    out.append(_rewrite(good, folder / "radnummer.xlsx", replace={EKONOMI: bad_row}))
    styles = re.sub(rb'numFmtId="\d+"', b'numFmtId="x"', member(good, "xl/styles.xml"), count=3)
    out.append(_rewrite(good, folder / "formatfel.xlsx", replace={"xl/styles.xml": styles}))
    strings = member(good, "xl/sharedStrings.xml")
    out.append(
        _rewrite(good, folder / "strangfel.xlsx", replace={"xl/sharedStrings.xml": strings[: len(strings) // 2]})
    )
    return out


def robust_catalogue(good: Path, folder: Path, plan: Any, make_template: Any) -> list[Path]:
    folder.mkdir(exist_ok=True)
    files = [path for path, _, _ in catalogue(good, folder / "hostile").values()]
    files += encrypted_files(good, folder / "enc")
    files += [path for path, _ in prolog_files(good, folder / "prolog").values()]
    files += [
        far_names(good, folder / "far-names.xlsx"),
        far_columns(good, folder / "far-columns.xlsx"),
        repeated_rows(good, folder / "rader.xlsx"),
        far_row(good, folder / "rad5000.xlsx"),
        absurd_file(plan, make_template, "absurd-cat.xlsx"),
    ]
    return files + broken_cells(good, folder / "cells")


def test_catalogue_both_readers_same_verdict_and_one_file_finding(reader_catalogue, plan):
    files = reader_catalogue  # robust_catalogue, built once per session (conftest_reader.py)
    assert len(files) >= 35
    for path in files:
        fast, careful = both(path, plan)  # no exception may escape
        for result in (fast, careful):
            if not result.accepted:
                assert len(result.findings) == 1, (path.name, result.findings)
                assert result.findings[0].rule.category in (Category.FILE, Category.IDENTITY), path.name
        assert fast.accepted == careful.accepted, path.name
        # same rule ids, severities and cells (messages may quote an exception's type)
        assert verdict(fast) == verdict(careful), (path.name, fast.findings, careful.findings)
