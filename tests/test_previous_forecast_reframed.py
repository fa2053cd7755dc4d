"""The previous forecast when the plan was revised between T1 and delår: a frame moved, a division split off.

T1 is run under the demo plan, delår under a revision of it. The history holds each period's frame
(its budget rows), so a forecast made against the old frame is set against it: the change shown is
that of the deviation against the frame, never the frame's move read as a better or worse forecast.
Each division's netto forecast is its frame moved by DEV (the deviation against the frame), so every
expected change is DEV now less DEV then.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from decimal import Decimal
from itertools import takewhile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from docx import Document

from helpers import fill, rows_of
from reporting.consolidate.economy import NettoRow
from reporting.demo.plan import demo_plan
from reporting.history.previous import Previous, netto_comparison
from reporting.history.trends import Figures
from reporting.plan.model import BudgetFrame, Division, Plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.plan.write import write_plan
from reporting.template.write import generate_templates
from reporting.workflow import run_period
from reporting.workspace import Workspace
from suite32b_prepared import Prepared, copied_or_built, prepare

D = Decimal
T1, DELAR = Period(2025, "T1"), Period(2025, "delar")
HEADING = "Ekonomi: helårsprognos netto jämfört med föregående prognos (mkr)"
DEV = {  # each division's helårsprognos netto less its frame, per period (on EK)
    T1: {"HSD": D("2.0"), "MED": D("26.0"), "KIR": D("-3.0"), "NV": D("-4.0")},
    DELAR: {"HSD": D("-1.2"), "MED": D("19.4"), "KIR": D("-7.0"), "NV": D("-5.0"), "TV": D("-1.5")},
}
TV_PART = {"EI": D("100.0"), "II": D("50.0"), "EK": D("-400.0"), "AV": D("-5.0"), "IK": D("-50.0")}  # netto −305


def _moved(frame: BudgetFrame, group: str, amount: Decimal) -> BudgetFrame:
    amounts = {**frame.amounts, group: frame.amounts[group] + amount}
    return replace(frame, amounts=amounts, netto_given=sum(amounts.values(), D(0)))


def _frames_moved(plan: Plan) -> None:
    """June's budget decision: 20 mkr of Externa kostnader from HSD's frame to MED's (HSD −239,8 → −219,8)."""
    shift = {"HSD": D(20), "MED": D(-20)}
    plan.budget_frames = [_moved(f, "EK", shift[f.division]) if f.division in shift else f for f in plan.budget_frames]


def _split(plan: Plan) -> None:
    """Folktandvården leaves Division nära vård as Division Tandvård (TV), its frame taken from nära vård's."""
    plan.divisions = [*plan.divisions, Division("TV", "Division Tandvård")]
    frames = []
    for f in plan.budget_frames:
        if f.division == "NV":
            amounts = {g: a - TV_PART.get(g, D(0)) for g, a in f.amounts.items()}
            frames.append(replace(f, amounts=amounts, netto_given=sum(amounts.values(), D(0))))
            frames.append(replace(f, division="TV", amounts=dict(TV_PART), netto_given=sum(TV_PART.values(), D(0))))
        else:
            frames.append(f)
    plan.budget_frames = frames


def _submit(plan: Plan, ws: Workspace, period: Period) -> None:
    """Every division's Ekonomi: each group at its frame, EK moved by DEV (netto = frame + DEV)."""
    shutil.rmtree(ws.inbox, ignore_errors=True)
    ws.inbox.mkdir()
    for path in generate_templates(plan, period, ws.templates):
        division = next(d for d in plan.divisions if path.name.endswith(f"{d.name}.xlsx"))
        edits: dict[tuple[str, str, str], Any] = {}
        for gid, amount in plan.frame(division.id, 2025).amounts.items():
            edits[("Ekonomi", gid, "periodised")] = float(amount) * period.months / 12
            edits[("Ekonomi", gid, "actual")] = float(amount) * period.months / 12
            edits[("Ekonomi", gid, "forecast")] = float(amount + (DEV[period][division.id] if gid == "EK" else 0))
        fill(path, edits, ws.inbox / path.name)


_RUNS: dict[str, tuple[Plan, Plan, Path]] = {}


