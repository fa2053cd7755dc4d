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

from docx.enum.section import WD_HEADER_FOOTER, WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm

from reporting.output.word_table import style_id

CONTENT_TYPES = "[Content_Types].xml"
SECTION = qn("w:sectPr")
HEADER_FOOTER = (("header", RT.HEADER), ("footer", RT.FOOTER))
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

    The body's last section properties stay: the page setup and the header and footer the draft has,
    those it shows "Same as previous" (linked to an earlier section) included. Earlier sections of
    the template end in paragraphs of its body and go with them.
    """
    body = doc.element.body
    last = body.get_or_add_sectPr()
    inherit_headers_and_footers(doc.element.sectPr_lst)
    for child in list(body):
        if child.tag != SECTION:
            body.remove(child)
    drop_unused_headers_and_footers(doc.part, last)


def inherit_headers_and_footers(sections: list[Any]) -> None:
    """The last section gets each header and footer (default, first page, even pages) it shows from an earlier one.

    Word's "Same as previous" is a section without its own reference of that kind: it shows the
    nearest earlier section's. A cover section with the logo and a linked body section is common;
    once the cover is gone only a reference in the last section keeps the logo.
    """
    last = sections[-1]
    for kind, _ in HEADER_FOOTER:
        for type_ in WD_HEADER_FOOTER:
            shown = _shown(sections, kind, type_)
            if shown is not None and shown.getparent() is not last:
                getattr(last, f"add_{kind}Reference")(type_, shown.rId)


def _shown(sections: list[Any], kind: str, type_: WD_HEADER_FOOTER) -> Any:
    """The w:headerReference or w:footerReference of ``type_`` the last section shows: its own or the nearest
    earlier section's; None when no section has one."""
    for section in reversed(sections):
        reference = getattr(section, f"get_{kind}Reference")(type_)
        if reference is not None:
            return reference
    return None


def drop_unused_headers_and_footers(part: Any, section: Any) -> None:
    """Headers and footers no longer referenced (the removed sections' own) left out of the draft, their images with them."""
    used = set(section.xpath("./w:headerReference/@r:id | ./w:footerReference/@r:id"))
    kinds = {reltype for _, reltype in HEADER_FOOTER}
    for rId, rel in list(part.rels.items()):
        if rel.reltype in kinds and rId not in used:
            del part.rels[rId]


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
