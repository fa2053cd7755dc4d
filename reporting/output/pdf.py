"""PDFs of the outbox's workbooks for the meeting papers, made after every other output of a run.

The PDF an earlier run left beside a workbook is removed before LibreOffice starts: a conversion that
fails or is killed then leaves this run's workbook and Word draft without a PDF, never beside an
earlier run's PDF with other numbers. The error says what could not be made, what is written and
what to try; LibreOffice's own words only when they say something.

A PDF may print only some of its workbook's sheets (the report's for the nämnd, without the office's own):
LibreOffice then converts a copy of the workbook without the others, made under the workbook's name in a
temporary folder (never in outbox/). The sheets are taken out of the copy, not hidden in it: LibreOffice prints
a hidden sheet that has a print area (Källor has one). What pointed at a sheet taken out goes with it (its print
titles, filter and print area; a link to it, whose cell keeps its text), so the PDF shows no broken link; the
report writes no formulas and its charts draw on their own sheet, so nothing in the copy turns into #REF!.
"""

from __future__ import annotations

import html
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reporting.errors import DISK_FULL, ReportingError
from reporting.output.libreoffice import ConversionFailed, convert_many, named
from reporting.text import and_joined


class PdfNotMade(ReportingError):
    """LibreOffice made no PDF of some workbooks; the outputs written before stay, without an old PDF.

    ``partial`` is the run that wrote them (``workflow.RunResult``), set where the run asked for the PDFs.
    """

    partial: Any = None


def remove_earlier_pdfs(workbooks: Sequence[Path]) -> None:
    """An earlier run's PDF beside a workbook just written would show other numbers than the workbook."""
    for workbook in workbooks:
        workbook.with_suffix(".pdf").unlink(missing_ok=True)


def written_note(outputs: Sequence[str], folder: Path) -> str:
    """ "Arbetsboken och Word-utkastet är skrivna i FOLDER": what a run wrote before its PDFs."""
    names = and_joined(list(outputs))
    return f"{names[:1].upper()}{names[1:]} är {'skriven' if len(outputs) == 1 else 'skrivna'} i {folder}"


Pick = Callable[[Sequence[str]], Sequence[str]]  # a workbook's sheet names, in order -> the ones its PDF prints


def make_pdfs(workbooks: Sequence[Path], written: str, sheets: Pick | None = None) -> list[Path]:
    """Each workbook's PDF beside it, in one LibreOffice start; PdfNotMade naming ``written`` (``written_note``).

    With ``sheets`` each PDF prints only the sheets it picks, in the workbook's order (see the module's docstring);
    the workbooks keep every sheet.
    """
    remove_earlier_pdfs(workbooks)
    if not workbooks:
        return []
    with _sources(workbooks, sheets, written) as sources:
        try:
            convert_many(sources, "pdf", workbooks[0].parent)
        except ConversionFailed as exc:
            quoted = f" LibreOffice skrev: ”{exc.detail}”." if exc.detail else ""
            raise _not_made(workbooks, exc.failed, f"{exc.reason}.{quoted}", written) from exc
    return [workbook.with_suffix(".pdf") for workbook in workbooks]  # named as the workbooks are, never absolute


def _not_made(workbooks: Sequence[Path], failed: Sequence[str], why: str, written: str) -> PdfNotMade:
    books = "arbetsboken" if len(workbooks) == 1 else "arbetsböckerna"
    return PdfNotMade(
        f"ingen PDF kunde göras av {named(failed)}: {why} {written}, och ingen PDF från "
        f"en tidigare körning ligger kvar bredvid. Kör igen med --pdf; lyckas det inte, kontrollera att "
        f"LibreOffice startar (soffice --headless --version) och att datorn har ledigt minne och diskutrymme, "
        f"eller spara {books} som PDF från Excel."
    )


@contextmanager
def _sources(workbooks: Sequence[Path], sheets: Pick | None, written: str) -> Iterator[Sequence[Path]]:
    """The files LibreOffice converts: the workbooks, or with ``sheets`` their copies with only the picked sheets."""
    if sheets is None:
        yield workbooks
        return
    with tempfile.TemporaryDirectory(prefix="reporting-pdf-") as folder:
        copies = []
        for workbook in workbooks:
            try:
                copies.append(copy_with_sheets(workbook, sheets, Path(folder)))
            except OSError as exc:
                full = ": disken är full" if exc.errno in DISK_FULL else ""
                reason = f"en tillfällig kopia för PDF:en kunde inte skrivas i {tempfile.gettempdir()}{full}."
                raise _not_made(workbooks, [workbook.name], reason, written) from exc
        yield copies


_SHEET = re.compile(r"<sheet\b[^>]*/>")
_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')
_DEFINED_NAME = re.compile(r"<definedName\b([^>]*)>(.*?)</definedName>", re.DOTALL)
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*>")
_OVERRIDE = re.compile(r"<Override\b[^>]*>")
_LINK = re.compile(rb"<hyperlink\b[^>]*/>")
_TAB = re.compile(r'\b(activeTab|firstSheet)="(\d+)"')
_RELS, _TYPES = "xl/_rels/workbook.xml.rels", "[Content_Types].xml"


