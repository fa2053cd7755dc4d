"""Robust running, item 7 (outputs): reports, feedback workbooks and PDFs are replaced whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter.workbook
from openpyxl import load_workbook

from reporting.output.feedback import write_feedback
from reporting.output.report import report_path, write_report
from reporting.xlsx import write as xlsx_write
from reporting.xlsx.write import Formats, atomic_workbook
from test_robust_output import T1, run_period


@pytest.fixture
def period_result(tmp_path, plan, make_template):
    return run_period(tmp_path / "ws", plan, make_template, T1)


# ---------------------------------------------------------------- 7. outputs are written atomically
def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.startswith(".") or p.name.endswith(".tmp")]


@pytest.mark.parametrize("where", ["formats", "close"])
def test_a_crash_mid_report_leaves_the_previous_report(period_result, monkeypatch, where):
    ws, result = period_result
    (path,) = write_report(result, ws.outbox)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("No space left on device")

    if where == "formats":
        monkeypatch.setattr(Formats, "status", boom)
    else:
        monkeypatch.setattr(xlsxwriter.workbook.Workbook, "close", boom)
    with pytest.raises(OSError):
        write_report(result, ws.outbox)
    assert path.read_bytes() == before
    assert report_path(result, ws.outbox) == path
    assert no_temp_files(ws.outbox)


def test_a_crash_mid_feedback_leaves_the_previous_workbooks(period_result, monkeypatch):
    ws, result = period_result
    paths = write_feedback(result, ws.outbox)
    before = {p: p.read_bytes() for p in paths}
    calls = []
    original = xlsx_write.print_setup

    def fail_on_second(*args, **kwargs):  # the second division's workbook dies half-way
        calls.append(1)
        if len(calls) == 2:
            raise OSError("No space left on device")
        return original(*args, **kwargs)

    monkeypatch.setattr("reporting.output.feedback.print_setup", fail_on_second)
    with pytest.raises(OSError):
        write_feedback(result, ws.outbox)
    assert {p: p.read_bytes() for p in paths}.keys() == before.keys()
    assert all(p.read_bytes() == before[p] for p in paths[1:])  # the failed one and the unwritten ones
    load_workbook(paths[0])  # the one rewritten before the failure is whole
    assert no_temp_files(ws.outbox)


def test_atomic_workbook_writes_nothing_on_failure(tmp_path):
    target = tmp_path / "a.xlsx"
    with atomic_workbook(target) as wb:
        wb.add_worksheet("A").write_string(0, 0, "gammal")
    before = target.read_bytes()
    with pytest.raises(RuntimeError), atomic_workbook(target) as wb:
        wb.add_worksheet("A").write_string(0, 0, "ny")
        raise RuntimeError("mitt i")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]


def test_a_failed_pdf_conversion_leaves_the_previous_pdf(tmp_path, monkeypatch):
    """LibreOffice writes straight to outdir/<stem>.pdf; a half-written one must never get the final name."""
    from reporting.errors import ReportingError
    from reporting.output import libreoffice

    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\n"
        'while [ "$1" != "--outdir" ]; do shift; done\n'
        'out="$2"; src="$3"; stem=$(basename "$src" .xlsx)\n'
        'printf half > "$out/$stem.pdf"\n'
        "exit ${FAKE_RC:-1}\n"
    )
    fake.chmod(0o755)
    monkeypatch.setattr(libreoffice, "soffice_path", lambda: str(fake))
    out = tmp_path / "out"
    out.mkdir()
    source = out / "rapport.xlsx"
    source.write_bytes(b"x")
    (out / "rapport.pdf").write_bytes(b"%PDF old")
    with pytest.raises(ReportingError):
        libreoffice.convert(source, "pdf", out)
    assert (out / "rapport.pdf").read_bytes() == b"%PDF old"
    assert sorted(p.name for p in out.iterdir()) == ["rapport.pdf", "rapport.xlsx"]
    monkeypatch.setenv("FAKE_RC", "0")
    assert libreoffice.convert(source, "pdf", out) == out / "rapport.pdf"
    assert (out / "rapport.pdf").read_bytes() == b"half"
    assert sorted(p.name for p in out.iterdir()) == ["rapport.pdf", "rapport.xlsx"]
