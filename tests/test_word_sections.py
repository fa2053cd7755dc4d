"""Sections of the Word draft with nothing to follow up: one sentence, no legend for a table that is not there."""

from __future__ import annotations

from dataclasses import replace

import docx

from reporting.output.word import write_word
from reporting.plan.periods import Period

T1 = Period(2025, "T1")


def test_internkontroll_without_control_points_is_one_sentence_without_the_legend(tmp_path, demo_t1):
    result = replace(demo_t1()[1], internal_control=[])  # the demo's T1 (conftest) as a month's report
    texts = [p.text for p in docx.Document(str(write_word(result, tmp_path))).paragraphs]
    assert texts[texts.index("Internkontroll") + 1 :] == ["Inga kontrollmoment följs upp denna period."]
    assert not any(t.startswith("Kontroll genomförd:") for t in texts)
