"""Internkontroll end to end: template sheet, answers read back by both readers, content rules, consolidation."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from golden_dump import validation_cells
from helpers import complete_edits, edit_workbook, fill, rows_of
from reporting.findings import Rule, Severity
from reporting.intake.checking import check_file
from reporting.plan.periods import Period
from reporting.template.answers import InternalControlAnswer
from reporting.template.spec import DATA_SHEETS, INTERNAL_CONTROL, TEMPLATE_VERSION

T1, DELAR, HELAR = Period(2025, "T1"), Period(2025, "delar"), Period(2025, "helar")
SHEET = INTERNAL_CONTROL.name


def ids_on(rows) -> list[str]:
    """The ids in column A below the header (row 4), from a sheet's rows of values."""
    return [row[0] for row in rows[4:] if row[0]]


# ---------------------------------------------------------------- template
def test_the_template_has_the_sheet_last_among_the_data_sheets_and_version_2(make_template):
    assert DATA_SHEETS[-1] is INTERNAL_CONTROL and TEMPLATE_VERSION == "3"
    wb = load_workbook(make_template("MED"))
    assert wb.sheetnames[-2:] == ["Internkontroll", "_meta"]
    assert "rpt_header_internkontroll" in wb.defined_names
    ws = wb[SHEET]
    assert [c.value for c in ws[4]] == [
        "Id",
        "Kontrollmoment",
        "Risk",
        "Ansvarig",
        "Kontroll genomförd",
        "Resultat",
        "Avvikelse",
        "Åtgärd",
    ]
    assert ws["A5"].value == "K01" and ws["D5"].value == "Divisionschef"
    assert ws["C5"].value == "Brister i läkemedelshanteringen leder till patientskada eller svinn"


@pytest.mark.parametrize(
    "division,period,expected",
    [
        ("MED", T1, ["K01", "K02", "K03"]),
        ("MED", DELAR, ["K01", "K02", "K03", "K04", "K05", "K06"]),
        ("MED", HELAR, ["K01", "K02", "K03", "K04", "K05", "K06", "K08", "K09"]),
        ("NV", T1, ["K01", "K03", "K07"]),
        ("HSD", T1, []),
        ("HSD", HELAR, ["K05", "K06", "K08", "K09"]),
    ],
)
def test_only_the_control_points_due_in_the_period_are_asked(make_template, division, period, expected):
    assert ids_on(rows_of(make_template(division, period), SHEET)) == expected


def test_locked_plan_values_and_validated_inputs(make_template):
    ws = load_workbook(make_template("NV", DELAR))[SHEET]
    assert ws.protection.sheet is True
    rows = range(5, 5 + len(ids_on(list(ws.iter_rows(values_only=True)))))
    for row in rows:
        for col in "ABCD":  # id, kontrollmoment, risk, ansvarig
            assert ws[f"{col}{row}"].protection.locked is True, f"{col}{row}"
        for col in "EFGH":  # genomförd, resultat, avvikelse, åtgärd
            assert ws[f"{col}{row}"].protection.locked is False, f"{col}{row}"
    rules = {ref: dv for dv in ws.data_validations.dataValidation for ref in validation_cells(dv.sqref)}
    for row in rows:
        assert rules[f"E{row}"].type == "list" and rules[f"E{row}"].formula1 == '"Ja,Nej,Delvis"'
        assert rules[f"G{row}"].type == "list" and rules[f"G{row}"].formula1 == '"Ja,Nej"'
        assert rules[f"F{row}"].type == rules[f"H{row}"].type == "textLength"
        assert "avvikelse" in rules[f"H{row}"].prompt and rules[f"E{row}"].error == "Välj ett av: Ja, Nej, Delvis"


def test_the_instructions_explain_the_sheet(make_template):
    lines = [row[0] for row in rows_of(make_template("MED"), "Instruktion") if row[0]]
    assert any(str(line).startswith("5. Internkontroll: välj för varje kontrollmoment") for line in lines)
    assert any("Investeringar och Internkontroll" in str(line) for line in lines)


