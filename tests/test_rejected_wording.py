"""A rejected file is not a missing one, and a file of an older template is told the real remedy.

Kirurgi's file came in but is rejected (its frame changed in the plan after the template was made); Medicin's is
accepted; the others sent nothing. Every place that says who is in says Kirurgi's file was rejected, with its
errors and where they are, never "ej inkommen".
"""

import pickle
import shutil
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest

from conftest import template_maker
from helpers import complete_edits, fill, rows_of, value_at
from reporting.cli.summary import finish, summarise
from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.intake.run import run_intake
from reporting.output.feedback import write_feedback
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
KIR_FILE = "2025-T1 Division Kirurgi.xlsx"


def revised(plan: Plan) -> tuple[Plan, str]:
    """The plan after the templates went out: 566 mkr of costs moved into Kirurgi, and an uppdrag no longer
    Medicin's; returns the plan and the uppdrag's id."""
    old = plan.frame("KIR", 2025)
    moved = replace(old, amounts={**old.amounts, "EK": old.amounts["EK"] - 566}, netto_given=old.netto - 566)
    first = plan.assignments[0]
    assert "MED" in first.divisions
    without = replace(first, divisions=tuple(d for d in first.divisions if d != "MED"))
    return replace(
        plan,
        budget_frames=[moved if f is old else f for f in plan.budget_frames],
        assignments=[without, *plan.assignments[1:]],
    ), first.id


def run(ws: Workspace, plan: Plan) -> Consolidation:
    return consolidate(plan, run_intake(ws, plan, T1))


@pytest.fixture(scope="module")
def kirurgi_rejected_once(tmp_path_factory, plan, blank_templates) -> tuple[Path, bytes, str]:
    """Medicin's file accepted, Kirurgi's rejected (frame changed, and a cell error before it in the file), run once
    per module: (the workspace, the consolidation pickled, the uppdrag the plan took from Medicin)."""
    root = tmp_path_factory.mktemp("kirurgi-rejected")
    make_template = template_maker(plan, blank_templates, root)
    ws = Workspace(root / "ws")
    ws.inbox.mkdir(parents=True)
    fill(make_template("MED"), complete_edits(plan, "MED"), ws.inbox / "2025-T1 Division Medicin.xlsx")
    kir = {**complete_edits(plan, "KIR"), ("Nyckeltal", "N01", "outcome"): "ej klart"}
    fill(make_template("KIR"), kir, ws.inbox / KIR_FILE)
    now, closed = revised(plan)
    return ws.root, pickle.dumps(run(ws, now)), closed


@pytest.fixture
def kirurgi_rejected(kirurgi_rejected_once, tmp_path) -> tuple[Workspace, Consolidation, str]:
    """The module's run, the test's own: a copy of its workspace (tests write outputs and move inbox files) and of
    its consolidation."""
    root, data, closed = kirurgi_rejected_once
    return Workspace(Path(shutil.copytree(root, tmp_path / "ws"))), pickle.loads(data), closed


def test_one_rejected_file_is_said_in_the_singular(kirurgi_rejected, capsys):
    _, result, _ = kirurgi_rejected
    summarise(result)
    assert capsys.readouterr().out.splitlines()[0] == "Inkorgen: 2 filer, 1 godkänd, 1 avvisad."


def test_the_console_names_the_file_level_reason_first_and_the_division_as_rejected(kirurgi_rejected, capsys):
    _, result, _ = kirurgi_rejected
    errors = [f.rule.value for f in result.intake.files[0].findings if f.severity.value == "fel"]
    assert errors[0] == "not-a-number" and "frame-changed" in errors  # the cell's error comes first in the file
    summarise(result)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:3] == [
        f"  {KIR_FILE}: Budgetramen har ändrats sedan mallen skapades; fyll i periodens nya mall (och 1 fel till).",
        "Konsoliderat: 1 av 4 divisioner; avvisad: Division Kirurgi (2 fel), se fliken Avvikelser; "
        "ej inkommen: Hälso- och sjukvårdsdirektör, Division nära vård.",
    ]
    finish(SimpleNamespace(consolidation=result, written=[Path("outbox/återkoppling/x.xlsx")]), as_json=False)
    feedback_only = capsys.readouterr().out.splitlines()  # `reporting feedback` writes no report: its errors are there
    assert "avvisad: Division Kirurgi (2 fel), se återkopplingen; " in feedback_only[2]


