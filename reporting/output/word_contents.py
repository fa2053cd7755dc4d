"""The Word draft's table of contents: a TOC field whose result is already filled in with the headings.

A TOC field with no result shows nothing until Word updates it (and asks to, on opening), and a PDF
made by LibreOffice shows it empty. So the draft writes the field's result as Word does: an entry per
heading in Word's "toc 1"–"toc 9" styles, linked to a _Toc bookmark around the heading, in the content
control Word keeps its tables of contents in. The entries have no page numbers: only a layout knows
them (LibreOffice keeps a TOC field's result as written, PAGEREF fields in it too, so they would print
empty). The field's instruction is kept: Word's Uppdatera fält adds the page numbers (the styles'
right tab with dot leaders), and the PDF's entries link to the headings.
"""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.styles.style import StyleFactory
from lxml.etree import SubElement

from reporting.output.word_table import HEADING_MAX, style_id

CONTENTS = "Innehåll"
TOC_INDENT = Cm(0.5)  # each level's entries indented this much more than the level above


def contents_field(doc: Any, levels: int) -> Any:
    """The TOC field of the headings down to ``levels``, in a paragraph of its own (filled in by ``fill_contents``)."""
    p = doc.add_paragraph()._p
    run = SubElement(p, qn("w:r"))
    _field_start(run, f'TOC \\o "1-{levels}" \\h \\z \\u')
    SubElement(run, qn("w:fldChar")).set(qn("w:fldCharType"), "end")
    return p


def fill_contents(doc: Any, field: Any, levels: int) -> None:
    """``field``'s paragraph replaced by the field's result: an entry per heading of level 1 to ``levels``, each a
    link to a bookmark around its heading (the field's begin before the first entry, its end after the last)."""
    headings = _headings(doc, levels)
    if not headings:
        return
    based_on: list[Any] = []
    styles = [_toc_style(doc, level, based_on) for level in range(1, levels + 1)]
    entries = []
    for n, (p, level) in enumerate(headings, start=1):
        name = f"_Toc{n:09d}"
        _bookmark(p, name, n)
        entry = OxmlElement("w:p")
        properties = SubElement(entry, qn("w:pPr"))
        SubElement(properties, qn("w:pStyle")).set(qn("w:val"), styles[level - 1])
        if n == 1:
            _field_start(SubElement(entry, qn("w:r")), field.xpath("string(.//w:instrText)"))
        link = SubElement(entry, qn("w:hyperlink"))
        link.set(qn("w:anchor"), name)
        link.set(qn("w:history"), "1")
        _text(SubElement(link, qn("w:r")), "".join(p.xpath(".//w:t/text()")))
        entries.append(entry)
    SubElement(SubElement(entries[-1], qn("w:r")), qn("w:fldChar")).set(qn("w:fldCharType"), "end")
    block = _contents_block()
    block.find(qn("w:sdtContent")).extend(entries)
    field.addprevious(block)
    field.getparent().remove(field)


def _contents_block() -> Any:
    """The content control Word keeps a table of contents in (a document part of the gallery "Table of Contents"):
    Word's Uppdatera innehållsförteckning finds the field there, as in a table of contents it wrote itself."""
    block = OxmlElement("w:sdt")
    part = SubElement(SubElement(block, qn("w:sdtPr")), qn("w:docPartObj"))
    SubElement(part, qn("w:docPartGallery")).set(qn("w:val"), "Table of Contents")
    SubElement(part, qn("w:docPartUnique"))
    SubElement(block, qn("w:sdtContent"))
    return block


def _headings(doc: Any, levels: int) -> list[tuple[Any, int]]:
    """The body's heading paragraphs of level 1 to ``levels`` (by their style's id), with their level."""
    ids: dict[str, int] = {}
    for level in range(1, min(levels, HEADING_MAX) + 1):
        try:
            ids[str(style_id(doc, f"Heading {level}"))] = level
        except KeyError:  # an office template without a level the draft does not use
            continue
    out = []
    for p in doc.element.body.iterchildren(qn("w:p")):
        found = ids.get(p.xpath("string(./w:pPr/w:pStyle/@w:val)"))
        if found is not None and p.xpath(".//w:t"):
            out.append((p, found))
    return out


def _field_start(run: Any, instruction: str) -> None:
    """A field's begin, instruction and separator in ``run`` (its result and end follow)."""
    SubElement(run, qn("w:fldChar")).set(qn("w:fldCharType"), "begin")
    code = SubElement(run, qn("w:instrText"))
    code.set(qn("xml:space"), "preserve")
    code.text = instruction
    SubElement(run, qn("w:fldChar")).set(qn("w:fldCharType"), "separate")


def _text(run: Any, text: str) -> None:
    element = SubElement(run, qn("w:t"))
    element.text = text
    element.set(qn("xml:space"), "preserve")


def _bookmark(p: Any, name: str, number: int) -> None:
    """A bookmark ``name`` around the heading paragraph ``p``'s text: the entry's link and PAGEREF point at it."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    properties = p.find(qn("w:pPr"))
    if properties is not None:
        properties.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def _toc_style(doc: Any, level: int, based_on: list[Any]) -> str:
    """The id of Word's built-in "toc ``level``" style, added (indented, page numbers right with dot leaders)
    when the document has none: python-docx's template has none until Word updates a table of contents.

    The style is added as python-docx's ``doc.styles.add_style`` adds it, without its walk of every style for one
    of the name (the lookups above found none); the default paragraph style it is based on is looked up (by
    another walk) once per document, in ``based_on``."""
    name = f"toc {level}"
    try:
        return str(style_id(doc, name))
    except KeyError:
        pass
    if not based_on:
        based_on.append(doc.styles.default(WD_STYLE_TYPE.PARAGRAPH))
    style: Any = StyleFactory(doc.styles.element.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH, False))
    style.base_style = based_on[0]
    style.element.next_val = style_id(doc, "Normal")
    style.element.uiPriority_val = 39
    style.paragraph_format.left_indent = TOC_INDENT * (level - 1)
    style.paragraph_format.space_after = 0
    section = doc.sections[-1]
    width = section.page_width - (section.left_margin or 0) - (section.right_margin or 0)
    style.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    return str(style.style_id)