# ---------------------------------------------------------------- reading
ANSWERS = {
    "K01": ("Ja", "Stickprov på 12 enheter utan anmärkning.", "Nej", ""),
    "K02": ("Delvis", "Två av tre verksamhetsområden följda.", "Ja", "Månatlig uppföljning i ledningsgruppen."),
    "K03": ("Nej", "Rapporten från vårdplaneringssystemet saknades.", "Nej", ""),
}


def filled_med(make_template, plan, tmp_path, answers=ANSWERS, name="med.xlsx"):
    edits = complete_edits(plan, "MED")
    for point, (done, result, deviation, action) in answers.items():
        edits.update(
            {
                (SHEET, point, "done"): done,
                (SHEET, point, "result"): result,
                (SHEET, point, "deviation"): deviation,
                (SHEET, point, "action"): action or None,
            }
        )
    return fill(make_template("MED"), edits, tmp_path / name)


@pytest.mark.parametrize("careful", [False, True])
def test_filled_answers_read_back_in_both_readers(make_template, plan, tmp_path, careful):
    result = check_file(filled_med(make_template, plan, tmp_path), plan, T1, careful=careful)
    assert result.accepted and result.findings == []
    read = result.submission.answers.internal_control
    assert read["K02"] == InternalControlAnswer(
        done="Delvis",
        result="Två av tre verksamhetsområden följda.",
        deviation="Ja",
        action="Månatlig uppföljning i ledningsgruppen.",
    )
    assert {k: (a.done, a.deviation) for k, a in read.items()} == {
        "K01": ("Ja", "Nej"),
        "K02": ("Delvis", "Ja"),
        "K03": ("Nej", "Nej"),
    }
    assert read["K03"].cell("done") == "E7" and read["K02"].cell("action") == "H6"
    assert result.submission.answers.control("K99") == InternalControlAnswer()


@pytest.mark.parametrize("careful", [False, True])
def test_a_choice_outside_the_list_is_status_invalid_at_its_cell(make_template, plan, tmp_path, careful):
    answers = {**ANSWERS, "K01": ("Kanske", "Oklart.", "Nej", "")}
    result = check_file(filled_med(make_template, plan, tmp_path, answers), plan, T1, careful=careful)
    assert [(f.rule, f.sheet, f.cell) for f in result.findings] == [(Rule.STATUS_INVALID, SHEET, "E5")]
    assert result.findings[0].message == '"Kanske" finns inte i listan. Välj ett av: Ja, Nej, Delvis.'


# ---------------------------------------------------------------- rules
def _findings(make_template, plan, tmp_path, answers, careful):
    result = check_file(filled_med(make_template, plan, tmp_path, answers), plan, T1, careful=careful)
    assert result.accepted
    return [(f.rule, f.severity, f.sheet, f.cell, f.message) for f in result.findings]


@pytest.mark.parametrize("careful", [False, True])
def test_genomford_missing_is_required_missing(make_template, plan, tmp_path, careful):
    answers = {**ANSWERS, "K01": (None, "", None, "")}
    assert _findings(make_template, plan, tmp_path, answers, careful) == [
        (
            Rule.REQUIRED_MISSING,
            Severity.ERROR,
            SHEET,
            "E5",
            "Svar saknas i kolumnen Kontroll genomförd för kontrollmoment K01.",
        )
    ]


@pytest.mark.parametrize("careful", [False, True])
def test_nej_without_resultat_is_required_missing(make_template, plan, tmp_path, careful):
    answers = {**ANSWERS, "K03": ("Nej", "", "Nej", "")}
    assert _findings(make_template, plan, tmp_path, answers, careful) == [
        (
            Rule.REQUIRED_MISSING,
            Severity.ERROR,
            SHEET,
            "F7",
            "Resultat saknas för kontrollmoment K03 som inte är genomfört; skriv varför kontrollen inte gjordes.",
        )
    ]


