"""QA 34i: the investment sums cover one base, whole tkr, the unit's name, and a rejected division said so.

In the demo's T1 (demo_t1) the Hälso- och sjukvårdsdirektör (I09 350, I15 300) has not reported. Here Division
Medicin's I13 (budget 90) and I14 (80) are left without an upparbetat belopp, as a controller's file with an empty
cell and "16 tkr" typed gives them: the sums leave both out of budget and upparbetat and name them, in the
workbook and in both of the Word draft's layouts.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from decimal import Decimal

import docx
import pytest

from helpers import rows_of
from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.investments import InvestmentRow, investment_table, investment_total
from reporting.consolidate.labels import REJECTED
from reporting.output import word_investments
from reporting.output.report import write_report
from reporting.output.word_table import text
from reporting.plan.model import Unit

HSD = "Hälso- och sjukvårdsdirektör"
MED = "Division Medicin"
WITHOUT = "I13, I14 utan upparbetat belopp"
TOTAL = f"Summa (exkl. {HSD}; {WITHOUT})"


def _without_spent(result: Consolidation, spent: dict[str, Decimal | None]) -> Consolidation:
    rows = [replace(i, spent=spent[i.id]) if i.id in spent else i for i in result.investments]
    return replace(result, investments=rows)


@pytest.fixture(scope="module")
def med_gaps(demo_t1) -> Consolidation:
    return _without_spent(demo_t1()[1], {"I13": None, "I14": None})


def _reported(result: Consolidation, division: str = "") -> list:
    return [i for i in result.investments if i.status not in ("Ej inkommen", "Avvisad") and division in i.division]


def test_the_total_sums_budget_and_upparbetat_over_the_same_objects_and_names_those_left_out(med_gaps):
    total = investment_total(med_gaps.investments)
    with_spent = [i for i in _reported(med_gaps) if i.spent is not None]
    assert total.label == TOTAL
    assert total.amount == 46713 - 90 - 80 == sum(i.amount for i in with_spent)  # 46 543: I13, I14 out
    assert total.spent == sum(i.spent for i in with_spent)
    assert total.amount_all == 47363 and total.without_spent == ("I13", "I14")


def test_the_workbook_shows_the_same_sum_and_the_whole_budget_below_it(med_gaps, tmp_path):
    rows = {r[1]: r for r in rows_of(write_report(med_gaps, tmp_path / "out")[0], "Investeringar") if r[1]}
    total = investment_total(med_gaps.investments)
    assert (rows[TOTAL][5], rows[TOTAL][7]) == (46543, float(total.spent))
    assert rows["Budget, alla investeringar"][5] == 47363


def test_the_drafts_division_sum_leaves_the_same_objects_out_and_says_which(med_gaps):
    rows = {row[1]: row for row in word_investments.object_rows(med_gaps) if not row[0]}
    med = [i for i in _reported(med_gaps, MED) if i.spent is not None]
    summa = rows[f"Summa {MED} (exkl. {WITHOUT})"]
    assert summa[3] == 18137 - 170 == sum(i.amount for i in med)
    assert summa[5] == sum(i.spent for i in med)
    assert rows[TOTAL][3] == 46543 and rows["Budget, alla investeringar"][3] == 47363
    assert rows["Summa Division Kirurgi"][3] == 15481  # all reported with an amount: named as before


def test_thousands_of_objects_sum_as_the_few_and_count_those_without_upparbetat(med_gaps):
    doc = docx.Document()
    word_investments._investment_sums(doc, med_gaps)
    (table,) = doc.tables
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert rows[f"{MED} (exkl. {WITHOUT})"][1:3] == ["4", "17\u00a0967"]  # 18 137 − 90 − 80 over I01, I03, I05, I19
    assert rows[f"{MED} (exkl. {WITHOUT})"][4] == "2"
    assert rows[TOTAL][2] == "46\u00a0543" and rows[TOTAL][4] == "2"
    assert rows["Division Kirurgi"][4] == "0"


def test_one_function_gives_every_sum():
    """investment_sum is what the workbook's total and both of the draft's layouts use."""
    from reporting.consolidate.investments import investment_sum  # imported here: the function this test is about

    rows = [
        InvestmentRow("I1", "D", "", "x", "t", 100, "Pågår", Decimal(40), ""),
        InvestmentRow("I2", "D", "", "x", "t", 50, "Pågår", None, ""),
        InvestmentRow("I3", "D", "", "x", "t", 70, "Ej inkommen", None, ""),
    ]
    found = investment_sum(rows)
    assert (found.amount, found.spent, found.objects, found.without_spent) == (100, Decimal(40), 1, ("I2",))
    assert found.note == "I2 utan upparbetat belopp"
    assert investment_sum(rows[2:]).spent is None


def test_a_sum_with_a_decimal_upparbetat_is_shown_in_whole_tkr_the_cell_exact(demo_t1, tmp_path):
    """KIR's I10 typed 6,4 (mkr) for 6 406 tkr: its own row says 6,4 as typed; no sum shows "…,4"."""
    result = _without_spent(demo_t1()[1], {"I10": Decimal("6.4")})
    rows = {row[1]: row for row in word_investments.object_rows(result) if not row[0]}
    kirurgi = [i.spent for i in result.investments if i.division == "Division Kirurgi"]
    exact = sum(kirurgi, Decimal(0))
    assert exact == Decimal("1751.4")
    assert rows["Summa Division Kirurgi"][5] == Decimal(1751)
    assert text(rows["Summa Division Kirurgi"][5]) == "1\u00a0751"
    total = investment_total(result.investments)
    assert text(rows[total.label][5]) == text(total.spent.quantize(Decimal(1)))
    assert "," not in text(rows[total.label][5])
    i10 = next(row for row in word_investments.object_rows(result) if row[0] == "I10")
    assert text(i10[5]) == "6,4"
    sheet = {r[1]: r for r in rows_of(write_report(result, tmp_path / "out")[0], "Investeringar") if r[1]}
    assert Decimal(str(sheet[total.label][7])) == total.spent  # the cell keeps the exact sum


