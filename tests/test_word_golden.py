"""The demo's Word draft against a stored reference of its paragraphs and table cells (text and styles).

A speed-up of the draft's writing must not change a word or a style of it. The reference is
tests/data/word_demo_draft.json; after an intended change of the draft, regenerate it with
``PYTHONPATH=$PWD python tests/test_word_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from reporting.consolidate.consolidation import consolidate
from reporting.demo.plan import demo_plan
from reporting.demo.submissions import write_demo_submissions
from reporting.intake.run import run_intake
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.workspace import Workspace

GOLDEN = Path(__file__).parent / "data" / "word_demo_draft.json"
T1 = Period(2025, "T1")


def _runs(paragraph: Any) -> list[list[Any]]:
    return [[run.text, run.bold] for run in paragraph.runs]


def _cell(cell: Any) -> dict[str, Any]:
    fill = cell._tc.xpath("./w:tcPr/w:shd/@w:fill")
    return {
        "runs": [_runs(p) for p in cell.paragraphs],
        "width": cell.width,
        "fill": fill[0] if fill else None,
    }


def dump_draft(path: Path) -> dict[str, Any]:
    """Paragraphs (style, runs' text and bold) and tables (style, grid, header rows, cells) in body order."""
    doc = docx.Document(str(path))
    blocks: list[Any] = []
    paragraphs, tables = iter(doc.paragraphs), iter(doc.tables)
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:p"):
            p = next(paragraphs)
            text = re.sub(r"Utkast \d{4}-\d\d-\d\d", "Utkast <datum>", p.text)  # the day it is written
            blocks.append({"style": p.style.name, "text": text, "bold": [r.bold for r in p.runs]})
        elif element.tag == qn("w:tbl"):
            t = next(tables)
            blocks.append(
                {
                    "style": t.style.name,
                    "autofit": t.autofit,
                    "grid": [c.width for c in t.columns],
                    "header": [bool(r._tr.xpath("./w:trPr/w:tblHeader")) for r in t.rows],
                    "rows": [[_cell(c) for c in r.cells] for r in t.rows],
                }
            )
    section = doc.sections[0]
    return {
        "blocks": blocks,
        "page": [section.orientation, section.page_width, section.page_height],
        "language": doc.core_properties.language,
        "normal": [doc.styles["Normal"].font.size, doc.styles["Normal"].element.xpath("./w:rPr/w:lang/@w:val")],
    }


def demo_draft(root: Path) -> Path:
    plan = demo_plan()
    ws = Workspace(root)
    write_demo_submissions(plan, T1, ws.inbox)
    return write_word(consolidate(plan, run_intake(ws, plan, T1)), ws.outbox)


def test_demo_draft_is_unchanged_in_text_and_styles(tmp_path):
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(dump_draft(demo_draft(tmp_path)), ensure_ascii=False))
    assert len(actual["blocks"]) == len(expected["blocks"])
    for n, (got, want) in enumerate(zip(actual["blocks"], expected["blocks"])):
        assert got == want, f"block {n}"
    assert actual == expected


if __name__ == "__main__":  # regenerate the reference (review the diff before committing it)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        dump = dump_draft(demo_draft(Path(folder)))
    lines = [json.dumps(block, ensure_ascii=False) for block in dump.pop("blocks")]  # a block a line: a readable diff
    rest = json.dumps(dump, ensure_ascii=False)[1:-1]
    GOLDEN.write_text('{"blocks": [\n' + ",\n".join(lines) + "\n], " + rest + "}\n", encoding="utf-8")
    sys.exit(0)
