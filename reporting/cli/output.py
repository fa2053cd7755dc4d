"""Output helpers for the commands: JSON on stdout (for --json) and lists that stay readable at any size."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from reporting.launch import is_utf8
from reporting.plan.periods import Period


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal | Path):
        return str(value)
    if isinstance(value, Period):
        return value.key
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def echo_json(data: Any) -> None:
    """``data`` as JSON on stdout: Swedish as written where stdout is UTF-8, else as \\u escapes, which every JSON
    reader turns back into the same text (a Windows pipe in cp1252 has no "−", and a stand-in would change a value)."""
    text = json.dumps(data, ensure_ascii=not is_utf8(sys.stdout), indent=2, default=_json_value)
    click.echo(text)


LISTED = 20  # lines of a list a command prints (templates written, failures, a plan's errors); the rest are counted


def listed(lines: list[str], most: int = LISTED, rest: str = "") -> str:
    """Each line indented on its own line, at most ``most`` of them, then "… och N till" (and ``rest``, e.g.
    where they are all listed): a region's thousands of units never flood the terminal."""
    more = len(lines) - most
    tail = [f"  … och {more} till{rest}."] if more > 0 else []
    return "\n".join([f"  {line}" for line in lines[:most]] + tail)