def _t1(ws: Workspace) -> None:
    """T1 under the demo plan (saved as plan.xlsx), stored without outputs."""
    before = load_plan(write_plan(ws.plan, demo_plan()))
    _submit(before, ws, T1)
    run_period(ws, before, T1, report=False, feedback=False)


@pytest.fixture(scope="module")
def t1_ran(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """``_t1`` once per module: both revisions continue from a copy of its workspace."""
    return prepare(tmp_path_factory, "t1", _t1)


@pytest.fixture(scope="module")
def revised(tmp_path_factory, t1_ran):
    """T1 under the demo plan, delår under its revision (``_frames_moved`` or ``_split``): (T1's plan, delår's, report)."""

    def run(revision: str) -> tuple[Plan, Plan, Path]:
        if revision not in _RUNS:
            ws, _ = copied_or_built(tmp_path_factory.mktemp(f"revised-{revision}"), None, lambda: t1_ran, _t1)
            before = load_plan(ws.plan)
            after = load_plan(write_plan(ws.plan, demo_plan()))
            {"frames": _frames_moved, "split": _split}[revision](after)
            after = load_plan(write_plan(ws.plan, after))  # as the office saves its revised plan
            _submit(after, ws, DELAR)
            _RUNS[revision] = before, after, run_period(ws, after, DELAR, feedback=False).written[0]
        return _RUNS[revision]

    yield run
    _RUNS.clear()


def _tidsserier(report: Path) -> tuple[list[str], dict[str, list[Decimal | None]], str]:
    """Tidsserier's economy table: headers, the rows by name (numbers as Decimal) and the note's lines joined."""
    rows = rows_of(report, "Tidsserier")
    start = next(i for i, r in enumerate(rows) if r[1] == HEADING) + 1
    headers = [h for h in rows[start][1:] if h]
    table: dict[str, list[Decimal | None]] = {}
    for at, r in enumerate(rows[start + 1 :], start=start + 1):
        if r[1] is None or r[2] is None:
            lines = takewhile(lambda line: isinstance(line[1], str) and line[2] is None, rows[at:])
            return headers, table, " ".join(line[1] for line in lines)
        table[r[1]] = [None if v is None else D(str(v)) for v in r[2 : len(headers) + 1]]
    return headers, table, ""


def _word(report: Path) -> tuple[list[list[str]], list[str]]:
    document = Document(str(report.with_suffix(".docx")))
    (table,) = [t for t in document.tables if "Tidigare prognos" in [c.text for c in t.rows[0].cells]]
    return [[c.text for c in row.cells] for row in table.rows], [p.text for p in document.paragraphs]


def test_a_moved_frame_sets_the_deviation_against_the_frame_not_the_frames_move(revised):
    _, _, report = revised("frames")
    headers, table, note = _tidsserier(report)
    assert headers == [
        "Division",
        "Budgetram",
        "Budgetram vid tidigare prognos",
        "Tidigare prognos",
        "Aktuell prognos",
        "Förändring mot ram",
    ]
    # HSD: +2,0 against −239,8 then, −1,2 against −219,8 now: 3,2 worse, not "+16,8"
    assert table["Hälso- och sjukvårdsdirektör"] == [D("-219.8"), D("-239.8"), D("-237.8"), D("-221.0"), D("-3.2")]
    assert table["Division Medicin"] == [D("-1137.4"), D("-1117.4"), D("-1091.4"), D("-1118.0"), D("-6.6")]
    assert table["Division Kirurgi"] == [D("-1191.0"), D("-1191.0"), D("-1194.0"), D("-1198.0"), D("-4.0")]
    # the nämnd's frame did not move: its change is the plain one, and the sum of the rows' changes
    changes = sum(DEV[DELAR][d] - DEV[T1][d] for d in ("HSD", "MED", "KIR", "NV"))
    assert table["Nämnden totalt"] == [D("-3161.8"), D("-3161.8"), D("-3140.8"), D("-3155.6"), changes]
    assert changes == D("-14.8")
    frames = (
        "Ramen ändrades sedan T1 2025 för Hälso- och sjukvårdsdirektör (från −239,8 till −219,8 mkr) och "
        "Division Medicin (från −1\u00a0117,4 till −1\u00a0137,4 mkr). Förändring mot ram är därför förändringen av "
        "prognosens avvikelse mot ram (prognos − ram, då och nu), inte av prognosen; med oförändrad ram är de samma."
    )
    assert note == frames
    # the Word draft the nämnd reads: the same columns, numbers and note
    word, paragraphs = _word(report)
    assert word[0] == headers
    assert word[1] == ["Hälso- och sjukvårdsdirektör", "−219,8", "−239,8", "−237,8", "−221,0", "−3,2"]
    assert frames in paragraphs
    notes = [row[0] for row in rows_of(report, "Sammanfattning") if str(row[0]).startswith("• ")]
    assert (  # the first of the nämnd's notes that speaks of the change: against the frames, as the table
        "• Avvikelsen mot budgetramen i helårsprognosen har försämrats med 14,8 mkr sedan föregående prognos; "
        "se fliken Tidsserier." in notes
    )


def test_the_ekonomi_sheet_sets_each_group_against_its_budget_then_and_now(revised):
    _, _, report = revised("frames")
    rows = rows_of(report, "Ekonomi")
    header = next(r for r in rows if r[0] == "Division")
    assert header[9:11] == ("Föregående prognos", "Förändring mot budget")
    by_row = {(r[0], r[1]): r for r in rows if r[1] in ("Externa kostnader", "Netto", "Externa intäkter")}
    hsd_ek, hsd_netto = (
        by_row[("Hälso- och sjukvårdsdirektör", "Externa kostnader")],
        by_row[("Hälso- och sjukvårdsdirektör", "Netto")],
    )
    assert (hsd_ek[2], hsd_ek[9], hsd_ek[7]) == (-230.7, -248.7, -231.9)  # budget now, forecast then, forecast now
    assert D(str(hsd_ek[10])) == D("-3.2") == D(str(hsd_netto[10]))  # not +16,8
    assert D(str(by_row[("Division Medicin", "Externa kostnader")][10])) == D("-6.6")  # not −26,6
    assert by_row[("Division Medicin", "Externa intäkter")][10] == 0  # an unmoved budget: the plain change
    notes = " ".join(r[0] for r in rows if isinstance(r[0], str) and r[1] is None and r[2] is None)
    assert (
        "Budget helår ändrades sedan T1 2025 för Hälso- och sjukvårdsdirektör: Externa kostnader (från −250,7 till "
        "−230,7 mkr) och Netto (från −239,8 till −219,8 mkr); för Division Medicin: Externa kostnader (från "
        "−1\u00a0282,4 till −1\u00a0302,4 mkr) och Netto (från −1\u00a0117,4 till −1\u00a0137,4 mkr). Förändring mot "
        "budget är därför förändringen av prognosens avvikelse mot budget"
    ) in notes


def test_a_split_off_division_is_new_and_the_nämnd_total_keeps_its_previous_forecast(revised):
    before, after, report = revised("split")
    headers, table, note = _tidsserier(report)
    assert headers[2] == "Budgetram vid tidigare prognos"
    # nära vård gave 305 mkr of frame to Tandvård: its −4 then against −610,1, −5 now against −305,1
    assert table["Division nära vård"] == [D("-305.1"), D("-610.1"), D("-614.1"), D("-310.1"), D("-1.0")]
    assert table["Division Tandvård"] == [D("-305.0"), None, None, D("-306.5"), None]
    # the nämnd's T1 total (every division reported, so stored whole) against the same frame
    t1_total = sum(before.frame(d.id, 2025).netto + DEV[T1][d.id] for d in before.divisions) + D("-3.5")
    now_total = sum(after.frame(d.id, 2025).netto + DEV[DELAR][d.id] for d in after.divisions) + D("-3.5")
    assert (t1_total, now_total) == (D("-3140.8"), D("-3157.1"))
    assert table["Nämnden totalt"] == [D("-3161.8"), D("-3161.8"), t1_total, now_total, now_total - t1_total]
    assert (
        "Division Tandvård har ingen tidigare prognos: den fanns inte bland nämndens divisioner vid T1 2025 "
        "(ny division eller nytt id). Nämnden totalt jämförs med hela nämndens sparade prognos från T1 2025, då med "
        "andra divisioner än nu (ny: Division Tandvård); den tidigare prognosen är därför inte summan av raderna ovan."
    ) in note
    assert "Ramen ändrades sedan T1 2025 för Division nära vård (från −610,1 till −305,1 mkr)." in note
    word, paragraphs = _word(report)
    assert ["Nämnden totalt", "−3\u00a0161,8", "−3\u00a0161,8", "−3\u00a0140,8", "−3\u00a0157,1", "−16,3"] in word
    assert any("Division Tandvård har ingen tidigare prognos" in p for p in paragraphs)
    ekonomi = " ".join(r[0] for r in rows_of(report, "Ekonomi") if isinstance(r[0], str))
    assert "Division Tandvård har ingen tidigare prognos: den fanns inte bland nämndens divisioner" in ekonomi


def _stored(rows: list[tuple[str, str, str, str]]) -> Figures:
    """History rows (period, division, metric, value) of the netto, 2025."""
    return Figures(
        pd.DataFrame(
            [
                {"kind": "ekonomi", "item": "NETTO", "division": d, "metric": m, "year": 2025, "period": p}
                | {"value": D(v), "text": None}
                for p, d, m, v in rows
            ]
        )
    )


def _row(division_id: str, name: str, budget: str, forecast: str, submitted: bool = True) -> NettoRow:
    return NettoRow(division_id, name, D(budget), None, None, None, D(forecast), None, submitted)


T1_STORED = [
    ("T1", "HSD", "budget", "-200"),
    ("T1", "HSD", "forecast", "-198"),
    ("T1", "KIR", "budget", "-1000"),
    ("T1", "KIR", "forecast", "-1010"),
    ("T1", "", "budget", "-1200"),
    ("T1", "", "forecast", "-1208"),
]


def test_a_changed_division_id_keeps_the_nämnd_total_and_names_the_id_gone():
    """KIR renamed OPA: OPA has no T1 forecast, KIR's is in no row; the whole nämnd's T1 total is still comparable."""
    overview = [
        _row("HSD", "Hälso- och sjukvårdsdirektör", "-200", "-199"),
        _row("OPA", "Division Operation och anestesi", "-1000", "-1020"),
        _row("", "Nämnden totalt", "-1200", "-1219"),
    ]
    found = netto_comparison(_stored(T1_STORED), overview, DELAR)
    assert [(p.before, p.frame_before, p.change) for p in found.rows] == [
        (D(-198), D(-200), D(-1)),
        (None, None, None),
        (D(-1208), D(-1200), D(-11)),
    ]
    assert not found.reframed
    assert found.notes == [
        "Division Operation och anestesi har ingen tidigare prognos: den fanns inte bland nämndens divisioner vid "
        "T1 2025 (ny division eller nytt id).",
        "Nämnden totalt jämförs med hela nämndens sparade prognos från T1 2025, då med andra divisioner än nu "
        "(ny: Division Operation och anestesi; finns inte längre: KIR); den tidigare prognosen är därför inte "
        "summan av raderna ovan.",
    ]


def test_a_total_that_leaves_a_division_out_is_not_set_against_the_whole_nämnds():
    """Now without HSD, the stored T1 total (every division) is no previous forecast of "exkl. HSD": the gap is said."""
    overview = [
        _row("HSD", "Hälso- och sjukvårdsdirektör", "-200", "0", submitted=False),
        _row("OPA", "Division Operation och anestesi", "-1000", "-1020"),
        _row("", "Nämnden totalt (exkl. Hälso- och sjukvårdsdirektör)", "-1000", "-1020", submitted=False),
    ]
    found = netto_comparison(_stored(T1_STORED), overview, DELAR)
    assert [p.before for p in found.rows] == [D(-198), None, None]
    assert (
        found.notes[-1]
        == "Nämnden totalt har ingen tidigare prognos: ingen finns sparad för Division Operation och anestesi."
    )


def test_a_moved_frame_in_tkr_is_named_in_the_plans_unit():
    """A plan in tkr: the frames whole, "tkr", the change against them exact."""
    stored = _stored([("T1", "MED", "budget", "-50000"), ("T1", "MED", "forecast", "-49500")])
    overview = [_row("MED", "Division Medicin", "-52000", "-51800")]
    found = netto_comparison(stored, overview, DELAR, "tkr", 0)
    assert found.rows[0] == Previous(D(-49500), D(-50000), D(-300))  # +500 then, +200 now
    assert found.notes[0].startswith(
        "Ramen ändrades sedan T1 2025 för Division Medicin (från −50\u00a0000 till −52\u00a0000 tkr)."
    )
