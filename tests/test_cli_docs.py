"""Every command documents itself (in the style of sqlite-utils' tests/test_docs.py).

Each click command, groups included, has --help in Swedish with an "Exempel:"
block that shows the command itself, and every command runs through the one
error path (``friendly_errors``).
"""

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reporting.cli import main
from reporting.demo.catalogue import DEMO_PLANS
from reporting.plan.periods import parse_period


def all_commands(group=main, prefix=()):
    yield prefix, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


COMMANDS = list(all_commands())


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(("reporting", *p)) for p, _ in COMMANDS])
def test_every_command_has_help_with_an_example(path, command):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Exempel:" in result.output, f"reporting {' '.join(path)} --help has no 'Exempel:' block"
    example = result.output.split("Exempel:", 1)[1]
    if path:
        assert "reporting " + " ".join(path) in example, path


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(("reporting", *p)) for p, _ in COMMANDS])
def test_help_is_swedish(path, command):
    text = CliRunner().invoke(main, [*path, "--help"]).output
    assert text.startswith(f"Användning: {' '.join(('reporting', *path))} [FLAGGOR]")
    assert "\nFlaggor:\n" in text and "Visa den här hjälpen och avsluta." in text
    english_words = ("Usage:", "Options:", "Commands:", "Show this message", "default:", "Example:", "required]")
    for english in english_words:
        assert english not in text, (path, english)
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, (path, param.name)
            assert not param.required or "[krävs]" in text, (path, param.name)  # click's "[required]", in Swedish


def test_every_command_goes_through_the_error_path():
    leaves = [(path, command) for path, command in COMMANDS if not isinstance(command, click.Group)]
    assert len(leaves) == 14
    for path, command in leaves:
        assert getattr(command.callback, "friendly_errors", False), path


def examples() -> list[tuple[tuple[str, ...], list[str], str]]:
    """Every example command line of every --help: (the command whose help shows it, its words without
    "reporting" and shell redirection, its comment)."""
    found = []
    for path, _ in COMMANDS:
        text = CliRunner().invoke(main, [*path, "--help"]).output.split("Exempel:", 1)[1].split("\nFlaggor:")[0]
        for line in text.splitlines():
            command, _, comment = line.strip().partition("   #")
            if command.startswith("reporting "):
                words = shlex.split(command)[1:]
                found.append((path, words[: words.index(">")] if ">" in words else words, comment))
    return found


def option(words: list[str], *names: str) -> str | None:
    """The value given to the first of ``names`` in ``words`` (None when none is given)."""
    return next((words[i + 1] for i, word in enumerate(words[:-1]) if word in names), None)


def test_examples_name_the_boards_a_demo_history_holds(plan):
    """--board takes the plan's Nämnd-id, else the nämnd's name as a slug: "hsn" is in no demo's history."""
    boards = [option(words, "--board", "-b") for _, words, _ in examples() if option(words, "--board", "-b")]
    assert boards and set(boards) <= {"all", plan.board_key}, boards
    assert plan.board_key == "halso-och-sjukvardsnamnden"


def test_every_examples_period_is_one_its_demo_workspace_has(plan):
    """An example with a period runs in the workspace it names (the current folder: the bundled jh-2025 demo,
    as the README's set-up makes it), made by one of the `reporting demo` examples, whose plan has that period.
    A month of 2021 is refused by the 2025 plan ("ligger utanför planen"), so it must name the jh-2021 demo."""
    made = {".": "jh-2025"}
    for _, words, _ in examples():
        if words[0] == "demo":
            made[option(words, "--workspace", "-w") or "."] = option(words, "--plan") or "jh-2025"
    assert made["demo-2021"] == "jh-2021" and made["demo"] == "jh-2025"
    has = {name: set(demo.runs) for name, demo in DEMO_PLANS.items()}
    has["jh-2025"] |= {f"{plan.year}-{kind}" for kind in plan.listed_kinds}
    for _, words, _ in examples():
        if (period := option(words, "--period", "-p")) is not None and words[0] != "demo":
            workspace = option(words, "--workspace", "-w") or "."
            assert workspace in made, (words, "no `reporting demo` example makes this workspace")
            assert parse_period(period).key in has[made[workspace]], (words, made[workspace])


def test_unit_examples_say_they_need_a_plan_with_units():
    """No demo plan has an Enheter sheet: --units and --unit examples say what they need instead of failing
    unexplained ("planen har inga enheter")."""
    with_units = [(words, comment) for _, words, comment in examples() if {"--units", "--unit"} & set(words)]
    assert len(with_units) == 2
    for words, comment in with_units:
        assert "fliken Enheter" in comment, words


def test_feedback_help_names_the_folder_the_feedback_goes_to(demo_cli):
    """The återkoppling files are written to outbox/återkoppling/, and --help says so."""
    workspace, _ = demo_cli
    text = " ".join(CliRunner().invoke(main, ["feedback", "--help"]).output.split())  # as one line, unwrapped
    assert "med celllänkar) i outbox/återkoppling/." in text
    assert len(list((workspace / "outbox" / "återkoppling").glob("2025-T1 Återkoppling *.xlsx"))) == 4


README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_lists_every_command():
    """The README's list of commands ("Commands: `reporting demo`, …") names every command the CLI has."""
    listed = README.read_text(encoding="utf-8").split("Commands: ", 1)[1].split("`python -m reporting`", 1)[0]
    for path, command in COMMANDS:
        if not isinstance(command, click.Group):
            assert f"`reporting {' '.join(path)}`" in listed, path


def test_readme_quotes_a_line_reporting_check_prints(tmp_path, demo_copy):
    """The README's example of a finding as `reporting check` prints it is a line it prints for the demo."""
    quoted = re.search(r"`reporting check` prints\n`([^`]+)`", README.read_text(encoding="utf-8")).group(1)
    ws, _, _ = demo_copy(tmp_path)
    result = CliRunner().invoke(main, ["check", "-w", str(ws.root), str(ws.inbox / "2025-T1 Division Kirurgi.xlsx")])
    assert result.exit_code == 1
    assert quoted in result.output.splitlines()
