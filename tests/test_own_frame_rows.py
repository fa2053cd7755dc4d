"""The Ekonomi sheet reconciles: its division × kontogrupp rows, with the nämnd's own frame as rows of their own,
add up to the nämnd's totals below them in every column.

The demo plan's own frame (förtroendemannabudget, −3,5 mkr of external costs) is in every nämnd total; without a
row for it the division rows added to −3 158,3 under a total of −3 161,8. A plan without an own frame gets no row.
"""

from dataclasses import replace
from decimal import Decimal

import docx
import pytest

from helpers import complete_edits, fill, rows_of
from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.intake.run import run_intake
from reporting.output.report import write_report
from reporting.output.word import write_word
from reporting.plan.model import BOARD, Plan
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
OWN = "Nämnden (egen ram, ingår inte i periodiserad budget och utfall)"  # a T1 report: said in the label
COLUMNS = {"Budget helår": 2, "Periodiserad budget": 3, "Utfall ack.": 4, "Helårsprognos": 7}  # in the table


def without_own_frame(plan: Plan) -> Plan:
    return replace(plan, budget_frames=[f for f in plan.budget_frames if f.division != BOARD])


def medicin_and_kirurgi(tmp_path, plan: Plan, make_template) -> tuple[Workspace, Consolidation]:
    """Medicin and Kirurgi in (their templates from the demo plan), the others not: two totals below the table."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    for division in ("MED", "KIR"):
        fill(make_template(division), complete_edits(plan, division), ws.inbox / f"{division}.xlsx")
    return ws, consolidate(plan, run_intake(ws, plan, T1))


def tables(rows: list[tuple]) -> tuple[list[tuple], dict[str, tuple], dict[str, tuple]]:
    """The division × kontogrupp rows, then the nämnd total's and the whole frame's rows by kontogrupp."""
    start = next(i for i, r in enumerate(rows) if r[0] == "Division") + 1
    end = next(i for i in range(start, len(rows)) if rows[i][0] is None)
    heads = [i for i, r in enumerate(rows) if isinstance(r[0], str) and r[0].endswith(" per kontogrupp")]
    below = [{r[0]: r for r in rows[h + 2 : h + 8]} for h in heads]
    assert len(below) == 2
    return list(rows[start:end]), below[0], below[1]


def total(rows: list[tuple], col: int) -> Decimal:
    return sum((Decimal(str(r[col])) for r in rows if r[col] is not None), Decimal(0))


@pytest.mark.parametrize("own", [True, False], ids=["demo plan", "no own frame"])
def test_the_division_rows_and_the_own_frame_add_up_to_the_totals(tmp_path, plan, make_template, own):
    plan = plan if own else without_own_frame(plan)
    ws, result = medicin_and_kirurgi(tmp_path, plan, make_template)
    detail, totals, frames = tables(rows_of(write_report(result, ws.outbox)[0], "Ekonomi"))
    assert [r[0] for r in frames.values()][-1] == "Netto"
    for group, row in totals.items():
        lines = [r for r in detail if r[1] == group]
        counted = [r for r in lines if r[0] in ("Division Medicin", "Division Kirurgi", OWN)]
        assert [total(counted, col) for col in COLUMNS.values()] == [Decimal(str(v)) for v in row[1:5]], group
        assert total(lines, 2) == Decimal(str(frames[group][1])), group  # every division's frame and the own
    netto = [r for r in detail if r[1] == "Netto"]
    assert round(total(netto, 2), 1) == (Decimal("-3161.8") if own else Decimal("-3158.3"))
    mine = [r for r in detail if r[0] == OWN]
    if own:
        assert mine[2] == (OWN, "Externa kostnader", -3.5, None, None, None, None, -3.5, 0, "Nämndnivå")
        assert mine[-1][:3] == (OWN, "Netto", -3.5) and [r[2] for r in mine[:2] + mine[3:5]] == [0, 0, 0, 0]
    else:
        assert mine == []


def test_the_word_drafts_table_has_the_own_frame_row(tmp_path, plan, make_template):
    ws, result = medicin_and_kirurgi(tmp_path, plan, make_template)
    draft = docx.Document(str(write_word(result, ws.outbox)))
    table = next(t for t in draft.tables if [c.text for c in t.rows[0].cells[:2]] == ["Division", "Kontogrupp"])
    own = [[c.text for c in row.cells] for row in table.rows if row.cells[0].text == OWN]
    assert own[2] == [OWN, "Externa kostnader", "−3,5", "", "", "−3,5", "Nämndnivå"]
