"""Files of another period than the one run (qa35n #2, #3): an earlier period's file "kan tas bort" only when the
archive holds it for its own period, and a file whose name names the period run is told so in that run."""

from __future__ import annotations

from datetime import date

from helpers import complete_edits, fill
from reporting.consolidate.consolidation import consolidate
from reporting.findings import Rule, Severity
from reporting.intake.checking import check_file
from reporting.intake.run import run_intake
from reporting.output.notices import office_notes
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1, DELAR, M03 = Period(2025, "T1"), Period(2025, "delar"), Period(2025, "M03")
AFTER_DELAR = date(2025, 9, 1)


def _told(result):
    return [(f.severity, f.rule, f.message) for f in result.findings]


def test_an_earlier_periods_file_may_be_removed_only_when_the_archive_holds_it(tmp_path, plan, make_template):
    """MED's T1 file was consolidated for T1; NV's came in late, after T1 was run: it is in no archive, and the
    delår run must not tell the office that it can be deleted."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    fill(make_template("MED"), complete_edits(plan, "MED"), ws.inbox / "2025-T1 Division Medicin.xlsx")
    assert [f.accepted for f in run_intake(ws, plan, T1, today=AFTER_DELAR).files] == [True]
    fill(make_template("NV"), complete_edits(plan, "NV"), ws.inbox / "2025-T1 Division nära vård.xlsx")  # late
    result = run_intake(ws, plan, DELAR, today=AFTER_DELAR)
    start = (
        "Filen gäller T1 2025, en tidigare period än delår 2025, och räknas inte in. Ska siffrorna gälla delår 2025: "
        "fyll i mallen för delår 2025 (ekonomienheten skickar den). "
    )
    told = {f.path.name: _told(f) for f in result.files}
    assert told == {
        "2025-T1 Division Medicin.xlsx": [
            (
                Severity.WARNING,
                Rule.EARLIER_PERIOD,
                start + "Filen finns i arkivet för T1 2025 och kan tas bort från inkorgen.",
            )
        ],
        "2025-T1 Division nära vård.xlsx": [
            (
                Severity.WARNING,
                Rule.EARLIER_PERIOD,
                start
                + "Filen finns inte i arkivet och har inte räknats in för T1 2025 ännu: kör reporting consolidate "
                "--period 2025-T1.",
            )
        ],
    }
    assert [f.path.name for f in result.files if f.for_another_period] == sorted(told)  # both still leftovers
    assert office_notes(consolidate(plan, result))[-1:] == [
        "1 fil för T1 2025 i inkorgen har inte räknats in ännu (2025-T1 Division nära vård.xlsx): kör reporting "
        "consolidate --period 2025-T1."
    ]


def test_a_check_with_no_archive_at_hand_does_not_claim_the_file_is_archived(plan, make_template, tmp_path):
    path = fill(make_template("MED"), complete_edits(plan, "MED"), tmp_path / "2025-T1 Division Medicin.xlsx")
    result = check_file(path, plan, DELAR)
    assert result.findings[0].message.endswith(
        "Lämnades filen in för T1 2025, räknas den in när ekonomienheten konsoliderar T1 2025."
    )
    assert "kan tas bort" not in result.findings[0].message


def _mismatch(named: str, template: str) -> str:
    return (
        f"Filnamnet nämner {named}, men filen är mallen för {template} enligt mallens inbyggda uppgifter. Filen "
        f"räknas till {template}; gäller siffrorna {named}, fyll i mallen för {named}."
    )


def test_a_later_template_named_for_the_period_run_is_the_wrong_template_and_its_name_is_said(
    plan, make_template, tmp_path
):
    """A delår template filled as a T1 correction, saved as "2025-T1 … korrigerad.xlsx", in T1's run again: not a
    leftover with "du behöver inte göra något nu", but the wrong template, and the name says T1."""
    name = "2025-T1 Division Medicin korrigerad.xlsx"
    path = fill(make_template("MED", DELAR), complete_edits(plan, "MED", 2025, "delar"), tmp_path / name)
    result = check_file(path, plan, T1, today=date(2025, 10, 1))
    assert not result.accepted and not result.for_another_period
    assert _told(result) == [
        (
            Severity.ERROR,
            Rule.WRONG_PERIOD,
            "Filen gäller delår 2025 men T1 2025 konsolideras. Använd mallen för rätt period.",
        ),
        (Severity.WARNING, Rule.NAME_MISMATCH, _mismatch("T1 2025", "delår 2025")),
    ]


def test_an_earlier_template_named_for_the_period_run_is_the_wrong_template_and_its_name_is_said(
    plan, make_template, tmp_path
):
    name = "2025-delar Division Medicin.xlsx"
    path = fill(make_template("MED"), complete_edits(plan, "MED"), tmp_path / name)
    result = check_file(path, plan, DELAR, today=AFTER_DELAR)
    assert _told(result) == [
        (
            Severity.ERROR,
            Rule.WRONG_PERIOD,
            "Filen gäller T1 2025 men delår 2025 konsolideras. Använd mallen för rätt period.",
        ),
        (Severity.WARNING, Rule.NAME_MISMATCH, _mismatch("delår 2025", "T1 2025")),
    ]


def test_a_leftover_named_for_a_third_period_is_still_a_leftover_and_its_name_is_said(plan, make_template, tmp_path):
    path = fill(make_template("MED"), complete_edits(plan, "MED"), tmp_path / "2025-M03 Division Medicin.xlsx")
    result = check_file(path, plan, DELAR, today=AFTER_DELAR)
    assert result.for_another_period
    assert [(f.severity, f.rule) for f in result.findings] == [
        (Severity.WARNING, Rule.EARLIER_PERIOD),
        (Severity.WARNING, Rule.NAME_MISMATCH),
    ]
    assert result.findings[1].message == _mismatch("mars 2025", "T1 2025")


def test_an_archived_file_named_for_the_period_run_stays_the_wrong_template(tmp_path, plan, make_template):
    """The archive holds the delår file for delår; saved as "2025-T1 ….xlsx" it is still told, in T1's run again,
    that its name says T1 (no "du behöver inte göra något nu")."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    name = "2025-T1 Division Medicin korrigerad.xlsx"
    fill(make_template("MED", DELAR), complete_edits(plan, "MED", 2025, "delar"), ws.inbox / name)
    assert [f.accepted for f in run_intake(ws, plan, DELAR, today=date(2025, 10, 1)).files] == [True]
    (file,) = run_intake(ws, plan, T1, today=date(2025, 10, 1)).files
    assert [(f.severity, f.rule) for f in file.findings] == [
        (Severity.ERROR, Rule.WRONG_PERIOD),
        (Severity.WARNING, Rule.NAME_MISMATCH),
    ]
    assert all("inte göra något" not in f.message for f in file.findings)
