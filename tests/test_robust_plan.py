"""Robust running, the plan: a stray far cell costs nothing, ids are safe in paths, a missing frame is reported."""

import cProfile
import pstats
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from edit_xml import edit_cells
from helpers import rows_of, value_at
from reporting.demo.plan import demo_plan
from reporting.errors import PlanInvalid
from reporting.findings import Rule, Severity, error, warning
from reporting.plan.read import check_plan, load_plan
from reporting.plan.sheet_reader import unsafe_id
from reporting.plan.write import write_plan

LAST_ROW = 1_048_576
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def plan_copy(tmp_path, demo_plan_xlsx):
    """The demo plan's plan.xlsx, this test's own copy (the tests edit it)."""
    return Path(shutil.copyfile(demo_plan_xlsx, tmp_path / "plan.xlsx"))


def _edit(path, sheet, cell, value):
    def change(wb) -> None:
        wb[sheet][cell] = value

    edit_cells(path, change)


def _python_calls(function, *args):
    """The function's result and how many Python calls it made: a measure of work that, unlike a
    stopwatch, does not depend on how loaded the machine is. A clean demo plan takes ~20 000."""
    profile = cProfile.Profile()
    result = profile.runcall(function, *args)
    return result, pstats.Stats(profile).total_calls


def _errors(findings):
    return [f for f in findings if f.severity is Severity.ERROR]


# ------------------------------------------------------------------ 13a: a stray cell at the last row
@pytest.mark.parametrize("sheet", ["Divisioner", "Åtgärdsplan", "Nämnd"])
def test_a_stray_cell_at_the_last_row_costs_nothing(plan_copy, sheet):
    _edit(plan_copy, sheet, f"Z{LAST_ROW}", "x")
    (plan, findings), calls = _python_calls(check_plan, plan_copy)
    # ~130 000: the stored rows only (iter_rows took one step per empty row, 1.2 M; before that 25 s and 850 MB)
    assert calls < LAST_ROW // 4, f"{calls} Python calls"
    assert plan == demo_plan() and not findings  # a value in no known column is not a row


def test_a_stray_cell_at_the_last_row_costs_no_memory(plan_copy, tmp_path):
    clean = tmp_path / "clean.xlsx"
    shutil.copy(plan_copy, clean)
    _edit(plan_copy, "Divisioner", f"XFD{LAST_ROW}", "x")
    # one process reads the clean plan, then the stray one, printing its peak memory (kB) after each: the
    # imports and a clean read are in the first peak, so the second rises only by what the stray cell costs
    # more (one interpreter started instead of one per file)
    script = (
        "import resource, sys\nfrom reporting.plan.read import check_plan\nfor path in sys.argv[1:]:\n"
        "    plan, findings = check_plan(path); assert plan is not None, findings\n"
        "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(clean), str(plan_copy)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    clean_peak, stray_peak = map(int, run.stdout.split())
    extra = stray_peak - clean_peak
    assert extra < 100_000, f"the stray cell cost {extra // 1000} MB"  # was 850 MB


def test_a_stray_value_in_a_known_column_is_still_read(plan_copy):
    _edit(plan_copy, "Divisioner", f"A{LAST_ROW}", "EXTRA")
    (plan, findings), calls = _python_calls(check_plan, plan_copy)
    assert calls < LAST_ROW // 4, f"{calls} Python calls"
    assert plan is None
    cells = {(f.sheet, f.cell) for f in _errors(findings)}
    assert ("Divisioner", f"B{LAST_ROW}") in cells  # its name is missing: reported at the real cell


def test_a_wrong_stored_dimension_does_not_hide_columns(plan_copy, tmp_path):
    """Read-only openpyxl trusts <dimension ref>; a wrong "A1" would cut every row to column A."""
    import zipfile

    broken = tmp_path / "dim.xlsx"
    with zipfile.ZipFile(plan_copy) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data, count=1)
                assert count == 1
            dst.writestr(item, data)
    assert load_plan(broken) == demo_plan()


def test_the_measures_year_columns_are_read_by_row(plan_copy):
    plan = load_plan(plan_copy)
    assert plan.measures == demo_plan().measures


# ------------------------------------------------------------------ 13b: ids that become paths
@pytest.mark.parametrize(
    "bad",
    ["../ut", "MED/AKUT", "C:", "a\\b", "..", ".dold", "tab\tid", "med id", "x" * 41, "-MED", "CON", "nul"],
)
def test_unsafe_division_id_is_an_error_at_its_cell(plan_copy, bad):
    old = []

    def change(wb) -> None:
        old.append(wb["Divisioner"]["A3"].value)
        wb["Divisioner"]["A3"] = bad

    edit_cells(plan_copy, change)
    plan, findings = check_plan(plan_copy)
    assert plan is None
    at_cell = [f for f in _errors(findings) if (f.sheet, f.cell) == ("Divisioner", "A3")]
    assert at_cell, [f.message for f in findings]
    assert "fil- och mappnamn" in at_cell[0].message or "reserverat filnamn" in at_cell[0].message
    assert old[0]  # the row replaced was a real division


