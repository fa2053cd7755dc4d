"""Amounts the year accumulates that fall within it are warned about, as accumulated key figures are (qa35r items 3,
4 and 7): an investment's upparbetat belopp lower, or its status gone back, and an åtgärd's uppnådd effekt lower than
the same reporter's at an earlier period of the year. The tester's I01 "Slutförd, 15 722" at T1, "Pågår, 6 124" at
delår, "Ej påbörjad" at helår, and A1's uppnådd 4,3 then 2,8, passed without a word.

Division Medicin's own file, taken in with history for T1, delår and helår (run_period, as `consolidate` does)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from helpers import complete_edits, fill, locate_in, rows_of, template_copy
from reporting.demo.plan import demo_plan
from reporting.findings import Finding, Rule, Severity
from reporting.history.store import load_figures, open_history
from reporting.history.words import Metric, RowKind
from reporting.plan.model import Plan
from reporting.plan.periods import Period
from reporting.workflow import run_period
from reporting.workspace import Workspace

T1, DELAR, HELAR = Period(2025, "T1"), Period(2025, "delar"), Period(2025, "helar")
RULES = (Rule.SPENT_DROP, Rule.STATUS_BACK, Rule.EFFECT_DROP)
MED = "Division Medicin"
# each period's answers beside complete_edits' (every object Pågår at 10 tkr, every effect 1 mkr achieved)
ANSWERS: dict[Period, dict[tuple[str, str, str], Any]] = {
    T1: {
        ("Investeringar", "I01", "status"): "Slutförd",
        ("Investeringar", "I01", "spent"): 15722,
        ("Investeringar", "I13", "spent"): 945,
        ("Investeringar", "I05", "status"): "Slutförd",
        ("Investeringar", "I05", "spent"): 600,
        ("Åtgärdsplan", "A1", "achieved"): 4.3,
        ("Åtgärdsplan", "A4", "achieved"): 6.0,
    },
    DELAR: {
        ("Investeringar", "I01", "status"): "Pågår",  # gone back, and its amount fallen
        ("Investeringar", "I01", "spent"): 6124,
        ("Investeringar", "I13", "status"): "Ej påbörjad",  # gone back, its amount left empty
        ("Investeringar", "I13", "spent"): None,
        ("Investeringar", "I05", "status"): "Avbruten",  # an end, from any status
        ("Investeringar", "I05", "spent"): 600,
        ("Investeringar", "I05", "comment"): "Leverantören gick i konkurs.",
        ("Åtgärdsplan", "A1", "achieved"): 2.8,  # fallen
        ("Åtgärdsplan", "A4", "achieved"): 6.0,  # the same: nothing to say
    },
    HELAR: {
        ("Investeringar", "I01", "status"): "Ej påbörjad",  # gone back again: from delår's Pågår
        ("Investeringar", "I01", "spent"): None,
        ("Investeringar", "I13", "status"): "Ej påbörjad",
        ("Investeringar", "I13", "spent"): None,
        ("Investeringar", "I05", "status"): "Avbruten",
        ("Investeringar", "I05", "spent"): 600,
        ("Investeringar", "I05", "comment"): "Leverantören gick i konkurs.",
        ("Åtgärdsplan", "A1", "achieved"): 3.0,  # above delår's 2,8 (the latest earlier): not warned
        ("Åtgärdsplan", "A4", "achieved"): 6.5,
    },
}


def _run(tmp: Path, ws: Workspace, plan: Plan, period: Period, **outputs: bool) -> tuple[list[Finding], Any]:
    """Medicin's file of ``period`` taken in with history: the run's findings of the three rules, and the run."""
    for old in ws.inbox.glob("*.xlsx"):
        old.unlink()
    edits = {**complete_edits(plan, "MED", period_kind=period.kind), **ANSWERS[period]}
    fill(template_copy(plan, "MED", period, tmp / f"mall-{period.key}.xlsx"), edits, ws.inbox / "med.xlsx")
    run = run_period(
        ws, plan, period, report=outputs.get("report", False), feedback=outputs.get("feedback", False), quiet=True
    )
    return [f for f in run.consolidation.checks if f.rule in RULES], run


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """(tmp, workspace, {period: findings}, the delår run): T1 and helår without outputs, delår with them."""
    tmp = tmp_path_factory.mktemp("to-date")
    ws = Workspace(tmp / "ws")
    ws.inbox.mkdir(parents=True)
    plan = demo_plan()
    found = {T1: _run(tmp, ws, plan, T1)[0]}
    found[DELAR], delar = _run(tmp, ws, plan, DELAR, report=True, feedback=True)
    found[HELAR] = _run(tmp, ws, plan, HELAR)[0]
    return tmp, ws, found, delar


def _cell(tmp: Path, period: Period, sheet: str, row_id: str, key: str) -> str:
    return locate_in(tmp / f"mall-{period.key}.xlsx", sheet, row_id, key)


def test_history_keeps_each_objects_upparbetat_and_status_and_each_effect_of_the_divisions_file(year):
    _, ws, _, _ = year
    engine = open_history(ws.root)
    try:
        frame = load_figures(engine)
    finally:
        engine.dispose()
    mine = frame[(frame["division"] == "MED") & (frame["kind"].isin([RowKind.INVESTMENT, RowKind.MEASURE_SHARE]))]
    stored = {
        (r.period, r.kind.value, r.item, r.metric.value): (r.value if r.value is not None else r.text, r.unit, r.name)
        for r in mine.itertuples()
        if r.item in ("I01", "I13", "A1")
    }
    assert stored == {
        ("T1", "investering", "I01", "spent"): (Decimal("15722"), "tkr", "Datortomograf till akuten"),
        ("T1", "investering", "I01", "status"): ("Slutförd", "", "Datortomograf till akuten"),
        ("T1", "investering", "I13", "spent"): (Decimal("945"), "tkr", "Diatermi-monopolär med rökutsug"),
        ("T1", "investering", "I13", "status"): ("Pågår", "", "Diatermi-monopolär med rökutsug"),
        ("T1", "atgardsbidrag", "A1", "achieved"): (Decimal("4.3"), "mkr", "Kompetensförsörjning"),
        ("delar", "investering", "I01", "spent"): (Decimal("6124"), "tkr", "Datortomograf till akuten"),
        ("delar", "investering", "I01", "status"): ("Pågår", "", "Datortomograf till akuten"),
        ("delar", "investering", "I13", "status"): ("Ej påbörjad", "", "Diatermi-monopolär med rökutsug"),
        ("delar", "atgardsbidrag", "A1", "achieved"): (Decimal("2.8"), "mkr", "Kompetensförsörjning"),
        ("helar", "investering", "I01", "status"): ("Ej påbörjad", "", "Datortomograf till akuten"),
        ("helar", "investering", "I13", "status"): ("Ej påbörjad", "", "Diatermi-monopolär med rökutsug"),
        ("helar", "atgardsbidrag", "A1", "achieved"): (Decimal("3.0"), "mkr", "Kompetensförsörjning"),
    }
    assert RowKind.INVESTMENT.value == "investering" and RowKind.MEASURE_SHARE.value == "atgardsbidrag"
    assert Metric.SPENT.value == "spent"


def test_nothing_is_warned_at_the_years_first_period(year):
    assert year[2][T1] == []


def test_the_delar_warns_of_the_fallen_amounts_and_the_status_gone_back_at_their_cells(year):
    tmp, _, found, _ = year
    got = {(f.rule, f.sheet, f.cell): (f.severity, f.file, f.division, f.message) for f in found[DELAR]}
    warned = (Severity.WARNING, "med.xlsx", MED)
    assert got == {
        (Rule.SPENT_DROP, "Investeringar", _cell(tmp, DELAR, "Investeringar", "I01", "spent")): (
            *warned,
            "Upparbetat belopp för investering I01 är 6\u00a0124 tkr, lägre än 15\u00a0722 tkr som Division Medicin "
            "rapporterade för T1 2025. Upparbetat belopp är vad investeringen har kostat hittills och minskar inte "
            "under året: skriv hela beloppet hittills; var det tidigare beloppet fel, skriv det i kommentaren.",
        ),
        (Rule.STATUS_BACK, "Investeringar", _cell(tmp, DELAR, "Investeringar", "I01", "status")): (
            *warned,
            "Investering I01 har status Pågår, men Division Medicin rapporterade status Slutförd för T1 2025. En "
            "investerings status går inte tillbaka under året (Ej påbörjad, Pågår, Slutförd): kontrollera status; "
            "var den tidigare statusen fel, skriv det i kommentaren.",
        ),
        (Rule.STATUS_BACK, "Investeringar", _cell(tmp, DELAR, "Investeringar", "I13", "status")): (
            *warned,
            "Investering I13 har status Ej påbörjad, men Division Medicin rapporterade status Pågår för T1 2025. En "
            "investerings status går inte tillbaka under året (Ej påbörjad, Pågår, Slutförd): kontrollera status; "
            "var den tidigare statusen fel, skriv det i kommentaren.",
        ),
        (Rule.EFFECT_DROP, "Åtgärdsplan", _cell(tmp, DELAR, "Åtgärdsplan", "A1", "achieved")): (
            *warned,
            "Uppnådd effekt för åtgärd A1 är 2,8 mkr, lägre än 4,3 mkr som Division Medicin rapporterade för T1 "
            "2025. Uppnådd effekt räknas från årets början och minskar inte under året: skriv hela effekten hittills "
            "i år; var den tidigare effekten fel, skriv det i kommentaren.",
        ),
    }


def test_the_helar_sets_each_answer_against_the_latest_earlier_one(year):
    """I01's Ej påbörjad against delår's Pågår; A1's 3,0 is above delår's 2,8, I13 stays Ej påbörjad."""
    tmp, _, found, _ = year
    (only,) = found[HELAR]
    assert (only.rule, only.cell) == (Rule.STATUS_BACK, _cell(tmp, HELAR, "Investeringar", "I01", "status"))
    assert only.message.startswith(
        "Investering I01 har status Ej påbörjad, men Division Medicin rapporterade status Pågår för delår 2025."
    )


def test_the_warnings_reach_the_divisions_aterkoppling_and_the_reports_avvikelser(year):
    _, _, found, delar = year
    messages = {f.message for f in found[DELAR]}
    feedback = next(p for p in delar.written if p.parent.name == "återkoppling" and "Division Medicin" in p.name)
    shown = {cell for row in rows_of(feedback, "Återkoppling") for cell in row if isinstance(cell, str)}
    assert messages <= shown
    report = next(p for p in delar.written if p.suffix == ".xlsx" and "Delårsrapport" in p.name)
    listed = {cell for row in rows_of(report, "Avvikelser") for cell in row if isinstance(cell, str)}
    assert messages <= listed
    titles = {"Upparbetat belopp lägre än tidigare period", "Investeringens status har gått tillbaka"}
    assert titles | {"Uppnådd effekt lägre än tidigare period"} <= listed
