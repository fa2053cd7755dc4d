"""QA 34i: effects typed in tkr under 30 times the plan, half-answered internal control, investments whose status
and amount disagree, one wrong cell reported once. Each case through check_file, at its exact cell."""

from __future__ import annotations

import pytest

from reporting.findings import Finding
from reporting.intake.checking import check_file
from rule_cases import HELAR, T1, At, Case


@pytest.fixture
def case(plan, tmp_path, make_template, demo_plan_xlsx):
    return Case(plan, tmp_path, make_template, demo_plan_xlsx)


def _at(case: Case, found: list[Finding], sheet: str, row_id: str, key: str) -> list[tuple[str, str, str]]:
    cell = At(sheet, row_id, key).resolve(case)
    return [(f.rule.value, f.severity.value, f.message) for f in found if f.sheet == sheet and f.cell == cell]


# ------------------------------------------------------------------ #2 effects
def test_an_effect_achieved_above_the_rows_forecast_is_warned_at_the_achieved_cell(case):
    found = case.check(case.filled({("Åtgärdsplan", "A1", "achieved"): 12.5, ("Åtgärdsplan", "A1", "forecast"): 2}))
    assert _at(case, found, "Åtgärdsplan", "A1", "achieved") == [
        (
            "effect-unit-off",
            "varning",
            "Uppnådd effekt hittills för åtgärd A1 är 12,5 mkr, över tre gånger prognosen för helåret 2,0 mkr, som "
            "ska rymma det som redan är uppnått. Effekter anges i mkr, inte i tkr; kontrollera enheten.",
        )
    ]


def test_an_effect_achieved_within_its_forecast_is_not_warned(case):
    found = case.check(case.filled({("Åtgärdsplan", "A1", "achieved"): 2, ("Åtgärdsplan", "A1", "forecast"): 2}))
    assert _at(case, found, "Åtgärdsplan", "A1", "achieved") == []


def test_an_effect_a_little_ahead_of_its_forecast_is_no_unit_slip(case):
    """review34b #3: 2,1 achieved beside a forecast of 2,0 is an effect ahead of an old forecast, not tkr."""
    found = case.check(case.filled({("Åtgärdsplan", "A1", "achieved"): 2.1, ("Åtgärdsplan", "A1", "forecast"): 2}))
    assert _at(case, found, "Åtgärdsplan", "A1", "achieved") == []


def test_a_division_result_in_tkr_under_30_times_the_plan_is_warned_over_three_times(case):
    """The tester's 450 (0,45 mkr typed in tkr) on a 20 mkr measure, beside a forecast also in tkr."""
    found = case.check(case.filled({("Åtgärdsplan", "A1", "achieved"): 450, ("Åtgärdsplan", "A1", "forecast"): 550}))
    assert _at(case, found, "Åtgärdsplan", "A1", "achieved") == [
        (
            "effect-unit-off",
            "varning",
            "Uppnådd effekt för åtgärd A1 är 450,0 mkr, över tre gånger hela åtgärdens planerade effekt 20,0 mkr. "
            "Effekter anges i mkr, inte i tkr; kontrollera enheten.",
        )
    ]
    assert [m[0] for m in _at(case, found, "Åtgärdsplan", "A1", "forecast")] == ["effect-unit-off"]


def test_the_year_ends_achieved_effect_is_not_set_against_a_forecast(case):
    """In the årsrapport the forecast is not asked; year-end-effect says what there is to say."""
    edits = {("Åtgärdsplan", "A1", "achieved"): 12.5, ("Åtgärdsplan", "A1", "forecast"): 2}
    found = case.check(case.filled(edits, period=HELAR), period=HELAR)
    assert "effect-unit-off" not in [m[0] for m in _at(case, found, "Åtgärdsplan", "A1", "achieved")]


