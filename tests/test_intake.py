"""Reading filled templates the ways people fill them, and every content rule, triggered and not."""

import pickle
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

# read_workbook: a file of the same bytes read by an earlier test is unpickled from that read (helpers)
from helpers import answer, answer_cell, complete_edits, fill, locate, read_workbook
from reporting.findings import Severity
from reporting.intake.checking import check_file
from reporting.plan.periods import Period
from reporting.template.cell_text import shown

T1 = Period(2025, "T1")


@pytest.fixture
def filled(make_template, plan, tmp_path):
    """A complete, clean submission for a division, plus extra edits."""

    def make(division="MED", extra=None, out_name=None):
        path = make_template(division)
        edits = complete_edits(plan, division)
        edits.update(extra or {})
        return fill(path, edits, tmp_path / (out_name or f"filled-{division}.xlsx"))

    return make


def rules(result):
    return sorted((f.rule, f.sheet, f.cell) for f in result.findings)


@pytest.mark.parametrize("division", ["HSD", "MED", "KIR", "NV"])
def test_complete_submission_has_no_findings(filled, plan, division):
    result = check_file(filled(division), plan, T1)
    assert result.accepted
    assert result.findings == []


def test_typed_swedish_numbers(filled, plan):
    path = filled(
        "NV",
        {
            ("Nyckeltal", "N02", "outcome"): "88,5 %",
            ("Nyckeltal", "N20", "outcome"): "2\u00a0812,5",
            ("Nyckeltal", "N15", "outcome"): "9,5",
            ("Ekonomi", "IK", "actual"): "\u221273,8",
            ("Ekonomi", "EI", "actual"): "1 234,5",
        },
    )
    result = check_file(path, plan, T1)
    sub = result.submission
    assert answer(sub, "Nyckeltal", "N02", "outcome") == Decimal("88.5")
    assert answer(sub, "Nyckeltal", "N20", "outcome") == Decimal("2812.5")
    assert answer(sub, "Nyckeltal", "N15", "outcome") == Decimal("9.5")
    assert answer(sub, "Ekonomi", "IK", "actual") == Decimal("-73.800")
    assert answer(sub, "Ekonomi", "EI", "actual") == Decimal("1234.500")
    assert [f for f in result.findings if f.rule == "not-a-number"] == []


@pytest.mark.parametrize("careful", [False, True])
def test_a_percent_typed_into_a_figure_that_is_no_percent_is_read_with_a_warning(filled, plan, careful):
    path = filled("MED")
    wb = read_workbook(path)
    cell = locate(wb["Nyckeltal"], "N14", "outcome", "Nyckeltal")  # Överbeläggningar, utlok/100 vpl
    wb["Nyckeltal"][cell] = "1,5 %"
    wb.save(path)
    result = check_file(path, plan, T1, careful=careful)
    assert answer(result.submission, "Nyckeltal", "N14", "outcome") == Decimal("1.5")
    (warned,) = [f for f in result.findings if f.cell == cell]
    assert (warned.rule.value, warned.severity.value) == ("out-of-range", "varning")
    assert warned.message.startswith(
        "Värdet 1,5 % har ett procenttecken, men N14 mäts i utlok/100 vpl, inte i procent, och läses som 1,5."
    )


def test_percent_typed_as_fraction_in_a_percent_cell(filled, plan, tmp_path):
    path = filled("NV")
    wb = read_workbook(path)
    ws = wb["Nyckeltal"]
    fraction_cell, points_cell = locate(ws, "N02", "outcome", "Nyckeltal"), locate(ws, "N03", "outcome", "Nyckeltal")
    for ref, value in ((fraction_cell, 0.885), (points_cell, 88)):
        ws[ref].number_format = "0.0%"
        ws[ref] = value
    literal = locate(ws, "N07", "outcome", "Nyckeltal")
    ws[literal] = 0.8  # our literal "%" format: 0,8 is read as 80 % with a warning
    wb.save(path)
    result = check_file(path, plan, T1)
    assert answer(result.submission, "Nyckeltal", "N02", "outcome") == Decimal("88.500")
    assert answer(result.submission, "Nyckeltal", "N03", "outcome") == Decimal("88")
    assert answer(result.submission, "Nyckeltal", "N07", "outcome") == Decimal("80.0")
    assert [(f.severity.value, f.cell) for f in result.findings] == [("varning", literal)]
    assert "Värdet 0,8 tolkas som 80 %" in result.findings[0].message  # Swedish numbers, not 0.8 and 80.0


