"""The office's own Word template for the draft: a .docx, or a .dotx opened as the document it starts.

The template gives the draft its styles, paper, margins, header and footer (a logo there); its body
text ("Skriv här…", a sample page) is not kept: the draft is the body. The draft's tables need a
landscape page, so a portrait template is turned (its paper and margins kept).
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm

from reporting.output.word_table import style_id

CONTENT_TYPES = "[Content_Types].xml"
SECTION = qn("w:sectPr")
A4_LANDSCAPE = (Cm(29.7), Cm(21.0))  # the default draft's paper: python-docx's own template is US Letter
DEFAULT_MARGIN = Cm(2)  # 25,7 cm of text across: the draft's widest tables are 25 cm
TEMPLATE_TYPE = b"wordprocessingml.template.main+xml"  # a .dotx's main part
DOCUMENT_TYPE = b"wordprocessingml.document.main+xml"  # the only main part python-docx opens
DRAFT_STYLES = {  # the styles the draft uses, with the names Swedish Word shows
    ("Title", WD_STYLE_TYPE.PARAGRAPH): "Rubrik",
    ("Heading 1", WD_STYLE_TYPE.PARAGRAPH): "Rubrik 1",
    ("Heading 2", WD_STYLE_TYPE.PARAGRAPH): "Rubrik 2",
    ("List Bullet", WD_STYLE_TYPE.PARAGRAPH): "Punktlista",
    ("Table Grid", WD_STYLE_TYPE.TABLE): "Tabellrutnät",
}


def as_document(template: str | Path) -> BytesIO:
    """The template's bytes, a .dotx's main part typed as a document's (as Word does for a new document).

    python-docx refuses a .dotx ("is not a Word file"); nothing else in a template differs
    from a document. Raises zipfile.BadZipFile for a file that is no package at all.
    """
    data = Path(template).read_bytes()
    with zipfile.ZipFile(BytesIO(data)) as source:
        types = source.read(CONTENT_TYPES)
        if TEMPLATE_TYPE not in types:
            return BytesIO(data)
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                body = source.read(item.filename)
                if item.filename == CONTENT_TYPES:
                    body = types.replace(TEMPLATE_TYPE, DOCUMENT_TYPE)
                target.writestr(item, body)
    out.seek(0)
    return out


def missing_styles(doc: Any) -> list[str]:
    """The draft's styles ``doc`` lacks, as "Heading 2 (Rubrik 2)"; a Word template defines a built-in
    style only once it has been used in it."""
    missing = []
    for (name, kind), shown in DRAFT_STYLES.items():
        try:
            style_id(doc, name, kind)
        except KeyError:
            missing.append(f"{name} ({shown})")
    return missing


def without_body(doc: Any) -> None:
    """The template's body removed (its "Skriv här…", sample text and tables): the draft is the body.

    The body's last section properties stay: the page setup and the header and footer the draft has.
    Earlier sections of the template end in paragraphs of its body and go with them.
    """
    body = doc.element.body
    for child in list(body):
        if child.tag != SECTION:
            body.remove(child)
    body.get_or_add_sectPr()


def landscape(section: Any, own: bool) -> None:
    """The draft's landscape page: A4 with 2 cm margins, or the office's ``own`` paper and margins, turned if portrait.

    python-docx's own template is US Letter with 3,2 cm margins: 21,6 cm of text across, too
    narrow for the draft's 25 cm tables and not the paper a Swedish office prints on.
    """
    section.orientation = WD_ORIENT.LANDSCAPE
    width, height = section.page_width, section.page_height
    if not own or width is None or height is None:
        section.page_width, section.page_height = A4_LANDSCAPE
        for side in ("left", "right", "top", "bottom"):
            setattr(section, f"{side}_margin", DEFAULT_MARGIN)
    elif width < height:
        section.page_width, section.page_height = height, width