# ------------------------------------------------------------------ #5 internal control
def test_a_done_control_without_an_avvikelse_answer_is_an_error_at_the_avvikelse_cell(case):
    found = case.check(case.filled({("Internkontroll", "K01", "deviation"): None}))
    assert _at(case, found, "Internkontroll", "K01", "deviation") == [
        (
            "required-missing",
            "fel",
            "Svar saknas i kolumnen Avvikelse för kontrollmoment K01 som är genomfört; svara Ja eller Nej på om "
            "kontrollen visade någon avvikelse.",
        )
    ]


def test_a_partly_done_control_needs_its_result_and_its_avvikelse_answer(case):
    edits = {
        ("Internkontroll", "K02", "done"): "Delvis",
        ("Internkontroll", "K02", "result"): None,
        ("Internkontroll", "K02", "deviation"): None,
    }
    found = case.check(case.filled(edits))
    assert _at(case, found, "Internkontroll", "K02", "result") == [
        (
            "required-missing",
            "fel",
            "Resultat saknas för kontrollmoment K02 som är delvis genomfört; skriv vad kontrollen visade och vad som "
            "inte gjordes.",
        )
    ]
    assert [m[1] for m in _at(case, found, "Internkontroll", "K02", "deviation")] == ["fel"]


def test_a_control_not_done_needs_no_avvikelse_answer(case):
    edits = {("Internkontroll", "K01", "done"): "Nej", ("Internkontroll", "K01", "deviation"): None}
    found = case.check(case.filled({**edits, ("Internkontroll", "K01", "result"): "Ingen personal i januari."}))
    assert _at(case, found, "Internkontroll", "K01", "deviation") == []


# ------------------------------------------------------------------ #6 investments
def test_a_finished_investment_with_nothing_spent_is_warned_at_the_amount(case):
    found = case.check(
        case.filled({("Investeringar", "I03", "status"): "Slutförd", ("Investeringar", "I03", "spent"): 0})
    )
    assert _at(case, found, "Investeringar", "I03", "spent") == [
        (
            "investment-status-amount",
            "varning",
            "Investering I03 har status Slutförd men upparbetat 0 tkr; skriv vad investeringen har kostat, eller "
            "rätta status om den inte är slutförd.",
        )
    ]


def test_a_not_started_investment_with_an_amount_is_warned_at_the_status(case):
    found = case.check(
        case.filled({("Investeringar", "I13", "status"): "Ej påbörjad", ("Investeringar", "I13", "spent"): 80})
    )
    assert _at(case, found, "Investeringar", "I13", "status") == [
        (
            "investment-status-amount",
            "varning",
            "Investering I13 har status Ej påbörjad men upparbetat 80 tkr; ändra status till Pågår (eller Slutförd), "
            "eller rätta beloppet om inget har upparbetats.",
        )
    ]


def test_a_stopped_investment_with_an_amount_asks_for_a_comment_until_it_has_one(case):
    stopped = {("Investeringar", "I05", "status"): "Avbruten", ("Investeringar", "I05", "spent"): 1250}
    found = case.check(case.filled(stopped))
    assert [m[:2] for m in _at(case, found, "Investeringar", "I05", "comment")] == [
        ("investment-status-amount", "varning")
    ]
    assert [m[:2] for m in _at(case, found, "Investeringar", "I05", "spent")] == [("out-of-range", "varning")]
    said = {**stopped, ("Investeringar", "I05", "comment"): "Upphandlingen avbröts; konsultkostnader."}
    found = case.check(case.filled(said))
    assert _at(case, found, "Investeringar", "I05", "comment") + _at(case, found, "Investeringar", "I05", "spent") == []


def test_the_over_budget_warning_ends_once_the_comment_is_written(case):
    """The controller can reach a clean check: the comment the warning asks for satisfies it."""
    over = {("Investeringar", "I03", "spent"): 250}
    found = case.check(case.filled(over))
    assert _at(case, found, "Investeringar", "I03", "spent") == [
        ("out-of-range", "varning", "Upparbetat 250 tkr överstiger budget 147 tkr med mer än 20 %; kommentera.")
    ]
    comment = {("Investeringar", "I03", "comment"): "Dyrare modell beslutad av divisionsledningen 2025-02-10."}
    found = case.check(case.filled({**over, **comment}))
    assert _at(case, found, "Investeringar", "I03", "spent") == []


