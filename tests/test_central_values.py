"""Centrala värden.xlsx: nämnd-level items written by `reporting central`, filled by the economy office, checked
like a submission, shown as "Nämnden" (never as a division), traced in Källor and stored in history."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from helpers import rows_of, sheet_values
from plan_shapes import T1, board_assignment, central_figure, run, stored_figures, written
from reporting.cli import main
from reporting.demo.plan import demo_plan
from reporting.intake.read import sha256_of
from reporting.output.report import write_report
from reporting.plan.central import is_central
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.template.central import CENTRAL_FILE, CENTRAL_SHEET
from reporting.template.write import build_template
from reporting.workspace import Workspace

D = Decimal
INTENTION = "Under planperioden avser nämnden att införa en sammanhållen vårdplanering."


def board_plan():
    """The demo plan with two centrally measured mätetal (002: 1, 2) and the nämnd's own intention (003)."""
    plan = demo_plan()
    plan.key_figures += [
        central_figure("C1", "Andel invånare med förtroende för hälso- och sjukvården", "HS", "Minst 60 %"),
        central_figure("C2", "Hälso- och sjukvårdens kostnad per invånare ska inte öka", "LS", "Högst 5 %"),
    ]
    plan.assignments.append(board_assignment("UN1", INTENTION, "LS"))
    return plan


@pytest.fixture(scope="module")
def board_ws(tmp_path_factory):
    """A workspace holding the board plan's plan.xlsx, written once per module."""
    root = tmp_path_factory.mktemp("board") / "ws"
    written(board_plan(), root)
    return root


@pytest.fixture
def workspace(board_ws, tmp_path):
    """This test's own copy of the board plan's workspace (the tests run commands in it)."""
    return Path(shutil.copytree(board_ws, tmp_path / "ws"))


