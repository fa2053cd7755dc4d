"""A division that sent two versions: its återkoppling says neither is used and what the controller can do.

A controller's tester: A2 said "Underlaget är inkommet och godkänt" (the earlier submission) while both new files
were rejected, and the advice "Rätta felen i din fil" beside the office's "Behåll en fil och kör igen".
"""

from __future__ import annotations

from openpyxl import load_workbook

from helpers import complete_edits, fill
from reporting.consolidate.consolidation import consolidate
from reporting.intake.run import run_intake
from reporting.output.feedback import write_feedback
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")


def _lines(path):
    ws = load_workbook(path)["Återkoppling"]
    return ws["A2"].value, ws["A3"].value


def test_two_versions_are_said_as_such_before_and_after_an_earlier_submission(tmp_path, plan, make_template):
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    edits = complete_edits(plan, "KIR")
    first = fill(make_template("KIR"), edits, tmp_path / "kirurgi.xlsx")
    second = fill(make_template("KIR", name="b.xlsx"), edits, tmp_path / "kirurgi (2).xlsx")
    for path in (first, second):
        (ws.inbox / path.name).write_bytes(path.read_bytes())
    (path,) = [p for p in write_feedback(consolidate(plan, run_intake(ws, plan, T1)), ws.outbox) if "Kirurgi" in p.name]
    status, advice = _lines(path)
    assert (
        status == "Flera filer kom in för Division Kirurgi (kirurgi (2).xlsx, kirurgi.xlsx) och ingen av dem används, "
        "så inget godkänt underlag finns för perioden."
    )
    assert advice.endswith(
        "Meddela ekonomienheten vilken fil som gäller, eller skicka den rätta filen igen ensam; fynden nedan gäller "
        "alla filerna."
    )
    for path in ws.inbox.iterdir():  # the office keeps one: it is accepted; then two more come in
        path.unlink()
    (ws.inbox / first.name).write_bytes(first.read_bytes())
    run_intake(ws, plan, T1)
    fill(make_template("KIR", name="c.xlsx"), edits, ws.inbox / "kirurgi v2.xlsx")
    fill(make_template("KIR", name="d.xlsx"), edits, ws.inbox / "kirurgi v3.xlsx")
    (path,) = [p for p in write_feedback(consolidate(plan, run_intake(ws, plan, T1)), ws.outbox) if "Kirurgi" in p.name]
    status, _ = _lines(path)
    assert status.endswith("och ingen av dem används; det tidigare inlämnade underlaget gäller tills vidare.")
