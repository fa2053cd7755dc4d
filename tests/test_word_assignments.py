"""The Word draft's uppdrag: the workbook's status symbol and word (never colour alone), and their legend.

The secretary found the draft's uppdrag with a bare word and no symbol, unlike the workbook's
Uppdrag sheet ("→ Pågår enligt plan"), and without the colour the key figures' statuses have.
"""

from __future__ import annotations

from dataclasses import replace

import docx
import pytest

from reporting.output.word import write_word


@pytest.fixture(scope="module")
def draft(tmp_path_factory, demo_t1):
    result = demo_t1()[1]
    return result, docx.Document(str(write_word(result, tmp_path_factory.mktemp("word-uppdrag"))))


def _assignments(doc):
    return next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["Id", "Uppdrag"])


def test_each_uppdrag_shows_the_workbooks_symbol_and_word_on_its_colour(draft):
    result, doc = draft
    table = _assignments(doc)
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    symbols = {"Genomfört": "✔", "Pågår enligt plan": "→", "Pågår med avvikelse": "⚠", "Ej påbörjat": "○"}
    assert {a.status for a in result.assignments} == {*symbols, "Ej inkommen"} - {"Ej påbörjat"}  # HSD is not in
    labels = [f"{symbols[a.status]} {a.status}" if a.status in symbols else a.status for a in result.assignments]
    assert [row[3] for row in rows] == labels
    assert [row[3] for row in rows if row[2] == "Hälso- och sjukvårdsdirektör"][:1] == ["Ej inkommen"]
    u01 = ["U01", "Tillhandahåll en säker vård, där vårdskador förebyggs."]
    assert rows[:2] == [
        [*u01, "Division Medicin", "✔ Genomfört", "Arbetet följs upp i ledningsgruppen."],
        [*u01, "Division Kirurgi", "→ Pågår enligt plan", "Arbetet följs upp i ledningsgruppen."],
    ]
    fills = {row.cells[3].text: row.cells[3]._tc.xpath("./w:tcPr/w:shd/@w:fill")[0] for row in table.rows[1:]}
    # the key figures' colours: Genomfört as Uppfyllt, Pågår enligt plan as Följs, Pågår med avvikelse as Delvis
    assert {k: fills[k] for k in ("✔ Genomfört", "→ Pågår enligt plan", "⚠ Pågår med avvikelse")} == {
        "✔ Genomfört": "C6EFCE",
        "→ Pågår enligt plan": "DDEBF7",
        "⚠ Pågår med avvikelse": "FFEB9C",
    }


def test_the_uppdrag_symbols_are_explained_above_the_table(draft):
    texts = [p.text for p in draft[1].paragraphs]
    after = texts[texts.index("Uppdrag") + 1]
    assert after == (
        "Teckenförklaring: ✔ Genomfört   → Pågår enligt plan   ⚠ Pågår med avvikelse   ○ Ej påbörjat"
        "   ? Underlag saknas   Ej inkommen"
    )


def test_a_rejected_divisions_uppdrag_reads_avvisad_in_the_legend_too(draft, tmp_path):
    result = draft[0]
    first = replace(result.assignments[0], status="Avvisad")
    doc = docx.Document(str(write_word(replace(result, assignments=[first, *result.assignments[1:]]), tmp_path)))
    assert _assignments(doc).rows[1].cells[3].text == "Avvisad"
    assert any(p.text.endswith("Ej inkommen   Avvisad") for p in doc.paragraphs)
