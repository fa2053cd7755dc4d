"""PDFs of the outbox's workbooks for the meeting papers, made after every other output of a run.

The PDF an earlier run left beside a workbook is removed before LibreOffice starts: a conversion that
fails or is killed then leaves this run's workbook and Word draft without a PDF, never beside an
earlier run's PDF with other numbers. The error says what could not be made, what is written and
what to try; LibreOffice's own words only when they say something.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reporting.errors import ReportingError
from reporting.output.libreoffice import ConversionFailed, convert_many, named
from reporting.text import and_joined


class PdfNotMade(ReportingError):
    """LibreOffice made no PDF of some workbooks; the outputs written before stay, without an old PDF."""


def remove_earlier_pdfs(workbooks: Sequence[Path]) -> None:
    """An earlier run's PDF beside a workbook just written would show other numbers than the workbook."""
    for workbook in workbooks:
        workbook.with_suffix(".pdf").unlink(missing_ok=True)


def written_note(outputs: Sequence[str], folder: Path) -> str:
    """ "Arbetsboken och Word-utkastet är skrivna i FOLDER": what a run wrote before its PDFs."""
    names = and_joined(list(outputs))
    return f"{names[:1].upper()}{names[1:]} är {'skriven' if len(outputs) == 1 else 'skrivna'} i {folder}"


def make_pdfs(workbooks: Sequence[Path], written: str) -> list[Path]:
    """Each workbook's PDF beside it, in one LibreOffice start; PdfNotMade naming ``written`` (``written_note``)."""
    remove_earlier_pdfs(workbooks)
    if not workbooks:
        return []
    try:
        convert_many(workbooks, "pdf", workbooks[0].parent)
        return [workbook.with_suffix(".pdf") for workbook in workbooks]  # named as the workbooks are, never absolute
    except ConversionFailed as exc:
        quoted = f" LibreOffice skrev: ”{exc.detail}”." if exc.detail else ""
        books = "arbetsboken" if len(workbooks) == 1 else "arbetsböckerna"
        raise PdfNotMade(
            f"ingen PDF kunde göras av {named(exc.failed)}: {exc.reason}.{quoted} {written}, och ingen PDF från "
            f"en tidigare körning ligger kvar bredvid. Kör igen med --pdf; lyckas det inte, kontrollera att "
            f"LibreOffice startar (soffice --headless --version) och att datorn har ledigt minne och diskutrymme, "
            f"eller spara {books} som PDF från Excel."
        ) from exc
