"""The plan workbook: the bundled demo plan reconciles with the seed, and every error names its cell."""

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from edit_xml import edit_cells
from helpers import edit_workbook, rows_of, value_at
from reporting.demo.plan import demo_plan
from reporting.plan.model import ACCOUNT_GROUPS
from reporting.plan.read import check_plan, load_plan
from reporting.plan.write import write_plan

BUNDLED = Path(__file__).resolve().parents[1] / "plan.xlsx"


@pytest.fixture(scope="module")
def bundled():
    """The bundled plan.xlsx read once for the module (the tests only read the plan)."""
    return load_plan(BUNDLED)


def test_bundled_plan_is_the_demo_plan(bundled):
    assert bundled == demo_plan()
    # equal plans carry the same digest, so templates from either are not flagged as "plan changed"
    assert bundled.digest() == demo_plan().digest()


def test_budget_frames_sum_to_the_seeds_summa_tjanstemannabudget(bundled):
    plan = bundled
    frames = [f for f in plan.budget_frames if f.year == 2025 and f.division != "Nämnd"]
    assert [f.division for f in frames] == ["HSD", "MED", "KIR", "NV"]
    totals = {gid: sum((f.amounts[gid] for f in frames), Decimal(0)) for gid, _ in ACCOUNT_GROUPS}
    # Seed 000, "Summa tjänstemannabudget": 450,0; 1034,1; -4046,9; -37,6; -557,9; netto -3158,3 mkr
    assert totals == {
        "EI": Decimal("450.0"),
        "II": Decimal("1034.1"),
        "EK": Decimal("-4046.9"),
        "AV": Decimal("-37.6"),
        "IK": Decimal("-557.9"),
    }
    assert sum((f.netto for f in frames), Decimal(0)) == Decimal("-3158.3")
    assert sum((f.netto_given for f in frames), Decimal(0)) == Decimal("-3158.3")
    assert str(sum((f.netto for f in frames), Decimal(0))) == "-3158.3"  # never 3158.2999


def test_each_division_netto_matches_the_seed(bundled):
    plan = bundled
    assert {f.division: f.netto for f in plan.budget_frames if f.year == 2025} == {
        "HSD": Decimal("-239.8"),
        "MED": Decimal("-1117.4"),
        "KIR": Decimal("-1191.0"),
        "NV": Decimal("-610.1"),
        "Nämnd": Decimal("-3.5"),  # förtroendemannabudget, the nämnd's own frame
    }


def test_investments_sum_to_the_seed(bundled):
    plan = bundled
    assert len(plan.investments) == 19
    assert sum(i.amount_tkr for i in plan.investments) == 47363


def test_plan_contents(bundled):
    plan = bundled
    assert len(plan.key_figures) == 21  # the seed lists HSE twice (vård and tandvård)
    assert len(plan.assignments) == 26
    assert [m.effects.get(2025) for m in plan.measures] == [Decimal(x) for x in ("20", "1", "5", "10", "10", "5")]
    assert sum(m.effects.get(2026, Decimal(0)) for m in plan.measures) == Decimal(65)
    assert plan.financial_goals[0].target.direction.value == "högst"
    assert (plan.board, plan.dnr, plan.year) == ("Hälso- och sjukvårdsnämnden", "HSN/1528/2024", 2025)


def _edit(path: Path, sheet: str, cell: str, value) -> None:
    def change(wb) -> None:
        wb[sheet][cell] = value

    edit_cells(path, change)


@pytest.fixture
def plan_copy(tmp_path, demo_plan_xlsx):
    """The demo plan's plan.xlsx, this test's own copy (the tests edit it)."""
    return Path(shutil.copyfile(demo_plan_xlsx, tmp_path / "plan.xlsx"))


def test_unreadable_target_names_sheet_and_cell(plan_copy):
    _edit(plan_copy, "Nyckeltal", "F7", "Minst ,88")
    plan, findings = check_plan(plan_copy)
    assert plan is None
    assert [str(f) for f in findings] == [
        'plan.xlsx: Nyckeltal!F7: Kan inte läsa målvärdet "Minst ,88": inget tal efter "Minst". '
        'Skriv t.ex. "Minst 88 %".'
    ]


def test_netto_that_does_not_add_up_is_an_error(plan_copy):
    _edit(plan_copy, "Budgetramar", "H3", -1117.5)
    _, findings = check_plan(plan_copy)
    assert [(f.sheet, f.cell) for f in findings] == [("Budgetramar", "H3")]
    assert "stämmer inte med summan" in findings[0].message


