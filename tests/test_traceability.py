"""Traceability: every value the report shows can be followed to its file, sheet, cell and SHA-256."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from helpers import rows_of, value_at
from reporting.consolidate.consolidation import consolidate
from reporting.consolidate.sources import SourceRow
from reporting.demo.units import unit_plan, write_unit_submissions
from reporting.intake.run import run_intake
from reporting.output.report import write_report
from reporting.plan.periods import Period
from reporting.swedish import parse_cell_number
from reporting.workspace import Workspace

T1 = Period(2025, "T1")


def _sources(report_path):
    rows = rows_of(report_path, "Källor")[3:]
    assert rows[0] == ("Id", "Division / enhet", "Uppgift", "Värde", "Fil", "Flik", "Cell", "SHA-256")
    return [r for r in rows[1:] if r[0] is not None]


def _cell_value(books, path, sheet, cell):
    """The cell's value as a person reads it; each file is read once (``books``: path -> workbook)."""
    if path not in books:
        books[path] = load_workbook(path, data_only=True)  # a source may be a formula: its cached value
    value = books[path][sheet][cell].value
    return parse_cell_number(value)[0] if isinstance(value, (int, float)) else value


def test_every_reported_outcome_traces_to_its_cell(tmp_path, plan, demo_t1):
    ws, result = demo_t1()  # the demo's T1 files and their consolidation (conftest, once per session)
    report = write_report(result, tmp_path / "outbox")[0]
    sources = _sources(report)
    traced = {(r[0], r[1], r[2]): r for r in sources}
    # every division-level key-figure outcome shown on the Nyckeltal sheet has a source row with the same value
    kf_rows = rows_of(report, "Nyckeltal")[4:]
    names = {k.id: k.name for k in plan.key_figures}  # the nämnd's row carries the key figure's name (and unit)
    outcomes = [
        (row[0], row[1], row[3])
        for row in kf_rows
        if row[0] in names and not row[1].startswith(names[row[0]]) and isinstance(row[3], (int, float))
    ]
    assert len(outcomes) > 20
    for kf_id, division, outcome in outcomes:
        source = traced[(kf_id, division, "Utfall perioden")]
        assert float(source[3]) == outcome
    # and each source cell really holds that value in the file, whose SHA-256 is the one shown
    files = {p.name: p for p in ws.inbox.iterdir()}
    books: dict = {}
    checked = 0
    for _, _, metric, value, file, sheet, cell, sha in sources:
        path = files[file]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
        if metric in ("Utfall perioden", "Utfall ackumulerat (mkr)", "Uppnådd effekt hittills (mkr)"):
            got = _cell_value(books, path, sheet, cell)
            assert (got == value) or (float(got) == float(value)), (file, sheet, cell, got, value)
            checked += 1
    assert checked > 40
    economy = {(r[0], r[1]) for r in sources if r[2] == "Utfall ackumulerat (mkr)"}
    assert ("EK", "Division Medicin") in economy and ("EK", "Division Kirurgi") in economy


def test_a_division_combined_from_units_traces_to_each_unit_file(tmp_path):
    plan = unit_plan(4)
    ws = Workspace(tmp_path)
    paths = write_unit_submissions(plan, T1, ws.inbox)
    result = consolidate(plan, run_intake(ws, plan, T1))
    actual = [s for s in result.sources if s.item == "EK" and s.metric == "Utfall ackumulerat (mkr)"]
    assert sorted(s.file for s in actual) == sorted(p.name for p in paths)
    assert all(" / " in s.reporter for s in actual)
    # a named tuple (consolidate.sources, for speed): immutable, and equal to and hashing as one built by name
    row = actual[0]
    rebuilt = SourceRow(**{name: getattr(row, name) for name in SourceRow._fields})
    assert type(row) is SourceRow and row == rebuilt and hash(row) == hash(rebuilt)
    assert repr(row).startswith("SourceRow(sheet='Ekonomi', item='EK', division_id=")
    with pytest.raises(AttributeError):
        row.value = Decimal(0)  # type: ignore[misc]


def test_sources_too_many_for_a_sheet_go_into_a_swedish_csv_beside_the_workbook(tmp_path, demo_t1, monkeypatch):
    import csv

    from reporting.output import sources as sources_module

    result = demo_t1()[1]  # the demo's T1 consolidation (conftest, once per session)
    outbox = tmp_path / "outbox"
    count = len(result.sources)
    monkeypatch.setattr(sources_module, "SHEET_LIMIT", count - 1)
    report, csv_path = write_report(result, outbox)
    assert csv_path.name == f"{report.stem} Källor.csv"
    note = value_at(rows_of(report, "Källor"), "A3")
    assert note == f"{count} värden med sina källor finns i filen ”{csv_path.name}” bredvid arbetsboken."
    raw = csv_path.read_bytes()
    assert raw.startswith("\ufeff".encode())  # BOM: a Swedish Excel reads it as UTF-8 on a double-click
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Id", "Division / enhet", "Uppgift", "Värde", "Fil", "Flik", "Cell", "SHA-256"]
    assert len(rows) == count + 1
    by_key = {(r[0], r[1], r[2], r[6]): r for r in rows[1:]}
    for s in result.sources:  # every value exact, with a decimal comma, at its file, sheet and cell
        row = by_key[(s.item, s.reporter, s.metric, s.cell)]
        expected = format(s.value, "f").replace(".", ",") if not isinstance(s.value, str) else s.value
        assert row[3] == expected and row[4] == s.file and row[5] == s.sheet and row[7] == s.sha256
    # a rerun whose sources fit the sheet again removes the CSV: the outbox never disagrees with itself
    monkeypatch.setattr(sources_module, "SHEET_LIMIT", count)
    assert write_report(result, outbox) == [report]
    assert not csv_path.exists()
    assert len(_sources(report)) == count
