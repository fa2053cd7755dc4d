"""Swedish --help: the command and group classes every command of the CLI uses."""

from __future__ import annotations

import re
from typing import Any

import click

from reporting.cli.errors import interruptible, swedish_usage


class _SwedishHelp(click.Command):
    """Usage, option heading and the --help option in Swedish."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        super().__init__(*args, **kwargs)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            raise swedish_usage(exc) from exc

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Användning: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [_swedish(record) for p in self.get_params(ctx) if (record := p.get_help_record(ctx)) is not None]
        if records:
            with formatter.section("Flaggor"):
                formatter.write_dl(records)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Visa den här hjälpen och avsluta."
        return option


EXTRA_WORDS = (("required", "krävs"), ("default: ", "standard: "), ("env var: ", "miljövariabel: "))


def _swedish(record: tuple[str, str]) -> tuple[str, str]:
    """An option's help line with click's English bracket ("[required]", "[default: 5]") in Swedish."""
    name, text = record
    head, bracket, extra = text.rpartition("[")
    if not bracket or not extra.endswith("]"):
        return record
    for english, swedish in EXTRA_WORDS:
        extra = extra.replace(english, swedish)
    extra = re.sub(r"(-?\d+)<=x<=(-?\d+)", r"\1–\2", extra)  # an IntRange's bounds: "[1900–2200]"
    return name, f"{head}[{extra}"


class Command(_SwedishHelp):
    pass


class Group(_SwedishHelp, click.Group):
    command_class = Command
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENT]...")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """click's main, ended by Ctrl-C or a stop signal with one Swedish line (``interruptible``)."""
        return interruptible(lambda: super(Group, self).main(*args, **kwargs))

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            raise swedish_usage(exc) from exc

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Kommandon"):
                formatter.write_dl(rows)
