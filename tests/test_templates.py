"""Division templates: names, protection, unlocked inputs, validation rules, defined names, metadata."""

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from econ_plans import seed002_plan
from helpers import SHEET_COLUMNS, rows_of, sheet_values, template_copy, value_at
from reporting.plan.periods import Period
from reporting.template.spec import META_KEYS, TEMPLATE_VERSION
from reporting.template.write import generate_templates

PERIODS = [Period(2025, "T1"), Period(2025, "delar"), Period(2025, "helar")]


def is_input(sheet, row_id, column):
    """The netto row of Ekonomi is formulas except its comment."""
    if sheet == "Ekonomi" and row_id == "NETTO":
        return column.key == "comment"
    return column.input


def test_templates_for_four_divisions_and_three_periods(tmp_path, plan):
    paths = [p for period in PERIODS for p in generate_templates(plan, period, tmp_path)]
    assert sorted(p.name for p in paths) == sorted(
        f"{period.key} {name}.xlsx"
        for period in PERIODS
        for name in ("Hälso- och sjukvårdsdirektör", "Division Medicin", "Division Kirurgi", "Division nära vård")
    )
    for path in paths:
        book = CalamineWorkbook.from_path(path)  # sheet names and states only: no cells read
        assert book.sheet_names == [
            "Instruktion",
            "Nyckeltal",
            "Uppdrag",
            "Ekonomi",
            "Åtgärdsplan",
            "Investeringar",
            "Internkontroll",
            "_meta",
        ]
        assert next(m.visible for m in book.sheets_metadata if m.name == "_meta") == SheetVisibleEnum.Hidden


def test_prefilled_from_the_plan(tmp_path, plan, make_template):
    book = sheet_values(make_template("MED"), "Instruktion", "Nyckeltal", "Ekonomi")
    rows = book["Nyckeltal"]
    assert list(rows[3]) == [c.header for c in SHEET_COLUMNS["Nyckeltal"]]
    ids = [row[0] for row in rows[4:]]
    assert ids == [k.id for k in plan.key_figures_for("MED")]
    assert value_at(rows, "C5") == "Minst 4,01"
    eco = book["Ekonomi"]
    assert [value_at(eco, f"C{r}") for r in range(5, 10)] == [94.1, 274.3, -1282.4, -22.3, -181.1]
    assert value_at(eco, "C10") == "=SUM(C5,C6,C7,C8,C9)"
    assert value_at(book["Instruktion"], "A13") == "Sista dag: 2025-05-09."


def test_only_input_cells_are_unlocked_and_sheets_protected(make_template):
    wb = load_workbook(make_template("NV"))
    for sheet, columns in SHEET_COLUMNS.items():
        ws = wb[sheet]
        assert ws.protection.sheet is True
        assert ws.protection.password is None  # opens and edits without a password
        assert ws.protection.insertRows is False  # False means "not forbidden" in the OOXML flags
        for row in ws.iter_rows(min_row=5, max_row=ws.max_row):
            if row[0].value is None:
                continue
            for column, cell in zip(columns, row):
                assert cell.protection.locked is (not is_input(sheet, row[0].value, column)), (sheet, cell.coordinate)


def test_every_input_has_validation_with_swedish_messages(plan, make_template):
    wb = load_workbook(make_template("KIR"))
    for sheet, columns in SHEET_COLUMNS.items():
        ws = wb[sheet]
        covered = {}
        for dv in ws.data_validations.dataValidation:
            assert dv.error and dv.errorTitle, (sheet, dv.sqref)
            for cell_range in dv.sqref.ranges:
                for row in range(cell_range.min_row, cell_range.max_row + 1):
                    for col in range(cell_range.min_col, cell_range.max_col + 1):
                        covered[(row, col)] = dv
        for row in ws.iter_rows(min_row=5, max_row=ws.max_row):
            if row[0].value is None:
                continue
            for index, column in enumerate(columns, start=1):
                if is_input(sheet, row[0].value, column):
                    assert (row[0].row, index) in covered, (sheet, row[0].row, column.key)
    nyckeltal = wb["Nyckeltal"]
    rules = {(dv.type, dv.formula1, dv.formula2) for dv in nyckeltal.data_validations.dataValidation}
    assert ("decimal", "-100", "100") in rules  # percentages
    status = [dv for dv in wb["Uppdrag"].data_validations.dataValidation if dv.type == "list"]
    assert status[0].formula1 == '"Genomfört,Pågår enligt plan,Pågår med avvikelse,Ej påbörjat"'
    costs = [dv for dv in wb["Ekonomi"].data_validations.dataValidation if dv.type == "decimal"]
    assert {(dv.formula1, dv.formula2) for dv in costs} == {("0", "1000000.0"), ("-1000000.0", "0")}
    assert "minustecken" in " ".join(dv.error for dv in costs)


def test_defined_names_and_metadata(plan, make_template):
    wb = load_workbook(make_template("MED"))
    names = set(wb.defined_names.keys())
    assert {f"rpt_{k}" for k in META_KEYS} <= names
    assert {
        "rpt_header_nyckeltal",
        "rpt_header_ekonomi",
        "rpt_header_uppdrag",
        "rpt_header_atgardsplan",
        "rpt_header_investeringar",
    } <= names
    meta = {row[0].value: row[1].value for row in wb["_meta"].iter_rows()}
    assert meta["division_id"] == "MED"
    assert meta["period"] == "2025-T1"
    assert meta["template_version"] == TEMPLATE_VERSION
    assert meta["plan_hash"] == plan.digest()
    assert list(wb.defined_names["rpt_header_ekonomi"].destinations) == [("Ekonomi", "$A$4:$I$4")]


def test_print_setup(make_template):
    wb = load_workbook(make_template("MED"))
    ws = wb["Nyckeltal"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$4:$4"
    assert "Division Medicin" in ws.oddFooter.left.text and "2025-T1" in ws.oddFooter.left.text
    assert ws.freeze_panes == "C5"


def test_instruktion_names_the_plans_unit_and_at_year_end_what_need_not_be_filled(tmp_path, plan, make_template):
    """A tkr plan's controllers were told "Ekonomi anges i mkr"; the årsrapport's asked for forecasts it ignores."""
    tkr = template_copy(seed002_plan(), "HSD", Period(2025, "T1"), tmp_path / "tkr.xlsx")
    lines = [row[0] for row in rows_of(tkr, "Instruktion") if row and row[0]]
    assert "3. Ekonomi anges i tkr: intäkter positiva, kostnader med minustecken. Netto räknas ut automatiskt." in lines
    year = [row[0] for row in rows_of(make_template("MED", Period(2025, "helar")), "Instruktion") if row and row[0]]
    assert "3. Ekonomi anges i mkr: intäkter positiva, kostnader med minustecken. Netto räknas ut automatiskt." in year
    assert any(line.startswith("4. Årsrapport: utfallet är årets resultat") for line in year)
    t1 = [row[0] for row in rows_of(make_template("MED", Period(2025, "T1")), "Instruktion") if row and row[0]]
    assert not any("Årsrapport" in line for line in t1)
