"""Sections of the Word draft with nothing to follow up: one sentence, no legend for a table that is not there."""

from __future__ import annotations

from dataclasses import replace

import docx

from reporting.consolidate.consolidation import consolidate
from reporting.demo.submissions import write_demo_submissions
from reporting.intake.run import run_intake
from reporting.output.word import write_word
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")


def test_internkontroll_without_control_points_is_one_sentence_without_the_legend(tmp_path, plan):
    ws = Workspace(tmp_path / "ws")
    write_demo_submissions(plan, T1, ws.inbox)
    result = replace(consolidate(plan, run_intake(ws, plan, T1)), internal_control=[])  # as a month's report
    texts = [p.text for p in docx.Document(str(write_word(result, tmp_path))).paragraphs]
    assert texts[texts.index("Internkontroll") + 1 :] == ["Inga kontrollmoment följs upp denna period."]
    assert not any(t.startswith("Kontroll genomförd:") for t in texts)
