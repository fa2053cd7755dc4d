"""`reporting feedback --pdf`: every återkoppling also as PDF, made in one LibreOffice start.

The one test that converts the way a user's run does, without the session's running office:
a throw-away Swedish profile and one soffice start for the whole batch.
"""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from reporting.cli import main
from reporting.output import libreoffice
from reporting.plan.periods import Period

pytestmark = pytest.mark.libreoffice


def test_feedback_pdf_for_every_division(tmp_path, soffice, monkeypatch, demo_copy):
    monkeypatch.setattr(libreoffice, "_shared", None)  # an office of its own, as in a user's run
    starts, real_popen = [], subprocess.Popen

    def counted(command, *args, **kwargs):
        starts.append(command)
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counted)
    demo_copy(tmp_path, Period(2025, "T1"))
    result = CliRunner().invoke(main, ["feedback", "-w", str(tmp_path), "-p", "2025-T1", "--pdf"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "outbox" / "återkoppling"
    workbooks = sorted(folder.glob("*.xlsx"))
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(workbooks) == 4 and [p.stem for p in pdfs] == [w.stem for w in workbooks]
    assert [c[0] for c in starts] == [soffice]  # four files, one start
    assert starts[0][1].startswith("-env:UserInstallation=file://") and "lo-profile-" in starts[0][1]
    kirurgi = next(p for p in pdfs if "Kirurgi" in p.name)
    text = "\n".join(page.extract_text() for page in PdfReader(str(kirurgi)).pages)
    assert "Division Kirurgi" in text and "Utfall saknas för nyckeltal N01." in text