def test_blank_versus_zero(filled, plan):
    # Division Kirurgi has no internal income budget: blank means zero. Medicin has one: blank is missing.
    kir = check_file(
        filled(
            "KIR",
            {
                ("Ekonomi", "II", "actual"): None,
                ("Ekonomi", "II", "periodised"): None,
                ("Ekonomi", "II", "forecast"): None,
            },
        ),
        plan,
        T1,
    )
    assert kir.findings == []
    med = check_file(filled("MED", {("Ekonomi", "II", "actual"): None}), plan, T1)
    assert [(f.rule, f.cell) for f in med.findings] == [("required-missing", "E6")]
    assert med.findings[0].message == "Utfall saknas för Interna intäkter."
    zero = check_file(filled("MED", {("Åtgärdsplan", "A1", "achieved"): 0}), plan, T1)
    assert zero.findings == [] and answer(zero.submission, "Åtgärdsplan", "A1", "achieved") == Decimal("0.000")


def test_formula_without_cached_value_is_a_finding(filled, plan):
    path = filled("MED", {("Åtgärdsplan", "A1", "achieved"): "=2+3"})
    result = check_file(path, plan, T1)
    assert rules(result) == [("formula-no-cache", "Åtgärdsplan", "E5")]
    assert "=2+3" in result.findings[0].message


def test_a_group_forecast_without_value_leaves_the_netto_forecast_unjudged(filled, plan):
    """The other groups' forecasts alone are no netto: no "+1 280,5 mkr" deviation to explain."""
    uncached = check_file(filled("MED", {("Ekonomi", "EK", "forecast"): "=E7*3"}), plan, T1)
    assert rules(uncached) == [("formula-no-cache", "Ekonomi", "G7")]
    blank = check_file(filled("MED", {("Ekonomi", "EK", "forecast"): None}), plan, T1)
    assert rules(blank) == [("required-missing", "Ekonomi", "G7")]


def test_date_in_a_number_cell(filled, plan):
    result = check_file(filled("MED", {("Nyckeltal", "N01", "outcome"): datetime(2025, 4, 30)}), plan, T1)
    assert rules(result) == [("not-a-number", "Nyckeltal", "E5")]


def test_inserted_rows_and_a_note_sheet(filled, plan):
    path = filled("MED", {("Nyckeltal", "N04", "outcome"): 70.5})
    wb = read_workbook(path)
    ws = wb["Nyckeltal"]
    ws.insert_rows(2, amount=3)  # above the header
    ws.insert_rows(10, amount=1)  # between data rows
    ws["B10"] = "Egen anteckning utan id"
    wb.create_sheet("Mina anteckningar")["A1"] = "=1+1"
    wb.save(path)
    result = check_file(path, plan, T1)
    assert result.findings == []
    assert answer(result.submission, "Nyckeltal", "N04", "outcome") == Decimal("70.5")
    assert answer_cell(result.submission, "Nyckeltal", "N04", "outcome") == "E9"  # moved from E6


def test_the_rows_of_a_sheet_share_one_column_mapping_also_across_the_process_pool(filled, plan):
    """The memory a held answer costs: its row number and the sheet's one field -> letter mapping (issue 16)."""
    sent = check_file(filled("MED", {}), plan, T1).submission
    sub = pickle.loads(pickle.dumps(sent))  # as a worker sends it
    assert sub == sent and sub.answers.key_figures["N01"].cell("outcome") == "E5"
    for rows in (sub.answers.key_figures, sub.answers.assignments, sub.answers.economy):
        assert len(rows) > 1 and len({id(a.columns) for a in rows.values()}) == 1
    assert answer_cell(sub, "Nyckeltal", "N01", "outcome") == "E5"
    assert answer_cell(sub, "Nyckeltal", "N01", "no such field") == ""