def test_an_enhet_given_by_id_is_shown_by_its_name(demo_t1):
    result = demo_t1()[1]
    plan = copy.deepcopy(result.plan)
    plan.units = [Unit("E02", "Klinisk kemi", "MED")]
    plan.investments = [replace(i, unit="E02") if i.id == "I05" else i for i in plan.investments]
    rows = investment_table(plan, {})  # nothing reported: the unit's name is the plan's, not the answers'
    assert next(i.unit for i in rows if i.id == "I05") == "Klinisk kemi"
    assert next(i.unit for i in rows if i.id == "I01") == "Röntgen Östersund"  # a name stays as the plan writes it


def test_a_rejected_division_is_named_avvisad_in_the_sums_label(demo_t1):
    result = demo_t1()[1]
    rows = [
        replace(i, status=REJECTED, spent=None) if i.division == "Division Kirurgi" else i for i in result.investments
    ]
    assert investment_total(rows).label == f"Summa (exkl. {HSD}; avvisad: Division Kirurgi)"


def test_nothing_left_out_is_a_plain_summa(demo_t1):
    result = demo_t1()[1]
    rows = [i for i in result.investments if i.division != HSD]
    total = investment_total(rows)
    assert (total.label, total.left_out, total.without_spent) == ("Summa", (), ())


def _row(id_: str, status: str, amount: int, spent: Decimal | None, unit_out: str = "") -> InvestmentRow:
    return InvestmentRow(id_, MED, "", f"Objekt {id_}", "Utrustning", amount, status, spent, "", unit_out)


def test_an_object_not_started_and_left_empty_is_in_the_sum_as_nothing_spent():
    """review34b #1: intake asks no upparbetat of "Ej påbörjad"; its budget stays in the Summa, nobody is blamed."""
    total = investment_total([_row("I1", "Pågår", 100, Decimal(40)), _row("I2", "Ej påbörjad", 500, None)])
    assert (total.label, total.amount, total.spent, total.without_spent) == ("Summa", 600, Decimal(40), ())


def test_a_division_whose_objects_are_all_of_units_not_in_names_them():
    """review34b #2: its draft row says whom it leaves out, not a whole division with no investments."""
    name, found = word_investments.summed(MED, [_row("I1", "Ej inkommen", 300, None, unit_out="Enhet 0013")])
    assert name == f"{MED} (exkl. Enhet 0013)" and found.spent is None


def test_the_workbooks_row_shows_a_decimal_upparbetat_as_typed_and_whole_ones_whole(demo_t1, tmp_path):
    """I10's 6,4 tkr typed is shown "6,4" on the Investeringar sheet, as in the draft (it was "6"); I11's whole
    amount keeps the whole-tkr format of every tkr cell."""
    import openpyxl

    result = _without_spent(demo_t1()[1], {"I10": Decimal("6.4")})
    book = openpyxl.load_workbook(write_report(result, tmp_path / "out")[0])
    sheet = book["Investeringar"]
    cells = {row[0].value: (row[5], row[7]) for row in sheet.iter_rows(min_row=5) if row[0].value}
    assert cells["I10"][1].value == 6.4
    assert cells["I10"][1].number_format.split(";")[0] == "#,##0.0"
    whole = next(i for i in result.investments if i.id != "I10" and i.spent and i.spent == i.spent.to_integral())
    budget, spent = cells[whole.id]
    assert spent.number_format == budget.number_format == '#,##0;[Red]"−"#,##0;"–"'  # every tkr cell's
