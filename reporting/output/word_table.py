"""The Word draft's tables and text runs, built on python-docx's XML where its API is slow.

python-docx re-walks the XML on most calls: ``Table.add_row`` sets each new cell's width
through its element API, a style given by name is found by walking every style of the
document, and the ``.text`` setters go a character at a time. A draft has hundreds of
rows, so the rows are copied from the blank header row (the XML ``add_row`` makes), styles
are looked up once per document, and text is appended as lxml elements.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from copy import copy
from decimal import Decimal
from math import floor
from typing import Any
from weakref import WeakKeyDictionary

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml.etree import SubElement

from reporting.consolidate.labels import NOT_SUBMITTED
from reporting.plan.targets import Status
from reporting.swedish import format_number
from reporting.text import plural
from reporting.xlsx.write import STATUS_COLOURS

BREAK, TEXT, PRESERVE = qn("w:br"), qn("w:t"), qn("xml:space")
CELL, PARAGRAPH, RUN = qn("w:tc"), qn("w:p"), qn("w:r")
_STYLE, _TYPE, _STYLE_ID, _NAME, _VAL = qn("w:style"), qn("w:type"), qn("w:styleId"), qn("w:name"), qn("w:val")
WORD_LINES_MAX = 60  # lines of one cell or paragraph in the draft (a division's units' comments, one a line)
HEADING_MAX = 9  # Word's deepest built-in heading
EMU_PER_CM = 360000  # python-docx's lengths are EMU
_TEXT_WIDTHS: WeakKeyDictionary[Any, float] = WeakKeyDictionary()  # document part -> its page's text width (cm)
_STYLES: WeakKeyDictionary[Any, dict[str, str | None]] = WeakKeyDictionary()  # document part -> name -> id


def style_id(doc: Any, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
    """The id python-docx sets for style ``name`` (None for the default style), found once per document.

    python-docx finds a style by walking every style of the document and then looks up the
    default style, on every paragraph and table given a style.
    """
    found = _STYLES.setdefault(doc.part, {})
    if name not in found:
        try:
            found[name] = doc.part.get_style_id(name, kind)
        except KeyError:  # a template saved by LibreOffice names the built-in styles as shown: "Heading 1"
            found[name] = _shown_style_id(doc, name, kind)
    return found[name]


def _shown_style_id(doc: Any, name: str, kind: WD_STYLE_TYPE) -> str:
    """The id of the style of ``kind`` whose name is ``name`` in any case; KeyError as python-docx's if none.

    Read from the styles' XML: python-docx's ``doc.styles`` wraps each of a document's hundred-odd styles in an
    object to read its type and name (its UI names differ from the stored ones only in case: "Heading 1").
    """
    wanted, lowered = kind.xml_value, name.lower()
    for style in doc.styles.element.iterchildren(_STYLE):  # a style without w:type is a paragraph style
        if (style.get(_TYPE) or "paragraph") == wanted and _name(style).lower() == lowered:
            return str(style.get(_STYLE_ID))
    raise KeyError(f"no style with name '{name}'")


def _name(style: Any) -> str:
    found = style.find(_NAME)
    return (found.get(_VAL) or "") if found is not None else ""


def share_style_ids(doc: Any, ids: dict[str, str | None]) -> None:
    """Let ``doc`` find its style ids in ``ids`` (and add those it looks up): for copies of one template,
    whose styles are the same, so each style is found once per process instead of once per document."""
    _STYLES[doc.part] = ids


def paragraph(doc: Any, text: str, name: str) -> Any:
    """``doc.add_paragraph(text, style=name)``, with the style's id from ``style_id``."""
    added = doc.add_paragraph(text)
    added._p.style = style_id(doc, name)  # what python-docx's Paragraph.style setter does with the id
    return added


def heading(doc: Any, text: str, level: int) -> Any:
    """A paragraph in Word's built-in "Heading ``level``" (at most 9): in the navigation pane and the table of
    contents. A level an office's template lacks (Word saves a built-in style only once used) is added to it,
    based on Heading 2 (which the draft requires) with the level's outline level."""
    name = f"Heading {min(level, HEADING_MAX)}"
    try:
        style_id(doc, name)
    except KeyError:
        _STYLES[doc.part][name] = _added_heading(doc, name, min(level, HEADING_MAX))
    return paragraph(doc, text, name)


def _added_heading(doc: Any, name: str, level: int) -> str:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.basedOn_val = style_id(doc, "Heading 2")
    style.element.next_val = style_id(doc, "Normal")
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level - 1))  # Word's outline levels count from 0
    style.element.get_or_add_pPr().append(outline)
    style.element.qFormat_val = True
    return str(style.style_id)