def test_reordered_rows_are_read_by_id(filled, plan):
    path = filled("MED", {("Nyckeltal", "N01", "outcome"): 4.2, ("Nyckeltal", "N04", "outcome"): 66})
    wb = read_workbook(path)
    ws = wb["Nyckeltal"]
    first = [c.value for c in ws[5]]
    second = [c.value for c in ws[6]]
    for col, value in enumerate(second, start=1):
        ws.cell(row=5, column=col, value=value)
    for col, value in enumerate(first, start=1):
        ws.cell(row=6, column=col, value=value)
    wb.save(path)
    sub = check_file(path, plan, T1).submission
    assert answer(sub, "Nyckeltal", "N01", "outcome") == Decimal("4.2")
    assert answer_cell(sub, "Nyckeltal", "N01", "outcome") == "E6"
    assert answer(sub, "Nyckeltal", "N04", "outcome") == Decimal("66")


# ------------------------------------------------------------------ rules, triggered and not
def test_required_missing(filled, plan):
    result = check_file(
        filled("MED", {("Nyckeltal", "N01", "outcome"): None, ("Uppdrag", "U01", "status"): None}), plan, T1
    )
    assert rules(result) == [("required-missing", "Nyckeltal", "E5"), ("required-missing", "Uppdrag", "D5")]
    assert result.findings[0].message == "Utfall saknas för nyckeltal N01."


def test_not_a_number(filled, plan):
    result = check_file(filled("MED", {("Nyckeltal", "N01", "forecast"): "ej klart"}), plan, T1)
    assert rules(result) == [("not-a-number", "Nyckeltal", "G5")]
    assert result.findings[0].message == '"ej klart" är inte ett tal. Skriv ett tal, t.ex. 88,5.'


def test_out_of_range(filled, plan):
    result = check_file(
        filled("MED", {("Nyckeltal", "N04", "outcome"): 110, ("Ekonomi", "EK", "actual"): 400}), plan, T1
    )
    assert rules(result) == [("out-of-range", "Ekonomi", "E7"), ("out-of-range", "Nyckeltal", "E6")]


def test_status_not_in_the_list(filled, plan):
    result = check_file(filled("MED", {("Uppdrag", "U02", "status"): "Klar"}), plan, T1)
    assert rules(result) == [("status-invalid", "Uppdrag", "D6")]
    ok = check_file(filled("MED", {("Uppdrag", "U02", "status"): "genomfört"}), plan, T1)
    assert ok.findings == [] and answer(ok.submission, "Uppdrag", "U02", "status") == "Genomfört"


def test_netto_overwritten_differs_from_parts(filled, plan):
    path = filled("MED", {("Ekonomi", "NETTO", "actual"): -300.0})
    result = check_file(path, plan, T1)
    assert rules(result) == [("netto-mismatch", "Ekonomi", "E10")]


def test_forecast_deviation_needs_a_comment(filled, plan):
    deviating = {("Ekonomi", "EK", "forecast"): -1330.0}
    result = check_file(filled("MED", deviating), plan, T1)
    assert rules(result) == [("forecast-no-comment", "Ekonomi", "I10"), ("forecast-no-comment", "Ekonomi", "I7")]
    assert result.findings[0].message == (  # costs over budget: a negative deviation, said in words
        "Helårsprognosen för Externa kostnader är 47,6 mkr sämre än budget; förklara avvikelsen i kommentaren."
    )
    lower = check_file(filled("MED", {("Ekonomi", "EK", "forecast"): -1230.0}), plan, T1)
    assert [f.message for f in lower.findings if f.cell == "I7"] == [
        "Helårsprognosen för Externa kostnader är 52,4 mkr bättre än budget; förklara avvikelsen i kommentaren."
    ]
    explained = {
        **deviating,
        ("Ekonomi", "EK", "comment"): "Inhyrd personal.",
        ("Ekonomi", "NETTO", "comment"): "Underskott.",
    }
    assert check_file(filled("MED", explained), plan, T1).findings == []


