"""One Reporter value for every spelling of who reports; findings never repeat their position in the message."""

from __future__ import annotations

import subprocess
import sys

from reporting.demo.submissions import write_demo_submissions
from reporting.demo.units import unit_plan
from reporting.findings import Rule, Severity
from reporting.intake.checking import check_file
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter

T1 = Period(2025, "T1")


def test_reporter_key_name_and_file_name(plan):
    med = Reporter.of(plan, "MED")
    assert (med.key, med.name, med.file_name("2025-T1")) == (
        "MED",
        "Division Medicin",
        "2025-T1 Division Medicin.xlsx",
    )
    assert med.file_name("2025-T1", "Återkoppling") == "2025-T1 Återkoppling Division Medicin.xlsx"
    uplan = unit_plan(2)
    unit = Reporter.of(uplan, "MED", uplan.units_of("MED")[0].id)
    assert unit.key == f"MED/{unit.unit_id}"
    assert unit.name == f"Division Medicin / {unit.unit.name}"
    assert unit.file_name("2025-T1") == f"2025-T1 Division Medicin - {unit.unit.name}.xlsx"


def test_findings_keep_position_out_of_the_message(tmp_path, plan):
    findings = [f for path in write_demo_submissions(plan, T1, tmp_path) for f in check_file(path, plan, T1).findings]
    assert len(findings) >= 3
    for f in findings:
        assert isinstance(f.rule, Rule) and isinstance(f.severity, Severity)
        assert f.cell and f.sheet and f.file
        assert f.cell not in f.message and f"{f.sheet}!" not in f.message, f.message
        assert f.as_dict()["rule"] == f.rule.value and f.as_dict()["severity"] in ("fel", "varning")


def test_python_dash_m_reporting_is_the_same_command_line():
    result = subprocess.run([sys.executable, "-m", "reporting", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    from reporting import __version__

    assert __version__ in result.stdout
