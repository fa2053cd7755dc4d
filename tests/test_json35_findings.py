"""The findings a script reads (QA 35j #6): ``division_id`` beside the division's name in every command, and in
``check --json`` the file as it was given and ``counts_against``, the findings that make a file fail the check."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from reporting.cli import main
from reporting.demo.plan import demo_plan
from reporting.findings import Rule, warning
from reporting.intake.file_check import NOT_COUNTED_IN, division_ids, finding_record
from reporting.plan.model import Unit

ROOT = Path(__file__).resolve().parents[1]
MEDICIN, KIRURGI = "2025-T1 Division Medicin.xlsx", "2025-T1 Division Kirurgi.xlsx"


def _check(ws: Path, *args: str):
    return CliRunner().invoke(main, ["check", "--json", "-w", str(ws), *args])


def test_check_json_gives_the_file_as_given_the_division_id_and_what_counts_against_it(
    tmp_path, demo_copy, monkeypatch
):
    ws, _, _ = demo_copy(tmp_path / "ws")
    for folder, source in (("a", MEDICIN), ("b", KIRURGI)):  # one name in two folders: Medicin's file, Kirurgi's
        (ws.root / folder).mkdir()
        shutil.copy(ws.inbox / source, ws.root / folder / KIRURGI)
    monkeypatch.chdir(ws.root)
    result = _check(ws.root, f"a/{KIRURGI}", f"b/{KIRURGI}")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert [
        (f["file"], f["rule"], f["severity"], f["division"], f["division_id"], f["counts_against"]) for f in findings
    ] == [
        (f"a/{KIRURGI}", "name-mismatch", "varning", "Division Medicin", "MED", False),
        (f"b/{KIRURGI}", "not-a-number", "fel", "Division Kirurgi", "KIR", True),
        (f"b/{KIRURGI}", "required-missing", "fel", "Division Kirurgi", "KIR", True),
        (f"b/{KIRURGI}", "forecast-no-comment", "fel", "Division Kirurgi", "KIR", True),
    ]


def test_a_file_of_another_period_is_not_counted_in_by_a_warning_that_counts_against_it(tmp_path, demo_copy):
    ws, _, _ = demo_copy(tmp_path / "ws")
    result = _check(ws.root, "-p", "2025-delar", str(ws.inbox / MEDICIN))
    assert result.exit_code == 1
    ((finding,),) = [json.loads(result.stdout)]
    assert (finding["rule"], finding["severity"], finding["division_id"], finding["counts_against"]) == (
        "earlier-period",
        "varning",
        "MED",
        True,
    )


def test_the_rules_that_keep_a_file_out_are_the_ones_readme_and_help_name():
    rules = {r.value for r in NOT_COUNTED_IN}
    assert rules == {"earlier-period", "later-period"}
    helped = " ".join(CliRunner().invoke(main, ["check", "--help"]).stdout.split())
    assert "inte räknas in (en annan periods mall: varningen earlier-period eller later-period)" in helped
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    named = re.search(r"`counts_against` \(true for an error, and for the warnings? (.*?) of a file", readme)
    assert named is not None and set(re.findall(r"`([a-z-]+)`", named.group(1))) == rules


def test_a_units_finding_and_a_plans_id_have_their_divisions_id():
    plan = replace(demo_plan(), units=[Unit("MAKU", "Akutkliniken", "MED")])
    ids = division_ids(plan)
    assert (ids["Division Medicin / Akutkliniken"], ids["Division Medicin"], ids["MED"]) == ("MED", "MED", "MED")
    record = finding_record(
        warning(Rule.NAME_MISMATCH, problem="x", file="f.xlsx", division="Division Medicin / Akutkliniken"), ids
    )
    assert list(record)[3:5] == ["division", "division_id"] and record["division_id"] == "MED"
    assert finding_record(warning(Rule.NAME_MISMATCH, problem="x", division="Okänd"), ids)["division_id"] == ""


def test_consolidate_json_findings_have_the_division_id(tmp_path, demo_copy):
    ws, _, _ = demo_copy(tmp_path / "ws")
    result = CliRunner().invoke(main, ["consolidate", "-p", "2025-T1", "--json", "-w", str(ws.root)])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    kirurgi = [(f["rule"], f["division"], f["division_id"], f["reporter"]) for f in findings if f["file"] == KIRURGI]
    assert kirurgi[:3] == [
        (rule, "Division Kirurgi", "KIR", "KIR") for rule in ("not-a-number", "required-missing", "forecast-no-comment")
    ]
    named = [f for f in findings if f["division"]]
    assert named and all(f["division_id"] == f["reporter"].split("/")[0] for f in named)