# ------------------------------------------------------------------ #7 one wrong cell, one finding
def test_an_unreadable_amount_is_not_also_reported_as_missing(case):
    found = case.check(case.filled({("Investeringar", "I14", "spent"): "16 tkr"}))
    assert [m[0] for m in _at(case, found, "Investeringar", "I14", "spent")] == ["not-a-number"]


# ------------------------------------------------------------------ #7 advice that fits the column
@pytest.mark.parametrize(
    ("where", "typed", "advice"),
    [
        (("Investeringar", "I14", "spent"), "16 tkr", "Skriv ett tal i hela tkr, utan enhet, t.ex. 1 250."),
        (("Åtgärdsplan", "A1", "forecast"), "5,5 mkr", "Skriv ett tal i mkr, utan enhet, t.ex. 5,5."),
        (("Ekonomi", "EK", "actual"), "ca 400", "Skriv ett tal i mkr, utan enhet, t.ex. 5,5."),
        (("Nyckeltal", "N01", "forecast"), "ej klart", "Skriv ett tal, t.ex. 88,5."),  # a key figure: any number
    ],
)
def test_the_not_a_number_advice_fits_the_column(case, where, typed, advice):
    found = case.check(case.filled({where: typed}))
    assert _at(case, found, *where) == [("not-a-number", "fel", f'"{typed}" är inte ett tal. {advice}')]


# ------------------------------------------------------------------ #8 near-miss statuses
@pytest.mark.parametrize(
    ("where", "typed", "word"),
    [
        (("Uppdrag", "U02", "status"), "Ej påbörjad", "Ej påbörjat"),
        (("Uppdrag", "U02", "status"), "genomförd ", "Genomfört"),
        (("Investeringar", "I13", "status"), "Ej påbörjat", "Ej påbörjad"),
        (("Investeringar", "I13", "status"), "Slutfört", "Slutförd"),
        (("Investeringar", "I13", "status"), "Avbrutet", "Avbruten"),
        (("Internkontroll", "K02", "done"), "Delvis genomförd", "Delvis"),
    ],
)
def test_a_status_in_another_gender_or_number_is_read_as_the_lists_word_with_a_warning(case, where, typed, word):
    found = case.check(case.filled({where: typed, ("Internkontroll", "K02", "result"): "Hälften av stickproven."}))
    (said,) = [m for m in _at(case, found, *where) if m[0] == "status-invalid"]
    assert said[1] == "varning"
    assert said[2].startswith(f'"{typed.strip()}" finns inte i listan och läses som "{word}". Välj ett av: ')
    result = check_file(case.filled({where: typed}), case.plan, T1)
    sheet, row_id, key = where
    answers = {"Uppdrag": "assignments", "Investeringar": "investments", "Internkontroll": "internal_control"}
    assert getattr(getattr(result.submission.answers, answers[sheet])[row_id], key) == word


@pytest.mark.parametrize("typed", ["Påbörjad", "Klar", "Genomförd"])  # "Genomförd" is no investment status
def test_a_word_that_is_no_form_of_the_lists_stays_an_error(case, typed):
    found = case.check(case.filled({("Investeringar", "I13", "status"): typed}))
    assert [m[:2] for m in _at(case, found, "Investeringar", "I13", "status")] == [("status-invalid", "fel")]


@pytest.mark.parametrize(
    ("where", "unit"), [(("Åtgärdsplan", "A4", "achieved"), "mkr"), (("Investeringar", "I14", "spent"), "tkr")]
)
def test_a_percent_sign_in_an_amounts_cell_is_read_as_the_amount_with_a_warning(case, where, unit):
    """QA34i #2: "12,5 %" in an effect cell was read as 12,5 mkr without a word."""
    found = case.check(case.filled({where: "12,5 %"}))
    assert (
        "out-of-range",
        "varning",
        f'"12,5 %" har ett procenttecken, men cellen är ett belopp i {unit}: talet läses '
        f"som {unit}. Skriv beloppet utan procenttecken.",
    ) in _at(case, found, *where)
