"""A division reported by its units: a unit whose file came in and was rejected is named as rejected, not missing.

Medicin has Enhet 0001, 0005 and 0009: 0001's file is accepted, 0005's rejected (its frame changed since its template was made), 0009
sent nothing. Inlämningar, the economy row's name, the key figures' notes and the Åtgärdsplan say "avvisad:
Enhet 0005" where they name the units left out; what history stores as left out stays as for a missing unit.
"""

import pickle
from dataclasses import replace
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from helpers import rows_of, value_at
from reporting.cli.summary import run_summary
from reporting.consolidate.consolidation import consolidate
from reporting.demo.submissions import demo_fill
from reporting.demo.units import unit_plan
from reporting.history.store import rows_of as history_rows
from reporting.intake.run import run_intake
from reporting.output.feedback import write_feedback
from reporting.output.report import write_report
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.template.write import build_template
from reporting.workspace import Workspace

T1 = Period(2025, "T1")
MED = "Division Medicin"


@pytest.fixture(scope="module")
def uplan():
    return unit_plan(12)  # Medicin: Enhet 0001, 0005, 0009


def _unit_file(plan, ws, unit_id):
    unit = plan.unit(unit_id)
    name = Reporter(plan.division(unit.division), unit).file_name(T1.key)
    build_template(plan, unit.division, T1, ws.inbox / name, demo_fill(plan, unit.division, T1), unit_id=unit_id)


def _moved(plan, unit_id):
    """The plan before 1 mkr of a unit's external costs moved: its template's frame is not the plan's any more."""
    old = next(f for f in plan.budget_frames if f.unit == unit_id)
    moved = replace(old, amounts={**old.amounts, "EK": old.amounts["EK"] + 1}, netto_given=old.netto + 1)
    return replace(plan, budget_frames=[moved if f is old else f for f in plan.budget_frames])


@pytest.fixture(scope="module")
def medicin_in_part_once(tmp_path_factory, uplan):
    """Medicin from one unit's file, another unit's rejected, consolidated and reported once per module: the
    consolidation pickled (each test unpickles its own, see medicin_in_part) and the report, which tests only read."""
    ws = Workspace(tmp_path_factory.mktemp("medicin-in-part") / "ws")
    ws.inbox.mkdir(parents=True)
    _unit_file(uplan, ws, "E0001")
    _unit_file(_moved(uplan, "E0005"), ws, "E0005")  # rejected: frame-changed
    result = consolidate(uplan, run_intake(ws, uplan, T1))
    (turned,) = [f for f in result.intake.files if not f.accepted]
    assert turned.reporter == "MED/E0005" and "frame-changed" in [f.rule.value for f in turned.findings]
    return pickle.dumps(result), write_report(result, ws.outbox)[0]


@pytest.fixture
def medicin_in_part(medicin_in_part_once):
    """(the consolidation, its report): the consolidation the test's own copy, which it may change."""
    data, report = medicin_in_part_once
    return pickle.loads(data), report


def test_inlamningar_says_the_unit_was_rejected(medicin_in_part):
    _, report = medicin_in_part
    medicin = next(r for r in rows_of(report, "Inlämningar") if r[0] == MED)
    assert medicin[1].split("; sent")[0] == "Inkommen från 1 av 3 enheter; saknas: Enhet 0009; avvisad: Enhet 0005"


def test_the_exkl_names_say_the_unit_was_rejected(medicin_in_part):
    result, report = medicin_in_part
    named = f"{MED} (exkl. Enhet 0009, som inte har kommit in, och Enhet 0005, vars fil avvisades)"
    assert {e.division for e in result.economy if e.division_id == "MED"} == {named}
    assert {r[0] for r in rows_of(report, "Ekonomi") if str(r[0]).startswith(MED)} == {named}
    n01 = next(k for k in result.key_figures if k.id == "N01" and k.division_id == "MED")
    assert (
        n01.analysis.splitlines()[0] == "exkl. Enhet 0009, som inte har kommit in, och Enhet 0005, vars fil avvisades"
    )
    a1 = next(m for m in result.measures if m.id == "A1")
    assert a1.missing.endswith(
        "Enhet 0009 i Division Medicin, som inte har kommit in, och Enhet 0005 i Division Medicin, vars fil avvisades"
    )


