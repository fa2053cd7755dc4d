"""Key figures are real Word headings in the draft, a level under their goal's, the goals' levels following the tree.

The secretary found the key figures' names as bold Normal text: the navigation pane and the table
of contents left them out. Plans differ in depth: seed 000 (the demo) målområde → nyckeltal, seed
003 (Västernorrland) målområde → mål → nyckeltal, seed 002 (Jämtland Härjedalen 2021) strategi →
insatsområde → resultatmål → mätetal.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.demo.submissions import write_demo_submissions
from reporting.demo.workspace import write_demo_plan
from reporting.intake.run import run_intake
from reporting.output.word import write_word
from reporting.plan import goal_tree
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.workspace import Workspace


def _headings(doc: Any) -> list[tuple[int, str]]:
    """(level, text) of every heading paragraph, in order."""
    return [(int(p.style.name.split()[-1]), p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]


def _seed_run(root: Path, name: str) -> tuple[Consolidation, Any]:
    """Demo plan ``name``'s T1 from every division, consolidated, and its draft."""
    ws = Workspace(root)
    ws.root.mkdir(parents=True, exist_ok=True)
    plan = load_plan(write_demo_plan(name, ws.plan))
    period = Period(plan.year, "T1")
    write_demo_submissions(plan, period, ws.inbox)
    result = consolidate(plan, run_intake(ws, plan, period))
    return result, docx.Document(str(write_word(result, ws.outbox)))


@pytest.fixture(scope="module")
def seed000(tmp_path_factory, demo_t1) -> tuple[Consolidation, Any]:
    result = demo_t1()[1]
    return result, docx.Document(str(write_word(result, tmp_path_factory.mktemp("word-000"))))


@pytest.fixture(scope="module", params=["jh-2021", "vasternorrland-2025"])
def seed_tree(request, tmp_path_factory) -> tuple[Consolidation, Any]:
    return _seed_run(tmp_path_factory.mktemp(f"word-{request.param}"), request.param)


def test_a_flat_plans_key_figures_are_headings_under_their_goal_area(seed000):
    result, doc = seed000
    headings = _headings(doc)
    start = headings.index((1, "Måluppfyllelse"))
    assert headings[start + 1 : start + 4] == [
        (2, "God och nära vård i hela Jämtland Härjedalen"),
        (3, "N01 Hållbart Säkerhets Engagemang (HSE)"),
        (3, "N02 Andelen patienter som når hälsocentralen via telefon samma dag"),
    ]
    analysed = {k.id for k in result.key_figures if not k.is_total and (k.analysis or k.actions)}
    assert {text.split()[0] for level, text in headings if level == 3} == analysed
    bold_names = [p.text for p in doc.paragraphs if p.style.name == "Normal" and any(r.bold for r in p.runs)]
    assert not [text for text in bold_names if re.match(r"N\d\d ", text)]  # no key figure as bold text
    assert max(level for level, _ in headings) == 3


def test_a_goal_trees_headings_follow_its_depth_and_key_figures_sit_a_level_under_their_goal(seed_tree):
    result, doc = seed_tree
    areas = result.plan.goal_areas
    headings = _headings(doc)
    by_text = {text: level for level, text in headings}
    goals = [a for a in result.goal_areas if a.label.strip() in by_text]
    assert len({goal_tree.depth(areas, a.goal_area) for a in goals}) > 1  # goals of more than one level
    for area in goals:
        assert by_text[area.label.strip()] == 2 + goal_tree.depth(areas, area.goal_area)
    figures = [k for k in result.key_figures if k.is_total and f"{k.id} {k.name}" in by_text]
    assert figures
    for k in figures:
        (goal,) = [a for a in result.goal_areas if a.goal_area == k.goal_area]
        assert by_text[f"{k.id} {k.name}"] == by_text[goal.label.strip()] + 1
    start = headings.index((1, "Måluppfyllelse"))
    steps = [b[0] - a[0] for a, b in zip(headings[start:], headings[start + 1 :])]
    assert max(steps) == 1  # a heading never skips a level: the navigation pane nests every one
    deepest = max(level for level, _ in headings)
    fields = [e.text for e in doc.element.body.iter(qn("w:instrText"))]
    assert fields == [f'TOC \\o "1-{deepest}" \\h \\z \\u']  # the contents list the key figures too


def test_the_seeds_depths_give_their_real_levels(seed_tree):
    result, doc = seed_tree
    headings = _headings(doc)
    if result.plan.region == "Region Västernorrland":  # seed 003: målområde → mål → nyckeltal
        assert (3, "Mål 3.2.1 Vi erbjuder vård som utgår från individens behov och är tillgänglig") in headings
        assert (4, "B3 Egen produktion, vårdtillfällen och besök") in headings
    else:  # seed 002: strategi → insatsområde → resultatmål → mätetal
        assert (4, "Resultatmål 2.1.1 Regionens vård ska redovisa effektivitet och god kvalitet") in headings
        m07 = "M07 Andel vårdtillfällen med oplanerade återinskrivningar inom 30 dagar ska minska. Alla åldrar"
        assert (5, m07) in headings


def test_an_offices_template_without_the_deeper_headings_gets_them_with_their_outline_level(seed000, tmp_path):
    """Word saves a built-in style in a template only once it has been used there: Heading 3 may be missing."""
    office = docx.Document()
    for style in list(office.styles.element.iterchildren(qn("w:style"))):
        if style.get(qn("w:styleId")) in ("Heading3", "Heading3Char"):
            office.styles.element.remove(style)
    office.save(str(tmp_path / "kontoret.docx"))
    assert "Heading 3" not in [s.name for s in docx.Document(str(tmp_path / "kontoret.docx")).styles]
    doc = docx.Document(str(write_word(seed000[0], tmp_path / "out", template=tmp_path / "kontoret.docx")))
    assert (3, "N01 Hållbart Säkerhets Engagemang (HSE)") in _headings(doc)
    style = doc.styles["Heading 3"]
    assert style.base_style.name == "Heading 2"
    assert style.element.xpath("./w:pPr/w:outlineLvl/@w:val") == ["2"]  # Word's level 3 in the navigation pane
