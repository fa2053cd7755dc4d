"""A data sheet without rows for its reporter says there is nothing to fill in, and the Instruktion names only
the sheets the controller fills: Västernorrland's plan has no investments and no internkontroll, and its
templates told controllers to fill the yellow cells of two empty sheets."""

from __future__ import annotations

import pytest

from reporting.demo.plan import demo_plan
from reporting.demo.seed_plans import write_seed_plan
from reporting.plan.periods import Period
from reporting.plan.read import load_plan
from reporting.template.write import build_template
from sheet_reads import sheet_values

T1 = Period(2025, "T1")


@pytest.fixture(scope="module")
def vn_plan(tmp_path_factory):
    return load_plan(write_seed_plan("vasternorrland-2025", tmp_path_factory.mktemp("vn") / "plan.xlsx"))


def _texts(path, *sheets):
    book = sheet_values(path, *sheets)
    return {name: [row[0] for row in rows if row and row[0]] for name, rows in book.items()}


def test_empty_sheets_say_so_and_the_instruktion_leaves_them_out(vn_plan, tmp_path):
    division = vn_plan.divisions[0]
    path = build_template(vn_plan, division.id, T1, tmp_path / "vn.xlsx")
    texts = _texts(path, "Instruktion", "Investeringar", "Internkontroll", "Nyckeltal")
    assert texts["Investeringar"][1] == "Inget att fylla i: planen har inga investeringsobjekt i den här mallen."
    assert texts["Internkontroll"][1] == (
        "Inget att fylla i: planen har inga kontrollmoment som följs upp denna period i den här mallen."
    )
    assert texts["Nyckeltal"][1].startswith("Fyll i utfall")  # a sheet with rows keeps its subtitle
    lines = texts["Instruktion"]
    assert lines[3] == (
        "1. Fyll i de gula cellerna på flikarna Nyckeltal, Uppdrag, Ekonomi och Åtgärdsplan. "
        "Övriga celler är låsta och förifyllda från nämndens plan."
    )
    assert not any(line.startswith("5. Internkontroll") for line in lines)
    assert any(line.startswith("5. Du får infoga rader") for line in lines)  # numbered on without a gap


def test_a_division_with_every_kind_of_row_is_told_to_fill_every_sheet(tmp_path):
    plan = demo_plan()
    path = build_template(plan, "MED", T1, tmp_path / "med.xlsx")
    lines = _texts(path, "Instruktion")["Instruktion"]
    assert lines[3].startswith(
        "1. Fyll i de gula cellerna på flikarna Nyckeltal, Uppdrag, Ekonomi, Åtgärdsplan, Investeringar och "
        "Internkontroll."
    )
    assert any(line.startswith("5. Internkontroll: välj") for line in lines)