def test_the_report_and_the_word_draft_say_rejected_not_missing(kirurgi_rejected):
    ws, result, _ = kirurgi_rejected
    report = Path(write_report(result, ws.outbox)[0])
    summary = rows_of(report, "Sammanfattning")
    notes = [row[0] for row in summary if isinstance(row[0], str) and row[0].startswith("•")]
    assert notes[:2] == [
        "• Ej inkommen: Hälso- och sjukvårdsdirektör, Division nära vård.",
        "• Avvisad: Division Kirurgi (2 fel); felen står på fliken Avvikelser i arbetsboken och i divisionens återkoppling.",
    ]
    assert next(row[7] for row in summary if row[0] == "Division Kirurgi") == "Avvisad (2 fel)"
    submissions = {row[0]: row for row in rows_of(report, "Inlämningar")[4:8]}
    assert submissions["Division Kirurgi"][1:3] == ("Avvisad; se fliken Avvikelser i arbetsboken", KIR_FILE)
    assert submissions["Division Kirurgi"][7] == 2
    assert submissions["Division nära vård"][1:3] == ("Ej inkommen", None)
    draft = docx.Document(str(write_word(result, ws.outbox)))
    said = [p.text for p in draft.paragraphs if p.text.startswith(("Ej inkommen", "Avvisad"))]
    assert said == [
        "Ej inkommen: Hälso- och sjukvårdsdirektör, Division nära vård.",
        "Avvisad: Division Kirurgi (2 fel); felen står på fliken Avvikelser i rapportens arbetsbok och i "
        "divisionens återkoppling.",
    ]


def test_the_feedback_of_an_older_template_asks_for_the_new_template(kirurgi_rejected):
    ws, result, _ = kirurgi_rejected
    paths = {p.name: p for p in write_feedback(result, ws.outbox)}
    kirurgi = rows_of(paths["2025-T1 Återkoppling Division Kirurgi.xlsx"], "Återkoppling")
    assert value_at(kirurgi, "A2") == (
        f"{KIR_FILE} har kommit in men avvisades (2 fel, se nedan), så inget godkänt underlag finns för perioden."
    )
    assert value_at(kirurgi, "A3") == (
        "2 fel och 1 varning. Filen är gjord från en äldre mall (planen eller mallen har ändrats sedan dess) och "
        'kan inte rättas. Fyll i periodens nya mall "2025-T1 Division Kirurgi.xlsx" (ekonomienheten skickar den), '
        "för över siffrorna och skicka in den nya filen; den ersätter den gamla."
    )
    nothing = rows_of(paths["2025-T1 Återkoppling Division nära vård.xlsx"], "Återkoppling")
    assert value_at(nothing, "A2") == "Inget godkänt underlag har kommit in. Skicka den ifyllda mallen snarast."


def test_a_row_the_plan_removed_is_not_blamed_on_the_controller(kirurgi_rejected):
    _, result, closed = kirurgi_rejected
    (found,) = [f for f in result.findings if f'"{closed}"' in f.message]
    assert (found.rule.value, found.severity.value, found.sheet) == ("plan-row-changed", "varning", "Uppdrag")
    assert found.message == (
        f'Raden för "{closed}" finns inte längre i planen för Division Medicin (planen har ändrats sedan mallen '
        "skapades) och läses inte. Inget behöver ändras."
    )


def test_a_period_with_nothing_accepted_reads_as_not_in_without_listing_every_division(tmp_path, plan):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    result = run(ws, plan)
    total = result.economy_total
    assert (total.division, total.budget, total.forecast) == ("Nämnden totalt", None, None)
    summary = rows_of(write_report(result, ws.outbox)[0], "Sammanfattning")
    shown = "Nämnden totalt (egen ram ingår inte i periodiserad budget och utfall)"  # T1: the own frame apart
    assert next(row[7] for row in summary if row[0] == shown) == "Ej inkommen"


def test_a_period_whose_only_file_was_rejected_says_so_on_the_total(kirurgi_rejected, plan):
    ws, _, _ = kirurgi_rejected
    (ws.inbox / "2025-T1 Division Medicin.xlsx").unlink()
    only = Workspace(ws.root.parent / "only")
    only.inbox.mkdir(parents=True)
    (ws.inbox / KIR_FILE).rename(only.inbox / KIR_FILE)
    result = run(only, revised(plan)[0])
    assert result.economy_total.division == "Nämnden totalt"
    summary = rows_of(write_report(result, only.outbox)[0], "Sammanfattning")
    shown = "Nämnden totalt (egen ram ingår inte i periodiserad budget och utfall)"  # T1: the own frame apart
    assert next(row[7] for row in summary if row[0] == shown) == "Ej inkommen eller avvisad"


def test_a_test_that_moved_inbox_files_leaves_the_next_tests_workspace_whole(kirurgi_rejected):
    """After the test above took both files out of its inbox: this test's workspace has them as the run had."""
    ws, _, _ = kirurgi_rejected
    assert sorted(p.name for p in ws.inbox.iterdir()) == [KIR_FILE, "2025-T1 Division Medicin.xlsx"]