def test_wrong_sign_unknown_division_and_text_amount(plan_copy):
    _edit(plan_copy, "Budgetramar", "E2", 250.7)
    _edit(plan_copy, "Investeringar", "B2", "XYZ")
    _edit(plan_copy, "Investeringar", "F3", "mycket")
    _, findings = check_plan(plan_copy)
    cells = {(f.sheet, f.cell) for f in findings}
    assert {("Budgetramar", "E2"), ("Investeringar", "B2"), ("Investeringar", "F3")} <= cells
    assert any("fel tecken" in f.message.lower() for f in findings)


@pytest.fixture(scope="module")
def blank_plan(tmp_path_factory):
    """``reporting plan new``'s blank plan (write_plan without a plan) once per module: (its path, check_plan's
    answer, the workbook as openpyxl reads it). The tests only read them."""
    path = write_plan(tmp_path_factory.mktemp("blank") / "blank.xlsx")
    return path, check_plan(path), load_workbook(path)


def test_blank_plan_reports_what_is_missing(blank_plan):
    _, (plan, findings), wb = blank_plan
    assert plan is None
    assert {f.cell for f in findings} >= {"B1", "B2", "B4"}  # Nämnd, Region, År
    assert "B3" not in {f.cell for f in findings if f.sheet == "Nämnd"}  # the diarienummer is optional (issue 12.11)
    assert wb["Nyckeltal"]["F1"].value == "Målvärde"
    assert any("viktat" in str(dv.formula1) for dv in wb["Nyckeltal"].data_validations.dataValidation)


def test_missing_sheet_is_reported(plan_copy):
    edit_workbook(plan_copy, lambda wb: wb.remove(wb["Uppdrag"]))
    _, findings = check_plan(plan_copy)
    assert [(f.sheet, f.message) for f in findings] == [
        (
            "Uppdrag",
            'Fliken "Uppdrag" saknas. Lägg till fliken med rubrikerna från en tom plan (reporting plan new) '
            "eller från en tidigare plan.",
        )
    ]


def test_riktning_contradicting_the_malvarde_is_an_error_at_the_riktning_cell(plan_copy):
    _edit(plan_copy, "Nyckeltal", "G3", "Högst")  # N02: "Minst 88 %"
    plan, findings = check_plan(plan_copy)
    assert plan is None
    assert [(f.sheet, f.cell, f.rule.value, f.severity.value) for f in findings] == [
        ("Nyckeltal", "G3", "plan-invalid", "fel")
    ]
    assert findings[0].message == (
        'Riktningen "Högst" motsäger målvärdet "Minst 88 %", som säger "minst" (ett högre utfall är bättre). '
        "Lämna Riktning tom (målvärdets ord gäller) eller skriv om målvärdet; "
        'Riktning behövs bara när målvärdet är ett tal utan ord, t.ex. "-22,4 %".'
    )


def test_riktning_contradicting_a_financial_goal_is_an_error_at_the_riktning_cell(plan_copy):
    _edit(plan_copy, "Finansiella mål", "D3", "Lägre än 95 %")  # F2
    _edit(plan_copy, "Finansiella mål", "E3", "Minst")
    _, findings = check_plan(plan_copy)
    assert [(f.sheet, f.cell) for f in findings] == [("Finansiella mål", "E3")]
    assert 'Riktningen "Minst" motsäger målvärdet "Lägre än 95 %"' in findings[0].message


def test_riktning_equal_to_the_word_or_on_a_bare_number_is_fine(plan_copy):
    _edit(plan_copy, "Nyckeltal", "G3", "Minst")  # N02: "Minst 88 %"
    _edit(plan_copy, "Finansiella mål", "E3", "Lägre är bättre")  # F2: "95 %"
    plan, findings = check_plan(plan_copy)
    assert findings == []
    n02 = next(k for k in plan.key_figures if k.id == "N02")
    assert (n02.target.direction.value, n02.direction_override) == ("minst", "Minst")
    assert plan.financial_goals[0].target.direction.value == "högst"  # F1 "-22,4 %" with Riktning Högst
    assert plan.financial_goals[1].target.direction.value == "högst"


def test_unknown_riktning_is_an_error_at_the_riktning_cell(plan_copy):
    _edit(plan_copy, "Nyckeltal", "G3", "Uppåt")
    _, findings = check_plan(plan_copy)
    assert [(f.cell, f.message) for f in findings] == [
        ("G3", 'Okänd riktning "Uppåt". Välj Minst, Högst, Exakt, Lägre än eller Högre än, eller lämna cellen tom.')
    ]


