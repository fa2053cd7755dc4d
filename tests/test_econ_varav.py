"""A "varav" row a controller inserts in Ekonomi under an account group (brief econ33 item 1a, 1b).

The template sums Netto cell by cell, so an inserted row never enters it; a file made from an earlier template
(Netto a SUM over the range, which the inserted row widens) gets a warning at the row's cell and no
netto-mismatch for exactly that row's amount. Rows are inserted here as Excel inserts them: every reference at
or below the row moves down one, a range around it grows, and the range SUMs' cached results count the row.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from helpers import answer, complete_edits
from reporting.findings import Rule, Severity
from reporting.intake.checking import check_file
from reporting.plan.periods import Period
from test_hostile import _rewrite
from test_robust_read import EKONOMI, as_fill, member

T1 = Period(2025, "T1")
_REF = re.compile(r"(\$?[A-Z]{1,3}\$?)(\d+)")
_FORMULA_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*)><f>([^<]*)</f><v>([^<]*)</v></c>')


def _shift(text: str, at: int) -> str:
    """References at or below row ``at`` one row down, as Excel moves them when a row is inserted at ``at``."""
    return _REF.sub(lambda m: f"{m[1]}{int(m[2]) + (int(m[2]) >= at)}", text)


def insert_row(sheet: str, at: int, values: dict[str, float], label: str = "varav hyrpersonal") -> str:
    """The sheet XML with a row inserted at ``at`` (B: ``label``, then ``values`` by column letter), as Excel
    saves it: rows, cells and formulas moved, and each range SUM's cached result counting the new row."""
    sheet = re.sub(r'(<row r=")(\d+)"', lambda m: f'{m[1]}{int(m[2]) + (int(m[2]) >= at)}"', sheet)
    sheet = re.sub(r'(<c r=")([A-Z]+\d+)"', lambda m: f'{m[1]}{_shift(m[2], at)}"', sheet)
    sheet = re.sub(r"<f>([^<]*)</f>", lambda m: f"<f>{_shift(m[1], at)}</f>", sheet)
    cells = f'<c r="B{at}" t="inlineStr"><is><t>{label}</t></is></c>'
    cells += "".join(f'<c r="{col}{at}"><v>{value}</v></c>' for col, value in sorted(values.items()))
    new = f'<row r="{at}">{cells}</row>'
    below = f'<row r="{at + 1}"'
    sheet = (
        sheet.replace(below, new + below, 1) if below in sheet else sheet.replace("</sheetData>", new + "</sheetData>")
    )

    def recount(m: re.Match[str]) -> str:
        col, formula, cached = m[1], m[4], m[5]
        spans = [(int(a), int(b)) for c, a, d, b in re.findall(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", formula) if c == col]
        if col in values and any(a <= at <= b for a, b in spans):
            cached = repr(float(cached) + values[col])
        return f'<c r="{col}{m[2]}"{m[3]}><f>{formula}</f><v>{cached}</v></c>'

    return _FORMULA_CELL.sub(recount, sheet)


def as_earlier_template(sheet: str) -> str:
    """The sheet with each SUM over cells one by one written as earlier templates wrote it: over ranges."""

    def ranged(m: re.Match[str]) -> str:
        refs = [(c, int(r)) for c, r in re.findall(r"([A-Z]+)(\d+)", m[1])]
        runs: list[list[tuple[str, int]]] = []
        for ref in refs:
            if runs and runs[-1][-1][1] == ref[1] - 1:
                runs[-1].append(ref)
            else:
                runs.append([ref])
        parts = [f"{r[0][0]}{r[0][1]}" + (f":{r[-1][0]}{r[-1][1]}" if len(r) > 1 else "") for r in runs]
        return f"<f>SUM({','.join(parts)})</f>"

    return re.sub(r"<f>SUM\(([A-Z0-9,]+)\)</f>", ranged, sheet)


@pytest.fixture(scope="module")
def filled_med(tmp_path_factory, plan) -> Path:
    """A complete Medicin file with real cached formula values (rows 5–9 the groups, 10 Netto)."""
    from reporting.template.write import build_template

    folder = tmp_path_factory.mktemp("varav")
    return build_template(plan, "MED", T1, folder / "med.xlsx", as_fill(complete_edits(plan, "MED")))


def _with_sheet(source: Path, target: Path, sheet: str) -> Path:
    return _rewrite(source, target, replace={EKONOMI: sheet.encode("utf-8")})


VARAV = {"E": -12.0, "G": -36.0}  # under Externa kostnader (row 7): utfall and helårsprognos, in mkr


def test_netto_sums_the_groups_cell_by_cell_so_an_inserted_row_is_not_in_it(filled_med, plan, tmp_path):
    sheet = insert_row(member(filled_med, EKONOMI).decode("utf-8"), 8, VARAV)
    assert "<f>SUM(E5,E6,E7,E9,E10)</f>" in sheet  # the groups moved down; the new row 8 is not named
    result = check_file(_with_sheet(filled_med, tmp_path / "varav.xlsx", sheet), plan, T1)
    assert [(f.rule, f.severity, f.cell) for f in result.findings] == [
        (Rule.STRUCTURE_CHANGED, Severity.WARNING, "A8")  # "Rad 8 saknar id, så värdena där läses inte"
    ]
    assert answer(result.submission, "Ekonomi", "NETTO", "actual") == Decimal("-372.467")


def test_a_row_inside_an_earlier_templates_netto_range_is_said_at_its_cells_not_as_a_netto_mismatch(
    filled_med, plan, tmp_path
):
    earlier = as_earlier_template(member(filled_med, EKONOMI).decode("utf-8"))
    assert "<f>SUM(E5:E9)</f>" in earlier
    sheet = insert_row(earlier, 8, VARAV)
    assert "<f>SUM(E5:E10)</f>" in sheet  # the range grew over the inserted row
    path = _with_sheet(filled_med, tmp_path / "varav.xlsx", sheet)
    result, careful = check_file(path, plan, T1), check_file(path, plan, T1, careful=True)
    found = [(f.rule, f.severity, f.cell) for f in result.findings]
    assert found == [(Rule.ROW_IN_NETTO, Severity.WARNING, "E8"), (Rule.ROW_IN_NETTO, Severity.WARNING, "G8")]
    assert [(f.rule, f.severity, f.cell) for f in careful.findings] == found  # openpyxl's reader too
    assert result.findings[0].message == (
        "Raden saknar id, men −12 mkr här räknas in i Netto: i den här äldre mallen summerar nettoformeln alla "
        "rader mellan kontogrupperna. Ta bort raden, eller skriv delen i kommentaren på kontogruppens rad "
        '(t.ex. "varav hyrpersonal 1,2 mkr").'
    )
    assert answer(result.submission, "Ekonomi", "NETTO", "actual") == Decimal("-384.467")  # as the file says


def test_an_earlier_templates_netto_that_differs_by_more_than_the_row_is_still_a_mismatch(filled_med, plan, tmp_path):
    sheet = insert_row(as_earlier_template(member(filled_med, EKONOMI).decode("utf-8")), 8, VARAV)
    forged = re.sub(r'(<c r="E11"[^>]*><f>[^<]*</f><v>)[^<]*(</v>)', r"\g<1>-400\2", sheet)  # netto overwritten
    result = check_file(_with_sheet(filled_med, tmp_path / "forged.xlsx", forged), plan, T1)
    found = [(f.rule, f.cell) for f in result.findings]
    assert found == [(Rule.ROW_IN_NETTO, "E8"), (Rule.ROW_IN_NETTO, "G8"), (Rule.NETTO_MISMATCH, "E11")]


def test_a_row_below_netto_or_holding_text_is_not_read_as_before(filled_med, plan, tmp_path):
    earlier = as_earlier_template(member(filled_med, EKONOMI).decode("utf-8"))
    sheet = insert_row(earlier, 12, {"E": -5.0}, "egen summa")  # below Netto (row 10): in no range
    sheet = insert_row(sheet, 8, {}, "varav")
    sheet = sheet.replace('<c r="B8" t="inlineStr"><is><t>varav</t></is></c>', "").replace(
        '<row r="8">', '<row r="8"><c r="E8" t="inlineStr"><is><t>12 mkr</t></is></c>'
    )  # text: SUM skips it
    result = check_file(_with_sheet(filled_med, tmp_path / "rows.xlsx", sheet), plan, T1)
    assert [(f.rule, f.cell) for f in result.findings] == [(Rule.STRUCTURE_CHANGED, "A8")]
    assert (
        result.findings[0].message
        == "Raderna 8 och 13 saknar id, så värdena där läses inte. Skriv värdena på mallens rader; en egen rad räknas inte."
    )


@pytest.mark.libreoffice
@pytest.mark.parametrize("earlier", [False, True], ids=["template", "earlier-template"])
def test_libreoffice_recalculates_netto_without_or_with_the_inserted_row(soffice, filled_med, plan, tmp_path, earlier):
    """LibreOffice computes the formulas itself (their cached results dropped) and saves: the template's Netto
    leaves the inserted row out; an earlier template's counts it, and intake says so at the row's cells."""
    from openpyxl import load_workbook

    from reporting.output.libreoffice import convert

    sheet = member(filled_med, EKONOMI).decode("utf-8")
    sheet = insert_row(as_earlier_template(sheet) if earlier else sheet, 8, VARAV)
    uncached = re.sub(r"(<c [^>]*>)<f>([^<]*)</f><v>[^<]*</v></c>", r"\1<f>\2</f></c>", sheet)
    resaved = convert(_with_sheet(filled_med, tmp_path / "varav.xlsx", uncached), "xlsx", tmp_path / "lo")
    formula = load_workbook(resaved)["Ekonomi"]["E11"].value
    assert formula == ("=SUM(E5:E10)" if earlier else "=SUM(E5,E6,E7,E9,E10)")
    result = check_file(resaved, plan, T1)
    netto = answer(result.submission, "Ekonomi", "NETTO", "actual")
    if earlier:
        assert [(f.rule, f.cell) for f in result.findings] == [(Rule.ROW_IN_NETTO, "E8"), (Rule.ROW_IN_NETTO, "G8")]
        assert netto == Decimal("-384.467")
    else:
        assert [(f.rule, f.cell) for f in result.findings] == [(Rule.STRUCTURE_CHANGED, "A8")]
        assert netto == Decimal("-372.467")
