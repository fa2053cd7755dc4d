"""The Word draft as a document: its language, properties and page numbers, whatever the template.

The draft is published with the nämnd's papers, so a screen reader must read it as Swedish (the
document's default language, not only the Normal style's), its properties must not say who made the
tool's template years ago, and its pages are numbered ("Sida 3 av 27") unless the office's own template
brings its own footer.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from reporting.output.word_template import landscape

LANGUAGE = "sv-SE"
APP_PART = "/docProps/app.xml"


def base_style(doc: Any, own: bool) -> None:
    """Swedish everywhere, a landscape page; the default template's text in 10 pt.

    An office's ``own`` template keeps its font sizes (its styles are the house style).
    """
    doc.core_properties.language = LANGUAGE
    # no w:updateFields: the table of contents is filled in (word_contents), Word need not ask to update it
    set_child(doc.settings.element, "w:themeFontLang", LANGUAGE)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:  # the document's default language: what a PDF made from the draft says it is in
        run_defaults = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
        set_child(run_defaults, "w:lang", LANGUAGE)
    normal = doc.styles["Normal"]
    if not own:
        normal.font.size = Pt(10)
    set_child(normal.element.get_or_add_rPr(), "w:lang", LANGUAGE)
    landscape(doc.sections[-1], own)


def properties(doc: Any, title: str, subject: str) -> None:
    """Title and subject; made now, by no one named (not the tool's template's 2013 author and comment)."""
    now = datetime.now(UTC).replace(microsecond=0)
    core = doc.core_properties
    core.title, core.subject = title, subject
    core.author, core.last_modified_by, core.comments, core.keywords = "", "", "", ""
    core.created = core.modified = now
    core.revision = 1
    for part in doc.part.package.iter_parts():
        if str(part.partname) == APP_PART and hasattr(part, "_blob"):  # "Microsoft Macintosh Word" in the template
            part._blob = re.sub(
                rb"<Application>[^<]*</Application>", b"<Application>reporting</Application>", part.blob
            )


def page_numbers(doc: Any) -> None:
    """ "Sida 3 av 27" centred in the footer of every section."""
    for section in doc.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        line = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.add_run("Sida ")
        _field(line.add_run(), "PAGE")
        line.add_run(" av ")
        _field(line.add_run(), "NUMPAGES")


def end_mark(doc: Any) -> None:
    """A last paragraph that takes no room, after a table that ends the body.

    Word ends a document with a paragraph: it adds an empty one after a last table, in Normal's
    size and spacing, and where that table ends at the foot of a page the paragraph makes a page of its
    own, blank but for the footer (in Word's PDF, and in LibreOffice's once Word has saved the draft).
    The draft's own end paragraph is 1 pt high with no spacing: it fits under any table.
    """
    body = doc.element.body
    blocks = [child for child in body if child.tag != qn("w:sectPr")]
    if not blocks or blocks[-1].tag != qn("w:tbl"):
        return
    mark = OxmlElement("w:p")
    properties = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    for name, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "20"), ("w:lineRule", "exact")):
        spacing.set(qn(name), value)  # 20 twips: 1 pt
    properties.append(spacing)
    size = OxmlElement("w:rPr")  # the paragraph mark's own size
    set_child(size, "w:sz", "2")  # half-points: 1 pt
    properties.append(size)
    mark.append(properties)
    blocks[-1].addnext(mark)


def _field(run: Any, code: str) -> None:
    """A field Word and LibreOffice fill in (PAGE, NUMPAGES), with "1" shown until they do."""
    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text and text.strip() == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _child(parent: Any, tag: str) -> Any:
    """``parent``'s child ``tag``, added when it has none."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.append(child)
    return child


def set_child(parent: Any, tag: str, value: str) -> None:
    """``parent``'s child ``tag`` (added last when the template has none, never twice) with w:val ``value``."""
    _child(parent, tag).set(qn("w:val"), value)