def test_target_not_met_needs_analysis(filled, plan):
    result = check_file(filled("MED", {("Nyckeltal", "N04", "outcome"): 50}), plan, T1)
    assert rules(result) == [
        ("target-missed-no-analysis", "Nyckeltal", "I6"),
        ("target-missed-no-analysis", "Nyckeltal", "J6"),
    ]
    assert [f.severity.value for f in sorted(result.findings, key=lambda f: f.cell)] == ["fel", "varning"]
    explained = check_file(
        filled(
            "MED",
            {
                ("Nyckeltal", "N04", "outcome"): 50,
                ("Nyckeltal", "N04", "analysis"): "Vakanser.",
                ("Nyckeltal", "N04", "actions"): "Extra mottagningar.",
            },
        ),
        plan,
        T1,
    )
    assert explained.findings == []


def test_structure_changes(filled, plan):
    path = filled("MED")
    wb = read_workbook(path)
    del wb["Investeringar"]
    wb["Uppdrag"]["A6"] = "U99"
    wb["Nyckeltal"]["C5"] = "Minst 3"
    wb["Åtgärdsplan"]["F4"] = "Prognos"
    wb.save(path)
    result = check_file(path, plan, T1)
    found = {(f.rule, f.severity.value, f.sheet, f.cell) for f in result.findings}
    assert ("structure-changed", "fel", "Investeringar", "") in found
    assert ("structure-changed", "varning", "Uppdrag", "A6") in found  # unknown id U99
    assert ("structure-changed", "fel", "Uppdrag", "A4") in found  # row U02 missing: at the Id column's header
    assert ("structure-changed", "fel", "Nyckeltal", "C5") in found  # locked target edited
    renamed = [f for f in result.findings if f.sheet == "Åtgärdsplan" and "Prognos effekt helår" in f.message]
    assert [f.cell for f in renamed] == ["F4"]  # the renamed header's own cell, not the next free column


@pytest.mark.parametrize("careful", [False, True])
def test_a_missing_row_points_at_the_id_header_where_it_moved(filled, plan, careful):
    path = filled("MED")
    wb = read_workbook(path)
    sheet = wb["Uppdrag"]
    sheet.insert_cols(1)  # the Id column is now B
    sheet.insert_rows(2)  # the header is now on row 5 (the defined name still says 4)
    sheet["B7"] = "U99"  # was U02's id
    for column in "CDEFGH":
        sheet[f"{column}40"] = "x"  # a row of its own below the others, without an id
    wb.save(path)
    result = check_file(path, plan, T1, careful=careful)
    missing = [f.cell for f in result.findings if f.sheet == "Uppdrag" and '"U02" saknas' in f.message]
    assert missing == ["B5"]
    # the unknown id and the row without one point at the Id column too
    assert [f.cell for f in result.findings if 'Okänt id "U99"' in f.message] == ["B7"]
    assert [f.cell for f in result.findings if "Rad 40 saknar id" in f.message] == ["B40"]


def test_a_renamed_header_is_reported_at_its_own_cell_also_after_an_inserted_column(filled, plan):
    path = filled("MED")
    wb = read_workbook(path)
    wb["Nyckeltal"]["E4"] = "Utfall"
    wb["Ekonomi"].insert_cols(2)  # every column from B on moves one to the right
    wb["Ekonomi"]["F4"] = "Utfall"  # was E4: the utfall header
    wb.save(path)
    result = check_file(path, plan, T1)
    renamed = [(f.sheet, f.cell) for f in result.findings if "saknas eller har bytt namn" in f.message]
    assert renamed == [("Nyckeltal", "E4"), ("Ekonomi", "F4")]


def test_a_renamed_header_after_an_optional_column_the_file_lacks_is_at_its_own_cell(filled, plan):
    path = filled("MED")  # Åtgärdsplan without "Typ och period" (no measure has one): Mål is C, not D
    wb = read_workbook(path)
    assert wb["Åtgärdsplan"]["C4"].value == "Mål"
    wb["Åtgärdsplan"]["C4"] = "Målet"
    wb.save(path)
    renamed = [(f.sheet, f.cell) for f in check_file(path, plan, T1).findings if "bytt namn" in f.message]
    assert renamed == [("Åtgärdsplan", "C4")]