def test_plan_messages_are_swedish_and_say_what_to_do(plan_copy):
    _edit(plan_copy, "Nyckeltal", "C3", "XX")
    _edit(plan_copy, "Uppdrag", "E2", "MED, ABC")
    _edit(plan_copy, "Perioder", "A2", "Kvartal 1")
    _edit(plan_copy, "Perioder", "C3", "nästa vecka")
    _edit(plan_copy, "Investeringar", "F2", 12.5)
    _, findings = check_plan(plan_copy)
    messages = {(f.sheet, f.cell): f.message for f in findings}
    assert messages == {
        ("Nyckeltal", "C3"): 'Okänt målområde "XX" (finns inte på fliken Målområden). Använd ett av id:na där: '
        + ", ".join(sorted(a.id for a in demo_plan().goal_areas))
        + ".",
        ("Uppdrag", "E2"): 'Okänd division "ABC" (finns inte på fliken Divisioner). '
        "Använd ett av id:na där: HSD, MED, KIR, NV.",
        (
            "Perioder",
            "A2",
        ): 'Okänd period "Kvartal 1". Skriv T1, Delår, Helår eller en månad (Mars, Månad 3, M03, 2021-03 eller '
        "Månadsrapport per mars).",
        ("Perioder", "C3"): 'Kan inte läsa "nästa vecka" som datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-05-09.',
        ("Investeringar", "F2"): "Belopp anges i hela tkr. Avrunda till ett heltal.",
    }


def test_periods_sheet_accepts_every_alias_of_the_period_table(plan_copy):
    _edit(plan_copy, "Perioder", "A2", "Tertial 1")
    _edit(plan_copy, "Perioder", "A3", "delar")
    _edit(plan_copy, "Perioder", "A4", "HELÅR")
    plan, findings = check_plan(plan_copy)
    assert findings == []
    assert [p.kind for p in plan.periods] == ["T1", "delar", "helar"]
    periods = rows_of(write_plan(plan_copy, plan), "Perioder")
    assert [value_at(periods, f"A{r}") for r in (2, 3, 4)] == ["T1", "Delår", "Helår"]


# ---------------------------------------------------------------- Internkontroll
def test_internal_control_round_trips_through_the_plan_workbook(plan_copy):
    plan, findings = check_plan(plan_copy)
    assert findings == []
    assert plan.internal_control == demo_plan().internal_control
    assert [p.id for p in plan.internal_control] == [f"K{n:02d}" for n in range(1, 10)]
    ws = load_workbook(plan_copy)["Internkontroll"]
    assert [c.value for c in ws[1]] == ["Id", "Kontrollmoment", "Risk", "Frekvens", "Ansvarig", "Divisioner"]
    assert [ws[f"{c}2"].value for c in "ADEF"] == ["K01", "tertialvis", "Divisionschef", "MED, KIR, NV"]
    assert ws["F6"].value == "Alla"  # K05 concerns every division
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert [(str(dv.sqref), dv.formula1) for dv in lists] == [
        ("D2:D1000", '"tertialvis,kvartalsvis,delår,helår,årligen"')
    ]


def test_blank_plan_has_the_internal_control_sheet_with_headers_and_validation(blank_plan):
    _, (_, findings), wb = blank_plan
    assert not [f for f in findings if f.sheet == "Internkontroll"]
    ws = wb["Internkontroll"]
    assert ws["B1"].value == "Kontrollmoment" and ws.max_row == 1
    assert any("årligen" in str(dv.formula1) for dv in ws.data_validations.dataValidation)
    instructions = [c.value for c in wb["Instruktion"]["A"]]
    assert any(str(line).startswith("Internkontroll (valfritt)") for line in instructions)


def test_a_plan_without_the_internal_control_sheet_still_loads(plan_copy):
    edit_workbook(plan_copy, lambda wb: wb.remove(wb["Internkontroll"]))
    plan, findings = check_plan(plan_copy)
    assert findings == []
    assert plan is not None and plan.internal_control == []
    assert plan.control_points_for("MED", "T1") == []


def test_internal_control_errors_name_their_cells(plan_copy):
    _edit(plan_copy, "Internkontroll", "F2", "MED, XYZ")  # K01: unknown division
    _edit(plan_copy, "Internkontroll", "C3", None)  # K02: no risk
    _edit(plan_copy, "Internkontroll", "D4", "månadsvis")  # K03: unknown frequency
    _edit(plan_copy, "Internkontroll", "E5", "  ")  # K04: no ansvarig
    plan, findings = check_plan(plan_copy)
    assert plan is None
    assert {(f.sheet, f.cell): f.message for f in findings} == {
        ("Internkontroll", "F2"): 'Okänd division "XYZ" (finns inte på fliken Divisioner). '
        "Använd ett av id:na där: HSD, MED, KIR, NV.",
        ("Internkontroll", "C3"): 'Värde saknas i kolumnen "Risk". Fyll i cellen.',
        ("Internkontroll", "D4"): 'Okänd frekvens "månadsvis". Skriv tertialvis, kvartalsvis, delår, helår '
        "eller årligen.",
        ("Internkontroll", "E5"): 'Värde saknas i kolumnen "Ansvarig". Fyll i cellen.',
    }


