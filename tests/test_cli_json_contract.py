"""What a script gets from the command line (QA 35j): the run object even when only the PDF failed, ids in any
case, a period the plan does not list refused by every command, and a missing file an error (1), not usage (2)."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from reporting.cli import main
from reporting.cli.errors import error_message, friendly_errors
from reporting.errors import ReportingError
from reporting.history.schema import HistoryBusy
from reporting.workspace import WorkspaceBusy
from test_robust_pdf import fake_soffice  # noqa: F401 (a fixture)


def test_consolidate_json_still_gives_the_run_when_only_the_pdf_failed(tmp_path, demo_copy, fake_soffice):  # noqa: F811
    ws, _, _ = demo_copy(tmp_path / "ws")
    fake_soffice("code")  # LibreOffice ends with an error and writes nothing
    result = CliRunner().invoke(main, ["consolidate", "-p", "2025-T1", "--pdf", "--json", "-w", str(ws.root)])
    assert result.exit_code == 1
    run = json.loads(result.stdout)
    name = "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden"
    assert [p.rsplit("/", 1)[-1] for p in run["written"]] == [f"{name}.xlsx", f"{name}.docx"]
    assert run["consolidated"] == ["MED", "KIR", "NV"]
    assert result.stderr.splitlines()[-1].startswith("Fel: ingen PDF kunde göras av ")


@pytest.mark.parametrize("busy", [HistoryBusy, WorkspaceBusy])
def test_a_busy_history_or_workspace_exits_75_and_any_other_error_1(busy):
    """A scheduled job retries on 75 (sysexits' EX_TEMPFAIL) and stops on 1."""

    @click.command()
    @click.option("--what", default="busy")
    @friendly_errors
    def command(what: str) -> None:
        raise busy("historiken används av ett annat program.") if what == "busy" else ReportingError("fel i planen.")

    assert [CliRunner().invoke(command, ["--what", w]).exit_code for w in ("busy", "other")] == [75, 1]


def test_check_refuses_a_period_the_plan_does_not_list_as_every_command_does(tmp_path, demo_copy):
    ws, _, _ = demo_copy(tmp_path / "ws")
    files = [str(p) for p in sorted(ws.inbox.glob("*.xlsx"))]
    result = CliRunner().invoke(main, ["check", "-p", "2025-03", "--json", "-w", str(ws.root), *files])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "Fel: perioden 2025-M03 finns inte i planens flik Perioder. Planen har: 2025-T1 (Tertialrapport per april), "
        "2025-delar (Delårsrapport per augusti), 2025-helar (Årsrapport). Välj en av dem, eller lägg till perioden "
        "på fliken Perioder."
    ]


def test_templates_json_names_what_failed_and_takes_a_division_id_in_any_case(tmp_path, demo_copy):
    ws, _, _ = demo_copy(tmp_path / "ws")
    blocked = ws.templates / "2025-T1 Division Medicin.xlsx"
    blocked.unlink()
    blocked.mkdir()  # a folder where the template goes: it cannot be written
    result = CliRunner().invoke(
        main, ["templates", "-p", "2025-T1", "-d", "med", "-d", "Kir", "--json", "-w", str(ws.root)]
    )
    assert result.exit_code == 1
    run = json.loads(result.stdout)
    assert [p.rsplit("/", 1)[-1] for p in run["written"]] == ["2025-T1 Division Kirurgi.xlsx"]
    assert run["failed"] == [
        {
            "file": str(blocked),
            "problem": "mallen kunde inte skrivas: filen kunde inte skrivas (sökvägen är en mapp, inte en fil); "
            "kontrollera att mappen finns och går att skriva i.",
        }
    ]
    assert result.stderr.splitlines()[-1] == "Fel: 1 mall kunde inte skrivas (listad ovan)."


