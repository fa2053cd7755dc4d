"""Output helpers for the commands: JSON on stdout (for --json) and counted Swedish nouns."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from reporting.plan.periods import Period


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal | Path):
        return str(value)
    if isinstance(value, Period):
        return value.key
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_value))