@pytest.mark.parametrize("careful", [False, True])
def test_avvikelse_ja_without_atgard_is_required_missing(make_template, plan, tmp_path, careful):
    answers = {**ANSWERS, "K02": ("Delvis", "Två av tre.", "Ja", "")}
    assert _findings(make_template, plan, tmp_path, answers, careful) == [
        (
            Rule.REQUIRED_MISSING,
            Severity.ERROR,
            SHEET,
            "H6",
            "Åtgärd saknas för kontrollmoment K02 med avvikelse; beskriv vad som görs åt avvikelsen.",
        )
    ]


def test_what_the_rules_leave_alone(make_template, plan, tmp_path):
    answers = {
        "K01": ("Ja", "", "Nej", ""),  # done: a resultat is welcome, not required
        "K02": ("Delvis", "Hälften av stickproven gjordes.", "Nej", ""),  # partly done: what was not, and no avvikelse
        "K03": ("Nej", "Systemet var ur drift.", "Ja", "Kontrollen görs i juni."),
    }
    assert _findings(make_template, plan, tmp_path, answers, careful=False) == []
    # an answer outside the list is reported once, as unreadable, and not again as missing
    answers["K01"] = ("Kanske", "", "Nej", "")
    assert [f[:4] for f in _findings(make_template, plan, tmp_path, answers, careful=False)] == [
        (Rule.STATUS_INVALID, Severity.ERROR, SHEET, "E5")
    ]


# ---------------------------------------------------------------- demo
@pytest.mark.parametrize("period", [T1, DELAR, HELAR], ids=lambda p: p.key)
def test_demo_submissions_answer_every_control_point_due(plan, tmp_path, period):
    from reporting.demo.submissions import write_demo_submissions

    paths = write_demo_submissions(plan, period, tmp_path / period.key)
    done_words = set()
    for path in paths:
        result = check_file(path, plan, period)
        assert result.accepted
        assert [f for f in result.findings if f.sheet == SHEET] == [], path.name
        sub = result.submission
        read = sub.answers.internal_control
        assert list(read) == [p.id for p in plan.control_points_for(sub.division_id, period.kind)]
        assert all(a.done and a.result for a in read.values())
        assert all(a.action for a in read.values() if a.deviation == "Ja")
        done_words |= {a.done for a in read.values()}
    assert done_words >= {"Ja", "Delvis"}  # realistic: not everything is done without remark


# ---------------------------------------------------------------- consolidation
def _consolidate(plan, tmp_path, files):
    from reporting.consolidate.consolidation import consolidate
    from reporting.intake.run import run_intake
    from reporting.workspace import Workspace

    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True, exist_ok=True)
    for name, path in files.items():
        path.replace(ws.inbox / name)
    return consolidate(plan, run_intake(ws, plan, T1))


@pytest.fixture
def consolidated(make_template, plan, tmp_path):
    """MED answers K01–K03 (Ja, Delvis with avvikelse, Nej); KIR leaves K01 unanswered; NV and HSD do not submit."""
    med = filled_med(make_template, plan, tmp_path)
    kir_edits = complete_edits(plan, "KIR")
    kir_edits[(SHEET, "K01", "done")] = None
    kir = fill(make_template("KIR"), kir_edits, tmp_path / "kir.xlsx")
    return _consolidate(plan, tmp_path, {"med.xlsx": med, "kir.xlsx": kir})