@pytest.mark.parametrize("good", ["MED", "Hälsa_2", "Öron-näsa-hals", "A" * 40, "123"])
def test_safe_ids(good):
    assert unsafe_id(good) == ""


def test_unsafe_unit_id_is_an_error_at_its_cell(tmp_path):
    from dataclasses import replace

    from reporting.plan.model import Unit

    plan = demo_plan()
    plan = replace(plan, units=[Unit("../../etc", "Akutvård", "MED")])
    path = write_plan(tmp_path / "plan.xlsx", plan)
    loaded, findings = check_plan(path)
    assert loaded is None
    assert any(f.sheet == "Enheter" and f.cell == "A2" and "fil- och mappnamn" in f.message for f in findings)


@pytest.mark.parametrize("bad", ["MED\x00", "MED\x1b", "a\nb", "MED\u202e", "a:b", "a.b", "."])
def test_unsafe_ids(bad):
    """Characters openpyxl refuses to write can still come in a file made elsewhere."""
    assert "fil- och mappnamn" in unsafe_id(bad)


def test_unsafe_id_message_shows_control_characters():
    message = unsafe_id("MED\x1b")
    assert "U+001B" in message and "\x1b" not in message


# ------------------------------------------------------------------ 13c: a division without a frame
def test_a_division_without_a_frame_for_the_plan_year_is_an_error(tmp_path):
    from dataclasses import replace

    plan = demo_plan()
    plan = replace(plan, budget_frames=[f for f in plan.budget_frames if not (f.division == "KIR" and f.year == 2025)])
    path = write_plan(tmp_path / "plan.xlsx", plan)
    loaded, findings = check_plan(path)
    assert loaded is None
    [missing] = [f for f in _errors(findings) if "budgetram saknas" in f.message.lower()]
    divisions = rows_of(path, "Divisioner")
    row = next(r for r in range(2, 10) if value_at(divisions, f"A{r}") == "KIR")
    assert (missing.sheet, missing.cell) == ("Divisioner", f"A{row}")
    assert missing.message.startswith("Budgetram saknas för KIR 2025. ") and "skriv 0" in missing.message


def test_a_frame_only_for_other_years_is_not_enough(tmp_path):
    from dataclasses import replace

    plan = demo_plan()
    plan = replace(plan, budget_frames=[f for f in plan.budget_frames if f.division != "NV" or f.year != 2025])
    assert any(f.division == "NV" for f in plan.budget_frames)
    _, findings = check_plan(write_plan(tmp_path / "plan.xlsx", plan))
    assert [f.message[:30] for f in findings if "saknas för" in f.message] == ["Budgetram saknas för NV 2025. "]


def test_a_frame_row_with_its_own_error_is_not_reported_missing_too(plan_copy):
    _edit(plan_copy, "Budgetramar", "G2", None)  # netto missing on the first frame row
    _, findings = check_plan(plan_copy)
    assert [f.cell for f in _errors(findings)] == ["G2"]


# ------------------------------------------------------------------ PlanInvalid in Swedish
def test_plan_invalid_message_is_swedish():
    findings = [
        error(Rule.PLAN_INVALID, problem="a", sheet="Divisioner"),
        error(Rule.PLAN_INVALID, problem="b", sheet="Divisioner"),
    ]
    assert str(PlanInvalid(findings)) == "planen har 2 fel"
    assert str(PlanInvalid([*findings, warning(Rule.PLAN_INVALID, problem="c")])) == "planen har 2 fel"


def test_load_plan_raises_planinvalid_in_swedish(plan_copy):
    _edit(plan_copy, "Divisioner", "A2", "../x")
    with pytest.raises(PlanInvalid, match=r"^planen har \d+ fel$"):
        load_plan(plan_copy)


def test_a_region_with_many_units_loads_and_a_block_beyond_the_row_cap_is_reported(tmp_path, monkeypatch):
    from reporting.demo.units import unit_plan
    from reporting.plan import sheet_reader

    plan = unit_plan(60)
    path = write_plan(tmp_path / "plan.xlsx", plan)
    # the cap is above a region of 10 000 units: a frame per unit and year and two investments per unit
    assert sheet_reader.MAX_ROWS > 10_000 * 3 + 4 * 3 and sheet_reader.MAX_ROWS > 10_000 * 2 + 20
    assert len(load_plan(path).units) == 60
    monkeypatch.setattr(sheet_reader, "MAX_ROWS", 50)  # the Budgetramar sheet has 4 × 3 + 60 × 3 rows
    findings = [f for f in check_plan(path)[1] if f.sheet == "Budgetramar" and "ifyllda rader" in f.message]
    assert len(findings) == 1 and findings[0].cell == "A51"  # the header row counts
    assert findings[0].message.startswith("Fliken har fler än 50 ifyllda rader, fler än en plan har.")