def copy_with_sheets(workbook: Path, pick: Pick, folder: Path) -> Path:
    """``workbook`` as ``folder``/its name with only the sheets ``pick`` picks; ``workbook`` itself when it keeps all.

    For an xlsx as XlsxWriter writes it: every part is copied as it is but the workbook's sheet list, its defined
    names, relationships and content types, and a kept sheet's links to a sheet left out (the cell keeps its text).
    """
    with zipfile.ZipFile(workbook) as source:
        book = source.read("xl/workbook.xml").decode("utf-8")
        rels, types = source.read(_RELS).decode("utf-8"), source.read(_TYPES).decode("utf-8")
        sheets = [(tag, dict(_ATTRIBUTE.findall(tag))) for tag in _SHEET.findall(book)]
        names = [html.unescape(attributes["name"]) for _, attributes in sheets]
        picked = set(pick(names))
        if not picked:
            raise ValueError(f"no sheet of {workbook.name} to print")
        if picked >= set(names):
            return workbook
        kept, gone = [n for n in names if n in picked], [n for n in names if n not in picked]
        targets = _targets(rels)
        gone_ids = {attributes["r:id"] for _, attributes in sheets if html.unescape(attributes["name"]) in gone}
        kept_parts = {targets[attributes["r:id"]] for _, attributes in sheets if attributes["r:id"] not in gone_ids}
        gone_parts = {targets[rid] for rid in gone_ids}
        gone_parts |= {
            posixpath.join(posixpath.dirname(p), "_rels", posixpath.basename(p) + ".rels") for p in gone_parts
        }
        for tag, attributes in sheets:
            if attributes["r:id"] in gone_ids:
                book = book.replace(tag, "", 1)
        book = _defined_names(book, names, kept, gone)
        book = _TAB.sub(lambda m: f'{m[1]}="{_new_index(int(m[2]), names, kept)}"', book)
        edited = {
            "xl/workbook.xml": book.encode("utf-8"),
            _RELS: _without(_RELATIONSHIP, "Id", gone_ids, rels),
            _TYPES: _without(_OVERRIDE, "PartName", {"/" + p for p in gone_parts}, types),
        }
        target = folder / workbook.name
        with zipfile.ZipFile(target, "w") as copy:
            for member in source.infolist():
                if member.filename in gone_parts:
                    continue
                data = edited.get(member.filename) or source.read(member)
                copy.writestr(member, _unlinked(data, gone) if member.filename in kept_parts else data)
    return target


def _targets(rels: str) -> dict[str, str]:
    """The workbook's relationship ids and the parts they point at ("rId3" -> "xl/worksheets/sheet3.xml")."""
    out = {}
    for tag in _RELATIONSHIP.findall(rels):
        attributes = dict(_ATTRIBUTE.findall(tag))
        target = html.unescape(attributes.get("Target", ""))
        out[attributes.get("Id", "")] = target[1:] if target.startswith("/") else posixpath.normpath("xl/" + target)
    return out


def _without(pattern: re.Pattern[str], attribute: str, values: set[str], xml: str) -> bytes:
    """``xml`` without the elements of ``pattern`` whose ``attribute`` is one of ``values``."""
    return pattern.sub(lambda m: "" if dict(_ATTRIBUTE.findall(m[0])).get(attribute) in values else m[0], xml).encode()


def _new_index(index: int, names: Sequence[str], kept: Sequence[str]) -> int:
    """A sheet's index among the kept sheets; 0 (the first) for one left out."""
    return kept.index(names[index]) if index < len(names) and names[index] in kept else 0


def _refers_to(text: str, sheets: Sequence[str]) -> bool:
    """Whether a reference (a defined name's, a link's place) names one of ``sheets``: "Källor!$A$1", "'A b'!A1"."""
    text = html.unescape(text)
    quoted = ["'{}'!".format(name.replace("'", "''")) for name in sheets]
    return any(q in text for q in quoted) or any(re.search(rf"(?<![\w.']){re.escape(n)}!", text) for n in sheets)


def _defined_names(book: str, names: Sequence[str], kept: Sequence[str], gone: Sequence[str]) -> str:
    """The workbook's defined names without those of or pointing at a sheet left out; the others' sheet renumbered."""

    def edit(found: re.Match[str]) -> str:
        attributes = dict(_ATTRIBUTE.findall(found[1]))
        local = attributes.get("localSheetId")
        if (local is not None and names[int(local)] in gone) or _refers_to(found[2], gone):
            return ""
        if local is None:
            return found[0]
        return found[0].replace(f'localSheetId="{local}"', f'localSheetId="{kept.index(names[int(local)])}"', 1)

    return _DEFINED_NAME.sub(edit, book).replace("<definedNames></definedNames>", "")


def _unlinked(sheet: bytes, gone: Sequence[str]) -> bytes:
    """A sheet's XML without its links to a place in a sheet left out (a link to another file keeps its place)."""
    if b"<hyperlink " not in sheet:
        return sheet

    def edit(found: re.Match[bytes]) -> bytes:
        attributes = dict(_ATTRIBUTE.findall(found[0].decode("utf-8")))
        internal = "r:id" not in attributes and "location" in attributes
        return b"" if internal and _refers_to(attributes["location"], gone) else found[0]

    return _LINK.sub(edit, sheet).replace(b"<hyperlinks></hyperlinks>", b"")