def table(
    doc: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    status_col: int | None = None,
    empty: str = "",
    bold_rows: Collection[int] = (),
    looks: Sequence[str] = (),
) -> None:
    """A data table: header row repeated on every page, ``widths`` in cm (landscape A4 holds ~25 cm).

    The column widths are set on the table's grid and the header row's cells; the header row, still blank, is then
    the row ``add_row`` would add (a cell of its column's width holding one paragraph), and every row is a copy of it.
    Without rows, ``empty`` (a sentence: nothing to follow up) stands in a header-only table's place;
    the rows numbered in ``bold_rows`` (from 0, below the header) are sums, in bold as the workbook's.
    ``looks``, one per row, is the key figures' status whose colour a ``status_col`` cell that is no key figure's
    status takes (an uppdrag's "→ Pågår enligt plan": Följs); without it the cell's own status word decides.
    """
    if not rows and empty:
        doc.add_paragraph(empty)
        return
    widths = _fitted(doc, widths)
    grid = doc.add_table(rows=1, cols=len(headers))
    grid._tbl.tblStyle_val = style_id(doc, "Table Grid", WD_STYLE_TYPE.TABLE)  # as Table.style sets it
    grid.autofit = False
    for column, width in zip(grid.columns, widths):
        column.width = Cm(width)
    for cell, width in zip(grid.rows[0].cells, widths):
        cell.width = Cm(width)
    blank = copy(grid.rows[0]._tr)  # the row add_row would add: a cell of its column's width, holding one paragraph
    for cell, header in zip(grid.rows[0].cells, headers):
        _bold(append_text(cell._tc.find(PARAGRAPH), header))
    _repeat_header(grid.rows[0])
    for n, values in enumerate(rows):
        tr = copy(blank)  # an lxml element's copy is of its whole subtree (deepcopy's memo is not needed)
        grid._tbl.append(tr)  # a table's rows are its last children: where add_row puts them
        cells = zip(tr.iterchildren(CELL), tr.iter(PARAGRAPH), values)  # a blank row's cell holds one paragraph
        for col, (tc, p, value) in enumerate(cells):
            run = append_text(p, text(value))
            if n in bold_rows:
                _bold(run)
            if col == status_col:
                _shade(tc, looks[n] if looks else _status_word(str(value)))


def without_columns(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float], dropped: Collection[int], wider: int
) -> tuple[list[str], list[list[Any]], list[float]]:
    """``table``'s headers, rows and widths without the columns numbered in ``dropped`` (from 0), their width
    given to column ``wider`` (a text column), so the table keeps its width: the årsrapport's columns that are
    by construction another's (its periodised budget is the budget helår) are shown once."""
    kept = [n for n in range(len(headers)) if n not in dropped]
    freed = sum(widths[n] for n in dropped)
    return (
        [headers[n] for n in kept],
        [[row[n] for n in kept] for row in rows],
        [widths[n] + (freed if n == wider else 0) for n in kept],
    )


def _bold(run: Any) -> None:
    """A run (or None for no text) in bold, as python-docx's ``run.bold = True`` writes it."""
    if run is not None:
        bold = OxmlElement("w:rPr")
        SubElement(bold, qn("w:b"))
        run.insert(0, bold)


def _fitted(doc: Any, widths: Sequence[float]) -> Sequence[float]:
    """``widths`` (cm) scaled down to the page's text width when wider: an office's template with wide margins."""
    if doc.part not in _TEXT_WIDTHS:
        section = doc.sections[-1]
        page, left, right = section.page_width, section.left_margin or 0, section.right_margin or 0
        _TEXT_WIDTHS[doc.part] = (page - left - right) / EMU_PER_CM if page else float("inf")
    scale = _TEXT_WIDTHS[doc.part] / sum(widths)
    return [floor(width * scale * 100) / 100 for width in widths] if scale < 1 else widths  # down: Word's twips


def append_text(paragraph: Any, text: str) -> Any:
    """``text`` as one run of ``paragraph`` (an ``w:p``), line breaks as Word's own breaks.

    python-docx's ``.text`` setters walk the text a character at a time, which a cell holding
    the analyses of hundreds of units makes the slowest part of the draft. Returns the run (None for no text).
    """
    if not text:
        return None
    run = SubElement(paragraph, RUN)  # where python-docx's add_r puts it (a run is a paragraph's last child)
    lines = text.replace("\t", " ").split("\n")
    if len(lines) > WORD_LINES_MAX:  # thousands of units' comments: the draft keeps the first, the workbook all
        rest = len(lines) - WORD_LINES_MAX
        lines = [
            *lines[:WORD_LINES_MAX],
            f"… och {plural(rest, 'rad', 'rader')} till; hela texten finns i rapportens arbetsbok.",
        ]
    for n, line in enumerate(lines):
        if n:
            SubElement(run, BREAK)
        if line:
            element = SubElement(run, TEXT)  # lxml directly: python-docx's add_t costs 10 µs an element
            element.text = line
            if line != line.strip():
                element.set(PRESERVE, "preserve")
    return run


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _status_word(label: str) -> str:
    """The status word of a cell's label ("◐ Delvis uppfyllt (Ja 60, …; 99 enheter)": Delvis uppfyllt)."""
    base = label.split(" (", 1)[0]  # a division from its units: "◐ Delvis uppfyllt (Ja 60, …; 99 enheter)"
    return next((s.value for s in Status if label.endswith(s.value) or base.endswith(s.value)), label)


def _shade(tc: Any, word: str) -> None:
    """The status colour behind its word and symbol (the word carries the meaning)."""
    fill = STATUS_COLOURS.get(word, STATUS_COLOURS.get(NOT_SUBMITTED, ("#FFFFFF", "#000000")))[0]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill.lstrip("#"))
    tc.get_or_add_tcPr().append(shading)


def text(value: Any) -> str:
    """A cell's text: amounts grouped the Swedish way, up to two decimals as the value has them."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(Decimal(value), 0)  # "19 147" tkr, grouped like every other amount
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return format_number(value, min(max(-exponent, 0), 2) if isinstance(exponent, int) else 1)
    return str(value)