def test_a_row_per_control_point_due_and_division_with_the_key_figure_legend(consolidated):
    rows = [(r.id, r.division_id, r.done, r.status, r.status_label, r.deviation) for r in consolidated.internal_control]
    assert rows == [
        ("K01", "MED", "Ja", "Uppfyllt", "✔ Uppfyllt", "Nej"),
        ("K01", "KIR", "", "Underlag saknas", "? Underlag saknas", "Nej"),
        ("K01", "NV", "", "Ej inkommen", "Ej inkommen", ""),
        ("K02", "MED", "Delvis", "Delvis uppfyllt", "◐ Delvis uppfyllt", "Ja"),
        ("K02", "KIR", "Ja", "Uppfyllt", "✔ Uppfyllt", "Nej"),
        ("K03", "MED", "Nej", "Ej uppfyllt", "✘ Ej uppfyllt", "Nej"),
        ("K03", "KIR", "Ja", "Uppfyllt", "✔ Uppfyllt", "Nej"),
        ("K03", "NV", "", "Ej inkommen", "Ej inkommen", ""),
        ("K07", "NV", "", "Ej inkommen", "Ej inkommen", ""),
    ]  # K04–K06 (delår) and K08–K09 (helår, årligen) are not due in T1
    k02 = consolidated.internal_control[3]
    assert (k02.text, k02.risk, k02.frequency, k02.responsible, k02.division) == (
        "Uppföljning av kostnad och andel inhyrd bemanning mot åtgärdsplanen för ekonomi i balans",
        "Kostnaderna för inhyrd bemanning överskrider åtgärdsplanen",
        "tertialvis",
        "Divisionschef",
        "Division Medicin",
    )
    assert (k02.result, k02.action, k02.file) == (*ANSWERS["K02"][1::2], "med.xlsx")
    assert any(f.rule is Rule.REQUIRED_MISSING and f.sheet == SHEET for f in consolidated.findings)
    assert {s.sheet for s in consolidated.sources} >= {SHEET}  # Källor traces the chosen answers too


def test_the_delar_consolidation_adds_the_delar_control_points(plan, tmp_path, make_template):
    from reporting.consolidate.tables import internal_control_table
    from reporting.intake.checking import check_file

    edits = complete_edits(plan, "NV", period_kind="delar")
    sub = check_file(fill(make_template("NV", DELAR), edits, tmp_path / "nv.xlsx"), plan, DELAR).submission
    rows = internal_control_table(plan, {"NV": sub}, DELAR)
    assert sorted({r.id for r in rows}) == ["K01", "K02", "K03", "K04", "K05", "K06", "K07"]
    assert {r.status for r in rows if r.division_id == "NV"} == {"Uppfyllt"}
    assert {r.status for r in rows if r.division_id != "NV"} == {"Ej inkommen"}


def test_a_division_reported_by_its_units_combines_their_answers(tmp_path):
    from dataclasses import replace

    from reporting.consolidate.rollup import rollup
    from reporting.consolidate.tables import internal_control_table
    from reporting.demo.units import unit_plan, write_unit_submissions

    plan = unit_plan(8)  # MED: units E0001 and E0005
    paths = [p for p in write_unit_submissions(plan, T1, tmp_path) if "Medicin" in p.name]
    subs = [check_file(p, plan, T1).submission for p in paths]
    first, second = subs
    k = {"K01": ("Ja", "Ja"), "K02": ("Ja", "Nej"), "K03": ("Nej", "Nej")}

    def answered(sub, which):
        controls = {
            pid: InternalControlAnswer(
                done=k[pid][which], result=f"r{which}", deviation="Ja" if pid == "K02" else "Nej"
            )
            for pid in k
        }
        return replace(sub, answers=replace(sub.answers, internal_control=controls))

    divisions, _ = rollup(plan, [answered(first, 0), answered(second, 1)])
    rows = {r.id: r for r in internal_control_table(plan, divisions, T1) if r.division_id == "MED"}
    assert {pid: rows[pid].done for pid in k} == {"K01": "Ja", "K02": "Delvis", "K03": "Nej"}
    assert rows["K02"].deviation == "Ja"
    assert rows["K01"].result == "Enhet 0001: r0\nEnhet 0005: r1"


@pytest.mark.parametrize("careful", [False, True])
def test_a_version_1_template_without_the_sheet_gets_the_template_version_finding(make_template, careful):
    path = make_template("MED")

    def version_1(wb) -> None:
        del wb[SHEET]
        meta = wb["_meta"]
        row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "template_version")
        meta.cell(row, 2).value = "1"

    edit_workbook(path, version_1)
    from reporting.demo.plan import demo_plan

    result = check_file(path, demo_plan(), T1, careful=careful)
    assert not result.accepted
    assert [(f.rule, f.message) for f in result.findings] == [
        (
            Rule.TEMPLATE_VERSION,
            "Mallversion 1 är gammal; aktuell version är 3. Hämta periodens nya mall (ekonomienheten skickar den) "
            "och för över siffrorna till den.",
        )
    ]
