"""The options the commands share: --workspace, --plan, --current-plan, --period, --db and --json."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from reporting.errors import InputError
from reporting.plan.periods import Period, parse_period


def _period(ctx: click.Context, param: click.Parameter, value: str | None) -> Period | None:
    if value is None:
        return None
    try:
        return parse_period(value)
    except InputError as exc:
        raise click.BadParameter(str(exc)) from exc


def workspace_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--workspace: the folder with plan.xlsx, inbox/, outbox/, templates_xlsx/ and archive/."""
    return click.option(
        "--workspace",
        "-w",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        metavar="MAPP",
        help="Arbetsytans mapp (plan.xlsx, inbox/, outbox/, templates_xlsx/, archive/); standard: aktuell mapp.",
    )(fn)


def plan_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--plan",
        "plan_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        metavar="FIL",
        help="Planarbetsboken; standard: WORKSPACE/plan.xlsx.",
    )(fn)


def current_plan_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--current-plan: judge a period consolidated before against today's plan, not the plan saved with it."""
    return click.option(
        "--current-plan",
        is_flag=True,
        help="Bedöm perioden mot den nuvarande planen (plan.xlsx eller --plan) i stället för planen som sparades i "
        "archive/PERIOD/plan.xlsx när perioden först konsoliderades; den nuvarande blir periodens sparade plan.",
    )(fn)


def period_option(required: bool = True) -> Callable[..., Any]:
    return click.option(
        "--period",
        "-p",
        callback=_period,
        required=required,
        metavar="PERIOD",
        help="Period: ÅR-T1 (jan–apr), ÅR-delar (jan–aug), ÅR-helar eller en månad ÅR-MM, t.ex. 2025-T1 eller 2021-03.",
    )


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db_url",
        default=None,
        metavar="URL",
        help="Historikdatabasen (SQLAlchemy-URL); standard: $REPORTING_DB_URL eller WORKSPACE/history.sqlite.",
    )(fn)


def json_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--json", "as_json", is_flag=True, help="Skriv resultatet som JSON på stdout (och inget annat där)."
    )(fn)


def elsewhere(plan_path: Path | None, workspace: Path, named: str = "--plan FIL") -> str:
    """The hint for a plan missing from the current folder, the default: the command may be run outside the
    workspace ("" when a plan or a workspace was named); ``named``: how the command names a plan file."""
    if plan_path is not None or workspace != Path("."):
        return ""
    return f" Körs kommandot utanför arbetsytan: ange arbetsytan med -w MAPP (eller planen med {named})."
