"""The office's own Word template for the draft: a .docx, or a .dotx opened as the document it starts."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

from docx.enum.style import WD_STYLE_TYPE

from reporting.output.word_table import style_id

CONTENT_TYPES = "[Content_Types].xml"
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