def test_values_in_a_row_without_an_id_are_a_warning_not_dropped_unsaid(filled, plan):
    path = filled("MED")
    wb = read_workbook(path)
    ws = wb["Nyckeltal"]
    ws.insert_rows(7, amount=2)
    ws["B7"], ws["E7"] = "Egen rad", 12  # a value in an input column: not read, so say so
    ws["B8"] = "Bara en anteckning"  # text in the name column only: nothing lost
    ws["J8"] = "Anteckning i analysen"  # a note in a text input column, as the Instruktion allows: quiet
    wb["Ekonomi"].insert_rows(7)
    wb["Ekonomi"]["E7"] = " "  # a space typed: nothing there
    wb["Uppdrag"].insert_rows(6)
    wb["Uppdrag"]["E6"] = "Kommentar på en egen rad"
    wb.save(path)
    result = check_file(path, plan, T1)
    assert [(f.rule, f.severity.value, f.sheet, f.cell) for f in result.findings] == [
        ("structure-changed", "varning", "Nyckeltal", "A7")
    ]
    assert "Rad 7 saknar id, så värdena där läses inte" in result.findings[0].message


def test_a_boolean_cell_is_quoted_as_swedish_excel_shows_it(filled, plan):
    path = filled("MED", {("Nyckeltal", "N01", "forecast"): True, ("Uppdrag", "U02", "status"): False})
    result = check_file(path, plan, T1)
    messages = {f.cell: f.message for f in result.findings}
    assert messages["G5"].startswith('"SANT" är inte ett tal')
    assert '"FALSKT"' in messages["D6"] and "True" not in str(messages) and "False" not in str(messages)
    numbers = check_file(filled("MED", {("Uppdrag", "U02", "status"): 1.5, ("Uppdrag", "U01", "status"): -2}), plan, T1)
    said = {f.cell: f.message for f in numbers.findings}
    assert said["D6"].startswith('"1,5" finns inte') and said["D5"].startswith('"−2" finns inte')


# ------------------------------------------------------------------ identity
def test_not_a_template(tmp_path, plan):
    path = tmp_path / "egen.xlsx"
    wb = Workbook()
    wb.active["A1"] = "Utfall"
    wb.save(path)
    result = check_file(path, plan, T1)
    assert not result.accepted
    assert rules(result) == [("not-a-template", "", "")]


def test_old_template_version_and_wrong_period(filled, plan):
    path = filled("MED")
    wb = read_workbook(path)
    wb["_meta"]["B2"] = "0"
    wb.save(path)
    old = check_file(path, plan, T1)
    assert not old.accepted and rules(old) == [("template-version", "", "")]
    wrong = check_file(filled("MED"), plan, Period(2025, "delar"))  # T1's file left in the inbox at delår
    assert not wrong.accepted and rules(wrong) == [("earlier-period", "", "")]
    assert wrong.findings[0].severity is Severity.WARNING  # a leftover, not a mistake: it is only left out
    assert wrong.findings[0].message == (  # the controller who filled the old template is told which to fill
        "Filen gäller T1 2025, en tidigare period än delår 2025, och räknas inte in. Ska siffrorna gälla "
        "delår 2025: fyll i mallen för delår 2025 (ekonomienheten skickar den). Lämnades filen in för T1 2025, "
        "räknas den in när ekonomienheten konsoliderar T1 2025."  # no archive at hand: it may not be removed
    )
    in_february = date(2025, 2, 10)  # the annual report is run while T1 2025 is still running
    later = check_file(filled("MED"), plan, Period(2024, "helar"), today=in_february)  # T1's template too early
    assert not later.accepted and rules(later) == [("wrong-period", "", "")]
    assert later.findings[0].severity is Severity.ERROR


@pytest.mark.parametrize(
    ("today", "rule", "severity"),
    [
        (date(2025, 4, 30), "wrong-period", Severity.ERROR),  # T1's last day: its template is still for later
        (date(2025, 5, 1), "later-period", Severity.WARNING),  # T1 is over: its file waits for T1's run
    ],
)
def test_a_later_periods_file_is_a_leftover_once_its_period_is_over(filled, plan, today, rule, severity):
    result = check_file(filled("MED"), plan, Period(2025, "M03"), today=today)  # March run again after T1's file
    assert not result.accepted and rules(result) == [(rule, "", "")]
    assert result.findings[0].severity is severity
    assert "T1 2025" in result.findings[0].message and "mars 2025" in result.findings[0].message


