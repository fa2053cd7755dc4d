"""Every command documents itself (in the style of sqlite-utils' tests/test_docs.py).

Each click command, groups included, has --help in Swedish with an "Exempel:"
block that shows the command itself, and every command runs through the one
error path (``friendly_errors``).
"""

import click
import pytest
from click.testing import CliRunner

from reporting.cli import main


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
    assert len(leaves) == 13
    for path, command in leaves:
        assert getattr(command.callback, "friendly_errors", False), path