def test_internal_control_frequency_spellings_and_duplicate_ids(plan_copy):
    _edit(plan_copy, "Internkontroll", "D2", "Tertialvis")
    _edit(plan_copy, "Internkontroll", "D5", "delar")
    _edit(plan_copy, "Internkontroll", "D9", "HELAR")
    _edit(plan_copy, "Internkontroll", "D6", "Kvartalsvis")  # K05, delår in the demo plan
    plan, findings = check_plan(plan_copy)
    assert findings == []
    assert [plan.internal_control[i].frequency for i in (0, 3, 4, 7)] == ["tertialvis", "delår", "kvartalsvis", "helår"]
    assert [k for k in ("T1", "delar", "helar") if plan.internal_control[4].due_in(k)] == ["T1", "delar", "helar"]
    _edit(plan_copy, "Internkontroll", "A3", "K01")
    _, findings = check_plan(plan_copy)
    assert [(f.sheet, f.message) for f in findings] == [
        ("Internkontroll", 'Id "K01" förekommer flera gånger (först i A2). Ge varje rad ett eget id.')
    ]


def test_control_points_are_due_by_frequency():
    plan = demo_plan()
    due = {kind: [p.id for p in plan.control_points_for("MED", kind)] for kind in ("T1", "delar", "helar")}
    assert due == {
        "T1": ["K01", "K02", "K03"],  # tertialvis: every period
        "delar": ["K01", "K02", "K03", "K04", "K05", "K06"],  # delår: delår and helår
        "helar": ["K01", "K02", "K03", "K04", "K05", "K06", "K08", "K09"],  # helår and årligen: helår only
    }
    assert [p.id for p in plan.control_points_for("HSD", "T1")] == []
    assert [p.id for p in plan.control_points_for("NV")] == ["K01", "K03", "K04", "K05", "K06", "K07", "K08", "K09"]


def test_a_blank_plan_for_another_year_and_tkr_is_headed_so(tmp_path, blank_plan):
    """A region planning 2026 in tkr had to rewrite the blank plan's "Effekt 2025 (mkr)" and "(mkr)" frame headers."""
    from click.testing import CliRunner

    from reporting.cli import main

    path = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(main, ["plan", "new", str(path), "--year", "2026", "--amount-unit", "tkr"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(path)
    settings = {row[0].value: row[1].value for row in wb["Nämnd"].iter_rows() if row[0].value}
    assert settings["År"] == 2026 and settings["Beloppsenhet"] == "tkr"
    effects = [c.value for c in wb["Åtgärdsplan"][1] if str(c.value).startswith("Effekt")]
    assert effects == ["Effekt 2026 (tkr)", "Effekt 2027 (tkr)", "Effekt 2028 (tkr)"]
    assert all("(mkr)" not in str(c.value) for c in wb["Budgetramar"][1]) and "Netto (tkr)" in [
        c.value for c in wb["Budgetramar"][1]
    ]
    blank = {f.cell for f in blank_plan[1][1] if f.sheet == "Nämnd"}
    assert "B4" in blank  # without --year the År is left to fill in, as before
    demo = CliRunner().invoke(main, ["plan", "new", str(tmp_path / "d.xlsx"), "--demo", "--year", "2026"])
    assert demo.exit_code == 1 and "Ta bort --year och --amount-unit." in demo.stderr  # not silently 2025
    assert not (tmp_path / "d.xlsx").exists()


def test_a_tkr_plans_instructions_name_its_headers_in_tkr(tmp_path):
    """The Instruktion said "Effekt ÅÅÅÅ (mkr)" above headers reading "Effekt 2026 (tkr)"."""
    wb = load_workbook(write_plan(tmp_path / "blank.xlsx", year=2026, unit="tkr"))
    instructions = " ".join(str(c.value) for c in wb["Instruktion"]["A"] if c.value)
    assert '"Effekt ÅÅÅÅ (tkr)"' in instructions and '"Belopp ÅÅÅÅ (tkr)"' in instructions
    assert "(mkr)" not in instructions and "Effekt 2026 (tkr)" in [c.value for c in wb["Åtgärdsplan"][1]]


def test_a_plan_without_divisions_is_an_error_at_the_divisions_sheet(plan_copy):
    """plan check passed a plan with no division, and templates then wrote "0 mallar" with exit status 0."""

    def no_divisions(wb):
        wb["Divisioner"].delete_rows(2, wb["Divisioner"].max_row)

    edit_workbook(plan_copy, no_divisions)
    _, findings = check_plan(plan_copy)
    assert [(f.sheet, f.cell, f.message) for f in findings if f.sheet == "Divisioner"] == [
        ("Divisioner", "A2", "Planen har inga divisioner. Fyll i minst en division med id och namn.")
    ]