@pytest.mark.parametrize("kind", ["M04", "M03"])
def test_a_period_ending_the_same_day_is_the_wrong_template_not_a_leftover(filled, plan, kind):
    """T1's file in April's run (the same months, the other template) is a mistake; in March's, a leftover."""
    result = check_file(filled("MED"), plan, Period(2025, kind), today=date(2025, 6, 1))
    assert rules(result) == [("wrong-period" if kind == "M04" else "later-period", "", "")]


def test_identified_by_metadata_not_by_file_name(filled, plan, tmp_path):
    path = filled("NV", out_name="2025-T1 Division Medicin FINAL v2.xlsx")
    result = check_file(path, plan, T1)
    assert result.submission.division_id == "NV"


def test_a_malvarde_the_plan_changed_after_the_template_is_the_plans_not_the_controllers_error(filled, plan):
    """The office changed N01's target after the templates went out: the file's old target is no edit of the
    controller's (an error asking to restore a locked cell) but a warning saying the plan's value counts."""
    from dataclasses import replace as changed

    from reporting.plan.targets import parse_target

    kf = next(k for k in plan.key_figures if k.id == "N01")  # "Minst 4,01"; the file's outcome 4,21 meets both
    new = changed(kf, target_text="Minst 4", target=parse_target("Minst 4"))
    result = check_file(filled("MED"), changed(plan, key_figures=[new if k is kf else k for k in plan.key_figures]), T1)
    assert result.accepted
    (found,) = [f for f in result.findings if f.sheet == "Nyckeltal"]
    assert (found.rule.value, found.severity.value) == ("plan-value-changed", "varning")
    assert found.message == (
        'Planen säger nu "Minst 4", mallen "Minst 4,01": värdet har ändrats i planen sedan mallen '
        "skapades, och planens värde gäller. Inget behöver ändras i filen."
    )


def test_a_frame_the_plan_changed_after_the_template_leaves_the_file_unused(filled, plan):
    """A unit moved into Kirurgi, or a reallocation: the file's figures are for the old frame and are never set
    against the new one (a surplus the report would invent); the file says so and is not used."""
    from dataclasses import replace as changed

    old = plan.frame("MED", 2025)
    moved = changed(old, amounts={**old.amounts, "EK": old.amounts["EK"] - 566}, netto_given=old.netto - 566)
    frames = [moved if f is old else f for f in plan.budget_frames]
    result = check_file(filled("MED"), changed(plan, budget_frames=frames), T1)
    assert not result.accepted
    (found,) = [f for f in result.findings if f.rule.value == "frame-changed"]
    assert (found.severity.value, found.sheet) == ("fel", "Ekonomi")
    assert found.message.startswith(
        f'Budget helår är nu "{shown(old.amounts["EK"] - 566)}" i planen men "{shown(old.amounts["EK"])}" i mallen:'
    )
    assert found.message.endswith("Filen används inte; fyll i periodens nya mall och skicka den.")


def test_a_row_the_plan_gained_after_the_template_asks_for_the_new_template(filled, plan):
    """An uppdrag added to the plan after the templates went out: the old file cannot have its row, and is not
    told to restore it from a template that never had it."""
    from dataclasses import replace as changed

    from reporting.plan.model import Assignment

    added = Assignment("U99", "Nytt uppdrag.", "HS", "Nämnden", ("MED",))
    result = check_file(filled("MED"), changed(plan, assignments=[*plan.assignments, added]), T1)
    (found,) = [f for f in result.findings if '"U99"' in f.message]
    assert found.message == (
        'Raden för "U99" saknas (planen har fått den sedan mallen skapades). Fyll i periodens nya mall.'
    )


def test_plan_change_is_a_warning(filled, plan):
    path = filled("MED")
    wb = read_workbook(path)
    wb["_meta"]["B6"] = "0000"
    wb.save(path)
    result = check_file(path, plan, T1)
    assert result.accepted and rules(result) == [("plan-changed", "", "")]
