"""The goal tree: any depth, numbered as in the plan, read with checks, shown in templates and rolled up in the report."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document

from helpers import edit_workbook, rows_of, sheet_values
from plan_shapes import JH_2021_PLACES, JH_2021_TREE, T1, VNL_2025_TREE, run, tree_plan, written
from reporting.consolidate.keyfigures import GoalAreaRow, goal_area_table
from reporting.demo.plan import demo_plan
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan import goal_tree
from reporting.plan.model import GoalArea
from reporting.plan.read import check_plan
from reporting.plan.targets import Status
from reporting.template.write import build_template


def test_plan_helpers_give_path_children_and_depth(tmp_path):
    plan = written(tree_plan(JH_2021_TREE, JH_2021_PLACES), tmp_path)
    assert plan.goal_areas == JH_2021_TREE  # Överordnad, Nivå and Nummer survive plan.xlsx
    assert [a.id for a in plan.goal_path("R211")] == ["S2", "I21", "R211"]
    assert [a.id for a in plan.goal_children("S2")] == ["I21", "I22"]
    assert [a.id for a in plan.goal_children()] == ["S2", "S4"]
    assert (plan.goal_depth("S2"), plan.goal_depth("I22"), plan.goal_depth("R211")) == (0, 1, 2)
    assert (
        goal_tree.path_label(plan.goal_areas, "I22") == "2 Strategi för vård › 2.2 Hög tillgänglighet och kontinuitet"
    )
    assert [(a.id, d) for a, d in goal_tree.walk(plan.goal_areas)] == [
        ("S2", 0),
        ("I21", 1),
        ("R211", 2),
        ("I22", 1),
        ("S4", 0),
        ("I41", 1),
    ]
    assert goal_tree.level_name(GoalArea("X", "Y")) == "Målområde"


def test_flat_plan_keeps_its_digest_and_its_rows():
    plan = demo_plan()
    assert not goal_tree.is_tree(plan.goal_areas)
    rows = goal_area_table(plan, [])
    assert [(r.label, r.level, r.depth) for r in rows] == [(a.name, "", 0) for a in plan.goal_areas]
    digest = plan.digest()
    plan.goal_areas = [GoalArea(a.id, a.name, "", "", "") for a in plan.goal_areas]
    plan.__dict__.pop("_digest")
    assert plan.digest() == digest


def _goal_sheet(demo_plan_xlsx: Path, path: Path, rows: list[list[str]]) -> Path:
    """The demo plan (written once per session) with its Målområden sheet replaced by ``rows`` (header included)."""

    def change(wb) -> None:
        ws = wb["Målområden"]
        ws.delete_rows(1, ws.max_row)
        for row in rows:
            ws.append(row)

    return edit_workbook(demo_plan_xlsx, change, path)


@pytest.mark.parametrize(
    "rows,cells,words",
    [
        ([["A1", "Vård", "X9", "Mål", "1"]], ["C5"], 'Okänd överordnad "X9"'),
        ([["A1", "Ett", "A2", "Mål", ""], ["A2", "Två", "A1", "Mål", ""]], ["C5", "C6"], "ligger under sig själv"),
        ([["A1", "Ett", "A1", "Mål", ""]], ["C5"], '"A1" ligger under sig själv'),
        ([["HS", "Vård igen", "", "", ""]], ["A5"], 'Id "HS" förekommer flera gånger (först i A2)'),
    ],
)
def test_reader_finds_unknown_parent_cycle_and_duplicate_at_the_cell(demo_plan_xlsx, tmp_path, rows, cells, words):
    header = ["Id", "Namn", "Överordnad", "Nivå", "Nummer"]
    flat = [["HS", "God vård", "", "", ""], ["TV", "Tandvård", "", "", ""], ["LS", "Ledning", "", "", ""]]
    plan, findings = check_plan(_goal_sheet(demo_plan_xlsx, tmp_path / "plan.xlsx", [header, *flat, *rows]))
    assert plan is None
    found = [f for f in findings if f.sheet == "Målområden"]
    assert [(f.cell, words in f.message) for f in found] == [(cell, True) for cell in cells], found


def test_old_goal_sheet_without_the_new_columns_still_loads(demo_plan_xlsx, tmp_path):
    plan, findings = check_plan(
        _goal_sheet(demo_plan_xlsx, tmp_path / "plan.xlsx", [["Id", "Namn"], ["HS", "A"], ["TV", "B"], ["LS", "C"]])
    )
    assert [f for f in findings if f.sheet == "Målområden"] == []
    assert plan is not None and [(a.id, a.parent, a.level) for a in plan.goal_areas] == [
        ("HS", "", ""),
        ("TV", "", ""),
        ("LS", "", ""),
    ]


def test_template_shows_the_node_with_its_path(tmp_path):
    plan = written(tree_plan(JH_2021_TREE, JH_2021_PLACES, {"U01": "R211"}), tmp_path / "ws")
    path = build_template(plan, "MED", T1, tmp_path / "med.xlsx")
    sheets = sheet_values(path, "Nyckeltal", "Uppdrag")
    names = {row[0]: row[1] for row in sheets["Nyckeltal"] if row[0] in JH_2021_PLACES}
    assert names["N10"].endswith("(under 2 Strategi för vård › 2.2 Hög tillgänglighet och kontinuitet)")
    assert "› 2.1.1 Regionens vård ska redovisa effektivitet och god kvalitet)" in names["N04"]
    texts = [row[1] for row in sheets["Uppdrag"] if row[0] == "U01"]
    assert texts[0].endswith("› 2.1.1 Regionens vård ska redovisa effektivitet och god kvalitet)")


@pytest.fixture(scope="module")
def jh_2021(tmp_path_factory):
    """Seed 002's shape: MED meets everything, KIR misses N10 (80 %) by far, the others do not submit.
    Run once for the module: its tests read the result and write their outputs to folders of their own."""
    tmp_path = tmp_path_factory.mktemp("jh-2021")
    plan = written(tree_plan(JH_2021_TREE, JH_2021_PLACES), tmp_path / "ws")
    kir = {("Nyckeltal", "N10", "outcome"): 50, ("Nyckeltal", "N10", "analysis"): "Personalbrist."}
    return plan, run(plan, tmp_path / "ws", {"MED": {("Nyckeltal", "N10", "outcome"): 85}, "KIR": kir}), tmp_path


def test_status_rolls_up_each_level(jh_2021):
    _, result, _ = jh_2021
    rolled = {r.goal_area: (r.level, r.depth, r.total, r.status) for r in result.goal_areas}
    assert rolled == {
        "S2": ("Strategi", 0, 4, "Ej uppfyllt"),  # the worst below it: I22
        "I21": ("Insatsområde", 1, 2, "Uppfyllt"),  # from its resultatmål
        "R211": ("Resultatmål", 2, 2, "Uppfyllt"),
        "I22": ("Insatsområde", 1, 2, "Ej uppfyllt"),  # N10: (85 + 50) / 2 < 80 %, its own mätetal
        "S4": ("Strategi", 0, 0, "Följs (inget mål)"),
        "I41": ("Insatsområde", 1, 0, "Följs (inget mål)"),
    }


def test_report_and_word_show_the_indented_tree(jh_2021):
    _, result, tmp_path = jh_2021
    path = write_report(result, tmp_path / "out")[0]  # the only test writing there
    wb = sheet_values(path, "Nyckeltal", "Sammanfattning")
    column_b = [row[1] for row in wb["Nyckeltal"] if isinstance(row[1], str)]
    headings = [
        v for v in column_b if " – " in v and v.lstrip().split()[0] in {"Strategi", "Insatsområde", "Resultatmål"}
    ]
    assert headings == [
        "Strategi 2 Strategi för vård – ✘ Ej uppfyllt",
        "    Insatsområde 2.1 God och nära vård i hela Region Jämtland Härjedalen – ✔ Uppfyllt",
        "        Resultatmål 2.1.1 Regionens vård ska redovisa effektivitet och god kvalitet – ✔ Uppfyllt",
        "    Insatsområde 2.2 Hög tillgänglighet och kontinuitet – ✘ Ej uppfyllt",
    ]
    ids = [row[0] for row in wb["Nyckeltal"][4:] if row[0] in JH_2021_PLACES]
    assert list(dict.fromkeys(ids)) == ["N04", "N14", "N01", "N10"]  # each under its own node
    summary = [row[0] for row in wb["Sammanfattning"] if isinstance(row[0], str)]
    assert "        Resultatmål 2.1.1 Regionens vård ska redovisa effektivitet och god kvalitet" in summary
    assert "Strategi 4 Strategi för ekonomi" in summary
    # the goal table's rows name their levels: "per målområde" was a word this plan does not use (goal_word)
    title = summary.index("Måluppfyllelse per mål (antal nyckeltal)")
    assert summary[title + 1] == "Mål" and summary[title + 2].startswith("Strategi ")
    doc = Document(str(write_word(result, tmp_path / "out")))
    tree = next(t for t in doc.tables if t.rows[0].cells[0].text == "Nivå")
    assert [[c.text for c in row.cells] for row in tree.rows[1:4]] == [
        ["Strategi", "2 Strategi för vård", "✘ Ej uppfyllt", "4"],
        ["Insatsområde", "    2.1 God och nära vård i hela Region Jämtland Härjedalen", "✔ Uppfyllt", "2"],
        ["Resultatmål", "        2.1.1 Regionens vård ska redovisa effektivitet och god kvalitet", "✔ Uppfyllt", "2"],
    ]


def test_vnl_2025_uppdrag_hang_on_a_mal(tmp_path):
    """Seed 003: målområde → mål → uppdrag; the report lists the uppdrag, the summary the tree."""
    plan = written(tree_plan(VNL_2025_TREE, {"N04": "M11"}, {"U01": "M11", "U02": "M21"}), tmp_path / "ws")
    result = run(plan, tmp_path / "ws", {"MED": {("Uppdrag", "U02", "status"): "Genomfört"}})
    assert [(a.id, a.goal_area, a.division_id, a.status) for a in result.assignments if a.division_id == "MED"] == [
        ("U01", "M11", "MED", "Pågår enligt plan"),
        ("U02", "M21", "MED", "Genomfört"),
    ]
    assert [(r.label, r.total) for r in result.goal_areas] == [
        ("Målområde 1 Medborgare", 1),
        ("    Mål 1.1 Tillgänglig vård", 1),
        ("Målområde 2 Ekonomi", 0),
        ("    Mål 2.1 Ekonomi i balans", 0),
    ]
    rows = rows_of(write_report(result, tmp_path / "out")[0], "Uppdrag")
    uppdrag = {row[0]: row[1] for row in rows[4:] if row[0]}
    assert uppdrag["U02"] == demo_plan().assignments[1].text


def test_flat_demo_report_keeps_its_headings(demo_cli, plan):
    """Seed 000 as today: one heading per målområde, no level words; its goal table per målområde. The report is
    the one `reporting demo` wrote (conftest's demo_cli, run once per session)."""
    rows = rows_of(demo_cli[0] / "outbox" / "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden.xlsx", "Nyckeltal")
    headings = [row[1] for row in rows if isinstance(row[1], str) and row[1].startswith("Målområde")]
    assert headings == [f"Målområde: {a.name}" for a in plan.goal_areas if a.id in {"HS", "TV"}]
    assert goal_tree.goal_word(plan.goal_areas) == "Målområde"


def test_a_followed_nodes_heading_has_one_dash():
    """The status "Följs (inget mål)" has a dash as its symbol: after the heading's own dash it read "– –"."""
    node = GoalAreaRow("S4", "Strategi för ekonomi", (0, 0, 0, 0, 2), 2, "Strategi", "4", 0, Status.FOLLOW.value)
    assert node.heading == "Strategi 4 Strategi för ekonomi – Följs (inget mål)"
    met = replace(node, status=Status.MET.value, depth=1)
    assert met.heading == "    Strategi 4 Strategi för ekonomi – ✔ Uppfyllt"


def test_a_node_whose_key_figures_are_none_of_them_due_reads_not_due_not_followed():
    """A month: N04 and N14 (under 2.1.1) are followed up at tertials only. Their node read "– Följs (inget mål)",
    "no target", above a table giving their målvärde; a node without key figures still reads so."""
    from types import SimpleNamespace

    from reporting.consolidate.labels import NOT_DUE

    plan = tree_plan(JH_2021_TREE, JH_2021_PLACES)
    not_due = [SimpleNamespace(is_total=True, goal_area=JH_2021_PLACES[k], status=NOT_DUE) for k in ("N04", "N14")]
    met = SimpleNamespace(is_total=True, goal_area=JH_2021_PLACES["N10"], status=Status.MET.value)
    nodes = {row.goal_area: row for row in goal_area_table(plan, [*not_due, met])}
    node = nodes[JH_2021_PLACES["N04"]]
    assert (node.status, node.total, node.status_label) == (NOT_DUE, 0, "Ej aktuell denna period")
    assert node.heading.endswith("– Ej aktuell denna period")
    assert nodes[JH_2021_PLACES["N10"]].status_label == "✔ Uppfyllt"
    assert nodes["S4"].status == Status.FOLLOW.value  # no key figures at all
