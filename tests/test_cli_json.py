"""--json: stdout holds one JSON document and nothing else; exit codes as without --json."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporting.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ["file", "sheet", "cell", "division", "division_id", "rule", "title", "category", "severity", "message"]


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory, demo_cli):
    """A copy of the session's `reporting demo` workspace, for this module."""
    demo, result = demo_cli
    assert result.exit_code == 0, result.output
    return Path(shutil.copytree(demo, tmp_path_factory.mktemp("demo") / "ws"))


def test_check_json(demo_ws):
    kirurgi = demo_ws / "inbox" / "2025-T1 Division Kirurgi.xlsx"
    result = CliRunner().invoke(main, ["check", "--json", "-w", str(demo_ws), str(kirurgi), "saknas.xlsx"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert all(list(f) == [*FIELDS, "counts_against"] for f in findings)
    assert {
        "file": str(kirurgi),  # the path as given
        "sheet": "Nyckeltal",
        "cell": "E5",
        "division": "Division Kirurgi",
        "division_id": "KIR",
        "rule": "required-missing",
        "title": "Obligatoriskt värde saknas",
        "category": "innehåll",
        "severity": "fel",
        "message": "Utfall saknas för nyckeltal N01.",
        "counts_against": True,
    } in findings
    assert findings[-1]["file"] == "saknas.xlsx" and findings[-1]["message"] == "Filen finns inte."
    assert len(findings) == 4
    assert '"category": "innehåll"' in result.stdout  # ensure_ascii=False: Swedish letters as they are


def test_check_json_clean_file_exit_0(demo_ws):
    medicin = demo_ws / "inbox" / "2025-T1 Division Medicin.xlsx"
    result = CliRunner().invoke(main, ["check", "--json", "-w", str(demo_ws), str(medicin)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_templates_json(tmp_path):
    result = CliRunner().invoke(
        main, ["templates", "--json", "-w", str(tmp_path), "--plan", str(ROOT / "plan.xlsx"), "-p", "2025-T1"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert list(answer) == ["written", "set_aside", "failed"] and answer["set_aside"] == answer["failed"] == []
    paths = answer["written"]
    assert len(paths) == 4
    assert str(tmp_path / "templates_xlsx" / "2025-T1 Division Medicin.xlsx") in paths
    assert all(Path(p).is_file() for p in paths)


def test_plan_check_json(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["plan", "check", "--json", str(ROOT / "plan.xlsx")])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout) == []
    blank = tmp_path / "blank.xlsx"
    assert runner.invoke(main, ["plan", "new", str(blank)]).exit_code == 0
    bad = runner.invoke(main, ["plan", "check", "--json", str(blank)])
    assert bad.exit_code == 1
    findings = json.loads(bad.stdout)  # the summary line went to stderr
    assert bad.stderr.startswith("Fel: planen ")
    wanted = {"file": "blank.xlsx", "sheet": "Nämnd", "cell": "B1", "division_id": "", "rule": "plan-invalid"}
    assert any(wanted.items() <= f.items() for f in findings)
    assert all(list(f) == FIELDS for f in findings)


def test_history_show_json(demo_ws):
    result = CliRunner().invoke(main, ["history", "show", "--json", "-w", str(demo_ws), "N04"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "board": "halso-och-sjukvardsnamnden",
            "key_figure": "N04",
            "division": "",
            "period": "2025-T1",
            "outcome": "68.31",
            "forecast": None,
            "change": None,
            "unit": "%",
            "left_out": "",
            "scope_change": "",
        }
    ]
    missing = CliRunner().invoke(main, ["history", "show", "--json", "-w", str(demo_ws), "N99"])
    assert missing.exit_code == 1 and missing.stdout == ""
    assert missing.stderr == (
        "Fel: det finns inga lagrade värden för N99. Kör 'reporting consolidate' för en period först, "
        "eller kontrollera nyckeltalets id.\n"
    )
    no_division = CliRunner().invoke(main, ["history", "show", "-w", str(demo_ws), "N04", "-d", "XYZ"])
    assert no_division.stderr.endswith("eller kontrollera nyckeltalets id och divisionens id.\n")


def test_history_show_text(demo_ws, tmp_path):
    ws = Path(shutil.copytree(demo_ws, tmp_path / "ws"))
    result = CliRunner().invoke(main, ["history", "show", "-w", str(ws), "N04", "-d", "MED"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == ["N04 (MED), enhet: %", f"{'period':<12}{'utfall':>12}{'prognos':>12}"]  # figures.unit
    assert lines[2].split()[0] == "2025-T1"


def test_consolidate_and_feedback_json(demo_ws, tmp_path):
    """A scripted run (the office's scheduler): the inbox's files as the log has them, who is in and missing,
    the findings as check --json, the files written; stdout holds the JSON only."""
    ws = Path(shutil.copytree(demo_ws, tmp_path / "ws"))
    result = CliRunner().invoke(main, ["consolidate", "--json", "-p", "2025-T1", "-w", str(ws)])
    assert result.exit_code == 0, result.output
    run = json.loads(result.stdout)
    assert list(run) == [
        "period",
        "files",
        "consolidated",
        "missing",
        "rejected",
        "units",
        "set_aside",  # added (fix36u3): units whose files a division's own file wins over
        "findings",
        "to_do",
        "written",
    ]
    assert run["period"] == "2025-T1" and run["missing"] == ["HSD"] and run["rejected"] == [] and run["units"] == {}
    assert run["consolidated"] == ["MED", "KIR", "NV"]
    files = {f["file"]: f for f in run["files"]}
    medicin = files["2025-T1 Division Medicin.xlsx"]
    assert (
        medicin
        == {
            "file": "2025-T1 Division Medicin.xlsx",
            "reporter": "MED",
            "result": "oförändrad",  # the demo run archived it already
            "reason": "samma fil som redan finns i arkivet",
            "received": medicin["received"],  # the file's time in the inbox: when the demo wrote it
            "late": medicin["received"][:10] > "2025-05-09",  # the plan's deadline for 2025-T1
            "set_aside": False,  # a division's own file: used
        }
    )
    assert medicin["received"][:4] == "2026" and medicin["late"] is True
    assert all(list(f) == [*FIELDS, "reporter"] for f in run["findings"])
    kirurgi = [(f["rule"], f["sheet"], f["cell"]) for f in run["findings"] if f["division"] == "Division Kirurgi"]
    assert ("required-missing", "Nyckeltal", "E5") in kirurgi and ("not-a-number", "Nyckeltal", "G6") in kirurgi
    # the reporter's id, as files and consolidated give it: a script need not map names to ids
    assert {f["reporter"] for f in run["findings"] if f["division"] == "Division Kirurgi"} == {"KIR"}
    assert {f["reporter"] for f in run["findings"]} <= {"", *run["consolidated"], *run["missing"]}
    assert [Path(p).name for p in run["written"]][:2] == [
        "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden.xlsx",
        "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden.docx",
    ]
    again = CliRunner().invoke(main, ["feedback", "--json", "-p", "2025-T1", "-w", str(ws)])
    assert again.exit_code == 0, again.output
    answer = json.loads(again.stdout)
    assert answer["consolidated"] == run["consolidated"] and answer["findings"] == run["findings"]
    assert {Path(p).parent.name for p in answer["written"]} == {"återkoppling"}


def test_pdf_without_libreoffice_stops_before_anything_is_written(demo_ws, tmp_path, monkeypatch):
    """--pdf on a machine without LibreOffice: the report and the archive were written, then an English error."""
    from reporting.output import libreoffice

    ws = Path(shutil.copytree(demo_ws, tmp_path / "ws"))
    shutil.rmtree(ws / "outbox")
    log = (ws / "archive" / "intagslogg.csv").read_bytes()
    monkeypatch.setattr(libreoffice, "soffice_path", lambda: None)
    for command in (["consolidate", "--pdf"], ["feedback", "--pdf"]):
        result = CliRunner().invoke(main, [*command, "--json", "-p", "2025-T1", "-w", str(ws)])
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith("Fel: LibreOffice (soffice) är inte installerat och behövs för PDF.")
        assert "kör utan --pdf" in result.stderr
        assert not (ws / "outbox").exists() and (ws / "archive" / "intagslogg.csv").read_bytes() == log


def test_demo_pdf_without_libreoffice_writes_nothing(tmp_path, monkeypatch):
    from reporting.output import libreoffice

    monkeypatch.setattr(libreoffice, "soffice_path", lambda: None)
    result = CliRunner().invoke(main, ["demo", "--pdf", "-w", str(tmp_path / "ws")])
    assert result.exit_code == 1 and "LibreOffice (soffice) är inte installerat" in result.stderr
    assert not (tmp_path / "ws").exists()