def test_a_unit_file_of_an_older_template_version_is_named_as_that_unit_rejected(tmp_path, uplan):
    """A unit's file refused before its content is read (an older template version) is still that unit's: the log
    says whose it is and Inlämningar names the unit as rejected, not as missing."""
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    _unit_file(uplan, ws, "E0001")
    _unit_file(uplan, ws, "E0005")
    path = next(ws.inbox.glob("*Enhet 0005*"))
    wb = load_workbook(path)
    wb["_meta"]["B2"] = "0"  # rpt_template_version: a template of an older version
    wb.save(path)
    result = consolidate(uplan, run_intake(ws, uplan, T1))
    (turned,) = [f for f in result.intake.files if not f.accepted]
    assert turned.reporter == "MED/E0005" and [f.rule.value for f in turned.findings] == ["template-version"]
    medicin = next(r for r in result.submissions if r.division == MED)
    assert medicin.status.split("; sent")[0] == "Inkommen från 1 av 3 enheter; saknas: Enhet 0009; avvisad: Enhet 0005"


def test_history_stores_the_rejected_unit_as_left_out_as_before(medicin_in_part):
    result, _ = medicin_in_part
    parts = {r["left_out"] for r in history_rows(result) if r["division"] == "MED"}
    assert parts == {"Enhet 0005, Enhet 0009 i Division Medicin"}


def test_the_run_summary_names_the_units_left_out_and_those_rejected(medicin_in_part):
    """consolidate --json: a script learns which units a division from its units' files leaves out, as the console."""
    result, _ = medicin_in_part
    run = run_summary(SimpleNamespace(consolidation=result, written=[]))
    assert run["units"]["MED"] == {"missing": ["E0009"], "rejected": ["E0005"]}
    assert run["units"]["KIR"] == {"missing": ["E0002", "E0006", "E0010"], "rejected": []}  # none of its units sent
    assert {f["reporter"]: f["result"] for f in run["files"]} == {"MED/E0001": "godkänd", "MED/E0005": "avvisad"}


def test_a_division_whose_twelve_unit_files_were_all_rejected_names_ten_files_in_inlamningar(tmp_path):
    """The Fil cell of a division with no file accepted names its rejected files capped (a region's hundreds of
    unit files would pass Excel's 32 767 characters a cell)."""
    plan = unit_plan(48)  # twelve units per division
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    units = plan.units_of("MED")
    for unit in units:
        _unit_file(_moved(plan, unit.id), ws, unit.id)  # each made before its frame moved: rejected
    result = consolidate(plan, run_intake(ws, plan, T1))
    medicin = next(r for r in result.submissions if r.division == MED)
    names = sorted(f.path.name for f in result.intake.files)
    assert len(names) == 12 and medicin.file == f"{', '.join(names[:10])} och 2 till"
    # the återkoppling speaks of the units' files and names a unit's new template, not the division's one file
    (path,) = [p for p in write_feedback(result, ws.outbox) if "Medicin" in p.name]
    advice = value_at(rows_of(path, "Återkoppling"), "A3")
    assert "En enhets fil är gjord från en äldre mall" in advice
    assert f'Fyll i periodens nya mall för enheten, t.ex. "2025-T1 {MED} - {units[0].name}.xlsx"' in advice


def test_the_feedback_of_a_division_with_one_unit_says_enheten(tmp_path):
    plan = unit_plan(4)  # one unit per division
    ws = Workspace(tmp_path / "ws")
    ws.inbox.mkdir(parents=True)
    (unit,) = plan.units_of("MED")
    _unit_file(plan, ws, unit.id)
    result = consolidate(plan, run_intake(ws, plan, T1))
    (path,) = [p for p in write_feedback(result, ws.outbox) if "Medicin" in p.name]
    texts = [c for row in rows_of(path, "Återkoppling") for c in row if isinstance(c, str)]
    assert any(t.startswith("Underlag från enheten har kommit in och är med i sammanställningen.") for t in texts)


def test_a_file_of_another_period_is_not_late_for_this_one(medicin_in_part):
    result, _ = medicin_in_part
    other = replace(result.intake.log[0], file="delår.xlsx", period="2025-delar", received="2025-10-01T09:00:00")
    result.intake.log.append(other)  # a leftover of another period, received after this period's deadline
    run = run_summary(SimpleNamespace(consolidation=result, written=[]))
    late = {f["file"]: f["late"] for f in run["files"]}
    assert late["delår.xlsx"] is False and late[result.intake.log[0].file] is True


def test_a_test_that_changed_its_run_leaves_the_next_tests_run_as_consolidated(medicin_in_part):
    """After the test above appended to its consolidation's log: this test's copy is the module's run as made."""
    result, _ = medicin_in_part
    assert [entry.period for entry in result.intake.log] == ["2025-T1", "2025-T1"]