def test_withdraw_takes_the_division_id_in_any_case(tmp_path, demo_copy):
    ws, _, _ = demo_copy(tmp_path / "ws")
    assert CliRunner().invoke(main, ["consolidate", "-p", "2025-T1", "-w", str(ws.root)]).exit_code == 0
    result = CliRunner().invoke(main, ["withdraw", "-p", "2025-T1", "-d", "med", "--reason", "fel", "-w", str(ws.root)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Återkallade 2025-T1 Division Medicin.xlsx (Division Medicin, T1 2025).")


@pytest.mark.parametrize(
    ("name", "advice"),
    [
        ("rapport.xlsx", "Stäng filen om den är öppen i Excel, kontrollera att den inte är skrivskyddad och kör igen."),
        ("rapport.docx", "Stäng filen om den är öppen i Word, kontrollera att den inte är skrivskyddad och kör igen."),
        (".reporting.lock", "Ta bort skrivskyddet på filen, eller radera den när ingen körning pågår."),
        ("outbox", "Kontrollera behörigheten till mappen och att filen inte är skrivskyddad."),
    ],
)
def test_access_denied_says_what_to_do_for_that_kind_of_file(name, advice):
    """QA 35w #11: a Word draft open in Word (or the lock file made read-only by a sync) was told to close Excel."""
    message = error_message(PermissionError(13, "Permission denied", f"/ws/{name}"))
    assert message == f"åtkomst nekas till /ws/{name}. {advice}"


def test_check_skips_excels_owner_file_that_a_glob_takes_with_the_workbooks(tmp_path, demo_copy):
    """QA 35w #6: `reporting check inbox/*.xlsx` while someone has a workbook open took "~$…xlsx" (165 bytes) as a
    file, called it no workbook and exited 1: the exit status depended on whether a workbook was open."""
    ws, _, _ = demo_copy(tmp_path / "ws")
    medicin = ws.inbox / "2025-T1 Division Medicin.xlsx"
    owner = ws.inbox / "~$2025-T1 Division Medicin.xlsx"
    owner.write_bytes(b"\x0bkontrollant".ljust(165, b" "))
    result = CliRunner().invoke(main, ["check", "--json", "-w", str(ws.root), str(owner), str(medicin)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []  # Medicin's file has no findings; the owner file none either
    assert result.stderr == f"{owner.name}: hoppas över (Excels eller systemets tillfälliga fil, ingen inlämning).\n"


def test_a_findings_division_id_is_its_files_reporter_also_under_another_years_name(demo_t1):
    """QA 35n #5: a file of the other year carries that year's division name ("Division nära vård" after a
    rename): its findings got division_id "" though the file's reporter is NV."""
    from dataclasses import replace

    from reporting.output.run_facts import run_summary

    result = demo_t1()[1]
    kirurgi = next(f for f in result.findings if f.division == "Division Kirurgi" and f.file)
    renamed = replace(kirurgi, division="Division Kirurgi och akutvård")  # the name of another year's plan
    summary = run_summary(replace(result, checks=[*result.checks, renamed]), [])
    found = [(f["division_id"], f["reporter"]) for f in summary["findings"] if f["division"] == renamed.division]
    assert found == [("KIR", "KIR")]


def test_withdraw_takes_ids_and_names_from_the_plan_the_period_is_judged_against(tmp_path, demo_copy):
    """QA 35n #4: after plan.xlsx became next year's, withdraw read it, named the division by next year's name
    and refused a division next year's plan no longer has."""
    from dataclasses import replace

    from reporting.plan.read import load_plan
    from reporting.plan.write import write_plan

    ws, _, _ = demo_copy(tmp_path / "ws")
    assert CliRunner().invoke(main, ["consolidate", "-p", "2025-T1", "-w", str(ws.root)]).exit_code == 0
    plan = load_plan(ws.plan)
    renamed = [replace(d, name="Division Medicin och akutvård") if d.id == "MED" else d for d in plan.divisions]
    write_plan(ws.plan, replace(plan, divisions=renamed))  # the plan revised after T1 was consolidated
    result = CliRunner().invoke(main, ["withdraw", "-p", "2025-T1", "-d", "MED", "--reason", "fel", "-w", str(ws.root)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Återkallade 2025-T1 Division Medicin.xlsx (Division Medicin, T1 2025).")


def test_a_controllers_check_outside_the_workspace_is_not_told_the_period_was_never_consolidated(
    tmp_path, demo_plan_xlsx
):
    """QA 35n #6: with no archive at hand ("my own folder"), a file of last year checked against next year's plan
    was refused with "har inte konsoliderats förut" and told to pass --plan, which the controller had done."""
    from helpers import edit_workbook
    from test_period_plan import next_year

    own = tmp_path / "egen"
    own.mkdir()
    plan = own / "plan2026.xlsx"
    plan.write_bytes(demo_plan_xlsx.read_bytes())
    edit_workbook(plan, lambda wb: next_year(wb, keep=2025))
    (own / "2025-helar Division Medicin.xlsx").write_bytes(b"")
    result = CliRunner().invoke(
        main,
        [
            "check",
            "-p",
            "2025-helar",
            "-w",
            str(own),
            "--plan",
            str(plan),
            str(own / "2025-helar Division Medicin.xlsx"),
        ],
    )
    assert result.exit_code == 1
    assert "har inte konsoliderats förut" not in result.stderr
    assert result.stderr.startswith("Fel: planen plan2026.xlsx är planen för 2026, men perioden 2025-helar är 2025: ")
