"""The command line: exact Swedish messages and exit codes, the demo flow."""

import shutil
from dataclasses import replace
from pathlib import Path

import click
from click.testing import CliRunner

from reporting.cli import main
from reporting.demo.plan import demo_plan
from reporting.plan.write import write_plan

ROOT = Path(__file__).resolve().parents[1]


def all_commands(group=main, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path, command in all_commands():
        if not isinstance(command, click.Group):
            assert f"reporting {' '.join(path)}" in readme, path


def test_bad_period_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(
        main, ["templates", "--plan", str(ROOT / "plan.xlsx"), "-w", str(tmp_path), "--period", "2025-Q3"]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Fel: ogiltigt värde för '--period' / '-p': "
        'okänd period "2025-Q3": skriv ÅR-T1, ÅR-delar, ÅR-helar eller en månad ÅR-MM, t.ex. 2025-T1 eller 2021-03'
    )
    assert "Se 'reporting templates --help' för hjälp." in result.stderr


def test_usage_errors_are_swedish_with_exit_2():
    runner = CliRunner()
    cases = {
        ("templates",): "Fel: flaggan '--period' / '-p' saknas.",
        ("templats",): "Fel: kommandot templats finns inte. Menade du templates?",
        ("templates", "--perod", "x"): "Fel: flaggan --perod finns inte. Menade du --period?",
        ("check",): "Fel: argumentet FILER... saknas.",
        ("plan", "check", "a.xlsx", "b.xlsx"): "Fel: för många argument (b.xlsx).",
        ("history", "kolada", "saknas.json"): "Fel: ogiltigt värde för FILER...: saknas.json finns inte.",
        ("consolidate", "-p", "2025-T1", "--docx-template", "saknas.docx"): (
            "Fel: ogiltigt värde för '--docx-template': saknas.docx finns inte."
        ),
        ("consolidate", "-p", "2025-T1", "--docx-template", str(ROOT)): (
            f"Fel: ogiltigt värde för '--docx-template': {ROOT} är en mapp, inte en fil."
        ),
    }
    for args, last_line in cases.items():
        result = runner.invoke(main, list(args))
        assert result.exit_code == 2, args
        assert result.stderr.splitlines()[-1] == last_line, args
        assert "Traceback" not in result.output


def test_missing_plan_says_how_to_fix(tmp_path):
    result = CliRunner().invoke(main, ["consolidate", "-w", str(tmp_path), "-p", "2025-T1"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Fel: planen {tmp_path / 'plan.xlsx'} finns inte. Skapa den med 'reporting plan new "
        f"{tmp_path / 'plan.xlsx'}' eller kör 'reporting demo' för en arbetsyta med demodata.\n"
    )


def test_plan_check_lists_problems_with_cells(tmp_path):
    runner = CliRunner()
    blank = tmp_path / "blank.xlsx"
    new = runner.invoke(main, ["plan", "new", str(blank)])
    assert new.exit_code == 0
    assert new.stdout == f"Skrev {blank}. Fyll i den och kör sedan: reporting plan check {blank}\n"
    again = runner.invoke(main, ["plan", "new", str(blank)])
    assert again.exit_code == 1
    assert again.stderr == f"Fel: {blank} finns redan. Använd --force för att skriva över den.\n"
    result = runner.invoke(main, ["plan", "check", str(blank)])
    assert result.exit_code == 1
    assert 'FEL: blank.xlsx: Nämnd!B1: "Nämnd" saknas' in result.stdout
    assert result.stderr.startswith(f"Fel: planen {blank} har ")
    assert result.stderr.endswith(f" fel. Rätta dem och kör 'reporting plan check {blank}' igen.\n")
    one = tmp_path / "one.xlsx"  # one error: "det", not "dem"
    write_plan(
        one,
        replace(demo_plan(), divisions=[replace(d, name="") if d.id == "MED" else d for d in demo_plan().divisions]),
    )
    single = runner.invoke(main, ["plan", "check", str(one)])
    assert single.stderr == f"Fel: planen {one} har 1 fel. Rätta det och kör 'reporting plan check {one}' igen.\n"
    demo = runner.invoke(main, ["plan", "new", str(tmp_path / "demo.xlsx"), "--demo"])  # filled already
    assert ". Den är ifylld med demodatan; ändra den och kör: reporting plan check " in demo.stdout
    folder = runner.invoke(main, ["check", str(tmp_path)])  # a folder, not a file
    assert ": Det är en mapp, inte en fil. Ange filerna i den, t.ex. mappen/*.xlsx." in folder.output
    ok = runner.invoke(main, ["plan", "check", str(ROOT / "plan.xlsx")])
    assert ok.exit_code == 0
    assert ok.stdout.splitlines()[-1] == (
        f"{ROOT / 'plan.xlsx'}: OK – 4 divisioner, 21 nyckeltal, 26 uppdrag, 6 åtgärder, 19 investeringar."
    )


def test_plan_commands_take_the_workspace(tmp_path):
    runner = CliRunner()
    ws = tmp_path / "kontoret"  # does not exist yet: plan new creates it
    new = runner.invoke(main, ["plan", "new", "-w", str(ws), "--demo"])
    assert new.exit_code == 0, new.output
    assert (ws / "plan.xlsx").is_file()
    check = runner.invoke(main, ["plan", "check", "-w", str(ws)])
    assert check.exit_code == 0, check.output
    assert check.stdout.startswith(f"{ws / 'plan.xlsx'}: OK – 4 divisioner")
    missing = runner.invoke(main, ["plan", "check", "-w", str(tmp_path)])
    assert missing.exit_code == 1
    assert missing.stderr == (
        f"Fel: planen {tmp_path / 'plan.xlsx'} finns inte. "
        f"Skapa den med 'reporting plan new {tmp_path / 'plan.xlsx'}'.\n"
    )


def test_templates_command(tmp_path):
    result = CliRunner().invoke(
        main, ["templates", "-w", str(tmp_path), "--plan", str(ROOT / "plan.xlsx"), "-p", "2025-delar", "-d", "MED"]
    )
    assert result.exit_code == 0, result.output
    target = tmp_path / "templates_xlsx" / "2025-delar Division Medicin.xlsx"
    assert target.exists()
    assert result.stdout == f"  {target}\nSkrev 1 mall för 2025-delar i {tmp_path / 'templates_xlsx'}/.\n"
    bad = CliRunner().invoke(
        main, ["templates", "-w", str(tmp_path), "--plan", str(ROOT / "plan.xlsx"), "-p", "2025-T1", "-d", "XX"]
    )
    assert bad.exit_code == 1
    assert bad.stderr.splitlines()[-1] == 'Fel: divisionen "XX" finns inte i planen. Ange en av: HSD, MED, KIR, NV.'


def test_demo_runs_the_whole_flow(demo_cli, tmp_path):
    ws, result = demo_cli  # `reporting demo` into a folder that did not exist yet (once per session)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:7] == [
        f"Plan: {ws / 'plan.xlsx'}",
        f"12 mallar i {ws / 'templates_xlsx'}/",
        f"Demoinlämningar för 2025-T1 i {ws / 'inbox'}/ (en division saknas, en har fel som visas i återkopplingen)",
        "Inkorgen: 3 filer, 3 godkända, 0 avvisade.",
        "Konsoliderat: 3 av 4 divisioner; ej inkommen: Hälso- och sjukvårdsdirektör.",
        "Fynd: 3 fel, 4 varningar.",
        "Skrivna filer:",
    ]
    assert f"  {ws / 'outbox' / '2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden.xlsx'}" in lines
    assert len(lines) == 7 + 6  # the report, its Word draft and four feedback workbooks
    assert (ws / "outbox" / "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden.xlsx").exists()
    assert len(list((ws / "outbox" / "återkoppling").glob("*.xlsx"))) == 4
    assert len(list((ws / "templates_xlsx").glob("*.xlsx"))) == 12
    ws = Path(shutil.copytree(ws, tmp_path / "demo"))  # the session's workspace stays as the command left it
    runner = CliRunner()
    check = runner.invoke(main, ["check", "-w", str(ws), str(ws / "inbox" / "2025-T1 Division Kirurgi.xlsx")])
    assert check.exit_code == 1
    assert "FEL: 2025-T1 Division Kirurgi.xlsx: Nyckeltal!E5: Utfall saknas för nyckeltal N01." in check.stdout
    assert check.stdout.splitlines()[-1] == "2025-T1 Division Kirurgi.xlsx: 3 fel, 0 varningar."
    for command in (["consolidate", "-p", "2025-T1"], ["feedback", "-p", "2025-T1"]):
        again = runner.invoke(main, [*command, "-w", str(ws)])
        assert again.exit_code == 0, again.output
        assert "Traceback" not in again.output
        assert again.stdout.splitlines()[0] == "Inkorgen: 3 filer, 3 godkända (3 oförändrade), 0 avvisade."
        out = again.stdout.splitlines()  # the office's to-dos (3 errors, Centrala värden), then the files written
        assert out[3] == "Att åtgärda innan rapporten går till nämnden:" and out[4].startswith("  • ")
        assert next(line for line in out[4:] if not line.startswith("  • ")).startswith("Skrev ")


def test_consolidate_names_each_rejected_file_and_why_on_screen(demo_cli, tmp_path, monkeypatch):
    from reporting.cli import summary

    ws = Path(shutil.copytree(demo_cli[0], tmp_path / "demo"))
    medicin = ws / "inbox" / "2025-T1 Division Medicin.xlsx"
    shutil.copy(medicin, ws / "inbox" / "2025-T1 Division Medicin (2).xlsx")  # the same bytes: one submission
    (ws / "inbox" / "anteckningar.xlsx").write_text("ingen arbetsbok")
    (ws / "inbox" / "tom.xlsx").write_bytes(b"")
    (later,) = (ws / "templates_xlsx").glob("2025-delar Division Medicin*.xlsx")
    shutil.copy(later, ws / "inbox" / "medicin delår.xlsx")  # a later period, over: a leftover, not rejected
    result = CliRunner().invoke(main, ["consolidate", "-p", "2025-T1", "-w", str(ws)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # the demo run archived the four; the delår file is neither listed nor counted as rejected
    assert lines[0] == "Inkorgen: 7 filer, 4 godkända (4 oförändrade), 1 för andra perioder, 2 avvisade."
    assert (
        lines[1]
        == "  anteckningar.xlsx: Filen är en textfil (t.ex. CSV) trots namnet. Använd den utskickade mallen (.xlsx)."
    )
    assert lines[2].startswith("  tom.xlsx: ") and "tom (0 byte)" in lines[2]
    assert lines[3].startswith("Konsoliderat: ")
    monkeypatch.setattr(summary, "LISTED_REJECTED", 1)
    again = CliRunner().invoke(main, ["consolidate", "-p", "2025-T1", "-w", str(ws)])
    assert again.stdout.splitlines()[1:3] == [lines[1], "  … och 1 till; alla står på fliken Avvikelser i rapporten."]


def test_check_of_another_periods_file_is_not_called_ok(demo_cli):
    """Exit 1 and a warning that the file is not counted: the verdict must not say OK."""
    ws = demo_cli[0]  # check only reads the file
    medicin = ws / "inbox" / "2025-T1 Division Medicin.xlsx"
    result = CliRunner().invoke(main, ["check", "-p", "2025-delar", "-w", str(ws), str(medicin)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("VARNING: 2025-T1 Division Medicin.xlsx: Filen gäller T1 2025,")
    assert result.stdout.splitlines()[-1] == "2025-T1 Division Medicin.xlsx: räknas inte in, 1 varning."


def test_demo_with_a_period_the_plan_lacks_leaves_no_files_behind(tmp_path):
    """`demo -p 2025-03` stopped with the plan's Perioder message but left that month's demo submissions in the
    inbox: every later run warned of a period the plan does not have."""
    result = CliRunner().invoke(main, ["demo", "-w", str(tmp_path / "ws"), "-p", "2025-03"])
    assert result.exit_code == 1 and "finns inte i planens flik Perioder" in result.output
    made = sorted(p.relative_to(tmp_path / "ws").as_posix() for p in (tmp_path / "ws").rglob("*") if p.is_file())
    assert [m for m in made if "2025-M03" in m] == [] and "plan.xlsx" in made
