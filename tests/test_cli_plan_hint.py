"""A plan missing from the current folder: the command may be run outside the workspace, and the error says how
to name it (a tester ran `reporting check` outside it and was only told to make a new plan)."""

from __future__ import annotations

from click.testing import CliRunner

from reporting.cli import main

OUTSIDE = " Körs kommandot utanför arbetsytan: ange arbetsytan med -w MAPP (eller planen med --plan FIL).\n"


def test_a_plan_missing_from_the_current_folder_names_w_and_plan(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fil.xlsx").write_bytes(b"x")
    result = CliRunner().invoke(main, ["check", "fil.xlsx"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Fel: planen plan.xlsx finns inte. Skapa den med 'reporting plan new plan.xlsx' eller kör 'reporting demo' "
        "för en arbetsyta med demodata." + OUTSIDE
    )
    plan = CliRunner().invoke(main, ["plan", "check"])
    assert plan.exit_code == 1 and plan.stderr.endswith(
        "ange arbetsytan med -w MAPP (eller planen med sökvägen, t.ex. 'reporting plan check kontoret/plan.xlsx').\n"
    )


def test_a_named_workspace_or_plan_needs_no_such_hint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    named = CliRunner().invoke(main, ["consolidate", "-w", str(tmp_path), "-p", "2025-T1"])
    given = CliRunner().invoke(main, ["check", "--plan", "p.xlsx", "fil.xlsx"])
    assert named.exit_code == given.exit_code == 1
    assert "utanför arbetsytan" not in named.stderr + given.stderr
