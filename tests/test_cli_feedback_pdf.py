"""`reporting feedback --pdf`: every återkoppling also as PDF, made in one LibreOffice start."""

from __future__ import annotations

from click.testing import CliRunner
from pypdf import PdfReader

from reporting.cli import main
from reporting.demo.workspace import prepare_demo
from reporting.plan.periods import Period


def test_feedback_pdf_for_every_division(tmp_path, soffice):
    prepare_demo(tmp_path, Period(2025, "T1"))
    result = CliRunner().invoke(main, ["feedback", "-w", str(tmp_path), "-p", "2025-T1", "--pdf"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "outbox" / "återkoppling"
    workbooks = sorted(folder.glob("*.xlsx"))
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(workbooks) == 4 and [p.stem for p in pdfs] == [w.stem for w in workbooks]
    kirurgi = next(p for p in pdfs if "Kirurgi" in p.name)
    text = "\n".join(page.extract_text() for page in PdfReader(str(kirurgi)).pages)
    assert "Division Kirurgi" in text and "Utfall saknas för nyckeltal N01." in text
