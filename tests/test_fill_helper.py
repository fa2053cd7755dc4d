"""The fill helper reads a template once and saves every variant from that read: each saved file must be
the one a fresh read of the template gives, whatever was filled before (dates add styles, cells are created)."""

from __future__ import annotations

import zipfile
from datetime import datetime

import helpers
from helpers import AsText, complete_edits, fill
from reporting.plan.periods import Period

T1 = Period(2025, "T1")


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:  # docProps/core.xml holds the time of saving
        return {name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"}


def test_a_fill_from_the_read_template_is_the_fill_of_a_fresh_read(make_template, plan, tmp_path):
    template = make_template("MED", T1)
    full = complete_edits(plan, "MED")
    odd = {("Nyckeltal", "N01", "outcome"): datetime(2025, 3, 1), ("Nyckeltal", "N04", "outcome"): AsText("=1+1")}
    helpers._PARSED.clear()
    helpers._SAVED.clear()
    fresh = {name: _parts(fill(template, edits, tmp_path / f"fresh-{name}.xlsx")) for name, edits in [("odd", odd)]}
    helpers._PARSED.clear()
    helpers._SAVED.clear()
    fresh["full"] = _parts(fill(template, full, tmp_path / "fresh-full.xlsx"))
    assert len(helpers._PARSED) == 1
    for name, edits in [("full", full), ("odd", odd), ("full", full), ("odd", odd)]:
        helpers._SAVED.clear()  # saved from the kept read, not copied from an earlier save
        again = _parts(fill(template, edits, tmp_path / f"again-{name}.xlsx"))
        assert again == fresh[name], name
    assert len(helpers._PARSED) == 1  # read once
    assert fresh["odd"] != fresh["full"]


def test_a_repeated_fill_is_the_first_fills_file_and_a_value_of_another_type_is_another_fill(make_template, tmp_path):
    template = make_template("MED", T1)
    helpers._SAVED.clear()
    first = fill(template, {("Nyckeltal", "N01", "outcome"): 1}, tmp_path / "first.xlsx")
    again = fill(template, {("Nyckeltal", "N01", "outcome"): 1}, tmp_path / "again.xlsx")
    assert again.read_bytes() == first.read_bytes() and len(helpers._SAVED) == 1
    as_float = fill(template, {("Nyckeltal", "N01", "outcome"): 1.0}, tmp_path / "float.xlsx")
    as_text = fill(template, {("Nyckeltal", "N01", "outcome"): AsText("1")}, tmp_path / "text.xlsx")
    assert len(helpers._SAVED) == 3  # 1.0 is saved on its own (openpyxl happens to write it as 1)
    assert _parts(as_text) != _parts(first) and _parts(as_float) != _parts(as_text)


def test_an_edit_from_the_kept_read_is_the_edit_of_a_fresh_read(demo_plan_xlsx, tmp_path):
    from openpyxl import load_workbook

    def change(wb):
        wb["Nyckeltal"]["F7"] = "Minst ,88"
        wb["Budgetramar"]["H3"] = datetime(2025, 3, 1)  # a date adds a style

    wb = load_workbook(demo_plan_xlsx)
    change(wb)
    wb.save(tmp_path / "fresh.xlsx")
    helpers._READ.clear()
    helpers._SEEN.clear()
    edited = [helpers.edit_workbook(demo_plan_xlsx, change, tmp_path / f"{n}.xlsx") for n in range(3)]
    assert len(helpers._READ) == 1  # kept from the second read on, the third is unpickled
    assert _parts(edited[0]) == _parts(edited[1]) == _parts(edited[2]) == _parts(tmp_path / "fresh.xlsx")
    assert _parts(edited[0]) != _parts(demo_plan_xlsx)


def test_a_template_of_an_equal_plan_is_a_copy_and_another_plan_builds_its_own(tmp_path):
    from dataclasses import replace

    from reporting.demo.plan import demo_plan

    helpers._BUILT.clear()
    first = helpers.template_copy(demo_plan(), "MED", T1, tmp_path / "a" / "first.xlsx")
    again = helpers.template_copy(demo_plan(), "MED", T1, tmp_path / "b" / "again.xlsx")
    assert again.read_bytes() == first.read_bytes() and len(helpers._BUILT) == 1
    other = helpers.template_copy(replace(demo_plan(), board="Annan nämnd"), "MED", T1, tmp_path / "other.xlsx")
    nv = helpers.template_copy(demo_plan(), "NV", T1, tmp_path / "nv.xlsx")
    assert len(helpers._BUILT) == 3
    assert (
        b"Annan n" in _parts(other)["xl/sharedStrings.xml"] and b"Annan n" not in _parts(first)["xl/sharedStrings.xml"]
    )
    assert _parts(nv) != _parts(first)


def test_sheet_values_are_the_values_of_a_full_read(seed002_run):
    """The read-only helper gives, sheet by sheet, what iter_rows(values_only=True) of a full read gives, for a
    template and the report it was consolidated into (formats and tkr amounts of seed 002)."""
    from econ_plans import report_path, workbook
    from helpers import sheet_values

    folder, _ = seed002_run
    for path in (folder / "mall-HSD.xlsx", report_path(folder)):
        full, values = workbook(path), sheet_values(path)
        assert list(values) == values.names == full.sheetnames
        for ws in full:
            assert values[ws.title] == list(ws.iter_rows(values_only=True)), ws.title
        numbers = [v for rows in values.values() for row in rows for v in row if type(v) in (int, float)]
        assert len(numbers) >= 10, path.name  # amounts, not only text
    assert list(sheet_values(report_path(folder), "Ekonomi", "Sammanfattning")) == ["Sammanfattning", "Ekonomi"]
