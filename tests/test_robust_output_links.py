"""Robust running, item 8 (outputs): feedback links stay in the folder; submission text stays text."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook

from helpers import AsText, complete_edits, fill
from reporting.consolidate.consolidation import consolidate
from reporting.intake.run import run_intake
from reporting.output.feedback import write_feedback
from reporting.output.findings_sheet import safe_link_target, write_findings
from reporting.output.report import write_report
from reporting.workspace import Workspace
from reporting.xlsx.write import Formats, new_workbook
from test_robust_output import EVIL, T1


# ---------------------------------------------------------------- 8. feedback links stay in the folder
@pytest.mark.parametrize(
    "name, safe",
    [
        ("MED-2025-T1.xlsx", True),
        ("Division Medicin 2025-T1 (2).xlsx", True),
        ("\\\\evil\\share\\x.xlsx", False),
        ("//evil/share/x.xlsx", False),
        ("/etc/x", False),
        ("C:\\Users\\x.xlsx", False),
        ("C:x.xlsx", False),
        ("http://evil.example/x.xlsx", False),
        ("file:x.xlsx", False),
        ("x.xlsx#'Blad1'!A1", False),
        ("../x.xlsx", False),
        ("sub/x.xlsx", False),
        ("..", False),
        ("", False),
        ("x\n.xlsx", False),
        ("%2e%2e%2fx.xlsx", False),
    ],
)
def test_only_a_plain_file_name_in_the_same_folder_is_linked(tmp_path, name, safe):
    from reporting.findings import Finding, Rule, Severity

    assert (safe_link_target(name) is not None) is safe
    finding = Finding(Severity.ERROR, Rule.OUT_OF_RANGE, "Fel.", name, "Nyckeltal", "E6", "Division Medicin")
    path = tmp_path / "f.xlsx"
    wb = new_workbook(str(path))
    sheet = wb.add_worksheet("Återkoppling")
    write_findings(sheet, Formats(wb), [finding], 0, link_to=name)
    wb.close()
    cell = load_workbook(path)["Återkoppling"]["E2"]
    assert cell.value == "E6"
    if safe:
        assert cell.hyperlink is not None
        assert "/" not in cell.hyperlink.target and "\\" not in cell.hyperlink.target
        assert cell.hyperlink.target == name.replace(" ", "%20")  # relative: beside the feedback file
        assert cell.hyperlink.location == "'Nyckeltal'!E6"
    else:
        assert cell.hyperlink is None


def test_unsafe_sender_file_name_and_formula_text_arrive_as_plain_text(tmp_path, plan, make_template):
    """A file named like a UNC path, with a formula as comment and as a status: no link out, no formula."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    edits = complete_edits(plan, "MED")
    edits[("Nyckeltal", "N04", "analysis")] = AsText(EVIL)
    edits[("Uppdrag", plan.assignments_for("MED")[0].id, "status")] = AsText(EVIL)
    edits[("Nyckeltal", "N04", "outcome")] = 200  # an error with a cell reference
    fill(make_template("MED"), edits, ws.inbox / "\\\\evil\\share\\MED #1.xlsx")
    result = consolidate(plan, run_intake(ws, plan, T1))
    (report,) = write_report(result, ws.outbox)
    feedback = next(p for p in write_feedback(result, ws.outbox) if "Medicin" in p.name)
    sheet = load_workbook(report)["Nyckeltal"]
    n04 = next(
        row for row in sheet.iter_rows(min_row=5) if row[0].value == "N04" and row[1].value == "Division Medicin"
    )
    assert n04[8].value.startswith(EVIL) and n04[8].data_type == "s"
    back = load_workbook(feedback)["Återkoppling"]
    cells = [c for row in back.iter_rows(min_row=5) for c in row]
    assert not [c for c in cells if c.hyperlink is not None]
    assert {"E6", "D5"} <= {c.value for c in cells}
    quoting = [c for c in cells if isinstance(c.value, str) and "=HYPERLINK" in c.value]
    assert quoting and all(c.data_type == "s" for c in quoting)
    for path in (report, feedback):  # nothing at all is written as a formula
        with zipfile.ZipFile(path) as z:
            assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