def central(root, *args):
    result = CliRunner().invoke(main, ["central", "-w", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


GOAL_SHEETS = ("Nyckeltal", "Uppdrag")


def rows(root):
    return [list(row) for row in rows_of(root / CENTRAL_FILE, CENTRAL_SHEET)]


def type_in(root, values):
    """The economy office types values: (id, period key, column letter) -> value."""
    wb = load_workbook(root / CENTRAL_FILE)
    ws = wb[CENTRAL_SHEET]
    for row in ws.iter_rows(min_row=2):
        for (item_id, period, column), value in values.items():
            if row[0].value == item_id and row[2].value == period:
                ws[f"{column}{row[0].row}"] = value
    wb.save(root / CENTRAL_FILE)


def test_plan_reads_namnd_in_divisioner(workspace):
    plan = load_plan(Workspace(workspace).plan)
    central_ids = [k.id for k in plan.key_figures if is_central(k)]
    assert central_ids == ["C1", "C2"]
    assert next(a for a in plan.assignments if a.id == "UN1").divisions == ("Nämnd",)


def test_command_writes_every_central_item_and_keeps_what_is_filled(workspace):
    out = central(workspace, "--period", "2025-T1")
    assert out.strip() == f"Skrev {workspace / CENTRAL_FILE}: 5 nya rader för 2025-T1; ifyllda värden behölls."  # where
    assert rows(workspace) == [
        ["Id", "Vad", "Period", "Utfall", "Status", "Kommentar"],
        ["C1", "Nyckeltal: Andel invånare med förtroende för hälso- och sjukvården", "2025-T1", None, None, None],
        ["C2", "Nyckeltal: Hälso- och sjukvårdens kostnad per invånare ska inte öka", "2025-T1", None, None, None],
        ["F1", "Finansiellt mål: Bruttokostnadsutveckling", "2025-T1", None, None, None],
        ["F2", "Finansiellt mål: Leverantörstrohet", "2025-T1", None, None, None],
        ["UN1", f"Uppdrag: {INTENTION}", "2025-T1", None, None, None],
    ]
    type_in(workspace, {("C1", "2025-T1", "D"): 62, ("UN1", "2025-T1", "E"): "Pågår enligt plan"})
    assert "inga nya rader för 2025-T1" in central(workspace, "--period", "2025-T1")
    assert "5 nya rader för 2025-delar" in central(workspace, "-p", "2025-delar")
    table = rows(workspace)
    assert len(table) == 11 and table[1][3] == 62 and table[5][4] == "Pågår enligt plan"
    assert {r[2] for r in table[6:]} == {"2025-delar"}
    outside = CliRunner().invoke(main, ["central", "-w", str(workspace), "--period", "2030-T1"])
    assert outside.exit_code == 1 and "perioden 2030-T1 ligger utanför planen" in outside.stderr
    assert len(rows(workspace)) == 11  # nothing added for a period the plan does not have


def test_no_template_or_intake_rule_asks_a_division(workspace, tmp_path):
    plan = load_plan(Workspace(workspace).plan)
    for division in plan.divisions:
        assert not {k.id for k in plan.key_figures_for(division.id)} & {"C1", "C2"}
        assert "UN1" not in {a.id for a in plan.assignments_for(division.id)}
        book = sheet_values(build_template(plan, division.id, T1, tmp_path / f"{division.id}.xlsx"), *GOAL_SHEETS)
        ids = {row[0] for name in GOAL_SHEETS for row in book[name]}
        assert not ids & {"C1", "C2", "UN1"}, division.id
    result = run(plan, workspace, {"MED": {}})
    assert not [f for f in result.intake.findings if any(i in f.message for i in ("C1", "C2", "UN1"))]


@pytest.fixture(scope="module")
def consolidated_once(board_ws, tmp_path_factory):
    """Centrala värden written, typed in and consolidated with MED and KIR, once per module."""
    workspace = Path(shutil.copytree(board_ws, tmp_path_factory.mktemp("consolidated") / "ws"))
    central(workspace, "--period", "2025-T1")
    type_in(
        workspace,
        {
            ("C1", "2025-T1", "D"): "58,5 %",  # typed as text, within the tolerance of 60 %
            ("C1", "2025-T1", "F"): "Mätt i Vårdbarometern.",
            ("C2", "2025-T1", "D"): "tre",  # no number: a finding, not used
            ("F1", "2025-T1", "D"): 1e13,  # absurd: a finding, not used
            ("F2", "2025-T1", "D"): 96,
            ("UN1", "2025-T1", "E"): "Klart snart",  # not in the list
        },
    )
    plan = load_plan(Workspace(workspace).plan)
    return plan, run(plan, workspace, {"MED": {}, "KIR": {}}), workspace


@pytest.fixture
def consolidated(consolidated_once, tmp_path):
    """The module's run, with this test's own copy of its workspace (the tests write a report and history)."""
    plan, result, workspace = consolidated_once
    return plan, result, Path(shutil.copytree(workspace, tmp_path / "consolidated"))


@pytest.fixture(scope="module")
def report_once(consolidated_once, tmp_path_factory):
    """The module's report, written once, as rows of values of the sheets the tests look at (read once)."""
    _, result, _ = consolidated_once
    path = write_report(result, tmp_path_factory.mktemp("report"))[0]
    return sheet_values(path, "Nyckeltal", "Uppdrag", "Källor")


def test_values_are_checked_with_file_sheet_and_cell(consolidated):
    _, result, _ = consolidated
    found = [(f.file, f.sheet, f.cell, f.rule.value) for f in result.findings if f.file == CENTRAL_FILE]
    assert found == [
        (CENTRAL_FILE, CENTRAL_SHEET, "D3", "not-a-number"),
        (CENTRAL_FILE, CENTRAL_SHEET, "D4", "out-of-range"),
        (CENTRAL_FILE, CENTRAL_SHEET, "E6", "status-invalid"),
    ]
    message = next(f.message for f in result.findings if f.cell == "E6")
    assert '"Klart snart" finns inte i listan' in message


def test_report_shows_the_namnd_never_a_division(consolidated, report_once):
    _, result, _ = consolidated
    c1 = next(k for k in result.key_figures if k.id == "C1")
    assert (c1.division, c1.division_id, c1.is_total, c1.outcome, c1.status) == (
        "Nämnden",
        "",
        True,
        D("58.5"),
        "Delvis uppfyllt",
    )
    assert [k.division for k in result.key_figures if k.id in {"C1", "C2"}] == ["Nämnden", "Nämnden"]
    assert next(k for k in result.key_figures if k.id == "C2").status_label == "Ej rapporterad"
    wb = report_once
    kf_rows = {row[0]: list(row) for row in wb["Nyckeltal"][4:] if row[0]}
    assert kf_rows["C1"][1:3] == ["Andel invånare med förtroende för hälso- och sjukvården", "Minst 60 %"]
    assert kf_rows["C1"][3] == 58.5 and kf_rows["C1"][6] == "◐ Delvis uppfyllt"
    assert kf_rows["C1"][8] == "Nämnden (mäts centralt): Mätt i Vårdbarometern."
    uppdrag = wb["Uppdrag"]
    header = list(uppdrag[3])
    assert header[-2:] == ["Nämnden", "Kommentarer"]
    un1 = next(list(row) for row in uppdrag[4:] if row[0] == "UN1")
    assert un1[1] == INTENTION and un1[-2] == "Ej rapporterad"  # the invalid status is not used
    assert set(un1[3:-2]) == {"Gäller ej"}  # no division is concerned
    assert "Nämnden" not in [d.name for d in result.plan.divisions]


def test_values_are_traced_in_kallor_and_stored(consolidated, report_once):
    _, result, root = consolidated
    sha = sha256_of(root / CENTRAL_FILE)
    traced = [
        (s.item, s.reporter, s.metric, s.value, s.file, s.cell, s.sha256)
        for s in result.sources
        if s.file == CENTRAL_FILE
    ]
    assert traced == [
        ("C1", "Nämnden", "Utfall", D("58.5"), CENTRAL_FILE, "D2", sha),
        ("F2", "Nämnden", "Utfall", D(96), CENTRAL_FILE, "D5", sha),
    ]
    assert any(row[0] == "C1" and row[4] == CENTRAL_FILE and row[6] == "D2" for row in report_once["Källor"])
    figures = stored_figures(root, result)
    c1 = figures[(figures["item"] == "C1") & (figures["kind"] == "nyckeltal")]
    assert {(r.division, r.metric, r.value, r.text) for r in c1.itertuples()} == {
        ("", "outcome", D("58.5"), None),
        ("", "status", None, "Delvis uppfyllt"),
    }
    assert figures[figures["kind"] == "finansmal"]["item"].tolist() == ["F2", "F2"]


def test_namnd_uppdrag_status_reaches_report_and_history(workspace):
    central(workspace, "-p", "2025-T1")
    type_in(workspace, {("UN1", "2025-T1", "E"): "Genomfört", ("UN1", "2025-T1", "F"): "Beslutat i juni."})
    plan = load_plan(Workspace(workspace).plan)
    result = run(plan, workspace, {"MED": {}}, Period(2025, "T1"))
    assert [(a.division, a.status, a.comment) for a in result.assignments if a.id == "UN1"] == [
        ("Nämnden", "Genomfört", "Beslutat i juni.")
    ]
    figures = stored_figures(workspace, result)
    stored = figures[figures["kind"] == "uppdrag"]
    assert [(r.division, r.item, r.text) for r in stored.itertuples()] == [("", "UN1", "Genomfört")]


def test_a_broken_file_is_one_finding_and_the_run_goes_on(workspace):
    (workspace / CENTRAL_FILE).write_bytes(b"Id;Vad;Period\nC1;x;2025-T1\n")  # a CSV saved under the name
    plan = load_plan(Workspace(workspace).plan)
    result = run(plan, workspace, {"MED": {}})
    found = [(f.file, f.rule.value, f.severity.value) for f in result.findings if f.file == CENTRAL_FILE]
    assert found == [(CENTRAL_FILE, "file-unreadable", "fel")]
    message = next(f.message for f in result.findings if f.file == CENTRAL_FILE)  # the office's file: its advice
    assert message.endswith(
        f"trots namnet. Öppna {CENTRAL_FILE} i Excel eller LibreOffice, spara som .xlsx och kör igen."
    )
    assert {k.status_label for k in result.key_figures if k.id in {"C1", "C2"}} == {"Ej rapporterad"}
    assert CliRunner().invoke(main, ["central", "-w", str(workspace), "-p", "2025-T1"]).exit_code == 1
    assert (workspace / CENTRAL_FILE).read_bytes().startswith(b"Id;Vad")  # never written over


def test_a_percentage_typed_the_excel_way_and_a_period_spelled_otherwise_are_read(workspace):
    """ "69,7 %" typed in Excel is 0.697 shown as a percentage: read as 69,7; "2025-t1" is the period 2025-T1."""
    central(workspace, "--period", "2025-T1")
    wb = load_workbook(workspace / CENTRAL_FILE)
    ws = wb[CENTRAL_SHEET]
    c1 = next(row for row in ws.iter_rows(min_row=2) if row[0].value == "C1")
    c1[2].value = "2025-t1"
    c1[3].value = 0.697
    c1[3].number_format = "0.0%"
    wb.save(workspace / CENTRAL_FILE)
    assert "inga nya rader för 2025-T1" in central(workspace, "--period", "2025-T1")  # no second C1 row
    plan = load_plan(Workspace(workspace).plan)
    result = run(plan, workspace, {"MED": {}})
    c1_row = next(k for k in result.key_figures if k.id == "C1")
    assert (c1_row.outcome, c1_row.status) == (D("69.7"), "Uppfyllt")  # against "Minst 60 %"


def test_a_second_row_for_the_same_item_is_a_warning_and_the_first_counts(workspace):
    central(workspace, "--period", "2025-T1")
    type_in(workspace, {("C1", "2025-T1", "D"): 61})
    wb = load_workbook(workspace / CENTRAL_FILE)
    ws = wb[CENTRAL_SHEET]
    ws.append(["C1", "Nyckeltal: Andel invånare med förtroende för hälso- och sjukvården", "2025-T1", "=1/0"])
    wb.save(workspace / CENTRAL_FILE)
    result = run(load_plan(Workspace(workspace).plan), workspace, {"MED": {}})
    c1 = next(k for k in result.key_figures if k.id == "C1")
    assert c1.outcome == D(61)
    repeated = [f for f in result.findings if f.file == CENTRAL_FILE and f.cell == f"A{ws.max_row}"]
    assert len(repeated) == 1 and "finns redan högre upp" in repeated[0].message


def test_the_sheets_columns_are_declared_once_for_writer_reader_and_findings():
    """review34 #5: the headers, the writer's and reader's places and the findings' letters come from COLUMNS."""
    from reporting.template.central import COLUMNS, HEADERS, column, letter

    assert HEADERS == ["Id", "Vad", "Period", "Utfall", "Status", "Kommentar"]
    assert [letter(key) for key, _, _ in COLUMNS] == ["A", "B", "C", "D", "E", "F"]
    assert (column("outcome"), column("status")) == (3, 4)
